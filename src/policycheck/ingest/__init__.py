"""Ingest: sniff a document's format from its bytes and read it into blocks with locations."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from policycheck.errors import InputError
from policycheck.ingest import cache as cached
from policycheck.ingest.identify import sniff
from policycheck.ingest.layout import Builder, too_much_text
from policycheck.language import detect, shares
from policycheck.limits import DEFAULT_LIMITS, Limits, describe_size
from policycheck.model import Block, Document

# Shorter Latin-script blocks ("(a) staff;") say too little to tell the language by words.
MIN_WORDS = 8

# A reader takes the bytes, the file's name for messages, and how many characters to take.
Reader = Callable[[bytes, str, int], tuple[Builder, int | None, tuple[str, ...]]]


def _plain(
    data: bytes, name: str, max_text: int, *, markdown: bool
) -> tuple[Builder, int | None, tuple[str, ...]]:
    from policycheck.ingest.text import read_text, stray_nuls

    nuls = stray_nuls(data)
    notices = (f"{name}: {nuls} NUL bytes (a damaged export?) were dropped from the text",)
    builder = read_text(data, name, markdown=markdown, max_text=max_text)
    return builder, None, notices if nuls else ()


def _docx(data: bytes, name: str, max_text: int) -> tuple[Builder, int | None, tuple[str, ...]]:
    from policycheck.ingest.docx import read_docx

    return read_docx(data, name, max_text), None, ()


def _pdf(
    data: bytes, name: str, max_text: int, *, engine: str = "auto"
) -> tuple[Builder, int | None, tuple[str, ...]]:
    from policycheck.ingest.pdf import read_pdf

    return read_pdf(data, name, engine=engine, max_text=max_text)


READERS: dict[str, Reader] = {
    "docx": _docx,
    "pdf": _pdf,
    "md": partial(_plain, markdown=True),
    "txt": partial(_plain, markdown=False),
}


def read_document(
    path: Path,
    *,
    pdf_engine: str = "auto",
    language: str | None = None,
    cache: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Read one file into a Document, or raise InputError with one line that names it.

    `language` is assumed for text too short to identify; `cache` is a folder of documents
    already parsed, keyed by content hash; a file over `limits.size` bytes is refused unread,
    one with more than `limits.text` characters as soon as its reader has taken that many."""
    max_size = limits.size
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_size:
            raise InputError(
                f"{name}: {describe_size(size)}, over the {describe_size(max_size)} limit for "
                "a document; raise --max-size if it really is a policy"
            )
        with path.open("rb") as handle:
            # Read no more than the limit even if the file grows after the check.
            data = handle.read(max_size + 1)
        if len(data) > max_size:
            raise InputError(f"{name}: grew over the {describe_size(max_size)} limit while read")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder; give the policy files inside it") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from None
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(f"{name}: the file is empty (no bytes, or only blanks); nothing to audit")
    sha256 = hashlib.sha256(data).hexdigest()
    entry = cached.key(sha256, f"{pdf_engine}-{language}")
    if cache is not None and (hit := cached.load(cache, entry, name)) is not None:
        if sum(len(b.text) for b in hit.blocks) > limits.text:
            raise InputError(too_much_text(name, limits.text))
        return hit
    fmt = sniff(data, path)
    reader = partial(_pdf, engine=pdf_engine) if fmt == "pdf" else READERS[fmt]
    builder, pages, notices = reader(data, name, limits.text)
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
        # A prior only pulls towards itself, so blocks already in `main` need no second look.
        tagged = [
            b if b.language == main else replace(b, language=detect(b.text, main)) for b in tagged
        ]
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
