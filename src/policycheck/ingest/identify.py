"""Tell what a file really is from its bytes, and refuse, naming it, what cannot be audited."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from policycheck.errors import InputError

# What a file's name promises, for the files whose name must match their bytes.
CLAIMED = {
    ".docx": "a Word document",
    ".docm": "a Word document",
    ".doc": "a Word document",
    ".pdf": "a PDF",
}
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
)
IMAGE_ADVICE = "run OCR on it and audit the text"
ARCHIVE_ADVICE = "unpack it and audit the policy files inside"
SUPPORTED = "audit a .docx, .pdf, .txt or .md file instead"
# Bytes that plain text in any encoding we read does not contain, beyond a stray one.
CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def sniff(data: bytes, path: Path) -> str:
    """'docx', 'pdf', 'md' or 'txt' from the content; the name only tells Markdown from text."""
    name = str(path)
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip(data, name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{name}: a legacy Word .doc or a password-protected file; save it as an unprotected .docx"
        )
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            _refuse(name, path, what, IMAGE_ADVICE if "image" in what else ARCHIVE_ADVICE)
    if data.startswith(b"{\\rtf"):
        _refuse(name, path, "an RTF document", "save it as .docx or PDF and audit that")
    if not is_text(data):
        _refuse(name, path, "binary data in no supported format", SUPPORTED)
    head = _head(data)
    start = head.lstrip().lower()
    if start.startswith(("<!doctype html", "<html")):
        _refuse(name, path, "an HTML page", "save it as .docx, PDF or plain text and audit that")
    if start.startswith("<?xml"):
        _refuse(name, path, "an XML file", "save it from Word as .docx and audit that")
    suffix = path.suffix.lower()
    if suffix in CLAIMED:
        raise InputError(
            f"{name}: plain text, not {CLAIMED[suffix]} as its name says; "
            "rename it to .txt (or .md) to audit it"
        )
    if suffix in (".md", ".markdown") or _looks_like_markdown(head):
        return "md"
    return "txt"


def _refuse(name: str, path: Path, what: str, advice: str) -> None:
    claimed = CLAIMED.get(path.suffix.lower())
    named = f", not {claimed} as its name says" if claimed else ""
    raise InputError(f"{name}: {what}{named}; {advice}")


def _zip(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        # A .docx cut short by a failed download or copy ends up here.
        raise InputError(
            f"{name}: a damaged ZIP archive, not a readable .docx; save or download it again"
        ) from None
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        what = "an Excel workbook"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint presentation"
    elif b"opendocument.text" in mimetype:
        what = "an OpenDocument text (.odt); save it as .docx and audit that"
        raise InputError(f"{name}: {what}")
    else:
        what = "a ZIP archive but not a Word document (.docx)"
        raise InputError(f"{name}: {what}; {ARCHIVE_ADVICE}")
    raise InputError(f"{name}: {what}, not a policy document; {SUPPORTED}")


def utf16_order(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 without a byte-order mark, told by where its NULs
    fall: mostly-Latin text has a NUL in every other byte, always on the same side."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 by its byte-order mark, or UTF-16 without one by its NULs; None for
    the byte-wide encodings (UTF-8, a Windows code page)."""
    if data.startswith(UTF32_BOMS):
        return "utf-32"
    if data.startswith(UTF16_BOMS):
        return "utf-16"
    return utf16_order(data[:8192])


def is_text(data: bytes) -> bool:
    """Text in an encoding we read: a BOM, UTF-16 by its NULs, or few control bytes and NULs
    (a stray NUL from a broken export is dropped on reading, not taken for binary)."""
    head = data[:8192]
    if wide_encoding(head) is not None:
        return True
    nuls = data.count(0)
    controls = len(CONTROL.findall(head))
    return nuls <= max(16, len(data) // 1000) and controls <= 0.01 * len(head)


def _head(data: bytes) -> str:
    """The first few thousand characters, decoded well enough to recognise markup."""
    head = data[:4096]
    return head.decode(wide_encoding(head) or "utf-8-sig", "ignore")


def _looks_like_markdown(text: str) -> bool:
    """Markdown saved as .txt: front matter, '#' headings or [links](...) give it away."""
    signs = len(re.findall(r"^#{1,6} \S|\]\([^)\s]+\)|^\*\*[^*]+\*\*$", text, re.M))
    return text.lstrip().startswith("---\n") or signs >= 3
