"""Fuzz `policycheck audit` with mutated sample .docx and .pdf files.

Usage: python benchmarks/fuzz.py [--cases N] [--seed S] [--keep DIR] [--only CASE] [--subprocess]

Every case is one sample from sample_policies/ with one or two mutations: raw bytes (bit
flips, overwritten runs, truncation, insertion, deletion, duplicated chunks) or, for .docx,
its ZIP members (bytes mutated inside one XML part, a part dropped, duplicated, truncated or
swapped, huge repetitive content, an injected DOCTYPE) or, for .pdf, one inflated content
stream (bytes, operators, a huge string, deep nesting). A case is derived from the seed and
its number alone, so `--seed S --only N` replays case N of a run exactly.

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
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = tuple(sorted([*ROOT.glob("sample_policies/*.docx"), *ROOT.glob("sample_policies/*.pdf")]))
TIME_LIMIT = 10.0
MEMORY_LIMIT = 1024**3
# Planted in a local file that injected external entities point at: it must never reach output.
XXE_MARKER = "FUZZ-XXE-7d1c0b5e"
POLL = 0.005

Mutation = Callable[[random.Random, bytes], tuple[bytes, str]]


# --- raw-byte mutations -----------------------------------------------------------------------

# Tokens that steer a parser into its structural code paths rather than its error path.
TOKENS = (
    b"%PDF-1.7\n", b"PK\x03\x04", b"obj", b"endobj", b"stream\n", b"endstream", b"xref\n",
    b"trailer", b"<<", b">>", b"/Length 999999999", b"/Type /Page", b"/Encrypt", b"R ",
    b"<w:p>", b"</w:p>", b"<w:t>", b"]]>", b"<!--", b"&amp;", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
)  # fmt: skip


def _span(rng: random.Random, size: int, most: int) -> tuple[int, int]:
    """A random [start, end) inside `size` bytes, at most `most` long, lengths skewed short."""
    start = rng.randrange(max(size, 1))
    length = min(int(rng.paretovariate(1.0)) * rng.randint(1, 16), most, size - start)
    return start, start + max(length, 1)


def flip_bits(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.choice((1, 2, 4, 8, 32, 256))
    for _ in range(count):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip {count} bits"


def overwrite_run(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    start, end = _span(rng, len(data), 4096)
    fill = rng.choice(("random", "zeros", "ones", "token"))
    size = end - start
    if fill == "random":
        run = rng.randbytes(size)
    elif fill == "token":
        run = (rng.choice(TOKENS) * size)[:size]
    else:
        run = (b"\x00" if fill == "zeros" else b"\xff") * size
    return data[:start] + run + data[end:], f"overwrite {size} bytes at {start} with {fill}"


def truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    # Half of the cuts fall near either end, where headers and central directories live.
    at = rng.choice((rng.randrange(len(data)), rng.randrange(64), len(data) - rng.randint(1, 256)))
    at = max(at, 1)
    return data[:at], f"truncate to {at} bytes"


def insert_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    if rng.random() < 0.5:
        run = rng.choice(TOKENS) * rng.randint(1, 64)
    else:
        run = rng.randbytes(rng.randint(1, 4096))
    return data[:at] + run + data[at:], f"insert {len(run)} bytes at {at}"


def delete_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    start, end = _span(rng, len(data), 8192)
    return data[:start] + data[end:], f"delete {end - start} bytes at {start}"


def duplicate_chunk(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    start, end = _span(rng, len(data), 16384)
    chunk = data[start:end] * rng.choice((1, 1, 2, 16))
    at = rng.randrange(len(data) + 1)
    return data[:at] + chunk + data[at:], f"copy {len(chunk)} bytes from {start} to {at}"


BYTE_MUTATIONS: tuple[Mutation, ...] = (
    flip_bits,
    overwrite_run,
    truncate,
    insert_bytes,
    delete_bytes,
    duplicate_chunk,
)


# --- ZIP-member mutations (.docx) -------------------------------------------------------------

Members = list[tuple[str, bytes]]


def unzip(data: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rezip(members: Members) -> bytes:
    buffer = io.BytesIO()
    # Duplicate names are one of the mutations; zipfile warns about them, which is expected.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in members:
                # A fixed date: the same case must be the same bytes on every run.
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _pick(rng: random.Random, members: Members) -> int:
    """A member's index; the main document part half of the time, as it is read first."""
    names = [name for name, _ in members]
    if "word/document.xml" in names and rng.random() < 0.5:
        return names.index("word/document.xml")
    return rng.randrange(len(members))


