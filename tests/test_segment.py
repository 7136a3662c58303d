from __future__ import annotations

from pathlib import Path

from policycheck.model import BlockKind
from policycheck.rules import load_rules
from policycheck.segment import MAX_SENTENCE, normalize, segment, split_sentences
from tests.conftest import document

ABBREVIATIONS = load_rules().abbreviations


def test_normalize_quotes_dashes_spaces_and_cjk() -> None:
    assert normalize("“Zero  tolerance” – means\u00a0this") == '"Zero tolerance" - means this'
    assert normalize("性 剥\n削 是") == "性剥削是"
    assert normalize("ﬁnancial") == "financial"


def test_abbreviations_do_not_end_sentences() -> None:
    text = "See s. 3.2 of ST/SGB/2003/13, e.g. the rules. Staff must report. Then act."
    assert split_sentences(text, "en", ABBREVIATIONS["en"]) == [
        "See s. 3.2 of ST/SGB/2003/13, e.g. the rules.",
        "Staff must report.",
        "Then act.",
    ]


def test_chinese_sentence_ends() -> None:
    assert split_sentences("禁止性剥削。必须举报！", "zh", frozenset()) == [
        "禁止性剥削。",
        "必须举报！",
    ]


def test_list_items_carry_their_lead_in() -> None:
    doc = document(
        (BlockKind.PARAGRAPH, "Personnel must not:"),
        (BlockKind.LIST_ITEM, "exchange money for sex;"),
        (BlockKind.LIST_ITEM, "visit off-limits venues."),
        (BlockKind.PARAGRAPH, "A new paragraph."),
    )
    segs = list(segment(doc, ABBREVIATIONS))
    assert [s.context for s in segs[1:3]] == [
        "Personnel must not: exchange money for sex;",
        "Personnel must not: visit off-limits venues.",
    ]
    assert segs[3].lead_in == ""


def test_inline_items_split_with_lead_in() -> None:
    doc = document(
        (BlockKind.PARAGRAPH, "Staff must not: (a) exchange money for sex; (b) buy sex.")
    )
    segs = list(segment(doc, ABBREVIATIONS))
    assert [s.text for s in segs] == [
        "Staff must not:",
        "(a) exchange money for sex;",
        "(b) buy sex.",
    ]
    assert segs[2].lead_in == "Staff must not:"


def test_headings_and_contents_are_never_segments() -> None:
    doc = document((BlockKind.HEADING, "Zero tolerance"), (BlockKind.TOC, "3. Reporting ..... 4"))
    assert list(segment(doc, ABBREVIATIONS)) == []


def test_lists_of_other_instruments_are_not_evidence() -> None:
    doc = document(
        (BlockKind.PARAGRAPH, "This policy draws on the following standards:"),
        (BlockKind.LIST_ITEM, "ST/SGB/2003/13, which prohibits sexual exploitation and abuse;"),
        (BlockKind.PARAGRAPH, "Staff must report concerns."),
    )
    assert [s.text for s in segment(doc, ABBREVIATIONS)] == [
        "This policy draws on the following standards:",
        "Staff must report concerns.",
    ]


def test_text_without_stops_is_cut_at_spaces_into_sentence_sized_pieces() -> None:
    run_on = " ".join(["staff must report any abuse to the focal point and"] * 20_000)
    pieces = split_sentences(run_on, "en", frozenset())
    assert max(map(len, pieces)) <= MAX_SENTENCE
    assert " ".join(pieces) == run_on  # cut only at spaces: nothing lost, nothing moved
    chinese = "工作人员必须报告性剥削" * 1_000
    assert "".join(split_sentences(chinese, "zh", frozenset())) == chinese


def test_a_megabyte_without_a_full_stop_audits_instead_of_blaming_a_rule(tmp_path: Path) -> None:
    """Patterns are bounded per sentence; a 2 MB "sentence" once ran a built-in rule past
    its time bound, and the audit blamed the rule."""
    from policycheck.audit import audit

    policy = tmp_path / "run-on.txt"
    policy.write_text(
        " ".join(
            ["staff must report any sexual abuse of children to the focal point and"] * 25_000
        ),
        encoding="utf-8",
    )
    report = audit([policy])
    assert len(report.findings) == len(load_rules().requirements)
