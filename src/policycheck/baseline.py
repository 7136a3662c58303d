"""Baselines: accept today's gaps, fail only on new ones and on regressions."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from policycheck.errors import ConfigError
from policycheck.model import Report, Status

VERSION = 1


def identity(report: Report) -> str:
    """A policy set is known by its documents' file names: paths move, contents are revised."""
    return " + ".join(sorted(Path(doc.path).name for doc in report.documents))


def record(report: Report, previous: dict[str, Any] | None = None) -> str:
    """The baseline file's text: this set's statuses, beside any other sets already recorded."""
    sets = dict((previous or {}).get("sets", {}))
    sets[identity(report)] = {f.id: f.status.value for f in report.findings}
    data = {"version": VERSION, "ruleset": report.ruleset_id, "sets": sets}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ConfigError(f"{path}: not a policycheck baseline (invalid JSON)") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or "sets" not in data:
        raise ConfigError(f"{path}: not a policycheck baseline (version {VERSION} expected)")
    return data


def compare(report: Report, baseline: dict[str, Any]) -> Report:
    """Mark each finding new, worse, unchanged or better than the baseline of its set."""
    known: dict[str, str] = baseline["sets"].get(identity(report), {})
    findings = []
    for finding in report.findings:
        before = known.get(finding.id)
        if before is None:
            state = "new" if finding.is_gap else "unchanged"
        else:
            delta = finding.status.rank - Status(before).rank
            state = "worse" if delta < 0 else "better" if delta > 0 else "unchanged"
        findings.append(replace(finding, baseline=state))
    return replace(report, findings=tuple(findings))
