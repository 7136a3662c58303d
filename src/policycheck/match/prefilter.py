"""Literal prefilter: the words a pattern cannot match without, found for every pattern in one
Aho–Corasick pass over a document, so that a full regex runs only on the sentences that hold
them (most requirements speak of a few terms most sentences never use).

`needs(pattern)` reads the pattern's syntax tree and returns clauses, each a set of literals:
every match contains at least one literal of every clause. A pattern it cannot read, or whose
literals are too short to be selective, gets no clauses and always runs in full. Literals and
text are compared casefolded, so the prefilter may let through more than the pattern matches
(it only decides where the pattern runs) but never less.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import product
from pathlib import Path

# re's parser reads the pattern syntax the rules use (regex V0 is re-compatible); a pattern
# using regex-only syntax (\p{L}, named lists) simply gets no prefilter.
from re import _parser as sre  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

from ahocorasick_rs import AhoCorasick

if TYPE_CHECKING:
    from policycheck.model import RuleSet
    from policycheck.pattern import Pattern

# Syntax that re's parser reads without error but not as the regex module means it: POSIX
# classes ("[[:alpha:]]") and fuzzy constraints ("{e<=1}"); such patterns get no prefilter.
REGEX_ONLY = re.compile(r"\[:\^?\w+:\]|\{(?!\d*,?\d*\})")
# The most strings a pattern part may stand for before it counts as "anything": products of
# alternatives grow fast ("(a|b)(c|d)..."), and a set this large tells little.
MAX_SET = 64
# A clause may gather more: each option of a long alternation brings its own words.
MAX_CLAUSE = 512
# Literals shorter than this (CJK characters count as three) match too many sentences.
MIN_WEIGHT = 3
# The clauses kept per pattern: the most selective ones.
MAX_CLAUSES = 3

# Characters as telling as a short word: CJK ideographs and syllables, "@" in an address.
HEAVY = re.compile("[@\u2e80-\u9fff\uac00-\ud7af]")

Clause = frozenset[str]

SUBPATTERN = sre.SUBPATTERN
ATOMIC = getattr(sre, "ATOMIC_GROUP", None)
REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
ZERO_WIDTH = {sre.AT, sre.ASSERT_NOT}


def fold(text: str) -> str:
    """The form literals and text are compared in: casefolded (so "ſ" is "s" and "K" is "k"),
    without the combining dot that casefolding "İ" leaves behind."""
    return text.casefold().replace("\u0307", "")


@cache
def needs(pattern: Pattern) -> tuple[Clause, ...]:
    """Clauses of literals that every match of `pattern` contains; () if none can be told."""
    if REGEX_ONLY.search(pattern.pattern):
        return ()
    try:
        tree = sre.parse(pattern.pattern, re.IGNORECASE | re.MULTILINE)
    except (re.error, OverflowError, RecursionError, ValueError):
        return ()
    try:
        _, clauses = _sequence(list(tree))
    except RecursionError:
        return ()
    usable = sorted({c for c in clauses if _selective(c)}, key=_score, reverse=True)
    return tuple(usable[:MAX_CLAUSES])


def _selective(clause: Clause) -> bool:
    return 0 < len(clause) <= MAX_CLAUSE and min(map(_weight, clause)) >= MIN_WEIGHT


def _weight(literal: str) -> int:
    """A literal's length, where a CJK character or "@" counts as three."""
    return len(literal) + 2 * len(HEAVY.findall(literal))


def _score(clause: Clause) -> tuple[int, int]:
    return min(map(_weight, clause)), -len(clause)


# A node's facts: the exact strings it can match (None: too many to list) and the clauses
# every match of it satisfies.
Facts = tuple[frozenset[str] | None, list[Clause]]


