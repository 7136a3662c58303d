"""The fuzz script in CI: 100 mutated samples through the real CLI, and the harness itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
FUZZ = ROOT / "benchmarks" / "fuzz.py"


def _fuzz(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(FUZZ), *args], capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def mutations(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(FUZZ.parent))
    import mutations

    return mutations


@pytest.mark.slow
def test_hundred_mutated_samples_never_crash_hang_or_blow_up(tmp_path: Path) -> None:
    keep = tmp_path / "failing"
    result = _fuzz("--cases", "100", "--seed", "0", "--keep", str(keep))
    # The summary is the useful failure message: the figures, and how to replay each failure.
    summary = result.stdout[result.stdout.find("cases:") :]
    assert result.returncode == 0, summary + result.stderr
    assert "cases: 100 " in result.stdout
    assert "failures: 0" in result.stdout
    assert not keep.exists()


@pytest.mark.slow
def test_a_case_past_the_time_limit_fails_and_is_kept(tmp_path: Path) -> None:
    keep = tmp_path / "failing"
    result = _fuzz("--only", "3", "--seed", "0", "--time-limit", "0.001", "--keep", str(keep))
    assert result.returncode == 1
    assert "killed after 0.001 s" in result.stdout
    assert "failed: --seed 0 --only 3" in result.stdout
    assert next(p.name for p in keep.iterdir()).startswith("seed0-case3.")


def test_a_case_is_the_same_bytes_from_its_seed_and_number(
    mutations: ModuleType, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    first = [mutations.make_case(7, n, secret) for n in range(40)]
    again = [mutations.make_case(7, n, secret) for n in reversed(range(40))][::-1]
    assert [c.data for c in first] == [c.data for c in again]
    assert [c.mutations for c in first] == [c.mutations for c in again]
    # Every case differs from its sample; otherwise it tests nothing new.
    assert all(c.data != c.sample.read_bytes() for c in first)
    other_seed = [mutations.make_case(8, n, secret).data for n in range(40)]
    assert other_seed != [c.data for c in first]


def test_cases_reach_every_kind_of_mutation(mutations: ModuleType, tmp_path: Path) -> None:
    labels = " | ".join(
        "; ".join(mutations.make_case(0, n, tmp_path / "secret.txt").mutations) for n in range(400)
    )
    for kind in (
        "word/document.xml: ",
        "drop ",
        "duplicate ",
        "truncate word/",
        "swap the contents",
        "huge content",
        "DOCTYPE with laughs",
        "DOCTYPE with external",
        "flip ",
        "truncate to",
        "copy ",
        "insert ",
        "delete ",
        "overwrite ",
        "operators inserted",
        "string shown",
        "nested",
    ):
        assert kind in labels, kind
