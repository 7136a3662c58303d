"""Builders of broken and hostile documents, all generated here: no binary blobs in the repo."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from tests.conftest import build_docx, build_pdf

SENTENCES = (
    "Staff must report any concern of sexual exploitation or abuse to the focal point.",
    "The organisation will investigate every allegation promptly and confidentially.",
    "Managers ensure that all personnel complete the mandatory training each year.",
    "Victims and survivors receive medical, psychosocial and legal assistance as needed.",
)
BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def docx_bytes(tmp_path: Path) -> bytes:
    """A small real Word document from python-docx, to take apart and rebuild."""
    path = build_docx(tmp_path / "template.docx", [("h1", "Policy"), ("p", SENTENCES[0])])
    return path.read_bytes()


def replace_parts(package: bytes, parts: dict[str, bytes]) -> bytes:
    """The package with some parts replaced (or added), the rest copied as they are."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
        for name, data in parts.items():
            if name not in source.namelist():
                target.writestr(name, data)
    return out.getvalue()


def with_body(package: bytes, body: str) -> bytes:
    """The package with `body` (WordprocessingML) at the start of the document body."""
    xml = zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml").decode("utf-8")
    at = xml.index("<w:body>") + len("<w:body>")
    return replace_parts(package, {"word/document.xml": (xml[:at] + body + xml[at:]).encode()})


def with_doctype(package: bytes, part: str, doctype: str, *, encoding: str = "utf-8") -> bytes:
    """The package with a DTD declared in one part, just after its XML declaration."""
    xml = zipfile.ZipFile(io.BytesIO(package)).read(part).decode("utf-8")
    head, rest = xml.split("?>", 1) if xml.startswith("<?xml") else ('<?xml version="1.0"', xml)
    if encoding != "utf-8":
        head = head.replace("UTF-8", encoding.upper()).replace("utf-8", encoding.upper())
    text = f"{head}?>\n{doctype}\n{rest.lstrip()}"
    return replace_parts(package, {part: text.encode(encoding)})


def paragraphs(count: int) -> str:
    return "".join(
        f"<w:p><w:r><w:t>{n}. {SENTENCES[n % 4]}</w:t></w:r></w:p>" for n in range(count)
    )


def nested_tables(depth: int) -> str:
    inner = f"<w:p><w:r><w:t>{SENTENCES[0]}</w:t></w:r></w:p>"
    for level in range(depth):
        cell = f"<w:p><w:r><w:t>Level {level}</w:t></w:r></w:p>{inner}<w:p/>"
        inner = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>"
    return inner + "<w:p><w:r><w:t>After the tables.</w:t></w:r></w:p>"


def deflated_zeros(megabytes: int, *, crc_of: int | None = None) -> tuple[bytes, int]:
    """A raw deflate stream of `megabytes` MiB of zeros (about 1000:1), and a CRC-32: of all
    of it, or of its first `crc_of` bytes, to build a header that lies consistently."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = bytes(2**20)
    stream = b"".join(deflater.compress(block) for _ in range(megabytes)) + deflater.flush()
    crc = zlib.crc32(bytes(crc_of)) if crc_of is not None else 0
    if crc_of is None:
        for _ in range(megabytes):
            crc = zlib.crc32(block, crc)
    return stream, crc


LOCAL, CENTRAL, END = "<IHHHHHIIIHH", "<IHHHHHHIIIHHHHHII", "<IHHHHIIH"


def raw_zip(members: Iterable[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP written by hand from (name, deflated bytes, declared size, CRC-32), so that a
    header can declare what the data is not."""
    out, central = io.BytesIO(), []
    for name, data, size, crc in members:
        offset, encoded = out.tell(), name.encode()
        sizes = (crc, len(data), size, len(encoded))
        out.write(struct.pack(LOCAL, 0x04034B50, 20, 0, 8, 0, 0, *sizes, 0) + encoded + data)
        entry = (0x02014B50, 20, 20, 0, 8, 0, 0, *sizes, 0, 0, 0, 0, 0, offset)
        central.append(struct.pack(CENTRAL, *entry) + encoded)
    start = out.tell()
    out.write(b"".join(central))
    count, length = len(central), out.tell() - start
    out.write(struct.pack(END, 0x06054B50, 0, 0, count, count, length, start, 0))
    return out.getvalue()


def word_package(tmp_path: Path, extra: Iterable[tuple[str, bytes, int, int]]) -> bytes:
    """A real Word document's parts plus hand-made members (copied into a hand-made ZIP)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(tmp_path)))
    members = []
    for info in source.infolist():
        data = source.read(info.filename)
        deflater = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        packed = deflater.compress(data) + deflater.flush()
        members.append((info.filename, packed, len(data), zlib.crc32(data)))
    return raw_zip([*members, *extra])


def encrypted_pdf(path: Path, *, user: str, method: str = "RC4") -> Path:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for sentence in SENTENCES:
        pdf.multi_cell(0, 6, sentence, new_x="LMARGIN", new_y="NEXT")
    pdf.set_encryption(
        owner_password="owner", user_password=user, encryption_method=EncryptionMethod[method]
    )
    pdf.output(str(path))
    return path


def text_pdf(path: Path) -> bytes:
    return build_pdf(path, [list(SENTENCES)]).read_bytes()


# The child reports its own peak: ru_maxrss from wait4 would also count the pytest process
# it was forked from, since Linux keeps the pre-exec high-water mark.
PEAK = """
import atexit, os
def _peak():
    with open("/proc/self/status") as status, open(os.environ["PEAK_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM")))
atexit.register(_peak)
"""


def measure(code: str, folder: Path) -> tuple[int, float, int, str]:
    """Run Python `code` in a fresh process: its exit code, wall time in seconds, peak
    resident memory in MB and its stderr."""
    errors, peak = folder / "stderr.txt", folder / "peak.txt"
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache"), "PEAK_FILE": str(peak)}
    with errors.open("wb") as err:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", PEAK + code], stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        elapsed = time.perf_counter() - start
    megabytes = int(peak.read_text(encoding="utf-8")) // 1024
    return done.returncode, elapsed, megabytes, errors.read_text("utf-8", "replace")


def cli(*args: str) -> str:
    """Code for `measure` that runs the policycheck command line with `args`."""
    return f"import sys; sys.argv = ['policycheck', *{list(args)!r}]; from policycheck.cli import main; main()"
