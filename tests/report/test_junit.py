"""The JUnit XML report, parsed: one test case per requirement, gaps as failures."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from policycheck.model import Report, Status
from policycheck.report.junit import render
from tests.report.conftest import WAIVER


def test_one_test_case_per_requirement(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["ngo-safeguarding-policy"]
    suite = ET.fromstring(render(report)).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name", "").split(" ")[0] for c in cases] == [f.id for f in report.findings]
    gaps = sum(f.is_gap for f in report.findings)
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == str(gaps)


def test_gaps_fail_with_why_and_advice(hostile_report: Report) -> None:
    suite = ET.fromstring(render(hostile_report)).find("testsuite")
    assert suite is not None
    for case, finding in zip(suite.findall("testcase"), hostile_report.findings, strict=True):
        failure = case.find("failure")
        if finding.is_gap:
            assert failure is not None
            assert failure.get("message") == finding.why.replace("\x07", "\ufffd")
            assert (
                failure.get("type")
                == f"{finding.status.value} {finding.requirement.severity.value}"
            )
            assert f"Add: {finding.requirement.advice}" in (failure.text or "")
        else:
            assert failure is None
        if finding.status is Status.WAIVED:
            skipped = case.find("skipped")
            assert skipped is not None and skipped.get("message") == f"waived: {WAIVER}"


def test_suite_properties_name_documents_and_versions(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["weak-statement"]
    properties = ET.fromstring(render(report)).iter("property")
    values = {p.get("name"): p.get("value") for p in properties}
    doc = report.documents[0]
    assert values["document"] == f"{doc.path} sha256:{doc.sha256}"
    assert values["tool"] == f"policycheck {report.tool_version}"
    assert values["generated"] == "2026-01-01"
