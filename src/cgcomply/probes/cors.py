"""probe.cors: CORS restricts cross-origin access; openapi.json is open to every origin.

ADR ``/core/transport/cors`` (2.1.0, 2.2.0; MUST): "Use CORS to control access"; an allow-list SHOULD be
used, echoing an allowed request ``Origin`` in ``Access-Control-Allow-Origin``; ``*`` is NOT RECOMMENDED
but MAY be used for truly open APIs, and for ``openapi.json``. The ADR itself says a test is only
conclusive when the intended clients are known: ``ProbeOptions.cors_open_api`` (from the profile or the
command line) and ``cors_allowed_origins`` carry that knowledge.

What it checks, with the foreign origin ``https://cgcomply-probe.invalid``:

* a preflight (OPTIONS with ``Access-Control-Request-Method: GET``) and a simple GET on the API (a sample
  collection from the document, else the base URL), and a simple GET on ``<base>/openapi.json``;
* the API reflecting the foreign origin, or ``*`` with ``Access-Control-Allow-Credentials: true``, or
  ``null``: fail; ``*``: pass when the API is declared open, fail when it is declared not open, ``manual``
  when nobody said; the foreign origin not allowed: pass (restricted);
* ``openapi.json`` must answer ``Access-Control-Allow-Origin: *`` (when it is published at all);
* every origin in ``cors_allowed_origins`` must be allowed (echoed, or covered by ``*``).
"""

from __future__ import annotations

from cgcomply.http import Exchange
from cgcomply.i18n import Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import AUTH_STATUSES, finding, header_tokens
from cgcomply.probes.context import FOREIGN_ORIGIN, ProbeContext
from cgcomply.probes.publish_openapi import document_exchange
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

CHECK = CheckInfo(
    id="probe.cors",
    adr_rule="/core/transport/cors",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=("2.1.0", "2.2.0"),
    title=Text(
        "CORS beperkt toegang vanuit andere origins (allowlist); openapi.json is voor iedereen",
        "CORS restricts cross-origin access to the API (allow-list); openapi.json is open to all",
    ),
    what=Text(
        "Preflight- en gewone verzoeken vanaf een vreemde origin: de API mag die niet terugspiegelen, en "
        "'*' niet combineren met credentials; '*' alleen voor een echt open API; openapi.json moet elke "
        "origin toestaan.",
        "Preflight and simple requests from a foreign origin: the API must not reflect it, nor combine '*' "
        "with credentials; '*' only for a truly open API; openapi.json must allow every origin.",
    ),
    why=Text(
        "Browsers dwingen CORS af: een beleid dat de origin terugspiegelt of '*' gebruikt laat elke webpagina "
        "de API lezen met de browser van de gebruiker, terwijl openapi.json voor elke documentatietool "
        "leesbaar moet zijn.",
        "Browsers enforce CORS: a reflecting or wildcard policy lets any web page read the API with the "
        "user's browser, while openapi.json must be readable by every documentation tool.",
    ),
    fix=Text(
        "Stel een allowlist in van de origins van de bedoelde webclients en geef alleen die terug in "
        "Access-Control-Allow-Origin (met Vary: Origin); antwoord '*' voor openapi.json.",
        "Configure an allow-list of the origins of the intended web clients and echo only those in "
        "Access-Control-Allow-Origin (with Vary: Origin); answer '*' for openapi.json.",
    ),
    explanation=Text(
        "Met CORS bepaalt de API welke websites haar vanuit een browser mogen aanroepen: bij voorkeur een "
        "lijst van bekende origins; '*' alleen voor echt open API's en voor openapi.json.",
        "With CORS the API decides which web sites may call it from a browser: preferably a list of known "
        "origins; '*' only for truly open APIs and for openapi.json.",
    ),
)

HEADERS = (
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "vary",
)
WILDCARD_REASON = "wildcard: conclusive only when the intended clients are known"


def _preflight(ctx: ProbeContext, url: str, origin: str) -> Exchange:
    return ctx.fetch("OPTIONS", url, {"Origin": origin, "Access-Control-Request-Method": "GET"})


def _simple(ctx: ProbeContext, url: str, origin: str) -> Exchange:
    return ctx.fetch("GET", url, {"Origin": origin, "Accept": "application/json"})


def _allow_origin(exchange: Exchange) -> str:
    return (exchange.header("access-control-allow-origin") or "").strip()


