"""Broken and hostile documents through the CLI: one clear line and exit 2, or a report; never
a traceback, a hang, an expanded entity or a lost report. Every file is generated here."""

from __future__ import annotations

import io
import json
import random
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policycheck.cli import app
from policycheck.errors import InputError
from policycheck.ingest import read_document
from tests.conftest import build_docx
from tests.ingest.hostile import (
    BILLION_LAUGHS,
    SENTENCES,
    cli,
    deflated_zeros,
    docx_bytes,
    encrypted_pdf,
    measure,
    nested_tables,
    paragraphs,
    replace_parts,
    text_pdf,
    with_body,
    with_doctype,
    word_package,
)

runner = CliRunner()
Build = Callable[[Path], Path]


def refused(path: Path, *options: str) -> str:
    """Audit `path`: exit 2, no traceback, one line on stderr that names the file; the line."""
    result = runner.invoke(app, ["audit", str(path), "--no-cache", *options])
    assert result.exit_code == 2, (result.exception, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"policycheck: error: {path}: ")
    return lines[0]


def audited(path: Path, *options: str) -> dict[str, object]:
    """Audit `path` into a JSON report: exit 0 or 1; the report."""
    out = path.parent / f"{path.name}.report.json"
    result = runner.invoke(app, ["audit", str(path), "--no-cache", "-o", str(out), *options])
    assert result.exit_code in (0, 1), (result.exception, result.output)
    report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return report


def _file(name: str, data: bytes | Callable[[Path], bytes]) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data(folder) if callable(data) else data)
        return path

    return build


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


