"""The renderer interface, and the wording and helpers every report format shares.

A renderer turns a :class:`~cgcomply.report.model.Report` into one string in one format. Renderers never
do I/O: :func:`cgcomply.report.write_report` writes the string where it must go. Labels exist in Dutch
(``nl``) and English (``en``); a check's explanation comes from its :class:`~cgcomply.results.CheckInfo`
in the language of the report (internet.nl style: what was tested and why, next to every verdict).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import ClassVar

from cgcomply.errors import UsageError
from cgcomply.i18n import LANGS, Text, Translatable, render
from cgcomply.report.model import STATUS_NL, VERDICT_NL, Report, RequirementVerdict, Verdict
from cgcomply.results import Acceptance, CheckInfo, CheckResult, Evidence, Finding, Severity, Status

#: Where a reader learns what the tool checks: the NL GOV API Design Rules publication.
TOOL_INFORMATION_URI = "https://gitdocumentatie.logius.nl/publicatie/api/adr/"

#: Renderers cap every response body at this many characters (probes trim already; this is a backstop).
MAX_BODY_CHARS = 4000

#: Header names whose values never appear in a report, whatever the probe recorded.
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey"}
)
REDACTED = "[redacted]"

#: One icon per status and verdict for every format: ``?`` is "not determined" (the check could not run),
#: ``☞`` is "a person judges" (handmatig). Text, HTML and Markdown use these.
STATUS_ICON: dict[Status, str] = {
    Status.PASS: "✔",
    Status.FAIL: "✘",
    Status.ERROR: "?",
    Status.NOT_APPLICABLE: "–",
    Status.MANUAL: "☞",
    Status.ACCEPTED: "≈",
}
VERDICT_ICON: dict[Verdict, str] = {
    Verdict.PASS: "✔",
    Verdict.FAIL: "✘",
    Verdict.UNDETERMINED: "?",
    Verdict.MANUAL: "☞",
}

STATUS_EN: dict[Status, str] = {
    Status.PASS: "pass",
    Status.FAIL: "fail",
    Status.ERROR: "error",
    Status.NOT_APPLICABLE: "not applicable",
    Status.MANUAL: "manual",
    Status.ACCEPTED: "accepted",
}

VERDICT_EN: dict[Verdict, str] = {
    Verdict.PASS: "complies",
    Verdict.FAIL: "does not comply",
    Verdict.UNDETERMINED: "not determined",
    Verdict.MANUAL: "manual review",
}

SEVERITY_NL: dict[Severity, str] = {
    Severity.ERROR: "fout",
    Severity.WARNING: "waarschuwing",
    Severity.INFO: "info",
    Severity.HINT: "hint",
}

_EXIT_MEANING: dict[str, dict[int, str]] = {
    "en": {
        0: "no MUST rule fails",
        1: "a MUST rule fails",
        3: "a MUST rule could not be decided",
    },
    "nl": {
        0: "geen enkele MOET-regel faalt",
        1: "een MOET-regel faalt",
        3: "een MOET-regel kon niet worden vastgesteld",
    },
}
_EXIT_MEANING_VERIFY: dict[str, dict[int, str]] = {
    "en": {
        0: "every binding requirement is decided and met",
        1: "a binding requirement is not met",
        3: "a binding requirement is not yet decided",
    },
    "nl": {
        0: "aan elke bindende eis is aantoonbaar voldaan",
        1: "aan een bindende eis wordt niet voldaan",
        3: "een bindende eis is nog niet vastgesteld",
    },
}

#: Words in the report's own language.
LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Rapport API-verificatie",
        "title_lint": "Rapport NL GOV API Design Rules",
        "profile": "Profiel",
        "catalog": "Eisencatalogus",
        "requirement_version": "versie",
        "target": "Doel",
        "document": "OpenAPI-document",
        "url": "API-adres",
        "adr_version": "ADR-versie",
        "tool": "Gecontroleerd met",
        "generated_at": "Datum",
        "requirements": "Eisen",
        "requirement": "Eis",
        "verdict": "Oordeel",
        "reason": "Toelichting",
        "checks": "Controles",
        "check": "Controle",
        "status": "Uitkomst",
        "level": "Niveau",
        "kind": "Soort",
        "adr_rule": "ADR-regel",
        "findings": "Bevindingen",
        "evidence": "Bewijs",
        "request": "Verzoek",
        "response_status": "Antwoordstatus",
        "headers": "Antwoordkoppen",
        "body": "Antwoord (ingekort)",
        "note": "Opmerking",
        "what": "Wat is getest",
        "why": "Waarom",
        "fix": "Hoe op te lossen",
        "summary": "Samenvatting",
        "exit_code": "Afsluitcode",
        "warnings": "Waarschuwingen bij de uitvoering",
        "no_findings": "Geen bevindingen.",
        "no_requirements": "Dit rapport bevat geen eisen; alleen controles.",
        "location": "Plaats",
        "message": "Melding",
        "severity": "Ernst",
        "static": "document",
        "live": "live",
        "must": "MOET",
        "should": "ZOU MOETEN",
        "evidence_heading": "Controles en bewijs",
        "verdicts_heading": "Oordeel per eis",
        "overall": "Eindoordeel",
        "more_findings": "… en nog %d meer (alle bevindingen staan in het JSON-rapport)",
        "more_findings_html": "nog %d bevindingen tonen",
    },
    "en": {
        "title": "API verification report",
        "title_lint": "NL GOV API Design Rules report",
        "profile": "Profile",
        "catalog": "Requirement catalogue",
        "requirement_version": "version",
        "target": "Target",
        "document": "OpenAPI document",
        "url": "API base URL",
        "adr_version": "ADR version",
        "tool": "Checked with",
        "generated_at": "Date",
        "requirements": "Requirements",
        "requirement": "Requirement",
        "verdict": "Verdict",
        "reason": "Explanation",
        "checks": "Checks",
        "check": "Check",
        "status": "Status",
        "level": "Level",
        "kind": "Kind",
        "adr_rule": "ADR rule",
        "findings": "Findings",
        "evidence": "Evidence",
        "request": "Request",
        "response_status": "Response status",
        "headers": "Response headers",
        "body": "Response body (trimmed)",
        "note": "Note",
        "what": "What was tested",
        "why": "Why",
        "fix": "How to fix",
        "summary": "Summary",
        "exit_code": "Exit code",
        "warnings": "Warnings about the run",
        "no_findings": "No findings.",
        "no_requirements": "This report has no requirements; checks only.",
        "location": "Location",
        "message": "Message",
        "severity": "Severity",
        "static": "document",
        "live": "live",
        "must": "MUST",
        "should": "SHOULD",
        "evidence_heading": "Checks and evidence",
        "verdicts_heading": "Verdict per requirement",
        "overall": "Overall verdict",
        "more_findings": "… and %d more (the JSON report has every finding)",
        "more_findings_html": "show %d more findings",
    },
}


class Renderer(ABC):
    """One report format. Subclasses set :attr:`name` and :attr:`extension` and implement :meth:`render`."""

    name: ClassVar[str]
    extension: ClassVar[str]

    @abstractmethod
    def render(self, report: Report, lang: str = "en") -> str:
        """Return the whole report as text in this format."""


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(
            Text(
                f"onbekende rapporttaal {lang!r}; kies uit {', '.join(LANGS)}",
                f"unknown report language {lang!r}; choose one of {', '.join(LANGS)}",
            ),
            field="--lang",
        )
    return lang


def labels(lang: str) -> dict[str, str]:
    return LABELS[check_lang(lang)]


def check_title(info: CheckInfo, lang: str) -> str:
    return render(info.title, lang)


def check_explanation(info: CheckInfo, lang: str) -> str:
    """What was tested and why, in the report's language (the short internet.nl-style explanation)."""
    return render(info.explanation, lang)


