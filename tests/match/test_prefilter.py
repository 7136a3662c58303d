"""The literal prefilter decides where a pattern runs; it must never change what is found."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import cache
from itertools import accumulate
from pathlib import Path

import pytest

from policycheck.audit import audit
from policycheck.ingest import read_document
from policycheck.match import prefilter
from policycheck.match.corpus import first_matches, prepare
from policycheck.pattern import Pattern
from policycheck.rules import load_rules
from policycheck.segment import segment
from tests.conftest import document

SAMPLES = Path(__file__).resolve().parents[2] / "sample_policies"
RULES = load_rules()


def needs(source: str) -> set[frozenset[str]]:
    return set(prefilter.needs(Pattern(source, "test")))


@pytest.mark.parametrize(
    ("source", "clause"),
    [
        (r"\bsexual exploitation\b", {"sexual exploitation"}),
        (r"organi[sz]ations?", {"organisation", "organization"}),
        (r"\bcode of conduct\b|\bstaff rules\b", {"code of conduct", "staff rules"}),
        (r"^(?=.*\bdismissal\b).*\bmisconduct", {"dismissal"}),
        ("Sexual", {"sexual"}),  # compared casefolded, like the pattern's IGNORECASE
        ("性剥削", {"性剥削"}),
        (r"\S+@\S+\.[a-z]{2,}", {"@"}),
    ],
)
def test_necessary_literals(source: str, clause: set[str]) -> None:
    assert any(clause <= found for found in needs(source)), needs(source)


@pytest.mark.parametrize(
    "source",
    [
        r"\w+",
        r"\b(?:it|he)\b",  # too short to tell sentences apart
        r"(?:sexual )?",
        r"\p{L}+ abuse",  # regex-only syntax: re's parser cannot read it
        r"(?:abuse){e<=1}",  # fuzzy matching: re would read "{e<=1}" as text
        r"[[:alpha:]]+ abuse",  # POSIX class: re would read it as a set of characters
    ],
)
def test_no_prefilter_when_it_cannot_be_sound(source: str) -> None:
    assert needs(source) == set()


@cache
def sample_keys() -> dict[str, list[str]]:
    """The sentences of every sample policy and rule example, by language, as patterns see them."""
    keys: dict[str, list[str]] = {}
    for path in sorted(SAMPLES.glob("*.*")):
        if path.suffix in (".docx", ".pdf", ".md"):
            for seg in segment(read_document(path), RULES.abbreviations):
                keys.setdefault(seg.language, []).append(seg.key)
    for req in RULES.requirements:
        for ex in req.examples:
            keys.setdefault(ex.language, []).append(ex.text)
    return keys


@pytest.mark.parametrize("language", ["en", "fr", "es", "zh", "ar"])
def test_every_builtin_pattern_that_matches_a_sentence_has_its_literals_there(
    language: str,
) -> None:
    """Soundness on real text: wherever a pattern matches, the literals it was said to need
    are in the sentence, so skipping the sentences without them loses nothing."""
    keys = sample_keys()[language]
    # One search over all sentences finds the candidates; each is then checked on its own.
    joined = "\n\x00\n".join(keys)
    starts = list(accumulate((len(k) + 3 for k in keys[:-1]), initial=0))
    checked = 0
    for req in RULES.requirements:
        pats = req.patterns.get(language)
        if pats is None:
            continue
        for pattern in pats.every():
            clauses = prefilter.needs(pattern)
            if not clauses:
                continue
            hit = {bisect_right(starts, m.start()) - 1 for m in pattern.finditer(joined, timeout=5)}
            for key in (keys[i] for i in hit if pattern.search(keys[i], timeout=2)):
                text = prefilter.fold(key)
                checked += 1
                missing = [c for c in clauses if not any(lit in text for lit in c)]
                assert not missing, (pattern.pattern, key, missing)
    assert checked > 100


def test_a_match_that_eats_the_separator_does_not_hide_the_next_sentence() -> None:
    """'^[\\s.]*' can run from the end of one sentence into the next when the document is
    searched in one pass; every sentence must get the answer of a search in it alone."""
    doc = document(*["Allocate resources.", "Executive Director oversees the policy."] * 30)
    corpus = prepare(tuple(segment(doc, RULES.abbreviations)), RULES)
    pattern = Pattern(r"^[\s.]*executive director", "test")
    found = dict(first_matches(corpus, "en", pattern))
    assert sorted(found) == list(range(1, 60, 2))
    assert set(found.values()) == {0}


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".docx", ".pdf", ".md")),
)
def test_samples_audit_the_same_with_and_without_the_prefilter(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        # A copy of the rule set whose patterns get no literals: every pattern runs everywhere.
        patch.setattr(prefilter, "_analyses", lambda patterns: [() for _ in patterns])
        slow = audit([SAMPLES / name], rules=replace(RULES))
    fast = audit([SAMPLES / name], rules=RULES)
    assert [(f.id, f.status, f.why, f.evidence) for f in fast.findings] == [
        (f.id, f.status, f.why, f.evidence) for f in slow.findings
    ]


def test_a_cached_analysis_of_the_wrong_shape_is_recomputed_not_trusted() -> None:
    patterns = [Pattern(r"\bsexual exploitation\b", "test"), Pattern(r"\bzero tolerance\b", "t")]
    expected = prefilter._analyses(patterns)
    cached = prefilter.cache_file(patterns)
    assert cached.exists()
    # Clauses as bare strings would read as sets of characters: "s", "e", "x" ...
    cached.write_text('[["sexual exploitation"], ["zero tolerance"]]', encoding="utf-8")
    assert prefilter._analyses(patterns) == expected