HTML = b"<!DOCTYPE html>\n<html><body><h1>Policy</h1><p>Staff must report.</p></body></html>"
REFUSED: dict[str, tuple[Build, str]] = {
    "zero-byte": (_file("policy.docx", b""), "the file is empty"),
    "blank-text": (_file("policy.txt", b" \n\t\n"), "the file is empty"),
    "truncated-docx": (
        _file("policy.docx", lambda d: docx_bytes(d)[:4000]),
        "a damaged ZIP archive, not a readable .docx; save or download it again",
    ),
    "docx-not-a-zip": (
        _file("policy.docx", SENTENCES[0].encode()),
        "plain text, not a Word document as its name says; rename it to .txt",
    ),
    "zip-without-document": (
        _file("policy.docx", _zip({"notes/readme.txt": "hello"})),
        "a ZIP archive but not a Word document",
    ),
    "html-named-docx": (
        _file("policy.docx", HTML),
        "an HTML page, not a Word document as its name says; save it as .docx, PDF or plain text",
    ),
    "html-named-txt": (_file("policy.txt", HTML), "an HTML page; save it as"),
    "utf16-html-named-docx": (
        _file("policy.docx", HTML.decode().encode("utf-16")),
        "an HTML page, not a Word document",
    ),
    "rtf-named-docx": (
        _file("policy.docx", b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Staff must report.}"),
        "an RTF document, not a Word document as its name says; save it as .docx or PDF",
    ),
    "xml-named-docx": (
        _file("policy.docx", b'<?xml version="1.0"?><w:wordDocument/>'),
        "an XML file, not a Word document",
    ),
    "random-bytes-named-pdf": (
        _file("policy.pdf", random.Random(7).randbytes(20_000)),
        "binary data in no supported format, not a PDF as its name says",
    ),
    "text-named-pdf": (
        _file("policy.pdf", SENTENCES[1].encode()),
        "plain text, not a PDF as its name says",
    ),
    "png": (
        _file("scan.png", b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(2000)),
        "a PNG image; run OCR on it",
    ),
    "jpeg-named-pdf": (
        _file("scan.pdf", b"\xff\xd8\xff\xe0" + random.Random(2).randbytes(2000)),
        "a JPEG image, not a PDF as its name says; run OCR on it",
    ),
    "xlsx": (
        _file("budget.xlsx", _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"})),
        "an Excel workbook, not a policy document",
    ),
    "gzip-named-docx": (
        _file("policy.docx", b"\x1f\x8b\x08\x00" + random.Random(3).randbytes(500)),
        "a gzip archive, not a Word document as its name says; unpack it",
    ),
    "legacy-doc": (
        _file("policy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)),
        "a legacy Word .doc or a password-protected file",
    ),
    "mostly-nul-binary": (
        _file("policy.txt", b"Staff\x00\x00\x00\x01\x02" * 500),
        "binary data in no supported format",
    ),
    "pdf-random-after-header": (
        _file("policy.pdf", b"%PDF-1.7\n" + random.Random(4).randbytes(5000)),
        "not a readable PDF",
    ),
    "scanned-pdf": (
        _file("scan.pdf", lambda d: _scan(d)),
        "none of its 2 pages has a text layer (a scanned image?); run OCR on it first",
    ),
    "encrypted-pdf-rc4": (
        lambda d: encrypted_pdf(d / "locked.pdf", user="secret"),
        "the PDF is encrypted and needs a password to open",
    ),
    "encrypted-pdf-aes256": (
        lambda d: encrypted_pdf(d / "locked.pdf", user="secret", method="AES_256"),
        "the PDF is encrypted and needs a password to open",
    ),
    "docx-tables-nested-beyond-lxml-depth": (
        _file("nested.docx", lambda d: with_body(docx_bytes(d), nested_tables(100))),
        "the Word XML is nested more than 256 levels deep (tables inside tables?)",
    ),
    "docx-malformed-xml": (
        _file(
            "policy.docx",
            lambda d: replace_parts(docx_bytes(d), {"word/document.xml": b"<not-closed"}),
        ),
        "the Word XML cannot be read",
    ),
    "docx-parts-swapped": (
        _file("policy.docx", lambda d: _swap(docx_bytes(d), "word/document.xml", "_rels/.rels")),
        "a damaged .docx (a part is not what the package says it is",
    ),
}


def _swap(package: bytes, first: str, second: str) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(package))
    return replace_parts(package, {first: archive.read(second), second: archive.read(first)})


def _scan(folder: Path) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_broken_input_is_one_clear_line_and_exit_2(case: str, tmp_path: Path) -> None:
    build, message = REFUSED[case]
    assert message in refused(build(tmp_path))


def test_a_failed_audit_leaves_the_previous_report_byte_identical(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SENTENCES[0], encoding="utf-8")
    out = tmp_path / "report.json"
    assert runner.invoke(app, ["audit", str(good), "-o", str(out)]).exit_code in (0, 1)
    before = out.read_bytes()
    for case in ("truncated-docx", "html-named-docx", "encrypted-pdf-rc4"):
        bad = REFUSED[case][0](tmp_path)
        result = runner.invoke(app, ["audit", str(good), str(bad), "-o", str(out)])
        assert result.exit_code == 2
        assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- PDFs that are damaged but readable, or locked only against editing


def _shift_xref(pdf: bytes) -> bytes:
    """Every cross-reference offset moved by 37 bytes: the table points at nothing."""
    import re

    return re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 37), pdf)


def _drop_xref(pdf: bytes) -> bytes:
    return pdf[: pdf.rfind(b"xref")] + b"%%EOF\n"


@pytest.mark.parametrize("damage", [_shift_xref, _drop_xref], ids=["xref-shifted", "xref-gone"])
def test_pdf_with_a_broken_cross_reference_table_is_recovered(
    damage: Callable[[bytes], bytes], tmp_path: Path
) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(text_pdf(tmp_path / "whole.pdf")))
    audited(path)
    # PDFium rebuilds the table from the objects; the text is all there.
    texts = " ".join(b.text for b in read_document(path, pdf_engine="pdfium").blocks)
    assert all(sentence in texts for sentence in SENTENCES)


def test_pdf_cut_short_is_read_or_refused_clearly(tmp_path: Path) -> None:
    data = text_pdf(tmp_path / "whole.pdf")
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    result = runner.invoke(app, ["audit", str(path), "--no-cache"])
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr


def test_pdf_locked_only_against_editing_is_read(tmp_path: Path) -> None:
    path = encrypted_pdf(tmp_path / "owner-only.pdf", user="")
    audited(path)
    texts = " ".join(b.text for b in read_document(path).blocks)
    assert SENTENCES[0] in texts


