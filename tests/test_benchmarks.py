"""The speed benchmark's instrument: its generated inputs are what it says they are, and it
measures a child's own peak memory. (The benchmark itself is too slow for the suite.)"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest
import regex

from policycheck.audit import audit
from policycheck.model import Status
from policycheck.rules import load_rules

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture
def inputs(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import inputs

    return inputs


@pytest.fixture
def run(inputs: ModuleType) -> ModuleType:
    import run

    return run


def test_pdf_has_the_pages_asked_and_docx_the_same_text(inputs: ModuleType, tmp_path: Path) -> None:
    import docx
    import pypdfium2

    blocks = inputs.write_pdf(tmp_path / "manual.pdf", 3, 8)
    inputs.write_docx(tmp_path / "manual.docx", blocks)
    assert len(pypdfium2.PdfDocument(tmp_path / "manual.pdf")) == 3
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "manual.docx")).paragraphs]
    assert paragraphs == [text for _, text in blocks]


def test_manual_varies_and_meets_builtin_requirements(inputs: ModuleType, tmp_path: Path) -> None:
    blocks = inputs.blocks_up_to(8, 60_000)
    clauses = [text for kind, text in blocks if kind == "p"]
    assert len(set(clauses)) == len(clauses) > 50
    manual = tmp_path / "manual.txt"
    manual.write_text(inputs.as_text(blocks), encoding="utf-8")
    statuses = [f.status for f in audit([manual]).findings]
    assert statuses.count(Status.MET) >= 10


def test_pack_validates_with_an_anchor_of_its_own_per_requirement(
    inputs: ModuleType, tmp_path: Path
) -> None:
    rules = load_rules(inputs.write_pack(tmp_path / "pack", 50))
    variants = [r for r in rules.requirements if "-V" in r.id]
    # Their own patterns are the anchors (the rest are the built-in rules', tested elsewhere).
    anchors = {p.pattern for r in variants for p in r.patterns["en"].anchor}
    for anchor in anchors:
        regex.compile(anchor)
    assert len(rules.requirements) == 50 and len(variants) == 12 and len(anchors) == 3 * 12


def test_peak_memory_is_the_childs_own(run: ModuleType, tmp_path: Path) -> None:
    import resource

    # This test process is far larger than a bare Python; ru_maxrss would report its size.
    big = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / run.MB
    small = run.run_child([sys.executable, "-c", "pass"], tmp_path)
    grown = run.run_child([sys.executable, "-c", "b = bytearray(150_000_000)"], tmp_path)
    assert small.peak_mb < min(big, 40)
    assert grown.peak_mb > 150
