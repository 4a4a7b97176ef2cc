"""probe.publish-openapi: the OpenAPI document is published at ``<base>/openapi.json``.

ADR ``/core/publish-openapi`` (2.0.2, 2.1.0, 2.2.0; MUST): "the OpenAPI Description MUST be published at
a standard location": ``openapi.json`` directly under the API base path (``openapi.yaml`` MAY be offered
too, with the same content), retrievable **without authentication**, and CORS must let every origin read
it (``Access-Control-Allow-Origin: *``).

What it checks: ``GET <base>/openapi.json`` sent *without* the user's credentials and with a foreign
``Origin``: status 200 (same-origin redirects are followed, a redirect to another host is not), a JSON
body that is an OpenAPI 3 document, ``Access-Control-Allow-Origin: *``; and when ``openapi.yaml`` is
offered, that it parses and holds the same description. The fetched document feeds the static checks.
"""

from __future__ import annotations

import json
from typing import Any

from cgcomply.errors import DocumentError
from cgcomply.http import Exchange
from cgcomply.i18n import Text
from cgcomply.oas.yaml_load import published_as_json
from cgcomply.probes.base import Probe
from cgcomply.probes.common import could_not_run, finding, judged
from cgcomply.probes.context import FOREIGN_ORIGIN, ProbeContext
from cgcomply.results import ADR_VERSIONS, CheckInfo, CheckResult, Kind, Level, Severity

CHECK = CheckInfo(
    id="probe.publish-openapi",
    adr_rule="/core/publish-openapi",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=ADR_VERSIONS,
    title=Text(
        "Het OpenAPI-document staat op <basis>/openapi.json, zonder authenticatie, CORS open",
        "The OpenAPI document is published at <base>/openapi.json, without authentication, CORS open",
    ),
    what=Text(
        "GET <basis>/openapi.json zonder inloggegevens: 200, een OpenAPI 3-document in JSON, "
        "Access-Control-Allow-Origin: *; openapi.yaml bevat, als die er is, dezelfde beschrijving.",
        "GET <base>/openapi.json without credentials: 200, an OpenAPI 3 document in JSON, "
        "Access-Control-Allow-Origin: *; openapi.yaml, when offered, holds the same description.",
    ),
    why=Text(
        "Afnemers en tools (developer.overheid.nl, codegeneratoren) vinden de beschrijving van elke "
        "overheids-API op dezelfde plek, zonder account, ook vanuit een browser.",
        "Clients and tools (developer.overheid.nl, code generators) find the description of every "
        "government API at the same place, without an account, also from a browser.",
    ),
    fix=Text(
        "Lever het OpenAPI-document als JSON op <basis>/openapi.json (bijvoorbeeld "
        "/zaken/api/v1/openapi.json), buiten de authenticatielaag, met de antwoordheader "
        "Access-Control-Allow-Origin: *.",
        "Serve the OpenAPI document as JSON at <base>/openapi.json (e.g. /zaken/api/v1/openapi.json), "
        "outside the authentication layer, with the response header Access-Control-Allow-Origin: *.",
    ),
    explanation=Text(
        "De ADR schrijft voor dat de API-beschrijving op een vaste plek staat (openapi.json in het "
        "basispad), zonder inloggen op te halen is en vanuit elke browser leesbaar is.",
        "The ADR requires the API description at a fixed place (openapi.json in the base path), "
        "retrievable without logging in and readable from any browser.",
    ),
)

ACCEPT_JSON = {"Accept": "application/json", "Origin": FOREIGN_ORIGIN}
DOCUMENT_HEADERS = (
    "content-type",
    "content-length",
    "access-control-allow-origin",
    "location",
    "api-version",
)
NOT_OFFERED = (404, 405, 406, 410)


def document_exchange(ctx: ProbeContext, *, credentials: bool = False) -> Exchange:
    """``GET <base>/openapi.json`` as this probe sends it (cached: the runner and the CORS probe reuse it)."""
    return ctx.fetch(
        "GET",
        ctx.url("/openapi.json"),
        ACCEPT_JSON,
        credentials=credentials,
        max_body_bytes=ctx.options.max_document_bytes,
    )