# --- text in the encodings policies are really saved in

TEXT = "Égalité : le personnel doit signaler tout soupçon d'abus sexuel au point focal.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-16"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("latin-1"),
        TEXT.replace("'", "’").encode("cp1252"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    ],
    ids=[
        "utf16-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32-bom",
        "latin1",
        "cp1252",
        "utf8-bom",
    ],
)
def test_text_in_other_encodings_is_decoded(encoded: bytes, tmp_path: Path) -> None:
    path = tmp_path / "politique.txt"
    path.write_bytes(encoded)
    audited(path)
    text = read_document(path).blocks[0].text
    assert text.replace("’", "'") == TEXT.strip()


def test_stray_nul_bytes_are_dropped_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(TEXT.encode("utf-8").replace(b"personnel", b"person\x00nel") + b"\x00\x00")
    report = audited(path)
    assert read_document(path).blocks[0].text == TEXT.strip()
    assert any("3 NUL bytes" in n and "dropped" in n for n in report["notices"])  # type: ignore[attr-defined]


# --- resource limits: ZIP bombs, entities, size, depth


def test_zip_bomb_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    zeros, crc = deflated_zeros(300)
    path = tmp_path / "bomb.docx"
    path.write_bytes(word_package(tmp_path, [("word/media/image1.png", zeros, 300 * 2**20, crc)]))
    assert path.stat().st_size < 400_000
    line = refused(path)
    assert "refused as a possible ZIP bomb: part 'word/media/image1.png' unpacks to 300M" in line


def test_zip_bomb_of_many_members_is_refused(tmp_path: Path) -> None:
    # Each part alone is plausible (10 MiB at 170:1); together they are not.
    zeros, crc = deflated_zeros(60)
    members = [(f"word/media/image{n}.png", zeros, 10 * 2**20, crc) for n in range(30)]
    path = tmp_path / "bomb.docx"
    path.write_bytes(word_package(tmp_path, members))
    assert "its parts unpack to 300.8M, more than 256M" in refused(path)


def test_a_member_whose_header_lies_is_refused_without_inflating_it_all(tmp_path: Path) -> None:
    # The header declares 1000 bytes, with the CRC of 1000 zeros; the data inflates to 64 MiB.
    zeros, crc = deflated_zeros(64, crc_of=1000)
    package = word_package(tmp_path, [("word/media/image1.png", zeros, 1000, crc)])
    # Python's zipfile does NOT stop at the declared size: read() inflates the whole stream,
    # then cuts it, and the forged CRC passes. So declared sizes alone are not enough.
    tracemalloc.start()
    content = zipfile.ZipFile(io.BytesIO(package)).read("word/media/image1.png")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert content == bytes(1000) and peak > 32 * 2**20
    path = tmp_path / "liar.docx"
    path.write_bytes(package)
    line = refused(path)
    assert "part 'word/media/image1.png' unpacks to more than the 1000 bytes its header" in line


PARTS = (
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
    "docProps/core.xml",
)


@pytest.mark.parametrize("part", PARTS)
def test_billion_laughs_in_any_part_is_refused(part: str, tmp_path: Path) -> None:
    package = docx_bytes(tmp_path)
    if part not in zipfile.ZipFile(io.BytesIO(package)).namelist():
        package = build_docx(tmp_path / "numbered.docx", [("number", SENTENCES[0])]).read_bytes()
    path = tmp_path / "laughs.docx"
    path.write_bytes(with_doctype(package, part, BILLION_LAUGHS))
    line = refused(path)
    assert f"part {part!r} declares a DTD, which Word never writes" in line


def test_dtd_in_a_utf16_part_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs16.docx"
    path.write_bytes(
        with_doctype(docx_bytes(tmp_path), "word/document.xml", BILLION_LAUGHS, encoding="utf-16")
    )
    assert "part 'word/document.xml' declares a DTD" in refused(path)


