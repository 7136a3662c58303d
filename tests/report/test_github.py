from __future__ import annotations

from pathlib import Path

from policycheck.audit import audit
from policycheck.report import github


def test_one_annotation_per_gap_with_escaped_text(tmp_path: Path) -> None:
    policy = tmp_path / "policy.md"
    policy.write_text(
        "Staff may report concerns of sexual abuse, 100% confidentially:\n\n- to the focal point\n",
        encoding="utf-8",
    )
    report = audit([policy])
    lines = github.render(report).splitlines()
    gaps = [f for f in report.findings if f.is_gap]
    annotations = [
        line for line in lines if line.startswith(("::error", "::warning file", "::notice"))
    ]
    assert len(annotations) == len(gaps)
    first = next(line for line in annotations if "REP-01" in line)
    assert first.startswith(f"::error file={policy},line=1,title=REP-01 missing%3A ")
    assert "\n" not in first and "%" not in first.split("::")[2].replace("%25", "").replace(
        "%0A", ""
    )
