"""Segment: normalise text and split blocks into sentences; list items keep their lead-in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping

from policycheck.model import BlockKind, Document, Segment

# Typographic quotes and dashes become their ASCII forms; invisible characters go.
QUOTES = str.maketrans(
    "‘’‚‛′`´“”„‟″«»‐‑‒–—―−",
    "'" * 7 + '"' * 7 + "-" * 7,
    "\u00ad\u200b\u200c\u200d\ufeff",
)
# Arabic is written with or without short vowels, tatweel and hamza seats, and with taa
# marbuta or haa: text and patterns are both folded to one form before matching.
ARABIC_FOLD = str.maketrans(
    "\u0623\u0625\u0622\u0671\u0649\u0629\u0624\u0626",  # أ إ آ ٱ ى ة ؤ ئ
    "\u0627\u0627\u0627\u0627\u064a\u0647\u0648\u064a",  # ا ا ا ا ي ه و ي
    "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670\u0640",
)
ARABIC = re.compile(r"[\u0600-\u06ff]")
CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_GAP = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")
# No real sentence is longer; a longer run of text is cut (see _bounded).
MAX_SENTENCE = 3000
# Latin-script sentence ends: a stop, then a space and something that can start a sentence.
LATIN_END = re.compile(r"(?<=[.!?])([\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9À-ÖØ-ÞА-Я¿¡•\-])")
CJK_END = re.compile(r"(?<=[。！？；;!?])")
ARABIC_END = re.compile(r"(?<=[.!؟])\s+")
# "(a) ... ; (b) ..." inside one paragraph: items that share the words before "(a)".
INLINE_ITEM = re.compile(r"(?:^|(?<=[\s:;,]))\(?(?:[a-h]|i{1,3}|iv|v|vi{1,3}|\d{1,2})\)\s+")
LEAD_IN_END = re.compile(
    r"(?::|\b(?:following|include|includes|including|such as|as follows))\s*$", re.I
)
ITEM_START = re.compile(
    r"^\s*(?:(?:[-*•]|\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}\))\s|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)"
)
ABBREVIATION_TAIL = re.compile(r"(?:^|[\s(])([A-Za-z][A-Za-z.]{0,7})\.$")
# Lists of other instruments ("References", "This policy draws on: ...") are not the
# organisation's own commitments, so they are never evidence.
REFERENCE_SECTION = re.compile(
    r"\b(?:references?|bibliography|further reading|sources|r[ée]f[ée]rences|bibliograf[íi]a)\s*$",
    re.I,
)
REFERENCE_LEAD = re.compile(
    r"\b(?:informed by|draws? on|based on|in line with|aligned with|refers? to|consistent with)\b"
    r"[^.]{0,60}\b(?:standards|instruments|documents|frameworks|principles|policies|following)\b[^.]*:\s*$",
    re.I,
)


def fold(text: str) -> str:
    """The form that patterns are matched against (Arabic spelling variants folded)."""
    return text.translate(ARABIC_FOLD) if ARABIC.search(text) else text


def normalize(text: str) -> str:
    """NFKC, straight quotes and hyphens, one space; no space between CJK characters."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    text = " ".join(text.split())
    # Dropping an invisible character or a space can put a letter next to its accent
    # ("a\u00ad\u0301"): composing again keeps the result normal, and normalize idempotent.
    return unicodedata.normalize("NFC", CJK_GAP.sub("", text))


def split_sentences(text: str, language: str, abbreviations: frozenset[str]) -> list[str]:
    if language in ("zh", "ja"):
        parts = CJK_END.split(text)
    elif language == "ar":
        parts = ARABIC_END.split(text)
    else:
        parts = []
        start = 0
        for match in LATIN_END.finditer(text):
            head = text[start : match.start()]
            tail = ABBREVIATION_TAIL.search(head)
            if tail and (
                tail.group(1).lower().rstrip(".") in abbreviations or len(tail.group(1)) == 1
            ):
                continue
            # The quote or bracket that closes the sentence stays with it.
            parts.append(head + match.group(1))
            start = match.end()
        parts.append(text[start:])
    return [piece for p in parts for piece in _bounded(p.strip()) if piece]


def _bounded(sentence: str) -> Iterator[str]:
    """A "sentence" longer than MAX_SENTENCE is text without stops (a table flattened into a
    line, a run-on dump): it is cut at spaces, so that no pattern runs over megabytes at
    once and a long document is not mistaken for a runaway rule."""
    while len(sentence) > MAX_SENTENCE:
        cut = sentence.rfind(" ", MAX_SENTENCE // 2, MAX_SENTENCE)
        cut = cut if cut > 0 else MAX_SENTENCE
        yield sentence[:cut].strip()
        sentence = sentence[cut:].strip()
    yield sentence


def split_inline_items(sentence: str) -> tuple[str, list[str]]:
    """'Staff must not: (a) x; (b) y.' -> ('Staff must not:', ['(a) x;', '(b) y.'])."""
    markers = list(INLINE_ITEM.finditer(sentence))
    if len(markers) < 2 or markers[0].start() == 0:
        return "", [sentence]
    lead = sentence[: markers[0].start()].strip()
    items = [
        sentence[
            m.start() : (markers[i + 1].start() if i + 1 < len(markers) else len(sentence))
        ].strip()
        for i, m in enumerate(markers)
    ]
    return lead, items


def segment(document: Document, abbreviations: Mapping[str, frozenset[str]]) -> Iterator[Segment]:
    """Sentences of every block that can be evidence (not headings, not contents lines)."""
    lead_in = ""
    index = 0
    for number, block in enumerate(document.blocks):
        if block.kind in (BlockKind.HEADING, BlockKind.TOC):
            lead_in = ""
            continue
        section = block.location.section
        if section and REFERENCE_SECTION.search(section[-1]):
            continue
        text = normalize(block.text)
        is_item = block.kind in (BlockKind.LIST_ITEM, BlockKind.TABLE_ROW) or bool(
            ITEM_START.match(text)
        )
        if not is_item:
            lead_in = ""
        elif REFERENCE_LEAD.search(lead_in):
            continue
        sentences = split_sentences(
            text, block.language, abbreviations.get(block.language, frozenset())
        )
        for sentence in sentences:
            inline_lead, items = split_inline_items(sentence)
            parts = [(inline_lead, lead_in if is_item else "")] if inline_lead else []
            own_lead = " ".join(p for p in (lead_in if is_item else "", inline_lead) if p)
            parts += [(item, own_lead) for item in items]
            for part, lead in parts:
                yield Segment(
                    text=part,
                    location=block.location,
                    language=block.language,
                    index=index,
                    block=number,
                    lead_in=lead,
                    key=fold(f"{lead} {part}" if lead else part),
                )
                index += 1
        if not is_item and sentences and LEAD_IN_END.search(sentences[-1]):
            lead_in = sentences[-1]