@pytest.mark.parametrize("where", ["file", "http"])
def test_external_entities_are_never_fetched(where: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    url = secret.as_uri() if where == "file" else "http://127.0.0.1:9/secret.txt"
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}">]>'
    package = with_doctype(docx_bytes(tmp_path), "word/document.xml", doctype)
    xml = zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml").decode()
    package = replace_parts(
        package, {"word/document.xml": xml.replace(SENTENCES[0], "&xxe;").encode()}
    )
    path = tmp_path / "xxe.docx"
    path.write_bytes(package)
    result = runner.invoke(app, ["audit", str(path), "--no-cache", "-f", "json"])
    assert result.exit_code == 2 and "declares a DTD" in result.stderr
    assert "TOP-SECRET-MARKER" not in result.output


def test_python_docx_parser_leaves_entities_unexpanded(tmp_path: Path) -> None:
    # Behind the DTD refusal, the parser python-docx uses would not expand or fetch either.
    from docx.oxml.parser import parse_xml

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    xml = (
        f'<!DOCTYPE r [<!ENTITY a "expanded"><!ENTITY x SYSTEM "{secret.as_uri()}">]><r>&a;&x;</r>'
    )
    from lxml import etree

    text = etree.tostring(parse_xml(xml.encode()), encoding="unicode")
    assert "expanded" not in text and "TOP-SECRET-MARKER" not in text


def test_file_over_max_size_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(SENTENCES[0] * 40, encoding="utf-8")
    assert "over the 1K limit for a document; raise --max-size" in refused(path, "--max-size", "1K")
    audited(path, "--max-size", "1M")
    # The default (100M) refuses a sparse 200 MB file at once, from its size alone.
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(200 * 2**20)
    assert "200M, over the 100M limit" in refused(huge)


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1T", "10 potatoes"])
def test_bad_max_size_is_one_line(value: str, tmp_path: Path) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(SENTENCES[0], encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path), "--max-size", value])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip() == (
        f"policycheck: error: --max-size: {value!r} "
        + ("is below 1 byte" if value == "0" else "is not a size")
        + "; write it as 500K, 20M or 1G"
    )


def test_max_size_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(SENTENCES[0] * 40, encoding="utf-8")
    config = tmp_path / ".policycheck.yaml"
    config.write_text("max-size: 2K\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "over the 2K limit" in refused(path)
    audited(path, "--max-size", "10K")  # the flag wins over the file
    config.write_text("max-size: lots\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path)])
    assert result.exit_code == 2 and "max-size" in result.stderr


@pytest.mark.parametrize("command", ["diff", "annotate", "scorecard", "batch"])
@pytest.mark.parametrize(
    ("option", "value", "refusal"),
    [("--max-size", "2K", "over the 2K limit"), ("--max-text", "1K", "more than 1K characters")],
)
def test_every_command_that_reads_documents_takes_the_limits(
    command: str, option: str, value: str, refusal: str, tmp_path: Path
) -> None:
    org = tmp_path / "orgs" / "acme"
    org.mkdir(parents=True)
    policy = build_docx(org / "policy.docx", [("p", SENTENCES[0] * 20)])
    args = {
        "diff": ["diff", str(policy), str(policy)],
        "annotate": ["annotate", str(policy), "-o", str(tmp_path / "out.docx")],
        "scorecard": ["scorecard", str(policy)],
        "batch": ["batch", str(tmp_path / "orgs"), "-o", str(tmp_path / "out"), "-j", "1"],
    }[command]
    result = runner.invoke(app, [*args, option, value])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert refusal in result.stderr
    assert runner.invoke(app, [*args, option, "1M"]).exit_code in (0, 1)


def test_text_over_max_text_is_refused_with_the_flag_and_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "policy.txt"
    path.write_text(SENTENCES[0] * 40, encoding="utf-8")
    assert "more than 1K characters of text" in refused(path, "--max-text", "1K")
    audited(path, "--max-text", "1M")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".policycheck.yaml").write_text("max-text: 1K\n", encoding="utf-8")
    assert "raise --max-text" in refused(path)
    audited(path, "--max-text", "10K")  # the flag wins over the file


def test_numbering_with_hostile_values_neither_crashes_nor_counts_for_ever(tmp_path: Path) -> None:
    package = build_docx(tmp_path / "list.docx", [("number", s) for s in SENTENCES]).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(package))
    numbering = (
        archive.read("word/numbering.xml")
        .decode()
        .replace('w:ilvl="0"', 'w:ilvl="99999"', 1)
        .replace('<w:start w:val="1"/>', '<w:start w:val="2000000000"/>')
        .replace('w:val="decimal"', 'w:val="lowerRoman"')
    )
    document = archive.read("word/document.xml").decode()
    for level in ("x", "99999", "-3"):
        numbered = f"<w:p><w:pPr><w:numPr><w:ilvl w:val='{level}'/><w:numId w:val='1'/></w:numPr>"
        document = document.replace("<w:p><w:pPr>", numbered, 1)
    path = tmp_path / "hostile-list.docx"
    parts = {"word/numbering.xml": numbering.encode(), "word/document.xml": document.encode()}
    path.write_bytes(replace_parts(package, parts))
    audited(path)
    assert [b.text for b in read_document(path).blocks][-1] == SENTENCES[-1]


