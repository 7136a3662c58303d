"""The Word gap report (python-docx): summary and findings tables, then evidence and advice."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime

import docx
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Cell

from policycheck.model import Finding, Report, Status, Summary
from policycheck.report.wording import CLOSING, LABELS, TITLE, where, xml_safe

SHADES = {
    Status.MET: "D5F0DC",
    Status.PARTIAL: "FCEBC2",
    Status.MISSING: "F8D0CD",
    Status.WAIVED: "D6E6F8",
}
# Zip entries carry a timestamp; a fixed one makes the same report give the same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def render(report: Report) -> bytes:
    document = docx.Document()
    _properties(document, report)
    document.add_heading(TITLE, level=0)
    _documents(document, report)
    for notice in report.notices:
        document.add_paragraph(xml_safe(notice), style="Intense Quote")
    document.add_heading("Summary", level=1)
    total = report.summary
    document.add_paragraph(
        f"Overall score {total.score:.1f} / 100: {total.met} met, {total.partial} partial, "
        f"{total.missing} missing, {total.waived} waived."
    )
    _areas(document, report)
    document.add_heading("Findings", level=1)
    _findings_table(document, report)
    document.add_heading("Each requirement", level=1)
    for finding in report.findings:
        _finding(document, finding)
    document.add_paragraph(CLOSING, style="Caption")
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue())


def _properties(document: WordDocument, report: Report) -> None:
    props = document.core_properties
    props.title = TITLE
    props.subject = xml_safe(", ".join(doc.path for doc in report.documents))
    props.author = props.last_modified_by = "policycheck"
    props.revision = 1
    if report.generated:
        props.created = props.modified = datetime.fromisoformat(report.generated).replace(
            tzinfo=UTC
        )


def _documents(document: WordDocument, report: Report) -> None:
    document.add_paragraph(
        xml_safe(
            f"Rule set {report.ruleset_id} {report.ruleset_version}; "
            f"policycheck {report.tool_version}; audited {report.generated}."
        )
    )
    _table(
        document,
        ("Document", "Format", "Pages", "Language", "SHA-256"),
        (4.6, 1.8, 1.6, 2.2, 5.0),
        [
            (doc.path, doc.format, str(doc.pages or ""), doc.language, doc.sha256)
            for doc in report.documents
        ],
    )


def _areas(document: WordDocument, report: Report) -> None:
    total = report.summary
    rows = [_counts(area, s, f"{s.score:.0f}") for area, s in report.areas]
    table = _table(
        document,
        ("Area", "Met", "Partial", "Missing", "Waived", "Score"),
        (4.2, 2.2, 2.2, 2.2, 2.2, 2.2),
        [*rows, _counts("overall", total, f"{total.score:.1f}")],
    )
    for cell in table.rows[-1].cells:
        cell.paragraphs[0].runs[0].bold = True


def _counts(name: str, s: Summary, score: str) -> tuple[str, ...]:
    return (name, str(s.met), str(s.partial), str(s.missing), str(s.waived), score)


def _findings_table(document: WordDocument, report: Report) -> None:
    table = _table(
        document,
        ("Requirement", "Title", "Severity", "Status"),
        (2.9, 7.9, 2.2, 2.2),
        [
            (f.id, f.requirement.title, f.requirement.severity.value, LABELS[f.status])
            for f in report.findings
        ],
    )
    for row, finding in zip(table.rows[1:], report.findings, strict=True):
        _shade(row.cells[-1], SHADES[finding.status])


def _finding(document: WordDocument, finding: Finding) -> None:
    req = finding.requirement
    document.add_heading(xml_safe(f"{req.id} {req.title}"), level=2)
    status = document.add_paragraph()
    status.add_run(LABELS[finding.status]).bold = True
    status.add_run(f" · severity {req.severity.value} · {xml_safe(req.area)}")
    document.add_paragraph(xml_safe(finding.why))
    for evidence in finding.evidence:
        quote = document.add_paragraph(style="Quote")
        quote.add_run(xml_safe(f"“{evidence.quote}”"))
        quote.add_run(xml_safe(f"\n{where(evidence.location)}")).italic = False
    if finding.waiver is not None:
        waived = document.add_paragraph()
        waived.add_run("Waived: ").bold = True
        waived.add_run(xml_safe(finding.waiver))
    if finding.status is not Status.MET:
        advice = document.add_paragraph()
        advice.add_run("What to add: ").bold = True
        advice.add_run(xml_safe(req.advice))
    document.add_paragraph(xml_safe("Sources: " + "; ".join(req.sources)), style="Caption")


def _table(
    document: WordDocument,
    header: tuple[str, ...],
    widths: tuple[float, ...],
    rows: Sequence[tuple[str, ...]],
) -> Table:
    """A grid with a bold, shaded header row; `widths` in centimetres, within a 15.2 cm text width."""
    table: Table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row, values in zip(table.rows, [header, *rows], strict=True):
        # Word reads each cell's width, LibreOffice the column's: set both.
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            cell.text = xml_safe(value)
            cell.width = Cm(width)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "E7EAEE")
    # Repeat the header row on every page of a long table.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement(
        "w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill}
    )
    cell._tc.get_or_add_tcPr().append(shading)


def _reproducible(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            target.writestr(entry, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
