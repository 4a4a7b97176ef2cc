"""SARIF 2.1.0: one run, a rule per check, a result per failure or warning; for a supplier's CI.

Made to be accepted by GitHub code scanning and GitLab: only the error and warning findings of failed
checks are results (``kind: fail``, level from their severity); passes, infos and hints are not alerts,
and checks a person must judge are listed in ``run.properties.manual_checks``. Checks that could not run
are tool execution notifications, and make ``executionSuccessful`` false. Every result carries
``partialFingerprints`` from the finding's stable id (:meth:`cgcomply.results.Finding.stable_id`).

A location is never a URL: static findings point at the document (the repository-relative path given as
``document_path``, else the document's own path) with a region; live findings point at the document that
declares the operation, with the operation (``GET /zaken``) as logical location; without a local
document only the logical location is given. Evidence is ``trimmed`` by default (no response body:
bodies can hold personal data), ``none`` or ``full`` (the body capped as in the JSON report).
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from cgcomply.i18n import render as render_message
from cgcomply.report.base import (
    TOOL_INFORMATION_URI,
    Renderer,
    acceptance_text,
    accepted_counts,
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
from cgcomply.results import (
    Acceptance,
    CheckInfo,
    CheckResult,
    Evidence,
    Finding,
    Level,
    Severity,
    Status,
    finding_id,
)

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
EVIDENCE_MODES: tuple[str, ...] = ("none", "trimmed", "full")
FINGERPRINT_KEY = "cgcomplyFindingId/v1"
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


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


def _repository_uri(file: str) -> str | None:
    """A relative URI for a local file (relative to the working directory when it lies below it), or
    None for a URL: SARIF consumers want repository-relative artifact locations, never URLs."""
    if _URL.match(file):
        return None
    path = Path(file)
    if path.is_absolute():
        try:
            return artifact_uri(str(path.resolve().relative_to(Path.cwd().resolve())))
        except (ValueError, OSError):
            return artifact_uri(file)
    return artifact_uri(file)


def _location(finding: Finding | None, report: Report, document_path: str | None) -> dict[str, Any] | None:
    """Where a result is: file + region in the document; for a live finding the document that declares
    the operation and the operation as logical location; never a URL."""
    physical: dict[str, Any] | None = None
    evidence = finding.evidence if finding is not None else None
    file = finding.file if finding is not None and finding.file else None
    if file is not None and file == report.target.document:
        file = None  # the target document: at document_path when one is given
    uri: str | None = None
    if file is not None:
        uri = _repository_uri(file)
    elif document_path:
        uri = artifact_uri(document_path)
    elif report.target.document:
        uri = _repository_uri(report.target.document)
    if uri is not None:
        physical = {"artifactLocation": {"uri": uri}}
        if finding is not None and evidence is None and finding.line is not None and finding.line >= 1:
            region: dict[str, int] = {"startLine": finding.line}
            if finding.column is not None and finding.column >= 1:
                region["startColumn"] = finding.column
            physical["region"] = region
    location: dict[str, Any] = {}
    if physical is not None:
        location["physicalLocation"] = physical
    if finding is not None and finding.pointer is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer or "/", "kind": "object"}]
    elif evidence is not None:
        operation = finding.location_key(report.target.url).split(" [", 1)[0] if finding else ""
        location["logicalLocations"] = [{"fullyQualifiedName": operation, "kind": "function"}]
    elif finding is None and physical is None:
        location["logicalLocations"] = [{"fullyQualifiedName": report.target.url or "/", "kind": "module"}]
    return location or None


def sarif_evidence(evidence: Evidence, mode: str, lang: str = "en") -> dict[str, Any] | None:
    """The evidence a SARIF result carries: none, trimmed (no response body, only its length) or full
    (the body capped as in the JSON report), its note rendered in ``lang``. Credentials are masked in
    every mode."""
    if mode == "none":
        return None
    data = evidence_to_dict(evidence)
    data["note"] = render_message(evidence.note, lang) if evidence.note is not None else None
    if mode == "trimmed":
        body = data.pop("body", None)
        data["body_length"] = len(body) if body is not None else None
    return data


def _result(
    check: CheckResult,
    index: int,
    report: Report,
    message: str,
    finding: Finding | None,
    *,
    evidence: str,
    document_path: str | None,
    lang: str,
) -> dict[str, Any]:
    level = SEVERITY_LEVEL[finding.severity] if finding is not None else LEVEL_DEFAULT[check.info.level]
    stable_id = (
        finding.stable_id(check.info.id, report.target.url)
        if finding is not None
        else finding_id(check.info.id, "")
    )
    acceptance = finding.accepted if finding is not None else check.accepted
    if acceptance is not None and not acceptance.accepts:
        message = f"{message} ({acceptance_text(acceptance, lang)})"  # expired: it fails again, and says so
    result: dict[str, Any] = {
        "ruleId": check.info.id,
        "ruleIndex": index,
        "kind": "fail",
        "level": level,
        "message": {"text": message},
    }
    if acceptance is not None and acceptance.accepts:
        result["suppressions"] = [_suppression(acceptance, lang)]
    location = _location(finding, report, document_path)
    if location is not None:
        result["locations"] = [location]
    result["partialFingerprints"] = {FINGERPRINT_KEY: stable_id}
    properties: dict[str, Any] = {
        "finding_id": stable_id,
        "adr_rule": check.info.adr_rule,
        "check_status": check.status.value,
    }
    if finding is not None:
        properties["severity"] = finding.severity.value
        if finding.evidence is not None:
            shown = sarif_evidence(finding.evidence, evidence, lang)
            if shown is not None:
                properties["evidence"] = shown
    result["properties"] = properties
    return result


def _suppression(acceptance: Acceptance, lang: str) -> dict[str, Any]:
    """A SARIF suppression for an accepted finding: ``inSource`` for ``x-cgcomply-ignore`` in the
    document, ``external`` for a baseline or an ignore file; the justification in the report's language."""
    suppression: dict[str, Any] = {
        "kind": "inSource" if acceptance.source == "inline" else "external",
        "status": "accepted",
        "justification": acceptance_text(acceptance, lang) or "",
        "properties": {
            "source": acceptance.source,
            "origin": acceptance.origin,
            "reason": acceptance.reason,
            "until": acceptance.until,
        },
    }
    return suppression


