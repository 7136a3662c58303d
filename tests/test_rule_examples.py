"""Every example of every requirement in rules/ gets the status its author expected."""

from __future__ import annotations

import pytest

from policycheck.audit import assess_text
from policycheck.examples import cases
from policycheck.model import Example, Requirement
from policycheck.rules import load_rules

RULES = load_rules()


@pytest.mark.parametrize(
    ("req", "example"), [pytest.param(req, ex, id=name) for req, ex, name in cases(RULES)]
)
def test_example(req: Requirement, example: Example) -> None:
    finding = assess_text(example.text, req, RULES, language=example.language)
    assert finding.status is example.status, finding.why
    if example.level is not None:
        assert finding.level == example.level, finding.why
