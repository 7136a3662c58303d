"""The HTML report: self-contained, escaped, complete, printable, and clean in a real browser."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policycheck.model import Report, Status
from policycheck.report.html import render
from tests.report.conftest import HOSTILE, WAIVER

BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1200,1600",
)


class Page(HTMLParser):
    """Collects the tags, attributes and text of a page as a browser's parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_document_text_is_shown_never_run(hostile_report: Report) -> None:
    page = Page(render(hostile_report))
    assert "script" not in {tag for tag, _ in page.tags}
    assert f"“{HOSTILE}”" in page.text


def test_page_fetches_nothing(hostile_report: Report) -> None:
    page = Page(render(hostile_report))
    assert not {tag for tag, _ in page.tags} & {"script", "link", "img", "iframe", "object"}
    links = [attrs.get("href") or "" for _, attrs in page.tags if "href" in attrs]
    assert links and all(link.startswith("#") for link in links)
    policy = [
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy == ["default-src 'none'; style-src 'unsafe-inline'"]


def test_header_names_documents_hashes_versions_and_date(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["ngo-safeguarding-policy"]
    text = " ".join(Page(render(report)).text)
    doc = report.documents[0]
    for expected in (
        doc.path,
        doc.sha256,
        report.tool_version,
        report.ruleset_version,
        "2026-01-01",
    ):
        assert expected in text


def test_chart_draws_the_score_of_each_area(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["strong-psea-policy"]
    tags = Page(render(report)).tags
    bars = [float(a["width"] or 0) for t, a in tags if t == "rect" and a["class"] == "fill"]
    assert bars == [s.score for _, s in report.areas] + [report.summary.score]


def test_each_requirement_has_status_why_evidence_and_advice(hostile_report: Report) -> None:
    html = render(hostile_report)
    page = Page(html)
    articles = {
        a["id"]: a["class"]
        for t, a in page.tags
        if t == "article" and a["class"].startswith("finding")
    }
    assert articles == {f.id: f"finding {f.status.value}" for f in hostile_report.findings}
    text = "".join(page.text)
    for finding in hostile_report.findings:
        assert finding.why in text
        assert all(e.location.file in text for e in finding.evidence)
        if finding.is_gap:
            assert finding.requirement.advice in text


def test_waived_items_show_as_waived_with_their_reason(hostile_report: Report) -> None:
    waived = next(f for f in hostile_report.findings if f.status is Status.WAIVED)
    html = render(hostile_report)
    article = html[html.index(f'<article class="finding waived" id="{waived.id}">') :]
    article = article[: article.index("</article>")]
    assert '<span class="status waived">Waived</span>' in article
    assert f"<strong>Waived:</strong> {WAIVER}" in article


def test_print_styles_keep_findings_whole() -> None:
    from policycheck.report.html import STYLE

    print_rules = STYLE[STYLE.index("@media print") :]
    assert "break-inside: avoid" in print_rules and "@page" in print_rules


@pytest.fixture
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "chromium is missing, and CI must run the browser test (.ci/run installs it)"
            )
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return path


@pytest.mark.slow
def test_report_opens_cleanly_in_a_real_browser(
    chromium: str, hostile_report: Report, tmp_path: Path
) -> None:
    probe = tmp_path / "probe.html"
    probe.write_text('<!DOCTYPE html><title>probe</title><script>console.error("probe")</script>')
    # A page that does log proves that console messages reach us at all.
    assert any('"probe"' in line for line in _open(chromium, probe, tmp_path / "probe")[1])

    page = tmp_path / "report.html"
    page.write_text(render(hostile_report), encoding="utf-8")
    dom, console, screenshot = _open(chromium, page, tmp_path / "report")
    assert console == []
    assert "<script" not in dom and "&lt;script&gt;console.error" in dom
    width, height, rows = _scanlines(screenshot)
    assert (width, height) == (1200, 1600)
    # A blank page encodes as a handful of identical scanlines, whatever filter the PNG encoder
    # chose; a rendered report has hundreds of distinct ones. No image library needed.
    assert len(set(rows)) > 200


def _open(chromium: str, page: Path, work: Path) -> tuple[str, list[str], bytes]:
    """Load a page once: its DOM after loading, its console messages and a screenshot."""
    work.mkdir()
    shot = work / "screenshot.png"
    result = subprocess.run(
        [
            chromium,
            *BROWSER_FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--screenshot={shot}",
            "--dump-dom",
            "--enable-logging=stderr",
            "--v=0",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # Chromium logs every console message, script errors and blocked fetches (CSP) included,
    # as 'INFO:CONSOLE...] "message", source: url (line)'. The report runs no script, so any
    # such line is a fault; the probe above shows the format still holds.
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return result.stdout, console, shot.read_bytes()


def _scanlines(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the (still filtered) pixel rows of a PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data = 8, b""
    width = height = channels = depth = 0
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        chunk = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            data += chunk
        position += length + 12
    raw = zlib.decompress(data)
    stride = 1 + width * channels * depth // 8
    return width, height, [raw[i : i + stride] for i in range(0, len(raw), stride)]