def mutate_member(rng: random.Random, members: Members) -> str:
    i = _pick(rng, members)
    name, content = members[i]
    if not content:
        return f"{name}: empty, left alone"
    mutated, what = rng.choice(BYTE_MUTATIONS)(rng, content)
    members[i] = (name, mutated)
    return f"{name}: {what}"


def drop_member(rng: random.Random, members: Members) -> str:
    name, _ = members.pop(_pick(rng, members))
    return f"drop {name}"


def duplicate_member(rng: random.Random, members: Members) -> str:
    i = _pick(rng, members)
    name, content = members[i]
    if rng.random() < 0.5 and content:
        content, what = rng.choice(BYTE_MUTATIONS)(rng, content)
        members.insert(rng.randrange(len(members) + 1), (name, content))
        return f"duplicate {name}, the copy mutated ({what})"
    members.insert(rng.randrange(len(members) + 1), (name, content))
    return f"duplicate {name}"


def truncate_member(rng: random.Random, members: Members) -> str:
    i = _pick(rng, members)
    name, content = members[i]
    at = rng.randrange(len(content) + 1)
    members[i] = (name, content[:at])
    return f"truncate {name} to {at} bytes"


def swap_members(rng: random.Random, members: Members) -> str:
    i, j = _pick(rng, members), rng.randrange(len(members))
    (a, x), (b, y) = members[i], members[j]
    members[i], members[j] = (a, y), (b, x)
    return f"swap the contents of {a} and {b}"


def huge_content(rng: random.Random, members: Members) -> str:
    """Much repetitive text in the body: it compresses to little, so the .docx stays small."""
    names = [name for name, _ in members]
    if "word/document.xml" not in names:
        return "no word/document.xml to grow"
    i = names.index("word/document.xml")
    xml = members[i][1]
    at = xml.rfind(b"<w:sectPr")
    at = at if at >= 0 else max(xml.rfind(b"</w:body>"), 0)
    kind = rng.choice(("paragraphs", "line", "nested tables"))
    if kind == "paragraphs":
        count = rng.choice((1_000, 5_000, 20_000))
        words = b"Staff must report any concern of sexual exploitation to the focal point. "
        block = b"<w:p><w:r><w:t>" + words + b"</w:t></w:r></w:p>"
        grown, what = block * count, f"{count} paragraphs"
    elif kind == "line":
        size = rng.choice((50_000, 200_000, 1_000_000))
        word = rng.choice((b"abuse ", b"a", b"zero tolerance ", "\u0627\u0644".encode()))
        text = (word * (size // len(word) + 1))[:size]
        grown, what = b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>", f"a {size}-byte line"
    else:
        depth = rng.choice((10, 50, 200))
        cell_open = b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>nested cell</w:t></w:r></w:p>"
        cell_close = b"<w:p/></w:tc></w:tr></w:tbl>"
        grown, what = cell_open * depth + cell_close * depth, f"tables nested {depth} deep"
    members[i] = ("word/document.xml", xml[:at] + grown + xml[at:])
    return f"huge content in word/document.xml: {what}"


def inject_doctype(rng: random.Random, members: Members, *, secret: Path) -> str:
    """Entity expansion ('billion laughs') or an external entity in one XML part."""
    xml_parts = [k for k, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))]
    if not xml_parts:
        return "no XML part for a DOCTYPE"
    names = [name for name, _ in members]
    i = names.index("word/document.xml") if "word/document.xml" in names else rng.choice(xml_parts)
    i = i if rng.random() < 0.7 else rng.choice(xml_parts)
    name, xml = members[i]
    root = re.search(rb"<([A-Za-z_][\w.:-]*)", xml[xml.find(b"?>") + 2 if b"?>" in xml else 0 :])
    tag = root.group(1) if root else b"w:document"
    kind = rng.choice(("laughs", "external", "parameter"))
    if kind == "laughs":
        entities = b'<!ENTITY l0 "lol">' + b"".join(
            b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10)
        )
        use = b"&l9;"
    elif kind == "external":
        entities = b'<!ENTITY x SYSTEM "' + secret.as_uri().encode() + b'">'
        use = b"&x;"
    else:
        entities = b'<!ENTITY % p SYSTEM "' + secret.as_uri().encode() + b'"> %p;'
        use = b""
    doctype = b"<!DOCTYPE " + tag + b" [" + entities + b"]>"
    head = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    xml = xml[:head] + doctype + xml[head:]
    if use:
        xml = re.sub(rb"<w:t([^>]*)>", rb"<w:t\1>" + use, xml, count=rng.randint(1, 3))
    members[i] = (name, xml)
    return f"DOCTYPE with {kind} entities in {name}"


