"""Parsed documents cached by content hash, so re-runs and diffs in CI parse a file once."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from policycheck import __version__
from policycheck.model import Block, BlockKind, Document, Location


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policycheck"


def key(sha256: str, engine: str) -> str:
    # A new version may read documents differently: its cache starts afresh.
    return f"{sha256}-{engine}-{__version__}"


def load(folder: Path, name: str, path: str) -> Document | None:
    """The cached document, relabelled with the path it is read from now."""
    try:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        return _document(data, path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(folder: Path, name: str, document: Document) -> None:
    # A cache that cannot be written only costs speed, never the audit.
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f".{name}.{os.getpid()}.tmp"
        temp.write_text(json.dumps(_data(document), ensure_ascii=False), encoding="utf-8")
        temp.replace(folder / f"{name}.json")


def _data(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "format": doc.format,
        "sha256": doc.sha256,
        "pages": doc.pages,
        "language": doc.language,
        "languages": [list(pair) for pair in doc.languages],
        "notices": list(doc.notices),
        "blocks": [
            [b.kind.value, b.text, b.language, b.location.paragraph, b.location.page,
             list(b.location.section), b.location.clause]
            for b in doc.blocks
        ],
    }  # fmt: skip


def _document(data: dict[str, Any], path: str) -> Document:
    blocks = tuple(
        Block(
            kind=BlockKind(kind),
            text=text,
            language=language,
            location=Location(
                file=path, paragraph=paragraph, page=page, section=tuple(section), clause=clause
            ),
        )
        for kind, text, language, paragraph, page, section, clause in data["blocks"]
    )
    notices = tuple(n.replace(data.get("path", ""), path) for n in data["notices"])
    return replace(
        Document(path=path, format=data["format"], sha256=data["sha256"], blocks=blocks),
        pages=data["pages"],
        language=data["language"],
        languages=tuple((lang, share) for lang, share in data["languages"]),
        notices=notices,
    )
