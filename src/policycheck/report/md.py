"""The Markdown report for pull-request comments: a summary table, then each requirement."""

from __future__ import annotations

import re

from policycheck.model import Finding, Report, Status, Summary
from policycheck.report.wording import CLOSING, LABELS, TITLE, where

# Policy text is shown, never interpreted: inline syntax anywhere, block markers at line start.
INLINE = re.compile(r"([\\`*_\[\]|~])")
BLOCK_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")
# GitHub turns "@name" into a mention and "#12" into an issue link even when escaped; a word
# joiner after the sign stops both and does not show.
REFERENCE = re.compile(r"(?<!\w)([@#])(?=\w)")


def render(report: Report) -> str:
    lines = [f"## {TITLE}", ""]
    lines += [
        f"- {text(doc.path)} ({doc.format}, sha256 `{doc.sha256}`)" for doc in report.documents
    ]
    lines += [
        "",
        f"Rule set {text(report.ruleset_id)} {text(report.ruleset_version)} · "
        f"policycheck {text(report.tool_version)} · {text(report.generated)}",
        "",
    ]
    for notice in report.notices:
        lines += [f"> **Notice:** {text(notice)}", ""]
    lines += ["### Summary", "", *_summary(report), "", "### Requirements", ""]
    for finding in report.findings:
        lines += _finding(finding)
    if report.harmonisation:
        lines += ["### Across the policy set", ""]
        for item in report.harmonisation:
            lines += [f"- **{text(item.requirement or item.kind)}**: {text(item.why)}"]
            lines += [f"  - “{text(e.quote)}” ({text(where(e.location))})" for e in item.evidence]
        lines += [""]
    lines += [f"_{text(CLOSING)}_", ""]
    return "\n".join(lines)


def text(value: str) -> str:
    """Policy or rule text as Markdown that shows exactly that text, on one line."""
    escaped = " ".join(value.split()).replace("&", "&amp;").replace("<", "&lt;")
    escaped = REFERENCE.sub("\\1\u2060", INLINE.sub(r"\\\1", escaped))
    return BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


def _summary(report: Report) -> list[str]:
    total = report.summary
    return [
        "| Area | Met | Partial | Missing | Waived | Score |",
        "|---|---:|---:|---:|---:|---:|",
        *(_row(text(area), s, f"{s.score:.0f}") for area, s in report.areas),
        _row("**overall**", total, f"**{total.score:.1f}**"),
    ]


def _row(name: str, s: Summary, score: str) -> str:
    return f"| {name} | {s.met} | {s.partial} | {s.missing} | {s.waived} | {score} |"


def _finding(finding: Finding) -> list[str]:
    req = finding.requirement
    lines = [
        f"#### {LABELS[finding.status]}: {text(req.id)} {text(req.title)} ({req.severity.value})",
        "",
        text(finding.why),
        "",
    ]
    for evidence in finding.evidence:
        lines += [f"> “{text(evidence.quote)}”  ", f"> — {text(where(evidence.location))}", ""]
    if finding.waiver is not None:
        lines += [f"**Waived:** {text(finding.waiver)}", ""]
    if finding.status is not Status.MET:
        lines += [f"**What to add:** {text(req.advice)}", ""]
    return lines
