"""Shared by the readers: turn lines into blocks and keep the section trail and clause numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from policycheck.errors import InputError
from policycheck.limits import DEFAULT_MAX_TEXT, describe_size
from policycheck.model import Block, BlockKind, Location

# "3.", "3.2", "3.2.1", "(a)", "a)", "(iv)" at the start of a line: a numbered clause.
CLAUSE = re.compile(
    r"^\s*(?P<num>(?:\d{1,2}\.){1,4}\d{0,2}|\d{1,2}\)|\(\d{1,2}\)|\([a-z]\)|[a-z]\)|\((?:[ivx]{1,5})\)|[ivx]{1,5}\))\s+"
)
BULLET_GLYPH = re.compile(r"^\s*[-*•◦▪‣●○■□➢➤►–—]\s+")
# Chinese items: （一） (一) 一、 and 1、; no space needs to follow them.
CJK_ITEM = r"[（(][一二三四五六七八九十]{1,3}[）)]\s*|[一二三四五六七八九十]{1,3}、\s*|\d{1,2}、\s*"
BULLET = re.compile(
    rf"^\s*(?:(?:[-*•◦▪‣●○■□➢➤►–—]|\d{{1,2}}[.)]|\(?[a-z]\)|\(?[ivx]{{1,5}}\))\s+|{CJK_ITEM})"
)
# Dot leaders or a trailing page number in a contents list.
PAGE_REF = re.compile(r"\S\s+\d{1,3}$")
TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){4,})\s*\d{1,3}\s*$")
CONTENTS_TITLE = re.compile(r"^\s*(?:table of )?contents?\s*$|^\s*index\s*$|^\s*sommaire\s*$", re.I)
SENTENCE_END = re.compile(r"[.!?。！？;；:：؟؛]['\")\]»”’]*\s*$")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def clause_of(text: str) -> str | None:
    match = CLAUSE.match(text)
    return match.group("num").rstrip(".") if match else None


def heading_level(line: str) -> int | None:
    """Guess whether a lone line is a heading (in text without styles), and its depth."""
    text = line.strip()
    words = text.split()
    if not text or len(text) > 90 or len(words) > 12 or text.endswith(","):
        return None
    numbered = re.match(
        r"^(?:(?:section|article|part|chapter)\s+)?((?:\d{1,2}\.)*\d{1,2}|[IVXL]{1,5}(?=\.))\.?\s+\S",
        text,
        re.I,
    )
    if SENTENCE_END.search(text) and not (numbered and text.endswith("?")):
        return None
    if numbered and not re.search(r"[a-z]", text[:1]):
        rest = text[numbered.end() - 1 :]
        if rest[:1].isupper() or CJK.match(rest):
            return numbered.group(1).count(".") + 1
    # "第三条 定义", "第二章 总则": a Chinese article or chapter title standing alone.
    article = re.match(r"^第[一二三四五六七八九十百零〇\d]+([条條章节節款])", text)
    if article and len(text) <= 30:
        return 1 if article.group(1) == "章" else 2
    # ALL CAPS: only scripts with case can shout (a short Chinese or Arabic line is not a heading).
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    if len(cased) >= 4 and all(c.isupper() for c in cased):
        return 1
    # "Reporting Ethical Concerns": a short line in title case, as PDFs render headings.
    content = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if 1 <= len(words) <= 8 and content and all(w[0].isupper() for w in content):
        return 2
    return None


def is_list_item(line: str) -> bool:
    return bool(BULLET.match(line))


def strip_bullet(line: str) -> str:
    """Drop a bullet glyph but keep a clause number, which is part of the text's meaning."""
    return re.sub(r"^\s*[-*•◦▪‣●○■□➢➤►–—]\s+", "", line).strip()


def join_lines(left: str, right: str) -> str:
    """Join two wrapped lines: undo end-of-line hyphenation and never space CJK apart."""
    left = left.rstrip()
    right = right.strip()
    if not left:
        return right
    if re.search(r"[A-Za-zÀ-ÿ]-$", left) and right[:1].islower():
        return left[:-1] + right
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if CJK.match(left[-1:]) and CJK.match(right[:1]):
        return left + right
    return f"{left} {right}"


