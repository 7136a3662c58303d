"""The HTML report: one self-contained page to read or print; every piece of text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from policycheck.model import Document, Evidence, Finding, Report, Status, Summary
from policycheck.report.wording import CLOSING, LABELS, TITLE, where

# No script and no fetch: the page works offline, and text that slipped past escaping cannot run.
CSP = "default-src 'none'; style-src 'unsafe-inline'"
STYLE = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --met: #1a7f37;
  --partial: #9a6700; --missing: #cf222e; --waived: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .8rem; padding-bottom: .3rem;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid var(--line); }
.n { text-align: right; font-variant-numeric: tabular-nums; }
.meta th { width: 8rem; color: var(--muted); }
.meta ul { margin: 0; padding-left: 1.1rem; }
.hash { font: .8rem ui-monospace, Menlo, Consolas, monospace; color: var(--muted);
  word-break: break-all; }
.muted, .severity, .sources { color: var(--muted); }
.notices li { color: var(--partial); }
.score strong { font-size: 2rem; }
.bar { width: 40%; }
.bar svg { display: block; width: 100%; height: .8rem; }
.track { fill: #eef1f4; }
.fill { fill: var(--met); }
.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.status { display: inline-block; min-width: 5.5rem; padding: 0 .4rem; text-align: center;
  border: 1px solid currentColor; border-radius: .25rem; font-size: .8rem; font-weight: 700;
  text-transform: uppercase; letter-spacing: .03em; }
.status.met { color: var(--met); }
.status.partial { color: var(--partial); }
.status.missing { color: var(--missing); }
.status.waived { color: var(--waived); }
.finding { margin: 1rem 0; padding: .8rem 1rem; border: 1px solid var(--line);
  border-left: .35rem solid var(--line); border-radius: .3rem; }
.finding.met { border-left-color: var(--met); }
.finding.partial { border-left-color: var(--partial); }
.finding.missing { border-left-color: var(--missing); }
.finding.waived { border-left-color: var(--waived); border-style: dashed solid dashed solid; }
.severity, .sources { font-size: .85rem; font-weight: 400; }
blockquote { margin: .5rem 0; padding: .2rem .8rem; border-left: 3px solid var(--line); }
blockquote p { margin: 0; font-style: italic; }
blockquote footer { font-size: .8rem; color: var(--muted); }
footer.closing { margin-top: 2rem; color: var(--muted); font-size: .9rem; }
@media print {
  @page { margin: 1.5cm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, .finding, blockquote { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render(report: Report) -> str:
    names = ", ".join(doc.path for doc in report.documents)
    return page(
        f"{TITLE}: {names}",
        [
            *_header(report),
            *_summary(report),
            *_index(report),
            '<section id="findings">',
            "<h2>Each requirement</h2>",
            *(line for finding in report.findings for line in _finding(finding)),
            "</section>",
            *_harmonisation(report),
            f'<footer class="closing">{escape(CLOSING)}</footer>',
        ],
    )


def page(title: str, body: Sequence[str], *, style: str = "") -> str:
    """A self-contained page in the report's style, with no script and no fetch."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{STYLE}{style}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _header(report: Report) -> list[str]:
    lines = [
        "<header>",
        f"<h1>{escape(TITLE)}</h1>",
        '<table class="meta">',
        "<tr><th>Documents</th><td><ul>",
        *(_document(doc) for doc in report.documents),
        "</ul></td></tr>",
        f"<tr><th>Rule set</th><td>{escape(report.ruleset_id)} {escape(report.ruleset_version)}</td></tr>",
        f"<tr><th>Tool</th><td>policycheck {escape(report.tool_version)}</td></tr>",
        f"<tr><th>Date</th><td>{escape(report.generated)}</td></tr>",
        "</table>",
    ]
    if report.notices:
        lines += [
            '<ul class="notices">',
            *(f"<li>{escape(n)}</li>" for n in report.notices),
            "</ul>",
        ]
    return [*lines, "</header>"]