def parse_document(exchange: Exchange) -> tuple[dict[str, Any] | None, str | None]:
    """``(document, None)`` for a usable OpenAPI 3 document, else ``(None or the JSON, problem)``."""
    if exchange.truncated:
        return None, (
            f"the body is {exchange.cut_off or 'incomplete'} (endless, too large or too slow); reading stopped"
        )
    if exchange.looks_like_html():
        return None, "the response is an HTML page, not an OpenAPI document (a portal or login page?)"
    try:
        data = json.loads(exchange.body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        return None, f"the body is not valid JSON: {error}"
    if not isinstance(data, dict):
        return None, "the JSON is not an object, so not an OpenAPI document"
    if "swagger" in data and "openapi" not in data:
        return data, f"a Swagger {data.get('swagger')} document; the ADR requires OpenAPI 3"
    version = data.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        return data, "not an OpenAPI 3 document: the 'openapi' field is missing or not 3.x"
    return data, None


def run(ctx: ProbeContext) -> CheckResult:
    exchange = document_exchange(ctx)
    url = ctx.url("/openapi.json")
    if exchange.error_kind in ("redirect-loop", "too-many-redirects"):
        message = f"{url} is not retrievable: {exchange.error}"
        return judged(CHECK, [finding(Severity.ERROR, message, exchange, headers=DOCUMENT_HEADERS)])
    if exchange.failed:
        return could_not_run(CHECK, f"{url} could not be fetched: {exchange.error}", exchange)
    if exchange.blocked_redirect:
        return judged(
            CHECK,
            [
                finding(
                    Severity.ERROR,
                    f"{url} redirects to another host ({exchange.blocked_redirect}); the document must be "
                    "at <base>/openapi.json itself (the redirect was not followed)",
                    exchange,
                    headers=DOCUMENT_HEADERS,
                )
            ],
        )
    if exchange.status in (401, 403):
        return judged(
            CHECK,
            [
                finding(
                    Severity.ERROR,
                    f"{url} requires authentication (HTTP {exchange.status}); the ADR requires that the "
                    "document can be fetched without",
                    exchange,
                    headers=DOCUMENT_HEADERS,
                )
            ],
        )
    if exchange.status != 200:
        return judged(
            CHECK,
            [
                finding(
                    Severity.ERROR,
                    f"the document is not published at {url}: HTTP {exchange.status}",
                    exchange,
                    headers=DOCUMENT_HEADERS,
                )
            ],
        )
    document, problem = parse_document(exchange)
    if problem and exchange.truncated:
        return could_not_run(CHECK, f"{url}: {problem}", exchange)
    if problem:
        return judged(
            CHECK, [finding(Severity.ERROR, f"{url}: {problem}", exchange, headers=DOCUMENT_HEADERS)]
        )
    assert document is not None
    findings = [
        finding(
            Severity.INFO,
            f"OpenAPI {document.get('openapi')} document published at {exchange.final_url}",
            exchange,
            headers=DOCUMENT_HEADERS,
        )
    ]
    if exchange.media_type not in ("application/json", "application/vnd.oai.openapi+json") and not (
        exchange.media_type.endswith("+json")
    ):
        findings.append(
            finding(
                Severity.WARNING,
                f"{url} is served as {exchange.media_type or 'no Content-Type'}; application/json is expected",
                exchange,
                headers=DOCUMENT_HEADERS,
            )
        )
    allow_origin = (exchange.header("access-control-allow-origin") or "").strip()
    if allow_origin != "*":
        shown = f"'{allow_origin}'" if allow_origin else "absent"
        findings.append(
            finding(
                Severity.ERROR,
                f"Access-Control-Allow-Origin on {url} is {shown}; it must be '*' so that every origin can "
                "read the document",
                exchange,
                headers=DOCUMENT_HEADERS,
            )
        )
    findings.extend(_yaml_findings(ctx, document))
    return judged(CHECK, findings)


def _yaml_findings(ctx: ProbeContext, document: dict[str, Any]) -> list:
    url = ctx.url("/openapi.yaml")
    exchange = ctx.fetch(
        "GET",
        url,
        {"Accept": "application/yaml, text/yaml, */*"},
        credentials=False,
        max_body_bytes=ctx.options.max_document_bytes,
    )
    if exchange.failed:
        return [finding(Severity.WARNING, f"{url} could not be fetched: {exchange.error}", exchange)]
    if exchange.status in NOT_OFFERED or exchange.blocked_redirect:
        return [
            finding(Severity.INFO, f"{url} is not offered (optional)", exchange, headers=DOCUMENT_HEADERS)
        ]
    if exchange.status != 200:
        return [
            finding(
                Severity.WARNING,
                f"{url} answers HTTP {exchange.status}; when offered it must be readable without authentication",
                exchange,
                headers=DOCUMENT_HEADERS,
            )
        ]
    if exchange.truncated:
        return [finding(Severity.WARNING, f"{url}: the body is {exchange.cut_off}; not compared", exchange)]
    try:
        # cgcomply's YAML loader (YAML 1.2 as the official linter reads it, dates stay strings), with an
        # expanded-size budget: nested aliases cannot blow up when they are expanded for the comparison
        as_json = published_as_json(exchange.body, url, ctx.options.max_document_bytes)
    except (DocumentError, ValueError, TypeError, RecursionError) as error:
        text = error.message if isinstance(error, DocumentError) else str(error)
        message = text.splitlines()[0] if text else type(error).__name__
        return [finding(Severity.ERROR, f"{url} is offered but is not valid YAML: {message}", exchange)]
    if as_json != document:
        return [
            finding(
                Severity.ERROR,
                f"{url} does not hold the same description as openapi.json",
                exchange,
                headers=DOCUMENT_HEADERS,
            )
        ]
    return [finding(Severity.INFO, f"{url} is offered and holds the same description", exchange)]


PROBE = Probe(info=CHECK, run=run, order=10)
