"""Accuracy of the built-in rules on a labelled corpus, per language and overall.

Usage: python benchmarks/accuracy.py FOLDER [--only ID,ID] [--details] [--rules PATH]

FOLDER is laid out like ../shared/corpus: docs/NNN.{txt,md,pdf,docx} and labels/NNN.yaml
(`language` and, per requirement id, `status: met|partial|missing`). A folder of sample
policies with `<name>.expected.yaml` sidecars (`document`, `expected: {ID: status}`) works too.

Scores (the corpus README's definitions):
- false assurance: the tool says met where the label is not met, over all labels not met;
- met-recall: the tool says met where the label is met, over all labels met;
- agreement: exact status agreement over all labels.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from policycheck.audit import audit
from policycheck.errors import PolicycheckError
from policycheck.rules import load_rules


@dataclass(frozen=True)
class Case:
    name: str
    language: str
    documents: tuple[Path, ...]
    labels: dict[str, str]


def cases(folder: Path) -> Iterator[Case]:
    labels_dir = folder / "labels"
    if labels_dir.is_dir():
        for label_file in sorted(labels_dir.glob("*.yaml")):
            data = yaml.safe_load(label_file.read_text(encoding="utf-8"))
            docs = tuple(sorted((folder / "docs").glob(f"{label_file.stem}.*")))
            statuses = {rid: spec["status"] for rid, spec in data["labels"].items()}
            yield Case(label_file.stem, str(data.get("language", "und")), docs, statuses)
        return
    for sidecar in sorted(folder.glob("*.expected.yaml")):
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        names = data.get("documents") or [data["document"]]
        docs = tuple(folder / name for name in names)
        yield Case(
            sidecar.name.removesuffix(".expected.yaml"),
            str(data.get("language", "en")),
            docs,
            {rid: s[0] if isinstance(s, list) else str(s) for rid, s in data["expected"].items()},
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", default="", help="comma-separated requirement ids")
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument("--rules", type=Path, default=None)
    args = parser.parse_args()
    only = {i.strip() for i in args.only.split(",") if i.strip()}
    rules = load_rules(args.rules)
    known = {r.id for r in rules.requirements}

    # per language: [met labels, met hits, non-met labels, false met, total, agree]
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    errors: Counter[str] = Counter()
    for case in cases(args.folder):
        try:
            report = audit(list(case.documents), rules=rules)
        except PolicycheckError as exc:
            print(f"{case.name}: not audited: {exc}", file=sys.stderr)
            continue
        found = {f.id: f for f in report.findings}
        for rid, label in case.labels.items():
            if rid not in known or (only and rid not in only):
                continue
            got = found[rid].status.value
            for lang in (case.language.split(",")[0], "all"):
                t = tally[lang]
                t["total"] += 1
                t["agree"] += got == label
                if label == "met":
                    t["met"] += 1
                    t["met_hit"] += got == "met"
                else:
                    t["not_met"] += 1
                    t["false_met"] += got == "met"
            if got != label:
                errors[rid] += 1
                if args.details:
                    quote = found[rid].evidence[0].quote[:160] if found[rid].evidence else ""
                    print(f"  {case.name} {rid}: label {label}, tool {got} | {quote}")

    print(f"{'language':<9}{'labels':>7}{'agreement':>11}{'met-recall':>16}{'false assurance':>20}")
    for lang in sorted(tally, key=lambda k: (k == "all", k)):
        t = tally[lang]
        recall = f"{t['met_hit']}/{t['met']}" if t["met"] else "-"
        print(
            f"{lang:<9}{t['total']:>7}{_pct(t['agree'], t['total']):>11}"
            f"{_pct(t['met_hit'], t['met']) + ' ' + recall:>16}"
            f"{_pct(t['false_met'], t['not_met']) + ' ' + str(t['false_met']) + '/' + str(t['not_met']):>20}"
        )
    worst = ", ".join(f"{rid} {n}" for rid, n in errors.most_common(6))
    print(f"most disagreements: {worst or 'none'}")
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


if __name__ == "__main__":
    raise SystemExit(main())