def _document(doc: Document) -> str:
    languages = ", ".join(f"{lang} {share:.0%}" for lang, share in doc.languages) or doc.language
    pages = f" · {doc.pages} pages" if doc.pages else ""
    return (
        f'<li>{escape(doc.path)} <span class="muted">{escape(doc.format)}{pages} · '
        f'language {escape(languages)}</span><br><span class="hash">sha256 {escape(doc.sha256)}</span></li>'
    )


def _summary(report: Report) -> list[str]:
    total = report.summary
    return [
        '<section id="summary">',
        "<h2>Summary</h2>",
        f'<p class="score"><strong>{total.score:.1f}</strong> / 100 overall: {total.met} met, '
        f"{total.partial} partial, {total.missing} missing, {total.waived} waived</p>",
        '<table class="areas">',
        '<thead><tr><th>Area</th><th>Score per area</th><th class="n">Met</th><th class="n">Partial</th>'
        '<th class="n">Missing</th><th class="n">Waived</th><th class="n">Score</th></tr></thead>',
        "<tbody>",
        *(_area(escape(area), s, f"{s.score:.0f}") for area, s in report.areas),
        _area("overall", total, f"{total.score:.1f}", css=' class="total"'),
        "</tbody>",
        "</table>",
        "</section>",
    ]


def _area(name: str, s: Summary, score: str, css: str = "") -> str:
    # An SVG bar, not a CSS background: browsers print SVG fills even with backgrounds off.
    bar = (
        f'<svg viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="score {score} of 100">'
        f'<rect class="track" width="100" height="8"/><rect class="fill" width="{s.score}" height="8"/></svg>'
    )
    return (
        f'<tr{css}><td>{name}</td><td class="bar">{bar}</td><td class="n">{s.met}</td>'
        f'<td class="n">{s.partial}</td><td class="n">{s.missing}</td><td class="n">{s.waived}</td>'
        f'<td class="n">{score}</td></tr>'
    )


def _index(report: Report) -> list[str]:
    rows = (
        f'<tr><td><a href="#{escape(f.id)}">{escape(f.id)}</a></td><td>{escape(f.requirement.title)}</td>'
        f"<td>{f.requirement.severity.value}</td><td>{_status(f.status)}</td></tr>"
        for f in report.findings
    )
    return [
        '<section id="requirements">',
        "<h2>Requirements at a glance</h2>",
        "<table>",
        "<thead><tr><th>Requirement</th><th>Title</th><th>Severity</th><th>Status</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</section>",
    ]


def _finding(finding: Finding) -> list[str]:
    req = finding.requirement
    lines = [
        f'<article class="finding {finding.status.value}" id="{escape(req.id)}">',
        f"<h3>{_status(finding.status)} {escape(req.id)} {escape(req.title)} "
        f'<span class="severity">{req.severity.value}</span></h3>',
        f'<p class="why">{escape(finding.why)}</p>',
        *(_evidence(e) for e in finding.evidence),
    ]
    if finding.waiver is not None:
        lines.append(f'<p class="waiver"><strong>Waived:</strong> {escape(finding.waiver)}</p>')
    if finding.status is not Status.MET:
        lines.append(f'<p class="advice"><strong>What to add:</strong> {escape(req.advice)}</p>')
    sources = "; ".join(req.sources)
    lines += [f'<p class="sources">{escape(req.area)} · {escape(sources)}</p>', "</article>"]
    return lines


def _harmonisation(report: Report) -> list[str]:
    if not report.harmonisation:
        return []
    lines = ['<section id="harmonisation">', "<h2>Across the policy set</h2>"]
    for n, item in enumerate(report.harmonisation, start=1):
        label = escape(item.requirement or item.kind.replace("-", " "))
        lines += [
            f'<article class="harmonisation {escape(item.kind)}" id="set-{n}"><h3>{label}</h3>',
            f'<p class="why">{escape(item.why)}</p>',
            *(_evidence(e) for e in item.evidence),
            "</article>",
        ]
    return [*lines, "</section>"]


def _evidence(evidence: Evidence) -> str:
    return (
        f"<blockquote><p>“{escape(evidence.quote)}”</p>"
        f"<footer>{escape(where(evidence.location))}</footer></blockquote>"
    )


def _status(status: Status) -> str:
    return f'<span class="status {status.value}">{LABELS[status]}</span>'
