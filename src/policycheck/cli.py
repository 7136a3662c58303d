"""The command line: parse options, call the library, render, write, map the report to an exit code."""

from __future__ import annotations

import os
import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policycheck import __version__
from policycheck.errors import PolicycheckError
from policycheck.model import Report
from policycheck.report import FORMATS, format_for

FormatName = StrEnum("FormatName", {name: name for name in FORMATS})  # type: ignore[misc]
SUFFIXES = ", ".join(f"{f.suffix} {f.name}" for f in FORMATS.values())


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


class PdfEngine(StrEnum):
    AUTO = "auto"
    PDFIUM = "pdfium"
    PDFMINER = "pdfminer"


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Audit PSEAH policies against the UN standard (JIU A/80/609, Recommendations 1-2).",
    epilog="Exit codes: 0 no gap at or above --fail-on; 1 gaps found; 2 usage, input or rule error.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policycheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Audit PSEAH policies against the UN standard and report the gaps."""


@app.command(
    epilog=(
        "Examples:\n\n"
        "  policycheck audit policy.docx\n\n"
        "  policycheck audit psea.pdf code-of-conduct.md --format json -o report.json\n\n"
        "  policycheck audit policy.docx -o gaps.html -o gaps.docx -o results.sarif\n\n"
        "  policycheck audit draft.docx --fail-on warning"
    )
)
def audit(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Policy documents of one organisation (.docx, .pdf, .txt, .md)."),
    ],
    format: Annotated[
        FormatName | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format (default: from the --output extension, else table).",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=f"Write the report to this file; its extension names the format ({SUFFIXES}). "
            "Repeat to write several formats from one audit.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Lowest severity of a gap that makes the exit code 1.")
    ] = FailOn.ERROR,
    rules: Annotated[
        Path | None, typer.Option(help="Folder of a rule set to use instead of the built-in one.")
    ] = None,
    pdf_engine: Annotated[PdfEngine, typer.Option(help="PDF text engine.")] = PdfEngine.AUTO,
) -> None:
    """Audit one organisation's policy set and report met / partial / missing per requirement."""
    from policycheck.audit import audit as run_audit
    from policycheck.audit import exit_code
    from policycheck.output import write
    from policycheck.report import render
    from policycheck.rules import load_rules

    targets = _targets(format, output or [])
    try:
        ruleset = load_rules(rules) if rules else None
        report = run_audit(paths, rules=ruleset, pdf_engine=pdf_engine.value)
        if not targets:
            name = format.value if format else "table"
            typer.echo(render(report, name, color=_color(), width=_width()), nl=False)
        else:
            # Render every format before writing any: a failing renderer leaves no file changed.
            rendered = [(path, render(report, name)) for path, name in targets]
            for path, content in rendered:
                write(path, content, inputs=paths)
            typer.echo(f"{', '.join(str(path) for path, _ in targets)}: {_tally(report)}", err=True)
    except PolicycheckError as exc:
        typer.echo(f"policycheck: error: {exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(exit_code(report, fail_on.value))


@app.command(epilog="Example:\n\n  policycheck annotate policy.docx -o policy.reviewed.docx")
def annotate(
    path: Annotated[Path, typer.Argument(help="The policy, as a Word document (.docx).")],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Write the commented copy here; the input is never changed."
        ),
    ],
    include_met: Annotated[
        bool, typer.Option("--all", help="Comment on met and waived requirements too.")
    ] = False,
    rules: Annotated[
        Path | None, typer.Option(help="Folder of a rule set to use instead of the built-in one.")
    ] = None,
) -> None:
    """Copy a Word policy with each gap as a comment on its clause; exit 0 once written."""
    from policycheck.annotate import annotate as run_annotate
    from policycheck.audit import audit as run_audit
    from policycheck.output import write
    from policycheck.rules import load_rules

    try:
        report = run_audit([path], rules=load_rules(rules) if rules else None)
        write(output, run_annotate(path, report, include_met=include_met), inputs=[path])
    except PolicycheckError as exc:
        typer.echo(f"policycheck: error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{output}: {_tally(report)}", err=True)


def _targets(format: FormatName | None, outputs: list[Path]) -> list[tuple[Path, str]]:
    """Each output file with its format: --format for a single file, else its extension's."""
    if format and len(outputs) > 1:
        raise typer.BadParameter(
            "name one --output with --format, or let each file's extension name its format",
            param_hint="'--format'",
        )
    if format and not outputs and FORMATS[format.value].binary:
        raise typer.BadParameter(
            f"{format.value} is written to a file: add --output FILE", param_hint="'--format'"
        )
    targets = []
    for path in outputs:
        fmt = FORMATS[format.value] if format else format_for(path)
        if fmt is None:
            raise typer.BadParameter(
                f"{path}: the extension names no format ({SUFFIXES}); or add --format",
                param_hint="'--output'",
            )
        targets.append((path, fmt.name))
    return targets


def _tally(report: Report) -> str:
    summary = report.summary
    return (
        f"{summary.met} met, {summary.partial} partial, {summary.missing} missing "
        f"(score {summary.score})"
    )


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _width() -> int:
    columns = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    return max(60, min(columns, 120))


def main() -> None:
    app(prog_name="policycheck")
