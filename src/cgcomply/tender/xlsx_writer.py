"""The requirement matrix (eisenmatrix) that suppliers fill in, as an Excel workbook.

One row per requirement; the answer column has a drop-down (voldoet / voldoet deels / voldoet niet /
n.v.t.); the header is frozen and filtered. A second sheet holds the profile, with its hash.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cgcomply.tender.document import TenderDocument

_HEADER_FILL = PatternFill("solid", fgColor="154273")
_ANSWER_FILL = PatternFill("solid", fgColor="FFF7D6")
_THIN = Side(style="thin", color="B4B4B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")

# (label key, width)
_COLUMNS: tuple[tuple[str, float], ...] = (
    ("field_number", 6),
    ("field_id", 13),
    ("field_theme", 18),
    ("field_title", 32),
    ("field_form", 18),
    ("field_points", 8),
    ("field_clause", 70),
    ("field_evidence", 40),
    ("field_verification", 40),
    ("field_answer", 18),
    ("field_answer_note", 45),
    ("field_answer_link", 30),
)
ANSWER_COLUMN = 10  # 1-based: "Antwoord Inschrijver"


def render_xlsx(doc: TenderDocument) -> bytes:
    t = doc.t
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t["matrix_sheet"]

    for column, (key, width) in enumerate(_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=t[key])
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width

    for row, entry in enumerate(doc.entries, start=2):
        values = (
            entry.position,
            entry.id,
            entry.theme_label,
            entry.title,
            t["forms_short"][entry.form],
            entry.points,
            entry.clause,
            "\n".join(entry.evidence),
            "\n".join(entry.verification_lines),
            None,
            None,
            None,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.alignment = _WRAP
            cell.border = _BORDER
            if column >= ANSWER_COLUMN:
                cell.fill = _ANSWER_FILL

    last_row = len(doc.entries) + 1
    answers = ",".join(t["answers"])
    validation = DataValidation(
        type="list",
        formula1=f'"{answers}"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=t["field_answer"],
        error=t["answer_error"],
        promptTitle=t["field_answer"],
        prompt=t["answer_prompt"],
    )
    answer_letter = get_column_letter(ANSWER_COLUMN)
    validation.add(f"{answer_letter}2:{answer_letter}{max(last_row, 2)}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(_COLUMNS))}{last_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.oddFooter.center.text = f"{t['profile_hash']}: {doc.hash}"

    _profile_sheet(workbook, doc)
    properties = workbook.properties
    properties.title = f"{t['matrix_title']}: {doc.tender_name}"
    properties.subject = doc.hash
    properties.keywords = f"cgcomply; {doc.profile_id}; {doc.hash}"
    properties.creator = f"cgcomply {doc.tool_version}"
    properties.language = doc.lang

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _profile_sheet(workbook: Workbook, doc: TenderDocument) -> None:
    t = doc.t
    sheet = workbook.create_sheet(t["profile_sheet"])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 90
    rows = [*doc.meta, ("cgcomply verify", doc.verify_command)]
    for row, (label, value) in enumerate(rows, start=1):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value).alignment = _WRAP
