"""The CLI contract: exit codes, one line on stderr, files written or left untouched."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policycheck.cli import app

runner = CliRunner()

STRONG_REPORTING = (
    "All personnel must report any concern or suspicion of sexual exploitation or abuse by a "
    "fellow worker, whether or not employed by the same organisation."
)


@pytest.fixture
def weak_policy(tmp_path: Path) -> Path:
    path = tmp_path / "weak.txt"
    path.write_text(
        "Staff are encouraged to report concerns about sexual abuse.\n", encoding="utf-8"
    )
    return path


def test_exit_1_when_gaps_at_or_above_fail_on(weak_policy: Path) -> None:
    result = runner.invoke(app, ["audit", str(weak_policy)])
    assert result.exit_code == 1
    assert "MISSING" in result.stdout and "REP-01" in result.stdout


def test_exit_0_when_no_gap_reaches_the_threshold(weak_policy: Path) -> None:
    assert runner.invoke(app, ["audit", str(weak_policy), "--fail-on", "never"]).exit_code == 0


def test_exit_0_when_every_requirement_of_the_rule_set_is_met(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    source = Path(__file__).resolve().parents[1] / "rules" / "REP-01-duty-to-report.yaml"
    (rules / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    policy = tmp_path / "policy.md"
    policy.write_text(STRONG_REPORTING, encoding="utf-8")
    result = runner.invoke(app, ["audit", str(policy), "--rules", str(rules)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "does-not-exist.pdf"],
        ["audit", "{folder}"],
        ["audit", "{weak}", "--rules", "{bad_rules}"],
        ["audit", "{weak}", "--format", "yaml"],
    ],
)
def test_exit_2_with_one_line_and_no_traceback(
    args: list[str], weak_policy: Path, tmp_path: Path
) -> None:
    bad_rules = tmp_path / "bad"
    bad_rules.mkdir()
    (bad_rules / "X-01-broken.yaml").write_text("id: X-01\ntitle: Broken rule\nsurprise: 1\n")
    values = {"folder": str(tmp_path), "weak": str(weak_policy), "bad_rules": str(bad_rules)}
    result = runner.invoke(app, [a.format(**values) for a in args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    if "--format" not in args:
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("policycheck: error: ")


def test_broken_rule_names_file_and_key(weak_policy: Path, tmp_path: Path) -> None:
    bad_rules = tmp_path / "bad"
    bad_rules.mkdir()
    source = Path(__file__).resolve().parents[1] / "rules" / "REP-01-duty-to-report.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "  kind: duty\n", "  kind: duty\n  windw: 2\n", 1
    )
    (bad_rules / source.name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["audit", str(weak_policy), "--rules", str(bad_rules)])
    assert result.exit_code == 2
    assert "REP-01-duty-to-report.yaml: match: unknown key 'windw'" in result.stderr


def test_json_output_file_inferred_from_extension(weak_policy: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["audit", str(weak_policy), "-o", str(out), "--fail-on", "never"])
    assert result.exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema_version"] == 1 and report["documents"][0]["path"] == str(weak_policy)


def test_never_writes_over_an_input(weak_policy: Path) -> None:
    before = weak_policy.read_bytes()
    result = runner.invoke(app, ["audit", str(weak_policy), "-o", str(weak_policy), "-f", "json"])
    assert result.exit_code == 2 and "input" in result.stderr
    assert weak_policy.read_bytes() == before


def test_failed_run_leaves_previous_report(weak_policy: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text('{"previous": true}', encoding="utf-8")
    result = runner.invoke(app, ["audit", str(tmp_path / "missing.docx"), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == '{"previous": true}'
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).stdout.startswith("policycheck ")
    help_text = runner.invoke(app, ["audit", "--help"]).stdout
    assert "--fail-on" in help_text and "Examples" in help_text


def test_scanned_pdf_is_exit_2_not_38_missing(scanned_pdf: Path) -> None:
    result = runner.invoke(app, ["audit", str(scanned_pdf)])
    assert result.exit_code == 2
    assert "OCR" in result.stderr and "MISSING" not in result.stdout


def test_policy_set_evidence_names_the_file(
    tmp_path: Path, docx_policy: Callable[..., Path]
) -> None:
    first = tmp_path / "a.md"
    first.write_text("# Scope\n\nThis policy applies to staff.\n", encoding="utf-8")
    second = docx_policy([("p", STRONG_REPORTING)], name="b.docx")
    out = tmp_path / "set.json"
    runner.invoke(app, ["audit", str(first), str(second), "-o", str(out)])
    findings = {f["id"]: f for f in json.loads(out.read_text(encoding="utf-8"))["findings"]}
    assert findings["REP-01"]["status"] == "met"
    assert findings["REP-01"]["evidence"][0]["document"] == str(second)


def test_several_outputs_from_one_audit(weak_policy: Path, tmp_path: Path) -> None:
    from policycheck.report import FORMATS

    outputs = [tmp_path / f"report{fmt.suffix}" for fmt in FORMATS.values()]
    args = ["audit", str(weak_policy), "--fail-on", "never"]
    result = runner.invoke(app, [*args, *(a for out in outputs for a in ("-o", str(out)))])
    assert result.exit_code == 0, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["schema_version"] == 1
    assert (tmp_path / "report.docx").read_bytes().startswith(b"PK")
    assert (tmp_path / "report.sarif").read_text(encoding="utf-8").count('"version": "2.1.0"') == 1


def test_format_choices_and_extensions_come_from_the_registry() -> None:
    from policycheck.report import FORMATS

    help_text = " ".join(runner.invoke(app, ["audit", "--help"]).stdout.split())
    for fmt in FORMATS.values():
        assert fmt.name in help_text and f"{fmt.suffix} {fmt.name}" in help_text


@pytest.mark.parametrize(
    "options",
    [["-o", "{out}.unknown"], ["-f", "docx"], ["-f", "json", "-o", "{out}.a", "-o", "{out}.b"]],
    ids=["extension-names-no-format", "binary-to-terminal", "format-with-several-outputs"],
)
def test_output_usage_errors_exit_2_and_write_nothing(
    options: list[str], weak_policy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["audit", str(weak_policy), *(o.format(out=out) for o in options)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert sorted(tmp_path.iterdir()) == [weak_policy]


def test_annotate_writes_a_commented_copy(tmp_path: Path) -> None:
    import docx

    source = Path(__file__).resolve().parents[1] / "sample_policies" / "weak-statement.docx"
    policy = tmp_path / "policy.docx"
    policy.write_bytes(source.read_bytes())
    out = tmp_path / "policy.reviewed.docx"
    result = runner.invoke(app, ["annotate", str(policy), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(docx.Document(str(out)).comments) > 0
    assert policy.read_bytes() == source.read_bytes()
    refused = runner.invoke(app, ["annotate", str(policy), "-o", str(policy)])
    assert refused.exit_code == 2 and "input" in refused.stderr
    assert policy.read_bytes() == source.read_bytes()


def test_annotate_needs_a_word_document(tmp_path: Path) -> None:
    pdf = Path(__file__).resolve().parents[1] / "sample_policies" / "ngo-safeguarding-policy.pdf"
    result = runner.invoke(app, ["annotate", str(pdf), "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Word document" in result.stderr and not (tmp_path / "out.docx").exists()


# The workflow of issue 5, through the command line.

MUST = (
    "All personnel must report any concern or suspicion of sexual exploitation or abuse by a "
    "fellow worker, whether or not employed by the same organisation.\n"
)
ENCOURAGED = MUST.replace("must report", "are encouraged to report")


def _policy(folder: Path, text: str, name: str = "policy.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _findings(path: Path) -> dict[str, dict[str, object]]:
    return {f["id"]: f for f in json.loads(path.read_text(encoding="utf-8"))["findings"]}


def test_config_turns_a_rule_off_and_raises_a_severity(tmp_path: Path) -> None:
    policy = _policy(tmp_path, MUST)
    config = tmp_path / "cfg.yaml"
    config.write_text("requirements:\n  TECH-02: off\n  PROH-SEXWORK: {severity: error}\n")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["audit", str(policy), "--config", str(config), "-o", str(out)])
    assert result.exit_code == 1, result.output
    findings = _findings(out)
    assert "TECH-02" not in findings and findings["PROH-SEXWORK"]["severity"] == "error"


def test_pack_extending_builtin_and_its_rules_test(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "default.yaml").write_text("extends: builtin\nid: acme\ndisable: [VIC-06]\n")
    (pack / "TECH-02.yaml").write_text("id: TECH-02\nseverity: error\n")
    listed = runner.invoke(app, ["rules", "list", "--rules", str(pack)])
    assert listed.exit_code == 0 and "acme" in listed.stdout and "VIC-06" not in listed.stdout
    tested = runner.invoke(app, ["rules", "test", str(pack)])
    assert tested.exit_code == 0, tested.stdout[-2000:]
    assert tested.stdout.strip().splitlines()[-1].endswith(" passed, 0 failed")
    assert runner.invoke(app, ["rules", "validate", str(pack)]).exit_code == 0


def test_rules_test_reports_a_failing_example_like_a_test_runner(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "default.yaml").write_text("extends: builtin\n")
    (pack / "REP-01.yaml").write_text(
        "id: REP-01\nexamples:\n  pass:\n    - text: Staff may report concerns if they wish.\n"
        "    - text: Staff must report any concern of sexual abuse.\n"
        "    - text: Staff must report any suspicion of sexual exploitation.\n"
    )
    result = runner.invoke(app, ["rules", "test", str(pack)])
    assert result.exit_code == 1
    assert "FAIL REP-01-en-pass-1: expected met, got missing" in result.stdout
    assert "1 failed" in result.stdout.splitlines()[-1]


def test_rules_explain_and_show() -> None:
    explained = runner.invoke(app, ["rules", "explain", "ZT-01"])
    assert (
        explained.exit_code == 0
        and "Sources:" in explained.stdout
        and "Advice:" in explained.stdout
    )
    assert runner.invoke(app, ["rules", "show", "NOPE-1"]).exit_code == 2


def test_waivers_valid_expired_unknown(tmp_path: Path) -> None:
    policy = _policy(tmp_path, ENCOURAGED)
    config = tmp_path / ".policycheck.yaml"
    config.write_text(
        "waivers:\n"
        "  - {id: REP-01, reason: Reporting duty under board review, approved-by: Legal, expires: 2099-01-01}\n"
        "  - {id: ZT-01, reason: Old exception, expires: 2020-01-01}\n"
    )
    out = tmp_path / "r.json"
    runner.invoke(app, ["audit", str(policy), "--config", str(config), "-o", str(out)])
    findings = _findings(out)
    assert findings["REP-01"]["status"] == "waived" and "board review" in str(
        findings["REP-01"]["waiver"]
    )
    assert findings["ZT-01"]["status"] == "missing"
    notices = json.loads(out.read_text(encoding="utf-8"))["notices"]
    assert any("ZT-01 expired on 2020-01-01" in n for n in notices)
    config.write_text("waivers:\n  - {id: XX-99, reason: No such requirement}\n")
    result = runner.invoke(app, ["audit", str(policy), "--config", str(config)])
    assert result.exit_code == 2 and "no requirement XX-99" in result.stderr


def test_baseline_passes_old_gaps_and_fails_a_new_one(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    v1 = _policy(tmp_path / "v1", MUST)
    assert runner.invoke(app, ["audit", str(v1), "--write-baseline", str(baseline)]).exit_code == 0
    assert runner.invoke(app, ["audit", str(v1), "--baseline", str(baseline)]).exit_code == 0
    v2 = _policy(tmp_path / "v2", ENCOURAGED)
    result = runner.invoke(app, ["audit", str(v2), "--baseline", str(baseline), "-f", "json"])
    assert result.exit_code == 1
    assert _findings_from(result.stdout)["REP-01"]["baseline"] == "worse"


def _findings_from(text: str) -> dict[str, dict[str, object]]:
    return {f["id"]: f for f in json.loads(text)["findings"]}


def test_diff_catches_a_weakened_clause(tmp_path: Path) -> None:
    old = _policy(tmp_path / "v1", MUST)
    new = _policy(tmp_path / "v2", ENCOURAGED)
    result = runner.invoke(app, ["diff", str(old), "--", str(new)])
    assert result.exit_code == 1
    assert "REP-01" in result.stdout and "lost" in result.stdout and "encouraged" in result.stdout
    md = runner.invoke(app, ["diff", str(old), str(new), "-f", "md"])
    assert "| REP-01 | lost | met → missing |" in md.stdout
    same = runner.invoke(app, ["diff", str(old), "--", str(old), "-f", "json"])
    assert same.exit_code == 0 and json.loads(same.stdout)["regressed"] is False


def test_init_writes_a_commented_config_once(tmp_path: Path) -> None:
    target = tmp_path / ".policycheck.yaml"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    assert target.read_text().startswith("# policycheck configuration")
    assert runner.invoke(app, ["init", str(target)]).exit_code == 2
    # It loads as written (an empty `requirements:` once made every audit fail), and the
    # commented examples are real keys: uncommented, they load too.
    from policycheck.config import load_config
    from policycheck.limits import DEFAULT_LIMITS

    assert load_config(target, {}).fail_on == "error"
    text = target.read_text()
    for key in ("requirements", "max-size", "max-text", "language"):
        text = text.replace(f"# {key}:", f"{key}:")
    text = text.replace("#   VIC-06: off", "  VIC-06: off")
    target.write_text(text)
    loaded = load_config(target, {})
    assert loaded.limits == DEFAULT_LIMITS and "VIC-06" in loaded.disabled


def test_unsupported_language_exits_2_unless_allowed(tmp_path: Path) -> None:
    german = _policy(
        tmp_path,
        "Diese Richtlinie gilt für alle Mitarbeiterinnen und Mitarbeiter der Organisation und ihrer Partner.\n",
    )
    refused = runner.invoke(app, ["audit", str(german)])
    assert refused.exit_code == 2 and "German" in refused.stdout
    allowed = runner.invoke(
        app, ["audit", str(german), "--allow-unsupported-language", "--fail-on", "never"]
    )
    assert allowed.exit_code == 0


# Batch audits and the partner scorecard (issue 6).


def _batch(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["batch", *args])
    return result.exit_code, result.stderr


def test_batch_goes_on_past_a_corrupt_file_and_exits_2(organisations: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stderr = _batch(str(organisations), "-o", str(out))
    assert code == 2, stderr
    for name in ("acme.json", "acme.html", "beta.json", "beta.html", "matrix.csv", "matrix.html"):
        assert (out / name).is_file(), name
    assert not (out / "gamma.json").exists() and (out / "scorecard.csv").is_file()
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(line["organisation"] for line in lines) == ["acme", "beta", "gamma"]
    gamma = next(line for line in lines if line["organisation"] == "gamma")
    assert "policy.docx" in gamma["error"] and gamma["exit_code"] == 2
    assert "3 organisations" in stderr and "2 audited, 1 failed" in stderr
    # Once as its progress line, once in the closing list of failures.
    assert "  gamma: failed: " in stderr and stderr.count("gamma: failed") == 2
    matrix = (out / "matrix.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in matrix] == ["organisation", "acme", "beta", "gamma"]
    page = (out / "matrix.html").read_text(encoding="utf-8")
    assert '<a href="acme.html">acme</a>' in page and "Core standards" in page


def test_batch_manifest_and_formats(organisations: Path) -> None:
    manifest = organisations / "manifest.csv"
    manifest.write_text(
        "organisation,file\nAcme Relief,acme/strong-psea-policy.docx\nBeta,beta/policy.md\n",
        encoding="utf-8",
    )
    out = organisations.parent / "reports"
    code, stderr = _batch("--manifest", str(manifest), "-o", str(out), "-f", "csv", "-f", "md")
    assert code == 1, stderr  # Beta has gaps at error; nobody failed
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "Acme-Relief.csv", "Acme-Relief.md", "Beta.csv", "Beta.md",
        "matrix.csv", "matrix.html", "results.jsonl", "scorecard.csv",
    ]  # fmt: skip
    card = (out / "scorecard.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(card) == 1 + 2 * 8 and card[1].startswith("Acme Relief,1,Organisational policy,")


def test_batch_jobs_1_and_2_write_the_same_matrix(organisations: Path, tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        assert _batch(str(organisations), "-o", str(tmp_path / jobs), "--jobs", jobs)[0] == 2
    for name in ("matrix.csv", "matrix.html", "scorecard.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_batch_usage_errors_exit_2(organisations: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text("a,b.md\n", encoding="utf-8")
    assert _batch("-o", str(tmp_path / "out"))[0] == 2
    both = _batch(str(organisations), "--manifest", str(manifest), "-o", str(tmp_path / "o"))
    assert both[0] == 2
    code, stderr = _batch(str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert code == 2 and stderr.strip().count("\n") == 0 and "not a folder" in stderr


def test_scorecard_command_for_one_organisation(tmp_path: Path) -> None:
    strong = Path(__file__).resolve().parents[1] / "sample_policies" / "strong-psea-policy.docx"
    result = runner.invoke(app, ["scorecard", str(strong)])
    assert result.exit_code == 0, result.output
    assert "Organisational policy" in result.stdout
    assert "† evidence of practice needed" in result.stdout
    page = tmp_path / "card.html"
    written = runner.invoke(app, ["scorecard", str(strong), "-f", "html", "-o", str(page)])
    assert written.exit_code == 0 and "Recruitment screening †" in page.read_text(encoding="utf-8")
