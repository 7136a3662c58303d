from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from policycheck.audit import audit
from policycheck.report import json as json_report

SCHEMA = json.loads(
    (Path(json_report.__file__).parents[1] / "schemas" / "report.schema.json").read_text(
        encoding="utf-8"
    )
)
SAMPLES = Path(__file__).resolve().parents[2] / "sample_policies"


def _documents() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".pdf", ".md"))


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_every_sample_report_follows_the_contract(path: Path) -> None:
    data = json.loads(json_report.render(audit([path])))
    Draft202012Validator(SCHEMA).validate(data)
    assert [f["id"] for f in data["findings"]][:1] == ["SCOPE-01"]
    for finding in data["findings"]:
        if finding["status"] in ("met", "partial"):
            assert finding["evidence"], finding["id"]
