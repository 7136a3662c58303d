"""Read .docx with python-docx: body paragraphs and tables in order, headings, list numbering."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from policycheck.errors import InputError
from policycheck.ingest.layout import Builder
from policycheck.limits import DEFAULT_MAX_TEXT
from policycheck.model import BlockKind

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLE = re.compile(r"^(?:heading|titre|título|encabezado|überschrift)\s*(\d)$", re.I)


def read_docx(data: bytes, name: str, max_text: int = DEFAULT_MAX_TEXT) -> Builder:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree  # type: ignore[import-untyped]

    from policycheck.ingest.package import check_package

    check_package(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _styles(document)
        numbering = Numbering(document)
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc.msg).lower():
            # lxml's own limit: a hostile file, or tables inside tables 80 levels deep.
            raise InputError(
                f"{name}: the Word XML is nested more than 256 levels deep (tables inside "
                "tables?); flatten it and save it again"
            ) from None
        raise InputError(
            f"{name}: the Word XML cannot be read ({exc.msg}); save it again"
        ) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: not a readable .docx file ({exc.__class__.__name__})") from None
    except (AttributeError, TypeError, IndexError, NotImplementedError) as exc:
        # python-docx trusts each part to be what its name says; a part swapped for another
        # (relationships where the document should be) fails as a missing attribute.
        raise InputError(
            f"{name}: a damaged .docx (a part is not what the package says it is: "
            f"{exc.__class__.__name__}); save it again from Word"
        ) from None
    builder = Builder(file=name, max_text=max_text)
    for element in body_items(body):
        if element.tag == f"{W}p":
            _add_paragraph(builder, styles, numbering, element)
        elif element.tag == f"{W}tbl":
            _add_table(builder, element)
    return builder


def _styles(document: Any) -> dict[str, Any]:
    """Style elements by id, looked up once: an XPath query per paragraph is slow."""
    found: dict[str, Any] = {}
    for style in document.styles.element.findall(f"{W}style"):
        found.setdefault(style.get(f"{W}styleId") or "", style)
    return found


def body_items(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from body_items(content)


def element_text(element: Any) -> str:
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        parts.append(node.text or "" if node.tag == f"{W}t" else " ")
    return "".join(parts).strip()


def _style_chain(styles: dict[str, Any], style_id: str | None) -> Iterator[Any]:
    seen: set[str] = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get(style_id)
        if style is None:
            return
        yield style
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None


def _add_paragraph(builder: Builder, styles: dict[str, Any], numbering: Numbering, p: Any) -> None:
    text = element_text(p)
    if not text:
        return
    ppr = p.find(f"{W}pPr")
    style_id = None
    if ppr is not None and ppr.find(f"{W}pStyle") is not None:
        style_id = ppr.find(f"{W}pStyle").get(f"{W}val")
    chain = list(_style_chain(styles, style_id or "Normal"))
    level = _heading_level(ppr, chain)
    num_pr = _first(ppr, chain, "numPr")
    number = numbering.next(num_pr) if num_pr is not None else None
    if level is not None:
        builder.heading(f"{number} {text}" if number and number[:1].isdigit() else text, level)
        return
    is_list = num_pr is not None or any("List" in (s.get(f"{W}styleId") or "") for s in chain)
    builder.add(BlockKind.LIST_ITEM if is_list else BlockKind.PARAGRAPH, text, clause=number)


def _first(ppr: Any, styles: list[Any], tag: str) -> Any:
    """A paragraph property, set directly or inherited from its style chain."""
    for holder in [ppr, *(s.find(f"{W}pPr") for s in styles)]:
        if holder is not None and holder.find(f"{W}{tag}") is not None:
            return holder.find(f"{W}{tag}")
    return None


def _heading_level(ppr: Any, styles: list[Any]) -> int | None:
    for style in styles:
        name = style.find(f"{W}name")
        label = name.get(f"{W}val") if name is not None else ""
        if label.lower() == "title":
            return 1
        match = HEADING_STYLE.match(label) or HEADING_STYLE.match(style.get(f"{W}styleId") or "")
        if match:
            return int(match.group(1))
    outline = _first(ppr, styles, "outlineLvl")
    if outline is not None:
        value = _int(outline.get(f"{W}val"), 9)
        return value + 1 if value < 9 else None
    return None


def _add_table(builder: Builder, table: Any) -> None:
    # Rows of nested tables come in document order after their outer row; a cell's own text
    # leaves them out, so deeply nested tables are read once, not once per enclosing level.
    for row in table.iter(f"{W}tr"):
        cells: list[str] = []
        for cell in row.findall(f"{W}tc"):
            texts = (element_text(p) for p in body_items(cell) if p.tag == f"{W}p")
            text = " ".join(t for t in texts if t)
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            builder.add(BlockKind.TABLE_ROW, ": ".join(cells))


class Numbering:
    """Computes the list numbers Word shows ("4.2", "(b)") from the numbering part."""

    def __init__(self, document: Any) -> None:
        try:
            part = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            part = None
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        if part is None:
            return
        abstract = {a.get(f"{W}abstractNumId"): a for a in part.findall(f"{W}abstractNum")}
        for num in part.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            spec = abstract.get(ref.get(f"{W}val")) if ref is not None else None
            if spec is None:
                continue
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in spec.findall(f"{W}lvl"):
                start = lvl.find(f"{W}start")
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = (
                    _int(start.get(f"{W}val"), 1) if start is not None else 1,
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                )
            self.levels[num.get(f"{W}numId")] = levels

    def next(self, num_pr: Any) -> str | None:
        num_id_el = num_pr.find(f"{W}numId")
        ilvl_el = num_pr.find(f"{W}ilvl")
        num_id = num_id_el.get(f"{W}val") if num_id_el is not None else None
        ilvl = _int(ilvl_el.get(f"{W}val"), 0) if ilvl_el is not None else 0
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels or ilvl > 8:
            return None
        counters = self.counters.setdefault(num_id or "", [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        _, fmt, template = levels[ilvl]
        if fmt in ("bullet", "none") or not template:
            return None

        def render(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            start, level_fmt, _ = levels.get(level, (1, "decimal", ""))
            return _format(start + max(counters[level], 1) - 1, level_fmt)

        return re.sub(r"%(\d)", render, template).strip().rstrip(".") or None


def _int(value: str | None, default: int) -> int:
    """A number from the XML, held to what Word allows: 0-8 for levels, up to 32767 for
    starts. A hostile value must neither crash the reader nor make it count for ever."""
    try:
        return max(0, min(int(value or default), 32767))
    except ValueError:
        return default


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and value < 4000:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for number, glyph in numerals:
        while value >= number:
            out += glyph
            value -= number
    return out
