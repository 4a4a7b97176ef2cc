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

from urllib.parse import urlsplit

from cgcomply.http import Exchange
from cgcomply.i18n import Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import AUTH_STATUSES, finding, header_tokens, joined, message, with_common
from cgcomply.probes.context import FOREIGN_ORIGIN, ProbeContext
from cgcomply.probes.publish_openapi import CHECK as PUBLISH_CHECK
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
    messages=with_common(
        {
            "not-judged": Text("{request} (niet beoordeeld)", "{request} (not judged)"),
            "reflected": Text(
                "{where}: de vreemde origin wordt teruggegeven in Access-Control-Allow-Origin; elke website "
                "mag de API lezen (gebruik een allow-list)",
                "{where}: the foreign origin is reflected in Access-Control-Allow-Origin; any web site may read "
                "the API (use an allow-list)",
            ),
            "wildcard-credentials": Text(
                "{where}: Access-Control-Allow-Origin '*' samen met Access-Control-Allow-Credentials: true",
                "{where}: Access-Control-Allow-Origin '*' together with Access-Control-Allow-Credentials: true",
            ),
            "null": Text(
                "{where}: Access-Control-Allow-Origin 'null'", "{where}: Access-Control-Allow-Origin 'null'"
            ),
            "wildcard-open": Text(
                "{where}: Access-Control-Allow-Origin '*' (toegestaan: de API is als open opgegeven)",
                "{where}: Access-Control-Allow-Origin '*' (allowed: the API is declared open)",
            ),
            "wildcard-closed": Text(
                "{where}: Access-Control-Allow-Origin '*' (de API is als niet open opgegeven, dus een wildcard "
                "mag niet)",
                "{where}: Access-Control-Allow-Origin '*' (the API is declared not open, so a wildcard is not "
                "allowed)",
            ),
            "wildcard-unknown": Text(
                "{where}: Access-Control-Allow-Origin '*' (wildcard: alleen beslissend als de bedoelde "
                "afnemers bekend zijn)",
                "{where}: Access-Control-Allow-Origin '*' (wildcard: conclusive only when the intended clients "
                "are known)",
            ),
            "wildcard-reason": Text(
                "wildcard: alleen beslissend als de bedoelde afnemers bekend zijn",
                "wildcard: conclusive only when the intended clients are known",
            ),
            "restricted": Text(
                "{where}: vreemde origin niet toegestaan (Access-Control-Allow-Origin {shown}): beperkt",
                "{where}: foreign origin not allowed (Access-Control-Allow-Origin {shown}): restricted",
            ),
            "no-answer": Text(
                "geen antwoord van de API om CORS te beoordelen: {details}",
                "no response from the API to judge CORS: {details}",
            ),
            "document-unpublished": Text(
                "{url} is niet gepubliceerd ({request}); de CORS ervan wordt hier niet beoordeeld (zie "
                "{check})",
                "{url} is not published ({request}); its CORS is not judged here (see {check})",
            ),
            "document-not-open": Text(
                "{url}: Access-Control-Allow-Origin is {shown}; '*' verwacht zodat elke origin het document "
                "kan lezen",
                "{url}: Access-Control-Allow-Origin is {shown}; '*' expected so that every origin can read the "
                "document",
            ),
            "document-open": Text(
                "{url}: Access-Control-Allow-Origin '*'", "{url}: Access-Control-Allow-Origin '*'"
            ),
            "intended-not-judged": Text(
                "{kind} vanaf {origin}: {request} (niet beoordeeld)",
                "{kind} from {origin}: {request} (not judged)",
            ),
            "intended-allowed": Text("{where}: toegestaan ('{value}')", "{where}: allowed ('{value}')"),
            "no-vary": Text(
                "{where}: de origin wordt teruggegeven zonder 'Vary: Origin' (caches kunnen hem aan anderen "
                "geven)",
                "{where}: the origin is echoed without 'Vary: Origin' (caches may serve it to others)",
            ),
            "intended-refused": Text(
                "{where}: de bedoelde afnemer is niet toegestaan (Access-Control-Allow-Origin {shown})",
                "{where}: the intended client is not allowed (Access-Control-Allow-Origin {shown})",
            ),
        }
    ),
)

HEADERS = (
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "vary",
)
PREFLIGHT = Text("preflight", "preflight")
SIMPLE = Text("eenvoudig verzoek", "simple request")
ABSENT = Text("afwezig", "absent")


def _where(kind: Text, origin: str, exchange: Exchange, *, intended: bool = False) -> Text:
    """Which request answered how: ``preflight from <origin>: OPTIONS <url> -> 204`` (redirects with
    their targets)."""
    request = exchange.describe()
    if intended:
        return Text(
            f"{kind.nl} vanaf bedoelde afnemer {origin}: {request}",
            f"{kind.en} from intended client {origin}: {request}",
        )
    return Text(f"{kind.nl} vanaf {origin}: {request}", f"{kind.en} from {origin}: {request}")


def _shown(value: str) -> Text | str:
    return f"'{value}'" if value else ABSENT


