"""Rule files parsed and validated once are remembered by content: the cache may save time,
never change what a rule set says or let a broken rule file through."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck import rules
from policycheck.errors import RuleError
from policycheck.rules import load_rules
from tests.test_rule_packs import CUSTOM

# The pack of test_rule_packs: one requirement of an organisation's own.
PACK = CUSTOM


def pack(folder: Path, body: str = PACK) -> Path:
    folder.mkdir()
    (folder / "default.yaml").write_text("extends: builtin\n", encoding="utf-8")
    (folder / "org-01.yaml").write_text(body, encoding="utf-8")
    return folder


def test_second_load_skips_validation_and_gives_the_same_rule_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_rules(pack(tmp_path / "a"))
    assert rules._Known().file.exists(), "the parsed rules were not kept"

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again")

    import jsonschema

    monkeypatch.setattr(jsonschema, "Draft202012Validator", refuse)
    # Another folder with the same files: _load_folder's in-process cache does not apply.
    second = load_rules(pack(tmp_path / "b"))
    assert [r.id for r in second.requirements] == [r.id for r in first.requirements]
    assert second.requirements[-1].title == first.requirements[-1].title


def test_an_edited_rule_file_is_read_again(tmp_path: Path) -> None:
    load_rules(pack(tmp_path / "a"))
    broken = PACK.replace("severity: warning", "severity: fatal")
    with pytest.raises(RuleError, match=r"org-01\.yaml: severity: 'fatal' should be one of"):
        load_rules(pack(tmp_path / "b", broken))


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    load_rules(pack(tmp_path / "a"))
    rules._Known().file.write_text("{not json", encoding="utf-8")
    assert load_rules(pack(tmp_path / "b")).requirements[-1].id == "ORG-01"
