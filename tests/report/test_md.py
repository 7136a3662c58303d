"""The Markdown report, rendered the way a pull-request comment is (CommonMark with tables)."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

from policycheck.model import Report, Status
from policycheck.report.md import render, text
from policycheck.report.wording import LABELS
from tests.report.conftest import HOSTILE, WAIVER


class Html(HTMLParser):
    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(MarkdownIt("commonmark").enable("table").render(markdown))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_summary_table_has_a_row_per_area_and_overall(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["code-of-conduct-extract"]
    html = Html(render(report))
    assert html.tags.count("table") == 1
    assert html.tags.count("tr") == 1 + len(report.areas) + 1


def test_details_for_each_requirement(hostile_report: Report) -> None:
    html = Html(render(hostile_report))
    shown = "".join(html.text)
    for finding in hostile_report.findings:
        assert f"{LABELS[finding.status]}: {finding.id} {finding.requirement.title}" in shown
        if finding.status is not Status.MET:
            assert finding.requirement.advice in shown
    assert f"Waived: {WAIVER}" in shown


def test_policy_text_is_shown_as_written() -> None:
    html = Html(f"> “{text(HOSTILE)}”")
    assert html.tags == ["blockquote", "p"]
    assert "".join(html.text).strip() == f"“{' '.join(HOSTILE.split())}”".replace("@", "@\u2060")


def test_line_start_markers_stay_text() -> None:
    for line in ("- not a list", "12. not a list", "# not a heading", "> not a quote", "+ x"):
        html = Html(text(line))
        assert html.tags == ["p"], line
        assert "".join(html.text).strip() == line
