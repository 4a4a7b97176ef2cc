"""``--format xlsx``: an Excel workbook through openpyxl, one row per deployment.

Sheet 1 (*Verdicts* / *Oordelen*) has a header row in the chosen language, frozen and with an autofilter, and
one row per deployment; sheet 2 (*Export*) says when, from which runs and with which filters it was made.
Every text is a string cell written like the tender's Excel writer (:func:`cgcomply.tender.xlsx_writer.
text_cell`): never a formula, whatever it starts with; run ids and attempts are numbers; the report link is
a hyperlink. There are no formula cells at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from cgcomply.i18n import Text
from cgcomply.monitor.exports.base import COLUMNS, VERDICT_TEXT, ExportData, Exporter, tabular

SHEET = Text(nl="Oordelen", en="Verdicts")
META_SHEET = Text(nl="Export", en="Export")
META = {
    "generated_at": Text(nl="Gemaakt op", en="Made at"),
    "runs": Text(nl="Runs", en="Runs"),
    "suppliers": Text(nl="Filter leverancier", en="Supplier filter"),
    "organisations": Text(nl="Filter organisatie", en="Organisation filter"),
    "count": Text(nl="Deployments", en="Deployments"),
    "verdict": Text(nl="Oordeel {verdict}", en="Verdict {verdict}"),
}
NUMBERS = frozenset({"attempts", "run_id"})
FILLS = {"pass": "D9F2D9", "fail": "F8D7DA", "undetermined": "FFF3CD", "manual": "E2E3E5"}


class XlsxExporter(Exporter):
    name: ClassVar[str] = "xlsx"
    suffix: ClassVar[str] = ".xlsx"
    title: ClassVar[Text] = Text(nl="Excel-werkmap", en="Excel workbook")

    def write(self, data: ExportData, path: Path, lang: str) -> int:
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter

        from cgcomply.tender.xlsx_writer import text_cell

        book = Workbook()
        sheet = book.active
        sheet.title = SHEET.get(lang)
        bold = Font(bold=True)
        for index, column in enumerate(COLUMNS, start=1):
            text_cell(sheet, 1, index, column.heading.get(lang)).font = bold
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        verdict_column = next(i for i, c in enumerate(COLUMNS) if c.key == "verdict_text")
        count = 0
        for number, (row, values) in enumerate(zip(data.rows, tabular(data, lang), strict=True), start=2):
            for index, (column, value) in enumerate(zip(COLUMNS, values, strict=True), start=1):
                if value is None or value == "":
                    continue
                if column.key in NUMBERS and isinstance(value, int):
                    sheet.cell(row=number, column=index, value=value)
                    continue
                cell = text_cell(sheet, number, index, str(value))
                if column.key == "report_url":
                    cell.hyperlink = str(value)
                    cell.style = "Hyperlink"
            fill = FILLS.get(row.verdict)
            if fill:
                sheet.cell(row=number, column=verdict_column + 1).fill = PatternFill("solid", fgColor=fill)
            count += 1
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, count + 1)}"
        self._meta(book.create_sheet(META_SHEET.get(lang)), data, lang, count)
        book.properties.creator = "cgcomply"
        book.save(path)
        return count

    def _meta(self, sheet: Any, data: ExportData, lang: str, count: int) -> None:
        from cgcomply.tender.xlsx_writer import text_cell

        lines: list[tuple[str, Any]] = [
            (META["generated_at"].get(lang), data.generated_at),
            (META["runs"].get(lang), ", ".join(f"{run.id} ({run.started_at})" for run in data.runs)),
            (META["suppliers"].get(lang), ", ".join(data.filters.suppliers)),
            (META["organisations"].get(lang), ", ".join(data.filters.organisations)),
            (META["count"].get(lang), count),
        ]
        for code, text in VERDICT_TEXT.items():
            lines.append(
                (
                    META["verdict"].render(lang, verdict=text.get(lang)),
                    sum(1 for r in data.rows if r.verdict == code),
                )
            )
        for number, (label, value) in enumerate(lines, start=1):
            text_cell(sheet, number, 1, label)
            if isinstance(value, int):
                sheet.cell(row=number, column=2, value=value)
            elif value:
                text_cell(sheet, number, 2, str(value))
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 60
