"""The terminal report (rich): header, summary by area, then each requirement with its evidence."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from policycheck.model import Evidence, Finding, Report, Status
from policycheck.report.wording import CLOSING, where

STYLES = {
    Status.MET: ("MET", "bold green"),
    Status.PARTIAL: ("PARTIAL", "bold yellow"),
    Status.MISSING: ("MISSING", "bold red"),
    Status.WAIVED: ("WAIVED", "bold blue"),
}


def console(*, color: bool, width: int) -> Console:
    """A console that records into a string: renderers return text, they never print."""
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )


def finish(out: Console, *, color: bool) -> str:
    text = out.file.getvalue()  # type: ignore[attr-defined]
    # Padding pads lines to the full width; plain output should not end lines in spaces.
    return text if color else "\n".join(line.rstrip() for line in text.split("\n"))


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    out = console(color=color, width=width)
    _header(out, report)
    _summary(out, report)
    for finding in report.findings:
        _finding(out, finding)
    if report.harmonisation:
        _harmonisation(out, report)
    out.print()
    out.print(Text(CLOSING, style="dim"))
    return finish(out, color=color)


HARMONISATION = {
    "disagreement": "DIFFERS",
    "not-provided": "MISSING DOCUMENT",
    "superseded": "OUTDATED",
}


def _harmonisation(console: Console, report: Report) -> None:
    console.print(Text("Across the policy set", style="bold"))
    for item in report.harmonisation:
        head = Text(f"{HARMONISATION[item.kind]:<8}", style="bold magenta")
        if item.requirement:
            head.append(f" {item.requirement}", style="bold")
        console.print(head)
        console.print(Padding(Text(item.why), (0, 0, 0, 2)))
        for evidence in item.evidence:
            console.print(Padding(_quote(evidence), (0, 0, 0, 4)))
    console.print()


def _header(console: Console, report: Report) -> None:
    console.print(
        f"[bold]policycheck {escape(report.tool_version)}[/bold] — rule set "
        f"{escape(report.ruleset_id)} {escape(report.ruleset_version)}"
    )
    for doc in report.documents:
        languages = (
            ", ".join(f"{lang} {share:.0%}" for lang, share in doc.languages) or doc.language
        )
        pages = f", {doc.pages} pages" if doc.pages else ""
        console.print(
            f"  {escape(doc.path)} ({doc.format}{pages}; language {languages}; sha256 {doc.sha256[:12]})"
        )
    for notice in report.notices:
        console.print(Text(f"  ! {notice}", style="bold yellow"))
    console.print()


def _summary(console: Console, report: Report) -> None:
    table = Table(title=None, show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Area")
    for name in ("Met", "Partial", "Missing", "Waived", "Score"):
        table.add_column(name, justify="right")
    for area, s in report.areas:
        table.add_row(
            area, str(s.met), str(s.partial), str(s.missing), str(s.waived), f"{s.score:.0f}"
        )
    total = report.summary
    table.add_row(
        Text("overall", style="bold"),
        str(total.met),
        str(total.partial),
        str(total.missing),
        str(total.waived),
        Text(f"{total.score:.1f}", style="bold"),
    )
    console.print(table)
    console.print()


def _finding(console: Console, finding: Finding) -> None:
    req = finding.requirement
    label, style = STYLES[finding.status]
    head = Text()
    head.append(f"{label:<8}", style=style)
    head.append(f" {req.id}", style="bold")
    head.append(f"  {req.title}")
    head.append(f"  [{req.severity.value}]", style="dim")
    console.print(head)
    console.print(Padding(Text(finding.why), (0, 0, 0, 2)))
    for evidence in finding.evidence:
        console.print(Padding(_quote(evidence), (0, 0, 0, 4)))
    if finding.is_gap:
        console.print(Padding(Text.assemble(("Add: ", "bold cyan"), req.advice), (0, 0, 0, 2)))
    console.print()


def _quote(evidence: Evidence) -> Text:
    return Text.assemble(
        ("“", "dim"),
        (evidence.quote, "italic"),
        ("”\n", "dim"),
        (where(evidence.location), "dim"),
    )
