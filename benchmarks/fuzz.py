"""Fuzz `policycheck audit` with mutated sample .docx and .pdf files.

Usage: python benchmarks/fuzz.py [--cases N] [--seed S] [--keep DIR] [--only CASE] [--subprocess]

Every case is one sample from sample_policies/ with one or two mutations (mutations.py): raw
bytes, or, for .docx, its ZIP members, or, for .pdf, an inflated content stream. A case is
derived from the seed and its number alone, so `--seed S --only N` replays case N exactly.

Each case runs the real CLI, `policycheck audit FILE --no-cache --format json`, and passes when
the exit code is 0, 1 or 2, no "Traceback" is printed, it ends within 10 s, its peak memory
(RSS) stays under 1 GiB, and no external entity was expanded into the output.

By default a fork server runs the cases: this process imports policycheck and audits each
sample once, then forks a child per case, two at a time, so that a case costs its audit and
not a Python start-up. A forked child's RSS includes the pages it shares with this process,
so its peak memory over-states a fresh process's by about the parent's size (printed).
`--subprocess` runs the installed command instead. Exit status: 0 if every case passed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mutations import SAMPLES, Case, make_case

TIME_LIMIT = 10.0
MEMORY_LIMIT = 1024**3
# Planted in a local file that injected external entities point at: it must never reach output.
XXE_MARKER = "FUZZ-XXE-7d1c0b5e"
POLL = 0.005


# --- running ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    case: Case
    code: int
    seconds: float
    peak_bytes: int
    problems: tuple[str, ...]


def cli_arguments(path: Path) -> list[str]:
    return ["audit", str(path), "--no-cache", "--format", "json"]


def run_in_process(path: Path) -> int:
    """The CLI as `policycheck` runs it, in this process: its exit code (1 on a traceback)."""
    from policycheck.cli import app

    try:
        app(args=cli_arguments(path), prog_name="policycheck")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        # What the interpreter does with an uncaught exception: print it, exit 1.
        traceback.print_exc()
        return 1
    return 0


def warm_up() -> None:
    """Import everything and audit each kind of sample once, so that children inherit it all."""
    with tempfile.TemporaryDirectory() as folder:
        for sample in {s.suffix: s for s in SAMPLES}.values():
            copy = Path(folder) / sample.name
            copy.write_bytes(sample.read_bytes())
            with (
                contextlib.chdir(folder),
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                run_in_process(copy)


def start_fork(path: Path, out: Path, err: Path) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        for fd, target in ((1, out), (2, err)):
            handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(handle, fd)
            os.close(handle)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        code = run_in_process(path)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        # Never return into the parent's loop, whatever happened.
        os._exit(code)


def start_subprocess(path: Path, out: Path, err: Path) -> int:
    command = Path(sys.executable).with_name("policycheck")
    argv = [str(command)] if command.exists() else [sys.executable, "-m", "policycheck"]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [*argv, *cli_arguments(path)], stdout=stdout, stderr=stderr, cwd=path.parent
        )
    # The loop reaps it with os.wait4 (for its rusage); Popen must not try to reap it again.
    process.returncode = 0
    return process.pid


def _rss(pid: int) -> int:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


@dataclass(slots=True)
class Running:
    case: Case
    folder: Path
    started: float
    killed: str = ""


def run(
    cases: Sequence[int],
    seed: int,
    *,
    jobs: int,
    time_limit: float,
    use_fork: bool,
    workdir: Path,
    secret: Path,
    on_result: Callable[[Result], None],
) -> None:
    """Run the cases, `jobs` at a time, and hand each result to `on_result` as it ends."""
    start = start_fork if use_fork else start_subprocess
    pending = list(reversed(cases))
    running: dict[int, Running] = {}
    while pending or running:
        while pending and len(running) < jobs:
            case = make_case(seed, pending.pop(), secret)
            folder = workdir / f"case-{case.number}"
            folder.mkdir()
            path = folder / f"input{case.sample.suffix}"
            path.write_bytes(case.data)
            # The child runs in the case's folder, so that no project config is found upward.
            with contextlib.chdir(folder):
                pid = start(path, folder / "stdout", folder / "stderr")
            running[pid] = Running(case=case, folder=folder, started=time.perf_counter())
        time.sleep(POLL)
        for pid, job in list(running.items()):
            ended, status, usage = os.wait4(pid, os.WNOHANG)
            if not ended:
                elapsed = time.perf_counter() - job.started
                if elapsed > time_limit:
                    job.killed = f"killed after {time_limit:g} s"
                elif _rss(pid) > MEMORY_LIMIT:
                    job.killed = f"killed above {MEMORY_LIMIT // 2**20} MiB"
                if job.killed:
                    os.kill(pid, signal.SIGKILL)
                    _, status, usage = os.wait4(pid, 0)
                else:
                    continue
            seconds = time.perf_counter() - job.started
            del running[pid]
            code = os.waitstatus_to_exitcode(status)
            on_result(_judge(job, code, seconds, usage, time_limit=time_limit))
            shutil.rmtree(job.folder, ignore_errors=True)


def _judge(
    job: Running, code: int, seconds: float, usage: resource.struct_rusage, *, time_limit: float
) -> Result:
    output = (job.folder / "stdout").read_bytes() + (job.folder / "stderr").read_bytes()
    peak = usage.ru_maxrss * 1024  # kilobytes on Linux
    problems = [job.killed] if job.killed else []
    if code not in (0, 1, 2):
        problems.append(f"exit code {code}")
    if b"Traceback" in output:
        problems.append("traceback")
    if XXE_MARKER.encode() in output:
        problems.append("an external entity was expanded")
    if seconds >= time_limit and not job.killed:
        problems.append(f"took {seconds:.1f} s")
    if peak >= MEMORY_LIMIT:
        problems.append(f"peak memory {peak / 2**20:.0f} MiB")
    if problems:
        tail = output.decode("utf-8", "replace").strip().splitlines()[-6:]
        problems.extend(f"  | {line}" for line in tail)
    return Result(
        case=job.case, code=code, seconds=seconds, peak_bytes=peak, problems=tuple(problems)
    )


# --- command line -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100, help="number of cases (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the run (default 0)")
    parser.add_argument("--only", type=int, action="append", help="run only this case number")
    parser.add_argument("--keep", type=Path, help="save each failing case's input file here")
    parser.add_argument("--jobs", type=int, default=2, help="cases at once (default 2)")
    parser.add_argument(
        "--time-limit", type=float, default=TIME_LIMIT, help="seconds a case may take (default 10)"
    )
    parser.add_argument(
        "--subprocess", action="store_true", help="run the installed command, not a fork server"
    )
    args = parser.parse_args(argv)
    numbers = args.only or list(range(args.cases))
    use_fork = not args.subprocess and hasattr(os, "fork")

    began = time.perf_counter()
    if use_fork:
        warm_up()
    parent = _rss(os.getpid())
    results: list[Result] = []

    def record(result: Result) -> None:
        results.append(result)
        if result.problems:
            print(f"FAIL {result.case.label}", *result.problems, sep="\n", flush=True)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                name = f"seed{args.seed}-case{result.case.number}{result.case.sample.suffix}"
                (args.keep / name).write_bytes(result.case.data)

    with tempfile.TemporaryDirectory(prefix="policycheck-fuzz-") as folder:
        secret = Path(folder) / "secret.txt"
        secret.write_text(f"{XXE_MARKER}\n", encoding="utf-8")
        run(
            numbers,
            args.seed,
            jobs=max(1, args.jobs),
            time_limit=args.time_limit,
            use_fork=use_fork,
            workdir=Path(folder),
            secret=secret,
            on_result=record,
        )
    total = time.perf_counter() - began
    print(_summary(results, seed=args.seed, use_fork=use_fork, parent=parent, total=total))
    return 1 if any(r.problems for r in results) else 0


def _summary(
    results: Sequence[Result], *, seed: int, use_fork: bool, parent: int, total: float
) -> str:
    failures = [r for r in results if r.problems]
    codes = Counter(r.code for r in results)
    slowest = max(results, key=lambda r: r.seconds)
    largest = max(results, key=lambda r: r.peak_bytes)
    mode = f"fork server (parent RSS {parent / 2**20:.0f} MiB)" if use_fork else "subprocess"
    lines = [
        f"cases: {len(results)} (seed {seed}, {mode})",
        f"failures: {len(failures)}",
        "exit codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(codes.items())),
        f"worst time: {slowest.seconds:.2f} s ({slowest.case.label})",
        f"worst peak memory: {largest.peak_bytes / 2**20:.0f} MiB ({largest.case.label})",
        f"total time: {total:.1f} s",
    ]
    lines += [f"failed: --seed {seed} --only {r.case.number}  # {r.case.label}" for r in failures]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
