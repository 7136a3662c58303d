"""The data model: frozen dataclasses and enums shared by every stage of the pipeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for annotations: importing regex here would add to every start-up.
    from policycheck.pattern import Pattern


class Status(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"
    WAIVED = "waived"

    @property
    def rank(self) -> int:
        """Higher is better; used to pick the strongest evidence across documents."""
        return {"met": 3, "partial": 2, "missing": 1, "waived": 0}[self.value]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Strictness(StrEnum):
    MUST = "must"
    SHOULD = "should"
    GOOD_PRACTICE = "good-practice"


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    # Table-of-contents lines repeat headings and page numbers: never evidence.
    TOC = "toc"


class Modality(StrEnum):
    """How strongly a clause binds: the verb that governs a duty or a prohibition."""

    BINDING = "binding"
    WEAK = "weak"
    NEGATED = "negated"
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    file: str
    paragraph: int
    page: int | None = None
    section: tuple[str, ...] = ()
    clause: str | None = None
    # The source line where the block starts, for plain text and Markdown (editors, SARIF).
    line: int | None = None

    @property
    def section_trail(self) -> str:
        return " > ".join(self.section)


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    kind: BlockKind
    text: str
    location: Location
    language: str = "und"


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    path: str
    format: str
    sha256: str
    blocks: tuple[Block, ...]
    pages: int | None = None
    language: str = "und"
    # Share of the text in each language, e.g. {"en": 0.93, "fr": 0.07}.
    languages: tuple[tuple[str, float], ...] = ()
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A sentence (or list item) ready for matching; `lead_in` is the sentence introducing a list."""

    text: str
    location: Location
    language: str
    index: int
    block: int
    lead_in: str = ""
    # The context as patterns see it (Arabic spelling variants folded); quotes use `context`.
    key: str = ""

    @property
    def context(self) -> str:
        return f"{self.lead_in} {self.text}" if self.lead_in else self.text


@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    """One thing a compliant clause must contain, e.g. 'actual or attempted' in DEF-SE."""

    id: str
    label: str
    required: bool = False
    # Enough on its own for `met`, e.g. "all personnel" in a scope clause.
    sufficient: bool = False
    # Found anywhere in the document, not only near the clause (a definitions section).
    anywhere: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class NearMiss:
    pattern: Pattern
    status: Status
    why: str
    anywhere: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Level:
    """A graded answer (PROH-RELATIONSHIPS): which standard the text meets."""

    id: str
    label: str
    status: Status
    patterns: tuple[Pattern, ...] = ()
    # When set, the clause must also be worded with this modality (e.g. binding).
    modality: Modality | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguagePatterns:
    anchor: tuple[Pattern, ...]
    elements: Mapping[str, tuple[Pattern, ...]] = field(default_factory=dict)
    near_misses: tuple[NearMiss, ...] = ()
    levels: tuple[Level, ...] = ()
    exclude: tuple[Pattern, ...] = ()

    def every(self) -> tuple[Pattern, ...]:
        """Every pattern of the language: anchors, excludes, elements, near-misses, levels."""
        return (
            *self.anchor,
            *self.exclude,
            *(p for group in self.elements.values() for p in group),
            *(nm.pattern for nm in self.near_misses),
            *(p for level in self.levels for p in level.patterns),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    text: str
    status: Status
    language: str
    level: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    id: str
    title: str
    area: str
    recommendation: tuple[int, ...]
    strictness: Strictness
    severity: Severity
    sources: tuple[str, ...]
    rationale: str
    advice: str
    target: str
    kind: str
    elements: tuple[Element, ...]
    met_min: int
    partial_min: int
    window: int
    weak: Status
    bare: Status
    practice_evidence: bool
    topic: bool
    harmonise: bool
    patterns: Mapping[str, LanguagePatterns]
    examples: tuple[Example, ...]
    origin: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSet:
    id: str
    version: str
    requirements: tuple[Requirement, ...]
    modality: Mapping[str, Mapping[Modality, tuple[Pattern, ...]]]
    definition_cues: Mapping[str, tuple[Pattern, ...]]
    topic: Mapping[str, tuple[Pattern, ...]]
    # (symbol, title, replaced by): instruments a policy should no longer cite.
    superseded: tuple[tuple[str, str, str], ...]
    abbreviations: Mapping[str, frozenset[str]]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for req in self.requirements for lang in req.patterns)


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    quote: str
    location: Location


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    requirement: Requirement
    status: Status
    why: str
    evidence: tuple[Evidence, ...] = ()
    level: str | None = None
    # Set when an accepted exception waives the finding: its reason stays in every report,
    # and so does the status it waived (partial or missing).
    waiver: str | None = None
    waived: Status | None = None
    # Against a baseline: "new" (a gap not there before), "worse", "unchanged" or "better".
    baseline: str | None = None

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def is_gap(self) -> bool:
        return self.status in (Status.PARTIAL, Status.MISSING)

    @property
    def practice_evidence_needed(self) -> bool:
        return self.requirement.practice_evidence and self.status is Status.MET


@dataclass(frozen=True, slots=True, kw_only=True)
class Harmonisation:
    """Where the documents of a policy set do not agree with each other (Recommendation 1).

    kind: "disagreement" (the same requirement handled differently, quoted on both sides),
    "not-provided" (a document the set refers to but does not include) or "superseded"
    (a citation of an instrument that has been replaced)."""

    kind: str
    why: str
    evidence: tuple[Evidence, ...]
    requirement: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    met: int
    partial: int
    missing: int
    waived: int
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    tool_version: str
    ruleset_id: str
    ruleset_version: str
    documents: tuple[Document, ...]
    findings: tuple[Finding, ...]
    notices: tuple[str, ...] = ()
    # ISO 8601 date of the audit; reports show it, golden tests pin it.
    generated: str = ""
    # Documents whose main language the rule set has no patterns for: not a real audit.
    unsupported: tuple[str, ...] = ()
    harmonisation: tuple[Harmonisation, ...] = ()

    @property
    def summary(self) -> Summary:
        return summarize(self.findings)

    @property
    def areas(self) -> tuple[tuple[str, Summary], ...]:
        """The summary of each area, in the order the areas first appear in the rule set."""
        order = dict.fromkeys(f.requirement.area for f in self.findings)
        return tuple(
            (area, summarize([f for f in self.findings if f.requirement.area == area]))
            for area in order
        )


def summarize(findings: Sequence[Finding]) -> Summary:
    """Counts per status and a score: met counts 1, partial 0.5, out of 100; waived set aside."""
    counts = dict.fromkeys(Status, 0)
    for finding in findings:
        counts[finding.status] += 1
    judged = len(findings) - counts[Status.WAIVED]
    points = counts[Status.MET] + 0.5 * counts[Status.PARTIAL]
    return Summary(
        met=counts[Status.MET],
        partial=counts[Status.PARTIAL],
        missing=counts[Status.MISSING],
        waived=counts[Status.WAIVED],
        score=round(100 * points / judged, 1) if judged else 100.0,
    )
