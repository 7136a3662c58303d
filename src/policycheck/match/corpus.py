"""The document as the matchers see it: each language's text joined once, modality cues found
once, so that a requirement costs one regex pass per pattern, not one per sentence."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from policycheck.model import Modality, RuleSet, Segment
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
    """A document's segments, with each language's text joined once so that one regex pass
    finds every anchor (one search per pattern, not one per pattern and sentence)."""

    segments: tuple[Segment, ...]
    joined: dict[str, tuple[str, tuple[int, ...], tuple[int, ...]]]
    # Per language, the headings that open sections, joined like `joined`; each maps to the
    # first sentence below it, for which the heading may act as the anchor.
    headings: dict[str, tuple[str, tuple[int, ...], tuple[int, ...]]]
    # Whether the document speaks of sexual exploitation, abuse or harassment at all.
    on_topic: bool
    # Modality cues found in each segment's key (start, end, modality, words), overlaps resolved.
    cues: tuple[tuple[Cue, ...], ...] = ()


# Patterns never cross this: "[^.]" stops at the stop, "." stops at the newline.
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
    found: list[list[Cue]] = [[] for _ in segments]
    for language, (text, starts_at, members) in joined.items():
        for kind, patterns in rules.modality.get(language, {}).items():
            for pattern in patterns:
                for m in pattern.finditer(text, timeout=budget(text)):
                    k = bisect_right(starts_at, m.start()) - 1
                    start = m.start() - starts_at[k]
                    found[members[k]].append((start, start + len(m.group(0)), kind, m.group(0)))
    return Corpus(
        segments=tuple(segments),
        joined=joined,
        headings=headings,
        on_topic=on_topic,
        cues=tuple(resolve(hits) for hits in found),
    )


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


def hits(corpus: Corpus, language: str, patterns: Sequence[regex.Pattern[str]]) -> frozenset[int]:
    """The segments where any of `patterns` matches: one pass over the document per pattern."""
    text, offsets, indices = corpus.joined[language]
    return frozenset(
        indices[bisect_right(offsets, m.start()) - 1]
        for p in patterns
        for m in p.finditer(text, timeout=budget(text))
    )


def modality_of(
    text: str, at: int, cues: dict[Modality, tuple[regex.Pattern[str], ...]] | None
) -> tuple[Modality, str]:
    """The modality of the verb nearest to position `at` in `text`."""
    hits = [
        (m.start(), m.end(), kind, m.group(0))
        for kind, pats in (cues or {}).items()
        for p in pats
        for m in p.finditer(text, timeout=budget(text))
    ]
    return nearest(resolve(hits), at)


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
