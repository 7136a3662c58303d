"""Load a rule set from YAML, validate it against rules/schema.json and compile its patterns."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import regex
import yaml

from policycheck.errors import RuleError
from policycheck.model import (
    Element,
    Example,
    LanguagePatterns,
    Level,
    Modality,
    NearMiss,
    Requirement,
    RuleSet,
    Severity,
    Status,
    Strictness,
)
from policycheck.segment import fold

RULESET_FILE = "default.yaml"
SCHEMA_FILE = "schema.json"
LANGUAGES_DIR = "languages"
# The regex module: several times faster than re on these patterns, and it takes a timeout.
PATTERN_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.V0


def builtin_rules_dir() -> Path:
    """Where the built-in rule set lives: inside the installed package, or at the repo root."""
    packaged = Path(str(resources.files("policycheck"))) / "rules"
    if packaged.is_dir():
        return packaged
    # An editable install or a source checkout: the rules sit beside src/.
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(path: Path | None = None) -> RuleSet:
    """Load the rule set in `path` (default: the built-in one) or raise RuleError."""
    folder = path or builtin_rules_dir()
    if not folder.is_dir():
        raise RuleError(f"{folder}: rule set folder not found")
    return _load_folder(folder.resolve())


@cache
def _load_folder(folder: Path) -> RuleSet:
    schema = _schema()
    meta_path = folder / RULESET_FILE
    if meta_path.exists():
        meta = _validated(meta_path, schema, "ruleset")
    else:
        meta = {"id": folder.name, "version": "local", "title": folder.name}
    lang_dir = folder / LANGUAGES_DIR
    if not lang_dir.is_dir():
        lang_dir = builtin_rules_dir() / LANGUAGES_DIR
    languages = [_validated(p, schema, "language_file") for p in sorted(lang_dir.glob("*.yaml"))]
    files = sorted(p for p in folder.glob("*.yaml") if p.name != RULESET_FILE)
    if not files:
        raise RuleError(f"{folder}: no requirement files (*.yaml) in the rule set")
    loaded = tuple(_requirement(p, _validated(p, schema, None)) for p in files)
    by_id: dict[str, Requirement] = {}
    for req in loaded:
        if req.id in by_id:
            raise RuleError(
                f"{req.origin}: id: {req.id} is already defined in {by_id[req.id].origin}"
            )
        by_id[req.id] = req
    order = meta.get("requirements", sorted(by_id))
    unknown = [rid for rid in order if rid not in by_id]
    if unknown:
        raise RuleError(f"{meta_path}: requirements: no rule file for {unknown[0]}")
    requirements = tuple(by_id[rid] for rid in order)
    return RuleSet(
        id=str(meta["id"]),
        version=str(meta["version"]),
        requirements=requirements,
        modality=MappingProxyType({lang["language"]: _modality(lang) for lang in languages}),
        topic=MappingProxyType(
            {
                lang["language"]: _compile_all(lang.get("topic", ()), lang["_file"], "topic")
                for lang in languages
            }
        ),
        abbreviations=MappingProxyType(
            {lang["language"]: frozenset(lang.get("abbreviations", ())) for lang in languages}
        ),
        definition_cues=MappingProxyType(
            {
                lang["language"]: _compile_all(
                    lang["definition_cues"], lang["_file"], "definition_cues"
                )
                for lang in languages
            }
        ),
    )


@cache
def _schema() -> dict[str, Any]:
    path = builtin_rules_dir() / SCHEMA_FILE
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _validated(path: Path, schema: dict[str, Any], definition: str | None) -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 1})" if line is not None else ""
        raise RuleError(f"{path}: not valid YAML{where}") from None
    target = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]} if definition else schema
    error = best_match(Draft202012Validator(target).iter_errors(data))
    if error is not None:
        raise RuleError(f"{path}: {_describe(error)}")
    data["_file"] = path
    return dict(data)


def _describe(error: Any) -> str:
    """Turn a jsonschema error into 'key: what is wrong', in the tone of yamllint."""
    key = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - allowed)
        return f"{key}: unknown key {', '.join(repr(k) for k in unknown)}"
    if error.validator == "required":
        return f"{key}: {error.message.replace('is a required property', 'is missing')}"
    if error.validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return f"{key}: {error.instance!r} should be one of {choices}"
    if error.validator == "minItems":
        return f"{key}: needs at least {error.validator_value} items"
    return f"{key}: {error.message}"


def _compile(pattern: str, file: Path, key: str) -> regex.Pattern[str]:
    try:
        return regex.compile(fold(unicodedata.normalize("NFKC", pattern)), PATTERN_FLAGS)
    except regex.error as exc:
        raise RuleError(f"{file}: {key}: bad regular expression {pattern!r} ({exc})") from None


def _compile_all(patterns: Iterable[str], file: Path, key: str) -> tuple[regex.Pattern[str], ...]:
    return tuple(_compile(p, file, key) for p in patterns)


def _modality(lang: Mapping[str, Any]) -> Mapping[Modality, tuple[regex.Pattern[str], ...]]:
    file = lang["_file"]
    # "neutral" cues mask look-alikes ("may lead to") and count as no modality at all.
    return MappingProxyType(
        {
            Modality.NONE if name == "neutral" else Modality(name): _compile_all(
                cues, file, f"modality.{name}"
            )
            for name, cues in lang["modality"].items()
        }
    )


def _requirement(file: Path, data: dict[str, Any]) -> Requirement:
    match = data["match"]
    elements = tuple(
        Element(
            id=e["id"],
            label=e["label"],
            required=e.get("required", False),
            sufficient=e.get("sufficient", False),
            anywhere=e.get("anywhere", False),
        )
        for e in match.get("elements", ())
    )
    element_ids = {e.id for e in elements}
    level_specs = match.get("levels", ())
    patterns: dict[str, LanguagePatterns] = {}
    for lang, spec in data["patterns"].items():
        key = f"patterns.{lang}"
        unknown = set(spec.get("elements", {})) - element_ids
        if unknown:
            raise RuleError(f"{file}: {key}.elements: unknown element {sorted(unknown)[0]!r}")
        levels = tuple(
            Level(
                id=lv["id"],
                label=lv["label"],
                status=Status(lv["status"]),
                modality=Modality(lv["modality"]) if "modality" in lv else None,
                patterns=_compile_all(
                    spec.get("levels", {}).get(lv["id"], ()), file, f"{key}.levels.{lv['id']}"
                ),
            )
            for lv in level_specs
        )
        patterns[lang] = LanguagePatterns(
            anchor=_compile_all(spec["anchor"], file, f"{key}.anchor"),
            elements=MappingProxyType(
                {
                    eid: _compile_all(pats, file, f"{key}.elements.{eid}")
                    for eid, pats in spec.get("elements", {}).items()
                }
            ),
            near_misses=tuple(
                NearMiss(
                    pattern=_compile(nm["pattern"], file, f"{key}.near_miss"),
                    status=Status(nm["status"]),
                    why=nm["why"],
                )
                for nm in spec.get("near_miss", ())
            ),
            levels=levels,
            exclude=_compile_all(spec.get("exclude", ()), file, f"{key}.exclude"),
        )
    examples = tuple(
        Example(
            text=ex["text"], status=Status.MET, language=ex.get("lang", "en"), level=ex.get("level")
        )
        for ex in data["examples"]["pass"]
    ) + tuple(
        Example(
            text=ex["text"],
            status=Status(ex["status"]),
            language=ex.get("lang", "en"),
            level=ex.get("level"),
        )
        for ex in data["examples"]["fail"]
    )
    return Requirement(
        id=data["id"],
        title=data["title"],
        area=data["area"],
        recommendation=tuple(data["recommendation"]),
        strictness=Strictness(data["strictness"]),
        severity=Severity(data["severity"]),
        sources=tuple(data["sources"]),
        rationale=" ".join(data["rationale"].split()),
        advice=" ".join(data["advice"].split()),
        target=data["target"],
        kind=match["kind"],
        elements=elements,
        met_min=match.get("met", len(elements)),
        partial_min=match.get("partial", 0),
        window=match.get("window", 1),
        weak=Status(match.get("weak", "partial")),
        bare=Status(match.get("bare", "missing")),
        practice_evidence=match.get("practice_evidence", False),
        topic=match.get("topic", False),
        patterns=MappingProxyType(patterns),
        examples=examples,
        origin=str(file),
    )
