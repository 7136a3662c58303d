"""Read PDF text page by page (PDFium, or pdfminer.six), dropping running headers and footers."""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from policycheck.errors import InputError
from policycheck.ingest.layout import SENTENCE_END, Builder, add_lines, join_lines
from policycheck.limits import DEFAULT_MAX_TEXT
from policycheck.model import BlockKind

ENGINES = ("auto", "pdfium", "pdfminer")
# Lines in the top or bottom band of a page that are only a page number.
PAGE_NUMBER = re.compile(
    r"^\s*(?:page|p\.|página|pág\.|стр\.)?\s*[-–—]?\s*\d{1,4}\s*(?:(?:of|/|de|sur|из)\s*\d{1,4})?\s*[-–—]?\s*$",
    re.I,
)
BAND = 6
# A page with fewer characters than this carries no usable text layer.
MIN_PAGE_CHARS = 20


def read_pdf(
    data: bytes, name: str, *, engine: str = "auto", max_text: int = DEFAULT_MAX_TEXT
) -> tuple[Builder, int, tuple[str, ...]]:
    """Return the blocks, the page count and notices (e.g. pages that need OCR)."""
    if engine not in ENGINES:
        raise InputError(f"{name}: unknown PDF engine {engine!r} (choose {', '.join(ENGINES)})")
    if engine == "pdfminer":
        pages = _pdfminer_pages(data, name)
    else:
        try:
            pages = _pdfium_pages(data, name)
        except InputError:
            if engine == "pdfium":
                raise
            # PDFium refuses some damaged files that pdfminer.six still reads.
            pages = _pdfminer_pages(data, name)
    empty = [i + 1 for i, page in enumerate(pages) if len(page.strip()) < MIN_PAGE_CHARS]
    if pages and len(empty) == len(pages):
        raise InputError(
            f"{name}: none of its {len(pages)} pages has a text layer (a scanned image?); "
            "run OCR on it first, then audit the OCR'd file"
        )
    notices: tuple[str, ...] = ()
    if empty:
        notices = (
            f"{name}: pages {_ranges(empty)} have no text layer and were not read; run OCR to audit them",
        )
    builder = Builder(file=name, max_text=max_text)
    lines = [page.replace("\r\n", "\n").replace("\r", "\n").split("\n") for page in pages]
    for number, page_lines in enumerate(_drop_running_lines(lines), start=1):
        before = len(builder.blocks)
        add_lines(builder, page_lines, page=number, soft_wrap=True)
        _join_across_pages(builder, before)
    return builder, len(pages), notices


def _join_across_pages(builder: Builder, first: int) -> None:
    """A sentence cut by a page break continues in the first block of the next page."""
    if first == 0 or first >= len(builder.blocks):
        return
    tail, head = builder.blocks[first - 1], builder.blocks[first]
    if (
        tail.kind is head.kind is BlockKind.PARAGRAPH
        and not SENTENCE_END.search(tail.text)
        and head.text[:1].islower()
    ):
        builder.blocks[first - 1] = replace(tail, text=join_lines(tail.text, head.text))
        del builder.blocks[first]


def _pdfium_pages(data: bytes, name: str) -> list[str]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(
                f"{name}: the PDF is encrypted and needs a password to open; save an unprotected copy and audit that"
            ) from None
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    finally:
        document.close()


def _pdfminer_pages(data: bytes, name: str) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException

    try:
        pages = []
        for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
            boxes = [el.get_text() for el in layout if isinstance(el, LTTextContainer)]
            # Like PDFium: a line that wraps ends in a space; a box's last line does not.
            pages.append("\n".join(box.replace("\n", " \n").rstrip() for box in boxes))
        return pages
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise InputError(
            f"{name}: the PDF is encrypted and needs a password to open; save an unprotected copy and audit that"
        ) from None
    except (PDFException, PSException, ValueError, LookupError, TypeError, AttributeError,
            AssertionError, ArithmeticError, RecursionError, struct.error, zlib.error) as exc:  # fmt: skip
        # pdfminer.six reads damaged files by best effort and fails in all these ways.
        raise InputError(
            f"{name}: not a readable PDF ({exc.__class__.__name__}); save or download it again"
        ) from None


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _drop_running_lines(pages: Sequence[list[str]]) -> list[list[str]]:
    """Drop lines that repeat in the top or bottom band of most pages, and bare page numbers."""
    bands = [_band(page) for page in pages]
    counts = Counter(
        key
        for page, band in zip(pages, bands, strict=True)
        for key in {_key(page[i]) for i in band}
    )
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= threshold and key.strip()}
    cleaned = []
    for page, band in zip(pages, bands, strict=True):
        cleaned.append(
            [
                line
                for i, line in enumerate(page)
                if i not in band or (_key(line) not in running and not PAGE_NUMBER.match(line))
            ]
        )
    return cleaned


def _band(page: list[str]) -> set[int]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return set(filled[:BAND] + filled[-BAND:])


def _ranges(numbers: list[int]) -> str:
    spans: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(spans)
