"""One audit as a user runs it: rules and config, the pipeline, waivers, the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from policycheck.audit import audit
from policycheck.config import Config, apply, waive
from policycheck.model import Report, Severity
from policycheck.rules import load_rules


def check(paths: Sequence[Path], config: Config, *, cache: Path | None = None) -> Report:
    """Audit a policy set as the config says; compare with its baseline if it names one."""
    from policycheck import baseline

    rules = apply(config, load_rules(config.rules))
    report = audit(
        paths,
        rules=rules,
        pdf_engine=config.pdf_engine,
        cache=cache,
        language=config.language,
        limits=config.limits,
    )
    report = waive(report, config.waivers, date.today())
    if config.baseline is not None and config.baseline.exists():
        report = baseline.compare(report, baseline.read(config.baseline))
    return report


def exit_code(report: Report, config: Config) -> int:
    """2: a document the rules cannot read (unless allowed); 1: a gap at or above fail-on
    (with a baseline, only new gaps and regressions count); else 0."""
    if report.unsupported and not config.allow_unsupported_language:
        return 2
    if config.fail_on == "never":
        return 0
    threshold = Severity(config.fail_on).rank
    return int(
        any(
            f.is_gap
            and f.requirement.severity.rank >= threshold
            and f.baseline in (None, "new", "worse")
            for f in report.findings
        )
    )
