"""A report as plain, language-neutral data, and back: what ``Report.to_dict`` / ``Report.from_dict`` do.

The stored form holds ids, codes, statuses, numbers and message ids with their parameters; no Dutch or
English is rendered into it (bilingual catalogue texts, such as a requirement's title, are kept in both
languages). A check is stored by its id and the metadata that decide the verdict (ADR rule, level, kind,
versions, technical); reading it back takes the check's record from its unit in this version of cgcomply.
A check whose record is not the registered one (a check this version does not know, or a test's own
record) carries its texts, so that nothing is lost. Evidence is stored as a report may show it:
credentials masked, bodies capped.

``SCHEMA_VERSION`` is bumped when the shape changes incompatibly; ``report/schema/`` holds the JSON Schema
of every version, and :func:`report_from_dict` reads every version it lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cgcomply.i18n import (
    Message,
    Text,
    freeze,
    message_from_data,
    message_to_data,
    quoted,
    translatable_from_data,
    translatable_to_data,
)
from cgcomply.results import (
    Acceptance,
    CheckInfo,
    CheckResult,
    Evidence,
    Finding,
    Kind,
    Level,
    Severity,
    Status,
)

if TYPE_CHECKING:
    from cgcomply.report.model import ProfileRef, Report

SCHEMA_VERSION = 4
SCHEMA_ID = f"urn:cgcomply:report-schema:{SCHEMA_VERSION}"
#: Schema versions this code reads (the JSON Schema of each is ``schema/report-<n>.schema.json``).
#: 3 added accepted findings (``accepted``, status ``accepted``, ``summary.accepted``), the version of each
#: requirement record and the profile's version and catalogue; a version-2 report reads without them.
#: 4 stores an evidence note as a message (id and parameters); the English string of 2 and 3 reads back as
#: a quoted text (``note:quoted``), shown as it was written.
READABLE_VERSIONS = (2, 3, 4)
SCHEMA_RESOURCE = ("cgcomply.report", f"schema/report-{SCHEMA_VERSION}.schema.json")

_TEXT_FIELDS = ("title", "what", "why", "fix", "explanation")


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    from cgcomply.report.base import safe_evidence

    shown = safe_evidence(evidence)
    return {
        "method": shown.method,
        "url": shown.url,
        "status": shown.status,
        "headers": dict(shown.headers),
        "body": shown.body,
        "request_headers": dict(shown.request_headers),
        "note": message_to_data(shown.note) if shown.note is not None else None,
    }


def evidence_from_dict(data: dict[str, Any]) -> Evidence:
    return Evidence(
        method=str(data["method"]),
        url=str(data["url"]),
        status=data.get("status"),
        headers=dict(data.get("headers") or {}),
        body=data.get("body"),
        request_headers=dict(data.get("request_headers") or {}),
        note=_note_from_data(data.get("note")),
    )


def _note_from_data(data: Any) -> Message | None:
    """A note of schema 4 (a message), or the English string of schemas 2 and 3 (quoted as written)."""
    if data is None:
        return None
    if isinstance(data, str):
        return quoted(data)
    return message_from_data(data)


def acceptance_to_dict(acceptance: Acceptance) -> dict[str, Any]:
    return {
        "source": acceptance.source,
        "origin": acceptance.origin,
        "reason": acceptance.reason,
        "until": acceptance.until,
        "expired": acceptance.expired,
    }


def acceptance_from_dict(data: Any) -> Acceptance | None:
    if data is None:
        return None
    return Acceptance(
        source=str(data["source"]),
        origin=str(data["origin"]),
        reason=data.get("reason"),
        until=data.get("until"),
        expired=bool(data.get("expired", False)),
    )


def finding_to_dict(
    finding: Finding,
    document: str | None = None,
    check_id: str | None = None,
    base_url: str | None = None,
) -> dict[str, Any]:
    """A finding; ``file`` is None for the target document itself (``document`` is for symmetry). With
    ``check_id`` it carries its stable id (:meth:`Finding.stable_id`; computed again when read back)."""
    file = finding.file
    return {
        **({"id": finding.stable_id(check_id, base_url)} if check_id is not None else {}),
        "severity": finding.severity.value,
        "message": translatable_to_data(finding.message),
        "pointer": finding.pointer,
        "file": file,
        "line": finding.line,
        "column": finding.column,
        "evidence": evidence_to_dict(finding.evidence) if finding.evidence is not None else None,
        **({"accepted": acceptance_to_dict(finding.accepted)} if finding.accepted is not None else {}),
    }


def finding_from_dict(data: dict[str, Any], document: str | None = None) -> Finding:
    message = translatable_from_data(data["message"])
    evidence = data.get("evidence")
    file = data.get("file")
    return Finding(
        severity=Severity(data["severity"]),
        message=message if message is not None else "",
        pointer=data.get("pointer"),
        file=file,
        line=data.get("line"),
        column=data.get("column"),
        evidence=evidence_from_dict(evidence) if evidence is not None else None,
        accepted=acceptance_from_dict(data.get("accepted")),
    )


def _registered(info: CheckInfo, adr_version: str) -> CheckInfo | None:
    from cgcomply.units import check_info

    try:
        return check_info(info.id, adr_version)
    except Exception:  # a registry that cannot be imported (a broken install) must not lose the report
        return None


def check_to_dict(
    check: CheckResult, adr_version: str, document: str | None = None, base_url: str | None = None
) -> dict[str, Any]:
    info = check.info
    data: dict[str, Any] = {
        **info.metadata(),
        "status": check.status.value,
        "reason": translatable_to_data(check.reason),
        "findings": [finding_to_dict(finding, document, info.id, base_url) for finding in check.findings],
        **({"accepted": acceptance_to_dict(check.accepted)} if check.accepted is not None else {}),
    }
    if _registered(info, adr_version) != info:
        data["record"] = {
            **{name: getattr(info, name).as_dict() for name in _TEXT_FIELDS},
            "messages": {key: text.as_dict() for key, text in info.messages.items()},
        }
    return data


def _text(data: Any) -> Text:
    return Text(nl=str(data["nl"]), en=str(data["en"]))


def check_from_dict(data: dict[str, Any], adr_version: str, document: str | None = None) -> CheckResult:
    stored = CheckInfo(
        id=str(data["id"]),
        adr_rule=str(data["adr_rule"]),
        kind=Kind(data["kind"]),
        level=Level(data["level"]),
        adr_versions=tuple(data["adr_versions"]),
        title=Text(data["id"], data["id"]),
        what=Text("", ""),
        why=Text("", ""),
        fix=Text("", ""),
        explanation=Text("", ""),
        technical=bool(data["technical"]),
    )
    record = data.get("record")
    if record is not None:
        info = CheckInfo(
            id=stored.id,
            adr_rule=stored.adr_rule,
            kind=stored.kind,
            level=stored.level,
            adr_versions=stored.adr_versions,
            technical=stored.technical,
            messages=freeze({key: _text(value) for key, value in record.get("messages", {}).items()}),
            **{name: _text(record[name]) for name in _TEXT_FIELDS},
        )
    else:
        # The unit's record; an id this version does not know keeps its stored metadata and shows its id.
        info = _registered(stored, adr_version) or stored
    reason = translatable_from_data(data.get("reason"))
    return CheckResult(
        info=info,
        status=Status(data["status"]),
        findings=[finding_from_dict(item, document) for item in data.get("findings", [])],
        reason=reason,
        accepted=acceptance_from_dict(data.get("accepted")),
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON data, keys in their published order (``report/schema/``)."""
    from cgcomply.report.base import accepted_counts, severity_counts, verdict_counts

    profile = report.profile
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "run": {
            "id": report.run_id,
            "started_at": report.started_at,
            "finished_at": report.generated_at,
            "duration_seconds": report.duration_seconds,
        },
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "adr_version": report.adr_version,
        "profile": (
            {
                "id": profile.id,
                "sha256": profile.sha256,
                "title": profile.title,
                **({"version": profile.version} if profile.version is not None else {}),
                **(
                    {"catalog": {"id": profile.catalog_id, "version": profile.catalog_version}}
                    if profile.catalog_id is not None
                    else {}
                ),
            }
            if profile is not None
            else None
        ),
        "target": {"document": report.target.document, "url": report.target.url},
        "exit_code": report.exit_code(),
        "summary": {
            "checks": report.counts(),
            "requirements": verdict_counts(report),
            "findings": severity_counts(report),
            "accepted": accepted_counts(report),
        },
        "requirements": [
            {
                "id": r.id,
                "title": r.title.as_dict(),
                "verdict": r.verdict.value,
                "checks": list(r.checks),
                "reasons": [translatable_to_data(reason) for reason in r.reasons],
                **({"form": r.form} if r.form is not None else {}),
                **({"version": r.version} if r.version is not None else {}),
            }
            for r in report.requirements
        ],
        "checks": [
            check_to_dict(check, report.adr_version, report.target.document, report.target.url)
            for check in report.checks
        ],
        "warnings": [translatable_to_data(warning) for warning in report.warnings],
        **({"standards": report.standards} if report.standards else {}),
    }


