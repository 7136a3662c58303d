"""The partner scorecard: a report read against the eight core standards of the UN capacity assessment."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from policycheck.errors import RuleError
from policycheck.model import Report, Status

STANDARDS_FILE = "standards.yaml"


class Support(StrEnum):
    """How far the policy text supports a standard."""

    SUPPORTED = "supported"
    PARTIAL = "partial"
    UNSUPPORTED = "unsupported"
    # Every requirement of the standard is turned off in the config or absent from the rule set.
    NOT_ASSESSED = "not-assessed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Standard:
    number: int
    name: str
    requirements: tuple[str, ...]
    # Needs evidence of practice that no text can give; `ask_for` names the records.
    practice: bool
    ask_for: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rating:
    standard: Standard
    support: Support
    # Each mapped requirement the report judged, with its status, in the mapping's order.
    statuses: tuple[tuple[str, Status], ...]

    @property
    def met(self) -> tuple[str, ...]:
        return tuple(rid for rid, status in self.statuses if status is Status.MET)

    @property
    def gaps(self) -> tuple[tuple[str, Status], ...]:
        return tuple((rid, status) for rid, status in self.statuses if status is not Status.MET)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scorecard:
    ratings: tuple[Rating, ...]

    def with_support(self, support: Support) -> tuple[Rating, ...]:
        return tuple(r for r in self.ratings if r.support is support)

    @property
    def practice(self) -> tuple[Rating, ...]:
        """The standards that need evidence of practice, whatever the text says."""
        return tuple(r for r in self.ratings if r.standard.practice)


def scorecard(report: Report, standards: tuple[Standard, ...]) -> Scorecard:
    """Rate each standard: supported when all its requirements are met, partial when some are."""
    status = {f.id: f.status for f in report.findings}
    return Scorecard(
        ratings=tuple(
            _rate(s, tuple((rid, status[rid]) for rid in s.requirements if rid in status))
            for s in standards
        )
    )


def _rate(standard: Standard, statuses: tuple[tuple[str, Status], ...]) -> Rating:
    # A waived requirement is an accepted gap, not documentary support: it counts as missing.
    found = {s for _, s in statuses}
    if not statuses:
        support = Support.NOT_ASSESSED
    elif found == {Status.MET}:
        support = Support.SUPPORTED
    elif found & {Status.MET, Status.PARTIAL}:
        support = Support.PARTIAL
    else:
        support = Support.UNSUPPORTED
    return Rating(standard=standard, support=support, statuses=statuses)


def builtin_standards_file() -> Path:
    from policycheck.rules import builtin_rules_dir

    return builtin_rules_dir() / STANDARDS_FILE


def load_standards(path: Path | None = None) -> tuple[Standard, ...]:
    """The standards in `path` (default: the built-in rules/standards.yaml), validated."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from policycheck.rules import describe_error

    path = path or builtin_standards_file()
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot be read ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise RuleError(f"{path}: not valid YAML") from None
    schema = json.loads(
        (resources.files("policycheck") / "schemas" / "standards.schema.json").read_text(
            encoding="utf-8"
        )
    )
    error = best_match(Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        raise RuleError(f"{path}: {describe_error(error)}")
    numbers = [s["number"] for s in data["standards"]]
    if len(set(numbers)) != len(numbers):
        raise RuleError(f"{path}: standards: each number may appear once")
    return tuple(
        Standard(
            number=s["number"],
            name=s["name"],
            requirements=tuple(s["requirements"]),
            practice=s["practice"],
            ask_for=s.get("ask_for", ""),
        )
        for s in data["standards"]
    )