def _node(op: Any, av: Any) -> Facts:
    if op is sre.LITERAL:
        return frozenset({fold(chr(av))}), []
    if op is sre.IN:
        chars = _class(av)
        return (frozenset(fold(c) for c in chars) if chars is not None else None), []
    if op is SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is ATOMIC:
        return _sequence(list(av))
    if op is sre.ASSERT:
        # A lookahead or lookbehind matches nothing itself, but what it asserts is in the text.
        exact, clauses = _sequence(list(av[1]))
        return frozenset({""}), clauses + ([exact] if exact is not None else [])
    if op in ZERO_WIDTH:
        return frozenset({""}), []
    if op is sre.BRANCH:
        return _branch([_sequence(list(p)) for p in av[1]])
    if op in REPEATS:
        low, high, body = av
        exact, clauses = _sequence(list(body))
        if low == 0:
            if high == 1 and exact is not None:
                return exact | {""}, []
            return None, []
        if exact is not None and low == high and len(exact) ** low <= MAX_SET:
            return _product([exact] * low), []
        return None, clauses + ([exact] if exact is not None else [])
    return None, []  # any character, categories, back-references: nothing to rely on


def _class(items: Sequence[tuple[Any, Any]]) -> list[str] | None:
    """The characters of a small positive class like [sz]; None for anything wider."""
    chars: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < 8:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars if len(chars) <= 8 else None


def _branch(options: list[Facts]) -> Facts:
    exacts = [exact for exact, _ in options]
    exact: frozenset[str] | None = None
    if all(e is not None for e in exacts):
        union = frozenset().union(*(e for e in exacts if e is not None))
        exact = union if len(union) <= MAX_SET else None
    # Every match goes through one option, so it holds one of the options' literals: the
    # union is as telling as its weakest pick, so each option gives its most telling set.
    picks = [_best(([e] if e is not None else []) + clauses) for e, clauses in options]
    if all(p is not None for p in picks):
        merged = frozenset().union(*(p for p in picks if p is not None))
        return exact, [merged]
    return exact, []


def _best(clauses: Iterable[Clause]) -> Clause | None:
    usable = [c for c in clauses if _selective(c)]
    return max(usable, key=_score) if usable else None


def _product(parts: list[frozenset[str]]) -> frozenset[str]:
    return frozenset("".join(p) for p in product(*parts))


def _sequence(items: list[tuple[Any, Any]]) -> Facts:
    """Facts of a concatenation: runs of exact parts become longer literals."""
    clauses: list[Clause] = []
    run: frozenset[str] = frozenset({""})
    whole = True  # the run so far is everything the sequence matches
    for exact, inner, group in _parts(items):
        clauses.extend(inner)
        if group and exact is not None and "" not in exact:
            clauses.append(exact)  # a group is as necessary as the run it joins
        if exact is not None and len(run) * len(exact) <= MAX_SET:
            run = frozenset(a + b for a in run for b in exact)
            continue
        clauses.append(run)
        whole = False
        run = exact if exact is not None else frozenset({""})
    clauses.append(run)
    return (run if whole else None), clauses


def _parts(
    items: list[tuple[Any, Any]],
) -> Iterator[tuple[frozenset[str] | None, list[Clause], bool]]:
    """The facts of each item, with neighbouring characters read as one string."""
    chars: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av))
            continue
        if chars:
            yield frozenset({fold("".join(chars))}), [], False
            chars = []
        exact, inner = _node(op, av)
        yield exact, inner, True
    if chars:
        yield frozenset({fold("".join(chars))}), [], False


