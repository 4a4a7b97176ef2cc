"""``--format json``: the export as one JSON document.

``{"format": "cgcomply-monitor-export", "version": 1, "generated_at", "lang", "filters", "runs": [...],
"deployments": [{column key: value, ...}]}``; the keys of a deployment are those of
:data:`~.base.COLUMNS`, with ``standards`` a list and ``standard_verdicts`` a list of objects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from cgcomply.i18n import Text
from cgcomply.monitor.exports.base import ExportData, Exporter

FORMAT = "cgcomply-monitor-export"
VERSION = 1


class JsonExporter(Exporter):
    name: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"
    title: ClassVar[Text] = Text(nl="JSON, voor scripts", en="JSON, for scripts")

    def document(self, data: ExportData, lang: str) -> dict[str, Any]:
        deployments = []
        for row in data.rows:
            values = row.values(lang)
            values["standards"] = list(row.deployment.standards)
            values["standard_verdicts"] = [
                {
                    "standard": s.standard,
                    "version": s.version,
                    "verdict": s.verdict,
                    "report_sha256": s.report_sha256,
                }
                for s in row.standard_verdicts
            ]
            values["retired"] = row.deployment.retired
            deployments.append(values)
        return {
            "format": FORMAT,
            "version": VERSION,
            "generated_at": data.generated_at,
            "lang": lang,
            "filters": data.filters.as_dict(),
            "runs": [
                {
                    "id": run.id,
                    "started_at": run.started_at,
                    "finished_at": run.finished_at,
                    "status": run.status,
                }
                for run in data.runs
            ],
            "deployments": deployments,
        }

    def write(self, data: ExportData, path: Path, lang: str) -> int:
        document = self.document(data, lang)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return len(document["deployments"])
