"""The Programma van Eisen as a Word document that a Dutch municipal office can publish and keep editing.

- A4 portrait, margins of 2.5 cm; styles in ``nl-NL`` (``en-GB`` for English), so Word spell-checks the right
  language.
- Formatting lives in styles, not in runs: built-in Title, Heading 1-3, List Bullet, Header, Footer, Strong,
  TOC 1-2 and 'Table Grid', plus four styles of our own that the officer can change in one place:
  ``Eistekst`` (the clause text), ``Opdracht`` (a command), ``Code`` and ``Knock-out`` (character styles).
- A table of contents as a real TOC field (``TOC \\o "1-2" \\h \\z \\u``). Its entries are written in
  already, each with a ``PAGEREF`` field to its heading's bookmark, so the document shows a complete table
  of contents before anyone updates a field: LibreOffice fills in the page numbers when it lays the document
  out, and ``w:updateFields`` in settings.xml makes Word refresh the whole field when the document is opened.
- "pagina X van Y" in the footer from PAGE and NUMPAGES fields, with the profile hash; the tender's name in
  the header.
- Table header rows repeat on every page (``w:tblHeader``) and rows do not break across pages.
- Core properties (title, subject, author = municipality, keywords and comments with the profile hash,
  language) and custom properties (Gemeente/Municipality, Profiel, Profiel-hash) in ``docProps/custom.xml``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from cgcomply.tender.document import Entry, TenderDocument
from cgcomply.tender.inline import split_marks

LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
TEXT_WIDTH = Cm(16.0)  # A4 (21 cm) minus two margins of 2.5 cm
_CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


@dataclass(slots=True)
class _Headings:
    """The headings of levels 1-2 in document order, for the pre-rendered table of contents."""

    entries: list[tuple[int, str, str]] = field(default_factory=list)  # (level, text, bookmark)

    def bookmark(self, level: int, text: str) -> str:
        name = f"_Toc{len(self.entries) + 1:06d}"
        self.entries.append((level, text, name))
        return name


def render_docx(doc: TenderDocument) -> bytes:
    """The tender as .docx bytes."""
    headings = _Headings()
    # Headings are numbered in one pass over the content; the table of contents needs them before the
    # content, so the body is built after collecting them from the same plan.
    plan = _plan(doc)
    for level, text in plan:
        headings.bookmark(level, text)

    document = Document()
    _language(document, LANGUAGES.get(doc.lang, "nl-NL"))
    _styles(document)
    _page(document, doc)
    _properties(document, doc)
    _settings(document, LANGUAGES.get(doc.lang, "nl-NL"))

    bookmarks = iter(headings.entries)
    t = doc.t
    document.add_paragraph(doc.title, style="Title")
    _key_value_table(document, doc.meta)

    document.add_paragraph(t["toc_title"], style="TOC Heading")
    _table_of_contents(document, headings.entries, t["toc_hint"])

    _heading(document, bookmarks, 1)
    for paragraph in doc.intro:
        _rich(document.add_paragraph(), paragraph)

    _heading(document, bookmarks, 1)
    _overview_table(document, doc)
    for theme in doc.sections:
        _heading(document, bookmarks, 2)
        for entry in theme.entries:
            _requirement(document, doc, entry)

    _heading(document, bookmarks, 1)
    _award(document, doc)

    _heading(document, bookmarks, 1, new_page=True)
    _declaration(document, doc)

    _heading(document, bookmarks, 1, new_page=True)
    for block in doc.annex:
        _rich(document.add_paragraph(), str(block["text"]))
        if block["command"]:
            document.add_paragraph(str(block["command"]), style="Opdracht")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plan(doc: TenderDocument) -> list[tuple[int, str]]:
    """Every heading of levels 1-2 with its text, in the order :func:`render_docx` writes them."""
    t = doc.t
    plan = [(1, f"1. {t['section_intro']}"), (1, f"2. {t['section_requirements']}")]
    plan += [(2, f"{theme.number} {theme.title}") for theme in doc.sections]
    plan += [(1, f"3. {t['section_award']}"), (1, f"4. {t['section_declaration']}"), (1, t["section_annex"])]
    return plan


# --------------------------------------------------------------------------- document-wide settings


def _language(document: DocxDocument, language: str) -> None:
    """The default language of every style (docDefaults), so Word spell-checks in ``language``."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    assert defaults is not None
    run_defaults = defaults.find(qn("w:rPrDefault"))
    assert run_defaults is not None
    properties = run_defaults.find(qn("w:rPr"))
    assert properties is not None
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Header", 8), ("Footer", 8)):
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = RGBColor(0x55, 0x55, 0x55)

    clause = styles.add_style("Eistekst", WD_STYLE_TYPE.PARAGRAPH)
    clause.base_style = normal
    clause.paragraph_format.left_indent = Cm(0.2)
    clause.paragraph_format.space_after = Pt(0)
    _shade(clause.element, "EEF3F9")

    command = styles.add_style("Opdracht", WD_STYLE_TYPE.PARAGRAPH)
    command.base_style = normal
    command.font.name = "Consolas"
    command.font.size = Pt(8.5)
    command.paragraph_format.left_indent = Cm(0.5)
    _shade(command.element, "F1F1F1")

    code = styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
    code.font.name = "Consolas"
    code.font.size = Pt(9)

    knockout = styles.add_style("Knock-out", WD_STYLE_TYPE.CHARACTER)
    knockout.font.bold = True
    knockout.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)

    cell = styles.add_style("Tabeltekst", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9.5)
    cell.paragraph_format.space_after = Pt(2)

    header = styles.add_style("Tabelkop", WD_STYLE_TYPE.PARAGRAPH)
    header.base_style = cell
    header.font.bold = True

    field_line = styles.add_style("Invulregel", WD_STYLE_TYPE.PARAGRAPH)
    field_line.base_style = cell
    field_line.paragraph_format.space_before = Pt(12)

    for level in (1, 2):
        name = f"TOC {level}"
        toc = (
            styles[name]
            if name in [s.name for s in styles]
            else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        )
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _shade(style_element: Any, fill: str) -> None:
    """Background shading on a paragraph style (``w:pPr/w:shd``; python-docx's oxml classes are untyped)."""
    ppr = style_element.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    ppr.append(shading)


