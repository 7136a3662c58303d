"""Write reports atomically: a temporary file beside the target, then os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from policycheck.errors import OutputError


def check(target: Path, *, inputs: Iterable[Path] = ()) -> Path:
    """The folder a report will go to; OutputError if `target` cannot take one. Checking
    every target before writing any means a run with several outputs changes none or all."""
    resolved = target.resolve()
    for path in inputs:
        if path.exists() and path.resolve() == resolved:
            raise OutputError(
                f"{target}: is one of the input documents; choose another output file"
            )
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name for the report")
    folder = resolved.parent
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    return folder


def write(target: Path, content: str | bytes, *, inputs: Iterable[Path] = ()) -> None:
    """Write `content` to `target`; refuse to overwrite an input; never leave half a report."""
    folder = check(target, inputs=inputs)
    resolved = target.resolve()
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(resolved)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise OutputError(f"{target}: cannot be written ({exc.strerror})") from None