def test_fifty_levels_of_nested_tables_are_read_once(tmp_path: Path) -> None:
    path = tmp_path / "nested.docx"
    path.write_bytes(with_body(docx_bytes(tmp_path), nested_tables(50)))
    audited(path)
    texts = [b.text for b in read_document(path).blocks]
    assert texts.count(f"Level 0 {SENTENCES[0]}") == 1
    assert [t for t in texts if t.startswith("Level 7")] == ["Level 7"]


# --- size: one process each, timed and weighed. Heavy: a few seconds each.


@pytest.mark.slow
@pytest.mark.parametrize("case", ["docx-40k-paragraphs", "txt-40k-paragraphs", "txt-6mb-line"])
def test_large_documents_are_read_within_time_and_memory(case: str, tmp_path: Path) -> None:
    path = _large(case, tmp_path)
    code = f"from pathlib import Path\nfrom policycheck.ingest import read_document\nread_document(Path({str(path)!r}))"
    status, seconds, megabytes, errors = measure(code, tmp_path)
    assert status == 0, errors
    assert seconds < 10 and megabytes < 1024, (seconds, megabytes)


def _large(case: str, folder: Path) -> Path:
    count = 40_000
    if case.startswith("docx"):
        path = folder / "long.docx"
        path.write_bytes(with_body(docx_bytes(folder), paragraphs(count)))
    elif case.startswith("txt-40k"):
        path = folder / "long.txt"
        path.write_text(
            "\n\n".join(f"{n}. {SENTENCES[n % 4]}" for n in range(count)), encoding="utf-8"
        )
    else:
        path = folder / "line.txt"
        line = " ".join(SENTENCES[n % 4] for n in range(80_000))
        path.write_text(line[: 6 * 10**6], encoding="utf-8")
    return path


@pytest.mark.slow
def test_200000_policy_paragraphs_are_refused_within_time_and_memory(tmp_path: Path) -> None:
    """20 MB of dense policy text would take half a minute to audit; the text limit (8M
    characters by default) stops the reader as soon as it is passed."""
    path = tmp_path / "long.docx"
    path.write_bytes(with_body(docx_bytes(tmp_path), paragraphs(200_000)))
    status, seconds, megabytes, errors = measure(cli("audit", str(path), "--no-cache"), tmp_path)
    assert status == 2 and "Traceback" not in errors, errors
    assert errors.strip().endswith("raise --max-text if it is one policy"), errors
    assert seconds < 10 and megabytes < 1024, (seconds, megabytes)


@pytest.mark.slow
def test_zip_bomb_costs_little_time_and_memory(tmp_path: Path) -> None:
    zeros, crc = deflated_zeros(200, crc_of=2**20)
    path = tmp_path / "bomb.docx"
    path.write_bytes(word_package(tmp_path, [("word/media/image1.png", zeros, 2**20, crc)]))
    status, seconds, megabytes, errors = measure(cli("audit", str(path), "--no-cache"), tmp_path)
    assert status == 2 and "ZIP bomb" in errors and "Traceback" not in errors
    assert seconds < 10 and megabytes < 200, (seconds, megabytes)


