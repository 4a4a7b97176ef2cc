"""Small helpers shared by the live probes: findings from exchanges and the usual 'could not run' results."""

from __future__ import annotations

from cgcomply.http import Exchange, redact
from cgcomply.results import CheckInfo, CheckResult, Finding, Severity, Status

AUTH_STATUSES = (401, 403)
JSON_MEDIA_TYPES = ("application/json", "application/problem+json")


def finding(
    severity: Severity,
    message: str,
    exchange: Exchange | None = None,
    *,
    note: str | None = None,
    headers: tuple[str, ...] | None = None,
) -> Finding:
    """A finding whose evidence is ``exchange`` (credentials masked, body trimmed)."""
    evidence = exchange.evidence(headers, note) if exchange is not None else None
    return Finding(severity=severity, message=redact(message), evidence=evidence)


def judged(info: CheckInfo, findings: list[Finding], *, reason: str | None = None) -> CheckResult:
    """``fail`` when any finding is an error, else ``pass``."""
    failed = any(item.severity is Severity.ERROR for item in findings)
    return CheckResult(
        info=info, status=Status.FAIL if failed else Status.PASS, findings=findings, reason=reason
    )


def could_not_run(info: CheckInfo, reason: str, exchange: Exchange | None = None) -> CheckResult:
    """Status ``error`` (the verifier reports 'niet vastgesteld') with the reason and the evidence."""
    findings = [finding(Severity.WARNING, reason, exchange)] if exchange is not None else []
    return CheckResult(info=info, status=Status.ERROR, findings=findings, reason=redact(reason))


def unusable(info: CheckInfo, exchange: Exchange, purpose: str) -> CheckResult | None:
    """An ``error`` result when ``exchange`` cannot be judged (no response, or refused for lack of
    credentials), else None."""
    if exchange.failed:
        return could_not_run(info, f"{purpose}: {exchange.describe()}", exchange)
    if exchange.status in AUTH_STATUSES:
        return could_not_run(
            info,
            f"{purpose}: authentication refused ({exchange.describe()}); "
            "supply credentials with --header-env or --header-file",
            exchange,
        )
    return None


def no_document(info: CheckInfo) -> CheckResult:
    return could_not_run(
        info,
        "no OpenAPI document to choose requests from: <base>/openapi.json could not be used "
        "and none was given (--oas)",
    )


def header_tokens(value: str | None) -> list[str]:
    """Comma-separated header values, stripped and lower case."""
    return [part.strip().lower() for part in (value or "").split(",") if part.strip()]
