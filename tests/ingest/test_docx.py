from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policycheck.ingest import read_document
from policycheck.model import BlockKind


def test_order_headings_lists_tables_and_no_headers(docx_policy: Callable[..., Path]) -> None:
    path = docx_policy(
        [
            ("h1", "Policy on Sexual Exploitation and Abuse"),
            ("h2", "2. Definitions"),
            ("p", "2.1 Sexual exploitation means any actual or attempted abuse."),
            ("table", [["Term", "Meaning"], ["Child", "Any person under the age of 18"]]),
            ("h2", "3. Prohibited conduct"),
            ("p", "Personnel must not:"),
            ("number", "exchange money for sex;"),
            ("number", "engage in sexual activity with children."),
        ],
        header="Global Relief Agency - CONFIDENTIAL HEADER",
        footer="Footer text that is not policy",
    )
    doc = read_document(path)
    texts = [b.text for b in doc.blocks]
    assert not any("HEADER" in t or "Footer" in t for t in texts)
    assert texts.index("Child: Any person under the age of 18") < texts.index("Personnel must not:")
    definition = next(b for b in doc.blocks if b.text.startswith("2.1"))
    assert definition.location.section == (
        "Policy on Sexual Exploitation and Abuse",
        "2. Definitions",
    )
    assert definition.location.clause == "2.1"
    items = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.location.clause for b in items] == ["1", "2"]
    assert items[0].location.section[-1] == "3. Prohibited conduct"
    assert doc.format == "docx" and doc.language == "en" and len(doc.sha256) == 64


def test_format_is_sniffed_from_bytes_not_extension(
    docx_policy: Callable[..., Path], tmp_path: Path
) -> None:
    real = docx_policy([("p", "Staff must report any concern about sexual abuse.")])
    disguised = tmp_path / "policy.txt"
    disguised.write_bytes(real.read_bytes())
    assert read_document(disguised).format == "docx"
