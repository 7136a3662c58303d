"""The one engine behind every matcher kind: anchor, window, elements, modality, near-misses."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from policycheck.model import (
    LanguagePatterns,
    Level,
    Modality,
    NearMiss,
    Requirement,
    RuleSet,
    Segment,
    Status,
)

# A lead-in and its items can be long; more than this many items is a new topic.
MAX_ITEMS = 15


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """What a matcher kind asks of a clause beyond its anchor and elements."""

    modality: (
        str  # "required": a binding verb is needed; "checked": weak wording weakens; "ignored"
    )
    needs_definition: bool = False
    graded: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """One place in a document that may satisfy a requirement, and how well it does."""

    status: Status
    segments: tuple[Segment, ...]
    found: tuple[str, ...] = ()
    lacking: tuple[str, ...] = ()
    modality: Modality = Modality.NONE
    modal_word: str = ""
    near_miss: NearMiss | None = None
    undefined: bool = False
    level: Level | None = None

    @property
    def rank(self) -> tuple[int, int, int]:
        return (self.status.rank, len(self.found), -self.segments[0].index)


@dataclass(frozen=True, slots=True)
class Corpus:
    """A document's segments, with each language's text joined once so that one regex pass
    finds every anchor (one search per pattern, not one per pattern and sentence)."""

    segments: tuple[Segment, ...]
    joined: dict[str, tuple[str, tuple[int, ...], tuple[int, ...]]]
    # Index of the first segment of each section, where a heading may act as the anchor.
    section_starts: tuple[tuple[int, str], ...]
    # Whether the document speaks of sexual exploitation, abuse or harassment at all.
    on_topic: bool


# Patterns never cross this: "[^.]" stops at the stop, "." stops at the newline.
SEPARATOR = "\n.\n"


def prepare(segments: Sequence[Segment], rules: RuleSet) -> Corpus:
    by_language: dict[str, list[int]] = {}
    for i, seg in enumerate(segments):
        by_language.setdefault(seg.language, []).append(i)
    joined = {}
    for language, indices in by_language.items():
        offsets, position = [], 0
        for i in indices:
            offsets.append(position)
            position += len(segments[i].key) + len(SEPARATOR)
        text = SEPARATOR.join(segments[i].key for i in indices)
        joined[language] = (text, tuple(offsets), tuple(indices))
    starts = tuple(
        (i, seg.location.section[-1])
        for i, seg in enumerate(segments)
        if seg.location.section
        and (i == 0 or segments[i - 1].location.section != seg.location.section)
    )
    headings = " \n".join({title for seg in segments for title in seg.location.section})
    on_topic = any(
        p.search(f"{text}\n{headings}")
        for language, (text, _, _) in joined.items()
        for p in rules.topic.get(language, ())
    )
    return Corpus(segments=tuple(segments), joined=joined, section_starts=starts, on_topic=on_topic)


def find(req: Requirement, corpus: Corpus, rules: RuleSet, policy: Policy) -> list[Candidate]:
    if req.topic and not corpus.on_topic:
        return []
    segments = corpus.segments
    anchors: dict[int, int | None] = {}
    for language, (text, offsets, indices) in corpus.joined.items():
        pats = req.patterns.get(language)
        if pats is None:
            continue
        for pattern in pats.anchor:
            for m in pattern.finditer(text):
                k = bisect_right(offsets, m.start()) - 1
                at = m.start() - offsets[k]
                i = indices[k]
                previous = anchors.get(i)
                anchors[i] = at if previous is None else min(previous, at)
    for i, heading in corpus.section_starts:
        pats = req.patterns.get(segments[i].language)
        if i not in anchors and pats is not None and any(p.search(heading) for p in pats.anchor):
            anchors[i] = None
    out: list[Candidate] = []
    for i in sorted(anchors):
        seg = segments[i]
        pats = req.patterns[seg.language]
        if any(p.search(seg.key) for p in pats.exclude):
            continue
        window = _window(segments, i, req.window)
        out.append(_judge(req, pats, window, anchors[i], rules, policy, corpus))
    return out


def _window(segments: Sequence[Segment], i: int, size: int) -> tuple[Segment, ...]:
    """The anchor sentence first, then up to `size` sentences on either side of it in its
    section, and the list items it introduces: a clause's parts often sit a sentence apart."""
    seg = segments[i]
    before = [
        s for s in segments[max(0, i - size) : i] if s.location.section == seg.location.section
    ]
    out = [seg]
    following = items = 0
    for nxt in segments[i + 1 :]:
        if nxt.location.section != seg.location.section:
            break
        if nxt.lead_in and seg.text in nxt.lead_in and items < MAX_ITEMS:
            items += 1
        elif following < size:
            following += 1
        else:
            break
        out.append(nxt)
    return (seg, *before, *out[1:])


