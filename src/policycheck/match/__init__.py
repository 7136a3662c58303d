"""Match: the closed set of matcher kinds; a requirement names its kind in YAML."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from policycheck.match.clauses import Candidate, Policy, find
from policycheck.match.corpus import Corpus, prepare
from policycheck.model import Requirement, RuleSet

Matcher = Callable[[Requirement, Corpus, RuleSet], list[Candidate]]

MATCHERS: dict[str, Matcher] = {
    # A defined term with its required elements nearby (DEF-SE: "attempted", power terms).
    "definition": partial(find, policy=Policy(modality="ignored", needs_definition=True)),
    # A duty or prohibition: only a binding verb (must, shall, is prohibited) meets it.
    "duty": partial(find, policy=Policy(modality="required")),
    # Content that must be there (scope lists, channels, rights); weak wording weakens it.
    "elements": partial(find, policy=Policy(modality="checked")),
    # A graded answer (PROH-RELATIONSHIPS): which standard the clause meets.
    "level": partial(find, policy=Policy(modality="checked", graded=True)),
}


def match(req: Requirement, corpus: Corpus, rules: RuleSet) -> list[Candidate]:
    return MATCHERS[req.kind](req, corpus, rules)


__all__ = ["MATCHERS", "Candidate", "Corpus", "match", "prepare"]
