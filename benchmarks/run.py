"""Speed of policycheck against the fastest tools for the same job, as ratios measured side by
side in one run (medians of --runs runs, after a warm-up).

Usage: python benchmarks/run.py [--runs 5] [--quick] [--check]
                                [--pages 300] [--megabytes 1] [--requirements 1000]

It generates its own inputs in a temporary folder (benchmarks/inputs.py): a staff manual of
--pages pages as PDF and as DOCX, --megabytes of the same kind of text as .txt, and a rule
pack of --requirements variants of the built-in requirements. Then it prints the machine and
one table: each row is what was measured, ours, the reference, the ratio, the aim and whether
it is met. Whole audits run the real command (`policycheck audit X --no-cache --format json`)
in a subprocess; matching is timed in-process, the stage alone. A second table shows where
the time of one audit of the PDF and of the DOCX goes, stage by stage.

Exit code 0, unless --check is given and an aim is missed (then 1).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import inputs

from policycheck.audit import audit
from policycheck.ingest import read_document
from policycheck.match import match, prepare
from policycheck.model import RuleSet, Segment
from policycheck.rules import load_rules
from policycheck.segment import segment

MB = 1_000_000
SEED = 8
# `python -c` that reads a .docx as plainly as it can be read: python-docx, paragraph texts.
DOCX_TEXT = (
    "import sys, docx; d = docx.Document(sys.argv[1]); "
    "sys.stdout.write('\\n'.join(p.text for p in d.paragraphs))"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    what: str
    ours: str
    reference: str
    value: float  # the ratio, or the figure itself when there is no reference (MB/s)
    unit: str  # "x" for a ratio of ours to the reference, else the figure's unit
    aim: float | None = None
    at_least: bool = False  # the aim is a floor (throughput), not a ceiling

    @property
    def met(self) -> bool | None:
        if self.aim is None:
            return None
        return self.value >= self.aim if self.at_least else self.value <= self.aim

    def cells(self) -> tuple[str, ...]:
        aim = (
            "-"
            if self.aim is None
            else f"{'>=' if self.at_least else '<='} {self.aim:g} {self.unit}"
        )
        met = {None: "(info)", True: "met", False: "NOT MET"}[self.met]
        value = (
            f"{self.value:.2f} {self.unit}" if self.unit == "x" else f"{self.value:.1f} {self.unit}"
        )
        return (self.what, self.ours, self.reference, value, aim, met)


@dataclass(frozen=True, slots=True)
class Child:
    seconds: float
    peak_mb: float


def run_child(command: Sequence[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> Child:
    """Run a command to the end: its wall-clock time and its own peak resident memory."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        peak = [0]
        watcher = threading.Thread(target=_watch, args=(process.pid, peak), daemon=True)
        watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        watcher.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise SystemExit(f"{' '.join(command)} exited {process.returncode}: {' | '.join(tail)}")
    if not peak[0]:
        # No /proc: ru_maxrss (KiB on Linux, bytes on macOS), which a child forked from this
        # large process may inherit, so it is an upper bound.
        peak[0] = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Child(seconds=seconds, peak_mb=peak[0] / MB)


def _watch(pid: int, peak: list[int]) -> None:
    """Follow the child's VmHWM until it exits. ru_maxrss would not do: a forked child starts
    as a copy of this process, and the kernel keeps that copy's size as its peak across exec;
    VmHWM starts afresh with the new program."""
    status = Path(f"/proc/{pid}/status")
    while True:
        try:
            text = status.read_text(encoding="ascii", errors="replace")
        except OSError:
            return
        line = next((ln for ln in text.splitlines() if ln.startswith("VmHWM:")), None)
        if line is None:  # a zombie: its memory is gone
            return
        peak[0] = max(peak[0], int(line.split()[1]) * 1024)
        time.sleep(0.005)


