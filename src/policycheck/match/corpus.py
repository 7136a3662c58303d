"""The document as the matchers see it: each language's text joined once, and every literal
of the rule set located once (match/prefilter.py), so that a pattern runs either on the few
sentences holding its literals or in one pass over the whole text, whichever costs less."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from policycheck.match.prefilter import Scanners, scanners
from policycheck.model import Modality, RuleSet, Segment
from policycheck.pattern import Pattern
from policycheck.segment import fold

# Seconds one pattern may run on one sentence-sized text: a pattern in a user's pack cannot
# hang the audit. Passes over a whole document get budget(text), which grows with its size.
TIMEOUT = 2.0


def budget(text: str) -> float:
    """The time one pattern may take over `text`: 2 s, plus 2 s per million characters."""
    return TIMEOUT + 2.0 * len(text) / 1_000_000


Cue = tuple[int, int, Modality, str]


@dataclass(frozen=True, slots=True)
class Corpus:
    """A document's segments, each language's text joined once for whole-text passes, and
    where each literal of the rule set stands."""

    segments: tuple[Segment, ...]
    joined: dict[str, tuple[str, tuple[int, ...], tuple[int, ...]]]
    # Per language, the headings that open sections, joined like `joined`; each maps to the
    # first sentence below it, for which the heading may act as the anchor.
    headings: dict[str, tuple[str, tuple[int, ...], tuple[int, ...]]]
    # Whether the document speaks of sexual exploitation, abuse or harassment at all.
    on_topic: bool
    # The rule set's modality cues per language, found in a segment when asked (see cues()).
    modality: Mapping[str, Mapping[Modality, tuple[Pattern, ...]]] = field(default_factory=dict)
    # Per language, the rule set's literal scanner and, for each literal, the segments holding it.
    scanners: Mapping[str, Scanners] = field(default_factory=dict)
    # Arrays, not sets: a 200,000-sentence document holds millions of (literal, sentence) pairs.
    held: Mapping[str, Mapping[int, array[int]]] = field(default_factory=dict)
    # Answers already worked out for this document: where a pattern may match, whether it does.
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)


# Most patterns cannot cross this ("[^.]" stops at the stop, "." at the newline); a match
# that does is searched again sentence by sentence (see first_matches).
SEPARATOR = "\n.\n"


def prepare(segments: Sequence[Segment], rules: RuleSet) -> Corpus:
    by_language: dict[str, list[int]] = {}
    for i, seg in enumerate(segments):
        by_language.setdefault(seg.language, []).append(i)
    joined = {
        language: _join([segments[i].key for i in indices], indices)
        for language, indices in by_language.items()
    }
    heads: dict[str, list[tuple[int, str]]] = {}
    for i, seg in enumerate(segments):
        if seg.location.section and (
            i == 0 or segments[i - 1].location.section != seg.location.section
        ):
            heads.setdefault(seg.language, []).append((i, seg.location.section[-1]))
    headings = {
        language: _join([fold(title) for _, title in pairs], [i for i, _ in pairs])
        for language, pairs in heads.items()
    }
    titles = " \n".join({title for seg in segments for title in seg.location.section})
    on_topic = any(
        p.search(f"{text}\n{fold(titles)}", timeout=budget(text))
        for language, (text, _, _) in joined.items()
        for p in rules.topic.get(language, ())
    )
    found_by = {lang: scanners(rules, lang) for lang in joined if lang in rules.languages}
    held: dict[str, Mapping[int, array[int]]] = {}
    for language, found_in in found_by.items():
        indices = joined[language][2]
        where: dict[int, array[int]] = {}
        # One sentence at a time: the literal sets of 200,000 sentences at once are 400 MB.
        for i in indices:
            for literal in found_in.sentences.holds(segments[i].key):
                if literal not in where:
                    where[literal] = array("l")
                where[literal].append(i)
        held[language] = where
    return Corpus(
        segments=tuple(segments),
        joined=joined,
        headings=headings,
        on_topic=on_topic,
        modality=rules.modality,
        scanners=found_by,
        held=held,
    )


def cues(corpus: Corpus, i: int) -> tuple[Cue, ...]:
    """The modality cues of segment `i` (start, end, modality, words), overlaps resolved;
    worked out for the anchor sentences that ask, with the cues whose words it holds."""
    key = ("cues", i)
    if key not in corpus.memo:
        seg = corpus.segments[i]
        corpus.memo[key] = resolve(
            [
                (m.start(), m.end(), kind, m.group(0))
                for kind, p in _cue_patterns(corpus, seg.language).get(i, ())
                for m in p.finditer(seg.key, timeout=TIMEOUT)
            ]
        )
    return corpus.memo[key]  # type: ignore[return-value]


def _cue_patterns(corpus: Corpus, language: str) -> dict[int, list[tuple[Modality, Pattern]]]:
    """For each segment of `language`, the modality cues that may match it, in rule order."""
    key = ("cue patterns", language)
    if key not in corpus.memo:
        indices = corpus.joined[language][2]
        per: dict[int, list[tuple[Modality, Pattern]]] = {}
        for kind, patterns in corpus.modality.get(language, {}).items():
            for p in patterns:
                candidates = where(corpus, language, p)
                for i in indices if candidates is None else sorted(candidates):
                    per.setdefault(i, []).append((kind, p))
        corpus.memo[key] = per
    return corpus.memo[key]  # type: ignore[return-value]


def _join(texts: list[str], indices: list[int]) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The texts joined by SEPARATOR, with where each starts and whose it is."""
    offsets, position = [], 0
    for text in texts:
        offsets.append(position)
        position += len(text) + len(SEPARATOR)
    return SEPARATOR.join(texts), tuple(offsets), tuple(indices)