def check_text(info: CheckInfo, name: str, lang: str) -> str:
    """One documentation text of the record (``what``, ``why``, ``fix``) in the report's language."""
    return render(info.texts()[name], lang)


def finding_text(check: CheckResult, finding: Finding, lang: str) -> str:
    """A finding's message in the report's language."""
    return render(finding.message, lang, check.info.messages)


def reason_text(check: CheckResult, lang: str) -> str | None:
    """Why a check did not pass or run, in the report's language (None when there is no reason)."""
    if check.reason is None:
        return None
    return render(check.reason, lang, check.info.messages) or None


def requirement_title(requirement: RequirementVerdict, lang: str) -> str:
    return requirement.title.get(lang)


def requirement_reason(requirement: RequirementVerdict, lang: str) -> str | None:
    """The reasons of a requirement's verdict joined with ``; `` (None when there are none)."""
    return "; ".join(render(part, lang) for part in requirement.reasons) or None


def acceptance_text(acceptance: Acceptance | None, lang: str) -> str | None:
    """``geaccepteerd (.cgcomply-ignore.yaml:4): reden`` / ``acceptatie verlopen op …`` beside a finding
    (or a check without findings), in the report's language; None when it is not accepted."""
    if acceptance is None:
        return None
    from cgcomply.ignores import acceptance_label

    return render(acceptance_label(acceptance), lang)


