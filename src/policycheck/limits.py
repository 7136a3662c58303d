"""Resource limits on input documents: the size cap, its default and how it is written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policycheck.errors import ConfigError

# 100 MiB: a long policy with images is a few MB; anything this large is not a policy.
DEFAULT_MAX_SIZE = 100 * 2**20
# 8 Mi characters of text, about 2,500 pages: a staff manual with every annex is a few MB.
# The bound keeps a hostile file (200,000 paragraphs in a 600 KB .docx) from running for
# minutes; it is checked as the text is read.
DEFAULT_MAX_TEXT = 8 * 2**20
UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?\s*$", re.I)


def parse_size(value: str | int, source: str) -> int:
    """Bytes from '500K', '20M', '1G' or a plain number; `source` names the option or file."""
    if isinstance(value, int) and not isinstance(value, bool):
        number, unit = float(value), ""
    else:
        match = SIZE.match(str(value))
        if match is None:
            raise ConfigError(f"{source}: {value!r} is not a size; write it as 500K, 20M or 1G")
        number, unit = float(match.group(1)), match.group(2).upper()
    size = int(number * UNITS[unit])
    if size < 1:
        raise ConfigError(f"{source}: {value!r} is below 1 byte; write it as 500K, 20M or 1G")
    return size


def describe_size(size: int) -> str:
    """A size as a person would write it back: 100M, 512K, 1.5G."""
    for unit in ("G", "M", "K"):
        if size >= UNITS[unit]:
            return f"{size / UNITS[unit]:.4g}{unit}"
    return f"{size} bytes"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of a document policycheck takes: the file in bytes, its text in characters."""

    size: int = DEFAULT_MAX_SIZE
    text: int = DEFAULT_MAX_TEXT


# The limits when no flag or config sets them.
DEFAULT_LIMITS = Limits()
