"""Assess: pick the strongest candidate for each requirement and say why, in one sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from policycheck.match import Candidate
from policycheck.model import Evidence, Finding, Requirement, Segment, Status

MAX_QUOTE = 320
PRACTICE = "Policy commitment found; evidence of practice is needed, which a text cannot give."


def assess(req: Requirement, candidates: Sequence[Candidate]) -> Finding:
    """The finding for one requirement across every document of the policy set."""
    if not candidates:
        return Finding(
            requirement=req, status=Status.MISSING, why=f"No {_bare(req.target)} was found."
        )
    best = max(candidates, key=lambda c: c.rank)
    evidence = quotes(best.segments)
    return Finding(
        requirement=req,
        status=best.status,
        why=_why(req, best),
        evidence=evidence,
        level=best.level.id if best.level else None,
    )


def _why(req: Requirement, c: Candidate) -> str:
    where = _where(c.segments[0])
    if c.status is Status.MET:
        detail = f" ({c.level.label})" if c.level else ""
        if c.found and not c.level:
            detail += f" with {_join(c.found)}"
        if c.modal_word and req.kind == "duty":
            detail += f", worded '{c.modal_word}'"
        text = f"Found {req.target}{detail} ({where})."
        return f"{text} {PRACTICE}" if req.practice_evidence else text
    problems: list[str] = []
    if c.near_miss is not None:
        problems.append(c.near_miss.why.rstrip("."))
    elif c.undefined:
        problems.append("the term is used but never defined")
    else:
        if c.level is None and req.kind == "level":
            problems.append("no clear position is stated")
        elif c.level is not None:
            problems.append(f"only at the level '{c.level.label}'")
        if c.modal_word and _weakened(c) and req.kind != "level":
            problems.append(f"it is worded '{c.modal_word}', which does not bind")
        elif req.kind == "duty" and not c.modal_word:
            problems.append("no binding verb (must, shall, is prohibited) governs it")
        if c.lacking and req.kind != "level":
            problems.append(f"it lacks {_join(c.lacking)}")
    reason = "; ".join(problems) or "it falls short of the requirement"
    if c.status is Status.PARTIAL:
        return f"Found {req.target} ({where}), but {reason}."
    return f"No {_bare(req.target)} that counts: {reason} ({where})."


def _weakened(c: Candidate) -> bool:
    return c.modality.value in ("weak", "negated")


def _where(seg: Segment) -> str:
    loc = seg.location
    parts = []
    if loc.clause:
        parts.append(f"clause {loc.clause}")
    elif loc.section:
        parts.append(f"'{loc.section[-1]}'")
    if loc.page:
        parts.append(f"p. {loc.page}")
    return ", ".join(parts) or f"paragraph {loc.paragraph}"


def quotes(segments: Sequence[Segment]) -> tuple[Evidence, ...]:
    """Quotes in order; a list's lead-in is quoted once, not before every item."""
    shown: set[str] = set()
    out = []
    for seg in segments:
        quote = f"… {seg.text}" if seg.lead_in and seg.lead_in in shown else seg.context
        if len(quote) > MAX_QUOTE:
            quote = seg.text
        if len(quote) > MAX_QUOTE:
            quote = quote[:MAX_QUOTE].rsplit(" ", 1)[0] + " …"
        shown.update((seg.text, seg.lead_in))
        out.append(Evidence(quote=quote, location=seg.location))
    return tuple(out)


def _bare(target: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+", "", target)


def _join(labels: Sequence[str]) -> str:
    items = list(labels)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
