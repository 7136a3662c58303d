"""Read plain text and Markdown: headings become sections, list numbering is kept."""

from __future__ import annotations

import re

from policycheck.errors import InputError
from policycheck.ingest.layout import Builder, add_lines
from policycheck.limits import DEFAULT_MAX_TEXT
from policycheck.model import BlockKind

MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def decode(data: bytes, name: str) -> str:
    """Decode by BOM, UTF-16 told by its NULs, then UTF-8, then the Windows code page most
    policies were typed in. Stray NULs (a broken export) are dropped."""
    from policycheck.ingest.identify import wide_encoding

    if (encoding := wide_encoding(data)) is not None:
        try:
            return data.decode(encoding).replace("\x00", "")
        except UnicodeDecodeError:
            raise InputError(
                f"{name}: damaged {encoding.upper()} text; save it again as UTF-8"
            ) from None
    data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not a text file in a known encoding; save it as UTF-8") from None


def stray_nuls(data: bytes) -> int:
    """NUL bytes in a text that is not UTF-16 or UTF-32, where they carry no character."""
    from policycheck.ingest.identify import wide_encoding

    return 0 if wide_encoding(data) else data.count(0)


def unmark(line: str) -> str:
    """Strip inline Markdown and HTML so that only the words remain."""
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"<[^>\n]{1,200}>", " ", line)
    line = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])[*_](\S(?:.*?\S)?)[*_](?![\w*])", r"\1", line)
    line = re.sub(r"`([^`]*)`", r"\1", line)
    line = re.sub(r"\\([-\\`*_{}\[\]()#+.!|>])", r"\1", line)
    return re.sub(r"^\s{0,3}>\s?", "", line)


def read_text(
    data: bytes, name: str, *, markdown: bool, max_text: int = DEFAULT_MAX_TEXT
) -> Builder:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    skipped = 0
    if markdown and lines and lines[0].strip() == "---":
        # YAML front matter: metadata, not policy text.
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
        skipped = end + 1
    builder = Builder(file=name, max_text=max_text)
    pending: list[str] = []
    first = 0  # the source line of pending[0]

    def flush() -> None:
        nonlocal pending
        add_lines(builder, pending, first_line=first)
        pending = []

    fenced = False
    for index in range(skipped, len(lines)):
        raw, number = lines[index], index + 1
        following = lines[index + 1] if index + 1 < len(lines) else ""
        builder.line = number
        if markdown and raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            flush()
        elif fenced or (markdown and SETEXT.match(raw) and not pending):
            continue
        elif heading := (MD_HEADING.match(raw) if markdown else None):
            flush()
            builder.line = number
            builder.heading(unmark(heading.group(2)), len(heading.group(1)))
        elif (
            markdown
            and raw.strip()
            and SETEXT.match(following)
            and not raw.lstrip().startswith("|")
        ):
            flush()
            builder.line = number
            builder.heading(unmark(raw), 1 if following.strip().startswith("=") else 2)
        elif markdown and raw.lstrip().startswith("|"):
            flush()
            builder.line = number
            if not TABLE_RULE.match(raw):
                cells = [unmark(c).strip() for c in raw.strip().strip("|").split("|")]
                builder.add(BlockKind.TABLE_ROW, ": ".join(c for c in cells if c))
        else:
            first = first if pending else number
            pending.append(unmark(raw) if markdown else raw)
    flush()
    return builder