def accepted_counts(report: Report) -> dict[str, int]:
    """How many failing findings are accepted, and how many acceptances expired (counted separately)."""
    from cgcomply.ignores import accepted_counts as count

    return count(report.checks)


def accepted_phrase(report: Report, lang: str) -> str:
    """``2 bevindingen geaccepteerd, 1 acceptatie verlopen`` (empty when there are none)."""
    counts = accepted_counts(report)
    accepted, expired = counts["accepted"], counts["expired"]
    parts = []
    if lang == "nl":
        if accepted:
            parts.append(f"{accepted} {'bevinding' if accepted == 1 else 'bevindingen'} geaccepteerd")
        if expired:
            parts.append(f"{expired} {'acceptatie' if expired == 1 else 'acceptaties'} verlopen")
    else:
        if accepted:
            parts.append(f"{accepted} finding{'' if accepted == 1 else 's'} accepted")
        if expired:
            parts.append(f"{expired} acceptance{'' if expired == 1 else 's'} expired")
    return ", ".join(parts)


def warning_text(warning: Translatable, lang: str) -> str:
    return render(warning, lang)


def status_label(status: Status, lang: str) -> str:
    return STATUS_NL[status] if lang == "nl" else STATUS_EN[status]


def verdict_label(verdict: Verdict, lang: str) -> str:
    return VERDICT_NL[verdict] if lang == "nl" else VERDICT_EN[verdict]


def severity_label(severity: Severity, lang: str) -> str:
    return SEVERITY_NL[severity] if lang == "nl" else severity.value


def exit_meaning(report: Report, lang: str, code: int | None = None) -> str:
    """One phrase that says what the exit code of this report means."""
    code = report.exit_code() if code is None else code
    if report.requirements and code in _EXIT_MEANING_VERIFY[lang]:
        return _EXIT_MEANING_VERIFY[lang][code]
    return _EXIT_MEANING[lang].get(code, "")


_MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def format_date(value: str, lang: str) -> str:
    """``2026-11-29T09:30:00+00:00`` → ``29 november 2026, 09:30 UTC`` (nl) or ``29 November 2026, 09:30 UTC``."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    month = _MONTHS_NL[moment.month - 1] if lang == "nl" else moment.strftime("%B")
    zone = " UTC" if moment.tzinfo is not None else ""
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M}{zone}"


def finding_file(finding: Finding, document: str | None) -> str | None:
    """The file a finding is in: its own, else (for a static finding) the target document."""
    if finding.file:
        return finding.file
    return document if finding.evidence is None else None


def location(finding: Finding, document: str | None = None) -> str:
    """``file:line:col`` (as far as known), else the request URL, else the JSON pointer, else ``""``.

    ``document`` is the report's target document: static findings without a file of their own are in it.
    """
    file = finding_file(finding, document)
    if file:
        text = file
        if finding.line is not None:
            text += f":{finding.line}"
            if finding.column is not None:
                text += f":{finding.column}"
        return text
    if finding.evidence is not None:
        return finding.evidence.url
    return finding.pointer or ""


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Copy of ``headers`` with credential-bearing values replaced by ``[redacted]``."""
    return {name: (REDACTED if name.lower() in SECRET_HEADERS else value) for name, value in headers.items()}


