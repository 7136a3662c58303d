from __future__ import annotations

import pytest

from policycheck.match.corpus import modality_of
from policycheck.model import Modality
from policycheck.rules import load_rules

CUES = dict(load_rules().modality["en"])


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
    assert modality_of(sentence, max(at, 0), CUES) == (expected, word)


def test_nearest_cue_governs() -> None:
    sentence = "Managers must refer allegations, and staff are encouraged to report concerns."
    assert modality_of(sentence, sentence.find("report"), CUES)[0] is Modality.WEAK
