"""The requirement matrix (eisenmatrix) that a tenderer can only fill in, as an Excel workbook.

- One row per requirement, numbered as in the document (2.1.4); the sheet is protected and only the three
  answer cells of each row are unlocked; the workbook's structure is locked too (no password: the officer
  may add one in Excel).
- The answer cell's validation follows the form: an eis is ``voldoet`` / ``voldoet niet``; a wens is met
  (its points) or not (0 points); a kwaliteitsvraag takes a short summary and needs the reference to the
  attachment that holds the answer; an uitvoeringsvoorwaarde is agreed or not.
- Every text from a profile or the catalogue is a string cell with Excel's quote prefix, so text starting with
  ``=``, ``+``, ``-`` or ``@`` is never evaluated; there are no formula cells at all. The points are the
  profile's validated whole numbers, written as numbers, with their total below the rows.
- A4 landscape, fitted to the page width, the header row repeated on every printed page; dates on the profile
  sheet are real dates.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from cgcomply.tender.document import Entry, TenderDocument

_HEADER_FILL = PatternFill("solid", fgColor="154273")
_ANSWER_FILL = PatternFill("solid", fgColor="FFF7D6")
_THIN = Side(style="thin", color="B4B4B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
FORMULA_STARTS = ("=", "+", "-", "@")

# (label key, width)
_COLUMNS: tuple[tuple[str, float], ...] = (
    ("field_number", 8),
    ("field_id", 13),
    ("field_theme", 16),
    ("field_title", 30),
    ("field_form", 17),
    ("field_points", 8),
    ("field_clause", 70),
    ("field_evidence", 42),
    ("field_verification", 36),
    ("field_answer", 20),
    ("field_answer_note", 45),
    ("field_answer_link", 30),
)
ANSWER_COLUMN = 10  # J: the answer; K: the explanation; L: the reference to the attachment or evidence
NOTE_COLUMN = 11
LINK_COLUMN = 12

_ANSWERS: dict[str, dict[str, Any]] = {
    "nl": {
        "eis": ["voldoet", "voldoet niet"],
        "uitvoeringsvoorwaarde": ["akkoord", "niet akkoord"],
        "wens": ["voldoet ({points} punten)", "voldoet niet (0 punten)"],
        "prompt": {
            "eis": "Kies voldoet of voldoet niet. Met voldoet niet is de inschrijving ongeldig.",
            "uitvoeringsvoorwaarde": "Kies akkoord of niet akkoord: deze voorwaarde geldt vanaf de gunning.",
            "wens": "Kies voldoet ({points} punten) of voldoet niet (0 punten) en verwijs in kolom L naar het bewijs.",
            "kwaliteitsvraag": "Vat uw antwoord samen (ten hoogste 1000 tekens); het antwoord zelf staat in de "
            "bijlage die u in kolom L noemt.",
            "link": "Noem de bijlage (bestandsnaam) met uw antwoord; zonder bijlage wordt de vraag met 0 gescoord.",
        },
        "error": "Kies een waarde uit de lijst.",
        "error_text": "Ten hoogste 1000 tekens; het volledige antwoord hoort in de bijlage.",
        "error_link": "Noem de bijlage met uw antwoord (1 tot 255 tekens).",
        "total": "Totaal te behalen punten",
    },
    "en": {
        "eis": ["complies", "does not comply"],
        "uitvoeringsvoorwaarde": ["agreed", "not agreed"],
        "wens": ["complies ({points} points)", "does not comply (0 points)"],
        "prompt": {
            "eis": "Choose complies or does not comply. With does not comply the tender is invalid.",
            "uitvoeringsvoorwaarde": "Choose agreed or not agreed: this condition applies from the award.",
            "wens": "Choose complies ({points} points) or does not comply (0 points) and name the evidence in column L.",
            "kwaliteitsvraag": "Summarise your answer (at most 1000 characters); the answer itself is in the "
            "attachment you name in column L.",
            "link": "Name the attachment (file name) with your answer; without it the question scores 0.",
        },
        "error": "Choose a value from the list.",
        "error_text": "At most 1000 characters; the full answer belongs in the attachment.",
        "error_link": "Name the attachment with your answer (1 to 255 characters).",
        "total": "Total points available",
    },
}


def text_cell(sheet: Worksheet, row: int, column: int, value: str | None) -> Cell:
    """A string cell that no spreadsheet evaluates, whatever the text starts with."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    cell.value = str(value)
    cell.data_type = "s"  # openpyxl reads a leading '=' as a formula; this is text
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # Excel's leading apostrophe: shown as text, and kept text when edited
    return cell