class Scanner:
    """The literals of a set of patterns in one automaton, so that one pass over a document
    tells which sentences hold which literals."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        ids: dict[str, int] = {}
        self.clauses: dict[Pattern, tuple[frozenset[int], ...]] = {}
        unique = list(dict.fromkeys(patterns))
        for pattern, clauses in zip(unique, _analyses(unique), strict=True):
            self.clauses[pattern] = tuple(
                frozenset(ids.setdefault(literal, len(ids)) for literal in sorted(clause))
                for clause in clauses
            )
        self._automaton = AhoCorasick(list(ids)) if ids else None

    def may_match(self, pattern: Pattern, held: frozenset[int]) -> bool:
        """Whether a text holding the literals `held` may match `pattern`."""
        return all(not clause.isdisjoint(held) for clause in self.clauses.get(pattern, ()))

    def holds(self, text: str) -> frozenset[int]:
        """The literals `text` holds."""
        if self._automaton is None:
            return frozenset()
        found = self._automaton.find_matches_as_indexes(fold(text), overlapping=True)
        return frozenset(m[0] for m in found)


@cache
def _code() -> bytes:
    """This module's code, read once: an analysis made by other code is not reused."""
    return hashlib.sha256(Path(__file__).read_bytes()).digest()


def cache_file(patterns: Sequence[Pattern]) -> Path:
    """Where the analysis of these patterns is kept."""
    from policycheck.ingest.cache import default_folder

    digest = hashlib.sha256(_code())
    for pattern in patterns:
        digest.update(f"\0{pattern.flags}:{pattern.pattern}".encode())
    return default_folder() / f"prefilter-{digest.hexdigest()[:32]}.json"


def _analyses(patterns: Sequence[Pattern]) -> list[tuple[Clause, ...]]:
    """`needs` of each pattern, kept on disk like bytecode: reading the syntax of a language's
    thousand patterns takes a quarter of a second, reading the answers back a few milliseconds.
    The key covers the patterns and this module's code, so a change to either starts afresh."""
    file = cache_file(patterns)
    try:
        stored = json.loads(file.read_text(encoding="utf-8"))
        # Clauses of the wrong shape would make the prefilter skip real matches: such a file
        # is ignored, never trusted.
        if len(stored) == len(patterns) and all(
            isinstance(clause, list)
            and clause
            and all(isinstance(lit, str) and lit for lit in clause)
            for clauses in stored
            for clause in clauses
        ):
            return [tuple(frozenset(clause) for clause in clauses) for clauses in stored]
    except (OSError, ValueError, TypeError):
        pass
    found = [needs(pattern) for pattern in patterns]
    # A cache that cannot be written only costs time.
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        temp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps([[sorted(c) for c in clauses] for clauses in found]), "utf-8")
        temp.replace(file)
    return found


@dataclass(frozen=True, slots=True)
class Scanners:
    """A rule set's scanners for one language: one for the patterns searched sentence by
    sentence, one for those searched in a clause's window of sentences (near-misses, levels,
    definition cues), which must stay small because it runs once per window."""

    sentences: Scanner
    windows: Scanner


# The scanners of the rule sets in use, newest last: a rule set is built once per process,
# but tests and `rules test` load many.
_SCANNERS: dict[tuple[int, str], tuple[RuleSet, Scanners]] = {}
KEEP = 8


def scanners(rules: RuleSet, language: str) -> Scanners:
    """The scanners of every pattern the requirements of `rules` have in `language`."""
    key = (id(rules), language)
    if key in _SCANNERS and _SCANNERS[key][0] is rules:
        return _SCANNERS[key][1]
    sentences: list[Pattern] = []
    windows: list[Pattern] = list(rules.definition_cues.get(language, ()))
    for cues in rules.modality.get(language, {}).values():
        sentences.extend(cues)
    for req in rules.requirements:
        pats = req.patterns.get(language)
        if pats is None:
            continue
        sentences.extend(pats.anchor)
        sentences.extend(pats.exclude)
        sentences.extend(p for group in pats.elements.values() for p in group)
        for nm in pats.near_misses:
            (sentences if nm.anywhere else windows).append(nm.pattern)
        windows.extend(p for level in pats.levels for p in level.patterns)
    made = Scanners(Scanner(sentences), Scanner(windows))
    _SCANNERS[key] = (rules, made)
    while len(_SCANNERS) > KEEP:
        del _SCANNERS[next(iter(_SCANNERS))]
    return made
