"""The CSV report: one row per requirement and document, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from policycheck.model import Evidence, Finding, Report
from policycheck.report.wording import LABELS, where

COLUMNS = (
    "requirement",
    "title",
    "area",
    "severity",
    "status",
    "why",
    "advice",
    "waiver",
    "document",
    "evidence",
    "location",
)
# A cell starting with one of these runs as a formula in a spreadsheet (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for finding in report.findings:
        writer.writerows([cell(value) for value in row] for row in _rows(finding))
    # The byte-order mark tells Excel the file is UTF-8, so quotes in any language read right.
    return "\ufeff" + buffer.getvalue()


def cell(value: str) -> str:
    """The value, with a leading apostrophe when a spreadsheet would run it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _rows(finding: Finding) -> Iterator[tuple[str, ...]]:
    req = finding.requirement
    head = (
        req.id,
        req.title,
        req.area,
        req.severity.value,
        LABELS[finding.status],
        finding.why,
        req.advice,
        finding.waiver or "",
    )
    # Evidence from several documents of a policy set gives one row per document.
    by_document: dict[str, list[Evidence]] = {}
    for evidence in finding.evidence:
        by_document.setdefault(evidence.location.file, []).append(evidence)
    if not by_document:
        yield (*head, "", "", "")
    for document, items in by_document.items():
        quotes = "\n".join(e.quote for e in items)
        yield (*head, document, quotes, "\n".join(where(e.location) for e in items))
