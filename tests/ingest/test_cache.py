from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from policycheck.ingest import read_document


def test_parsed_documents_are_cached_by_content(
    tmp_path: Path, pdf_policy: Callable[..., Path]
) -> None:
    cache = tmp_path / "cache"
    first = pdf_policy([["# 1. Scope", "This policy applies to all staff and volunteers."]])
    parsed = read_document(first, cache=cache)
    assert len(list(cache.glob("*.json"))) == 1
    copy = tmp_path / "renamed.pdf"
    shutil.copy(first, copy)
    again = read_document(copy, cache=cache)
    assert len(list(cache.glob("*.json"))) == 1  # same bytes: no second parse
    assert [b.text for b in again.blocks] == [b.text for b in parsed.blocks]
    assert {b.location.file for b in again.blocks} == {str(copy)}
    assert again.pages == parsed.pages and again.sha256 == parsed.sha256


def test_a_broken_cache_entry_is_parsed_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    policy = tmp_path / "p.txt"
    policy.write_text("Staff must report concerns about sexual abuse.\n")
    read_document(policy, cache=cache)
    next(cache.glob("*.json")).write_text("{not json")
    assert read_document(policy, cache=cache).blocks[0].text.startswith("Staff must")