ZIP_MUTATIONS: tuple[Callable[[random.Random, Members], str], ...] = (
    mutate_member,
    mutate_member,
    drop_member,
    duplicate_member,
    truncate_member,
    swap_members,
    huge_content,
)


# --- PDF content-stream mutations -------------------------------------------------------------

STREAM = re.compile(rb"/Length (\d+)(\s*>>\s*stream\r?\n)")
# What a page's content stream says: text, fonts, positions, graphics state.
OPERATORS = (
    b"BT ", b"ET ", b"Tj ", b"TJ ", b"Tf ", b"Td ", b"Tm ", b"q ", b"Q ", b"cm ", b"/F1 ",
    b"/F9 ", b"(", b")", b"[", b"]", b"<", b">", b"\\", b"-1e308 ", b"99999999999 ", b"0 ",
    b"(\\376\\377) Tj ", b"BI /W 9 /H 9 ID ", b"EI ", b"Do ", b"/Im1 ",
)  # fmt: skip


def pdf_stream(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """Inflate one compressed stream, mutate what it draws, deflate it, fix its /Length.

    Raw-byte mutations of a deflated stream mostly stop at zlib; these reach the text
    extraction of both engines. The cross-reference offsets go stale, as in a repaired file."""
    streams = []
    for m in STREAM.finditer(data):
        start, length = m.end(), int(m.group(1))
        with contextlib.suppress(zlib.error):
            streams.append((m, zlib.decompress(data[start : start + length])))
    if not streams:
        return rng.choice(BYTE_MUTATIONS)(rng, data)
    number = rng.randrange(len(streams))
    m, content = streams[number]
    kind = rng.choice(("bytes", "operators", "long text", "nesting"))
    if kind == "bytes":
        content, what = rng.choice(BYTE_MUTATIONS)(rng, content)
    elif kind == "operators":
        count = rng.randint(1, 200)
        for _ in range(count):
            at = rng.randrange(len(content) + 1)
            content = content[:at] + rng.choice(OPERATORS) + content[at:]
        what = f"{count} operators inserted"
    elif kind == "long text":
        size = rng.choice((10_000, 100_000, 1_000_000))
        word = rng.choice((b"abuse ", b"a", b"\\(", b"zero tolerance "))
        text = (word * (size // len(word) + 1))[:size]
        content += b"\nBT /F1 9 Tf 50 700 Td (" + text + b") Tj ET\n"
        what = f"a {size}-byte string shown"
    else:
        depth = rng.choice((100, 10_000, 100_000))
        content = b"q " * depth + content + b" Q" * depth
        what = f"graphics state nested {depth} deep"
    packed = zlib.compress(content)
    start = m.end()
    end = start + int(m.group(1))
    head = b"/Length %d" % len(packed) + m.group(2)
    return data[: m.start()] + head + packed + data[end:], f"stream {number}: {what}"


# --- cases ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    number: int
    sample: Path
    data: bytes
    mutations: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"case {self.number}: {self.sample.name}, {'; '.join(self.mutations)}"


def make_case(seed: int, number: int, secret: Path) -> Case:
    """Case `number` of the run with `seed`: the same bytes whichever other cases run."""
    rng = random.Random(f"policycheck-fuzz:{seed}:{number}")
    sample = rng.choice(SAMPLES)
    data = sample.read_bytes()
    done: list[str] = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        if sample.suffix == ".docx" and rng.random() < 0.6 and _is_zip(data):
            members = unzip(data)
            if rng.random() < 1 / 8:
                done.append(inject_doctype(rng, members, secret=secret))
            else:
                done.append(rng.choice(ZIP_MUTATIONS)(rng, members))
            data = rezip(members)
        elif sample.suffix == ".pdf" and rng.random() < 0.5:
            data, what = pdf_stream(rng, data)
            done.append(what)
        elif data:
            data, what = rng.choice(BYTE_MUTATIONS)(rng, data)
            done.append(what)
    return Case(number=number, sample=sample, data=data, mutations=tuple(done))


def _is_zip(data: bytes) -> bool:
    try:
        unzip(data)
    except Exception:
        # Bytes mutated before may leave a ZIP that no longer opens or inflates, in any of
        # several ways (BadZipFile, zlib.error, EOFError, ...): mutate its raw bytes instead.
        return False
    return True


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
