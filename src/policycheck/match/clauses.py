"""The one engine behind every matcher kind: anchor, window, elements, modality, near-misses."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from policycheck.errors import RuleError
from policycheck.match.corpus import (
    TIMEOUT,
    Corpus,
    anywhere,
    budget,
    cues,
    first_matches,
    forget,
    hits,
    may_match,
    nearest,
)
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
from policycheck.pattern import Pattern

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


def find(req: Requirement, corpus: Corpus, rules: RuleSet, policy: Policy) -> list[Candidate]:
    try:
        return _find(req, corpus, rules, policy)
    except TimeoutError:
        raise RuleError(
            f"{req.origin}: a pattern of {req.id} ran past its time bound ({TIMEOUT:g} s a sentence) "
            "(catastrophic backtracking?); simplify it, e.g. avoid nested repeats like (a+)+"
        ) from None
    finally:
        forget(corpus, "where", "hits")


def _find(req: Requirement, corpus: Corpus, rules: RuleSet, policy: Policy) -> list[Candidate]:
    if req.topic and not corpus.on_topic:
        return []
    segments = corpus.segments
    anchors: dict[int, int | None] = {}
    for language in corpus.joined:
        pats = req.patterns.get(language)
        if pats is None:
            continue
        for pattern in pats.anchor:
            for i, at in first_matches(corpus, language, pattern):
                previous = anchors.get(i)
                anchors[i] = at if previous is None else min(previous, at)
    for language, (text, offsets, indices) in corpus.headings.items():
        pats = req.patterns.get(language)
        for pattern in pats.anchor if pats else ():
            for m in pattern.finditer(text, timeout=budget(text)):
                anchors.setdefault(indices[bisect_right(offsets, m.start()) - 1], None)
    windows = {}
    for i in sorted(anchors):
        seg = segments[i]
        if not any(
            may_match(corpus, p, i) and p.search(seg.key, timeout=TIMEOUT)
            for p in req.patterns[seg.language].exclude
        ):
            windows[i] = _window(segments, i, req.window)
    return _strongest(_judged(req, corpus, rules, policy, windows, anchors))


def _strongest(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Per language, the candidate of highest rank and the one with the most elements, in
    document order: all that assess and harmonise use of them (each takes a maximum), where
    a long, dense policy yields hundreds of thousands."""
    best: dict[str, Candidate] = {}
    richest: dict[str, Candidate] = {}
    for c in candidates:
        language = c.segments[0].language
        if language not in best or c.rank > best[language].rank:
            best[language] = c
        top = richest.get(language)
        if top is None or (len(c.found), c.rank) > (len(top.found), top.rank):
            richest[language] = c
    kept = {id(c): c for c in (*best.values(), *richest.values())}
    return sorted(kept.values(), key=lambda c: c.segments[0].index)


# Windows judged in the first round; each round after takes four times as many.
FIRST_ROUND = 8


def _judged(
    req: Requirement,
    corpus: Corpus,
    rules: RuleSet,
    policy: Policy,
    windows: dict[int, tuple[Segment, ...]],
    anchors: dict[int, int | None],
) -> Iterator[Candidate]:
    """Judge the windows in document order, in rounds, until each language has a candidate
    that none after it can beat: met, with every element, and earliest (see Candidate.rank).
    A dense policy anchors a requirement hundreds of times; the first full clause ends it."""
    segments = corpus.segments
    order = sorted(windows)
    settled: set[str] = set()
    seen: set[tuple[str, int | None, tuple[str, ...]]] = set()
    start, size = 0, FIRST_ROUND
    while start < len(order):
        batch = [i for i in order[start : start + size] if segments[i].language not in settled]
        start, size = start + size, size * 4
        # Each sentence is searched once per element pattern, however many windows hold it.
        inside = frozenset(s.index for i in batch for s in windows[i])
        elements = {
            language: {
                e.id: hits(
                    corpus,
                    language,
                    req.patterns[language].elements.get(e.id, ()),
                    None if e.anywhere else inside,
                )
                for e in req.elements
            }
            for language in {segments[i].language for i in batch}
        }
        # Where each element that may stand anywhere is first found, for every window to quote.
        first = {
            language: {
                e.id: segments[min(found[e.id])] for e in req.elements if e.anywhere and found[e.id]
            }
            for language, found in elements.items()
        }
        for i in batch:
            language = segments[i].language
            # A window worded exactly like an earlier one is judged the same and ranks below
            # it (see Candidate.rank): repeated boilerplate is judged once.
            wording = (language, anchors[i], tuple(s.key for s in windows[i]))
            if language in settled or wording in seen:
                continue
            seen.add(wording)
            found = _judge(req, req.patterns[language], windows[i], anchors[i], rules, policy,
                           corpus, elements[language], first[language])  # fmt: skip
            yield found
            if found.status is Status.MET and len(found.found) == len(req.elements):
                settled.add(language)


