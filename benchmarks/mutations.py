"""Mutations of the sample .docx and .pdf files for benchmarks/fuzz.py: one case a seed and number.

Raw bytes (bit flips, overwritten runs, truncation, insertion, deletion, duplicated chunks);
for .docx, its ZIP members (bytes mutated inside one XML part, a part dropped, duplicated,
truncated or swapped, huge repetitive content, an injected DOCTYPE); for .pdf, one inflated
content stream (bytes, operators, a huge string, deep nesting).
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = tuple(sorted([*ROOT.glob("sample_policies/*.docx"), *ROOT.glob("sample_policies/*.pdf")]))

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
