"""A policy set is judged as a whole: contradictions quoted on both sides, missing documents,
superseded instruments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policycheck.audit import audit
from policycheck.model import Report


def _set(tmp_path: Path, docx_policy: Callable[..., Path]) -> Report:
    policy = docx_policy(
        [
            ("h1", "Policy on Protection from Sexual Exploitation and Abuse"),
            ("h2", "2. Definitions"),
            (
                "p",
                "2.1 Sexual exploitation means any actual or attempted abuse of a position of "
                "vulnerability, differential power or trust, for sexual purposes, including, but not "
                "limited to, profiting monetarily, socially or politically from the sexual "
                "exploitation of another.",
            ),
            (
                "p",
                "2.2 A child is any person under the age of 18, regardless of the local age of majority or consent.",
            ),
            ("h2", "3. Reporting"),
            (
                "p",
                "3.1 All personnel must report any concern or suspicion of sexual exploitation or abuse "
                "by a fellow worker, whether or not employed by the same organisation. Reporters are "
                "protected as set out in the Whistleblower Protection Policy.",
            ),
        ],
        name="psea-policy.docx",
    )
    code = tmp_path / "code-of-conduct.md"
    code.write_text(
        "# Code of Conduct\n\n"
        "Sexual exploitation means any abuse of a position of vulnerability, differential power or "
        "trust for sexual purposes, including profiting monetarily, socially or politically from "
        "the sexual exploitation of another.\n\n"
        "A child is a minor as defined by applicable local law.\n",
        encoding="utf-8",
    )
    rules = tmp_path / "staff-rules.txt"
    rules.write_text(
        "STAFF RULES\n\nStaff may report any concern or suspicion of sexual exploitation or abuse "
        "to their manager. Sexual harassment is prohibited as defined in ST/SGB/2008/5.\n",
        encoding="utf-8",
    )
    return audit([policy, code, rules])


def test_each_planted_contradiction_is_quoted_on_both_sides(
    tmp_path: Path, docx_policy: Callable[..., Path]
) -> None:
    report = _set(tmp_path, docx_policy)
    found = {h.requirement: h for h in report.harmonisation if h.kind == "disagreement"}
    assert {"DEF-SE", "DEF-CHILD", "REP-01"} <= set(found)
    child = found["DEF-CHILD"]
    assert [Path(e.location.file).name for e in child.evidence] == [
        "psea-policy.docx",
        "code-of-conduct.md",
    ]
    assert "regardless of the local age" in child.evidence[0].quote
    assert "applicable local law" in child.evidence[1].quote
    assert "actual or attempted" in found["DEF-SE"].why
    assert "'may'" in found["REP-01"].why and "staff-rules.txt" in found["REP-01"].why
    # The set as a whole meets what its best document meets.
    assert next(f for f in report.findings if f.id == "REP-01").status.value == "met"


def test_documents_referred_to_but_not_provided_and_superseded_instruments(
    tmp_path: Path, docx_policy: Callable[..., Path]
) -> None:
    report = _set(tmp_path, docx_policy)
    missing = [h for h in report.harmonisation if h.kind == "not-provided"]
    assert [h.why for h in missing] == [
        "The set refers to the Whistleblower Protection Policy, which is not among its documents."
    ]
    outdated = next(h for h in report.harmonisation if h.kind == "superseded")
    assert "ST/SGB/2008/5" in outdated.why and "ST/SGB/2019/8" in outdated.why
    assert outdated.evidence[0].location.file.endswith("staff-rules.txt")


def test_a_document_provided_is_not_listed_as_missing(tmp_path: Path) -> None:
    policy = tmp_path / "psea.md"
    policy.write_text("# PSEA Policy\n\nSee the Whistleblower Protection Policy for protection.\n")
    whistle = tmp_path / "whistleblower-protection-policy.md"
    whistle.write_text("# Whistleblower Protection Policy\n\nRetaliation is prohibited.\n")
    assert not [h for h in audit([policy, whistle]).harmonisation if h.kind == "not-provided"]


def test_language_versions_of_one_document_that_contradict() -> None:
    sample = Path(__file__).resolve().parents[1] / "sample_policies" / "bilingual-code-en-fr.md"
    found = [h for h in audit([sample]).harmonisation if h.kind == "disagreement"]
    assert [h.requirement for h in found] == ["REP-01"]
    assert "(en) is met" in found[0].why and "(fr) is missing" in found[0].why


def test_zero_tolerance_explained_differently_and_retaliation_for_staff_only(
    tmp_path: Path,
) -> None:
    policy = tmp_path / "policy.md"
    policy.write_text(
        "# PSEA Policy\n\nRetaliation against anyone who reports sexual exploitation or abuse in good "
        "faith, or who cooperates with an investigation as a witness, including victims and community "
        "members, is prohibited and constitutes misconduct.\n\nZero tolerance means that every report is "
        "received, assessed and acted upon promptly, and that substantiated misconduct leads to "
        "disciplinary measures and referral to the authorities.\n",
        encoding="utf-8",
    )
    rules = tmp_path / "staff-rules.md"
    rules.write_text(
        "# Staff Rules on sexual exploitation and abuse\n\nRetaliation against staff members who report "
        "sexual exploitation or abuse is prohibited.\n\nZero tolerance means that sexual exploitation "
        "and abuse are never acceptable, whatever the rank of the person concerned.\n",
        encoding="utf-8",
    )
    found = {
        h.requirement: h for h in audit([policy, rules]).harmonisation if h.kind == "disagreement"
    }
    assert "ZT-01" in found and "every report received" in found["ZT-01"].why
    assert "RET-01" in found and "witnesses" in found["RET-01"].why
    assert [Path(e.location.file).name for e in found["RET-01"].evidence] == [
        "policy.md",
        "staff-rules.md",
    ]
