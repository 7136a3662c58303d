"""Baselines and draft diffs: a weakened clause is a regression."""

from __future__ import annotations

from pathlib import Path

from policycheck.audit import audit
from policycheck.baseline import compare, record
from policycheck.diff import Change, diff

STRONG = (
    "All personnel must report any concern or suspicion of sexual exploitation or abuse by a "
    "fellow worker, whether or not employed by the same organisation.\n"
)
WEAK = (
    "All personnel are encouraged to report any concern or suspicion of sexual exploitation or "
    "abuse by a fellow worker, whether or not employed by the same organisation.\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_catches_a_weakened_duty(tmp_path: Path) -> None:
    old = audit([_write(tmp_path / "v1", "policy.md", STRONG)])
    new = audit([_write(tmp_path / "v2", "policy.md", WEAK)])
    result = diff(old, new)
    change = next(d for d in result.differences if d.id == "REP-01")
    assert change.change is Change.LOST and result.regressed
    assert change.old.evidence and change.new.evidence


def test_baseline_passes_old_gaps_and_flags_new_ones(tmp_path: Path) -> None:
    import json

    old = audit([_write(tmp_path / "v1", "policy.md", STRONG)])
    baseline = json.loads(record(old))
    again = compare(audit([_write(tmp_path / "v1", "policy.md", STRONG)]), baseline)
    assert all(f.baseline in ("unchanged", "better") for f in again.findings)
    worse = compare(audit([_write(tmp_path / "v2", "policy.md", WEAK)]), baseline)
    assert next(f for f in worse.findings if f.id == "REP-01").baseline == "worse"
