"""Builders that write real .docx and .pdf files into tmp_path; the parsers are never mocked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from policycheck.model import Block, BlockKind, Document, Location

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_policies"

# A paragraph spec: ("h1"|"h2"|"p"|"bullet"|"number"|"table", text or rows).
Spec = tuple[str, object]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden from the current output instead of comparing with it",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def document(*blocks: tuple[BlockKind, str] | str, language: str = "en") -> Document:
    """A document built straight from blocks (a bare string is a paragraph), in `language`:
    for tests of segmenting and matching that need no file."""
    pairs = [(BlockKind.PARAGRAPH, b) if isinstance(b, str) else b for b in blocks]
    return Document(
        path="p.txt",
        format="txt",
        sha256="",
        language=language,
        blocks=tuple(
            Block(kind=k, text=t, language=language, location=Location(file="p.txt", paragraph=i))
            for i, (k, t) in enumerate(pairs, start=1)
        ),
    )


def build_docx(path: Path, spec: Sequence[Spec], *, header: str = "", footer: str = "") -> Path:
    import docx

    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    for kind, content in spec:
        if kind.startswith("h"):
            document.add_heading(str(content), level=int(kind[1]))
        elif kind == "bullet":
            document.add_paragraph(str(content), style="List Bullet")
        elif kind == "number":
            document.add_paragraph(str(content), style="List Number")
        elif kind == "table":
            rows = list(content)  # type: ignore[call-overload]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(str(content))
    document.save(str(path))
    return path


def build_pdf(
    path: Path, pages: Sequence[Sequence[str]], *, header: str = "", numbered: bool = True
) -> Path:
    """One list of paragraphs per page; long paragraphs wrap across lines as in a real PDF."""
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("Helvetica", "I", 8)
                self.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            if numbered:
                self.set_y(-15)
                self.set_font("Helvetica", "I", 8)
                self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Pdf()
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    pdf.set_auto_page_break(auto=False)
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for text in paragraphs:
            if text.startswith("# "):
                pdf.set_font("Helvetica", "B", 13)
                pdf.multi_cell(0, 7, text[2:], new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("Helvetica", size=11)
            else:
                pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))
    return path


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsed-document caching goes to a folder of the test run, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def docx_policy(tmp_path: Path) -> Callable[..., Path]:
    def make(spec: Sequence[Spec], name: str = "policy.docx", **kwargs: str) -> Path:
        return build_docx(tmp_path / name, spec, **kwargs)

    return make


@pytest.fixture
def pdf_policy(tmp_path: Path) -> Callable[..., Path]:
    def make(pages: Sequence[Sequence[str]], name: str = "policy.pdf", **kwargs: object) -> Path:
        return build_pdf(tmp_path / name, pages, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def scanned_pdf(tmp_path: Path) -> Path:
    """A PDF whose pages are only drawn shapes: no text layer, as a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 170, 250, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture
def organisations(tmp_path: Path) -> Path:
    """A batch folder: acme (the strong sample), beta (two short files), gamma (a corrupt .docx)."""
    import random
    import shutil

    root = tmp_path / "organisations"
    for name in ("acme", "beta", "gamma"):
        (root / name).mkdir(parents=True)
    shutil.copy(SAMPLES / "strong-psea-policy.docx", root / "acme")
    (root / "beta" / "policy.md").write_text(
        "# Safeguarding\n\nAll personnel must report any concern or suspicion of sexual "
        "exploitation or abuse by a fellow worker.\n",
        encoding="utf-8",
    )
    build_docx(root / "beta" / "code.docx", [("h1", "Code of conduct"), ("p", BATCH_CODE)])
    # Random bytes under a Word name: the reader must refuse it, and the batch go on.
    (root / "gamma" / "policy.docx").write_bytes(random.Random(6).randbytes(4096))
    (root / "gamma" / "notes.md").write_text("Staff may report concerns.\n", encoding="utf-8")
    return root


BATCH_CODE = (
    "Sexual exploitation and abuse by any staff member constitute acts of serious misconduct "
    "and are therefore grounds for disciplinary measures, including summary dismissal."
)
