"""Config: discovery, validation with one-line errors, the merge order, waivers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policycheck.audit import audit
from policycheck.config import apply, find_config, load_config, waive
from policycheck.errors import ConfigError
from policycheck.model import Severity, Status
from policycheck.rules import load_rules

WEAK = "Staff are encouraged to report concerns about sexual exploitation and abuse.\n"


def test_found_upward_and_in_pyproject(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) is None or not str(find_config(deep)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text('[tool.policycheck]\nfail-on = "warning"\n')
    found = find_config(deep)
    assert found == tmp_path / "pyproject.toml"
    assert load_config(found, {}).fail_on == "warning"
    (tmp_path / "a" / ".policycheck.yaml").write_text("fail-on: info\n")
    assert find_config(deep) == tmp_path / "a" / ".policycheck.yaml"


def test_flags_override_the_file(tmp_path: Path) -> None:
    path = tmp_path / ".policycheck.yaml"
    path.write_text("fail-on: info\npdf-engine: pdfminer\n")
    config = load_config(path, {"fail-on": "error", "pdf-engine": None})
    assert (config.fail_on, config.pdf_engine) == ("error", "pdfminer")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail-on: sometimes\n", "fail-on: 'sometimes' should be one of"),
        ("colour: blue\n", "unknown key 'colour'"),
        ("waivers:\n  - id: VIC-06\n", "waivers.0: 'reason' is missing"),
        ("fail-on: [\n", "not valid YAML"),
    ],
)
def test_invalid_config_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / ".policycheck.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path, {})
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


def test_turn_off_and_raise_severity(tmp_path: Path) -> None:
    path = tmp_path / ".policycheck.yaml"
    path.write_text("requirements:\n  TECH-02: off\n  PROH-SEXWORK: {severity: error}\n")
    rules = apply(load_config(path, {}), load_rules())
    ids = {r.id: r for r in rules.requirements}
    assert "TECH-02" not in ids and ids["PROH-SEXWORK"].severity is Severity.ERROR


def test_waivers_valid_expired_and_unknown(tmp_path: Path) -> None:
    policy = tmp_path / "policy.txt"
    policy.write_text(WEAK)
    path = tmp_path / ".policycheck.yaml"
    path.write_text(
        "waivers:\n"
        "  - {id: REP-01, reason: Board decision pending on reporting duty, approved-by: Legal, expires: 2027-06-30}\n"
        "  - {id: ZT-01, reason: Revision under way, expires: 2026-01-31}\n"
    )
    config = load_config(path, {})
    report = waive(
        audit([policy], rules=apply(config, load_rules())), config.waivers, date(2026, 11, 27)
    )
    findings = {f.id: f for f in report.findings}
    assert findings["REP-01"].status is Status.WAIVED
    assert findings["REP-01"].waived is Status.MISSING
    assert "Board decision" in (findings["REP-01"].waiver or "") and "Legal" in (
        findings["REP-01"].waiver or ""
    )
    assert findings["ZT-01"].status is Status.MISSING
    assert any("ZT-01 expired on 2026-01-31" in n for n in report.notices)
    path.write_text("waivers:\n  - {id: NOPE-99, reason: Not a real requirement}\n")
    with pytest.raises(ConfigError, match="no requirement NOPE-99"):
        apply(load_config(path, {}), load_rules())
