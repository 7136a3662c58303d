"""The diff of two drafts in three forms: terminal table, JSON, Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable

from policycheck.diff import Change, Diff, Difference
from policycheck.model import Finding

MARKS = {
    Change.GAINED: "+",
    Change.STRENGTHENED: "↑",
    Change.WEAKENED: "↓",
    Change.LOST: "-",
    Change.UNCHANGED: " ",
}


def _quote(finding: Finding) -> str:
    if not finding.evidence:
        return "(no evidence)"
    ev = finding.evidence[0]
    where = f"{ev.location.file}" + (f", clause {ev.location.clause}" if ev.location.clause else "")
    return f"“{ev.quote}” ({where})"


def _changed(diff: Diff) -> list[Difference]:
    return [d for d in diff.differences if d.change is not Change.UNCHANGED]


def table(diff: Diff) -> str:
    lines = [f"{len(_changed(diff))} of {len(diff.differences)} requirements changed"]
    for d in _changed(diff):
        lines.append(
            f"{MARKS[d.change]} {d.id:<19} {d.change.value:<13} {d.old.status.value} → {d.new.status.value}"
        )
        lines.append(f"    before: {_quote(d.old)}")
        lines.append(f"    after:  {_quote(d.new)}")
    verdict = (
        "regression: a requirement was lost or weakened" if diff.regressed else "no regression"
    )
    return "\n".join([*lines, verdict]) + "\n"


def as_json(diff: Diff) -> str:
    data = {
        "schema_version": 1,
        "regressed": diff.regressed,
        "old": [doc.path for doc in diff.old.documents],
        "new": [doc.path for doc in diff.new.documents],
        "changes": [
            {
                "id": d.id,
                "change": d.change.value,
                "old": {
                    "status": d.old.status.value,
                    "why": d.old.why,
                    "evidence": [e.quote for e in d.old.evidence],
                },
                "new": {
                    "status": d.new.status.value,
                    "why": d.new.why,
                    "evidence": [e.quote for e in d.new.evidence],
                },
            }
            for d in diff.differences
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def markdown(diff: Diff) -> str:
    head = (
        "**Regression**: a requirement was lost or weakened."
        if diff.regressed
        else "No regression."
    )
    rows = [
        f"| {d.id} | {d.change.value} | {d.old.status.value} → {d.new.status.value} | {_cell(_quote(d.old))} | {_cell(_quote(d.new))} |"
        for d in _changed(diff)
    ]
    table_md = [
        "| Requirement | Change | Status | Before | After |",
        "|---|---|---|---|---|",
        *rows,
    ]
    return (
        "\n".join(
            [
                f"## Policy draft diff\n\n{head}\n",
                *(table_md if rows else ["No requirement changed."]),
            ]
        )
        + "\n"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


DIFF_FORMATS: dict[str, Callable[[Diff], str]] = {"table": table, "json": as_json, "md": markdown}
