"""probe.security-headers: the security headers that the ADR lists, with the values it asks.

ADR ``/core/transport/security-headers`` (2.1.0, 2.2.0). The rule statement reads "APIs MUST return the
security headers in all responses"; the table below it says which headers "SHOULD" be present. We take the
rule statement as the level (MUST): the table names the headers the obligation consists of, and a
missing header is a failure. Headers and values (ADR table):

=============================== =====================================================================
``Cache-Control``                ``no-store``
``Content-Security-Policy``      ``frame-ancestors 'none'``
``Content-Type``                 present; for a JSON body ``application/json`` or a ``+json`` type
                                 (``application/problem+json``, ``application/geo+json`` ...)
``Strict-Transport-Security``    present (no value prescribed); only on HTTPS responses: over plain HTTP it
                                 cannot be set meaningfully and is left to probe.tls
``X-Content-Type-Options``       ``nosniff``
``X-Frame-Options``              ``DENY``
``Access-Control-Allow-Origin``  judged by probe.cors
=============================== =====================================================================

What it checks: the API root (the base URL) and a sample resource (a parameterless GET collection from the
document).
"""

from __future__ import annotations

from cgcomply.http import Exchange
from cgcomply.i18n import Message, Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import (
    AUTH_STATUSES,
    could_not_run,
    finding,
    header_tokens,
    joined,
    judged,
    message,
    with_common,
)
from cgcomply.probes.context import ProbeContext
from cgcomply.probes.tls.check import TLS_CHECK
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity

CHECK = CheckInfo(
    id="probe.security-headers",
    adr_rule="/core/transport/security-headers",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=("2.1.0", "2.2.0"),
    title=Text(
        "Antwoorden bevatten de beveiligingsheaders uit de ADR met de gevraagde waarden",
        "Responses carry the security headers of the ADR with the values it asks",
    ),
    what=Text(
        "Op de root van de API en een voorbeeldresource: Cache-Control: no-store; Content-Security-Policy: "
        "frame-ancestors 'none'; Content-Type (application/json voor JSON); Strict-Transport-Security "
        "(HTTPS); X-Content-Type-Options: nosniff; X-Frame-Options: DENY.",
        "On the API root and a sample resource: Cache-Control: no-store; Content-Security-Policy: "
        "frame-ancestors 'none'; Content-Type (application/json for JSON); Strict-Transport-Security (HTTPS); "
        "X-Content-Type-Options: nosniff; X-Frame-Options: DENY.",
    ),
    why=Text(
        "De headers voorkomen dat caches persoonsgegevens bewaren, dat browsers antwoorden gaan raden of in "
        "een frame tonen, en dat clients terugvallen op gewoon HTTP.",
        "The headers stop caches from keeping personal data, browsers from sniffing or framing "
        "responses, and clients from falling back to plain HTTP.",
    ),
    fix=Text(
        "Zet de headers voor elk antwoord in de API-gateway of een middleware, bijvoorbeeld Cache-Control: "
        "no-store, X-Content-Type-Options: nosniff, X-Frame-Options: DENY, Content-Security-Policy: "
        "frame-ancestors 'none', Strict-Transport-Security: max-age=31536000.",
        "Set the headers for every response in the API gateway or a middleware, e.g. Cache-Control: "
        "no-store, X-Content-Type-Options: nosniff, X-Frame-Options: DENY, Content-Security-Policy: "
        "frame-ancestors 'none', Strict-Transport-Security: max-age=31536000.",
    ),
    explanation=Text(
        "Elk antwoord hoort beveiligingsheaders te bevatten die caches, browsers en clients vertellen hoe ze "
        "veilig met de gegevens omgaan (geen opslag, geen framing, alleen HTTPS).",
        "Every response should carry security headers that tell caches, browsers and clients how to handle "
        "the data safely (no storage, no framing, HTTPS only).",
    ),
    messages=with_common(
        {
            "header": Text(
                "{request}: {header} is {shown}; {expected} verwacht",
                "{request}: {header} is {shown}; {expected} expected",
            ),
            "no-content-type": Text("{request}: Content-Type ontbreekt", "{request}: Content-Type is absent"),
            "json-type": Text(
                "{request}: Content-Type is {media} voor een JSON-body; application/json verwacht",
                "{request}: Content-Type is {media} for a JSON body; application/json expected",
            ),
            "no-hsts": Text(
                "{request}: Strict-Transport-Security ontbreekt",
                "{request}: Strict-Transport-Security is absent",
            ),
            "plain-http": Text(
                "{request}: gewoon HTTP, Strict-Transport-Security is hier niet te controleren (zie {check})",
                "{request}: plain HTTP, Strict-Transport-Security not checkable here (see {check})",
            ),
            "ok": Text(
                "{request}: alle beveiligingsheaders aanwezig", "{request}: all security headers present"
            ),
            "not-judged": Text("{request} (niet beoordeeld)", "{request} (not judged)"),
            "nothing-judged": Text(
                "geen antwoord om te beoordelen: {details}", "no response to judge: {details}"
            ),
        }
    ),
)

