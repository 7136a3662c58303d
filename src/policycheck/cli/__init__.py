"""The command line: each command parses its options and calls the library; nothing more."""

from __future__ import annotations

from typing import Annotated

import typer

from policycheck import __version__
from policycheck.cli import annotate, audit, batch, diff, init, rules, scorecard

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Audit PSEAH policies against the UN standard (JIU A/80/609, Recommendations 1-2).",
    epilog="Exit codes: 0 no gap at or above --fail-on; 1 gaps found; 2 usage, input, config or rule error.",
)
app.command(epilog=audit.EXAMPLES)(audit.audit)
app.command(epilog="Example:\n\n  policycheck annotate policy.docx -o policy.reviewed.docx")(
    annotate.annotate
)
app.command(
    cls=diff.SplitAtDoubleDash,
    epilog="Examples:\n\n  policycheck diff v1.docx v2.docx\n\n  policycheck diff old/*.docx -- new/*.docx -f md",
)(diff.diff)
app.command()(init.init)
app.command(epilog=batch.EXAMPLES)(batch.batch)
app.command(epilog=scorecard.EXAMPLES)(scorecard.scorecard)
app.add_typer(rules.app, name="rules")


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


def main() -> None:
    app(prog_name="policycheck")
