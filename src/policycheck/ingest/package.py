"""Check a .docx package before python-docx opens it: ZIP limits, and no DTD in any part."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from policycheck.errors import InputError
from policycheck.limits import describe_size

MAX_MEMBERS = 5_000
# python-docx holds every part in memory, and lxml a tree several times the XML's size
# (a 26 MB document.xml of 200,000 paragraphs peaks at 240 MB): these keep reading under 1 GB.
MAX_UNPACKED = 256 * 2**20
MAX_PART = 64 * 2**20
# Deflate reaches about 1000:1 on zeros; Word's XML rarely passes 50:1.
MAX_RATIO = 200
CHUNK = 2**20
SLICE = 2**16
WORD_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class _Decided(Exception):
    """Stops the XML parser as soon as the prolog has said what we need."""


class _Prolog:
    """An lxml parser target that stops at the root element, or at a DOCTYPE before it."""

    def doctype(self, *_: Any) -> None:
        raise _Decided("doctype")

    def start(self, *_: Any) -> None:
        raise _Decided("start")

    def close(self) -> None:
        return None


def check_package(data: bytes, name: str) -> None:
    """Refuse a package that would unpack too large, lies about its sizes, or has a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise InputError(
            f"{name}: a damaged ZIP archive, not a readable .docx; save or download it again"
        ) from None
    members = archive.infolist()
    bomb = f"{name}: refused as a possible ZIP bomb:"
    if len(members) > MAX_MEMBERS:
        raise InputError(f"{bomb} {len(members)} parts, more than {MAX_MEMBERS}")
    for member in members:
        part = f"{name}: part {member.filename!r}"
        if member.flag_bits & 0x1:
            raise InputError(f"{part} is encrypted; save the document without a password")
        if member.compress_type not in WORD_METHODS:
            raise InputError(
                f"{part} uses ZIP compression method {member.compress_type}, which Word never "
                "writes; save the document again from Word"
            )
        if member.file_size > MAX_PART or (
            member.file_size > CHUNK and member.file_size > MAX_RATIO * member.compress_size
        ):
            raise InputError(
                f"{bomb} part {member.filename!r} unpacks to {describe_size(member.file_size)} "
                f"from {describe_size(member.compress_size)}"
            )
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise InputError(
            f"{bomb} its parts unpack to {describe_size(total)}, "
            f"more than {describe_size(MAX_UNPACKED)}"
        )
    for member in members:
        _inspect(data, member, name)


def _inspect(data: bytes, member: zipfile.ZipInfo, name: str) -> None:
    """Inflate one part in bounded chunks: it must end at its declared size, and an XML part
    must not declare a DTD (entity expansion and external entities both need one)."""
    part = f"{name}: part {member.filename!r}"
    parser = etree.XMLParser(
        target=_Prolog(), resolve_entities=False, no_network=True, load_dtd=False
    )
    deciding, size = True, 0
    try:
        for chunk in _contents(data, member):
            size += len(chunk)
            if size > member.file_size:
                raise InputError(
                    f"{part} unpacks to more than the {describe_size(member.file_size)} its "
                    "header declares; refused as a possible ZIP bomb"
                )
            deciding = deciding and _undecided(parser, chunk, part)
    except zlib.error:
        size = -1
    if size != member.file_size:
        raise InputError(
            f"{part} is damaged (it does not unpack to its declared size); "
            "save or download the document again"
        )


def _undecided(parser: etree.XMLParser, chunk: bytes, part: str) -> bool:
    """Feed the parser; False once the root element is reached or the part is not XML."""
    try:
        parser.feed(chunk)
    except _Decided as decided:
        if decided.args[0] == "doctype":
            raise InputError(
                f"{part} declares a DTD, which Word never writes; refused so that no entity "
                "is expanded or fetched"
            ) from None
        return False
    except etree.XMLSyntaxError:
        # Not XML (an image, say); python-docx judges it if it ever parses it as XML.
        return False
    return True


def _contents(data: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """Inflate a member from the raw archive, at most CHUNK bytes at a time."""
    start = member.header_offset
    header = data[start : start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zlib.error("no local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    begin = start + 30 + name_length + extra_length
    raw = memoryview(data)[begin : begin + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(raw), CHUNK):
            yield bytes(raw[offset : offset + CHUNK])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    for offset in range(0, len(raw), SLICE):
        pending = bytes(raw[offset : offset + SLICE])
        while not inflater.eof:
            out = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            if out:
                yield out
            elif not pending:
                break
        if inflater.eof:
            return
