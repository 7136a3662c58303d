"""A rule's regular expression, compiled the first time it runs.

A rule set holds thousands of patterns and compiling one costs about half a millisecond, so
compiling them all costs a second at every start. Most never run on a given document: the
prefilter (match/prefilter.py) reads their literals from the source text and skips every
pattern whose words the document lacks."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from policycheck.errors import RuleError

FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.V0


class Pattern:
    """The source of one pattern (already normalised and folded), and where it was written."""

    __slots__ = ("_compiled", "origin", "pattern")
    flags = FLAGS

    def __init__(self, source: str, origin: str) -> None:
        self.pattern = source
        # "file: key", for the one-line error a bad pattern gets.
        self.origin = origin
        self._compiled: regex.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"

    @property
    def compiled(self) -> regex.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = regex.compile(self.pattern, FLAGS)
            except regex.error as exc:
                raise RuleError(
                    f"{self.origin}: bad regular expression {self.pattern!r} ({exc})"
                ) from None
        return self._compiled

    def check(self) -> None:
        """Compile now: a bad pattern raises RuleError here rather than mid-audit."""
        self.compiled  # noqa: B018

    def search(self, text: str, *, timeout: float) -> regex.Match[str] | None:
        return self.compiled.search(text, timeout=timeout)

    def finditer(self, text: str, *, timeout: float) -> Iterator[regex.Match[str]]:
        return self.compiled.finditer(text, timeout=timeout)
