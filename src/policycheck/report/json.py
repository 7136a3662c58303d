"""The JSON report: the versioned contract of shared/DESIGN.md (schemas/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from policycheck.model import Evidence, Finding, Report

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def to_dict(report: Report) -> dict[str, Any]:
    summary = report.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "policycheck", "version": report.tool_version},
        "ruleset": {"id": report.ruleset_id, "version": report.ruleset_version},
        "generated": report.generated,
        "documents": [
            {
                "path": doc.path,
                "format": doc.format,
                "language": doc.language,
                "languages": dict(doc.languages),
                "pages": doc.pages,
                "sha256": doc.sha256,
                "supported": doc.path not in report.unsupported,
            }
            for doc in report.documents
        ],
        "notices": list(report.notices),
        "summary": {
            "met": summary.met,
            "partial": summary.partial,
            "missing": summary.missing,
            "waived": summary.waived,
            "score": summary.score,
        },
        "findings": [_finding(f) for f in report.findings],
        "harmonisation": [
            {
                "kind": h.kind,
                "requirement": h.requirement,
                "why": h.why,
                "evidence": [_evidence(e) for e in h.evidence],
            }
            for h in report.harmonisation
        ],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    req = finding.requirement
    out: dict[str, Any] = {
        "id": req.id,
        "title": req.title,
        "area": req.area,
        "recommendation": list(req.recommendation),
        "strictness": req.strictness.value,
        "severity": req.severity.value,
        "status": finding.status.value,
        "why": finding.why,
        "advice": req.advice,
        "sources": list(req.sources),
        "evidence": [_evidence(e) for e in finding.evidence],
        "practice_evidence_needed": finding.practice_evidence_needed,
    }
    if finding.level is not None:
        out["level"] = finding.level
    if finding.waiver is not None:
        out["waiver"] = finding.waiver
    if finding.waived is not None:
        out["waived_status"] = finding.waived.value
    if finding.baseline is not None:
        out["baseline"] = finding.baseline
    return out


def _evidence(evidence: Evidence) -> dict[str, Any]:
    loc = evidence.location
    return {
        "document": loc.file,
        "page": loc.page,
        "paragraph": loc.paragraph,
        "section": loc.section_trail or None,
        "clause": loc.clause,
        "line": loc.line,
        "quote": evidence.quote,
    }
