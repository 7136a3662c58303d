"""Annotate: a copy of a Word policy with each finding as a comment anchored on its clause."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from policycheck.errors import InputError

# The reader's own walk, so that block N here is the block its Location.paragraph N names.
from policycheck.ingest.docx import W, body_items, element_text
from policycheck.model import BlockKind, Document, Evidence, Finding, Report, Status
from policycheck.report.wording import LABELS, xml_safe

AUTHOR = "policycheck"
# Word stems too common in PSEAH policies to say which section a requirement belongs to.
COMMON = frozenset(
    [
        "sexual",
        "policy",
        "polici",
        "statem",
        "applie",
        "apply",
        "with",
        "that",
        "this",
        "from",
        "their",
    ]
)


def annotate(path: Path, report: Report, *, include_met: bool = False) -> bytes:
    """The .docx at `path` with a comment per gap (and per met or waived finding if asked)."""
    document = _audited(path, report)
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise InputError(f"{path}: changed since it was audited; run the command again")
    word = docx.Document(io.BytesIO(data))
    blocks = _blocks(word.element.body)
    headings = [
        (b.location.paragraph, b.text) for b in document.blocks if b.kind is BlockKind.HEADING
    ]
    title = headings[0][0] if headings else 1
    for finding in report.findings:
        if finding.status in (Status.MET, Status.WAIVED) and not include_met:
            continue
        evidence = [e for e in finding.evidence if e.location.file == document.path]
        number = _clause(evidence, blocks) or _section(finding, headings, title)
        word.add_comment(
            _anchor(word, blocks, number, title),
            text=_comment(finding),
            author=AUTHOR,
            initials="PC",
        )
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _audited(path: Path, report: Report) -> Document:
    document = next((d for d in report.documents if d.path == str(path)), None)
    if document is None:
        raise ValueError(f"{path} is not one of the report's documents")
    if document.format != "docx":
        raise InputError(
            f"{path}: a {document.format} file; comments need a Word document, so save it as .docx"
        )
    return document


def _blocks(body: Any) -> list[list[Any]]:
    """The paragraphs of each block, numbered as the reader numbers them: from 1, blanks skipped."""
    blocks: list[list[Any]] = []
    for element in body_items(body):
        if element.tag == f"{W}p":
            if element_text(element):
                blocks.append([element])
            continue
        for row in element.iter(f"{W}tr"):
            cells = [
                p for cell in row.findall(f"{W}tc") for p in cell.iter(f"{W}p") if element_text(p)
            ]
            if cells:
                blocks.append(cells)
    return blocks


def _clause(evidence: Sequence[Evidence], blocks: list[list[Any]]) -> int | None:
    """The block that holds the first quote: where its location says, else wherever its text is."""
    for item in evidence:
        probes = _probes(item.quote)
        number = item.location.paragraph
        if 0 < number <= len(blocks) and _holds(blocks[number - 1], probes):
            return number
        found = next((i for i, block in enumerate(blocks, 1) if _holds(block, probes)), None)
        if found is not None:
            return found
    return None


def _probes(quote: str) -> tuple[str, ...]:
    # A quote may open with the list's lead-in sentence or end cut short with "…": one of its
    # two ends lies in the clause itself.
    key = _key(quote.removesuffix("…"))
    return (key[:40], key[-40:]) if key else ()


def _holds(block: list[Any], probes: tuple[str, ...]) -> bool:
    text = _key(" ".join(element_text(p) for p in block))
    return any(probe in text for probe in probes)


def _key(text: str) -> str:
    """Letters and digits only: the reader normalises quotes, dashes and spaces."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text).casefold())


def _section(finding: Finding, headings: list[tuple[int, str]], title: int) -> int:
    """The heading sharing most word stems with the requirement (its area counts double), else the title."""
    req = finding.requirement
    area, words = _stems(req.area), _stems(f"{req.title} {req.target}")
    best, number = 0, title
    for index, text in headings:
        stems = _stems(text)
        score = 2 * len(stems & area) + len(stems & words)
        if index != title and score > best:
            best, number = score, index
    return number


def _stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"\w+", text.casefold()) if len(w) > 3} - COMMON


def _anchor(word: Any, blocks: list[list[Any]], *numbers: int) -> list[Run]:
    """The runs of the first of these blocks that has text runs, else of the first block that has."""
    for number in (*numbers, *range(1, len(blocks) + 1)):
        if 0 < number <= len(blocks) and (runs := _runs(word, blocks[number - 1])):
            return runs
    raise InputError("the document has no text to attach a comment to")


def _runs(word: Any, block: list[Any]) -> list[Run]:
    # Runs inside hyperlinks, tracked insertions and content controls carry text too.
    return [
        Run(r, Paragraph(p, word))
        for p in block
        for r in p.xpath("./w:r | ./*/w:r | ./w:sdt/w:sdtContent/w:r")
        if r.xpath("./w:t")
    ]


def _comment(finding: Finding) -> str:
    req = finding.requirement
    lines = [f"{LABELS[finding.status]}: {req.id} {req.title} ({req.severity.value})", finding.why]
    if finding.waiver is not None:
        lines.append(f"Waived: {finding.waiver}")
    if finding.status is not Status.MET:
        lines.append(f"What to add: {req.advice}")
    return xml_safe("\n".join(lines))
