from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.errors import InputError
from policycheck.ingest import read_document
from policycheck.model import BlockKind

MARKDOWN = """---
title: Code of Conduct
---
# Code of Conduct

## 4. Prohibited conduct

Personnel must **not**:

- exchange money, employment, goods or services for sex;
- engage in sexual activity with anyone under 18.

| Channel | Contact |
|---|---|
| Hotline | +1 555 0100 |
"""


def test_markdown_sections_lists_tables(tmp_path: Path) -> None:
    path = tmp_path / "coc.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "md"
    assert not any("title:" in b.text for b in doc.blocks)
    items = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.text[:8] for b in items] == ["exchange", "engage i"]
    assert items[0].location.section == ("Code of Conduct", "4. Prohibited conduct")
    assert items[0].location.clause == "4"
    assert any(
        b.kind is BlockKind.TABLE_ROW and b.text == "Hotline: +1 555 0100" for b in doc.blocks
    )
    assert "Personnel must not:" in [b.text for b in doc.blocks]


def test_wrapped_text_lines_join(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("Staff must report any concern\nof sexual abuse promptly.\n\nNext paragraph.\n")
    assert [b.text for b in read_document(path).blocks] == [
        "Staff must report any concern of sexual abuse promptly.",
        "Next paragraph.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Word"),
        (b"PK\x03\x04garbage", "damaged ZIP"),
        (b"\x00\x01\x02\x03binary", "binary"),
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.docx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_document(path)
    assert "\n" not in str(info.value) and "input.docx" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.pdf")


def test_markdown_saved_as_txt_is_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "md" and not any(b.text.startswith("#") for b in doc.blocks)


def test_untitled_contents_list_is_not_headings(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(
        "I. Introduction 3\n\nII. Scope 4\n\nIII. Reporting 7\n\nI. Introduction\n\nThis policy applies to all staff.\n"
    )
    blocks = read_document(path).blocks
    assert [b.kind for b in blocks[:3]] == [BlockKind.TOC] * 3
    assert blocks[-1].location.section == ("I. Introduction",)


def test_chinese_lead_in_is_not_a_heading_but_articles_are(tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text("第五条 禁止行为\n\n员工不得：\n\n（一）以金钱换取性行为；\n", encoding="utf-8")
    blocks = read_document(path).blocks
    assert blocks[0].kind is BlockKind.HEADING and blocks[0].text == "第五条 禁止行为"
    assert blocks[1].kind is BlockKind.PARAGRAPH and blocks[1].text == "员工不得："
