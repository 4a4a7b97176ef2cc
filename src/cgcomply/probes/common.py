"""Small helpers shared by the live probes: findings from exchanges, the usual 'could not run' results,
and the messages every probe shares (:data:`COMMON_MESSAGES`, merged into each unit's table by
:func:`with_common`).

A probe's finding or reason is a :class:`~cgcomply.i18n.Message` (``"<check-id>:<key>"`` and parameters);
its Dutch and English texts are in the unit's ``messages``. :func:`message` makes one and refuses a key
the unit does not declare. String parameters are masked by the run's redactor when the message is made.
"""

from __future__ import annotations

from collections.abc import Mapping

from cgcomply.http import Exchange, redact
from cgcomply.i18n import Message, Param, Text, Translatable
from cgcomply.results import CheckInfo, CheckResult, Finding, Severity, Status

COMMON_MESSAGES: Mapping[str, Text] = {
    "no-response": Text("{purpose}: geen bruikbaar antwoord: {request}", "{purpose}: {request}"),
    "auth-refused": Text(
        "{purpose}: authenticatie geweigerd ({request}); geef inloggegevens mee met --header-env of "
        "--header-file",
        "{purpose}: authentication refused ({request}); supply credentials with --header-env or --header-file",
    ),
    "precondition": Text(
        "{purpose}: {request}: de server weigert het verzoek omdat het niet aan zijn voorwaarden voldoet"
        "{detail}; 406, 412 en 415 zeggen iets over het verzoek, niet over deze regel, dus niet beoordeeld",
        "{purpose}: {request}: the server refuses the request because it does not meet its preconditions"
        "{detail}; 406, 412 and 415 are about the request, not about this rule, so it was not judged",
    ),
    "no-document": Text(
        "geen OpenAPI-document om verzoeken uit te kiezen: <base>/openapi.json was niet bruikbaar en er is "
        "er geen opgegeven (--oas)",
        "no OpenAPI document to choose requests from: <base>/openapi.json could not be used and none was "
        "given (--oas)",
    ),
    "unreachable": Text("doel onbereikbaar: {error}", "target unreachable: {error}"),
    "auth-refused-everywhere": Text(
        "authenticatie geweigerd: {document} en {base}; geef inloggegevens mee met --header-env of "
        "--header-file",
        "authentication refused: {document} and {base}; supply credentials with --header-env or --header-file",
    ),
    "error": Text("{error}", "{error}"),
    "crashed": Text("interne fout in {check}: {error}", "internal error in {check}: {error}"),
}


def with_common(messages: Mapping[str, Text] | None = None) -> dict[str, Text]:
    """A probe unit's message table: the shared messages plus its own."""
    return {**COMMON_MESSAGES, **(messages or {})}


def message(info: CheckInfo, key: str, **params: Param) -> Message:
    """``Message("<info.id>:<key>", params)``; the unit must declare ``key``. String parameters are masked."""
    if key not in info.messages:
        raise KeyError(f"{info.id} declares no message {key!r}")
    return Message(
        f"{info.id}:{key}",
        {name: redact(value) if isinstance(value, str) else value for name, value in params.items()},
    )


def joined(findings: list[Finding], separator: str = "; ") -> Text:
    """The messages of ``findings`` joined, in both languages (a parameter of another message)."""
    from cgcomply.i18n import render

    return Text(
        separator.join(render(item.message, "nl") for item in findings),
        separator.join(render(item.message, "en") for item in findings),
    )


def _masked(text: Translatable) -> Translatable:
    return redact(text) if isinstance(text, str) else text


AUTH_STATUSES = (401, 403)
# Answers that say the request did not meet what the server needs (an Accept it cannot serve, a required
# header such as Accept-Crs missing, a media type it does not take): never the verdict of another rule.
PRECONDITION_STATUSES = (406, 412, 415)
_DETAIL_CHARS = 200


def is_precondition(exchange: Exchange) -> bool:
    return not exchange.failed and exchange.status in PRECONDITION_STATUSES


def precondition_detail(exchange: Exchange) -> str:
    """What the server said about its precondition, quoted (``: "'Accept-Crs' header ontbreekt"``), from
    the problem details' ``detail`` or ``title`` or the first line of a text body; '' when it said
    nothing."""
    data = exchange.json()
    said: object = None
    if isinstance(data, dict):
        said = data.get("detail") or data.get("title")
        if not said and isinstance(data.get("invalidParams"), list) and data["invalidParams"]:
            first = data["invalidParams"][0]
            said = first.get("reason") if isinstance(first, dict) else None
    elif not exchange.looks_like_html() and exchange.body and not exchange.truncated:
        said = exchange.body[:400].decode("utf-8", errors="replace").strip().splitlines()[0:1]
        said = said[0] if said else None
    if not isinstance(said, str) or not said.strip():
        return ""
    text = " ".join(said.split())
    if len(text) > _DETAIL_CHARS:
        text = text[:_DETAIL_CHARS] + "…"
    return f': "{text}"'


def precondition_message(info: CheckInfo, exchange: Exchange, purpose: Param) -> Message:
    return message(
        info,
        "precondition",
        purpose=purpose,
        request=exchange.describe(),
        detail=precondition_detail(exchange),
    )


JSON_MEDIA_TYPES = ("application/json", "application/problem+json")


def finding(
    severity: Severity,
    message: Translatable,
    exchange: Exchange | None = None,
    *,
    note: Message | None = None,
    headers: tuple[str, ...] | None = None,
) -> Finding:
    """A finding whose evidence is ``exchange`` (credentials masked, body trimmed)."""
    evidence = exchange.evidence(headers, note) if exchange is not None else None
    return Finding(severity=severity, message=_masked(message), evidence=evidence)


def judged(info: CheckInfo, findings: list[Finding], *, reason: Translatable | None = None) -> CheckResult:
    """``fail`` when any finding is an error, else ``pass``."""
    failed = any(item.severity is Severity.ERROR for item in findings)
    return CheckResult(
        info=info, status=Status.FAIL if failed else Status.PASS, findings=findings, reason=reason
    )


def could_not_run(info: CheckInfo, reason: Translatable, exchange: Exchange | None = None) -> CheckResult:
    """Status ``error`` (the verifier reports 'niet vastgesteld') with the reason and the evidence."""
    findings = [finding(Severity.WARNING, reason, exchange)] if exchange is not None else []
    return CheckResult(info=info, status=Status.ERROR, findings=findings, reason=_masked(reason))


def unusable(info: CheckInfo, exchange: Exchange, purpose: Param) -> CheckResult | None:
    """An ``error`` result when ``exchange`` cannot be judged (no response, refused for lack of
    credentials, or refused as a precondition: 406/412/415), else None. ``purpose`` says what the request was for (a request line, or a Text)."""
    if exchange.failed:
        return could_not_run(
            info, message(info, "no-response", purpose=purpose, request=exchange.describe()), exchange
        )
    if exchange.status in AUTH_STATUSES:
        return could_not_run(
            info, message(info, "auth-refused", purpose=purpose, request=exchange.describe()), exchange
        )
    if is_precondition(exchange):
        return could_not_run(info, precondition_message(info, exchange, purpose), exchange)
    return None


def no_document(info: CheckInfo) -> CheckResult:
    return could_not_run(info, message(info, "no-document"))


def header_tokens(value: str | None) -> list[str]:
    """Comma-separated header values, stripped and lower case."""
    return [part.strip().lower() for part in (value or "").split(",") if part.strip()]