def report_to_sarif(
    report: Report, lang: str = "en", *, evidence: str = "trimmed", document_path: str | None = None
) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (see the module's text). ``evidence`` is one of
    :data:`EVIDENCE_MODES`; ``document_path`` is the repository-relative path of the OpenAPI document."""
    check_lang(lang)
    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"unknown evidence mode {evidence!r}; choose one of {', '.join(EVIDENCE_MODES)}")
    where: dict[str, Any] = {"evidence": evidence, "document_path": document_path, "lang": lang}
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    for check in report.checks:
        if check.info.id not in rule_index:
            rule_index[check.info.id] = len(rules)
            rules.append(_rule(check.info, lang))
    results: list[dict[str, Any]] = []
    manual: list[dict[str, Any]] = []
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
        if check.status is Status.MANUAL:
            manual.append(
                {
                    "id": check.info.id,
                    "title": check_title(check.info, lang),
                    "reason": reason_text(check, lang),
                }
            )
        if check.status not in (Status.FAIL, Status.ACCEPTED):
            continue  # passes, manual checks and checks that did not run are not alerts
        alerts = check.alerts()  # accepted ones too, with a suppression
        for finding in alerts:
            text = finding_text(check, finding, lang)
            results.append(_result(check, index, report, text, finding, **where))
        if not alerts:
            message = (
                reason_text(check, lang)
                or check_explanation(check.info, lang)
                or check_title(check.info, lang)
            )
            results.append(_result(check, index, report, message, None, **where))
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
            "evidence": evidence,
            "manual_checks": manual,
            "accepted": accepted_counts(report),
            "requirements": [
                {
                    "id": r.id,
                    "version": r.version,
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

    def __init__(self, evidence: str = "trimmed", document_path: str | None = None) -> None:
        self.evidence = evidence
        self.document_path = document_path

    def render(self, report: Report, lang: str = "en") -> str:
        log = report_to_sarif(report, lang, evidence=self.evidence, document_path=self.document_path)
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
