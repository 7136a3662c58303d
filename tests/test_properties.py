"""Properties of segmentation and matching that hold for any text (hypothesis).

Set POLICYCHECK_HYPOTHESIS=deep for a long random search; CI runs a short, derandomised one.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycheck.audit import audit
from policycheck.match import prepare
from policycheck.model import Block, BlockKind, Document, Location, Report, Status
from policycheck.rules import load_rules
from policycheck.segment import fold, normalize, segment, split_inline_items, split_sentences

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("POLICYCHECK_HYPOTHESIS", "ci"))


def examples(n: int) -> settings:
    """Fewer examples for a test that audits: `n` in CI, twenty times more in a deep run."""
    return settings(max_examples=n * (20 if settings.default.max_examples > 100 else 1))


RULES = load_rules()
LANGUAGES = ("en", "fr", "es", "ar", "zh", "und")

# Any character but surrogates (which no decoded file can hold), control characters included.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
# Policy words, sentence ends, list markers, quotes, RTL and CJK text, invisible and combining
# characters: where the segmenter's regexes branch, so examples reach those branches.
TOKENS = st.sampled_from(
    [
        "Staff", "must", "not", "shall", "may", "sexual", "exploitation", "abuse", "harassment",
        "report", "zero tolerance", "following:", "include:", "e.g.", "i.e.", "s.", "No.", "Dr.",
        "(a)", "(b)", "(iii)", "1)", "2.", "-", "•", "*", ".", "!", "?", "...", "…", ";", ":",
        '"', "'", "“", "”", "«", "»", "‘", "’", "—", "–", ")", "(", "[", "]", "。", "！", "？",
        "；", "、", "（一）", "性剥削", "必须举报", "؟", "يجب", "الاستغلال الجنسي", "أإآ", "\u064b",
        "\u0640", "\u200b", "\u200d", "\u00ad", "\ufeff", "\u0301", "e\u0301", "ﬁ", "①", "Ⅻ",
        "\u202e", "\u200f", "ג", "\x00", "\x1c", "\x85", "\u2028", "À", "Ça", "¿", "¡",
    ]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "\t", "  ", "\u00a0", "\u3000", "\r"])
LONG_WORD = st.builds(
    lambda c, n: c * n, st.sampled_from(["a", "é", "性", "ب", "."]), st.integers(200, 3000)
)
PIECE = st.one_of(TOKENS, TOKENS, TOKENS, st.text(ANY_CHAR, max_size=6), LONG_WORD)
# Few characters, densely mixed: long random text rarely puts a letter, an invisible character
# and an accent side by side, or a stop, a closing quote, a space and a capital; these do.
ACCENT_TEXT = st.text(st.sampled_from("a か゛性 \u00ad\u0301\u200b\u200d\ufeff\u3000"), max_size=10)
STOP_TEXT = st.lists(
    st.sampled_from([".", "!", "?", '"', "'", ")", "]", "(", " ", "A", "9", "¿", "•", "Staff",
                     "e.g.", "s.", "。", "؟", "\n"]),
    max_size=16,
).map("".join)  # fmt: skip
TEXT = st.lists(st.tuples(PIECE, SEPARATORS), max_size=40).map(
    lambda pairs: "".join(piece + sep for piece, sep in pairs)
)
STRINGS = {"accents": ACCENT_TEXT, "stops": STOP_TEXT, "mixed": TEXT}
KINDS = st.sampled_from(list(BlockKind))


def _non_space(text: str) -> str:
    return "".join(text.split())


def _document(blocks: Sequence[tuple[BlockKind, str, str, tuple[str, ...]]]) -> Document:
    return Document(
        path="p.txt",
        format="txt",
        sha256="",
        blocks=tuple(
            Block(
                kind=kind,
                text=text,
                language=language,
                location=Location(file="p.txt", paragraph=n + 1, section=section),
            )
            for n, (kind, text, language, section) in enumerate(blocks)
        ),
    )


BLOCKS = st.lists(
    st.tuples(
        KINDS,
        TEXT,
        st.sampled_from(LANGUAGES),
        st.sampled_from([(), ("Scope",), ("References",), ("Definitions", "1.2 Terms")]),
    ),
    max_size=12,
)


# --- normalize and fold ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", STRINGS)
@given(data=st.data())
def test_normalize_is_idempotent_and_leaves_one_space(kind: str, data: st.DataObject) -> None:
    once = normalize(data.draw(STRINGS[kind]))
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(c.isspace() and c != " " for c in once)
    assert not set(once) & set("“”‘’«»–—\u00ad\u200b\u200d\ufeff")


@pytest.mark.parametrize("kind", STRINGS)
@given(data=st.data())
def test_normalize_is_unicode_normal_form_kc(kind: str, data: st.DataObject) -> None:
    # Patterns are written in NFKC; a text that is not would miss them by an invisible accent.
    once = normalize(data.draw(STRINGS[kind]))
    assert unicodedata.normalize("NFKC", once) == once


@pytest.mark.parametrize("kind", STRINGS)
@given(data=st.data())
def test_fold_is_idempotent(kind: str, data: st.DataObject) -> None:
    text = data.draw(STRINGS[kind])
    assert fold(fold(text)) == fold(text)


def test_normalize_composes_what_dropped_characters_leave_apart() -> None:
    # A soft hyphen between a letter and its accent; NFKC makes "゛" a space and an accent,
    # and the space between CJK characters goes: both left the accent uncomposed.
    assert normalize("a\u00ad\u0301") == "\u00e1"
    assert normalize("か゛") == "が"


def test_a_sentence_keeps_its_closing_quote_or_bracket() -> None:
    assert split_sentences('He said "stop." Then he left.', "en", frozenset()) == [
        'He said "stop."',
        "Then he left.",
    ]
    assert split_sentences("(See rule 4.) Staff must act.", "fr", frozenset()) == [
        "(See rule 4.)",
        "Staff must act.",
    ]


# --- sentences and inline items ---------------------------------------------------------------


@pytest.mark.parametrize("kind", STRINGS)
@given(data=st.data(), language=st.sampled_from(LANGUAGES))
def test_sentences_keep_every_character_in_order(
    kind: str, data: st.DataObject, language: str
) -> None:
    text = normalize(data.draw(STRINGS[kind]))
    sentences = split_sentences(text, language, RULES.abbreviations.get(language, frozenset()))
    assert all(s and s == s.strip() for s in sentences)
    # Each sentence is the next piece of the text: nothing is lost, reordered or invented.
    at = 0
    for sentence in sentences:
        found = text.find(sentence, at)
        assert found >= 0, (sentence, text[at:])
        assert text[at:found].strip() == ""
        at = found + len(sentence)
    assert text[at:].strip() == ""


@pytest.mark.parametrize("kind", STRINGS)
@given(data=st.data())
def test_inline_items_keep_every_character_in_order(kind: str, data: st.DataObject) -> None:
    sentence = normalize(data.draw(STRINGS[kind]))
    lead, items = split_inline_items(sentence)
    assert _non_space(lead + "".join(items)) == _non_space(sentence)
    if lead:
        assert len(items) >= 2
        assert all(re.match(r"\(?\w{1,4}\)", item) for item in items)


# --- segments ---------------------------------------------------------------------------------


@given(BLOCKS)
def test_segments_are_numbered_in_order_and_quote_their_own_block(
    blocks: list[tuple[BlockKind, str, str, tuple[str, ...]]],
) -> None:
    document = _document(blocks)
    segments = list(segment(document, RULES.abbreviations))
    assert [s.index for s in segments] == list(range(len(segments)))
    assert [s.block for s in segments] == sorted(s.block for s in segments)
    for seg in segments:
        block = document.blocks[seg.block]
        assert block.kind not in (BlockKind.HEADING, BlockKind.TOC)
        assert seg.text and seg.text in normalize(block.text)
        assert seg.location == block.location and seg.language == block.language
        assert seg.key == fold(seg.context)
        # A lead-in is words of this block or of the paragraph that introduced the list.
        earlier = " ".join(normalize(b.text) for b in document.blocks[: seg.block + 1])
        assert all(part in earlier for part in seg.lead_in.split())


@examples(30)
@given(BLOCKS)
def test_matching_anything_segmented_never_raises(
    blocks: list[tuple[BlockKind, str, str, tuple[str, ...]]],
) -> None:
    from policycheck.match import match

    corpus = prepare(tuple(segment(_document(blocks), RULES.abbreviations)), RULES)
    for req in RULES.requirements:
        for candidate in match(req, corpus, RULES):
            assert candidate.segments
            assert candidate.status in (Status.MET, Status.PARTIAL, Status.MISSING)
            assert set(candidate.found).isdisjoint(candidate.lacking)


# --- whole audits -----------------------------------------------------------------------------

POLICY_LINES = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(
            [
                "# Protection from sexual exploitation and abuse",
                "Sexual exploitation means any actual or attempted abuse of a position of "
                "vulnerability, differential power or trust, for sexual purposes.",
                "Staff must not:",
                "- exchange money, employment, goods or services for sex;",
                "- engage in sexual activity with children (persons under the age of 18).",
                "All personnel must report any concern of sexual exploitation or abuse "
                "to the PSEA focal point within 24 hours.",
                "The organisation has zero tolerance for sexual exploitation and abuse.",
                "Le personnel doit signaler tout soupçon d'exploitation sexuelle.",
                "所有人员必须举报性剥削和性虐待。",
                "يجب على جميع الموظفين الإبلاغ عن الاستغلال الجنسي.",
            ]
        ),
    ),
    min_size=1,
    max_size=15,
)


def _file_text(lines: Sequence[str], last: str = "Staff must report concerns.") -> str:
    """The lines as one text file's content. Control characters go: ingest rightly takes a
    text full of them for binary data, an input error that is not what these tests are about."""
    text = "\n\n".join([*lines, last])
    return "".join(c for c in text if c in "\t\n\r" or unicodedata.category(c) != "Cc")


def _audit_texts(*texts: str) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n, text in enumerate(texts):
            path = Path(folder) / f"policy-{n}.md"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return audit(paths, rules=RULES)


def _quoted(quote: str, texts: Sequence[str]) -> bool:
    """The quote is a piece of the text, or a list's lead-in and an item, joined by a space."""
    quote = quote.removeprefix("… ").removesuffix(" …")
    cuts = [-1, *(i for i, c in enumerate(quote) if c == " ")]
    return any(
        all(any(part in text for text in texts) for part in (quote[:cut], quote[cut + 1 :]) if part)
        for cut in cuts
    )