def resolve(hits: list[Cue]) -> tuple[Cue, ...]:
    """Where cues overlap, negation wins ("no obligation to"), then the longer cue ("must not")."""
    hits = sorted(hits, key=lambda h: (h[2] is not Modality.NEGATED, h[0] - h[1]))
    kept: list[Cue] = []
    for hit in hits:
        if all(hit[1] <= k[0] or k[1] <= hit[0] for k in kept):
            kept.append(hit)
    return tuple(kept)


def where(corpus: Corpus, language: str, pattern: Pattern) -> frozenset[int] | None:
    """The segments that hold the literals `pattern` cannot match without; None when the
    prefilter cannot tell (then the pattern runs everywhere)."""
    key = ("where", language, pattern)
    if key not in corpus.memo:
        found = corpus.scanners.get(language)
        clauses = found.sentences.clauses.get(pattern) if found else None
        held = corpus.held.get(language, {})
        corpus.memo[key] = (
            frozenset.intersection(
                *(frozenset().union(*(held.get(lit, ()) for lit in clause)) for clause in clauses)
            )
            if clauses
            else None
        )
    return corpus.memo[key]  # type: ignore[return-value]


def forget(corpus: Corpus, *kinds: str) -> None:
    """Drop the answers of these kinds: where a requirement's own patterns may match is of no
    use to the next, and on a 200,000-sentence document those sets run to hundreds of MB."""
    for key in [k for k in corpus.memo if isinstance(k, tuple) and k[0] in kinds]:
        del corpus.memo[key]


def may_match(corpus: Corpus, pattern: Pattern, i: int) -> bool:
    """Whether segment `i` may match `pattern` at all (False: it lacks the pattern's literals)."""
    candidates = where(corpus, corpus.segments[i].language, pattern)
    return candidates is None or i in candidates


def first_matches(
    corpus: Corpus,
    language: str,
    pattern: Pattern,
    among: frozenset[int] | None = None,
) -> Iterator[tuple[int, int]]:
    """Each segment of `language` (of `among`, if given) that `pattern` matches, with where
    its first match starts: the answer of a search in each segment by itself."""
    text, offsets, indices = corpus.joined[language]
    candidates = where(corpus, language, pattern)
    if among is not None and candidates is None:
        candidates = frozenset(i for i in among if corpus.segments[i].language == language)
    elif among is not None and candidates is not None:
        candidates &= among
    if candidates is not None and 4 * len(candidates) < len(indices):
        # Few sentences may match: search only those.
        yield from _each(corpus, pattern, sorted(candidates))
        return
    # Many may: one pass over the whole text costs less than a search per sentence.
    first: dict[int, int] = {}
    again: set[int] = set()
    for m in pattern.finditer(text, timeout=budget(text)):
        k = bisect_right(offsets, m.start()) - 1
        if m.end() > offsets[k] + len(corpus.segments[indices[k]].key):
            # A match that runs past its segment's end ("^[\s.]*" eats the separator) may
            # hide one in the next segment: search the segments it touches one by one.
            again.update(indices[k : bisect_right(offsets, m.end())])
        elif indices[k] not in first:
            first[indices[k]] = m.start() - offsets[k]
    first.update(_each(corpus, pattern, sorted(again)))
    for i in sorted(first):
        if candidates is None or i in candidates:
            yield i, first[i]


def _each(corpus: Corpus, pattern: Pattern, indices: Sequence[int]) -> Iterator[tuple[int, int]]:
    for i in indices:
        if m := pattern.search(corpus.segments[i].key, timeout=TIMEOUT):
            yield i, m.start()


def hits(
    corpus: Corpus,
    language: str,
    patterns: Sequence[Pattern],
    among: frozenset[int] | None = None,
) -> frozenset[int]:
    """The segments (of `among`, if given) where any of `patterns` matches."""
    if among is not None:
        return frozenset(i for p in patterns for i, _ in first_matches(corpus, language, p, among))
    key = ("hits", language, tuple(patterns))
    if key not in corpus.memo:
        corpus.memo[key] = frozenset(
            i for p in patterns for i, _ in first_matches(corpus, language, p)
        )
    return corpus.memo[key]  # type: ignore[return-value]


def anywhere(corpus: Corpus, language: str, pattern: Pattern) -> bool:
    """Whether `pattern` matches anywhere in the document's text in `language`."""
    key = ("anywhere", language, pattern)
    if key not in corpus.memo:
        corpus.memo[key] = next(first_matches(corpus, language, pattern), None) is not None
    return corpus.memo[key]  # type: ignore[return-value]


def nearest(kept: tuple[Cue, ...], at: int) -> tuple[Modality, str]:
    """The cue nearest to `at`; a "neutral" look-alike ("may lead to") means no modality."""
    if not kept:
        return Modality.NONE, ""

    def distance(hit: Cue) -> int:
        start, end = hit[0], hit[1]
        gap = at - end if end <= at else start - at
        # A cue after the anchor ("X is prohibited") counts, but one before it binds more often.
        return max(gap, 0) * (1 if end <= at else 2)

    best = min(kept, key=distance)
    return (best[2], best[3]) if best[2] is not Modality.NONE else (Modality.NONE, "")