def test_read_document_refuses_rather_than_raising_anything_else(tmp_path: Path) -> None:
    # The library raises InputError (the CLI makes it one line); nothing else escapes.
    for case in ("truncated-docx", "docx-tables-nested-beyond-lxml-depth", "png"):
        with pytest.raises(InputError):
            read_document(REFUSED[case][0](tmp_path))


def test_readme_states_the_limits_the_code_applies() -> None:
    from policycheck.ingest import package
    from policycheck.limits import DEFAULT_MAX_SIZE, describe_size
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    limits = readme[readme.index("## Limits") : readme.index("## Adding a requirement")]
    assert f"default `{describe_size(DEFAULT_MAX_SIZE)}`" in limits
    assert (
        f"{package.MAX_UNPACKED // 2**20} MiB in all or {package.MAX_PART // 2**20} MiB" in limits
    )
    assert f"more than {package.MAX_RATIO} times" in limits
    assert f"more than {package.MAX_MEMBERS:,} parts" in limits


# --- outputs: never over an input, never half written, never run


@pytest.mark.parametrize("command", ["audit", "baseline", "annotate", "diff", "scorecard"])
def test_no_writer_overwrites_an_input(command: str, tmp_path: Path) -> None:
    policy = build_docx(tmp_path / "policy.docx", [("p", SENTENCES[0])])
    other = build_docx(tmp_path / "other.docx", [("p", SENTENCES[1])])
    before = policy.read_bytes()
    target = str(policy)
    args = {
        "audit": ["audit", str(other), target, "-o", target, "-f", "json"],
        "baseline": ["audit", str(policy), "--write-baseline", target],
        "annotate": ["annotate", str(policy), "-o", target],
        "diff": ["diff", str(other), str(policy), "-o", target],
        "scorecard": ["scorecard", str(policy), "-o", target],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"policycheck: error: {policy}: is one of the input")
    assert policy.read_bytes() == before


def test_batch_output_folder_may_not_hold_an_input(tmp_path: Path) -> None:
    org = tmp_path / "orgs" / "acme"
    org.mkdir(parents=True)
    build_docx(org / "policy.docx", [("p", SENTENCES[0])])
    # acme's JSON report would be orgs/acme.json: put an input there.
    clash = tmp_path / "orgs" / "acme.json"
    clash.write_text("{}", encoding="utf-8")
    manifest = tmp_path / "orgs.csv"
    manifest.write_text(f"organisation,file\nacme,{org / 'policy.docx'}\nacme,{clash}\n")
    result = runner.invoke(
        app, ["batch", "--manifest", str(manifest), "-o", str(tmp_path / "orgs"), "-f", "json"]
    )
    assert result.exit_code == 2 and "is one of the input documents" in result.stderr
    assert clash.read_text(encoding="utf-8") == "{}"


def test_html_report_escapes_hostile_headings_evidence_and_file_names(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> \"quoted\" 'single' &amp;"
    # Plain text: Markdown would strip the tags itself before any report saw them.
    policy = tmp_path / "\"'<img src=x onerror=alert(1)>.txt"
    policy.write_text(
        f"1. {hostile}\n\nAll personnel must report any concern or suspicion of sexual "
        f"exploitation or abuse by a fellow worker {hostile}.\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["audit", str(policy), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_an_output_that_cannot_be_written_changes_no_other_output(tmp_path: Path) -> None:
    policy = tmp_path / "policy.txt"
    policy.write_text(SENTENCES[0], encoding="utf-8")
    first = tmp_path / "report.json"
    first.write_text('{"previous": true}', encoding="utf-8")
    folder = tmp_path / "a-folder.html"
    folder.mkdir()
    for second in (tmp_path / "no-such-folder" / "report.html", folder):
        result = runner.invoke(app, ["audit", str(policy), "-o", str(first), "-o", str(second)])
        assert result.exit_code == 2 and str(second) in result.stderr
        assert first.read_text(encoding="utf-8") == '{"previous": true}'
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