@examples(25)
@given(POLICY_LINES)
def test_an_audit_finds_each_requirement_once_and_quotes_the_document(lines: list[str]) -> None:
    text = _file_text(lines)
    report = _audit_texts(text)
    assert [f.requirement.id for f in report.findings] == [r.id for r in RULES.requirements]
    assert all(f.status in (Status.MET, Status.PARTIAL, Status.MISSING) for f in report.findings)
    texts = [normalize(b.text) for doc in report.documents for b in doc.blocks]
    for finding in report.findings:
        if finding.status is Status.MISSING:
            continue
        assert finding.evidence, finding.requirement.id
        for evidence in finding.evidence:
            assert evidence.location.file == report.documents[0].path
            assert _quoted(evidence.quote, texts), (finding.requirement.id, evidence.quote)


@examples(15)
@given(POLICY_LINES, POLICY_LINES)
def test_a_policy_set_is_judged_the_same_in_any_order(first: list[str], second: list[str]) -> None:
    a, b = _file_text(first), _file_text(second, "Le personnel doit signaler.")
    forward, backward = _audit_texts(a, b), _audit_texts(b, a)
    assert [f.status for f in forward.findings] == [f.status for f in backward.findings]
    # A requirement met in any document is met: the set is at least as good as either alone.
    alone = _audit_texts(a)
    for together, single in zip(forward.findings, alone.findings, strict=True):
        assert together.status.rank >= single.status.rank, together.requirement.id


@examples(10)
@given(POLICY_LINES, st.lists(st.sampled_from(["\n", " \n", "\t\n", "\u00a0\n"]), max_size=4))
def test_blank_lines_between_paragraphs_change_no_finding(
    lines: list[str], blank: list[str]
) -> None:
    text = _file_text(lines)
    spaced = text.replace("\n\n", "\n\n" + "".join(blank) + "\n")
    plain, padded = _audit_texts(text), _audit_texts(spaced)
    assert [(f.status, [e.quote for e in f.evidence]) for f in plain.findings] == [
        (f.status, [e.quote for e in f.evidence]) for f in padded.findings
    ]
