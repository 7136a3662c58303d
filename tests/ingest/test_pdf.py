from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policycheck.errors import InputError
from policycheck.ingest import read_document

LONG = (
    "All personnel, including consultants, interns and volunteers, must report any concern or "
    "suspicion of sexual exploitation or abuse by a fellow worker through the established "
    "reporting channels, without waiting for proof and without investigating it themselves."
)


@pytest.fixture
def three_pages(pdf_policy: Callable[..., Path]) -> Path:
    return pdf_policy(
        [
            ["# 1. Purpose", "This policy protects the people we serve.", LONG],
            ["# 2. Definitions", "A child is any person under the age of 18 years."],
            ["# 3. Reporting", "Reports may be made in confidence to the focal point."],
        ],
        header="Helping Hands Trust - Safeguarding Policy",
    )


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
def test_pages_reflow_and_running_lines(three_pages: Path, engine: str) -> None:
    doc = read_document(three_pages, pdf_engine=engine)
    texts = [b.text for b in doc.blocks]
    assert doc.pages == 3
    # Running header and "Page n of 3" footers are gone; wrapped lines are one paragraph again.
    assert not any("Helping Hands Trust" in t or "Page 2 of 3" in t for t in texts)
    assert LONG in texts
    child = next(b for b in doc.blocks if "under the age of 18" in b.text)
    assert child.location.page == 2
    assert child.location.section[-1] == "2. Definitions"


def test_hyphenation_at_line_end_is_undone(pdf_policy: Callable[..., Path]) -> None:
    from policycheck.ingest.layout import join_lines

    assert (
        join_lines("sexual exploi-", "tation is prohibited") == "sexual exploitation is prohibited"
    )
    assert join_lines("性剥", "削") == "性剥削"
    path = pdf_policy([["Staff must not engage in sexual exploitation.", "Training is mandatory."]])
    assert any("sexual exploitation" in b.text for b in read_document(path).blocks)


def test_scanned_pdf_asks_for_ocr(scanned_pdf: Path) -> None:
    with pytest.raises(InputError, match=r"no.*text layer.*OCR"):
        read_document(scanned_pdf)


def test_corrupt_pdf_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    with pytest.raises(InputError, match=r"broken\.pdf"):
        read_document(broken)


def test_encrypted_pdf_is_one_clear_error(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Staff must report concerns of sexual abuse.")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match=r"locked\.pdf: the PDF is encrypted"):
        read_document(path)
