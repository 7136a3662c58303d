"""Configuration: find, validate and merge it in one place (defaults, then file, then flags)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from policycheck.errors import ConfigError
from policycheck.limits import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_SIZE,
    DEFAULT_MAX_TEXT,
    Limits,
    parse_size,
)
from policycheck.model import Finding, Report, RuleSet, Severity, Status

CONFIG_FILE = ".policycheck.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiver:
    """An accepted, documented exception: it waives one requirement's gap until it expires."""

    id: str
    reason: str
    approved_by: str = ""
    expires: date | None = None
    document: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    source: str = "defaults"
    rules: Path | None = None
    fail_on: str = "error"
    pdf_engine: str = "auto"
    disabled: frozenset[str] = frozenset()
    severities: tuple[tuple[str, Severity], ...] = ()
    outputs: tuple[Path, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    baseline: Path | None = None
    language: str | None = None
    allow_unsupported_language: bool = False
    limits: Limits = DEFAULT_LIMITS


def find_config(start: Path) -> Path | None:
    """The nearest .policycheck.yaml, or a pyproject.toml with [tool.policycheck], upward."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "policycheck" in _pyproject(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None, overrides: Mapping[str, Any]) -> Config:
    """Merge built-in defaults, the config file (if any) and command-line flags, in that order.

    `overrides` holds only the flags the user gave (None means "not given")."""
    data: dict[str, Any] = {}
    if path is not None:
        data = _read(path)
        _validate(data, path)
    base = path.parent if path else Path.cwd()
    merged = {**data, **{k: v for k, v in overrides.items() if v is not None}}
    requirements = merged.get("requirements", {})
    return Config(
        source=str(path) if path else "defaults",
        rules=_path(base, merged.get("rules")),
        fail_on=merged.get("fail-on", "error"),
        pdf_engine=merged.get("pdf-engine", "auto"),
        disabled=frozenset(rid for rid, v in requirements.items() if v in (False, "off")),
        severities=tuple(
            (rid, Severity(v["severity"])) for rid, v in requirements.items() if isinstance(v, dict)
        ),
        outputs=tuple(base / p for p in merged.get("outputs", ())),
        waivers=tuple(_waiver(w) for w in merged.get("waivers", ())),
        baseline=_path(base, merged.get("baseline")),
        language=merged.get("language"),
        allow_unsupported_language=bool(merged.get("allow-unsupported-language", False)),
        limits=Limits(
            size=parse_size(
                merged.get("max-size", DEFAULT_MAX_SIZE),
                "--max-size" if overrides.get("max-size") is not None else f"{path}: max-size",
            ),
            text=parse_size(
                merged.get("max-text", DEFAULT_MAX_TEXT),
                "--max-text" if overrides.get("max-text") is not None else f"{path}: max-text",
            ),
        ),
    )


def apply(config: Config, rules: RuleSet) -> RuleSet:
    """The rule set with the config's requirements turned off and severities changed."""
    known = {r.id for r in rules.requirements}
    named = [
        *config.disabled,
        *(rid for rid, _ in config.severities),
        *(w.id for w in config.waivers),
    ]
    unknown = sorted(set(named) - known)
    if unknown:
        raise ConfigError(f"{config.source}: no requirement {unknown[0]} in rule set {rules.id}")
    severities = dict(config.severities)
    return replace(
        rules,
        requirements=tuple(
            replace(r, severity=severities.get(r.id, r.severity))
            for r in rules.requirements
            if r.id not in config.disabled
        ),
    )


def waive(report: Report, waivers: tuple[Waiver, ...], today: date) -> Report:
    """Mark gaps covered by a live waiver as waived; an expired waiver stops and says so."""
    notices = list(report.notices)
    findings = []
    for finding in report.findings:
        waiver = next((w for w in waivers if _covers(w, finding, report)), None)
        if waiver is not None and finding.is_gap:
            if waiver.expires is not None and waiver.expires < today:
                notices.append(
                    f"waiver for {waiver.id} expired on {waiver.expires.isoformat()}; "
                    f"it no longer waives the {finding.status.value} finding"
                )
            else:
                finding = replace(
                    finding, status=Status.WAIVED, waiver=_describe(waiver), waived=finding.status
                )
        findings.append(finding)
    return replace(report, findings=tuple(findings), notices=tuple(notices))


def _covers(waiver: Waiver, finding: Finding, report: Report) -> bool:
    if waiver.id != finding.id:
        return False
    if waiver.document is None:
        return True
    return any(Path(doc.path).name == Path(waiver.document).name for doc in report.documents)


def _describe(waiver: Waiver) -> str:
    parts = [waiver.reason]
    if waiver.approved_by:
        parts.append(f"approved by {waiver.approved_by}")
    if waiver.expires:
        parts.append(f"until {waiver.expires.isoformat()}")
    return "; ".join(parts)


def _waiver(data: Mapping[str, Any]) -> Waiver:
    expires = data.get("expires")
    return Waiver(
        id=data["id"],
        reason=data["reason"],
        approved_by=data.get("approved-by", ""),
        expires=date.fromisoformat(str(expires)) if expires else None,
        document=data.get("document"),
    )


def _path(base: Path, value: Any) -> Path | None:
    return base / str(value) if value else None


def _pyproject(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    if path.name == "pyproject.toml":
        section = _pyproject(path).get("tool", {}).get("policycheck", {})
        return dict(section) if isinstance(section, dict) else {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ConfigError(
            f"{path}: not valid YAML{f' (line {line + 1})' if line is not None else ''}"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: (top level): should be a mapping of keys")
    # YAML reads 2027-06-30 as a date; the schema and the rest of the code see text.
    return dict(json.loads(json.dumps(data, default=str)))


def _validate(data: dict[str, Any], path: Path) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from policycheck.rules import describe_error

    schema = json.loads(
        (resources.files("policycheck") / "schemas" / "config.schema.json").read_text(
            encoding="utf-8"
        )
    )
    error = best_match(Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        raise ConfigError(f"{path}: {describe_error(error)}")
