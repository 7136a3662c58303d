"""`policycheck audit`: parse the options, run the audit, write the reports, map the exit code."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from policycheck.cli.common import (
    ConfigOption,
    FailOnOption,
    MaxSizeOption,
    MaxTextOption,
    NoCacheOption,
    PathsArgument,
    PdfEngine,
    RulesOption,
    color,
    config_flags,
    guard,
    tally,
    width,
)
from policycheck.report import FORMATS, format_for

FormatName = StrEnum("FormatName", {name: name for name in FORMATS})  # type: ignore[misc]
SUFFIXES = ", ".join(f"{f.suffix} {f.name}" for f in FORMATS.values())
EXAMPLES = """Examples:

  policycheck audit policy.docx

  policycheck audit psea.pdf code-of-conduct.md --format json -o report.json

  policycheck audit policy.docx -o gaps.html -o gaps.docx -o results.sarif

  policycheck audit draft.docx --fail-on warning --baseline .policycheck-baseline.json"""


def audit(
    paths: PathsArgument,
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
    fail_on: FailOnOption = None,
    rules: RulesOption = None,
    pdf_engine: Annotated[
        PdfEngine | None, typer.Option(help="PDF text engine [default: auto].")
    ] = None,
    config: ConfigOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option(help="Fail only on gaps that are new or worse than this baseline."),
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="Record today's findings as the baseline; exit 0.")
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(help="Language to assume for text too short to identify (en, fr, ...)."),
    ] = None,
    allow_unsupported_language: Annotated[
        bool,
        typer.Option(
            "--allow-unsupported-language",
            help="Report on a language the rules have no patterns for, with exit 0/1.",
        ),
    ] = False,
    no_cache: NoCacheOption = False,
    max_size: MaxSizeOption = None,
    max_text: MaxTextOption = None,
) -> None:
    """Audit one organisation's policy set and report met / partial / missing per requirement."""
    from policycheck import baseline as baselines
    from policycheck import workflow
    from policycheck.config import find_config, load_config
    from policycheck.ingest.cache import default_folder
    from policycheck.output import check, write
    from policycheck.report import render

    flags: dict[str, Any] = {
        **config_flags(fail_on, rules, max_size, max_text),
        "pdf-engine": pdf_engine.value if pdf_engine else None,
        "baseline": str(baseline.resolve()) if baseline else None,
        "language": language,
        "allow-unsupported-language": allow_unsupported_language or None,
    }
    with guard():
        settings = load_config(config or find_config(Path.cwd()), flags)
        targets = _targets(format, output or list(settings.outputs))
        if write_baseline is not None:
            # An input named as the baseline is refused before it is read as one.
            check(write_baseline, inputs=paths)
        report = workflow.check(paths, settings, cache=None if no_cache else default_folder())
        if write_baseline is not None:
            previous = baselines.read(write_baseline) if write_baseline.exists() else None
            write(write_baseline, baselines.record(report, previous), inputs=paths)
        if not targets:
            name = format.value if format else "table"
            typer.echo(render(report, name, color=color(), width=width()), nl=False)
        else:
            # Render every format before writing any: a failing renderer leaves no file changed.
            rendered = [(path, render(report, name)) for path, name in targets]
            for path, _ in rendered:
                check(path, inputs=paths)
            for path, content in rendered:
                write(path, content, inputs=paths)
            typer.echo(f"{', '.join(str(path) for path, _ in targets)}: {tally(report)}", err=True)
    raise typer.Exit(0 if write_baseline else workflow.exit_code(report, settings))


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
