"""policycheck: audit PSEAH policies against the UN standard and report the gaps."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "audit", "load_rules"]


def __getattr__(name: str) -> object:
    # The public API, imported lazily so that `policycheck --version` stays fast.
    if name == "audit":
        from policycheck.audit import audit

        return audit
    if name == "load_rules":
        from policycheck.rules import load_rules

        return load_rules
    raise AttributeError(name)
