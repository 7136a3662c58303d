"""The partner scorecard in three forms: terminal text, CSV rows, and HTML (a page or a grid)."""

from __future__ import annotations

import csv as csvlib
import io
from collections.abc import Sequence
from html import escape

from rich.padding import Padding
from rich.text import Text

from policycheck.report import html as html_report
from policycheck.report.csv import cell
from policycheck.report.table import console as terminal
from policycheck.report.table import finish
from policycheck.scorecard import Rating, Scorecard, Support

TITLE = "Core standards of the UN partner PSEA capacity assessment"
LABELS = {
    Support.SUPPORTED: "Supported",
    Support.PARTIAL: "Partial",
    Support.UNSUPPORTED: "Unsupported",
    Support.NOT_ASSESSED: "Not assessed",
}
COLOURS = {
    Support.SUPPORTED: "bold green",
    Support.PARTIAL: "bold yellow",
    Support.UNSUPPORTED: "bold red",
    Support.NOT_ASSESSED: "dim",
}
MARKS = {
    Support.SUPPORTED: "✓",
    Support.PARTIAL: "◐",
    Support.UNSUPPORTED: "✗",
    Support.NOT_ASSESSED: "–",
}
PRACTICE = "evidence of practice needed"
NOTE = (
    "Supported means every mapped requirement is met in the text. Standards marked † are "
    "verified from records, not from a policy: ask for the evidence of practice."
)
COLUMNS = (
    "organisation",
    "standard",
    "name",
    "support",
    "practice",
    "ask_for",
    "met",
    "gaps",
)
# The report page's palette carries over; the grid adds its cells.
GRID_STYLE = """
main { max-width: 90rem; }
.grid th.s { font-size: .85rem; font-weight: 400; vertical-align: bottom; text-align: center; }
.support { font-weight: 700; }
.support.supported { color: var(--met); }
.support.partial { color: var(--partial); }
.support.unsupported { color: var(--missing); }
.support.not-assessed { color: var(--muted); }
.grid th.v { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 400;
  font-size: .8rem; white-space: nowrap; padding: .4rem .1rem; }
.grid td.c { text-align: center; padding: .2rem .1rem; font-weight: 700; }
.grid .met, .grid .supported { color: var(--met); }
.grid .partial { color: var(--partial); }
.grid .missing, .grid .unsupported, .grid .failed { color: var(--missing); }
.grid .waived { color: var(--waived); }
.legend { color: var(--muted); font-size: .9rem; }
"""


def text(card: Scorecard, *, color: bool = False, width: int = 100) -> str:
    console = terminal(color=color, width=width)
    console.print(Text(TITLE, style="bold"))
    pad = max((len(r.standard.name) for r in card.ratings), default=0) + 2
    for rating in card.ratings:
        line = Text(f"  {rating.standard.number}  {rating.standard.name:<{pad}}")
        line.append(f"{LABELS[rating.support]:<13}", style=COLOURS[rating.support])
        if rating.standard.practice:
            line.append(f"† {PRACTICE}", style="magenta")
        console.print(line)
        if rating.gaps:
            console.print(Padding(Text(f"gaps: {_gaps(rating)}", style="dim"), (0, 0, 0, 7)))
        if rating.standard.practice:
            ask = Text(f"ask for: {rating.standard.ask_for}", style="dim")
            console.print(Padding(ask, (0, 0, 0, 7)))
    console.print(Text(_tally(card)))
    return finish(console, color=color)


def csv(cards: Sequence[tuple[str, Scorecard]]) -> str:
    """One row per organisation and standard; cells neutralised as in the CSV report."""
    buffer = io.StringIO()
    writer = csvlib.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for organisation, card in cards:
        for r in card.ratings:
            row = (
                organisation,
                str(r.standard.number),
                r.standard.name,
                r.support.value,
                "yes" if r.standard.practice else "no",
                r.standard.ask_for,
                " ".join(r.met),
                _gaps(r),
            )
            writer.writerow([cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def html(card: Scorecard, *, documents: Sequence[str]) -> str:
    """A page for one organisation: each standard, its support, its gaps, what to ask for."""
    rows = (
        f"<tr><td>{r.standard.number}</td><td>{escape(r.standard.name)}{_dagger(r)}</td>"
        f"<td>{_support(r.support)}</td><td>{escape(_gaps(r))}</td>"
        f"<td>{escape(r.standard.ask_for)}</td></tr>"
        for r in card.ratings
    )
    return html_report.page(
        f"{TITLE}: {', '.join(documents)}",
        [
            f"<h1>{escape(TITLE)}</h1>",
            f"<p>{escape(', '.join(documents))}</p>",
            f"<p>{escape(_tally(card))}</p>",
            "<table>",
            "<thead><tr><th>#</th><th>Standard</th><th>Support</th><th>Gaps</th>"
            "<th>Evidence of practice to ask for</th></tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            f'<p class="legend">{escape(NOTE)}</p>',
        ],
        style=GRID_STYLE,
    )


def grid(cards: Sequence[tuple[str, Scorecard]]) -> list[str]:
    """Organisations by standards, for the batch matrix page."""
    if not cards:
        return []
    heads = "".join(
        f'<th class="s">{r.standard.number}. {escape(r.standard.name)}{_dagger(r)}</th>'
        for r in cards[0][1].ratings
    )
    rows = (
        f"<tr><td>{escape(name)}</td>"
        + "".join(
            f'<td class="c {r.support.value}" title="{escape(_title(r))}">{MARKS[r.support]}</td>'
            for r in card.ratings
        )
        + "</tr>"
        for name, card in cards
    )
    return [
        '<table class="grid">',
        f"<thead><tr><th>Organisation</th>{heads}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        '<p class="legend">✓ supported · ◐ partial · ✗ unsupported · – not assessed. '
        f"{escape(NOTE)}</p>",
    ]


def _gaps(rating: Rating) -> str:
    return ", ".join(f"{rid} {status.value}" for rid, status in rating.gaps)


def _tally(card: Scorecard) -> str:
    counts = ", ".join(
        f"{len(card.with_support(s))} {LABELS[s].lower()}"
        for s in Support
        if s is not Support.NOT_ASSESSED or card.with_support(s)
    )
    return f"{counts}; {len(card.practice)} need evidence of practice that a text cannot give."


def _title(rating: Rating) -> str:
    gaps = f": {_gaps(rating)}" if rating.gaps else ""
    return f"{rating.standard.name}: {rating.support.value}{gaps}"


def _dagger(rating: Rating) -> str:
    return " †" if rating.standard.practice else ""


def _support(support: Support) -> str:
    return f'<span class="support {support.value}">{LABELS[support]}</span>'
