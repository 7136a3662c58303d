"""Where the time of one audit goes, stage by stage, in a fresh process as `policycheck audit`
spends it (imports, rule loading and pattern compiling included).

Usage: python benchmarks/stages.py DOCUMENT [--rules PATH]

Prints one JSON object: stage name -> seconds, in pipeline order. The stages are called as
policycheck.audit.audit() calls them, for one document; keep the two in step.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", type=Path)
    parser.add_argument("--rules", type=Path, default=None)
    args = parser.parse_args()
    laps: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        clock.append(time.perf_counter())
        laps[name] = clock[-1] - clock[-2]

    from datetime import date

    from policycheck import __version__
    from policycheck.assess import assess
    from policycheck.harmonise import harmonise
    from policycheck.ingest import read_document
    from policycheck.match import match, prepare
    from policycheck.model import Report
    from policycheck.report import render
    from policycheck.rules import load_rules
    from policycheck.segment import segment

    lap("imports")
    rules = load_rules(args.rules)
    lap("load rules (YAML, schema)")
    document = read_document(args.document)
    lap("read (text engine, layout, language)")
    segments = tuple(segment(document, rules.abbreviations))
    lap("segment")
    corpus = prepare(segments, rules)
    lap("match: prepare the corpus")
    candidates = [[match(req, corpus, rules)] for req in rules.requirements]
    # Patterns compile the first time they run, so compiling counts in this stage.
    lap("match: every requirement")
    findings = tuple(
        assess(req, found[0]) for req, found in zip(rules.requirements, candidates, strict=True)
    )
    lap("assess")
    report = Report(
        tool_version=__version__,
        ruleset_id=rules.id,
        ruleset_version=rules.version,
        documents=(document,),
        findings=findings,
        generated=date.today().isoformat(),
        harmonisation=harmonise(rules, (document,), candidates),
    )
    lap("harmonise")
    render(report, "json")
    lap("render JSON")
    print(json.dumps(laps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
