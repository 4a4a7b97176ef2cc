"""JSON: the stored, language-neutral report (``Report.to_dict()``), as the schema in ``schema/`` publishes it.

The JSON carries ids, statuses, numbers and message ids with their parameters, never rendered Dutch or
English, so ``--lang`` does not change it and ``Report.from_dict`` reads it back; render it in a language
with any other format. Keys come in a fixed order, so two runs with the same outcome give the same text
apart from the run's id and times. Evidence is shown as a report may show it: credentials redacted,
bodies capped.
"""

from __future__ import annotations

import json

from cgcomply.report.base import Renderer, check_lang
from cgcomply.report.model import Report
from cgcomply.report.store import SCHEMA_ID, SCHEMA_RESOURCE, SCHEMA_VERSION, evidence_to_dict, report_to_dict

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_RESOURCE",
    "SCHEMA_VERSION",
    "JsonRenderer",
    "evidence_to_dict",
    "report_to_dict",
]


class JsonRenderer(Renderer):
    name = "json"
    extension = "json"

    def render(self, report: Report, lang: str = "en") -> str:
        check_lang(lang)  # accepted for symmetry with the other formats; the JSON is language-neutral
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
