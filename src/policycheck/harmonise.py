"""Harmonise: where a policy set's documents disagree, cite what they do not include, or cite
instruments that were replaced (Recommendation 1 asks that they be harmonised)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from policycheck.assess import quotes
from policycheck.match import Candidate
from policycheck.model import (
    BlockKind,
    Document,
    Evidence,
    Harmonisation,
    Modality,
    Requirement,
    RuleSet,
    Status,
)

# "see the Whistleblower Policy", "in accordance with our Code of Conduct" (English, French,
# Spanish): a named document of the organisation's own.
REFERENCE = re.compile(
    r"\b(?i:see|refer(?:s|red)? to|read (?:together )?with|in accordance with|as set out in|"
    r"set out in|described in|as defined in|under|pursuant to|consistent with|in line with|"
    r"voir|conformément à|selon|prévue? par|véase|conforme a|de acuerdo con|según)\s+"
    r"(?i:the |our |its |la |le |l'|el |nuestra |nuestro )?"
    r"(?P<title>(?:[A-Z][\w'’-]*\s+(?:(?:on|of|for|and|to|de|du|des|sur|la|le|el|y|et)\s+)?){0,6}"
    r"(?:Policy|Procedures?|Code of Conduct|Guidelines|Protocol|Manual|Handbook|Charter|"
    r"Politique|Procédure|Code de conduite|Política|Procedimiento|Código de conducta))",
)
# System-wide instruments, cited as standards rather than as the set's own documents.
EXTERNAL = re.compile(
    r"(?:United Nations|UN|IASC|Inter-Agency|Secretary-General|Nations Unies|Naciones Unidas)\b"
)
# Words that name a kind of document, not which one.
GENERIC = frozenset(
    "policy procedure procedures code conduct guidelines protocol manual handbook charter the of on for and to "
    "our its this politique procédure de du des sur la le política procedimiento código el y et".split()
)


def harmonise(
    rules: RuleSet,
    documents: Sequence[Document],
    candidates: Sequence[Sequence[Sequence[Candidate]]],
) -> tuple[Harmonisation, ...]:
    """`candidates[r][d]`: the candidates of requirement r in document d."""
    found: list[Harmonisation] = []
    for req, per_document in zip(rules.requirements, candidates, strict=True):
        found.extend(_disagreement(req, documents, per_document))
    found.extend(_not_provided(documents))
    found.extend(_superseded(rules, documents))
    return tuple(found)


def _disagreement(
    req: Requirement, documents: Sequence[Document], per_document: Sequence[Sequence[Candidate]]
) -> list[Harmonisation]:
    # Each document, and each language version of a bilingual one, is a side.
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for doc, cands in zip(documents, per_document, strict=True):
        bilingual = len([lang for lang, share in doc.languages if share >= 0.1]) > 1
        for c in cands:
            groups.setdefault((doc.path, c.segments[0].language if bilingual else ""), []).append(c)
    sides = [(name, max(cands, key=lambda c: c.rank)) for name, cands in groups.items()]
    sides = [(name, c) for name, c in sides if _substantive(c)]
    fallback = _elements_differ(req, sides) if req.harmonise else []
    if len({_position(c) for _, c in sides}) < 2:
        return fallback
    strongest = max(sides, key=lambda side: side[1].rank)
    weakest = min(sides, key=lambda side: side[1].rank)
    # Two weak versions of a clause are a gap (the findings say so), not a contradiction,
    # unless the requirement asks that every document carry the same elements.
    if strongest[1].status is not Status.MET:
        return fallback
    # Two language versions of one document are worded apart by nature: only a version that
    # drops the requirement altogether (met in one, missing in the other) contradicts.
    if strongest[0][0] == weakest[0][0] and weakest[1].status is not Status.MISSING:
        return []
    why = (
        f"{req.id} is handled differently across the set: {_describe(*strongest)}, "
        f"but {_describe(*weakest)}."
    )
    evidence = (*quotes(strongest[1].segments[:1]), *quotes(weakest[1].segments[:1]))
    return [Harmonisation(kind="disagreement", requirement=req.id, why=why, evidence=evidence)]


def _elements_differ(
    req: Requirement, sides: list[tuple[tuple[str, str], Candidate]]
) -> list[Harmonisation]:
    """Two documents that both address the requirement, each with something the other lacks
    or one with less: zero tolerance explained differently, retaliation protection for
    staff in one and for everyone in another."""
    if len(sides) < 2:
        return []
    richest = max(sides, key=lambda side: (len(side[1].found), side[1].rank))
    for other in sides:
        missing = [label for label in richest[1].found if label not in other[1].found]
        # Language versions of one document are compared only when one drops the clause.
        if other[0][0] != richest[0][0] and missing and other[1].found:
            why = (
                f"{req.id} is worded differently across the set: {_name(richest[0])} includes "
                f"{', '.join(missing)}, which {_name(other[0])} does not."
            )
            evidence = (*quotes(richest[1].segments[:1]), *quotes(other[1].segments[:1]))
            return [
                Harmonisation(kind="disagreement", requirement=req.id, why=why, evidence=evidence)
            ]
    return []


def _name(side: tuple[str, str]) -> str:
    path, language = side
    return f"{Path(path).name} ({language})" if language else Path(path).name


def _substantive(c: Candidate) -> bool:
    """A clause that takes a position: not a bare mention of the term."""
    return not c.undefined and (
        c.status is not Status.MISSING
        or c.near_miss is not None
        or c.modality in (Modality.WEAK, Modality.NEGATED)
    )


def _position(c: Candidate) -> tuple[Status, str | None, Modality]:
    binding = c.modality if c.modality in (Modality.WEAK, Modality.NEGATED) else Modality.BINDING
    return c.status, c.level.id if c.level else None, binding


def _describe(side: tuple[str, str], c: Candidate) -> str:
    text = f"{_name(side)} is {c.status.value}"
    if c.level is not None:
        text += f" ({c.level.label})"
    if c.modality in (Modality.WEAK, Modality.NEGATED) and c.modal_word:
        text += f", worded '{c.modal_word}'"
    if c.near_miss is not None:
        text += f" ({c.near_miss.why.rstrip('.')})"
    elif c.lacking and c.status is not Status.MET:
        text += f", lacking {', '.join(c.lacking[:2])}"
    return text


def _not_provided(documents: Sequence[Document]) -> list[Harmonisation]:
    provided = [
        _words(Path(doc.path).stem.replace("-", " ").replace("_", " ")) for doc in documents
    ]
    provided += [_words(_title(doc)) for doc in documents]
    seen: dict[str, Harmonisation] = {}
    for doc in documents:
        for block in doc.blocks:
            if block.kind is BlockKind.TOC:
                continue
            for m in REFERENCE.finditer(block.text):
                title = " ".join(m.group("title").split())
                if EXTERNAL.match(title):
                    continue
                words = _words(title)
                if not words or title.lower() in seen or any(_covers(p, words) for p in provided):
                    continue
                seen[title.lower()] = Harmonisation(
                    kind="not-provided",
                    why=f"The set refers to the {title}, which is not among its documents.",
                    evidence=(
                        Evidence(quote=_around(block.text, m.start()), location=block.location),
                    ),
                )
    return list(seen.values())


def _superseded(rules: RuleSet, documents: Sequence[Document]) -> list[Harmonisation]:
    found = []
    for old, title, new in rules.superseded:
        citation = re.compile(rf"{re.escape(old)}(?![/\w])")
        for doc in documents:
            block = next((b for b in doc.blocks if citation.search(b.text)), None)
            if block is not None:
                start = citation.search(block.text)
                found.append(
                    Harmonisation(
                        kind="superseded",
                        why=f"{Path(doc.path).name} cites {old} ({title}), which {new} replaced.",
                        evidence=(
                            Evidence(
                                quote=_around(block.text, start.start() if start else 0),
                                location=block.location,
                            ),
                        ),
                    )
                )
    return found


def _title(doc: Document) -> str:
    return next((b.text for b in doc.blocks if b.kind is BlockKind.HEADING), "")


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w+", text.lower()) if w not in GENERIC and len(w) > 2)


def _covers(provided: frozenset[str], wanted: frozenset[str]) -> bool:
    return len(provided & wanted) >= max(1, (2 * len(wanted) + 2) // 3)


def _around(text: str, at: int, size: int = 240) -> str:
    start = max(0, at - size // 3)
    snippet = text[start : start + size].strip()
    return ("… " if start else "") + snippet + (" …" if start + size < len(text) else "")