def trim_body(body: str | None, limit: int = MAX_BODY_CHARS) -> str | None:
    if body is None or len(body) <= limit:
        return body
    return body[:limit] + f"\n… ({len(body) - limit} more characters trimmed)"


def safe_evidence(evidence: Evidence) -> Evidence:
    """The evidence as a report may show it: secrets redacted, body capped."""
    return Evidence(
        method=evidence.method,
        url=evidence.url,
        status=evidence.status,
        headers=redact_headers(evidence.headers),
        body=trim_body(evidence.body),
        request_headers=redact_headers(evidence.request_headers),
        note=evidence.note,
    )


HTTP_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT"})


def request_line(evidence: Evidence, lang: str = "en") -> str:
    """``GET https://api.example.nl/v1/zaken → 200`` (``→ geen antwoord`` / ``→ no response``)."""
    if evidence.status is None and evidence.method not in HTTP_METHODS:
        return f"{evidence.method} {evidence.url}"  # e.g. a TLS handshake: the note says what happened
    none = "geen antwoord" if lang == "nl" else "no response"
    status = none if evidence.status is None else str(evidence.status)
    return f"{evidence.method} {evidence.url} → {status}"


def checks_by_rule(checks: Iterable[CheckResult]) -> list[tuple[str, list[CheckResult]]]:
    """Checks grouped by ADR rule id, rules in order of first appearance."""
    groups: dict[str, list[CheckResult]] = {}
    for check in checks:
        groups.setdefault(check.info.adr_rule, []).append(check)
    return list(groups.items())


def profile_dict(report: Report) -> dict[str, str | None] | None:
    """The profile as every machine-readable report names it: id, sha256, title (and, when known, its
    version and the requirement catalogue's id and version)."""
    profile = report.profile
    if profile is None:
        return None
    found: dict[str, str | None] = {"id": profile.id, "sha256": profile.sha256, "title": profile.title}
    if profile.version is not None:
        found["version"] = profile.version
    if profile.catalog_id is not None:
        found["catalog_id"], found["catalog_version"] = profile.catalog_id, profile.catalog_version
    return found


def catalog_label(report: Report) -> str | None:
    """``cgcomply 2026.1``: the requirement catalogue the profile applied (None when not known)."""
    profile = report.profile
    if profile is None or profile.catalog_id is None:
        return None
    return f"{profile.catalog_id} {profile.catalog_version}"


def requirement_label(requirement: RequirementVerdict, lang: str) -> str:
    """``CG-API-03 (versie 1.2)`` / ``CG-API-03 (version 1.2)``: the id with the record's version."""
    if requirement.version is None:
        return requirement.id
    return f"{requirement.id} ({labels(lang)['requirement_version']} {requirement.version})"


def target_dict(report: Report) -> dict[str, str | None]:
    return {"document": report.target.document, "url": report.target.url}


def verdict_counts(report: Report) -> dict[str, int]:
    result = {v.value: 0 for v in Verdict}
    for requirement in report.requirements:
        result[requirement.verdict.value] += 1
    return result


def severity_counts(report: Report) -> dict[str, int]:
    result = {s.value: 0 for s in Severity}
    for check in report.checks:
        for finding in check.findings:
            result[finding.severity.value] += 1
    return result


