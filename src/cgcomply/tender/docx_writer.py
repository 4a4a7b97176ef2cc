"""The Programma van Eisen as a Word document with real Word styles, so an officer can keep editing it.

Built-in styles only: Title, Heading 1-3, List Number (the requirement overview), List Bullet and
'Table Grid'. The profile hash is in the metadata table, the footer and the core properties.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from cgcomply.tender.document import Entry, TenderDocument
from cgcomply.tender.inline import split_marks

_CODE_FONT = "Consolas"


def render_docx(doc: TenderDocument) -> bytes:
    t = doc.t
    document = Document()
    _set_properties(document, doc)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    section.footer.paragraphs[
        0
    ].text = f"{t['profile_hash']}: {doc.hash} · {doc.profile_id} {doc.profile_version}"

    document.add_heading(doc.title, level=0)
    _key_value_table(document, doc.meta)

    document.add_heading(f"1. {t['section_intro']}", level=1)
    for paragraph in doc.intro:
        _rich_paragraph(document.add_paragraph(), paragraph)

    document.add_heading(f"2. {t['section_requirements']}", level=1)
    for entry in doc.entries:
        points = f", {entry.points} {t['points']}" if entry.points else ""
        document.add_paragraph(
            f"{entry.id} {entry.title} ({t['forms_short'][entry.form]}{points})", style="List Number"
        )
    for theme in doc.sections:
        document.add_heading(f"{theme.number} {theme.title}", level=2)
        for entry in theme.entries:
            _requirement(document, doc, entry)

    document.add_heading(f"3. {t['section_award']}", level=1)
    if doc.award:
        _rich_paragraph(document.add_paragraph(), doc.award_intro)
        _award_table(document, doc)
    else:
        document.add_paragraph(t["award_none"])

    document.add_heading(t["section_annex"], level=1)
    for block in doc.annex:
        _rich_paragraph(document.add_paragraph(), str(block["text"]))
        if block["command"]:
            run = document.add_paragraph().add_run(str(block["command"]))
            run.font.name = _CODE_FONT
            run.font.size = Pt(9)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_properties(document: DocxDocument, doc: TenderDocument) -> None:
    properties = document.core_properties
    properties.title = doc.title
    properties.subject = f"{doc.t['profile']} {doc.profile_id} {doc.profile_version}"
    properties.keywords = f"cgcomply; {doc.profile_id}; {doc.hash}"
    properties.comments = f"{doc.t['profile_hash']}: {doc.hash}"
    properties.author = doc.municipality
    properties.language = doc.lang


def _rich_paragraph(paragraph: Paragraph, text: str) -> Paragraph:
    """Add ``text`` to ``paragraph``, with `code` in a monospace font and **bold** in bold."""
    for part, mark in split_marks(text):
        run = paragraph.add_run(part)
        if mark == "code":
            run.font.name = _CODE_FONT
        elif mark == "bold":
            run.bold = True
    return paragraph


def _key_value_table(document: DocxDocument, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        _rich_paragraph(cells[1].paragraphs[0], value)
    _widths(table, (Cm(5.0), Cm(11.6)))


def _requirement(document: DocxDocument, doc: TenderDocument, entry: Entry) -> None:
    t = doc.t
    document.add_heading(f"{entry.number} {entry.id} {entry.title}", level=3)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"

    def row(label: str) -> Paragraph:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        return cells[1].paragraphs[0]

    form = row(t["field_form"])
    run = form.add_run(entry.form_label + (f" ({entry.points} {t['points']})" if entry.points else ""))
    if entry.form == "eis":
        run.bold = True
        run.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    _rich_paragraph(row(t["field_clause"]), entry.clause)
    _rich_paragraph(row(t["field_rationale"]), entry.rationale)
    _lines(row(t["field_evidence"]), entry.evidence)
    _lines(row(t["field_verification"]), entry.verification_lines)
    _lines(row(t["field_standards"]), entry.standards + entry.basis or ["-"])
    _widths(table, (Cm(3.6), Cm(13.0)))


def _lines(paragraph: Paragraph, lines: list[str]) -> None:
    """Several lines in one cell: the first in the given paragraph, the rest in new paragraphs."""
    cell_paragraph = paragraph
    for index, line in enumerate(lines):
        if index:
            cell_paragraph = paragraph._parent.add_paragraph()  # the cell
        _rich_paragraph(cell_paragraph, line)


def _award_table(document: DocxDocument, doc: TenderDocument) -> None:
    t = doc.t
    headers = (t["field_number"], t["field_id"], t["field_title"], t["field_form"], t["field_points"])
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for entry in doc.award:
        cells = table.add_row().cells
        values = (entry.number, entry.id, entry.title, t["forms_short"][entry.form], str(entry.points))
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    total = table.add_row().cells
    total[2].paragraphs[0].add_run(t["total_points"]).bold = True
    total[4].paragraphs[0].add_run(str(doc.total_points)).bold = True
    _widths(table, (Cm(1.6), Cm(2.6), Cm(8.0), Cm(3.0), Cm(1.4)))


def _widths(table, widths) -> None:  # type: ignore[no-untyped-def]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