def _page(document: DocxDocument, doc: TenderDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header.paragraphs[0].text = f"{doc.municipality} · {doc.tender_name}"
    footer = section.footer.paragraphs[0]
    footer.text = f"{doc.t['profile_hash']}: {doc.hash} · {doc.profile_id} {doc.profile_version}"
    pages = section.footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, between = doc.t["page_of"]
    pages.add_run(before)
    _field(pages, "PAGE", "1")
    pages.add_run(between)
    _field(pages, "NUMPAGES", "1")


def _properties(document: DocxDocument, doc: TenderDocument) -> None:
    properties = document.core_properties
    properties.title = doc.tender_name  # validated to at most 255 characters (Word's limit)
    properties.subject = f"{doc.t['doc_title']}; {doc.t['profile']} {doc.profile_id} {doc.profile_version}"[
        :255
    ]
    properties.author = doc.municipality
    properties.keywords = f"cgcomply; {doc.profile_id}; {doc.hash}"
    properties.comments = f"{doc.t['profile_hash']}: {doc.hash}"
    properties.category = doc.t["doc_title"]
    properties.language = LANGUAGES.get(doc.lang, "nl-NL")
    properties.last_modified_by = "cgcomply"
    custom = {
        doc.t["municipality"]: doc.municipality,
        doc.t["profile"]: f"{doc.profile_id} {doc.profile_version}",
        doc.t["profile_hash"]: doc.hash,
        "cgcomply": doc.tool_version,
    }
    _custom_properties(document, custom)


def _custom_properties(document: DocxDocument, values: dict[str, str]) -> None:
    entries = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{entries}</Properties>"
    )
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _settings(document: DocxDocument, language: str) -> None:
    """Ask Word to update fields (the table of contents, page numbers) when the document is opened, and set
    the language of theme fonts."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)


# --------------------------------------------------------------------------- fields, headings, TOC


def _field_char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    run._r.append(char)


def _instruction(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)


def _field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES, PAGEREF) with a cached result shown until it is updated."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run(cached)
    _field_char(paragraph, "end")


def _bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _heading(
    document: DocxDocument, bookmarks: Iterable[tuple[int, str, str]], level: int, new_page: bool = False
) -> Paragraph:
    planned_level, text, name = next(iter(bookmarks))
    assert planned_level == level, (planned_level, level, text)
    paragraph = document.add_heading(text, level=level)
    if new_page:
        paragraph.paragraph_format.page_break_before = True
    _bookmark(paragraph, name, int(name.removeprefix("_Toc")))
    return paragraph


def _table_of_contents(document: DocxDocument, entries: list[tuple[int, str, str]], hint: str) -> None:
    """A TOC field whose result is already the list of headings, each linked to its bookmark, with a
    PAGEREF field for its page number."""
    if not entries:
        return
    for index, (level, text, name) in enumerate(entries):
        paragraph = document.add_paragraph(style=f"TOC {level}")
        if index == 0:
            _field_char(paragraph, "begin")
            _instruction(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
            _field_char(paragraph, "separate")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), name)
        link.set(qn("w:history"), "1")
        paragraph._p.append(link)
        holder = Paragraph(link, paragraph._parent)  # runs added to the hyperlink element
        holder.add_run(text)
        holder.add_run("\t")
        _field(holder, f"PAGEREF {name} \\h", "")
        if index == len(entries) - 1:
            _field_char(paragraph, "end")
    document.add_paragraph(hint, style="Tabeltekst")


# --------------------------------------------------------------------------- text and tables


def _rich(paragraph: Paragraph, text: str) -> Paragraph:
    """``text`` with `code` in the character style Code and **bold** in Strong."""
    for part, mark in split_marks(text):
        run = paragraph.add_run(part)
        if mark == "code":
            run.style = "Code"
        elif mark == "bold":
            run.style = "Strong"
    return paragraph


def _table(document: DocxDocument, columns: int, widths: tuple[Cm, ...], header: list[str] | None) -> Table:
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    if header:
        cells = _row(table, widths)
        _repeat_header(table.rows[0])
        for cell, text in zip(cells, header, strict=True):
            cell.paragraphs[0].style = "Tabelkop"
            cell.paragraphs[0].add_run(text)
    return table


def _row(table: Table, widths: tuple[Cm, ...]) -> list:
    row = table.add_row()
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].style = "Tabeltekst"
    return list(row.cells)


def _repeat_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _key_value_table(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    widths = (Cm(5.0), Cm(11.0))
    table = _table(document, 2, widths, None)
    for label, value in rows:
        cells = _row(table, widths)
        cells[0].paragraphs[0].style = "Tabelkop"
        cells[0].paragraphs[0].add_run(label)
        _rich(cells[1].paragraphs[0], value)
    document.add_paragraph()


def _overview_table(document: DocxDocument, doc: TenderDocument) -> None:
    t = doc.t
    widths = (Cm(1.6), Cm(2.6), Cm(7.8), Cm(4.0))
    table = _table(document, 4, widths, [t["field_number"], t["field_id"], t["field_title"], t["field_form"]])
    for entry in sorted(doc.entries, key=lambda entry: [int(part) for part in entry.number.split(".")]):
        cells = _row(table, widths)
        points = f", {entry.points} {t['points']}" if entry.points else ""
        for cell, value in zip(
            cells, (entry.number, entry.id, entry.title, t["forms_short"][entry.form] + points), strict=True
        ):
            cell.paragraphs[0].add_run(value)
    document.add_paragraph()


def _requirement(document: DocxDocument, doc: TenderDocument, entry: Entry) -> None:
    t = doc.t
    document.add_heading(f"{entry.number} {entry.id} {entry.title}", level=3)
    widths = (Cm(3.4), Cm(12.6))
    table = _table(document, 2, widths, None)

    def row(label: str) -> Paragraph:
        cells = _row(table, widths)
        cells[0].paragraphs[0].style = "Tabelkop"
        cells[0].paragraphs[0].add_run(label)
        return cells[1].paragraphs[0]

    form = row(t["field_form"])
    run = form.add_run(entry.form_label + (f" ({entry.points} {t['points']})" if entry.points else ""))
    if entry.form == "eis":
        run.style = "Knock-out"
    clause = row(t["field_clause"])
    clause.style = "Eistekst"
    _rich(clause, entry.clause)
    _rich(row(t["field_rationale"]), entry.rationale)
    _lines(row(t["field_evidence"]), entry.evidence)
    _lines(row(t["field_verification"]), entry.verification_lines)
    _lines(row(t["field_standards"]), entry.standards + entry.basis or ["-"])
    document.add_paragraph()


def _lines(paragraph: Paragraph, lines: list[str]) -> None:
    """Several lines in one cell: the first in the given paragraph, the rest in new paragraphs."""
    cell_paragraph = paragraph
    for index, line in enumerate(lines):
        if index:
            cell_paragraph = paragraph._parent.add_paragraph(style="Tabeltekst")  # type: ignore[attr-defined]  # the cell
        _rich(cell_paragraph, line)


def _award(document: DocxDocument, doc: TenderDocument) -> None:
    t = doc.t
    texts = doc.award_texts
    if not doc.award:
        document.add_paragraph(t["award_none"])
        return
    _rich(document.add_paragraph(), texts["basis"])
    if doc.has_wishes:
        _rich(document.add_paragraph(), texts["wishes"])
    if doc.has_questions:
        _rich(document.add_paragraph(), texts["quality"])
        scale_widths = (Cm(1.6), Cm(3.0), Cm(11.4))
        table = _table(document, 3, scale_widths, list(texts["scale_headers"]))
        for scale in texts["scale"]:
            cells = _row(table, scale_widths)
            for cell, value in zip(cells, (scale["score"], scale["label"], scale["text"]), strict=True):
                cell.paragraphs[0].add_run(value)
        document.add_paragraph()
    _rich(document.add_paragraph(), texts["assessors"])
    _rich(document.add_paragraph(), texts["total"])
    widths = (Cm(1.6), Cm(2.6), Cm(6.6), Cm(3.6), Cm(1.6))
    headers = [t["field_number"], t["field_id"], t["field_title"], t["field_form"], t["field_points"]]
    table = _table(document, 5, widths, headers)
    for entry in doc.award:
        cells = _row(table, widths)
        values = (entry.number, entry.id, entry.title, t["forms_short"][entry.form], str(entry.points))
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(value)
        cells[4].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    total = _row(table, widths)
    total[2].paragraphs[0].style = "Tabelkop"
    total[2].paragraphs[0].add_run(t["total_points"])
    total[4].paragraphs[0].style = "Tabelkop"
    total[4].paragraphs[0].add_run(str(doc.total_points))
    total[4].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _declaration(document: DocxDocument, doc: TenderDocument) -> None:
    declaration = doc.declaration
    _rich(document.add_paragraph(), declaration["intro"])
    for line in declaration["items"]:
        _rich(document.add_paragraph(style="List Bullet"), line)
    widths = (Cm(5.0), Cm(11.0))
    table = _table(document, 2, widths, None)
    for label in declaration["fields"]:
        cells = _row(table, widths)
        cells[0].paragraphs[0].style = "Invulregel"
        cells[0].paragraphs[0].add_run(label).style = "Strong"
        cells[1].paragraphs[0].style = "Invulregel"
        row = table.rows[-1]
        row.height = Cm(1.6 if label == declaration["fields"][-1] else 1.0)
