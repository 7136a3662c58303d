"""Resource limits on input documents: the size cap, its default and how it is written."""

from __future__ import annotations

import re

from policycheck.errors import ConfigError

# 100 MiB: a long policy with images is a few MB; anything this large is not a policy.
DEFAULT_MAX_SIZE = 100 * 2**20
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