def counts_line(report: Report, lang: str) -> str:
    """``4 requirements: 1 complies, …; 12 checks: 9 pass, 2 fail, …`` in the report's language."""
    counts = report.counts()
    parts = [f"{n} {status_label(Status(s), lang)}" for s, n in counts.items() if n]
    words = "controles" if lang == "nl" else "checks"
    text = f"{len(report.checks)} {words}: " + (", ".join(parts) if parts else "-")
    if report.requirements:
        verdicts = verdict_counts(report)
        vparts = [f"{n} {verdict_label(Verdict(v), lang)}" for v, n in verdicts.items() if n]
        rwords = "eisen" if lang == "nl" else "requirements"
        text = f"{len(report.requirements)} {rwords}: " + ", ".join(vparts) + "; " + text
    accepted = accepted_phrase(report, lang)
    if accepted:
        text += f"; {accepted}"
    return text


def overall_label(report: Report, lang: str) -> str:
    """The verdict on the whole report, from the exit code: ``voldoet`` only when every binding requirement
    is decided and met; while one still waits for a person or could not be determined it says so
    (``nog niet vastgesteld: 1 eis wacht op handmatige beoordeling``)."""
    code = report.exit_code()
    verdict = {0: Verdict.PASS, 1: Verdict.FAIL}.get(code, Verdict.UNDETERMINED)
    if code != 3 or not report.requirements:
        return verdict_label(verdict, lang)
    manual, undetermined = report.open_binding()
    if lang == "nl":
        parts = []
        if manual:
            parts.append(
                f"{manual} {'eis wacht' if manual == 1 else 'eisen wachten'} op handmatige beoordeling"
            )
        if undetermined:
            parts.append(f"{undetermined} {'eis' if undetermined == 1 else 'eisen'} niet vastgesteld")
        return "nog niet vastgesteld: " + ", ".join(parts)
    parts = []
    if manual:
        parts.append(f"{manual} requirement{'' if manual == 1 else 's'} awaiting manual review")
    if undetermined:
        parts.append(f"{undetermined} requirement{'' if undetermined == 1 else 's'} not determined")
    return "not yet determined: " + ", ".join(parts)


def manual_note(report: Report, lang: str) -> str:
    """A sentence that says how many requirements (or checks, for lint) still need a person's judgement."""
    if report.requirements:
        count = sum(1 for r in report.requirements if r.verdict is Verdict.MANUAL)
        if not count:
            return ""
        if lang == "nl":
            return f"{count} {'eis vraagt' if count == 1 else 'eisen vragen'} een handmatige beoordeling."
        return (
            f"{count} requirement{'' if count == 1 else 's'} need{'s' if count == 1 else ''} a manual review."
        )
    count = sum(1 for c in report.checks if c.status is Status.MANUAL)
    if not count:
        return ""
    if lang == "nl":
        return f"{count} {'regel vraagt' if count == 1 else 'regels vragen'} een handmatige beoordeling."
    return f"{count} rule{'' if count == 1 else 's'} need{'s' if count == 1 else ''} a manual review."


def passed_phrase(passed: int, total: int, lang: str) -> str:
    """``de controle is geslaagd`` / ``alle 5 controles geslaagd`` / ``3 andere controles geslaagd``."""
    if lang == "nl":
        if passed == total:
            return "de controle is geslaagd" if total == 1 else f"alle {total} controles geslaagd"
        return f"{passed} andere {'controle' if passed == 1 else 'controles'} geslaagd"
    if passed == total:
        return "the check passed" if total == 1 else f"all {total} checks passed"
    return f"{passed} other check{'' if passed == 1 else 's'} passed"


def summary_line(report: Report, lang: str) -> str:
    """``12 checks: 9 pass, 2 fail, … — exit 1: a MUST rule fails`` in the report's language."""
    text = counts_line(report, lang)
    code = report.exit_code()
    exit_word = "afsluitcode" if lang == "nl" else "exit"
    return f"{text} — {exit_word} {code}: {exit_meaning(report, lang, code)}"