def side_by_side(
    runs: int, ours: Callable[[], float], reference: Callable[[], float]
) -> tuple[float, float]:
    """Medians of `runs` alternate runs of each, after one warm-up of each: a burst of other
    work on the machine then slows both, not one."""
    ours()
    reference()
    pairs = [(ours(), reference()) for _ in range(runs)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def policycheck_command() -> list[str]:
    """The installed `policycheck` script beside this Python, else `python -m policycheck`."""
    script = Path(sys.executable).with_name("policycheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policycheck"]


def audit_command(path: Path, *extra: str) -> list[str]:
    return [*policycheck_command(), "audit", str(path), "--no-cache", "--format", "json", *extra]


def segments_of(path: Path, rules: RuleSet) -> tuple[Segment, ...]:
    return tuple(segment(read_document(path), rules.abbreviations))


def matching(segments: tuple[Segment, ...], rules: RuleSet) -> float:
    """Seconds of the matching stage alone: prepare the corpus, match every requirement."""
    start = time.perf_counter()
    corpus = prepare(segments, rules)
    for requirement in rules.requirements:
        match(requirement, corpus, rules)
    return time.perf_counter() - start


def stages(path: Path, cwd: Path, runs: int) -> dict[str, float]:
    """Where one audit of `path` spends its time: the stages timed in a fresh process by
    benchmarks/stages.py (medians of `runs`); the rest of that process is Python starting."""
    script = Path(__file__).with_name("stages.py")
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            done = subprocess.run([sys.executable, str(script), str(path)], cwd=cwd, stdout=out)
            seconds = time.perf_counter() - start
            if done.returncode != 0:
                raise SystemExit(f"{script.name} {path.name} exited {done.returncode}")
            out.seek(0)
            laps: dict[str, float] = json.loads(out.read())
        samples.append({"Python start-up": seconds - sum(laps.values()), **laps})
    return {name: statistics.median(s[name] for s in samples) for name in samples[0]}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    poppler = "not installed"
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
        poppler = (done.stderr or done.stdout).splitlines()[0]
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {poppler}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = [
        " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in (header, *rows)
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 runs per median")
    parser.add_argument("--check", action="store_true", help="exit 1 when an aim is missed")
    parser.add_argument("--pages", type=int, default=300, help="pages of the PDF (and DOCX)")
    parser.add_argument("--megabytes", type=float, default=1.0, help="size of the text file")
    parser.add_argument("--requirements", type=int, default=1000, help="size of the big pack")
    args = parser.parse_args(argv)
    runs = 2 if args.quick else max(args.runs, 1)
    print(machine())
    with tempfile.TemporaryDirectory(prefix="policycheck-bench-") as tmp:
        rows, profile = measure(Path(tmp), args.pages, args.megabytes, args.requirements, runs)
    print(f"medians of {runs} runs after a warm-up; ratios are ours / reference\n")
    print(table(("what", "ours", "reference", "ratio", "aim", "met"), [r.cells() for r in rows]))
    print(
        f"\nwhere the time goes: an audit of the {args.pages}-page files, stage by stage, "
        "in a fresh process (benchmarks/stages.py; the CLI adds typer: see start-up)\n"
    )
    totals = {kind: sum(laps.values()) for kind, laps in profile.items()}
    header = ["stage"] + [f"{kind} {totals[kind]:.2f} s" for kind in profile]
    names = dict.fromkeys(name for laps in profile.values() for name in laps)
    print(
        table(
            header,
            [
                (name, *(f"{laps.get(name, 0):5.2f} s {100 * laps.get(name, 0) / totals[kind]:3.0f}%"
                         for kind, laps in profile.items()))
                for name in names
            ],
        )
    )  # fmt: skip
    missed = [r.what for r in rows if r.met is False]
    return 1 if args.check and missed else 0


def measure(
    tmp: Path, pages: int, megabytes: float, requirements: int, runs: int
) -> tuple[list[Row], dict[str, dict[str, float]]]:
    pdf, docx, txt = tmp / "manual.pdf", tmp / "manual.docx", tmp / "manual.txt"
    written = inputs.write_pdf(pdf, pages, SEED)
    inputs.write_docx(docx, written)
    txt.write_text(inputs.as_text(inputs.blocks_up_to(SEED + 1, int(megabytes * MB))), "utf-8")
    pack = inputs.write_pack(tmp / "pack", requirements)
    text_mb = txt.stat().st_size / MB
    print(
        f"inputs: {pages}-page PDF ({pdf.stat().st_size / MB:.2f} MB, "
        f"{sum(len(t) for _, t in written) / MB:.2f} MB of text), the same text as DOCX, "
        f"{text_mb:.2f} MB .txt, pack of {requirements} requirements"
    )
    rows: list[Row] = []

    def ours(path: Path, *extra: str) -> Child:
        # Exit code 1 only says the manual has gaps.
        return run_child(audit_command(path, *extra), tmp, ok=(0, 1))

    pdf_runs: list[Child] = []

    def audit_pdf() -> float:
        pdf_runs.append(ours(pdf))
        return pdf_runs[-1].seconds

    poppler: list[Child] = []
    if shutil.which("pdftotext"):

        def pdftotext() -> float:
            poppler.append(run_child(["pdftotext", str(pdf), "-"], tmp))
            return poppler[-1].seconds

        a, b = side_by_side(runs, audit_pdf, pdftotext)
        rows.append(
            Row(what=f"audit {pages}-page PDF vs pdftotext", ours=f"{a:.2f} s",
                reference=f"{b:.2f} s", value=a / b, unit="x", aim=1.5)
        )  # fmt: skip
    else:
        print("pdftotext not found (apt install poppler-utils): its rows are skipped")
    # pdfminer.six is many times slower than PDFium: fewer runs keep the benchmark short.
    a, b = side_by_side(
        max(1, runs // 2), lambda: ours(pdf, "--pdf-engine", "pdfminer").seconds, audit_pdf
    )
    rows.append(
        Row(what=f"audit {pages}-page PDF: --pdf-engine pdfminer vs default",
            ours=f"{a:.2f} s", reference=f"{b:.2f} s", value=a / b, unit="x")
    )  # fmt: skip
    a, b = side_by_side(
        runs,
        lambda: ours(docx).seconds,
        lambda: run_child([sys.executable, "-c", DOCX_TEXT, str(docx)], tmp).seconds,
    )
    rows.append(
        Row(what=f"audit {pages}-page DOCX vs python-docx text", ours=f"{a:.2f} s",
            reference=f"{b:.2f} s", value=a / b, unit="x", aim=1.5)
    )  # fmt: skip

    builtin, big = load_rules(), load_rules(pack)
    text_builtin, text_big = segments_of(txt, builtin), segments_of(txt, big)
    a, b = side_by_side(
        runs, lambda: matching(text_builtin, builtin), lambda: matching(text_big, big)
    )
    rows.append(
        Row(what=f"matching, built-in {len(builtin.requirements)} requirements, "
            f"{text_mb:.1f} MB text", ours=f"{a:.2f} s", reference="-", value=text_mb / a,
            unit="MB/s", aim=10, at_least=True)
    )  # fmt: skip
    rows.append(
        Row(what=f"matching, {len(big.requirements)} requirements vs built-in "
            f"{len(builtin.requirements)}", ours=f"{b:.2f} s", reference=f"{a:.2f} s",
            value=b / a, unit="x", aim=2)
    )  # fmt: skip
    whole = statistics.median(_timed(lambda: audit([txt], rules=builtin)) for _ in range(runs))
    rows.append(
        Row(what=f"whole audit in-process, {text_mb:.1f} MB text", ours=f"{whole:.2f} s",
            reference="-", value=text_mb / whole, unit="MB/s")
    )  # fmt: skip

    a, b = side_by_side(
        runs,
        lambda: run_child([*policycheck_command(), "--version"], tmp).seconds,
        lambda: run_child([sys.executable, "-c", "import typer"], tmp).seconds,
    )
    rows.append(
        Row(what="start-up: policycheck --version vs python -c 'import typer'",
            ours=f"{1000 * a:.0f} ms", reference=f"{1000 * b:.0f} ms", value=a / b, unit="x",
            aim=2)
    )  # fmt: skip

    peak = statistics.median(c.peak_mb for c in pdf_runs)
    size = pdf.stat().st_size / MB
    if poppler:
        ref = statistics.median(c.peak_mb for c in poppler)
        rows.append(
            Row(what=f"peak memory, audit {pages}-page PDF vs pdftotext", ours=f"{peak:.0f} MB",
                reference=f"{ref:.0f} MB", value=peak / ref, unit="x")
        )  # fmt: skip
    rows.append(
        Row(what=f"peak memory, audit {pages}-page PDF, per MB of PDF", ours=f"{peak:.0f} MB",
            reference=f"{size:.2f} MB file", value=peak / size, unit="MB/MB")
    )  # fmt: skip
    profile = {"PDF": stages(pdf, tmp, min(runs, 3)), "DOCX": stages(docx, tmp, min(runs, 3))}
    return rows, profile


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