def report_from_dict(data: dict[str, Any]) -> Report:
    """Read back what :func:`report_to_dict` wrote (this schema version or an older readable one).

    Data that is not a report of a readable version raises :class:`~cgcomply.errors.DocumentError`.
    """
    from cgcomply.errors import DocumentError
    from cgcomply.i18n import Message
    from cgcomply.report.model import Report, RequirementVerdict, Target, Verdict

    if not isinstance(data, dict):
        raise DocumentError(
            Text(
                "geen cgcomply-rapport: de JSON is geen object",
                "not a cgcomply report: the JSON is not an object",
            )
        )
    version = data.get("schema_version")
    if version not in READABLE_VERSIONS:
        raise DocumentError(
            Text(
                f"geen cgcomply-rapport dat deze versie kan lezen: schema_version {version!r} "
                f"(leesbaar: {', '.join(str(v) for v in READABLE_VERSIONS)})",
                f"not a cgcomply report this version can read: schema_version {version!r} "
                f"(readable: {', '.join(str(v) for v in READABLE_VERSIONS)})",
            )
        )
    try:
        adr_version = str(data["adr_version"])
        run = data["run"]
        profile = data.get("profile")
        requirements = []
        for item in data.get("requirements", []):
            reasons = [translatable_from_data(reason) for reason in item.get("reasons", [])]
            requirements.append(
                RequirementVerdict(
                    id=str(item["id"]),
                    title=_text(item["title"]),
                    verdict=Verdict(item["verdict"]),
                    checks=[str(check) for check in item.get("checks", [])],
                    reasons=[reason for reason in reasons if isinstance(reason, Message)],
                    form=str(item["form"]) if item.get("form") is not None else None,
                    version=str(item["version"]) if item.get("version") is not None else None,
                )
            )
        warnings = [translatable_from_data(warning) for warning in data.get("warnings", [])]
        return Report(
            adr_version=adr_version,
            target=Target(document=data["target"].get("document"), url=data["target"].get("url")),
            checks=[
                check_from_dict(item, adr_version, data["target"].get("document"))
                for item in data.get("checks", [])
            ],
            profile=_profile_from_dict(profile) if profile is not None else None,
            requirements=requirements,
            tool_name=str(data["tool"]["name"]),
            tool_version=str(data["tool"]["version"]),
            generated_at=str(run["finished_at"]),
            warnings=[warning for warning in warnings if warning is not None],
            run_id=str(run["id"]),
            started_at=run.get("started_at"),
            duration_seconds=run.get("duration_seconds"),
            standards=list(data.get("standards") or []),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DocumentError(
            Text(
                f"geen geldig cgcomply-rapport: {type(error).__name__}: {error}",
                f"not a valid cgcomply report: {type(error).__name__}: {error}",
            )
        ) from None


def _profile_from_dict(data: dict[str, Any]) -> ProfileRef:
    from cgcomply.report.model import ProfileRef

    catalog = data.get("catalog") or {}
    return ProfileRef(
        id=str(data["id"]),
        sha256=str(data["sha256"]),
        title=data.get("title"),
        version=data.get("version"),
        catalog_id=catalog.get("id"),
        catalog_version=catalog.get("version"),
    )