HEADERS = (
    "cache-control",
    "content-security-policy",
    "content-type",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
)


def _frame_ancestors_none(value: str | None) -> bool:
    for directive in (value or "").split(";"):
        parts = directive.strip().split()
        if parts and parts[0].lower() == "frame-ancestors":
            return [p.lower() for p in parts[1:]] == ["'none'"]
    return False


def judge_headers(exchange: Exchange, https: bool) -> list[Finding]:
    """One finding per header that is missing or has the wrong value; an info finding when all is well."""
    request = exchange.describe()
    problems: list[Message] = []

    def wrong(header: str, expected: str) -> None:
        shown = _shown(exchange, header.lower())
        problems.append(
            message(CHECK, "header", request=request, header=header, shown=shown, expected=expected)
        )

    if "no-store" not in header_tokens(exchange.header("cache-control")):
        wrong("Cache-Control", "'no-store'")
    if not _frame_ancestors_none(exchange.header("content-security-policy")):
        wrong("Content-Security-Policy", "\"frame-ancestors 'none'\"")
    media = exchange.media_type
    if not media:
        problems.append(message(CHECK, "no-content-type", request=request))
    elif exchange.json() is not None and media != "application/json" and not media.endswith("+json"):
        problems.append(message(CHECK, "json-type", request=request, media=media))
    if (exchange.header("x-content-type-options") or "").strip().lower() != "nosniff":
        wrong("X-Content-Type-Options", "'nosniff'")
    if (exchange.header("x-frame-options") or "").strip().upper() != "DENY":
        wrong("X-Frame-Options", "'DENY'")
    findings = [finding(Severity.ERROR, p, exchange, headers=HEADERS) for p in problems]
    if https:
        if not exchange.header("strict-transport-security"):
            findings.append(
                finding(Severity.ERROR, message(CHECK, "no-hsts", request=request), exchange, headers=HEADERS)
            )
    else:
        findings.append(
            finding(
                Severity.INFO,
                message(CHECK, "plain-http", request=request, check=TLS_CHECK.id),
                exchange,
                headers=HEADERS,
            )
        )
    if not problems and (not https or exchange.header("strict-transport-security")):
        findings.append(
            finding(Severity.INFO, message(CHECK, "ok", request=request), exchange, headers=HEADERS)
        )
    return findings


def _shown(exchange: Exchange, name: str) -> Text | str:
    value = exchange.header(name)
    return Text("afwezig", "absent") if value is None else f"'{value}'"


def run(ctx: ProbeContext) -> CheckResult:
    requests: list[tuple[str, str | None]] = [(ctx.base_url, None)]
    collection = ctx.collection()
    if collection is not None and collection.url != ctx.base_url:
        requests.append((collection.url, collection.template))
    findings: list[Finding] = []
    judged_any = False
    for url, template in requests:
        exchange = ctx.get_json(url, template)
        if exchange.failed or exchange.status in AUTH_STATUSES:
            text = message(CHECK, "not-judged", request=exchange.describe())
            findings.append(finding(Severity.WARNING, text, exchange))
            continue
        judged_any = True
        findings.extend(judge_headers(exchange, ctx.is_https and exchange.final_url.startswith("https:")))
    if not judged_any:
        return could_not_run(CHECK, message(CHECK, "nothing-judged", details=joined(findings)))
    return judged(CHECK, findings)


PROBE = Probe(info=CHECK, run=run, order=70)
