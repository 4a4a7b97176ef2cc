"""SARIF 2.1.0: one run, a rule per check, a result per finding; for code scanning and review tools.

Result kinds follow the SARIF rules (§3.27.9): findings of a failed check are ``kind: fail`` with
``level`` error/warning/note from their severity; a check a person must judge becomes one ``review``
result (level ``none``); other findings (hints, infos on passing checks) are ``informational``. Checks
that could not run are tool execution notifications, and make ``executionSuccessful`` false. Static
findings point at the document with a region; live findings at the URL that was requested.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from cgcomply.report.base import (
    TOOL_INFORMATION_URI,
    Renderer,
    check_explanation,
    check_lang,
    check_text,
    check_title,
    finding_text,
    profile_dict,
    reason_text,
    requirement_reason,
    requirement_title,
    target_dict,
    warning_text,
)
from cgcomply.report.json import evidence_to_dict
from cgcomply.report.model import Report
from cgcomply.results import CheckInfo, CheckResult, Finding, Level, Severity, Status

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

SEVERITY_LEVEL: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}
LEVEL_DEFAULT: dict[Level, str] = {Level.MUST: "error", Level.SHOULD: "warning"}
_HELP_WORDS: dict[str, tuple[str, str, str, str]] = {
    "nl": ("Wat", "Waarom", "Oplossing", "ADR-regel"),
    "en": ("What", "Why", "Fix", "ADR rule"),
}
_COULD_NOT_RUN = {"nl": "de controle kon niet worden uitgevoerd", "en": "the check could not run"}


def artifact_uri(location: str) -> str:
    """A URI reference for a file path or URL: URLs as they are, paths with forward slashes, encoded."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", location):
        return location
    if PureWindowsPath(location).drive:
        return PureWindowsPath(location).as_uri()
    path = PurePosixPath(location.replace("\\", "/"))
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def rule_name(check_id: str) -> str:
    """``adr.version-header`` → ``AdrVersionHeader`` (SARIF rule names are identifiers)."""
    return "".join(part.capitalize() for part in re.split(r"[.\-_]", check_id) if part)


def _rule(info: CheckInfo, lang: str) -> dict[str, Any]:
    what = check_explanation(info, lang)
    why, fix = check_text(info, "why", lang), check_text(info, "fix", lang)
    words = _HELP_WORDS[lang]
    help_text = f"{words[0]}: {what}\n{words[1]}: {why}\n{words[2]}: {fix}\n{words[3]} {info.adr_rule}: {info.adr_link}"
    help_markdown = (
        f"**{words[0]}:** {what}\n\n**{words[1]}:** {why}\n\n**{words[2]}:** {fix}\n\n"
        f"{words[3]} [`{info.adr_rule}`]({info.adr_link})"
    )
    return {
        "id": info.id,
        "name": rule_name(info.id),
        "shortDescription": {"text": check_title(info, lang)},
        "fullDescription": {"text": what or check_title(info, lang)},
        "help": {"text": help_text, "markdown": help_markdown},
        "helpUri": info.adr_link,
        "defaultConfiguration": {"level": LEVEL_DEFAULT[info.level]},
        "properties": {
            "adr_rule": info.adr_rule,
            "level": info.level.value,
            "kind": info.kind.value,
            "adr_versions": list(info.adr_versions),
            "technical": info.technical,
            "tags": ["nl-gov-api-design-rules", info.kind.value, info.level.value],
        },
    }


def _location(finding: Finding | None, report: Report) -> dict[str, Any] | None:
    """Where a result is: file + region, else the requested URL, else the document, else a pointer."""
    physical: dict[str, Any] | None = None
    evidence = finding.evidence if finding is not None else None
    file = finding.file if finding is not None and finding.file else None
    if file is None and evidence is None:
        file = report.target.document  # a pointer or line without a file is in the target document
    if file:
        physical = {"artifactLocation": {"uri": artifact_uri(file)}}
        if finding is not None and finding.line is not None and finding.line >= 1:
            region: dict[str, int] = {"startLine": finding.line}
            if finding.column is not None and finding.column >= 1:
                region["startColumn"] = finding.column
            physical["region"] = region
    elif evidence is not None:
        physical = {"artifactLocation": {"uri": evidence.url}}
    elif report.target.url:
        physical = {"artifactLocation": {"uri": report.target.url}}
    location: dict[str, Any] = {}
    if physical is not None:
        location["physicalLocation"] = physical
    if finding is not None and finding.pointer is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer or "/", "kind": "object"}]
    return location or None


def _result(
    check: CheckResult, index: int, report: Report, message: str, finding: Finding | None
) -> dict[str, Any]:
    if check.status is Status.FAIL and (finding is None or finding.severity is not Severity.HINT):
        kind = "fail"
        level = SEVERITY_LEVEL[finding.severity] if finding is not None else LEVEL_DEFAULT[check.info.level]
    elif check.status is Status.MANUAL:
        kind, level = "review", "none"
    else:
        kind, level = "informational", "none"
    result: dict[str, Any] = {
        "ruleId": check.info.id,
        "ruleIndex": index,
        "kind": kind,
        "level": level,
        "message": {"text": message},
    }
    location = _location(finding, report)
    if location is not None:
        result["locations"] = [location]
    properties: dict[str, Any] = {"adr_rule": check.info.adr_rule, "check_status": check.status.value}
    if finding is not None:
        properties["severity"] = finding.severity.value
        if finding.evidence is not None:
            properties["evidence"] = evidence_to_dict(finding.evidence)
    result["properties"] = properties
    return result


def report_to_sarif(report: Report, lang: str = "en") -> dict[str, Any]:
    check_lang(lang)
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    for check in report.checks:
        if check.info.id not in rule_index:
            rule_index[check.info.id] = len(rules)
            rules.append(_rule(check.info, lang))
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for check in report.checks:
        index = rule_index[check.info.id]
        if check.status is Status.ERROR:
            notifications.append(
                {
                    "level": "error",
                    "message": {
                        "text": f"{check.info.id}: {reason_text(check, lang) or _COULD_NOT_RUN[lang]}"
                    },
                    "associatedRule": {"id": check.info.id, "index": index},
                }
            )
        for finding in check.findings:
            results.append(_result(check, index, report, finding_text(check, finding, lang), finding))
        if not check.findings and check.status in (Status.FAIL, Status.MANUAL):
            message = (
                reason_text(check, lang)
                or check_explanation(check.info, lang)
                or check_title(check.info, lang)
            )
            results.append(_result(check, index, report, message, None))
    for warning in report.warnings:
        notifications.append({"level": "warning", "message": {"text": warning_text(warning, lang)}})
    invocation: dict[str, Any] = {
        "executionSuccessful": not any(c.status is Status.ERROR for c in report.checks),
        "exitCode": report.exit_code(),
        "endTimeUtc": report.generated_at,
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": report.tool_name,
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": TOOL_INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "language": "nl-NL" if lang == "nl" else "en-US",
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "adr_version": report.adr_version,
            "profile": profile_dict(report),
            "target": target_dict(report),
            "generated_at": report.generated_at,
            "exit_code": report.exit_code(),
            "requirements": [
                {
                    "id": r.id,
                    "title": requirement_title(r, lang),
                    "verdict": r.verdict.value,
                    "reason": requirement_reason(r, lang),
                    "checks": r.checks,
                }
                for r in report.requirements
            ],
        },
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


class SarifRenderer(Renderer):
    name = "sarif"
    extension = "sarif"

    def render(self, report: Report, lang: str = "en") -> str:
        return json.dumps(report_to_sarif(report, lang), ensure_ascii=False, indent=2) + "\n"
