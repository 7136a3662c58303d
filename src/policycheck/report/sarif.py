"""The SARIF 2.1.0 report: one rule per requirement, one result per gap, waivers as suppressions."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, assert_never
from urllib.parse import quote

from policycheck.model import Evidence, Finding, Report, Requirement, Severity, Status

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def to_dict(report: Report) -> dict[str, Any]:
    artifacts = {doc.path: index for index, doc in enumerate(report.documents)}
    rules = {f.id: index for index, f in enumerate(report.findings)}
    run = {
        "tool": {
            "driver": {
                "name": "policycheck",
                "version": report.tool_version,
                "rules": [_rule(f.requirement) for f in report.findings],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "warning", "message": {"text": notice}} for notice in report.notices
                ],
            }
        ],
        "artifacts": [
            {
                "location": {"uri": uri(doc.path)},
                "hashes": {"sha-256": doc.sha256},
                "properties": {"format": doc.format, "language": doc.language, "pages": doc.pages},
            }
            for doc in report.documents
        ],
        "results": [
            _result(f, rules[f.id], artifacts)
            for f in report.findings
            if f.is_gap or f.status is Status.WAIVED
        ],
        "properties": {
            "ruleset": {"id": report.ruleset_id, "version": report.ruleset_version},
            "generated": report.generated,
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def uri(path: str) -> str:
    """A document path as a URI reference: relative paths stay relative, with '/' separators."""
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def level(severity: Severity) -> str:
    match severity:
        case Severity.ERROR:
            return "error"
        case Severity.WARNING:
            return "warning"
        case Severity.INFO:
            return "note"
        case _:
            assert_never(severity)


def _rule(req: Requirement) -> dict[str, Any]:
    sources = "\n".join(f"- {source}" for source in req.sources)
    return {
        "id": req.id,
        "shortDescription": {"text": req.title},
        "fullDescription": {"text": req.rationale},
        "help": {
            "text": f"{req.advice}\n\nSources: {'; '.join(req.sources)}",
            "markdown": f"{req.advice}\n\n**Sources**\n\n{sources}",
        },
        "defaultConfiguration": {"level": level(req.severity)},
        "properties": {
            "area": req.area,
            "recommendation": list(req.recommendation),
            "strictness": req.strictness.value,
            "sources": list(req.sources),
            "tags": ["pseah", req.area],
        },
    }


def _result(finding: Finding, index: int, artifacts: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": finding.id,
        "ruleIndex": index,
        "kind": "fail",
        "level": level(finding.requirement.severity),
        "message": {"text": finding.why},
        "locations": [_location(e, artifacts) for e in finding.evidence]
        # A requirement missing from the whole policy set is a gap in each of its documents.
        or [{"physicalLocation": {"artifactLocation": _artifact(p, artifacts)}} for p in artifacts],
        "properties": {"status": finding.status.value},
    }
    if finding.baseline is not None:
        # SARIF's own vocabulary: a gap that got worse is an "updated" result.
        out["baselineState"] = {"new": "new", "worse": "updated"}.get(finding.baseline, "unchanged")
    if finding.waiver is not None:
        out["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.waiver}
        ]
    return out


def _location(evidence: Evidence, artifacts: dict[str, int]) -> dict[str, Any]:
    loc = evidence.location
    region: dict[str, Any] = {
        "snippet": {"text": evidence.quote},
        "properties": {
            key: value
            for key, value in (
                ("paragraph", loc.paragraph),
                ("page", loc.page),
                ("clause", loc.clause),
            )
            if value is not None
        },
    }
    if loc.line is not None:
        # Text and Markdown know their lines: viewers can then point at the clause itself.
        region["startLine"] = loc.line
    out: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": _artifact(loc.file, artifacts), "region": region}
    }
    if loc.section:
        out["logicalLocations"] = [
            {"name": loc.section[-1], "fullyQualifiedName": loc.section_trail, "kind": "section"}
        ]
    return out


def _artifact(path: str, artifacts: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {"uri": uri(path)}
    if path in artifacts:
        out["index"] = artifacts[path]
    return out
