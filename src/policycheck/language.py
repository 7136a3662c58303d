"""Tell which language a block is written in, from its script and its most common words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from policycheck.model import Block

SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("cyrl", re.compile(r"[\u0400-\u04ff]")),
)
# The most frequent short words of each Latin-script language; enough to tell them apart.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in is that for be are with by on or as any this all must not will "
        "shall which who their from an".split()
    ),
    "fr": frozenset(
        "le la les des du de et est un une que qui dans pour par sur au aux ne pas doit "
        "sont avec ou ce cette tout tous leur".split()
    ),
    "es": frozenset(
        "el la los las de del y en que es un una por para con se su sus al no debe deben "
        "o como esta este todo todas".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e em que um uma para com não por se ao deve devem ou "
        "como este esta".split()
    ),
    "de": frozenset(
        "der die das und ist nicht zu den von mit sich des auf für ein eine dem im oder "
        "muss werden sind auch".split()
    ),
    "it": frozenset(
        "il lo la gli le di e è che un una per con non del della dei in si deve devono o "
        "come questo questa".split()
    ),
    "nl": frozenset(
        "de het een en van is dat in op te voor met niet zijn of door aan moet worden ook".split()
    ),
}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
NOT_LETTER = re.compile(r"[\W\d_]+")
# Each stopword with the languages it belongs to: one lookup a word instead of seven.
LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in STOPWORDS.items():
    for _word in _words:
        LANGUAGES_OF[_word] = (*LANGUAGES_OF.get(_word, ()), _lang)
UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")


def detect(text: str, prior: str | None = None) -> str:
    """An ISO 639-1 code, or 'und' when the text is too short or mixed to tell.

    With a `prior` (the document's language), a Latin-script block keeps the prior unless
    its words point elsewhere decisively: Spanish and Portuguese share many short words."""
    letters = len(NOT_LETTER.sub("", text))
    if letters == 0:
        return "und"
    for code, script in () if text.isascii() else SCRIPTS:
        count = len(script.findall(text))
        if count and count >= 0.3 * letters:
            if code == "zh" and SCRIPTS[1][1].search(text):
                return "ja"
            if code == "cyrl":
                return "uk" if UKRAINIAN.search(text) else "ru"
            return code
    words = [w.lower() for w in WORD.findall(text)]
    if len(words) < 3:
        return "und"
    scores = Counter(dict.fromkeys(STOPWORDS, 0))
    scores.update(lang for w in words for lang in LANGUAGES_OF.get(w, ()))
    top = max(scores.values())
    if top == 0:
        return "und"
    # A tie goes to the language listed first: English "of" is also Dutch "or".
    best = next(lang for lang in STOPWORDS if scores[lang] == top)
    if prior is not None and prior in scores and best != prior and top < 2 * scores[prior] + 1:
        return prior
    return best


def shares(blocks: Iterable[Block]) -> tuple[tuple[str, float], ...]:
    """Each language's share of the text, largest first."""
    sizes: Counter[str] = Counter()
    for block in blocks:
        if block.language != "und":
            sizes[block.language] += len(block.text)
    total = sum(sizes.values())
    return tuple((lang, round(n / total, 3)) for lang, n in sizes.most_common()) if total else ()
