from __future__ import annotations

from pathlib import Path

from policycheck.audit import audit


def _status(report: object, rid: str) -> str:
    return next(f.status.value for f in report.findings if f.id == rid)  # type: ignore[attr-defined]


def test_scope_clause_counts_only_in_a_policy_on_sexual_misconduct(tmp_path: Path) -> None:
    scope = (
        "This policy applies to all staff, consultants, interns and volunteers, on and off duty."
    )
    general = tmp_path / "whistleblowing.md"
    general.write_text(
        f"# Whistleblowing policy\n\n{scope} Fraud must be reported.\n", encoding="utf-8"
    )
    psea = tmp_path / "psea.md"
    psea.write_text(f"# Policy on sexual exploitation and abuse\n\n{scope}\n", encoding="utf-8")
    assert _status(audit([general]), "SCOPE-01") == "missing"
    assert _status(audit([psea]), "SCOPE-01") == "met"
