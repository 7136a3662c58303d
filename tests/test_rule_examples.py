"""Every example of every requirement in rules/ gets the status its author expected."""

from __future__ import annotations

import pytest

from policycheck.audit import assess_text
from policycheck.model import Example, Requirement, Status
from policycheck.rules import load_rules

RULES = load_rules()


def _cases() -> list[pytest.param]:
    cases = []
    for req in RULES.requirements:
        counters = {"pass": 0, "fail": 0}
        for example in req.examples:
            side = "pass" if example.status is Status.MET else "fail"
            counters[side] += 1
            tag = f"{req.id}-{example.language}-{side}-{counters[side]}"
            cases.append(pytest.param(req, example, id=tag))
    return cases


@pytest.mark.parametrize(("req", "example"), _cases())
def test_example(req: Requirement, example: Example) -> None:
    finding = assess_text(example.text, req, RULES, language=example.language)
    assert finding.status is example.status, finding.why
    if example.level is not None:
        assert finding.level == example.level, finding.why
