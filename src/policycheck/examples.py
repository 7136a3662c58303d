"""Run the examples every requirement carries, as `rules test` and the test suite do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from policycheck.audit import assess_text
from policycheck.model import Example, Finding, Requirement, RuleSet, Status


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    requirement: Requirement
    example: Example
    name: str
    finding: Finding

    @property
    def passed(self) -> bool:
        level_ok = self.example.level is None or self.finding.level == self.example.level
        return self.finding.status is self.example.status and level_ok


def cases(rules: RuleSet) -> Iterator[tuple[Requirement, Example, str]]:
    """Each example with a stable name such as DEF-SE-fr-fail-2."""
    for req in rules.requirements:
        counters: dict[tuple[str, str], int] = {}
        for example in req.examples:
            side = "pass" if example.status is Status.MET else "fail"
            key = (example.language, side)
            counters[key] = counters.get(key, 0) + 1
            yield req, example, f"{req.id}-{example.language}-{side}-{counters[key]}"


def run(rules: RuleSet) -> Iterator[Outcome]:
    for req, example, name in cases(rules):
        finding = assess_text(example.text, req, rules, language=example.language)
        yield Outcome(requirement=req, example=example, name=name, finding=finding)
