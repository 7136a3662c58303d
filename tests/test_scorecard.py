"""The partner scorecard: the mapping as data, the rating of each standard, its three forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policycheck import workflow
from policycheck.config import Config, Waiver
from policycheck.errors import RuleError
from policycheck.model import Status
from policycheck.report import scorecard as cards
from policycheck.rules import load_rules
from policycheck.scorecard import Standard, Support, load_standards, scorecard

SAMPLES = Path(__file__).resolve().parents[1] / "sample_policies"
STRONG = SAMPLES / "strong-psea-policy.docx"


def test_the_mapping_validates_and_names_only_known_requirements() -> None:
    standards = load_standards()
    assert [s.number for s in standards] == list(range(1, 9))
    known = {r.id for r in load_rules().requirements}
    mapped = {rid for s in standards for rid in s.requirements}
    assert mapped <= known, sorted(mapped - known)
    # Training, screening, investigations and corrective action are checked from records.
    assert {s.number for s in standards if s.practice} == {3, 4, 7, 8}
    assert all(s.ask_for for s in standards if s.practice)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("source: x\nstandards:\n  - {number: 1, name: A, requirements: [ZT-01], practice: true}\n",
         "standards.0: 'ask_for' is missing"),
        ("source: x\nstandards:\n  - {number: 1, name: A, requirements: [ZT-01], practice: false, weight: 2}\n",
         "standards.0: unknown key 'weight'"),
        ("source: x\nstandards:\n  - {number: 1, name: A, requirements: [zt01], practice: false}\n",
         "standards.0.requirements.0"),
        ("source: x\nstandards:\n  - {number: 1, name: A, requirements: [ZT-01], practice: false}\n"
         "  - {number: 1, name: B, requirements: [ZT-02], practice: false}\n",
         "each number may appear once"),
    ],
)  # fmt: skip
def test_a_broken_mapping_names_the_file_and_the_key(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "standards.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError, match=f"^{re.escape(str(path))}: ") as raised:
        load_standards(path)
    assert message in str(raised.value)


def test_strong_policy_supports_most_standards_and_flags_practice() -> None:
    report = workflow.check([STRONG], Config())
    card = scorecard(report, load_standards())
    supported = {r.standard.number for r in card.with_support(Support.SUPPORTED)}
    assert len(supported) >= 6 and {1, 5, 6} <= supported
    assert not card.with_support(Support.UNSUPPORTED)
    assert {r.standard.number for r in card.practice} == {3, 4, 7, 8}
    text = cards.text(card)
    assert "Mandatory training" in text and "† evidence of practice needed" in text
    assert "ask for: completion records" in text


def test_weak_statement_leaves_standards_unsupported() -> None:
    report = workflow.check([SAMPLES / "weak-statement.docx"], Config())
    card = scorecard(report, load_standards())
    assert card.with_support(Support.UNSUPPORTED)
    assert not card.with_support(Support.SUPPORTED)
    for rating in card.ratings:
        assert {rid for rid, _ in rating.gaps} | set(rating.met) == set(
            rating.standard.requirements
        )


def test_a_waived_gap_is_not_documentary_support() -> None:
    report = workflow.check([STRONG], Config())
    missing = next(f.id for f in report.findings if f.status is Status.MISSING)
    waived = workflow.check([STRONG], Config(waivers=(Waiver(id=missing, reason="Board review"),)))
    standard = Standard(number=9, name="Test", requirements=(missing,), practice=False)
    rating = scorecard(waived, (standard,)).ratings[0]
    assert rating.statuses == ((missing, Status.WAIVED),)
    assert rating.support is Support.UNSUPPORTED


def test_a_standard_whose_requirements_are_all_off_is_not_assessed() -> None:
    report = workflow.check([STRONG], Config(disabled=frozenset({"TRN-01"})))
    rating = {r.standard.number: r for r in scorecard(report, load_standards()).ratings}[3]
    assert rating.support is Support.NOT_ASSESSED and rating.statuses == ()


def test_csv_and_html_forms_are_safe(tmp_path: Path) -> None:
    report = workflow.check([STRONG], Config())
    card = scorecard(report, load_standards())
    sheet = cards.csv([("=HYPERLINK(1)", card)])
    assert sheet.startswith("\ufefforganisation,standard,")
    assert "\r\n'=HYPERLINK(1),1,Organisational policy,supported," in sheet
    page = cards.html(card, documents=["<b>policy</b>.docx"])
    assert "&lt;b&gt;policy&lt;/b&gt;.docx" in page and "<b>policy" not in page
    assert "Content-Security-Policy" in page and "<script" not in page
