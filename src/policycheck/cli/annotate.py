"""`policycheck annotate`: a commented copy of a Word policy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policycheck.cli.common import MaxSizeOption, MaxTextOption, guard, tally


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
    max_size: MaxSizeOption = None,
    max_text: MaxTextOption = None,
) -> None:
    """Copy a Word policy with each gap as a comment on its clause; exit 0 once written."""
    from policycheck.annotate import annotate as run_annotate
    from policycheck.audit import audit
    from policycheck.config import load_config
    from policycheck.output import write
    from policycheck.rules import load_rules

    with guard():
        limits = load_config(None, {"max-size": max_size, "max-text": max_text}).limits
        report = audit([path], rules=load_rules(rules) if rules else None, limits=limits)
        write(output, run_annotate(path, report, include_met=include_met), inputs=[path])
    typer.echo(f"{output}: {tally(report)}", err=True)
