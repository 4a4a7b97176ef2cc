"""The data a report template sees: a Report flattened into labelled, language-specific plain values.

Templates (``templates/report/*.j2``) only lay out; every word choice, label and ordering is made here,
so the HTML and Markdown reports say the same thing.
"""

from __future__ import annotations

import json
from typing import Any

from cgcomply.i18n import Catalog, render
from cgcomply.report.base import (
    STATUS_ICON,
    VERDICT_ICON,
    acceptance_text,
    accepted_phrase,
    catalog_label,
    check_explanation,
    check_text,
    check_title,
    checks_by_rule,
    counts_line,
    exit_meaning,
    format_date,
    labels,
    location,
    manual_note,
    overall_label,
    passed_phrase,
    reason_text,
    request_line,
    requirement_reason,
    requirement_title,
    safe_evidence,
    severity_label,
    status_label,
    summary_line,
    verdict_label,
    warning_text,
)
from cgcomply.report.model import Report, RequirementVerdict, Verdict
from cgcomply.results import CheckResult, Finding, Status

VERDICT_CLASS: dict[Verdict, str] = {
    Verdict.PASS: "pass",
    Verdict.FAIL: "fail",
    Verdict.UNDETERMINED: "undetermined",
    Verdict.MANUAL: "manual",
}
STATUS_CLASS: dict[Status, str] = {
    Status.PASS: "pass",
    Status.FAIL: "fail",
    Status.ERROR: "undetermined",
    Status.NOT_APPLICABLE: "na",
    Status.MANUAL: "manual",
    Status.ACCEPTED: "accepted",
}


def anchor(check_id: str) -> str:
    return "check-" + check_id.replace(".", "-")


def readable_body(body: str | None) -> str | None:
    """A JSON body pretty-printed for reading; anything else (or a trimmed body) as it is."""
    if not body or body[:1] not in "{[":
        return body
    try:
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return body


def _finding_view(finding: Finding, lang: str, document: str | None, catalog: Catalog) -> dict[str, Any]:
    evidence = None
    if finding.evidence is not None:
        shown = safe_evidence(finding.evidence)
        evidence = {
            "method": shown.method,
            "url": shown.url,
            "status": shown.status,
            "request_line": request_line(shown, lang),
            "headers": sorted(shown.headers.items(), key=lambda item: item[0].lower()),
            "request_headers": sorted(shown.request_headers.items(), key=lambda item: item[0].lower()),
            "body": readable_body(shown.body),
            "note": render(shown.note, lang) if shown.note is not None else None,
        }
    return {
        "severity": finding.severity.value,
        "severity_label": severity_label(finding.severity, lang),
        "location": location(finding, document) if finding.evidence is None or finding.file else "",
        "pointer": finding.pointer,
        "message": render(finding.message, lang, catalog),
        "evidence": evidence,
        "accepted": acceptance_text(finding.accepted, lang),
        "accepted_class": _acceptance_class(finding),
    }


def _acceptance_class(finding: Finding) -> str | None:
    if finding.accepted is None:
        return None
    return "accepted" if finding.accepted.accepts else "expired"


def check_view(check: CheckResult, lang: str, document: str | None = None) -> dict[str, Any]:
    info = check.info
    words = labels(lang)
    return {
        "id": info.id,
        "anchor": anchor(info.id),
        "adr_rule": info.adr_rule,
        "adr_link": info.adr_link,
        "kind": info.kind.value,
        "kind_label": words[info.kind.value],
        "level": info.level.value,
        "level_label": words[info.level.value],
        "title": check_title(info, lang),
        "explanation": check_explanation(info, lang),
        "why": check_text(info, "why", lang),
        "fix": check_text(info, "fix", lang) if check.status in (Status.FAIL, Status.MANUAL) else "",
        "status": check.status.value,
        "status_class": STATUS_CLASS[check.status],
        "status_label": status_label(check.status, lang),
        "status_icon": STATUS_ICON[check.status],
        "reason": reason_text(check, lang),
        "accepted": acceptance_text(check.accepted, lang),
        "findings": [_finding_view(f, lang, document, info.messages) for f in check.findings],
    }


def _requirement_check(check_id: str, check: CheckResult | None, lang: str) -> dict[str, Any]:
    """One line under a requirement: the check's title and status, linked to its evidence."""
    return {
        "id": check_id,
        "anchor": anchor(check_id),
        "known": check is not None,
        "title": check_title(check.info, lang) if check is not None else check_id,
        "status_label": status_label(check.status, lang) if check is not None else "",
        "status_class": STATUS_CLASS[check.status] if check is not None else "na",
    }


def requirement_view(
    requirement: RequirementVerdict, by_id: dict[str, CheckResult], lang: str
) -> dict[str, Any]:
    checks = [_requirement_check(check_id, by_id.get(check_id), lang) for check_id in requirement.checks]
    passed = sum(1 for c in checks if c["status_class"] == "pass")
    return {
        "id": requirement.id,
        "version": requirement.version,
        "version_label": (
            f"{labels(lang)['requirement_version']} {requirement.version}" if requirement.version else ""
        ),
        "title": requirement_title(requirement, lang),
        "verdict": requirement.verdict.value,
        "verdict_class": VERDICT_CLASS[requirement.verdict],
        "verdict_label": verdict_label(requirement.verdict, lang),
        "verdict_icon": VERDICT_ICON[requirement.verdict],
        "reason": requirement_reason(requirement, lang),
        "checks": checks,
        "passed_phrase": passed_phrase(passed, len(checks), lang) if passed else "",
    }


def build_context(report: Report, lang: str) -> dict[str, Any]:
    """Everything ``report.html.j2`` and ``report.md.j2`` use."""
    words = labels(lang)
    by_id = {c.info.id: c for c in report.checks}
    requirements = [requirement_view(r, by_id, lang) for r in report.requirements]
    views = {id(c): check_view(c, lang, report.target.document) for c in report.checks}
    groups = [
        {"adr_rule": rule, "adr_link": checks[0].info.adr_link, "checks": [views[id(c)] for c in checks]}
        for rule, checks in checks_by_rule(report.checks)
    ]
    code = report.exit_code()
    profile = report.profile
    return {
        "lang": lang,
        "t": words,
        "title": words["title"] if report.requirements or profile else words["title_lint"],
        "profile": (
            {
                "id": profile.id,
                "sha256": profile.sha256,
                "title": profile.title,
                "version": profile.version,
                "catalog": catalog_label(report),
            }
            if profile is not None
            else None
        ),
        "target": {"document": report.target.document, "url": report.target.url},
        "adr_version": report.adr_version,
        "tool": f"{report.tool_name} {report.tool_version}",
        "generated_at": report.generated_at,
        "generated_at_display": format_date(report.generated_at, lang),
        "requirements": requirements,
        "groups": groups,
        "checks": [views[id(c)] for c in report.checks],
        "counts": report.counts(),
        "summary": summary_line(report, lang),
        "counts_line": counts_line(report, lang),
        "overall_label": overall_label(report, lang),
        "manual_note": manual_note(report, lang),
        "accepted_note": accepted_phrase(report, lang),
        "exit_code": code,
        "exit_meaning": exit_meaning(report, lang, code),
        "warnings": [warning_text(w, lang) for w in report.warnings],
    }