def run(ctx: ProbeContext) -> CheckResult:
    collection = ctx.collection_path()
    api_url = ctx.url(collection) if collection else ctx.base_url
    findings: list[Finding] = []
    wildcard = False
    answered = 0
    for exchange in (_preflight(ctx, api_url, FOREIGN_ORIGIN), _simple(ctx, api_url, FOREIGN_ORIGIN)):
        if exchange.failed:
            findings.append(finding(Severity.WARNING, f"{exchange.describe()} (not judged)", exchange))
            continue
        answered += 1
        kind = "preflight" if exchange.method == "OPTIONS" else "simple request"
        value = _allow_origin(exchange)
        credentials = (exchange.header("access-control-allow-credentials") or "").strip().lower() == "true"
        where = f"{kind} from {FOREIGN_ORIGIN} to {exchange.url} -> {exchange.status}"
        if value == FOREIGN_ORIGIN:
            findings.append(
                finding(
                    Severity.ERROR,
                    f"{where}: the foreign origin is reflected in Access-Control-Allow-Origin; any web site "
                    "may read the API (use an allow-list)",
                    exchange,
                    headers=HEADERS,
                )
            )
        elif value == "*" and credentials:
            findings.append(
                finding(
                    Severity.ERROR,
                    f"{where}: Access-Control-Allow-Origin '*' together with Access-Control-Allow-Credentials: true",
                    exchange,
                    headers=HEADERS,
                )
            )
        elif value.lower() == "null":
            findings.append(
                finding(
                    Severity.ERROR, f"{where}: Access-Control-Allow-Origin 'null'", exchange, headers=HEADERS
                )
            )
        elif value == "*":
            wildcard = True
            severity = {True: Severity.INFO, False: Severity.ERROR, None: Severity.WARNING}[
                ctx.options.cors_open_api
            ]
            text = {
                True: "allowed: the API is declared open",
                False: "the API is declared not open, so a wildcard is not allowed",
                None: WILDCARD_REASON,
            }[ctx.options.cors_open_api]
            findings.append(
                finding(
                    severity, f"{where}: Access-Control-Allow-Origin '*' ({text})", exchange, headers=HEADERS
                )
            )
        else:
            shown = f"'{value}'" if value else "absent"
            findings.append(
                finding(
                    Severity.INFO,
                    f"{where}: foreign origin not allowed (Access-Control-Allow-Origin {shown}): restricted",
                    exchange,
                    headers=HEADERS,
                )
            )
    findings.extend(_document_findings(ctx))
    for origin in ctx.options.cors_allowed_origins:
        findings.extend(_allowed_origin_findings(ctx, api_url, origin))

    if answered == 0:
        return CheckResult(
            info=CHECK,
            status=Status.ERROR,
            findings=findings,
            reason="no response from the API to judge CORS: " + "; ".join(str(f.message) for f in findings),
        )
    if any(item.severity is Severity.ERROR for item in findings):
        return CheckResult(info=CHECK, status=Status.FAIL, findings=findings)
    if wildcard and ctx.options.cors_open_api is None:
        return CheckResult(info=CHECK, status=Status.MANUAL, findings=findings, reason=WILDCARD_REASON)
    return CheckResult(info=CHECK, status=Status.PASS, findings=findings)


def _document_findings(ctx: ProbeContext) -> list[Finding]:
    exchange = document_exchange(ctx)
    url = ctx.url("/openapi.json")
    if exchange.failed or exchange.status != 200:
        return [
            finding(
                Severity.INFO,
                f"{url} is not published ({exchange.describe()}); its CORS is not judged here "
                "(see probe.publish-openapi)",
                exchange,
                headers=HEADERS,
            )
        ]
    value = _allow_origin(exchange)
    if value != "*":
        shown = f"'{value}'" if value else "absent"
        return [
            finding(
                Severity.ERROR,
                f"{url}: Access-Control-Allow-Origin is {shown}; '*' expected so that every origin can read "
                "the document",
                exchange,
                headers=HEADERS,
            )
        ]
    return [finding(Severity.INFO, f"{url}: Access-Control-Allow-Origin '*'", exchange, headers=HEADERS)]


def _allowed_origin_findings(ctx: ProbeContext, url: str, origin: str) -> list[Finding]:
    result: list[Finding] = []
    for exchange in (_preflight(ctx, url, origin), _simple(ctx, url, origin)):
        kind = "preflight" if exchange.method == "OPTIONS" else "simple request"
        if exchange.failed or exchange.status in AUTH_STATUSES:
            result.append(
                finding(Severity.WARNING, f"{kind} from {origin}: {exchange.describe()} (not judged)")
            )
            continue
        value = _allow_origin(exchange)
        where = f"{kind} from intended client {origin} to {url} -> {exchange.status}"
        if value in (origin, "*"):
            result.append(finding(Severity.INFO, f"{where}: allowed ('{value}')", exchange, headers=HEADERS))
            if value == origin and "origin" not in header_tokens(exchange.header("vary")):
                result.append(
                    finding(
                        Severity.WARNING,
                        f"{where}: the origin is echoed without 'Vary: Origin' (caches may serve it to others)",
                        exchange,
                        headers=HEADERS,
                    )
                )
        else:
            shown = f"'{value}'" if value else "absent"
            result.append(
                finding(
                    Severity.ERROR,
                    f"{where}: the intended client is not allowed (Access-Control-Allow-Origin {shown})",
                    exchange,
                    headers=HEADERS,
                )
            )
    return result


PROBE = Probe(info=CHECK, run=run, order=80)
