"""The CSV report: a row per requirement and document, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from policycheck.model import Report
from policycheck.report.csv import COLUMNS, render

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]


def _rows(report: Report) -> list[dict[str, str]]:
    content = render(report)
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content[1:], newline="")))


def test_one_row_per_requirement(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["ngo-safeguarding-policy"]
    rows = _rows(report)
    assert list(rows[0]) == list(COLUMNS)
    assert [r["requirement"] for r in rows] == [f.id for f in report.findings]
    for row, finding in zip(rows, report.findings, strict=True):
        assert row["why"] == finding.why
        assert row["evidence"].split("\n") == ([e.quote for e in finding.evidence] or [""])


def test_evidence_from_two_documents_gives_two_rows(hostile_report: Report) -> None:
    rows = _rows(hostile_report)
    finding = next(
        f for f in hostile_report.findings if len({e.location.file for e in f.evidence}) > 1
    )
    mine = [r for r in rows if r["requirement"] == finding.id]
    assert [r["document"] for r in mine] == list(
        dict.fromkeys(e.location.file for e in finding.evidence)
    )
    assert mine[1]["evidence"] == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("formula", FORMULAS, ids=repr)
def test_cells_that_would_run_as_formulas_are_neutralised(
    formula: str, sample_reports: dict[str, Report]
) -> None:
    report = sample_reports["weak-statement"]
    first = replace(report.findings[0], why=formula, waiver=formula)
    rows = _rows(replace(report, findings=(first, *report.findings[1:])))
    assert rows[0]["why"] == rows[0]["waiver"] == f"'{formula}"
    for row in rows:
        assert not any(cell.startswith(tuple("=+-@\t\r")) for cell in row.values())