def _preflight(ctx: ProbeContext, url: str, origin: str) -> Exchange:
    return ctx.fetch("OPTIONS", url, {"Origin": origin, "Access-Control-Request-Method": "GET"})


def _simple(ctx: ProbeContext, url: str, origin: str) -> Exchange:
    template = ctx.template_of(urlsplit(url).path[len(ctx.base_path) :]) if url != ctx.base_url else None
    headers = {"Accept": "application/json"}
    if template is not None:
        headers = {"Accept": ctx.accept_for(template), **ctx.operation_headers(template)}
    return ctx.fetch("GET", url, {"Origin": origin, **headers})


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
            text = message(CHECK, "not-judged", request=exchange.describe())
            findings.append(finding(Severity.WARNING, text, exchange))
            continue
        answered += 1
        kind = PREFLIGHT if exchange.method == "OPTIONS" else SIMPLE
        value = _allow_origin(exchange)
        credentials = (exchange.header("access-control-allow-credentials") or "").strip().lower() == "true"
        where = _where(kind, FOREIGN_ORIGIN, exchange)
        if value == FOREIGN_ORIGIN:
            findings.append(
                finding(
                    Severity.ERROR,
                    message(CHECK, "reflected", where=where),
                    exchange,
                    headers=HEADERS,
                )
            )
        elif value == "*" and credentials:
            findings.append(
                finding(
                    Severity.ERROR,
                    message(CHECK, "wildcard-credentials", where=where),
                    exchange,
                    headers=HEADERS,
                )
            )
        elif value.lower() == "null":
            findings.append(
                finding(Severity.ERROR, message(CHECK, "null", where=where), exchange, headers=HEADERS)
            )
        elif value == "*":
            wildcard = True
            severity = {True: Severity.INFO, False: Severity.ERROR, None: Severity.WARNING}[
                ctx.options.cors_open_api
            ]
            key = {True: "wildcard-open", False: "wildcard-closed", None: "wildcard-unknown"}[
                ctx.options.cors_open_api
            ]
            findings.append(finding(severity, message(CHECK, key, where=where), exchange, headers=HEADERS))
        else:
            findings.append(
                finding(
                    Severity.INFO,
                    message(CHECK, "restricted", where=where, shown=_shown(value)),
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
            reason=message(CHECK, "no-answer", details=joined(findings)),
        )
    if any(item.severity is Severity.ERROR for item in findings):
        return CheckResult(info=CHECK, status=Status.FAIL, findings=findings)
    if wildcard and ctx.options.cors_open_api is None:
        reason = message(CHECK, "wildcard-reason")
        return CheckResult(info=CHECK, status=Status.MANUAL, findings=findings, reason=reason)
    return CheckResult(info=CHECK, status=Status.PASS, findings=findings)


def _document_findings(ctx: ProbeContext) -> list[Finding]:
    exchange = document_exchange(ctx)
    url = ctx.url("/openapi.json")
    if exchange.failed or exchange.status != 200:
        return [
            finding(
                Severity.INFO,
                message(
                    CHECK,
                    "document-unpublished",
                    url=url,
                    request=exchange.describe(),
                    check=PUBLISH_CHECK.id,
                ),
                exchange,
                headers=HEADERS,
            )
        ]
    value = _allow_origin(exchange)
    if value != "*":
        return [
            finding(
                Severity.ERROR,
                message(CHECK, "document-not-open", url=url, shown=_shown(value)),
                exchange,
                headers=HEADERS,
            )
        ]
    return [finding(Severity.INFO, message(CHECK, "document-open", url=url), exchange, headers=HEADERS)]


def _allowed_origin_findings(ctx: ProbeContext, url: str, origin: str) -> list[Finding]:
    result: list[Finding] = []
    for exchange in (_preflight(ctx, url, origin), _simple(ctx, url, origin)):
        kind = PREFLIGHT if exchange.method == "OPTIONS" else SIMPLE
        if exchange.failed or exchange.status in AUTH_STATUSES:
            text = message(
                CHECK, "intended-not-judged", kind=kind, origin=origin, request=exchange.describe()
            )
            result.append(finding(Severity.WARNING, text))
            continue
        value = _allow_origin(exchange)
        where = _where(kind, origin, exchange, intended=True)
        if value in (origin, "*"):
            text = message(CHECK, "intended-allowed", where=where, value=value)
            result.append(finding(Severity.INFO, text, exchange, headers=HEADERS))
            if value == origin and "origin" not in header_tokens(exchange.header("vary")):
                result.append(
                    finding(
                        Severity.WARNING,
                        message(CHECK, "no-vary", where=where),
                        exchange,
                        headers=HEADERS,
                    )
                )
        else:
            result.append(
                finding(
                    Severity.ERROR,
                    message(CHECK, "intended-refused", where=where, shown=_shown(value)),
                    exchange,
                    headers=HEADERS,
                )
            )
    return result


PROBE = Probe(info=CHECK, run=run, order=80)
