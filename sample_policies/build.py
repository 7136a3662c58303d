"""Build the sample policy documents (.docx, .pdf) from their markdown sources in src/.

Run from the repository root:

    .venv/bin/python sample_policies/build.py

The markdown subset is deliberately small: one paragraph per line, "#"/"##"/"###"
headings, "- " bullets, "(a) " lettered items and pipe tables. Clause numbers such as
"1.2" stay in the paragraph text, as they would in a real policy.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from fpdf import FPDF, XPos, YPos

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

# Fixed metadata so that rebuilding unchanged sources gives byte-identical files.
BUILD_DATE = dt.datetime(2025, 3, 3, 9, 0, 0, tzinfo=dt.UTC)
ZIP_DATE = (2025, 3, 3, 9, 0, 0)
AUTHOR = "policycheck sample policies"
DRAFT_NOTE = "Confidential draft - not for circulation"

HEADING = re.compile(r"^(#{1,3})\s+(.+)$")
BULLET = re.compile(r"^-\s+(.+)$")
LETTERED = re.compile(r"^\([a-z]{1,3}\)\s")
TABLE_RULE = re.compile(r"^\|[\s:|-]+\|$")


class Kind(Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    LETTERED = "lettered"
    TABLE = "table"


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    kind: Kind
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    source: str
    output: str
    organisation: str


DOCX_TARGETS = (
    Target(
        source="strong-psea-policy.md",
        output="strong-psea-policy.docx",
        organisation="Global Relief and Recovery Agency",
    ),
    Target(
        source="weak-statement.md",
        output="weak-statement.docx",
        organisation="Hillcrest Community Services",
    ),
)
PDF_TARGETS = (
    Target(
        source="ngo-safeguarding-policy.md",
        output="ngo-safeguarding-policy.pdf",
        organisation="Tamarind Bridge Foundation",
    ),
)


def parse(markdown: str) -> tuple[Block, ...]:
    """Split the markdown subset into blocks, one per non-empty line or table."""
    blocks: list[Block] = []
    table: list[tuple[str, ...]] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if not TABLE_RULE.match(line):
                table.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
            continue
        if table:
            blocks.append(Block(kind=Kind.TABLE, rows=tuple(table)))
            table = []
        if not line:
            continue
        if heading := HEADING.match(line):
            level = len(heading.group(1))
            blocks.append(Block(kind=Kind.HEADING, text=heading.group(2), level=level))
        elif bullet := BULLET.match(line):
            blocks.append(Block(kind=Kind.BULLET, text=bullet.group(1)))
        elif LETTERED.match(line):
            blocks.append(Block(kind=Kind.LETTERED, text=line))
        else:
            blocks.append(Block(kind=Kind.PARAGRAPH, text=line))
    if table:
        blocks.append(Block(kind=Kind.TABLE, rows=tuple(table)))
    return tuple(blocks)


def title_of(blocks: tuple[Block, ...]) -> str:
    return next(block.text for block in blocks if block.kind is Kind.HEADING)


def render_docx(blocks: tuple[Block, ...], organisation: str) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.title = title_of(blocks)
    properties.created = BUILD_DATE
    properties.modified = BUILD_DATE
    properties.revision = 1

    section = document.sections[0]
    section.header.paragraphs[0].text = organisation
    section.footer.paragraphs[0].text = f"{organisation} - {DRAFT_NOTE}"

    for block in blocks:
        if block.kind is Kind.HEADING:
            document.add_heading(block.text, level=block.level)
        elif block.kind is Kind.PARAGRAPH:
            document.add_paragraph(block.text)
        elif block.kind is Kind.BULLET:
            document.add_paragraph(block.text, style="List Bullet")
        elif block.kind is Kind.LETTERED:
            # The letter is typed in the text, so the item needs an indent, not a bullet.
            document.add_paragraph(block.text, style="List Paragraph")
        else:
            add_docx_table(document, block.rows)

    buffer = io.BytesIO()
    document.save(buffer)
    return with_fixed_zip_dates(buffer.getvalue())


def add_docx_table(document: DocxDocument, rows: tuple[tuple[str, ...], ...]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row_index, row in enumerate(rows):
        for cell, text in zip(table.rows[row_index].cells, row, strict=True):
            cell.text = text
            if row_index == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    document.add_paragraph()


def with_fixed_zip_dates(data: bytes) -> bytes:
    """Rewrite the package so that every zip entry carries the same timestamp."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()


class PolicyPdf(FPDF):
    def __init__(self, organisation: str) -> None:
        super().__init__(format="A4")
        self.organisation = organisation
        self.set_margins(left=22, top=20, right=22)
        self.set_auto_page_break(auto=True, margin=22)

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 6, self.organisation, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(6)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


HEADING_SIZES = {1: 15.0, 2: 12.5, 3: 11.0}
BODY_SIZE = 10.5
LINE_HEIGHT = 5.2
LIST_INDENT = 7.0


def render_pdf(blocks: tuple[Block, ...], organisation: str) -> bytes:
    pdf = PolicyPdf(organisation)
    pdf.set_title(title_of(blocks))
    pdf.set_author(AUTHOR)
    pdf.set_creation_date(BUILD_DATE)
    pdf.add_page()
    for block in blocks:
        if block.kind is Kind.HEADING:
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", HEADING_SIZES[block.level])
            pdf.multi_cell(0, 7, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif block.kind is Kind.TABLE:
            write_pdf_table(pdf, block.rows)
        else:
            indent = 0.0 if block.kind is Kind.PARAGRAPH else LIST_INDENT
            text = f"- {block.text}" if block.kind is Kind.BULLET else block.text
            pdf.set_font("Helvetica", "", BODY_SIZE)
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(
                pdf.epw - indent, LINE_HEIGHT, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            pdf.ln(2)
    return bytes(pdf.output())


def write_pdf_table(pdf: FPDF, rows: tuple[tuple[str, ...], ...]) -> None:
    for row_index, row in enumerate(rows):
        pdf.set_font("Helvetica", "B" if row_index == 0 else "", BODY_SIZE)
        pdf.set_x(pdf.l_margin + LIST_INDENT)
        pdf.multi_cell(
            pdf.epw - LIST_INDENT,
            LINE_HEIGHT,
            "  |  ".join(row),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(2)


def build() -> list[Path]:
    written: list[Path] = []
    for target in DOCX_TARGETS:
        blocks = parse((SRC / target.source).read_text(encoding="utf-8"))
        path = HERE / target.output
        path.write_bytes(render_docx(blocks, target.organisation))
        written.append(path)
    for target in PDF_TARGETS:
        # The core PDF fonts only cover latin-1; fail here rather than inside fpdf2.
        source = (SRC / target.source).read_text(encoding="utf-8")
        source.encode("latin-1")
        path = HERE / target.output
        path.write_bytes(render_pdf(parse(source), target.organisation))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(HERE.parent))
