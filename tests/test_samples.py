"""Each sample policy gets the statuses its sidecar (<name>.expected.yaml) records.

A sidecar value is one status, or a short list where a careful reviewer could defend either
(the comment beside it says why); the first is the reviewer's own call.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from policycheck.audit import audit
from policycheck.model import Report

SAMPLES = Path(__file__).resolve().parents[1] / "sample_policies"


@cache
def _report(document: str) -> Report:
    return audit([SAMPLES / document])


def _cases() -> list[pytest.param]:
    cases = []
    for sidecar in sorted(SAMPLES.glob("*.expected.yaml")):
        spec = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        for rid, status in spec["expected"].items():
            cases.append(
                pytest.param(spec["document"], rid, status, id=f"{spec['document']}-{rid}")
            )
    return cases


@pytest.mark.parametrize(("document", "rid", "expected"), _cases())
def test_sample_status(document: str, rid: str, expected: str | list[str]) -> None:
    finding = next(f for f in _report(document).findings if f.id == rid)
    accepted = expected if isinstance(expected, list) else [expected]
    assert finding.status.value in accepted, finding.why
