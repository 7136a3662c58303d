"""The Word gap report, read back with python-docx."""

from __future__ import annotations

import io

import docx

from policycheck.model import Report, Status
from policycheck.report.docx import render
from policycheck.report.wording import LABELS, TITLE
from tests.report.conftest import WAIVER


def _cells(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_title_documents_and_summary_tables(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["ngo-safeguarding-policy"]
    document = docx.Document(io.BytesIO(render(report)))
    assert document.paragraphs[0].style is not None
    assert (document.paragraphs[0].style.name, document.paragraphs[0].text) == ("Title", TITLE)
    assert document.core_properties.title == TITLE
    documents, areas, findings = (_cells(t) for t in document.tables)
    doc = report.documents[0]
    assert documents[1] == [doc.path, "pdf", str(doc.pages), doc.language, doc.sha256]
    expected = [
        [name, str(s.met), str(s.partial), str(s.missing), str(s.waived)]
        for name, s in [*report.areas, ("overall", report.summary)]
    ]
    assert [row[:5] for row in areas[1:]] == expected
    assert areas[-1][5] == f"{report.summary.score:.1f}"
    assert findings[1:] == [
        [f.id, f.requirement.title, f.requirement.severity.value, LABELS[f.status]]
        for f in report.findings
    ]


def test_each_requirement_has_its_quotes_and_advice(hostile_report: Report) -> None:
    document = docx.Document(io.BytesIO(render(hostile_report)))
    text = "\n".join(p.text for p in document.paragraphs)
    quotes = {
        p.text.split("\n")[0] for p in document.paragraphs if p.style and p.style.name == "Quote"
    }
    for finding in hostile_report.findings:
        assert f"{finding.id} {finding.requirement.title}" in text
        assert finding.why.replace("\x07", "\ufffd") in text
        assert {f"“{e.quote}”".replace("\x07", "\ufffd") for e in finding.evidence} <= quotes
        if finding.status is not Status.MET:
            assert f"What to add: {finding.requirement.advice}" in text
    assert f"Waived: {WAIVER}" in text


def test_same_report_gives_the_same_bytes(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["weak-statement"]
    assert render(report) == render(report)