def render_xlsx(doc: TenderDocument) -> bytes:
    t = doc.t
    words = _ANSWERS["en" if doc.lang == "en" else "nl"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = t["matrix_sheet"]

    for column, (key, width) in enumerate(_COLUMNS, start=1):
        cell = text_cell(sheet, 1, column, t[key])
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width

    entries = sorted(doc.entries, key=lambda entry: [int(part) for part in entry.number.split(".")])
    validations = _Validations(sheet, words)
    for row, entry in enumerate(entries, start=2):
        texts = (
            entry.number,
            entry.id,
            entry.theme_label,
            entry.title,
            t["forms_short"][entry.form],
        )
        for column, value in enumerate(texts, start=1):
            text_cell(sheet, row, column, value)
        if entry.points is not None:
            sheet.cell(row=row, column=6, value=int(entry.points))
        text_cell(sheet, row, 7, entry.clause)
        text_cell(sheet, row, 8, "\n".join(entry.evidence))
        text_cell(sheet, row, 9, "\n".join(entry.verification_lines))
        for column in range(1, len(_COLUMNS) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = _WRAP
            cell.border = _BORDER
            if column >= ANSWER_COLUMN:
                cell.fill = _ANSWER_FILL
                cell.protection = _UNLOCKED
        validations.add(entry, row)
    validations.attach()

    last_row = len(entries) + 1
    total_row = last_row + 1
    text_cell(sheet, total_row, 4, words["total"]).font = Font(bold=True)
    total = sheet.cell(row=total_row, column=6, value=int(doc.total_points))
    total.font = Font(bold=True)

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(_COLUMNS))}{last_row}"
    _print_setup(sheet, doc)
    _protect(sheet)

    _profile_sheet(workbook, doc)
    workbook.security = WorkbookProtection(lockStructure=True)
    properties = workbook.properties
    properties.title = f"{t['matrix_title']}: {doc.tender_name}"[:255]
    properties.subject = doc.hash
    properties.keywords = f"cgcomply; {doc.profile_id}; {doc.hash}"
    properties.creator = f"cgcomply {doc.tool_version}"
    properties.language = "nl-NL" if doc.lang == "nl" else "en-GB"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Validations:
    """One data validation per kind of answer, each applied to the rows of that kind."""

    def __init__(self, sheet: Worksheet, words: dict[str, Any]) -> None:
        self.sheet = sheet
        self.words = words
        self.lists: dict[tuple[str, ...], tuple[DataValidation, str]] = {}
        self.text = self._validation("textLength", words["prompt"]["kwaliteitsvraag"], words["error_text"])
        self.text.operator = "lessThanOrEqual"
        self.text.formula1 = "1000"
        self.link = self._validation("textLength", words["prompt"]["link"], words["error_link"])
        self.link.operator = "between"
        self.link.formula1, self.link.formula2 = "1", "255"
        self.link.allow_blank = False

    def _validation(self, kind: str, prompt: str, error: str, formula: str | None = None) -> DataValidation:
        title = self.sheet.cell(row=1, column=ANSWER_COLUMN).value
        return DataValidation(
            type=kind,
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle=str(title)[:32],
            error=error[:255],
            promptTitle=str(title)[:32],
            prompt=prompt[:255],
        )

    def add(self, entry: Entry, row: int) -> None:
        cell = f"{get_column_letter(ANSWER_COLUMN)}{row}"
        if entry.form == "kwaliteitsvraag":
            self.text.add(cell)
            self.link.add(f"{get_column_letter(LINK_COLUMN)}{row}")
            return
        points = entry.points or 0
        choices = tuple(choice.format(points=points) for choice in self.words[entry.form])
        if choices not in self.lists:
            prompt = self.words["prompt"][entry.form].format(points=points)
            formula = '"' + ",".join(choices) + '"'
            self.lists[choices] = (self._validation("list", prompt, self.words["error"], formula), entry.form)
        self.lists[choices][0].add(cell)

    def attach(self) -> None:
        for validation, _ in self.lists.values():
            self.sheet.add_data_validation(validation)
        for validation in (self.text, self.link):
            if validation.sqref.ranges:
                self.sheet.add_data_validation(validation)


def _print_setup(sheet: Worksheet, doc: TenderDocument) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = False
    sheet.oddFooter.left.text = f"{doc.t['profile_hash']}: {doc.hash}"
    before, between = doc.t["page_of"]
    sheet.oddFooter.right.text = f"{before}&P{between}&N"
    sheet.oddHeader.left.text = f"{doc.municipality} · {doc.tender_name}"[:250].replace("&", "&&")


def _protect(sheet: Worksheet) -> None:
    """Only the unlocked answer cells can be changed; filtering and resizing stay possible."""
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _profile_sheet(workbook: Workbook, doc: TenderDocument) -> None:
    t = doc.t
    sheet = workbook.create_sheet(t["profile_sheet"])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 90
    date_labels = {t["dates"].get(key, key): key for key in doc.dates}
    rows: Iterable[tuple[str, str]] = [*doc.meta, ("cgcomply verify", doc.verify_command)]
    for row, (label, value) in enumerate(rows, start=1):
        text_cell(sheet, row, 1, label).font = Font(bold=True)
        if label in date_labels and doc.raw_dates.get(date_labels[label]):
            cell = sheet.cell(
                row=row, column=2, value=datetime.date.fromisoformat(doc.raw_dates[date_labels[label]])
            )
            cell.number_format = "d mmmm yyyy"
            cell.alignment = Alignment(horizontal="left")
        else:
            text_cell(sheet, row, 2, value).alignment = _WRAP
    _print_setup(sheet, doc)
    sheet.page_setup.orientation = "portrait"
    _protect(sheet)