def modality_of(
    text: str, at: int, cues: dict[Modality, tuple[regex.Pattern[str], ...]] | None
) -> tuple[Modality, str]:
    """The modality of the verb nearest to position `at`; longer cues win where cues overlap."""
    if not cues:
        return Modality.NONE, ""
    hits = [
        (m.start(), m.end(), kind, m.group(0))
        for kind, pats in cues.items()
        for p in pats
        for m in p.finditer(text)
    ]
    # Where cues overlap, negation wins ("no obligation to"), then the longer cue ("must not").
    hits.sort(key=lambda h: (h[2] is not Modality.NEGATED, h[0] - h[1]))
    kept: list[tuple[int, int, Modality, str]] = []
    for hit in hits:
        if all(hit[1] <= k[0] or k[1] <= hit[0] for k in kept):
            kept.append(hit)
    if not kept:
        return Modality.NONE, ""

    def distance(hit: tuple[int, int, Modality, str]) -> int:
        start, end = hit[0], hit[1]
        gap = at - end if end <= at else start - at
        # A cue after the anchor ("X is prohibited") counts, but one before it binds more often.
        return max(gap, 0) * (1 if end <= at else 2)

    best = min(kept, key=distance)
    return (best[2], best[3]) if best[2] is not Modality.NONE else (Modality.NONE, "")


def _judge(
    req: Requirement,
    pats: LanguagePatterns,
    window: tuple[Segment, ...],
    at: int | None,
    rules: RuleSet,
    policy: Policy,
    corpus: Corpus,
) -> Candidate:
    anchor_seg = window[0]
    text = " ".join(s.key for s in window)
    found_ids = [
        e.id for e in req.elements if any(p.search(text) for p in pats.elements.get(e.id, ()))
    ]
    # An element such as the definition of "victim" may stand anywhere in the document.
    elsewhere: list[Segment] = []
    for element in req.elements:
        if element.anywhere and element.id not in found_ids:
            hit = _find_anywhere(corpus, anchor_seg.language, pats.elements.get(element.id, ()))
            if hit is not None:
                found_ids.append(element.id)
                elsewhere.append(hit)
    found = tuple(e.label for e in req.elements if e.id in found_ids)
    lacking = tuple(e.label for e in req.elements if e.id not in found_ids)
    at = at or 0
    modality, word = modality_of(
        anchor_seg.key, at, dict(rules.modality.get(anchor_seg.language, {}))
    )
    near = next((nm for nm in pats.near_misses if nm.pattern.search(text)), None)
    evidence = (anchor_seg, *(s for s in window[1:] if _adds_element(s, req, pats)))[:3]
    evidence += tuple(elsewhere)

    level = None
    if policy.graded:
        level = next((lv for lv in pats.levels if _level_fits(lv, text, modality)), None)
    undefined = policy.needs_definition and not _defined(
        text, at, rules.definition_cues.get(anchor_seg.language, ())
    )

    status = _status(req, found_ids, modality, near, undefined, level, policy)
    return Candidate(
        status=status,
        segments=evidence,
        found=found,
        lacking=lacking,
        modality=modality,
        modal_word=word,
        near_miss=near,
        undefined=undefined,
        level=level,
    )


def _find_anywhere(
    corpus: Corpus, language: str, patterns: Sequence[regex.Pattern[str]]
) -> Segment | None:
    if language not in corpus.joined:
        return None
    text, offsets, indices = corpus.joined[language]
    hits = [m.start() for p in patterns if (m := p.search(text))]
    if not hits:
        return None
    return corpus.segments[indices[bisect_right(offsets, min(hits)) - 1]]


def _adds_element(seg: Segment, req: Requirement, pats: LanguagePatterns) -> bool:
    return any(p.search(seg.key) for e in req.elements for p in pats.elements.get(e.id, ()))


def _level_fits(level: Level, text: str, modality: Modality) -> bool:
    if level.patterns and not any(p.search(text) for p in level.patterns):
        return False
    return level.modality is None or level.modality is modality


def _defined(text: str, at: int, cues: Sequence[regex.Pattern[str]]) -> bool:
    """A definition cue ("means", "refers to", "X: ...") at or after the term."""
    tail = text[at:]
    return any(p.search(tail) for p in cues)


def _status(
    req: Requirement,
    found: list[str],
    modality: Modality,
    near: NearMiss | None,
    undefined: bool,
    level: Level | None,
    policy: Policy,
) -> Status:
    if near is not None and near.status is Status.MISSING:
        return Status.MISSING
    sufficient = any(e.sufficient and e.id in found for e in req.elements)
    # A term incorporated by reference ("as defined in ST/SGB/2019/8") needs no definition cue.
    if undefined and not sufficient:
        return req.bare
    if policy.graded:
        status = level.status if level else req.bare
    elif sufficient or (
        all(e.id in found for e in req.elements if e.required) and len(found) >= req.met_min
    ):
        status = Status.MET
    elif len(found) >= req.partial_min:
        status = Status.PARTIAL
    else:
        return Status.MISSING
    if policy.modality != "ignored" and not policy.graded:
        if modality is Modality.NEGATED:
            return Status.MISSING
        if modality is Modality.WEAK:
            status = _weaker(status, req.weak)
        elif modality is Modality.NONE and policy.modality == "required":
            status = _weaker(status, Status.PARTIAL)
    if near is not None:
        status = _weaker(status, near.status)
    return status


def _weaker(a: Status, b: Status) -> Status:
    return a if a.rank <= b.rank else b
