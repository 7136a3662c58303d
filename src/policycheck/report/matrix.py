"""The batch matrix: organisations by requirements, as CSV and as one HTML page with the scorecard."""

from __future__ import annotations

import csv as csvlib
import io
from html import escape

from policycheck.batch import Matrix, Outcome
from policycheck.model import Status
from policycheck.report import html as html_report
from policycheck.report import scorecard
from policycheck.report.csv import cell

HEAD = ("organisation", "score", "met", "partial", "missing", "waived", "error")
MARKS = {Status.MET: "✓", Status.PARTIAL: "◐", Status.MISSING: "✗", Status.WAIVED: "W"}


def csv(matrix: Matrix) -> str:
    """One row per organisation: its score and counts, then one status per requirement."""
    buffer = io.StringIO()
    writer = csvlib.writer(buffer, lineterminator="\r\n")
    writer.writerow((*HEAD, *matrix.requirements))
    for outcome in matrix.outcomes:
        row = (*_head(outcome), *_statuses(outcome, matrix.requirements))
        writer.writerow([cell(value) for value in row])
    # The byte-order mark tells Excel the file is UTF-8, as in the CSV report.
    return "\ufeff" + buffer.getvalue()


def html(matrix: Matrix) -> str:
    audited = [o for o in matrix.outcomes if o.error is None]
    heads = "".join(f'<th class="v">{escape(rid)}</th>' for rid in matrix.requirements)
    title = f"policycheck batch: {len(matrix.outcomes)} organisations"
    return html_report.page(
        title,
        [
            f"<h1>{escape(title)}</h1>",
            f"<p>{len(audited)} audited, {len(matrix.failures)} failed.</p>",
            *_failures(matrix),
            "<h2>Requirements</h2>",
            '<table class="grid">',
            '<thead><tr><th>Organisation</th><th class="n">Score</th>' + heads + "</tr></thead>",
            "<tbody>",
            *(_row(o, matrix.requirements) for o in audited),
            "</tbody>",
            "</table>",
            '<p class="legend">✓ met · ◐ partial · ✗ missing · W waived. '
            "Each organisation's name links to its report.</p>",
            f"<h2>{escape(scorecard.TITLE)}</h2>",
            *scorecard.grid(matrix.scorecards),
        ],
        style=scorecard.GRID_STYLE,
    )


def _head(outcome: Outcome) -> tuple[str, ...]:
    s = outcome.summary
    counts = ("", "", "", "", "") if s is None else (
        str(s.score), str(s.met), str(s.partial), str(s.missing), str(s.waived)
    )  # fmt: skip
    return (outcome.organisation.name, *counts, outcome.error or "")


def _statuses(outcome: Outcome, requirements: tuple[str, ...]) -> tuple[str, ...]:
    found = dict(outcome.statuses)
    return tuple(found[rid].value if rid in found else "" for rid in requirements)


def _row(outcome: Outcome, requirements: tuple[str, ...]) -> str:
    found = dict(outcome.statuses)
    name = escape(outcome.organisation.name)
    # Link the HTML report when the batch wrote one.
    report = next((r for r in outcome.reports if r.endswith(".html")), None)
    link = f'<a href="{escape(report)}">{name}</a>' if report else name
    score = outcome.summary.score if outcome.summary else ""
    cells = "".join(
        f'<td class="c {found[rid].value}" title="{escape(rid)}: {found[rid].value}">'
        f"{MARKS[found[rid]]}</td>"
        if rid in found
        else '<td class="c"></td>'
        for rid in requirements
    )
    return f'<tr><td>{link}</td><td class="n">{score}</td>{cells}</tr>'


def _failures(matrix: Matrix) -> list[str]:
    if not matrix.failures:
        return []
    items = (
        f"<li><strong>{escape(o.organisation.name)}</strong>: {escape(o.error or '')}</li>"
        for o in matrix.failures
    )
    return ["<h2>Failures</h2>", '<ul class="notices">', *items, "</ul>"]
