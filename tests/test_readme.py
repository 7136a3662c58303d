"""The README stays true: its commands run, its report excerpt is real, its formats are FORMATS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policycheck.cli import app
from policycheck.report import FORMATS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _between(marker: str) -> str:
    match = re.search(rf"<!-- {marker}: start -->(.*?)<!-- {marker}: end -->", README, re.S)
    assert match, marker
    return match.group(1)


def test_audit_command_runs_on_the_sample_it_names() -> None:
    command = re.search(r"policycheck audit (sample_policies/\S+)", README)
    assert command
    result = CliRunner().invoke(app, ["audit", str(ROOT / command.group(1))])
    assert result.exit_code in (0, 1), result.output


def test_test_command_is_the_one_ci_runs() -> None:
    assert "python -m pytest -q" in README
    assert "python -m pytest -q" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_report_excerpt_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    excerpt = _between("report-excerpt").strip().strip("`").strip()
    sample = re.search(r"\$ policycheck audit (\S+)", excerpt)
    assert sample
    monkeypatch.chdir(ROOT)
    output = CliRunner().invoke(app, ["audit", sample.group(1)]).stdout
    for line in excerpt.splitlines():
        if line.strip() and line.strip() not in ("...", "text") and not line.startswith("$"):
            assert line.strip() in output, line


def test_formats_table_lists_every_registered_format() -> None:
    rows = re.findall(r"^\| `(\w+)` \| `(\.\w+)` \| (.+?) \|$", _between("formats"), re.M)
    assert [(name, suffix) for name, suffix, _ in rows] == [
        (f.name, f.suffix) for f in FORMATS.values()
    ]
