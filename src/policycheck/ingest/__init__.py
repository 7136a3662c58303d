"""Ingest: sniff a document's format from its bytes and read it into blocks with locations."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from policycheck.errors import InputError
from policycheck.ingest import cache as cached
from policycheck.ingest.layout import Builder
from policycheck.language import detect, shares
from policycheck.model import Block, Document

# Anything larger is not a policy; refusing early keeps a hostile file from eating memory.
MAX_BYTES = 200 * 1024 * 1024

# Shorter Latin-script blocks ("(a) staff;") say too little to tell the language by words.
MIN_WORDS = 8

Reader = Callable[[bytes, str], tuple[Builder, int | None, tuple[str, ...]]]


def _plain(
    data: bytes, name: str, *, markdown: bool
) -> tuple[Builder, int | None, tuple[str, ...]]:
    from policycheck.ingest.text import read_text

    return read_text(data, name, markdown=markdown), None, ()


def _docx(data: bytes, name: str) -> tuple[Builder, int | None, tuple[str, ...]]:
    from policycheck.ingest.docx import read_docx

    return read_docx(data, name), None, ()


def _pdf(
    data: bytes, name: str, *, engine: str = "auto"
) -> tuple[Builder, int | None, tuple[str, ...]]:
    from policycheck.ingest.pdf import read_pdf

    return read_pdf(data, name, engine=engine)


READERS: dict[str, Reader] = {
    "docx": _docx,
    "pdf": _pdf,
    "md": partial(_plain, markdown=True),
    "txt": partial(_plain, markdown=False),
}


def sniff(data: bytes, path: Path) -> str:
    """The format from the content; the extension only tells Markdown from plain text."""
    name = str(path)
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise InputError(f"{name}: a damaged ZIP archive, not a readable .docx") from None
        if "word/document.xml" in names:
            return "docx"
        raise InputError(f"{name}: a ZIP archive but not a Word document (.docx)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{name}: a legacy Word .doc or a password-protected file; save it as an unprotected .docx"
        )
    if data.startswith(b"{\\rtf"):
        raise InputError(f"{name}: RTF is not supported; save it as .docx or PDF")
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: a binary file in no supported format (.docx, .pdf, .txt, .md)")
    if path.suffix.lower() in (".md", ".markdown") or _looks_like_markdown(head):
        return "md"
    return "txt"


def _looks_like_markdown(head: bytes) -> bool:
    """Markdown saved as .txt: front matter, '#' headings or [links](...) give it away."""
    text = head.decode("utf-8", "ignore")
    signs = len(re.findall(r"^#{1,6} \S|\]\([^)\s]+\)|^\*\*[^*]+\*\*$", text, re.M))
    return text.lstrip().startswith("---\n") or signs >= 3


def read_document(
    path: Path, *, pdf_engine: str = "auto", language: str | None = None, cache: Path | None = None
) -> Document:
    """Read one file into a Document, or raise InputError with one line that names it.

    `language` is assumed for text too short to identify; `cache` is a folder of documents
    already parsed, keyed by content hash."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{name}: larger than {MAX_BYTES // 2**20} MiB; not a policy document")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder; give the policy files inside it") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    entry = cached.key(sha256, f"{pdf_engine}-{language}")
    if cache is not None and (hit := cached.load(cache, entry, name)) is not None:
        return hit
    fmt = sniff(data, path)
    reader = partial(_pdf, engine=pdf_engine) if fmt == "pdf" else READERS[fmt]
    builder, pages, notices = reader(data, name)
    if not builder.blocks:
        raise InputError(f"{name}: no text found in the document")
    blocks = _with_languages(builder.blocks, language)
    ranked = shares(blocks)
    document = Document(
        path=name,
        format=fmt,
        sha256=sha256,
        blocks=blocks,
        pages=pages,
        language=ranked[0][0] if ranked else (language or "und"),
        languages=ranked,
        notices=notices,
    )
    if cache is not None:
        cached.store(cache, entry, document)
    return document


def _with_languages(blocks: list[Block], hint: str | None) -> tuple[Block, ...]:
    """Tag each block; a block too short to tell reliably takes the language around it."""
    tagged = [replace(b, language=detect(b.text)) for b in blocks]
    ranked = shares(b for b in tagged if len(b.text.split()) >= MIN_WORDS)
    main = ranked[0][0] if ranked else hint
    if main:
        # Second pass: the document's language is the prior for blocks that are hard to tell.
        tagged = [replace(b, language=detect(b.text, main)) for b in blocks]
    current = main or "und"
    out = []
    for block in tagged:
        if block.language == "und" or (
            len(block.text.split()) < MIN_WORDS and not _script_bound(block)
        ):
            block = replace(block, language=current)
        current = block.language
        out.append(block)
    return tuple(out)


def _script_bound(block: Block) -> bool:
    """Chinese, Arabic or Cyrillic text is told by its script, however short."""
    return block.language not in ("en", "fr", "es", "pt", "de", "it", "nl")
