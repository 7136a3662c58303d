"""`policycheck rules`: list, show, explain, validate and test rule sets and packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policycheck.cli.common import guard
from policycheck.model import Requirement, RuleSet

app = typer.Typer(no_args_is_help=True, help="Inspect, validate and test rule sets and packs.")

RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="Rule set folder or pack (default: the built-in rules)."),
]


def _load(path: Path | None) -> RuleSet:
    from policycheck.rules import load_rules

    return load_rules(path)


def _find(rules: RuleSet, rid: str) -> Requirement:
    from policycheck.errors import RuleError

    found = next((r for r in rules.requirements if r.id == rid.upper()), None)
    if found is None:
        raise RuleError(
            f"no requirement {rid} in rule set {rules.id} (see 'policycheck rules list')"
        )
    return found


@app.command("list")
def list_(rules: RulesOption = None) -> None:
    """One line per requirement: id, severity, area and title."""
    with guard():
        ruleset = _load(rules)
    typer.echo(f"{ruleset.id} {ruleset.version}: {len(ruleset.requirements)} requirements")
    for req in ruleset.requirements:
        languages = ",".join(sorted(req.patterns))
        typer.echo(
            f"{req.id:<19} {req.severity.value:<8} {req.area:<15} {req.title}  [{languages}]"
        )


@app.command()
def show(rid: Annotated[str, typer.Argument(metavar="ID")], rules: RulesOption = None) -> None:
    """How a requirement is matched: kind, elements, languages, examples."""
    with guard():
        req = _find(_load(rules), rid)
    typer.echo(
        f"{req.id}: {req.title}\n  file: {req.origin}\n  kind: {req.kind} (window {req.window})"
    )
    for element in req.elements:
        flags = " required" if element.required else " sufficient" if element.sufficient else ""
        typer.echo(f"  element {element.id}: {element.label}{flags}")
    for language, patterns in sorted(req.patterns.items()):
        typer.echo(
            f"  {language}: {len(patterns.anchor)} anchors, {sum(map(len, patterns.elements.values()))} "
            f"element patterns, {len(patterns.near_misses)} near-misses"
        )
    typer.echo(f"  examples: {len(req.examples)}")


@app.command()
def explain(rid: Annotated[str, typer.Argument(metavar="ID")], rules: RulesOption = None) -> None:
    """A requirement in words: its sources, what counts, what does not, and the advice."""
    with guard():
        req = _find(_load(rules), rid)
    recs = ", ".join(str(r) for r in req.recommendation)
    typer.echo(f"{req.id} — {req.title}\n")
    typer.echo(
        f"Strictness: {req.strictness.value} ({req.severity.value}); JIU Recommendation {recs}; area {req.area}."
    )
    typer.echo("Sources: " + "; ".join(req.sources) + "\n")
    typer.echo(f"Why it matters: {req.rationale}\n")
    typer.echo(
        "What counts: " + "; ".join(e.label for e in req.elements)
        if req.elements
        else "What counts: a clear position."
    )
    misses = sorted({nm.why for p in req.patterns.values() for nm in p.near_misses})
    if misses:
        typer.echo("What does not count:\n" + "\n".join(f"  - {why}" for why in misses))
    typer.echo(f"\nAdvice: {req.advice}")


@app.command()
def validate(path: Annotated[Path, typer.Argument(help="Rule set folder or pack.")]) -> None:
    """Check a rule set against the schema and compile its patterns; exit 2 if invalid."""
    from policycheck.rules import compile_all

    with guard():
        ruleset = _load(path)
        compile_all(ruleset)
    typer.echo(
        f"{path}: {len(ruleset.requirements)} requirements valid ({ruleset.id} {ruleset.version})"
    )


@app.command()
def test(
    path: Annotated[
        Path | None, typer.Argument(help="Rule set folder or pack (default: built-in).")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List passing examples too.")
    ] = False,
) -> None:
    """Run every example of every requirement like a test runner; exit 1 on any failure."""
    from policycheck.examples import run

    with guard():
        outcomes = list(run(_load(path)))
    failed = [o for o in outcomes if not o.passed]
    for outcome in outcomes:
        if verbose or not outcome.passed:
            mark = "PASS" if outcome.passed else "FAIL"
            typer.echo(
                f"{mark} {outcome.name}: expected {outcome.example.status.value}, got {outcome.finding.status.value}"
            )
            if not outcome.passed:
                typer.echo(f"     {outcome.finding.why}")
    typer.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    raise typer.Exit(1 if failed else 0)
