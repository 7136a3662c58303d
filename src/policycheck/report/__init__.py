"""Report: one module per format, each with a pure `render(report)`; FORMATS is the registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from policycheck.model import Report


@dataclass(frozen=True, slots=True, kw_only=True)
class Format:
    name: str
    suffix: str
    description: str
    # Only the terminal view takes colour and width, passed in by the CLI.
    terminal: bool = False
    # Renders bytes (DOCX): written to a file, never to the terminal.
    binary: bool = False

    @property
    def render(self) -> Callable[..., str | bytes]:
        # Imported on use: a format's dependencies cost nothing to runs that do not ask for it.
        module = import_module(f"policycheck.report.{self.name}")
        render: Callable[..., str | bytes] = module.render
        return render


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            name="table", suffix=".txt", description="terminal report for people", terminal=True
        ),
        Format(name="json", suffix=".json", description="versioned JSON contract for tools"),
        Format(name="html", suffix=".html", description="self-contained page to read or print"),
        Format(
            name="docx",
            suffix=".docx",
            description="Word gap report for a governing body",
            binary=True,
        ),
        Format(name="md", suffix=".md", description="Markdown for pull-request comments"),
        Format(name="csv", suffix=".csv", description="one row per requirement for spreadsheets"),
        Format(name="sarif", suffix=".sarif", description="SARIF 2.1.0 for code-scanning tools"),
        Format(name="junit", suffix=".xml", description="JUnit XML for CI test reports"),
        Format(
            name="github", suffix=".gha", description="GitHub Actions annotations (print in a job)"
        ),
    )
}


def format_for(path: Path) -> Format | None:
    """The format an output file's extension asks for, if any."""
    return next((f for f in FORMATS.values() if f.suffix == path.suffix.lower()), None)


def render(report: Report, name: str, *, color: bool = False, width: int = 100) -> str | bytes:
    fmt = FORMATS[name]
    return fmt.render(report, color=color, width=width) if fmt.terminal else fmt.render(report)
