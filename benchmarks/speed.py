"""Speed of policycheck on this machine, as ratios measured in the same run.

Usage: python benchmarks/speed.py [--pages N]

- PDF engines: PDFium against pdfminer.six on the same generated N-page policy.
- Audit cost: a whole audit against reading the file alone (parsing is the floor).
- Start-up: `policycheck --version` against `python -c pass`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policycheck.audit import audit
from policycheck.ingest import read_document
from policycheck.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = (ROOT / "sample_policies" / "src" / "ngo-safeguarding-policy.md").read_text(
    encoding="utf-8"
)


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def make_pdf(path: Path, pages: int) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    paragraphs = [p.strip().lstrip("#- ").strip() for p in SAMPLE_TEXT.split("\n\n") if p.strip()]
    while pdf.pages_count < pages:
        for paragraph in paragraphs:
            pdf.multi_cell(
                0,
                5,
                paragraph.encode("latin-1", "replace").decode("latin-1"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            if pdf.pages_count >= pages:
                break
    pdf.output(str(path))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    rules = load_rules()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = make_pdf(Path(tmp) / "long.pdf", args.pages)
        pdfium = best_of(3, lambda: read_document(pdf, pdf_engine="pdfium"))
        pdfminer = best_of(1, lambda: read_document(pdf, pdf_engine="pdfminer"))
        print(
            f"PDF, {args.pages} pages: PDFium {pdfium:.2f} s, pdfminer.six {pdfminer:.2f} s -> {pdfminer / pdfium:.0f}x"
        )
        read = best_of(3, lambda: read_document(pdf))
        whole = best_of(3, lambda: audit([pdf], rules=rules))
        print(
            f"audit of the same PDF: read {read:.2f} s, whole audit {whole:.2f} s "
            f"-> matching and assessing add {100 * (whole - read) / read:.0f}% to reading"
        )
    docx = ROOT / "sample_policies" / "strong-psea-policy.docx"
    read = best_of(5, lambda: read_document(docx))
    whole = best_of(5, lambda: audit([docx], rules=rules))
    print(f"strong-psea-policy.docx: read {1000 * read:.0f} ms, whole audit {1000 * whole:.0f} ms")
    bare = best_of(3, lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
    cli = best_of(
        3,
        lambda: subprocess.run(
            [sys.executable, "-m", "policycheck", "--version"], check=True, capture_output=True
        ),
    )
    print(
        f"start-up: python {1000 * bare:.0f} ms, policycheck --version {1000 * cli:.0f} ms -> {cli / bare:.1f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
