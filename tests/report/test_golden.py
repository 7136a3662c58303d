"""Every format rendered for every sample policy equals its golden file; --update-golden rewrites them."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from policycheck.model import Report
from policycheck.report import FORMATS, render
from tests.report.conftest import SAMPLES, docx_text

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _comparable(name: str, content: bytes) -> object:
    """Parse what has structure, so that key order and indentation do not count."""
    match name:
        case "json" | "sarif":
            return json.loads(content)
        case "junit":
            return ET.canonicalize(content.decode("utf-8"), strip_text=True)
        case "docx":
            return docx_text(content)
        case _:
            return content.decode("utf-8")


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
@pytest.mark.parametrize("name", list(FORMATS))
def test_format_matches_its_golden_file(
    name: str, sample: str, sample_reports: dict[str, Report], update_golden: bool
) -> None:
    rendered = render(sample_reports[sample], name)
    content = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    golden = GOLDEN / name / f"{sample}{FORMATS[name].suffix}"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content)
    assert golden.exists(), f"{golden} is missing: run pytest tests/report --update-golden"
    assert _comparable(name, content) == _comparable(name, golden.read_bytes())


def test_every_registered_format_has_a_golden_for_every_sample(update_golden: bool) -> None:
    # Defined after the golden test, so that an update has written the files by now.
    expected = {f"{name}/{p.stem}{fmt.suffix}" for name, fmt in FORMATS.items() for p in SAMPLES}
    found = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    if update_golden:
        for stale in found - expected:
            (GOLDEN / stale).unlink()
        found &= expected
    assert found == expected


def test_sample_names_are_unique_without_their_extension() -> None:
    # Goldens are named by stem: policy.md and policy.pdf would share one file.
    assert len({p.stem for p in SAMPLES}) == len(SAMPLES)
