"""Reports for the format tests: every sample policy audited once, and one full of hostile text."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from policycheck.audit import audit
from policycheck.model import Evidence, Location, Report, Status
from policycheck.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(
    p for p in (ROOT / "sample_policies").iterdir() if p.suffix in (".docx", ".pdf", ".md")
)
# Golden files must not change with the day they are rendered.
GENERATED = "2026-01-01"
HOSTILE = '<script>console.error("injected")</script> | @someone *not bold* # \x07 & done'
WAIVER = "Covered by staff rule 1.2, annex 3 (approved by the board on 2026-01-15)"


@pytest.fixture(scope="session")
def sample_reports() -> dict[str, Report]:
    """Each sample audited from the repository root, so that reports name it by a relative path."""
    rules = load_rules()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return {
            path.stem: replace(audit([path.relative_to(ROOT)], rules=rules), generated=GENERATED)
            for path in SAMPLES
        }


@pytest.fixture(scope="session")
def hostile_report(sample_reports: dict[str, Report]) -> Report:
    """The strong sample with markup in a quote, a waived gap, and evidence from two documents."""
    report = sample_reports["strong-psea-policy"]
    findings = list(report.findings)
    quoted = next(i for i, f in enumerate(findings) if f.evidence)
    first = findings[quoted].evidence[0]
    other = Evidence(
        quote='=HYPERLINK("http://evil.example")', location=Location(file="annex.md", paragraph=3)
    )
    findings[quoted] = replace(
        findings[quoted],
        evidence=(replace(first, quote=HOSTILE), *findings[quoted].evidence[1:], other),
    )
    gap = next(i for i, f in enumerate(findings) if f.is_gap)
    findings[gap] = replace(findings[gap], status=Status.WAIVED, waiver=WAIVER)
    annex = replace(report.documents[0], path="annex.md", format="md", sha256="0" * 64)
    return replace(report, findings=tuple(findings), documents=(*report.documents, annex))


def docx_text(data: bytes) -> str:
    """A .docx body as text: one line per paragraph, with its style, or per table row."""
    import docx
    from docx.text.paragraph import Paragraph

    lines = []
    for item in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(f"[{item.style.name if item.style else ''}] {item.text}")
        else:
            lines += ["| " + " | ".join(c.text for c in row.cells) + " |" for row in item.rows]
    return "\n".join(lines) + "\n"
