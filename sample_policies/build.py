"""Build the sample policy documents (.docx, .pdf) from their markdown sources in src/.

Run from the repository root:

    .venv/bin/python sample_policies/build.py

The markdown subset is deliberately small: one paragraph per line, "#"/"##"/"###"
headings, "- " bullets, "(a) " lettered items and pipe tables. Clause numbers such as
"1.2" stay in the paragraph text, as they would in a real policy. A target in another
language carries its own draft note and page footer, and a right-to-left one (Arabic) has
every .docx paragraph and run marked right-to-left.
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
from docx.oxml import OxmlElement
from fpdf import FPDF, XPos, YPos

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

# Fixed metadata so that rebuilding unchanged sources gives byte-identical files.
BUILD_DATE = dt.datetime(2025, 3, 3, 9, 0, 0, tzinfo=dt.UTC)
ZIP_DATE = (2025, 3, 3, 9, 0, 0)
AUTHOR = "policycheck sample policies"
DRAFT_NOTE = "Confidential draft - not for circulation"
PAGE_FOOTER = "Page {page} of {nb}"
# The elements that come after <w:bidi> in <w:pPr>, so that it is inserted in schema order.
BIDI_SUCCESSORS = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)

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
    draft_note: str = DRAFT_NOTE
    page_footer: str = PAGE_FOOTER
    language: str = ""
    rtl: bool = False


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
    Target(
        source="politique-peas-fr.md",
        output="politique-peas-fr.docx",
        organisation="Solidarité Horizons Sahel",
        draft_note="Document interne - ne pas diffuser",
        language="fr-FR",
    ),
    Target(
        source="psea-policy-ar.md",
        output="psea-policy-ar.docx",
        organisation="منظمة جسور الرحمة للإغاثة والتنمية",
        draft_note="وثيقة داخلية - غير مخصصة للتداول",
        language="ar-JO",
        rtl=True,
    ),
)
PDF_TARGETS = (
    Target(
        source="ngo-safeguarding-policy.md",
        output="ngo-safeguarding-policy.pdf",
        organisation="Tamarind Bridge Foundation",
    ),
    Target(
        source="politica-salvaguarda-es.md",
        output="politica-salvaguarda-es.pdf",
        organisation="Fundación Sendero Vivo",
        page_footer="Página {page} de {nb}",
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


def render_docx(blocks: tuple[Block, ...], target: Target) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.title = title_of(blocks)
    properties.created = BUILD_DATE
    properties.modified = BUILD_DATE
    properties.revision = 1
    if target.language:
        properties.language = target.language

    section = document.sections[0]
    section.header.paragraphs[0].text = target.organisation
    section.footer.paragraphs[0].text = f"{target.organisation} - {target.draft_note}"

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
    if target.rtl:
        for paragraph in all_paragraphs(document):
            make_right_to_left(paragraph)

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


def all_paragraphs(document: DocxDocument) -> list[Paragraph]:
    """Body, table-cell, header and footer paragraphs."""
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for section in document.sections:
        paragraphs.extend(section.header.paragraphs)
        paragraphs.extend(section.footer.paragraphs)
    return paragraphs


def make_right_to_left(paragraph: Paragraph) -> None:
    """Mark a paragraph right-to-left (<w:bidi/>) and each of its runs (<w:rtl/>)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(OxmlElement("w:bidi"), *BIDI_SUCCESSORS)
    for run in paragraph.runs:
        run.font.rtl = True


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
    def __init__(self, organisation: str, page_footer: str = PAGE_FOOTER) -> None:
        super().__init__(format="A4")
        self.organisation = organisation
        self.page_footer = page_footer
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
        # fpdf2 replaces "{nb}" with the page count when the document is closed.
        self.cell(0, 6, self.page_footer.format(page=self.page_no(), nb="{nb}"), align="C")


HEADING_SIZES = {1: 15.0, 2: 12.5, 3: 11.0}
BODY_SIZE = 10.5
LINE_HEIGHT = 5.2
LIST_INDENT = 7.0


def render_pdf(blocks: tuple[Block, ...], target: Target) -> bytes:
    pdf = PolicyPdf(target.organisation, target.page_footer)
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
        path.write_bytes(render_docx(blocks, target))
        written.append(path)
    for target in PDF_TARGETS:
        # The core PDF fonts only cover latin-1; fail here rather than inside fpdf2.
        source = (SRC / target.source).read_text(encoding="utf-8")
        source.encode("latin-1")
        path = HERE / target.output
        path.write_bytes(render_pdf(parse(source), target))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(HERE.parent))