def _window(segments: Sequence[Segment], i: int, size: int) -> tuple[Segment, ...]:
    """The anchor sentence first, then up to `size` sentences on either side of it in its
    section, and the list items it introduces: a clause's parts often sit a sentence apart."""
    seg = segments[i]
    before = [
        s for s in segments[max(0, i - size) : i] if s.location.section == seg.location.section
    ]
    out = [seg]
    following = items = 0
    # By index, not a slice: copying the rest of a 200,000-sentence document for every
    # window made long documents quadratic.
    for k in range(i + 1, len(segments)):
        nxt = segments[k]
        if nxt.location.section != seg.location.section:
            break
        # Items of a list introduced inside the window do not use up its sentences.
        if nxt.lead_in and any(s.text in nxt.lead_in for s in out) and items < MAX_ITEMS:
            items += 1
        elif following < size:
            following += 1
        else:
            break
        out.append(nxt)
    return (seg, *before, *out[1:])


def _judge(
    req: Requirement,
    pats: LanguagePatterns,
    window: tuple[Segment, ...],
    at: int | None,
    rules: RuleSet,
    policy: Policy,
    corpus: Corpus,
    element_hits: dict[str, frozenset[int]],
    first: dict[str, Segment],
) -> Candidate:
    anchor_seg = window[0]
    text = " ".join(s.key for s in window)
    inside = {s.index for s in window}
    found_ids = [e.id for e in req.elements if element_hits[e.id] & inside]
    # An element such as the definition of "victim" may stand anywhere in the document.
    elsewhere: list[Segment] = []
    for element in req.elements:
        if element.id in first and element.id not in found_ids:
            found_ids.append(element.id)
            elsewhere.append(first[element.id])
    found = tuple(e.label for e in req.elements if e.id in found_ids)
    lacking = tuple(e.label for e in req.elements if e.id not in found_ids)
    at = at or 0
    modality, word = nearest(cues(corpus, anchor_seg.index), at)
    # The literals the window holds, found when first asked: a pattern lacking its literals
    # need not run on it.
    found_by = corpus.scanners.get(anchor_seg.language)
    scanner = found_by.windows if found_by else None
    held: list[frozenset[int]] = []

    def found_in_window(pattern: Pattern) -> bool:
        if scanner is not None:
            if not held:
                held.append(scanner.holds(text))
            if not scanner.may_match(pattern, held[0]):
                return False
        return bool(pattern.search(text, timeout=budget(text)))

    near = next(
        (
            nm
            for nm in pats.near_misses
            # Some near-misses sink a clause wherever they stand (an exception in another clause).
            if (
                anywhere(corpus, anchor_seg.language, nm.pattern)
                if nm.anywhere
                else found_in_window(nm.pattern)
            )
        ),
        None,
    )
    evidence = (
        anchor_seg,
        *(s for s in window[1:] if any(s.index in h for h in element_hits.values())),
    )[:3]
    evidence += tuple(elsewhere)

    level = None
    if policy.graded:
        level = next((lv for lv in pats.levels if _level_fits(lv, found_in_window, modality)), None)
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


def _level_fits(level: Level, found: Callable[[Pattern], bool], modality: Modality) -> bool:
    if level.patterns and not any(found(p) for p in level.patterns):
        return False
    return level.modality is None or level.modality is modality


def _defined(text: str, at: int, cues: Sequence[Pattern]) -> bool:
    """A definition cue ("means", "refers to", "X: ...") at or after the term."""
    tail = text[at:]
    return any(p.search(tail, timeout=TIMEOUT) for p in cues)


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
