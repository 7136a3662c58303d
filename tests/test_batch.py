"""Batch audits as a library: discovery, the manifest, parallel runs, the journal, the matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policycheck import batch
from policycheck.config import Config
from policycheck.errors import InputError, OutputError
from policycheck.model import Status
from policycheck.report import matrix as matrices
from policycheck.rules import load_rules
from policycheck.scorecard import load_standards

FORMATS = ("json", "html")


def _run(organisations: tuple[batch.Organisation, ...], jobs: int) -> list[batch.Outcome]:
    return list(
        batch.run(
            organisations,
            Config(),
            jobs=jobs,
            formats=FORMATS,
            standards=load_standards(),
            cache=None,
        )
    )


def test_each_subfolder_is_an_organisation(organisations: Path) -> None:
    (organisations / "beta" / ".DS_Store").write_bytes(b"\x00")
    (organisations / "beta" / "~$code.docx").write_bytes(b"\x00")
    (organisations / "beta" / "annex").mkdir()
    (organisations / "beta" / "annex" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (organisations / "loose.md").write_text("Not in an organisation's folder.\n")
    out = organisations / "out"
    out.mkdir()
    found = {o.name: o for o in batch.discover(organisations, exclude=out)}
    assert list(found) == ["acme", "beta", "gamma"]
    # Hidden and lock files are skipped; an unsupported file is kept, to fail visibly.
    assert [p.name for p in found["beta"].paths] == ["old.doc", "code.docx", "policy.md"]


def test_a_folder_without_subfolders_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "policy.md").write_text("A policy.\n")
    with pytest.raises(InputError, match="no subfolders"):
        batch.discover(tmp_path)


def test_manifest_groups_rows_by_organisation(tmp_path: Path, organisations: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "organisation,file\n"
        "Acme Relief,organisations/acme/strong-psea-policy.docx\n"
        "\n"
        "Beta,organisations/beta/policy.md\n"
        "Beta,organisations/beta/code.docx\n",
        encoding="utf-8-sig",
    )
    found = batch.read_manifest(manifest)
    assert [(o.name, o.stem, len(o.paths)) for o in found] == [
        ("Acme Relief", "Acme-Relief", 1),
        ("Beta", "Beta", 2),
    ]
    assert all(p.is_file() for o in found for p in o.paths)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("acme,a.md,extra\n", "line 1: expected organisation,file"),
        ("acme,\n", "line 1: expected organisation,file"),
        ("organisation,file\n", "no organisation,file rows"),
        ("A B,a.md\nA/B,b.md\n", "'A B' and 'A/B' give the same file name"),
        ("Matrix,a.md\n", "the name is taken by matrix"),
    ],
)
def test_manifest_errors_name_the_line(tmp_path: Path, rows: str, message: str) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(rows, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        batch.read_manifest(manifest)


def test_a_corrupt_file_fails_its_organisation_only(organisations: Path) -> None:
    outcomes = {o.organisation.name: o for o in _run(batch.discover(organisations), jobs=2)}
    gamma = outcomes["gamma"]
    assert gamma.error is not None and "gamma/policy.docx" in gamma.error
    assert gamma.exit_code == 2 and gamma.reports == () and gamma.scorecard is None
    acme = outcomes["acme"]
    assert acme.error is None and acme.reports == ("acme.json", "acme.html")
    assert json.loads(acme.contents[0])["summary"]["met"] == acme.summary.met  # type: ignore[union-attr]
    assert batch.exit_code(outcomes.values()) == 2
    assert batch.exit_code([acme]) == acme.exit_code


def test_one_process_and_two_give_the_same_matrix(organisations: Path) -> None:
    found = batch.discover(organisations)
    ids = tuple(r.id for r in load_rules().requirements)
    one, two = (batch.matrix(_run(found, jobs), ids) for jobs in (1, 2))
    assert matrices.csv(one) == matrices.csv(two)
    assert matrices.html(one) == matrices.html(two)
    assert [o.organisation.name for o in one.outcomes] == ["acme", "beta", "gamma"]


def test_journal_streams_lines_and_renames_when_complete(
    organisations: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outcomes = _run(batch.discover(organisations), jobs=1)
    with batch.journal(out) as record:
        record(outcomes[0])
        # Flushed already: another process can follow the batch while it runs.
        lines = (out / "results.jsonl.partial").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 and not (out / "results.jsonl").exists()
        for outcome in outcomes[1:]:
            record(outcome)
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["organisation"] for line in lines] == ["acme", "beta", "gamma"]
    assert json.loads(lines[2])["error"] and json.loads(lines[0])["findings"]["REP-01"] == "met"


def test_a_batch_that_stops_leaves_no_results_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError), batch.journal(tmp_path) as record:
        record(
            batch.Outcome(
                organisation=batch.Organisation(name="a", paths=()), seconds=0, exit_code=0
            )
        )
        raise OutputError("a report could not be written")
    assert not (tmp_path / "results.jsonl").exists()
    assert (tmp_path / "results.jsonl.partial").read_text(encoding="utf-8").count("\n") == 1


def test_save_writes_reports_and_drops_their_contents(organisations: Path, tmp_path: Path) -> None:
    acme = next(o for o in _run(batch.discover(organisations), jobs=1) if o.error is None)
    kept = batch.save(acme, tmp_path)
    assert kept.contents == () and kept.reports == acme.reports
    assert (tmp_path / "acme.html").read_text(encoding="utf-8") == acme.contents[1]


def test_a_report_may_not_overwrite_an_input(tmp_path: Path) -> None:
    policy = tmp_path / "acme.md"
    policy.write_text("A policy.\n", encoding="utf-8")
    organisations = (batch.Organisation(name="acme", paths=(policy,)),)
    with pytest.raises(OutputError, match=r"acme\.md: is one of the input documents"):
        batch.prepare(tmp_path, organisations, [".json", ".md"])
    batch.prepare(tmp_path / "out", organisations, [".json", ".html"])
    assert (tmp_path / "out").is_dir()


def test_matrix_csv_is_safe_and_html_escaped() -> None:
    hostile = batch.Organisation(name="=cmd|' /C calc'!A0", paths=())
    failed = batch.Organisation(name="<b>bad</b>", paths=())
    outcomes = [
        batch.Outcome(
            organisation=hostile, seconds=0, exit_code=1, statuses=(("ZT-01", Status.MET),)
        ),
        batch.Outcome(organisation=failed, seconds=0, exit_code=2, error="-1+1 <script>"),
    ]
    table = batch.matrix(outcomes, ("ZT-01", "ZT-02"))
    sheet = matrices.csv(table).splitlines()
    assert sheet[0] == "\ufefforganisation,score,met,partial,missing,waived,error,ZT-01,ZT-02"
    rows = {line.split(",")[0]: line for line in sheet[1:]}
    assert rows.keys() == {"<b>bad</b>", "'=cmd|' /C calc'!A0"}
    assert ",'-1+1 <script>," in rows["<b>bad</b>"]
    page = matrices.html(table)
    assert "<script" not in page and "&lt;b&gt;bad&lt;/b&gt;" in page
