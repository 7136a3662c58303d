"""`policycheck init`: write a commented .policycheck.yaml to start from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policycheck.cli.common import guard

TEMPLATE = """\
# policycheck configuration. Flags on the command line win over this file.
# Every key is optional; `policycheck audit --help` lists the flags.

# Rule set: the built-in one, or a folder of your own requirements. A pack that starts with
# `extends: builtin` in its default.yaml overrides fields, adds requirements, disables some.
# rules: policy-rules/

# Lowest severity of a gap that fails the run: error (must), warning (should), info, never.
fail-on: error

# Turn requirements off, or change how severe a gap is.
# requirements:
#   VIC-06: off
#   PROH-SEXWORK: {severity: error}

# Reports written on every run; the extension names the format.
# outputs:
#   - reports/policycheck.sarif
#   - reports/policycheck.html

# Accepted, documented exceptions. An expired waiver stops waiving and says so.
# waivers:
#   - id: VIC-06
#     reason: Children born of SEA are handled by the regional office's protocol.
#     approved-by: Legal Counsel
#     expires: 2027-06-30
#     document: policy.docx        # optional: only for this document

# Accept today's gaps: create it with `policycheck audit ... --write-baseline FILE`.
# baseline: .policycheck-baseline.json

# Language of text too short to identify (headings, single items): en, fr, es, zh, ar, ru.
# language: en

# Limits: a larger file is refused unread; a document with more text is refused as soon as
# the reader has taken that much (8M characters is about 2,500 pages).
# max-size: 100M
# max-text: 8M
"""


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the config.")] = Path(
        ".policycheck.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing config.")] = False,
) -> None:
    """Write a commented .policycheck.yaml with every key explained."""
    from policycheck.errors import ConfigError
    from policycheck.output import write

    with guard():
        if path.exists() and not force:
            raise ConfigError(f"{path}: already exists; use --force to replace it")
        write(path, TEMPLATE)
    typer.echo(f"{path}: written")
