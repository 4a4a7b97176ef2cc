"""Exports of the monitor's latest verdicts: ``cgcomply monitor export --format csv|json|xlsx|softwarecatalogus``.

:func:`export` is what the command calls: it collects the latest verdict per deployment from a store
(:func:`~cgcomply.monitor.exports.base.collect`) and writes it with the format's :class:`Exporter`. One
file per format in this folder; :func:`exporters` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cgcomply.i18n import Text
from cgcomply.monitor.exports.base import ExportData, Exporter, ExportFilters, collect

if TYPE_CHECKING:
    from cgcomply.monitor.store.base import Store

__all__ = ["ExportData", "ExportFilters", "ExportResult", "Exporter", "collect", "export", "exporters"]


def exporters() -> dict[str, Exporter]:
    """Every format by its ``--format`` name."""
    from cgcomply.monitor.exports.csvfile import CsvExporter
    from cgcomply.monitor.exports.jsonfile import JsonExporter
    from cgcomply.monitor.exports.softwarecatalogus import SoftwarecatalogusExporter
    from cgcomply.monitor.exports.xlsx import XlsxExporter

    found: list[Exporter] = [CsvExporter(), JsonExporter(), XlsxExporter(), SoftwarecatalogusExporter()]
    return {exporter.name: exporter for exporter in found}


WRITTEN = Text(
    nl="{path}: {records} regel(s) geschreven ({deployments} deployments, waarvan {unchecked} nog niet gecontroleerd)",
    en="{path}: {records} record(s) written ({deployments} deployments, {unchecked} of them not checked yet)",
)


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str
    records: int
    deployments: int
    without_result: int  # deployments that no finished run has checked yet

    def summary(self, lang: str) -> str:
        return WRITTEN.render(
            lang,
            path=str(self.path),
            records=str(self.records),
            deployments=str(self.deployments),
            unchecked=str(self.without_result),
        )


def export(
    store: Store,
    format: str,
    path: Path,
    *,
    filters: ExportFilters | None = None,
    lang: str = "nl",
    report_base_url: str | None = None,
    generated_at: str | None = None,
) -> ExportResult:
    """Write the export of ``store`` in ``format`` to ``path``."""
    from cgcomply.errors import MonitorError, UsageError

    known = exporters()
    exporter = known.get(format)
    if exporter is None:
        raise UsageError(
            Text(
                f"onbekend exportformaat {format!r}; bekende formaten: {', '.join(known)}",
                f"unknown export format {format!r}; known formats: {', '.join(known)}",
            ),
            field="--format",
        )
    if exporter.needs_report_url and not report_base_url:
        raise UsageError(
            Text(
                "het Softwarecatalogus-bestand koppelt elk oordeel aan zijn gepubliceerde rapport: geef --report-base-url, "
                "het adres waar `cgcomply monitor site` is gepubliceerd",
                "the Softwarecatalogus file links each verdict to its published report: give --report-base-url, "
                "the address where `cgcomply monitor site` is published",
            ),
            field="--report-base-url",
        )
    if not path.parent.exists():
        raise MonitorError(
            Text(
                "de map bestaat niet",
                "its folder does not exist",
            ),
            source=str(path),
        )
    data = collect(store, filters, report_base_url=report_base_url, lang=lang, generated_at=generated_at)
    written = exporter.write(data, path, lang)
    return ExportResult(
        path, format, written, len(data.rows), sum(1 for row in data.rows if row.result is None)
    )
