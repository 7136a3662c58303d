"""The pipeline: ingest → segment → match → assess, for one organisation's policy set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from policycheck import __version__
from policycheck.assess import assess
from policycheck.harmonise import harmonise
from policycheck.ingest import read_document
from policycheck.ingest.text import read_text
from policycheck.limits import DEFAULT_LIMITS, Limits
from policycheck.match import match, prepare
from policycheck.model import Document, Finding, Report, Requirement, RuleSet
from policycheck.rules import load_rules
from policycheck.segment import segment

LANGUAGE_NAMES = {
    "de": "German", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "uk": "Ukrainian",
    "ja": "Japanese", "ko": "Korean", "he": "Hebrew", "el": "Greek", "hi": "Hindi", "th": "Thai",
    "und": "a language that could not be identified",
}  # fmt: skip


def audit(
    paths: Sequence[Path],
    *,
    rules: RuleSet | None = None,
    pdf_engine: str = "auto",
    language: str | None = None,
    cache: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Report:
    """Audit the documents of one policy set; a requirement met in any of them is met."""
    rules = rules or load_rules()
    documents = tuple(
        read_document(path, pdf_engine=pdf_engine, language=language, cache=cache, limits=limits)
        for path in paths
    )
    corpora = [prepare(tuple(segment(doc, rules.abbreviations)), rules) for doc in documents]
    # The set is about sexual misconduct if any document is: staff rules that never say
    # "sexual" still carry the disciplinary framework for the set's PSEA policy.
    on_topic = any(c.on_topic for c in corpora)
    corpora = [replace(c, on_topic=on_topic) for c in corpora]
    candidates = [[match(req, corpus, rules) for corpus in corpora] for req in rules.requirements]
    findings = tuple(
        assess(req, [c for found in per_document for c in found])
        for req, per_document in zip(rules.requirements, candidates, strict=True)
    )
    return Report(
        tool_version=__version__,
        ruleset_id=rules.id,
        ruleset_version=rules.version,
        documents=documents,
        findings=findings,
        notices=tuple(
            n for doc in documents for n in (*doc.notices, *_language_notices(doc, rules))
        ),
        generated=date.today().isoformat(),
        unsupported=tuple(doc.path for doc in documents if doc.language not in rules.languages),
        harmonisation=harmonise(rules, documents, candidates),
    )


def assess_text(text: str, req: Requirement, rules: RuleSet, *, language: str = "en") -> Finding:
    """Judge one requirement on a snippet of text: how rule examples are checked."""
    builder = read_text(text.encode("utf-8"), "<example>", markdown=True)
    blocks = tuple(replace(b, language=language) for b in builder.blocks)
    doc = Document(path="<example>", format="txt", sha256="", blocks=blocks, language=language)
    corpus = prepare(tuple(segment(doc, rules.abbreviations)), rules)
    # An example is a clause of a policy on sexual misconduct, whether or not it says so.
    return assess(req, match(req, replace(corpus, on_topic=True), rules))


def _language_notices(doc: Document, rules: RuleSet) -> tuple[str, ...]:
    if doc.language not in rules.languages:
        name = LANGUAGE_NAMES.get(doc.language, f"'{doc.language}'")
        return (
            f"{doc.path}: written in {name}, for which the rule set has no patterns "
            f"(it reads {', '.join(sorted(rules.languages))}); its findings cannot be relied on",
        )
    return tuple(
        f"{doc.path}: {share:.0%} of the text is in '{lang}', which the rule set has no patterns "
        "for; findings for that part cannot be relied on"
        for lang, share in doc.languages
        if lang not in rules.languages and share >= 0.05
    )
