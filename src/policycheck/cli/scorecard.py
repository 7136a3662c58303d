"""`policycheck scorecard`: one organisation's policy set against the eight core standards."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, assert_never

import typer

from policycheck.cli.common import (
    ConfigOption,
    FailOnOption,
    MaxSizeOption,
    MaxTextOption,
    NoCacheOption,
    PathsArgument,
    RulesOption,
    color,
    config_flags,
    guard,
    width,
)

EXAMPLES = """Examples:

  policycheck scorecard psea-policy.docx code-of-conduct.pdf

  policycheck scorecard policy.docx -f html -o scorecard.html"""


class CardFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    HTML = "html"


def scorecard(
    paths: PathsArgument,
    format: Annotated[
        CardFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CardFormat.TABLE,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the scorecard to this file.")
    ] = None,
    fail_on: FailOnOption = None,
    rules: RulesOption = None,
    config: ConfigOption = None,
    no_cache: NoCacheOption = False,
    max_size: MaxSizeOption = None,
    max_text: MaxTextOption = None,
) -> None:
    """Rate a policy set against the UN partner PSEA capacity assessment's core standards."""
    from policycheck import workflow
    from policycheck.config import find_config, load_config
    from policycheck.ingest.cache import default_folder
    from policycheck.output import write
    from policycheck.report import scorecard as cards
    from policycheck.scorecard import load_standards
    from policycheck.scorecard import scorecard as rate

    flags = config_flags(fail_on, rules, max_size, max_text)
    with guard():
        settings = load_config(config or find_config(Path.cwd()), flags)
        report = workflow.check(paths, settings, cache=None if no_cache else default_folder())
        card = rate(report, load_standards())
        documents = [doc.path for doc in report.documents]
        match format:
            case CardFormat.TABLE:
                text = cards.text(card, color=color() and output is None, width=width())
            case CardFormat.CSV:
                text = cards.csv([(", ".join(documents), card)])
            case CardFormat.HTML:
                text = cards.html(card, documents=documents)
            case _:
                assert_never(format)
        if output is None:
            typer.echo(text, nl=False)
        else:
            write(output, text, inputs=paths)
    raise typer.Exit(workflow.exit_code(report, settings))
