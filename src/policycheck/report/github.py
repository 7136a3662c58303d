"""GitHub Actions workflow commands: one annotation per gap, on the file its evidence is in."""

from __future__ import annotations

from policycheck.model import Report, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report) -> str:
    lines = []
    for finding in report.findings:
        if not finding.is_gap:
            continue
        req = finding.requirement
        where = finding.evidence[0].location if finding.evidence else None
        # A requirement missing from the whole set is a gap of its first document.
        path = where.file if where else (report.documents[0].path if report.documents else "")
        title = f"{req.id} {finding.status.value}: {req.title}"
        message = f"{finding.why} Add: {req.advice}"
        line = f",line={where.line}" if where and where.line else ""
        lines.append(
            f"::{COMMANDS[req.severity]} file={_property(path)}{line},title={_property(title)}::{_data(message)}"
        )
    for notice in report.notices:
        lines.append(f"::warning title=policycheck::{_data(notice)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _data(text: str) -> str:
    # GitHub's escaping for a command's message, then for its properties.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
