"""`policycheck diff OLD... -- NEW...`: what a new draft gained, lost or weakened."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from policycheck.cli.common import MaxSizeOption, MaxTextOption, PdfEngine, guard

SPLIT = "::new::"


class SplitAtDoubleDash(TyperCommand):
    """Keep the '--' between the two sides: the parser would otherwise swallow it."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--" in args:
            at = args.index("--")
            args = [*args[:at], SPLIT, *args[at + 1 :]]
        result: list[str] = super().parse_args(ctx, args)
        return result


class DiffFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MD = "md"


def diff(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="OLD... -- NEW...",
            help="The old draft(s), '--', the new draft(s); or just OLD NEW.",
        ),
    ],
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.TABLE,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the diff to this file.")
    ] = None,
    rules: Annotated[Path | None, typer.Option(help="Rule set folder or pack.")] = None,
    pdf_engine: Annotated[PdfEngine, typer.Option(help="PDF text engine.")] = PdfEngine.AUTO,
    max_size: MaxSizeOption = None,
    max_text: MaxTextOption = None,
) -> None:
    """Compare two drafts per requirement; exit 1 if any requirement was lost or weakened."""
    from policycheck.audit import audit
    from policycheck.config import load_config
    from policycheck.diff import diff as compare
    from policycheck.ingest.cache import default_folder
    from policycheck.output import write
    from policycheck.report.diff import DIFF_FORMATS
    from policycheck.rules import load_rules

    old, new = _sides(paths)
    with guard():
        ruleset, engine, cache = load_rules(rules), pdf_engine.value, default_folder()
        limits = load_config(None, {"max-size": max_size, "max-text": max_text}).limits
        result = compare(
            audit(old, rules=ruleset, pdf_engine=engine, cache=cache, limits=limits),
            audit(new, rules=ruleset, pdf_engine=engine, cache=cache, limits=limits),
        )
        text = DIFF_FORMATS[format.value](result)
        if output is None:
            typer.echo(text, nl=False)
        else:
            write(output, text, inputs=[*old, *new])
    raise typer.Exit(1 if result.regressed else 0)


def _sides(paths: list[str]) -> tuple[list[Path], list[Path]]:
    if SPLIT in paths:
        at = paths.index(SPLIT)
        old, new = paths[:at], paths[at + 1 :]
    elif len(paths) == 2:
        old, new = paths[:1], paths[1:]
    else:
        raise typer.BadParameter(
            "give OLD -- NEW (each one file or a policy set), or exactly two files"
        )
    if not old or not new:
        raise typer.BadParameter("each side of '--' needs at least one document")
    return [Path(p) for p in old], [Path(p) for p in new]
