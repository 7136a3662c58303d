"""The SARIF report, validated against the official SARIF 2.1.0 JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from policycheck.model import Report, Status
from policycheck.report.sarif import render
from tests.report.conftest import ROOT, SAMPLES, WAIVER

# Beside the repository, as in CI; never copied into it.
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@pytest.fixture(scope="module")
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _run(report: Report, validator: Draft7Validator) -> dict[str, Any]:
    sarif = json.loads(render(report))
    validator.validate(sarif)
    assert sarif["version"] == "2.1.0"
    run: dict[str, Any] = sarif["runs"][0]
    return run


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_every_sample_is_valid_sarif(
    sample: str, sample_reports: dict[str, Report], validator: Draft7Validator
) -> None:
    report = sample_reports[sample]
    run = _run(report, validator)
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [f.id for f in report.findings]
    assert all(r["help"]["text"] and r["properties"]["sources"] for r in rules)
    gaps = [f for f in report.findings if f.is_gap]
    assert [r["ruleId"] for r in run["results"]] == [f.id for f in gaps]
    for result, finding in zip(run["results"], gaps, strict=True):
        assert result["level"] == LEVELS[finding.requirement.severity.value]
        assert rules[result["ruleIndex"]]["id"] == finding.id
        assert result["message"]["text"] == finding.why
    doc = report.documents[0]
    assert run["artifacts"][0]["location"]["uri"] == doc.path
    assert run["artifacts"][0]["hashes"]["sha-256"] == doc.sha256


def test_locations_carry_snippet_and_section(
    sample_reports: dict[str, Report], validator: Draft7Validator
) -> None:
    report = sample_reports["strong-psea-policy"]
    run = _run(report, validator)
    results = {r["ruleId"]: r["locations"] for r in run["results"]}
    document = {"uri": report.documents[0].path, "index": 0}
    for finding in (f for f in report.findings if f.is_gap):
        locations = results[finding.id]
        if not finding.evidence:
            # Missing from the whole document: the result points at the document itself.
            assert locations == [{"physicalLocation": {"artifactLocation": document}}]
            continue
        for location, evidence in zip(locations, finding.evidence, strict=True):
            assert location["physicalLocation"]["region"]["snippet"]["text"] == evidence.quote
            logical = location.get("logicalLocations", [{}])[0]
            assert logical.get("fullyQualifiedName") == (evidence.location.section_trail or None)


def test_waived_gap_is_a_suppressed_result(
    hostile_report: Report, validator: Draft7Validator
) -> None:
    run = _run(hostile_report, validator)
    waived = next(f for f in hostile_report.findings if f.status is Status.WAIVED)
    result = next(r for r in run["results"] if r["ruleId"] == waived.id)
    assert result["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": WAIVER}
    ]
    assert all("suppressions" not in r for r in run["results"] if r is not result)


def test_absolute_paths_become_file_uris(
    sample_reports: dict[str, Report], validator: Draft7Validator
) -> None:
    from dataclasses import replace

    report = sample_reports["weak-statement"]
    moved = replace(
        report, documents=(replace(report.documents[0], path="/srv/policies/my policy.docx"),)
    )
    run = _run(moved, validator)
    assert run["artifacts"][0]["location"]["uri"] == "file:///srv/policies/my%20policy.docx"


def test_schema_is_the_shared_official_one() -> None:
    assert SCHEMA.is_file(), f"{SCHEMA}: the SARIF schema belongs beside the repository"
    assert not list(Path(ROOT).glob("**/sarif-schema-2.1.0.json"))


def test_text_evidence_carries_its_source_line(tmp_path: Path) -> None:
    from policycheck.audit import audit
    from policycheck.report import sarif

    policy = tmp_path / "policy.md"
    policy.write_text(
        "# Policy\n\nStaff are encouraged to report concerns of sexual abuse.\n", encoding="utf-8"
    )
    log = json.loads(sarif.render(audit([policy])))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "REP-01")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
