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
from cgcomply.probes.common import could_not_run, finding, judged, message, with_common
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
    messages=with_common(
        {
            "not-retrievable": Text(
                "{url} is niet op te halen: {error}", "{url} is not retrievable: {error}"
            ),
            "not-fetched": Text(
                "{url} kon niet worden opgehaald: {error}", "{url} could not be fetched: {error}"
            ),
            "other-host": Text(
                "{url} verwijst door naar een andere host ({target}); het document moet op "
                "<base>/openapi.json zelf staan (de doorverwijzing is niet gevolgd)",
                "{url} redirects to another host ({target}); the document must be at <base>/openapi.json "
                "itself (the redirect was not followed)",
            ),
            "auth": Text(
                "{url} vraagt authenticatie (HTTP {status}{via}); de ADR vraagt dat het document zonder op te "
                "halen is",
                "{url} requires authentication (HTTP {status}{via}); the ADR requires that the document can be "
                "fetched without",
            ),
            "not-published": Text(
                "het document is niet gepubliceerd op {url}: HTTP {status}{via}",
                "the document is not published at {url}: HTTP {status}{via}",
            ),
            "problem": Text("{url}: {problem}", "{url}: {problem}"),
            "published": Text(
                "OpenAPI {version}-document gepubliceerd op {url}",
                "OpenAPI {version} document published at {url}",
            ),
            "media-type": Text(
                "{url} wordt geleverd als {media}; application/json wordt verwacht",
                "{url} is served as {media}; application/json is expected",
            ),
            "cors": Text(
                "Access-Control-Allow-Origin op {url} is {shown}; het moet '*' zijn zodat elke origin het "
                "document kan lezen",
                "Access-Control-Allow-Origin on {url} is {shown}; it must be '*' so that every origin can read "
                "the document",
            ),
            "yaml-not-fetched": Text(
                "{url} kon niet worden opgehaald: {error}", "{url} could not be fetched: {error}"
            ),
            "yaml-not-offered": Text(
                "{url} wordt niet aangeboden (optioneel)", "{url} is not offered (optional)"
            ),
            "yaml-status": Text(
                "{url} geeft HTTP {status}; als het wordt aangeboden moet het zonder authenticatie te lezen zijn",
                "{url} answers HTTP {status}; when offered it must be readable without authentication",
            ),
            "yaml-truncated": Text(
                "{url}: de body is {why}; niet vergeleken", "{url}: the body is {why}; not compared"
            ),
            "yaml-invalid": Text(
                "{url} wordt aangeboden maar is geen geldige YAML: {error}",
                "{url} is offered but is not valid YAML: {error}",
            ),
            "yaml-differs": Text(
                "{url} bevat niet dezelfde beschrijving als openapi.json",
                "{url} does not hold the same description as openapi.json",
            ),
            "yaml-same": Text(
                "{url} wordt aangeboden en bevat dezelfde beschrijving",
                "{url} is offered and holds the same description",
            ),
        }
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
ABSENT = Text("afwezig", "absent")
NO_TYPE = Text("geen Content-Type", "no Content-Type")


def document_exchange(ctx: ProbeContext, *, credentials: bool = False) -> Exchange:
    """``GET <base>/openapi.json`` as this probe sends it (cached: the runner and the CORS probe reuse it)."""
    return ctx.fetch(
        "GET",
        ctx.url("/openapi.json"),
        ACCEPT_JSON,
        credentials=credentials,
        max_body_bytes=ctx.options.max_document_bytes,
    )


def _via(exchange: Exchange) -> Text | str:
    """The redirects that led to the answer, with their targets ('' when there were none)."""
    if not exchange.redirects:
        return ""
    shown = exchange.describe()
    return Text(f", na doorverwijzing: {shown}", f", after a redirect: {shown}")


def parse_document(exchange: Exchange) -> tuple[dict[str, Any] | None, Text | None]:
    """``(document, None)`` for a usable OpenAPI 3 document, else ``(None or the JSON, problem)``."""
    if exchange.truncated:
        why = exchange.cut_off or "incomplete"
        return None, Text(
            f"de body is {why} (eindeloos, te groot of te traag); het lezen is gestopt",
            f"the body is {why} (endless, too large or too slow); reading stopped",
        )
    if exchange.looks_like_html():
        return None, Text(
            "het antwoord is een HTML-pagina, geen OpenAPI-document (een portaal of inlogpagina?)",
            "the response is an HTML page, not an OpenAPI document (a portal or login page?)",
        )
    try:
        data = json.loads(exchange.body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        return None, Text(f"de body is geen geldige JSON: {error}", f"the body is not valid JSON: {error}")
    if not isinstance(data, dict):
        return None, Text(
            "de JSON is geen object, dus geen OpenAPI-document",
            "the JSON is not an object, so not an OpenAPI document",
        )
    if "swagger" in data and "openapi" not in data:
        swagger = data.get("swagger")
        return data, Text(
            f"een Swagger {swagger}-document; de ADR vraagt OpenAPI 3",
            f"a Swagger {swagger} document; the ADR requires OpenAPI 3",
        )
    version = data.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        return data, Text(
            "geen OpenAPI 3-document: het veld 'openapi' ontbreekt of is geen 3.x",
            "not an OpenAPI 3 document: the 'openapi' field is missing or not 3.x",
        )
    return data, None


def run(ctx: ProbeContext) -> CheckResult:
    exchange = document_exchange(ctx)
    url = ctx.url("/openapi.json")
    if exchange.error_kind in ("redirect-loop", "too-many-redirects"):
        text = message(CHECK, "not-retrievable", url=url, error=exchange.error_message or exchange.error)
        return judged(CHECK, [finding(Severity.ERROR, text, exchange, headers=DOCUMENT_HEADERS)])
    if exchange.failed:
        return could_not_run(
            CHECK,
            message(CHECK, "not-fetched", url=url, error=exchange.error_message or exchange.error),
            exchange,
        )
    if exchange.blocked_redirect:
        return judged(
            CHECK,
            [
                finding(
                    Severity.ERROR,
                    message(CHECK, "other-host", url=url, target=exchange.blocked_redirect),
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
                    message(CHECK, "auth", url=url, status=exchange.status, via=_via(exchange)),
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
                    message(CHECK, "not-published", url=url, status=exchange.status, via=_via(exchange)),
                    exchange,
                    headers=DOCUMENT_HEADERS,
                )
            ],
        )
    document, problem = parse_document(exchange)
    if problem and exchange.truncated:
        return could_not_run(CHECK, message(CHECK, "problem", url=url, problem=problem), exchange)
    if problem:
        return judged(
            CHECK,
            [
                finding(
                    Severity.ERROR,
                    message(CHECK, "problem", url=url, problem=problem),
                    exchange,
                    headers=DOCUMENT_HEADERS,
                )
            ],
        )
    assert document is not None
    findings = [
        finding(
            Severity.INFO,
            message(CHECK, "published", version=str(document.get("openapi")), url=exchange.final_url),
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
                message(CHECK, "media-type", url=url, media=exchange.media_type or NO_TYPE),
                exchange,
                headers=DOCUMENT_HEADERS,
            )
        )
    allow_origin = (exchange.header("access-control-allow-origin") or "").strip()
    if allow_origin != "*":
        shown: Text | str = f"'{allow_origin}'" if allow_origin else ABSENT
        findings.append(
            finding(
                Severity.ERROR,
                message(CHECK, "cors", url=url, shown=shown),
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
        return [
            finding(
                Severity.WARNING,
                message(CHECK, "yaml-not-fetched", url=url, error=exchange.error_message or exchange.error),
                exchange,
            )
        ]
    if exchange.status in NOT_OFFERED or exchange.blocked_redirect:
        return [
            finding(
                Severity.INFO, message(CHECK, "yaml-not-offered", url=url), exchange, headers=DOCUMENT_HEADERS
            )
        ]
    if exchange.status != 200:
        return [
            finding(
                Severity.WARNING,
                message(CHECK, "yaml-status", url=url, status=exchange.status),
                exchange,
                headers=DOCUMENT_HEADERS,
            )
        ]
    if exchange.truncated:
        why = exchange.cut_off or "incomplete"
        return [finding(Severity.WARNING, message(CHECK, "yaml-truncated", url=url, why=why), exchange)]
    try:
        # cgcomply's YAML loader (YAML 1.2 as the official linter reads it, dates stay strings), with an
        # expanded-size budget: nested aliases cannot blow up when they are expanded for the comparison
        as_json = published_as_json(exchange.body, url, ctx.options.max_document_bytes)
    except DocumentError as error:
        text = message(CHECK, "yaml-invalid", url=url, error=error.message.splitlines()[0])
        return [finding(Severity.ERROR, text, exchange)]
    if as_json != document:
        return [
            finding(
                Severity.ERROR,
                message(CHECK, "yaml-differs", url=url),
                exchange,
                headers=DOCUMENT_HEADERS,
            )
        ]
    return [finding(Severity.INFO, message(CHECK, "yaml-same", url=url), exchange)]


PROBE = Probe(info=CHECK, run=run, order=10)
