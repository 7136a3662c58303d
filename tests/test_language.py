"""Languages: detection per block, and a plain refusal to judge a language without patterns."""

from __future__ import annotations

from pathlib import Path

from policycheck.audit import audit
from policycheck.config import Config
from policycheck.language import detect
from policycheck.workflow import exit_code

GERMAN = (
    "Diese Richtlinie gilt für alle Mitarbeiterinnen und Mitarbeiter der Organisation. "
    "Sexuelle Ausbeutung und sexueller Missbrauch sind verboten und werden nicht toleriert."
)


def test_detect_by_script_and_words() -> None:
    assert detect("Le personnel doit signaler tout soupçon d'exploitation sexuelle.") == "fr"
    assert detect("El personal debe denunciar cualquier sospecha de explotación sexual.") == "es"
    assert detect("工作人员必须举报任何性剥削嫌疑。") == "zh"
    assert detect("يجب على الموظفين الإبلاغ عن أي اشتباه في الاستغلال الجنسي.") == "ar"
    assert detect("Сотрудники обязаны сообщать о любых подозрениях.") == "ru"
    assert detect("Працівники повинні повідомляти про будь-які підозри.") == "uk"
    assert detect(GERMAN) == "de"


def test_unsupported_language_is_said_plainly_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "richtlinie.txt"
    path.write_text(GERMAN, encoding="utf-8")
    report = audit([path])
    assert report.unsupported == (str(path),)
    assert any("German" in n and "cannot be relied on" in n for n in report.notices)
    assert exit_code(report, Config()) == 2
    assert exit_code(report, Config(fail_on="never", allow_unsupported_language=True)) == 0


def test_a_short_english_text_is_english() -> None:
    # "of" is a stopword in English and in Dutch; a tie must not leave the text unidentified.
    assert detect("Staff may report concerns of sexual abuse, 100% confidentially:") == "en"
