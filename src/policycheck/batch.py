"""Batch audits: many organisations' policy sets, audited in parallel, then laid out as a matrix."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path

from policycheck import workflow
from policycheck.config import Config
from policycheck.errors import InputError, OutputError, PolicycheckError
from policycheck.model import Report, Status, Summary
from policycheck.output import write
from policycheck.scorecard import Scorecard, Standard, scorecard

RESULTS = "results.jsonl"
SUMMARIES = (RESULTS, "matrix.csv", "matrix.html", "scorecard.csv")
# Files the batch writes beside the organisations' reports: no organisation may take these names.
RESERVED = frozenset({"matrix", "scorecard", "results"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisation:
    name: str
    paths: tuple[Path, ...]

    @property
    def stem(self) -> str:
        """The name as a file name: `<stem>.json`, `<stem>.html` in the output folder."""
        return re.sub(r"[^\w.-]+", "-", self.name).strip("-.") or "organisation"


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One organisation's audit as the batch keeps it: picklable, unlike a Report."""

    organisation: Organisation
    seconds: float
    exit_code: int
    error: str | None = None
    summary: Summary | None = None
    statuses: tuple[tuple[str, Status], ...] = ()
    scorecard: Scorecard | None = None
    reports: tuple[str, ...] = ()
    # The rendered reports, in the order of `reports`; dropped once written.
    contents: tuple[str | bytes, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrix:
    requirements: tuple[str, ...]
    outcomes: tuple[Outcome, ...]

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.error is not None)

    @property
    def scorecards(self) -> tuple[tuple[str, Scorecard], ...]:
        """Each audited organisation's name and scorecard."""
        return tuple(
            (o.organisation.name, o.scorecard)
            for o in self.outcomes
            if o.error is None and o.scorecard is not None
        )


def discover(folder: Path, *, exclude: Path | None = None) -> tuple[Organisation, ...]:
    """Each subfolder is one organisation; every file in it (at any depth) is its policy set."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    skip = exclude.resolve() if exclude is not None else None
    organisations = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not _hidden(p.name)):
        if skip is not None and sub.resolve() == skip:
            continue
        # Unsupported files are kept, not skipped: an old .doc policy must show up as a failure.
        files = sorted(
            p
            for p in sub.rglob("*")
            if p.is_file()
            and not any(_hidden(part) for part in p.relative_to(sub).parts)
            and (skip is None or not p.resolve().is_relative_to(skip))
        )
        organisations.append(Organisation(name=sub.name, paths=tuple(files)))
    if not organisations:
        raise InputError(f"{folder}: no subfolders; put each organisation's files in its own")
    return _checked(tuple(organisations), folder)


def read_manifest(path: Path) -> tuple[Organisation, ...]:
    """Rows of `organisation,file` (a header row is optional); files relative to the CSV."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read as a UTF-8 CSV ({exc})") from None
    groups: dict[str, list[Path]] = {}
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        cells = [c.strip() for c in row]
        if not any(cells) or (
            reader.line_num == 1 and [c.lower() for c in cells] == ["organisation", "file"]
        ):
            continue
        if len(cells) != 2 or not all(cells):
            raise InputError(f"{path}: line {reader.line_num}: expected organisation,file")
        groups.setdefault(cells[0], []).append(path.parent / cells[1])
    if not groups:
        raise InputError(f"{path}: no organisation,file rows")
    return _checked(tuple(Organisation(name=n, paths=tuple(p)) for n, p in groups.items()), path)


def _hidden(name: str) -> bool:
    # Dot files and Word's "~$" lock files are never policies.
    return name.startswith((".", "~$"))


def _checked(organisations: tuple[Organisation, ...], source: Path) -> tuple[Organisation, ...]:
    seen: dict[str, str] = {}
    for org in organisations:
        key = org.stem.casefold()
        if key in RESERVED:
            raise InputError(f"{source}: organisation {org.name!r}: the name is taken by {key}.*")
        if key in seen:
            raise InputError(
                f"{source}: organisations {seen[key]!r} and {org.name!r} give the same file name"
            )
        seen[key] = org.name
    return organisations


def prepare(folder: Path, organisations: Sequence[Organisation], suffixes: Iterable[str]) -> None:
    """Create the output folder; refuse, before any audit, to write over one of the documents."""
    inputs = {p.resolve() for org in organisations for p in org.paths}
    names = [*SUMMARIES, f"{RESULTS}.partial"]
    names += [f"{org.stem}{suffix}" for org in organisations for suffix in suffixes]
    clash = next((folder / n for n in names if (folder / n).resolve() in inputs), None)
    if clash is not None:
        raise OutputError(f"{clash}: is one of the input documents; choose another folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{folder}: cannot be used as the output folder ({exc.strerror})"
        ) from None


