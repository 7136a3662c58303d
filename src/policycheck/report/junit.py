"""The JUnit XML report: one test case per requirement; gaps fail with why and advice."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from policycheck.model import Finding, Report, Status
from policycheck.report.wording import where, xml_safe


def render(report: Report) -> str:
    summary = report.summary
    counts = {
        "tests": str(len(report.findings)),
        "failures": str(summary.partial + summary.missing),
        "errors": "0",
        "skipped": str(summary.waived),
    }
    suites = ET.Element("testsuites", {"name": "policycheck", **counts})
    suite = ET.SubElement(
        suites, "testsuite", {"name": f"{report.ruleset_id} {report.ruleset_version}", **counts}
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("tool", f"policycheck {report.tool_version}"),
        ("generated", report.generated),
        *(("document", f"{doc.path} sha256:{doc.sha256}") for doc in report.documents),
        *(("notice", notice) for notice in report.notices),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_safe(value)})
    for finding in report.findings:
        _testcase(suite, finding)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(suite: ET.Element, finding: Finding) -> None:
    req = finding.requirement
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": f"policycheck.{req.area}", "name": xml_safe(f"{req.id} {req.title}")},
    )
    evidence = [f"“{e.quote}” ({where(e.location)})" for e in finding.evidence]
    if finding.status is Status.WAIVED:
        ET.SubElement(case, "skipped", {"message": xml_safe(f"waived: {finding.waiver or ''}")})
    elif finding.is_gap:
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": xml_safe(finding.why),
                "type": f"{finding.status.value} {req.severity.value}",
            },
        )
        body = [f"Why: {finding.why}", f"Add: {req.advice}", *(f"Evidence: {e}" for e in evidence)]
        failure.text = xml_safe("\n".join(body))
    else:
        ET.SubElement(case, "system-out").text = xml_safe("\n".join([finding.why, *evidence]))
