"""Rule packs of one's own: extend the built-in set, override a field, add a rule, turn one off."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.audit import assess_text
from policycheck.errors import RuleError
from policycheck.model import Severity, Status
from policycheck.rules import load_rules

CUSTOM = r"""id: ORG-01
title: The policy names the organisation's PSEA focal point by function
area: reporting
recommendation: [2]
strictness: should
severity: warning
sources: ["Organisation's own standard"]
rationale: People report more readily to someone they can find.
advice: Name the PSEA focal point by function and say how to reach them.
target: a named PSEA focal point
match:
  kind: elements
  elements:
    - {id: contact, label: how to reach them}
patterns:
  en:
    anchor: ['\bPSEA focal point\b']
    elements:
      contact: ['@|\bphone\b|\bhotline\b']
examples:
  pass:
    - text: The PSEA focal point can be reached at psea@example.org.
    - text: Call the PSEA focal point on the hotline 1234.
    - text: Our PSEA focal point answers on the phone line listed in annex 2.
  fail:
    - {text: Each office has a PSEA focal point., status: partial}
    - {text: Contact your manager with any question., status: missing}
    - {text: A focal point exists somewhere in the organisation., status: missing}
"""


def write_pack(folder: Path, meta: str, files: dict[str, str]) -> Path:
    folder.mkdir()
    (folder / "default.yaml").write_text(meta, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_pack_extends_overrides_adds_and_turns_off(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "pack",
        "extends: builtin\nid: acme-psea\ndisable: [VIC-06]\n",
        {"TECH-02.yaml": "id: TECH-02\nseverity: error\n", "ORG-01.yaml": CUSTOM},
    )
    rules = load_rules(pack)
    ids = [r.id for r in rules.requirements]
    assert rules.id == "acme-psea"
    assert "VIC-06" not in ids and ids[-1] == "ORG-01" and len(ids) == 38
    tech = next(r for r in rules.requirements if r.id == "TECH-02")
    assert tech.severity is Severity.ERROR and tech.title  # the rest comes from the built-in rule
    org = next(r for r in rules.requirements if r.id == "ORG-01")
    finding = assess_text("The PSEA focal point is on psea@acme.org.", org, rules)
    assert finding.status is Status.MET


def test_broken_override_names_the_pack_file(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "pack", "extends: builtin\n", {"ZT-01.yaml": "id: ZT-01\nmatch: {kind: magic}\n"}
    )
    with pytest.raises(RuleError, match=r"ZT-01\.yaml: match\.kind: 'magic' should be one of"):
        load_rules(pack)


def test_turning_off_an_unknown_requirement_is_an_error(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", "extends: builtin\ndisable: [NOPE-01]\n", {})
    with pytest.raises(RuleError, match="NOPE-01"):
        load_rules(pack)


def test_a_pathological_pattern_cannot_hang_the_audit(tmp_path: Path) -> None:
    from policycheck.audit import audit

    pack = write_pack(
        tmp_path / "pack",
        "extends: builtin\n",
        {"REP-01.yaml": "id: REP-01\npatterns:\n  en:\n    anchor: ['(\\w+\\s?)+$']\n"},
    )
    policy = tmp_path / "policy.txt"
    policy.write_text(
        "All staff must report any concern to the focal point of the organisation.\n\n"
        # Nested repeats backtrack for seconds here (a sentence under the 3,000-character cut).
        + "a" * 1500
        + " bbbb cccc dddd eeee ffff" * 10
        + "!\n",
        encoding="utf-8",
    )
    with pytest.raises(
        RuleError, match=r"REP-01\.yaml: a pattern of REP-01 ran past its time bound"
    ):
        audit([policy], rules=load_rules(pack))


def test_a_bad_pattern_is_found_by_validate(tmp_path: Path) -> None:
    from policycheck.rules import compile_all

    pack = write_pack(
        tmp_path / "pack",
        "extends: builtin\n",
        {"ZT-01.yaml": "id: ZT-01\npatterns:\n  fr:\n    anchor: ['(unclosed']\n"},
    )
    with pytest.raises(
        RuleError, match=r"ZT-01\.yaml: patterns\.fr\.anchor: bad regular expression"
    ):
        compile_all(load_rules(pack))
