"""JSON: the machine-readable report. Its shape is published in ``schema/report.schema.json``.

Keys come in a fixed order (the order of :func:`report_to_dict`), so two runs with the same outcome give
the same text apart from ``generated_at``. Evidence is shown as a report may show it: credentials
redacted, bodies capped.
"""

from __future__ import annotations

import json
from typing import Any

from cgcomply.report.base import (
    Renderer,
    check_explanation,
    check_lang,
    check_title,
    finding_file,
    finding_text,
    profile_dict,
    reason_text,
    requirement_reason,
    requirement_title,
    safe_evidence,
    severity_counts,
    target_dict,
    verdict_counts,
    verdict_label,
    warning_text,
)
from cgcomply.report.model import Report
from cgcomply.results import CheckResult, Evidence, Finding

#: The version of the report's shape; bumped when it changes incompatibly. The schema's ``$id`` names it.
SCHEMA_VERSION = "1"
SCHEMA_ID = f"urn:cgcomply:report-schema:{SCHEMA_VERSION}"
#: Where the schema lives inside the installed package (read it with importlib.resources).
SCHEMA_RESOURCE = ("cgcomply.report", "schema/report.schema.json")


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    shown = safe_evidence(evidence)
    return {
        "method": shown.method,
        "url": shown.url,
        "status": shown.status,
        "headers": dict(shown.headers),
        "body": shown.body,
        "request_headers": dict(shown.request_headers),
        "note": shown.note,
    }


def finding_to_dict(
    check: CheckResult, finding: Finding, lang: str, document: str | None = None
) -> dict[str, Any]:
    """A finding; a static finding without a file of its own gets the target ``document`` as its file."""
    return {
        "severity": finding.severity.value,
        "pointer": finding.pointer,
        "file": finding_file(finding, document),
        "line": finding.line,
        "column": finding.column,
        "message": finding_text(check, finding, lang),
        "evidence": evidence_to_dict(finding.evidence) if finding.evidence is not None else None,
    }


def check_to_dict(check: CheckResult, lang: str, document: str | None = None) -> dict[str, Any]:
    info = check.info
    return {
        "id": info.id,
        "adr_rule": info.adr_rule,
        "adr_link": info.adr_link,
        "kind": info.kind.value,
        "level": info.level.value,
        "adr_versions": list(info.adr_versions),
        "title": check_title(info, "en"),
        "title_nl": check_title(info, "nl"),
        "explanation": check_explanation(info, lang),
        "technical": info.technical,
        "status": check.status.value,
        "reason": reason_text(check, lang),
        "findings": [finding_to_dict(check, f, lang, document) for f in check.findings],
    }


def report_to_dict(report: Report, lang: str = "en") -> dict[str, Any]:
    """The report as plain data, keys in their published order."""
    check_lang(lang)
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "adr_version": report.adr_version,
        "profile": profile_dict(report),
        "target": target_dict(report),
        "generated_at": report.generated_at,
        "lang": lang,
        "exit_code": report.exit_code(),
        "summary": {
            "checks": report.counts(),
            "requirements": verdict_counts(report),
            "findings": severity_counts(report),
        },
        "requirements": [
            {
                "id": r.id,
                "title": requirement_title(r, "nl"),
                "title_en": requirement_title(r, "en"),
                "verdict": r.verdict.value,
                "verdict_label": verdict_label(r.verdict, lang),
                "reason": requirement_reason(r, lang),
                "checks": list(r.checks),
            }
            for r in report.requirements
        ],
        "checks": [check_to_dict(c, lang, report.target.document) for c in report.checks],
        "warnings": [warning_text(w, lang) for w in report.warnings],
        **({"standards": report.standards} if report.standards else {}),
    }


class JsonRenderer(Renderer):
    name = "json"
    extension = "json"

    def render(self, report: Report, lang: str = "en") -> str:
        return json.dumps(report_to_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
