"""What every command shares: option types, the error guard, and terminal facts."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from policycheck.errors import PolicycheckError
from policycheck.model import Report


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


class PdfEngine(StrEnum):
    AUTO = "auto"
    PDFIUM = "pdfium"
    PDFMINER = "pdfminer"


# Options several commands share, declared once.
FailOnOption = Annotated[
    FailOn | None,
    typer.Option(help="Lowest severity of a gap that makes the exit code 1 [default: error]."),
]
RulesOption = Annotated[
    Path | None,
    typer.Option(help="Folder of a rule set (or a pack that extends the built-in one)."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(help="Config file (default: .policycheck.yaml or pyproject.toml, found upward)."),
]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Parse every document again.")]
MaxSizeOption = Annotated[
    str | None,
    typer.Option(
        "--max-size",
        metavar="SIZE",
        help="Refuse documents larger than this, unread (500K, 20M, 1G) [default: 100M].",
    ),
]
MaxTextOption = Annotated[
    str | None,
    typer.Option(
        "--max-text",
        metavar="SIZE",
        help="Refuse documents with more characters of text than this (2M, 8M) [default: 8M].",
    ),
]
PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH", help="Policy documents of one organisation (.docx, .pdf, .txt, .md)."
    ),
]


def config_flags(
    fail_on: FailOn | None, rules: Path | None, max_size: str | None, max_text: str | None
) -> dict[str, Any]:
    """The config keys that the auditing commands (audit, scorecard, batch) take from flags;
    None means "not given", so the config file or the default applies."""
    return {
        "fail-on": fail_on.value if fail_on else None,
        "rules": str(rules.resolve()) if rules else None,
        "max-size": max_size,
        "max-text": max_text,
    }


@contextmanager
def guard() -> Iterator[None]:
    """A library error becomes one line on stderr and exit code 2; anything else is a bug."""
    try:
        yield
    except PolicycheckError as exc:
        typer.echo(f"policycheck: error: {exc}", err=True)
        raise typer.Exit(2) from None


def tally(report: Report) -> str:
    s = report.summary
    waived = f", {s.waived} waived" if s.waived else ""
    return f"{s.met} met, {s.partial} partial, {s.missing} missing{waived} (score {s.score})"


def color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def width() -> int:
    columns = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    return max(60, min(columns, 120))