def audit_organisation(
    organisation: Organisation,
    config: Config,
    *,
    formats: tuple[str, ...],
    standards: tuple[Standard, ...],
    cache: Path | None,
) -> Outcome:
    """Audit one policy set and render its reports; a library error becomes the outcome's error."""
    from policycheck.report import FORMATS, render

    start = time.perf_counter()
    try:
        if not organisation.paths:
            raise InputError(f"{organisation.name}: no documents in the organisation's folder")
        report = workflow.check(organisation.paths, config, cache=cache)
        contents = tuple(render(report, name) for name in formats)
    except PolicycheckError as exc:
        return Outcome(
            organisation=organisation,
            seconds=time.perf_counter() - start,
            exit_code=2,
            error=str(exc),
        )
    code = workflow.exit_code(report, config)
    return Outcome(
        organisation=organisation,
        seconds=time.perf_counter() - start,
        exit_code=code,
        error=_unsupported(report) if code == 2 else None,
        summary=report.summary,
        statuses=tuple((f.id, f.status) for f in report.findings),
        scorecard=scorecard(report, standards),
        reports=tuple(f"{organisation.stem}{FORMATS[name].suffix}" for name in formats),
        contents=contents,
    )


def _unsupported(report: Report) -> str:
    prefixes = tuple(f"{path}:" for path in report.unsupported)
    return "; ".join(n for n in report.notices if n.startswith(prefixes))


def run(
    organisations: Sequence[Organisation],
    config: Config,
    *,
    jobs: int,
    formats: tuple[str, ...],
    standards: tuple[Standard, ...],
    cache: Path | None,
) -> Iterator[Outcome]:
    """The outcomes in the order they complete; with jobs > 1, in that many processes.

    The worker processes start here, before the caller iterates (and perhaps starts a
    progress thread): forking a process that runs threads can deadlock."""
    work = partial(
        audit_organisation, config=config, formats=formats, standards=standards, cache=cache
    )
    if jobs <= 1 or len(organisations) <= 1:
        # One process means no pool at all: the baseline the parallel run is measured against.
        return map(work, organisations)
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(organisations)))
    # Largest policy sets first: a big one started last would keep one process busy alone.
    ordered = sorted(organisations, key=_size, reverse=True)
    futures = [pool.submit(work, org) for org in ordered]
    return _completed(pool, futures)


def _size(organisation: Organisation) -> int:
    return sum(p.stat().st_size for p in organisation.paths if p.is_file())


def _completed(pool: ProcessPoolExecutor, futures: list[Future[Outcome]]) -> Iterator[Outcome]:
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        # The caller stopped early (a report could not be written): do not audit the rest.
        pool.shutdown(cancel_futures=True)


def save(outcome: Outcome, folder: Path) -> Outcome:
    """Write the organisation's reports; return the outcome without their contents."""
    for name, content in zip(outcome.reports, outcome.contents, strict=True):
        write(folder / name, content, inputs=outcome.organisation.paths)
    return replace(outcome, contents=())


@contextmanager
def journal(folder: Path) -> Iterator[Callable[[Outcome], None]]:
    """Append one JSON line per organisation to results.jsonl as each completes."""
    # Lines go to results.jsonl.partial, flushed one by one so that `tail -f` follows the batch
    # and a crash keeps what was done; the rename at the end means results.jsonl always holds a
    # whole batch, the promise output.write makes for every report.
    target = folder / RESULTS
    temp = folder / f"{RESULTS}.partial"
    try:
        handle = temp.open("w", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{temp}: cannot be written ({exc.strerror})") from None

    def append(outcome: Outcome) -> None:
        try:
            handle.write(json.dumps(record(outcome), ensure_ascii=False) + "\n")
            handle.flush()
        except OSError as exc:
            raise OutputError(f"{temp}: cannot be written ({exc.strerror})") from None

    with handle:
        yield append
    temp.replace(target)


def record(outcome: Outcome) -> dict[str, object]:
    """One organisation's line of results.jsonl."""
    card = outcome.scorecard
    return {
        "organisation": outcome.organisation.name,
        "documents": [str(p) for p in outcome.organisation.paths],
        "exit_code": outcome.exit_code,
        "error": outcome.error,
        "summary": asdict(outcome.summary) if outcome.summary else None,
        "findings": {rid: status.value for rid, status in outcome.statuses},
        "standards": []
        if card is None
        else [
            {
                "number": r.standard.number,
                "support": r.support.value,
                "practice": r.standard.practice,
            }
            for r in card.ratings
        ],
        "reports": list(outcome.reports),
        "seconds": round(outcome.seconds, 3),
    }


def matrix(outcomes: Iterable[Outcome], requirements: tuple[str, ...]) -> Matrix:
    """Organisations in name order, whatever order they completed in."""
    ordered = sorted(outcomes, key=lambda o: (o.organisation.name.casefold(), o.organisation.name))
    return Matrix(requirements=requirements, outcomes=tuple(ordered))


def exit_code(outcomes: Iterable[Outcome]) -> int:
    """2 if any organisation could not be audited, else 1 if any has gaps at fail-on, else 0."""
    codes = {o.exit_code for o in outcomes}
    return 2 if 2 in codes else 1 if 1 in codes else 0


def describe(outcome: Outcome) -> str:
    """The organisation in one line, for progress and the final summary."""
    name = outcome.organisation.name
    if outcome.error is not None:
        return f"{name}: failed: {outcome.error}"
    s = outcome.summary
    if s is None:
        return f"{name}: failed"
    return f"{name}: {s.met} met, {s.partial} partial, {s.missing} missing (score {s.score})"
