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
from policycheck.report import FORMATS

FormatName = StrEnum("FormatName", {name: name for name in FORMATS})  # type: ignore[misc]


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
        typer.Option("--format", "-f", help="Report format (default: from --output, else table)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
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

    try:
        name = format.value if format else _format_from(output)
        ruleset = load_rules(rules) if rules else None
        report = run_audit(paths, rules=ruleset, pdf_engine=pdf_engine.value)
        if output is None:
            typer.echo(render(report, name, color=_color(), width=_width()), nl=False)
        else:
            write(output, render(report, name), inputs=paths)
            summary = report.summary
            typer.echo(
                f"{output}: {summary.met} met, {summary.partial} partial, {summary.missing} missing "
                f"(score {summary.score})",
                err=True,
            )
    except PolicycheckError as exc:
        typer.echo(f"policycheck: error: {exc}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(exit_code(report, fail_on.value))


def _format_from(output: Path | None) -> str:
    from policycheck.report import format_for

    fmt = format_for(output) if output else None
    return fmt.name if fmt else "table"


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _width() -> int:
    columns = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    return max(60, min(columns, 120))


def main() -> None:
    app(prog_name="policycheck")
