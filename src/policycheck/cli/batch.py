"""`policycheck batch`: many organisations in parallel; their reports, a matrix and a scorecard."""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policycheck.cli.audit import FormatName
from policycheck.cli.common import (
    ConfigOption,
    FailOnOption,
    MaxSizeOption,
    MaxTextOption,
    NoCacheOption,
    RulesOption,
    config_flags,
    guard,
)

if TYPE_CHECKING:
    from policycheck.batch import Outcome

EXAMPLES = """Examples:

  policycheck batch partners/ -o out/

  policycheck batch --manifest partners.csv -o out/ -f json -f csv --jobs 4

FOLDER holds one subfolder per organisation; the manifest has organisation,file rows.
Exit codes: 2 if any organisation could not be audited; 1 if any has gaps at --fail-on."""


def batch(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FOLDER",
            help="Folder for each organisation's reports, matrix.csv, matrix.html, "
            "scorecard.csv and results.jsonl.",
        ),
    ],
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="FOLDER", help="A folder with one subfolder per organisation: its policy set."
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            metavar="CSV",
            help="A CSV of organisation,file rows instead of FOLDER (files relative to it).",
        ),
    ] = None,
    format: Annotated[
        list[FormatName] | None,
        typer.Option(
            "--format", "-f", help="Report format per organisation; repeat [default: json, html]."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes to use [default: all cores]."),
    ] = None,
    fail_on: FailOnOption = None,
    rules: RulesOption = None,
    config: ConfigOption = None,
    no_cache: NoCacheOption = False,
    max_size: MaxSizeOption = None,
    max_text: MaxTextOption = None,
) -> None:
    """Audit each organisation's policy set, in parallel; write the matrix and the scorecard."""
    import os
    from dataclasses import replace

    from policycheck import batch as batches
    from policycheck.config import apply, find_config, load_config
    from policycheck.ingest.cache import default_folder
    from policycheck.output import write
    from policycheck.report import FORMATS, matrix, scorecard
    from policycheck.rules import load_rules
    from policycheck.scorecard import load_standards

    names = tuple(dict.fromkeys(f.value for f in format)) if format else ("json", "html")
    flags = config_flags(fail_on, rules, max_size, max_text)
    processes = jobs or os.cpu_count() or 1
    start = time.perf_counter()
    with guard():
        # One baseline cannot stand for many organisations; `outputs:` names one audit's files.
        settings = replace(
            load_config(config or find_config(Path.cwd()), flags), baseline=None, outputs=()
        )
        if folder is not None and manifest is None:
            organisations = batches.discover(folder, exclude=output)
        elif manifest is not None and folder is None:
            organisations = batches.read_manifest(manifest)
        else:
            raise typer.BadParameter("give a FOLDER of organisations or --manifest CSV, not both")
        # Loaded before the workers start: a broken rule set stops the batch at once, and
        # forked workers inherit the parsed rules instead of loading them again.
        requirements = tuple(r.id for r in apply(settings, load_rules(settings.rules)).requirements)
        standards = load_standards()
        batches.prepare(output, organisations, [FORMATS[n].suffix for n in names])
        outcomes = batches.run(
            organisations,
            settings,
            jobs=processes,
            formats=names,
            standards=standards,
            cache=None if no_cache else default_folder(),
        )
        done = []
        with batches.journal(output) as record, _progress(len(organisations)) as advance:
            for outcome in outcomes:
                done.append(batches.save(outcome, output))
                record(outcome)
                advance(outcome)
        table = batches.matrix(done, requirements)
        write(output / "matrix.csv", matrix.csv(table))
        write(output / "matrix.html", matrix.html(table))
        write(output / "scorecard.csv", scorecard.csv(table.scorecards))
    typer.echo(
        f"{len(done)} organisations in {time.perf_counter() - start:.1f} s "
        f"({min(processes, len(done))} processes): {len(done) - len(table.failures)} audited, "
        f"{len(table.failures)} failed; written to {output}",
        err=True,
    )
    for failed in table.failures:
        typer.echo(f"  {batches.describe(failed)}", err=True)
    raise typer.Exit(batches.exit_code(done))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar with ETA on a terminal; one plain line per organisation otherwise."""
    from policycheck.batch import describe

    if not sys.stderr.isatty():
        count = itertools.count(1)
        yield lambda outcome: typer.echo(f"[{next(count)}/{total}] {describe(outcome)}", err=True)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description:<24.24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("auditing", total=total)

        def advance(outcome: Outcome) -> None:
            if outcome.error is not None:
                # Printed above the bar, so a failure is not lost when the bar moves on.
                progress.console.print(describe(outcome), highlight=False, markup=False)
            progress.update(task, advance=1, description=outcome.organisation.name)

        yield advance
