"""``--format csv``: one line per deployment, the column keys of :data:`~.base.COLUMNS` as header.

UTF-8 without a byte order mark, comma separated, RFC 4180 quoting. A text value that a spreadsheet would
evaluate (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, the
usual guard against formula injection when the file is opened in Excel or LibreOffice.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, ClassVar

from cgcomply.i18n import Text
from cgcomply.monitor.exports.base import COLUMNS, ExportData, Exporter, tabular

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """``value``, with a leading ``'`` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


class CsvExporter(Exporter):
    name: ClassVar[str] = "csv"
    suffix: ClassVar[str] = ".csv"
    title: ClassVar[Text] = Text(nl="CSV, één regel per deployment", en="CSV, one line per deployment")

    def write(self, data: ExportData, path: Path, lang: str) -> int:
        count = 0
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([column.key for column in COLUMNS])
            for values in tabular(data, lang):
                writer.writerow([safe_text(value) for value in values])
                count += 1
        return count
