from __future__ import annotations

import pytest

from policycheck.match.corpus import cues, nearest, prepare
from policycheck.model import Modality
from policycheck.rules import load_rules
from policycheck.segment import segment
from tests.conftest import document

RULES = load_rules()


def modality_of(sentence: str, at: int) -> tuple[Modality, str]:
    """The modality the matchers give the verb nearest `at`, through the same path an audit
    takes: the sentence's cues, found with the prefilter, then the nearest of them."""
    corpus = prepare(tuple(segment(document(sentence), RULES.abbreviations)), RULES)
    assert corpus.segments[0].key == sentence  # positions in the sentence are positions in the key
    return nearest(cues(corpus, 0), at)


@pytest.mark.parametrize(
    ("sentence", "expected", "word"),
    [
        ("Staff must report any concern.", Modality.BINDING, "must"),
        ("Staff shall report concerns.", Modality.BINDING, "shall"),
        ("Staff are encouraged to report concerns.", Modality.WEAK, "encouraged"),
        ("Staff may report concerns.", Modality.WEAK, "may"),
        ("Staff should consider reporting concerns.", Modality.WEAK, "should consider"),
        ("There is no obligation to report concerns.", Modality.NEGATED, "no obligation"),
        ("Staff are not required to report concerns.", Modality.NEGATED, "not required"),
        ("Sexual relationships with beneficiaries are prohibited.", Modality.BINDING, "prohibited"),
        ("Such relationships are strongly discouraged.", Modality.WEAK, "strongly discouraged"),
        ("Staff report concerns to the focal point.", Modality.NONE, ""),
        ("Failing to report concerns may lead to dismissal.", Modality.NONE, ""),
        ("Do not report concerns to the media.", Modality.BINDING, "Do not"),
    ],
)
def test_modality_of_the_governing_verb(sentence: str, expected: Modality, word: str) -> None:
    at = sentence.lower().find("report") if "report" in sentence else sentence.find("relationships")
    assert modality_of(sentence, max(at, 0)) == (expected, word)


def test_nearest_cue_governs() -> None:
    sentence = "Managers must refer allegations, and staff are encouraged to report concerns."
    assert modality_of(sentence, sentence.find("report"))[0] is Modality.WEAK
