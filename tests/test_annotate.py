"""The annotated policy: each finding a Word comment on its clause, read back from the copy."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from policycheck.annotate import annotate
from policycheck.audit import audit
from policycheck.errors import InputError
from policycheck.ingest import read_document
from policycheck.model import Evidence, Finding, Report, Status
from policycheck.report.wording import LABELS
from policycheck.rules import load_rules

SAMPLES = Path(__file__).resolve().parents[1] / "sample_policies"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def comments(data: bytes) -> dict[str, tuple[str, str, str]]:
    """Each comment's first line -> (its full text, the text it is anchored on, that paragraph's style)."""
    document = docx.Document(io.BytesIO(data))
    anchored: dict[str, list[str]] = {}
    styles: dict[str, str] = {}
    open_ids: set[str] = set()
    for paragraph in document.element.body.iter(f"{W}p"):
        for node in paragraph.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
            ident = node.get(f"{W}id")
            if node.tag == f"{W}commentRangeStart":
                open_ids.add(ident)
                style = paragraph.find(f"{W}pPr/{W}pStyle")
                styles[ident] = style.get(f"{W}val") if style is not None else "Normal"
            elif node.tag == f"{W}commentRangeEnd":
                open_ids.discard(ident)
            for ident in open_ids if node.tag == f"{W}t" else ():
                anchored.setdefault(ident, []).append(node.text or "")
    out = {}
    for comment in document.comments:
        ident = str(comment.comment_id)
        assert comment.author == "policycheck"
        out[comment.text.split("\n")[0]] = (comment.text, "".join(anchored[ident]), styles[ident])
    return out


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _head(finding: Finding) -> str:
    return f"{LABELS[finding.status]}: {finding.id} {finding.requirement.title} ({finding.requirement.severity.value})"


@pytest.mark.parametrize("name", ["strong-psea-policy.docx", "weak-statement.docx"])
def test_each_gap_is_a_comment_on_its_clause_or_a_heading(name: str) -> None:
    path = SAMPLES / name
    report = audit([path])
    found = comments(annotate(path, report))
    gaps = [f for f in report.findings if f.is_gap]
    assert sorted(found) == sorted(_head(f) for f in gaps)
    for finding in gaps:
        text, anchor, style = found[_head(finding)]
        assert finding.why in text and f"What to add: {finding.requirement.advice}" in text
        if finding.evidence:
            quote = _key(finding.evidence[0].quote.removesuffix("…"))
            assert quote[:40] in _key(anchor) or quote[-40:] in _key(anchor), finding.id
        else:
            assert style.startswith(("Heading", "Title")), finding.id


def test_all_adds_met_findings() -> None:
    path = SAMPLES / "strong-psea-policy.docx"
    report = audit([path])
    found = comments(annotate(path, report, include_met=True))
    assert sorted(found) == sorted(_head(f) for f in report.findings)
    met = next(f for f in report.findings if f.status is Status.MET)
    assert "What to add" not in found[_head(met)][0]


def test_missing_requirement_goes_on_the_closest_heading_else_the_title(
    docx_policy: Callable[..., Path],
) -> None:
    path = docx_policy(
        [
            ("h1", "Our safeguarding policy"),
            ("h2", "Training and induction"),
            ("p", "We value everyone."),
        ]
    )
    report = audit([path])
    found = comments(annotate(path, report))
    training = next(f for f in report.findings if f.id == "TRN-01")
    partners = next(f for f in report.findings if f.id == "PART-01")
    assert training.status is partners.status is Status.MISSING and not training.evidence
    assert found[_head(training)][1] == "Training and induction"
    assert found[_head(partners)][1] == "Our safeguarding policy"


def test_anchor_follows_the_readers_numbering_through_tables(
    docx_policy: Callable[..., Path],
) -> None:
    path = docx_policy(
        [
            ("h1", "Policy"),
            ("p", ""),
            ("table", [["Channel", "Contact"], ["Hotline", "call 0800 123"]]),
            ("p", "Report any concern to the focal point."),
        ]
    )
    document = read_document(path)
    assert [b.text for b in document.blocks][2:] == [
        "Hotline: call 0800 123",
        "Report any concern to the focal point.",
    ]
    row, clause = document.blocks[2], document.blocks[3]
    report = _one_finding(path, Evidence(quote=row.text, location=row.location))
    assert next(iter(comments(annotate(path, report)).values()))[1] == "Hotlinecall 0800 123"
    # A stale paragraph number still finds the clause by its text.
    moved = Evidence(quote=clause.text, location=replace(clause.location, paragraph=1))
    report = _one_finding(path, moved)
    assert next(iter(comments(annotate(path, report)).values()))[1] == clause.text


def test_a_repeated_clause_is_anchored_where_the_location_says(
    docx_policy: Callable[..., Path],
) -> None:
    clause = "Managers must act on every report."
    path = docx_policy([("h1", "Policy"), ("p", clause), ("h2", "Managers"), ("p", clause)])
    document = read_document(path)
    second = document.blocks[3]
    report = _one_finding(path, Evidence(quote=clause, location=second.location))
    word = docx.Document(io.BytesIO(annotate(path, report)))
    marked = [
        i for i, p in enumerate(word.paragraphs) if p._p.find(f"{W}commentRangeStart") is not None
    ]
    assert marked == [3]


def test_clause_inside_a_hyperlink_is_anchored(docx_policy: Callable[..., Path]) -> None:
    path = docx_policy([("h1", "Policy"), ("p", "")])
    word = docx.Document(str(path))
    paragraph = word.add_paragraph()
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): "top"})
    link.append(paragraph.add_run("Report concerns through the hotline.")._r)
    paragraph._p.append(link)
    word.save(str(path))
    document = read_document(path)
    block = document.blocks[-1]
    report = _one_finding(path, Evidence(quote=block.text, location=block.location))
    assert next(iter(comments(annotate(path, report)).values()))[1] == block.text


def test_input_is_never_modified() -> None:
    path = SAMPLES / "weak-statement.docx"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    annotate(path, audit([path]), include_met=True)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_only_word_documents_take_comments() -> None:
    path = SAMPLES / "ngo-safeguarding-policy.pdf"
    with pytest.raises(InputError, match="Word document"):
        annotate(path, audit([path]))


def test_a_document_changed_since_the_audit_is_refused(docx_policy: Callable[..., Path]) -> None:
    path = docx_policy([("h1", "Policy"), ("p", "Staff should report concerns.")])
    report = audit([path])
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(InputError, match="changed since it was audited"):
        annotate(path, report)


def _one_finding(path: Path, evidence: Evidence) -> Report:
    requirement = load_rules().requirements[0]
    finding = Finding(
        requirement=requirement, status=Status.PARTIAL, why="Weak.", evidence=(evidence,)
    )
    return replace(audit([path]), findings=(finding,))
