"""The built-in rule set: all 38 catalogue requirements, valid, with examples on both sides."""

from __future__ import annotations

import pytest

from policycheck.model import Severity, Status, Strictness
from policycheck.rules import builtin_rules_dir, load_rules

CATALOGUE = [
    "SCOPE-01",
    "SCOPE-02",
    "SCOPE-03",
    "DEF-SE",
    "DEF-SA",
    "DEF-SH",
    "DEF-UMBRELLA",
    "DEF-CHILD",
    "PROH-CHILD",
    "PROH-EXCHANGE",
    "PROH-SEXWORK",
    "PROH-RELATIONSHIPS",
    "PROH-OTHER",
    "ZT-01",
    "ZT-02",
    "REP-01",
    "REP-02",
    "RET-01",
    "RET-02",
    "TECH-01",
    "TECH-02",
    "VIC-01",
    "VIC-02",
    "VIC-03",
    "VIC-04",
    "VIC-05",
    "VIC-06",
    "DISC-01",
    "DISC-02",
    "DISC-03",
    "DISC-04",
    "DISC-05",
    "PART-01",
    "PART-02",
    "MGR-01",
    "MGR-02",
    "TRN-01",
    "TRN-02",
]
RULES = load_rules()
SEVERITY = {
    Strictness.MUST: Severity.ERROR,
    Strictness.SHOULD: Severity.WARNING,
    Strictness.GOOD_PRACTICE: Severity.INFO,
}


def test_exactly_the_catalogue_ids_in_catalogue_order() -> None:
    assert [r.id for r in RULES.requirements] == CATALOGUE


def test_file_names_match_ids() -> None:
    for req in RULES.requirements:
        assert req.origin.rsplit("/", 1)[-1].startswith(f"{req.id}-"), req.origin


@pytest.mark.parametrize("req", RULES.requirements, ids=lambda r: r.id)
def test_requirement_is_complete(req: object) -> None:
    from policycheck.model import Requirement

    assert isinstance(req, Requirement)
    assert req.severity is SEVERITY[req.strictness]
    met = [e for e in req.examples if e.status is Status.MET and e.language == "en"]
    not_met = [e for e in req.examples if e.status is not Status.MET and e.language == "en"]
    assert len(met) >= 3 and len(not_met) >= 3
    assert "en" in req.patterns and req.patterns["en"].anchor
    for element in req.elements:
        assert element.id in req.patterns["en"].elements, (
            f"{req.id}: no English pattern for {element.id}"
        )


def test_rule_files_are_validated_by_the_shipped_schema() -> None:
    from policycheck.rules import compile_all

    assert (builtin_rules_dir() / "schema.json").is_file()
    compile_all(RULES)  # patterns compile lazily per language; here, all of them at once


@pytest.mark.parametrize("language", ["fr", "es", "zh", "ar"])
@pytest.mark.parametrize("req", RULES.requirements, ids=lambda r: r.id)
def test_every_requirement_speaks_the_un_languages(req: object, language: str) -> None:
    from policycheck.model import Requirement

    assert isinstance(req, Requirement)
    assert language in req.patterns, f"{req.id}: no {language} patterns"
    for element in req.elements:
        assert element.id in req.patterns[language].elements, (
            f"{req.id}: no {language} pattern for {element.id}"
        )
    met = [e for e in req.examples if e.language == language and e.status is Status.MET]
    not_met = [e for e in req.examples if e.language == language and e.status is not Status.MET]
    assert len(met) >= 2 and len(not_met) >= 2, f"{req.id}: {language} needs 2 examples each way"


def test_russian_covers_the_defined_terms_and_the_most_common_requirements() -> None:
    russian = {r.id for r in RULES.requirements if "ru" in r.patterns}
    assert {
        "SCOPE-01",
        "DEF-SE",
        "DEF-SA",
        "DEF-SH",
        "DEF-CHILD",
        "PROH-CHILD",
        "ZT-01",
        "REP-01",
        "RET-01",
        "DISC-01",
    } <= russian
