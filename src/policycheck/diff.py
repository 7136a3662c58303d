"""Compare two drafts of a policy set: per requirement, what was gained, lost or weakened."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from policycheck.model import Finding, Report, Status


class Change(StrEnum):
    GAINED = "gained"
    LOST = "lost"
    WEAKENED = "weakened"
    STRENGTHENED = "strengthened"
    UNCHANGED = "unchanged"

    @property
    def regression(self) -> bool:
        return self in (Change.LOST, Change.WEAKENED)


@dataclass(frozen=True, slots=True, kw_only=True)
class Difference:
    old: Finding
    new: Finding
    change: Change

    @property
    def id(self) -> str:
        return self.new.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Diff:
    old: Report
    new: Report
    differences: tuple[Difference, ...]

    @property
    def regressed(self) -> bool:
        return any(d.change.regression for d in self.differences)


def diff(old: Report, new: Report) -> Diff:
    """Pair the findings of two audits by requirement id, in the new rule order."""
    before = {f.id: f for f in old.findings}
    differences = tuple(
        Difference(old=before[f.id], new=f, change=classify(before[f.id].status, f.status))
        for f in new.findings
        if f.id in before
    )
    return Diff(old=old, new=new, differences=differences)


def classify(old: Status, new: Status) -> Change:
    if old is new or Status.WAIVED in (old, new):
        return Change.UNCHANGED
    if new is Status.MET:
        return Change.GAINED
    if old is Status.MET and new is Status.MISSING:
        return Change.LOST
    return Change.WEAKENED if new.rank < old.rank else Change.STRENGTHENED