@dataclass
class Builder:
    """Collects blocks in document order, tracking headings and the current clause number."""

    file: str
    blocks: list[Block] = field(default_factory=list)
    trail: list[tuple[int, str]] = field(default_factory=list)
    clause: str | None = None
    in_contents: bool = False
    # The source line of the block being added, when the reader knows it (text, Markdown).
    line: int | None = None
    # Characters of text taken so far, and how many the reader may take (see limits.py).
    size: int = 0
    max_text: int = DEFAULT_MAX_TEXT

    def heading(self, text: str, level: int, page: int | None = None) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if PAGE_REF.search(text):
            previous = self.blocks[-1] if self.blocks else None
            if self.in_contents or (previous and previous.kind is BlockKind.TOC):
                self._append(BlockKind.TOC, text, page, None)
                return
            if previous and previous.kind is BlockKind.HEADING and PAGE_REF.search(previous.text):
                # Two headings in a row that end in page numbers: an untitled contents list.
                self.blocks[-1] = replace(previous, kind=BlockKind.TOC)
                self.trail = self.trail[:-1]
                self._append(BlockKind.TOC, text, page, None)
                return
        self.in_contents = bool(CONTENTS_TITLE.match(text))
        self.trail = [(lv, t) for lv, t in self.trail if lv < level and not CONTENTS_TITLE.match(t)]
        self._append(BlockKind.HEADING, text, page, clause_of(text))
        self.trail.append((level, text))
        number = clause_of(text)
        self.clause = number

    def add(
        self, kind: BlockKind, text: str, page: int | None = None, clause: str | None = None
    ) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if TOC_LINE.search(text) or (self.in_contents and re.search(r"\s\d{1,3}$", text)):
            kind = BlockKind.TOC
        elif self.in_contents:
            self.in_contents = False
        own = clause or clause_of(text)
        if own and re.fullmatch(r"\(?[a-z]\)|\(?[ivx]{1,5}\)", own) and self.clause:
            # A lettered item under a numbered clause reads "4.2(b)".
            base = re.sub(r"\([^)]*\)$", "", self.clause)
            own = f"{base}({own.strip('()')})"
        elif own:
            self.clause = own
        self._append(kind, text, page, own or self.clause)

    def _append(self, kind: BlockKind, text: str, page: int | None, clause: str | None) -> None:
        self.size += len(text)
        if self.size > self.max_text:
            raise InputError(too_much_text(self.file, self.max_text))
        location = Location(
            file=self.file,
            paragraph=len(self.blocks) + 1,
            page=page,
            section=tuple(t for _, t in self.trail),
            clause=clause,
            line=self.line,
        )
        self.blocks.append(Block(kind=kind, text=text, location=location))


def too_much_text(name: str, limit: int) -> str:
    return (
        f"{name}: more than {describe_size(limit)} characters of text (about "
        f"{limit // 3000:,} pages); audit it in parts, or raise --max-text if it is one policy"
    )


def add_lines(
    builder: Builder,
    lines: list[str],
    page: int | None = None,
    *,
    soft_wrap: bool = False,
    first_line: int | None = None,
) -> None:
    """Reflow plain lines into headings, paragraphs and list items.

    `soft_wrap` is PDFium's signal: a line that ends in a space was wrapped by the layout,
    so it continues on the next line.
    """
    paragraph = ""
    kind = BlockKind.PARAGRAPH
    start: int | None = None

    def flush() -> None:
        nonlocal paragraph, kind
        if paragraph.strip():
            builder.line = start
            builder.add(
                kind, strip_bullet(paragraph) if kind is BlockKind.LIST_ITEM else paragraph, page
            )
        paragraph, kind = "", BlockKind.PARAGRAPH

    # A line nearly as long as the longest on the page was wrapped by the layout.
    full = 0.75 * max((len(line.rstrip()) for line in lines), default=0)
    previous = ""
    for number, raw in enumerate(lines):
        line = raw.replace("\t", " ")
        if not line.strip():
            flush()
            previous = ""
            continue
        wrapped = soft_wrap and previous.endswith(" ")
        starts_item = is_list_item(line)
        # A heading stands alone: not the tail of a wrapped line, not wrapped onto the next.
        alone = not wrapped and not (soft_wrap and raw.endswith(" "))
        # A bulleted line is never a heading; a numbered one ("3. Reporting") may be.
        level = heading_level(line) if alone and not BULLET_GLYPH.match(line) else None
        if level is not None and (not starts_item or soft_wrap or not paragraph):
            flush()
            builder.line = first_line + number if first_line else None
            builder.heading(line, level, page)
            previous = ""
            continue
        open_end = not SENTENCE_END.search(previous)
        continues = (
            bool(paragraph)
            and not starts_item
            and (
                wrapped
                or (
                    open_end
                    and (
                        not soft_wrap
                        or line.lstrip()[:1].islower()
                        or len(previous.rstrip()) >= full
                    )
                )
            )
        )
        if continues:
            paragraph = join_lines(paragraph, line)
        else:
            flush()
            start = first_line + number if first_line else None
            paragraph = line.strip()
            kind = BlockKind.LIST_ITEM if starts_item else BlockKind.PARAGRAPH
        previous = raw
    flush()
