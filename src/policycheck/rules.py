"""Load a rule set from YAML, validate it against rules/schema.json and compile its patterns."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

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
from policycheck.pattern import Pattern
from policycheck.segment import fold

# libyaml's loader when PyYAML was built with it: several times faster on 40 rule files.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RULESET_FILE = "default.yaml"
INSTRUMENTS_FILE = "instruments.yaml"
# Files of a rule set folder that are data about the set, not requirements.
DATA_FILES = frozenset({RULESET_FILE, INSTRUMENTS_FILE, "standards.yaml"})
SCHEMA_FILE = "schema.json"
LANGUAGES_DIR = "languages"


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
    try:
        return _load_folder(folder.resolve())
    finally:
        if _KNOWN:
            _KNOWN.pop().save()


@dataclass(frozen=True, slots=True)
class _Raw:
    """A rule set as YAML data, before validation: what `extends` merges."""

    meta: dict[str, Any]
    instruments: tuple[tuple[str, str, str], ...]
    languages: dict[str, dict[str, Any]]
    requirements: dict[str, dict[str, Any]]
    order: tuple[str, ...]


@cache
def _load_folder(folder: Path) -> RuleSet:
    raw = _raw(folder, seen=())
    schema = _schema()
    requirements = tuple(_requirement(raw.requirements[rid], schema) for rid in raw.order)
    languages = list(raw.languages.values())
    meta = raw.meta
    return RuleSet(
        id=str(meta["id"]),
        version=str(meta["version"]),
        requirements=requirements,
        modality=MappingProxyType({lang["language"]: _modality(lang) for lang in languages}),
        superseded=raw.instruments,
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


def _raw(folder: Path, seen: tuple[Path, ...]) -> _Raw:
    """Read a rule set folder; with `extends`, merge it over the rule set it extends."""
    schema = _schema()
    meta_path = folder / RULESET_FILE
    meta = _validated(meta_path, schema, "ruleset") if meta_path.exists() else {}
    base = _Raw(meta={}, instruments=(), languages={}, requirements={}, order=())
    if "extends" in meta:
        parent = builtin_rules_dir() if meta["extends"] == "builtin" else folder / meta["extends"]
        if not parent.is_dir() or parent.resolve() in seen:
            raise RuleError(f"{meta_path}: extends: {meta['extends']} is not a rule set folder")
        base = _raw(parent.resolve(), (*seen, folder))
    instruments = base.instruments
    if (folder / INSTRUMENTS_FILE).exists():
        listed = _validated(folder / INSTRUMENTS_FILE, schema, "instruments")["superseded"]
        instruments = tuple((i["symbol"], i["title"], i["replaced_by"]) for i in listed)
    languages = dict(base.languages)
    lang_dir = folder / LANGUAGES_DIR
    if not lang_dir.is_dir() and not base.languages:
        lang_dir = builtin_rules_dir() / LANGUAGES_DIR
    for path in sorted(lang_dir.glob("*.yaml")):
        data = _validated(path, schema, "language_file")
        languages[data["language"]] = data
    requirements = dict(base.requirements)
    added: list[str] = []
    for path in sorted(p for p in folder.glob("*.yaml") if p.name not in DATA_FILES):
        data = _read(path)
        rid = data.get("id")
        if not isinstance(rid, str):
            raise RuleError(f"{path}: id: is missing")
        if rid in requirements and rid in base.requirements:
            # An override: only the fields it names replace the base requirement's.
            requirements[rid] = {**_merge(requirements[rid], data), "_file": path}
        elif rid in requirements:
            raise RuleError(f"{path}: id: {rid} is already defined in {requirements[rid]['_file']}")
        else:
            requirements[rid] = {**data, "_file": path}
            added.append(rid)
    if not requirements:
        raise RuleError(f"{folder}: no requirement files (*.yaml) in the rule set")
    order = list(meta.get("requirements", [*base.order, *added] if base.order else sorted(added)))
    unknown = [rid for rid in [*order, *meta.get("disable", ())] if rid not in requirements]
    if unknown:
        raise RuleError(f"{meta_path}: requirements: no rule file for {unknown[0]}")
    off = set(meta.get("disable", ()))
    merged_meta = {
        "id": folder.name,
        "version": "local",
        **base.meta,
        **{k: v for k, v in meta.items() if k not in ("extends", "disable")},
    }
    return _Raw(
        meta=merged_meta,
        instruments=instruments,
        languages=languages,
        requirements=requirements,
        order=tuple(rid for rid in order if rid not in off),
    )


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge mappings; lists and scalars in the override replace the base's."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@cache
def _schema() -> dict[str, Any]:
    path = builtin_rules_dir() / SCHEMA_FILE
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RuleError(f"{path}: not valid YAML (not UTF-8 text)") from None
    known = _known()
    if (data := known.parsed(text)) is not None:
        return data
    try:
        data = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 1})" if line is not None else ""
        raise RuleError(f"{path}: not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: (top level): should be a mapping of keys")
    known.remember(text, data)
    return data


def _check(
    data: dict[str, Any], path: Path, schema: dict[str, Any], definition: str | None
) -> None:
    body = {k: v for k, v in data.items() if k != "_file"}
    known = _known()
    if known.valid(body, definition):
        return
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    target = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]} if definition else schema
    error = best_match(Draft202012Validator(target).iter_errors(body))
    if error is not None:
        raise RuleError(f"{path}: {describe_error(error)}")
    known.validated(body, definition)


def _validated(path: Path, schema: dict[str, Any], definition: str | None) -> dict[str, Any]:
    data = _read(path)
    _check(data, path, schema, definition)
    return {**data, "_file": path}


class _Known:
    """Rule files already parsed and validated, by content, kept on disk between runs like
    bytecode: parsing and validating forty YAML files costs a quarter of a second at every
    start, reading the answers back a few milliseconds. The key covers this module and the
    schema, so a change to either starts afresh; only what the last load used is kept."""

    def __init__(self) -> None:
        from policycheck.ingest.cache import default_folder

        digest = hashlib.sha256(Path(__file__).read_bytes())
        digest.update((builtin_rules_dir() / SCHEMA_FILE).read_bytes())
        self.file = default_folder() / f"rules-{digest.hexdigest()[:32]}.json"
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
            self._parsed: dict[str, Any] = dict(stored["parsed"])
            self._valid: set[str] = set(stored["valid"])
        except (OSError, ValueError, KeyError, TypeError):
            self._parsed, self._valid = {}, set()
        self._used: dict[str, Any] = {}
        self._used_valid: set[str] = set()

    @staticmethod
    def _key(*parts: str) -> str:
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def parsed(self, text: str) -> dict[str, Any] | None:
        key = self._key(text)
        data = self._parsed.get(key)
        if isinstance(data, dict):
            self._used[key] = data
            return data
        return None

    def remember(self, text: str, data: dict[str, Any]) -> None:
        # Only data that survives JSON unchanged (no dates, no integer keys) can be kept.
        with contextlib.suppress(TypeError, ValueError):
            if json.loads(json.dumps(data)) == data:
                self._used[self._key(text)] = data

    def _body_key(self, body: dict[str, Any], definition: str | None) -> str:
        return self._key(json.dumps(body, sort_keys=True, default=str), definition or "")

    def valid(self, body: dict[str, Any], definition: str | None) -> bool:
        key = self._body_key(body, definition)
        if key in self._valid:
            self._used_valid.add(key)
            return True
        return False

    def validated(self, body: dict[str, Any], definition: str | None) -> None:
        self._used_valid.add(self._body_key(body, definition))

    def save(self) -> None:
        if self._used.keys() == self._parsed.keys() and self._used_valid == self._valid:
            return
        # A cache that cannot be written only costs time.
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temp = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
            content = {"parsed": self._used, "valid": sorted(self._used_valid)}
            temp.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
            temp.replace(self.file)


_KNOWN: list[_Known] = []


def _known() -> _Known:
    if not _KNOWN:
        _KNOWN.append(_Known())
    return _KNOWN[0]


def describe_error(error: Any) -> str:
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


def _compile(pattern: str, file: Path, key: str) -> Pattern:
    # Compiled when it first runs (see pattern.py); `rules validate` compiles all at once.
    return Pattern(fold(unicodedata.normalize("NFKC", pattern)), f"{file}: {key}")


def _compile_all(patterns: Iterable[str], file: Path, key: str) -> tuple[Pattern, ...]:
    return tuple(_compile(p, file, key) for p in patterns)


def _modality(lang: Mapping[str, Any]) -> Mapping[Modality, tuple[Pattern, ...]]:
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


class LazyPatterns(Mapping[str, LanguagePatterns]):
    """A requirement's patterns per language, compiled when a document in that language is
    first matched: compiling all six languages' thousands of patterns would cost seconds at
    every start, for languages most audits never see."""

    def __init__(self, builders: dict[str, Callable[[], LanguagePatterns]]) -> None:
        self._builders = builders
        self._compiled: dict[str, LanguagePatterns] = {}

    def __getitem__(self, language: str) -> LanguagePatterns:
        if language not in self._compiled:
            self._compiled[language] = self._builders[language]()
        return self._compiled[language]

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


def _language(spec: dict[str, Any], level_specs: Any, file: Path, lang: str) -> LanguagePatterns:
    key = f"patterns.{lang}"
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
    return LanguagePatterns(
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
                anywhere=nm.get("anywhere", False),
            )
            for nm in spec.get("near_miss", ())
        ),
        levels=levels,
        exclude=_compile_all(spec.get("exclude", ()), file, f"{key}.exclude"),
    )


def compile_all(rules: RuleSet) -> None:
    """Compile every pattern now: how `rules validate` and the tests find a bad one."""
    shared = (*rules.definition_cues.values(), *rules.topic.values())
    for cues in rules.modality.values():
        shared += tuple(cues.values())
    for pattern in (p for group in shared for p in group):
        pattern.check()
    for req in rules.requirements:
        for language in req.patterns:
            for pattern in req.patterns[language].every():
                pattern.check()


def _requirement(data: dict[str, Any], schema: dict[str, Any]) -> Requirement:
    file: Path = data["_file"]
    _check(data, file, schema, None)
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
    for lang, spec in data["patterns"].items():
        unknown = set(spec.get("elements", {})) - element_ids
        if unknown:
            raise RuleError(
                f"{file}: patterns.{lang}.elements: unknown element {sorted(unknown)[0]!r}"
            )
    patterns = LazyPatterns(
        {
            lang: partial(_language, spec, level_specs, file, lang)
            for lang, spec in data["patterns"].items()
        }
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
        harmonise=match.get("harmonise", False),
        patterns=MappingProxyType(patterns),
        examples=examples,
        origin=str(file),
    )
