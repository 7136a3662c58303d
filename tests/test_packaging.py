"""A non-editable install finds its built-in rules: a packaging slip fails here, not for a user."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_the_rules_and_audits(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(tmp_path.glob("policycheck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "policycheck/rules/schema.json" in names
    assert "policycheck/rules/default.yaml" in names
    assert "policycheck/schemas/report.schema.json" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    # Run from an empty folder with the installed copy first on the path: no source tree in reach.
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import policycheck, policycheck.rules as r;"
        "assert policycheck.__file__.startswith(sys.argv[1]), policycheck.__file__;"
        "rules = r.load_rules(); assert str(r.builtin_rules_dir()).startswith(sys.argv[1]);"
        "print(len(rules.requirements))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    assert int(out.stdout) >= 1
