"""The format registry: extensions name one format each, and every renderer keeps its contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.model import Report
from policycheck.report import FORMATS, format_for, render


def test_each_extension_names_exactly_one_format() -> None:
    suffixes = [fmt.suffix for fmt in FORMATS.values()]
    assert len(set(suffixes)) == len(suffixes)
    for fmt in FORMATS.values():
        assert format_for(Path(f"Report{fmt.suffix.upper()}")) == fmt


@pytest.mark.parametrize("name", list(FORMATS))
def test_binary_flag_matches_what_the_renderer_returns(
    name: str, sample_reports: dict[str, Report]
) -> None:
    rendered = render(sample_reports["weak-statement"], name)
    assert isinstance(rendered, bytes) == FORMATS[name].binary


def test_terminal_view_takes_colour_and_width(sample_reports: dict[str, Report]) -> None:
    report = sample_reports["weak-statement"]
    coloured = render(report, "table", color=True, width=72)
    assert isinstance(coloured, str) and "\x1b[" in coloured
    plain = render(report, "table", width=72)
    assert isinstance(plain, str) and "\x1b[" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 72
