"""probe.problem-details: provoked errors are RFC 9457 problem details.

ADR 2.2.0 ``/core/error-handling/problem-details`` (MUST): 4xx and 5xx responses use
``application/problem+json`` (or ``application/problem+xml``) following RFC 9457, with ``status``,
``title`` and ``detail`` present. (Whether bad input gets 400 is :mod:`~cgcomply.probes.invalid_input`.)

Both errors are provoked with safe GET requests only:

* 404: an unknown resource: an item of a collection from the document, with an id that fits the declared
  type (a UUID that does not exist), else an unknown path under the base URL;
* 400: the collection with a declared, typed query parameter set to an impossible value (``page=not-a-
  number``); when the document declares none, an unknown query parameter. An API that ignores an unknown
  parameter is not clearly wrong, so that case is left to a person (``manual``), while an accepted
  impossible value of a declared parameter fails.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cgcomply.http import Exchange
from cgcomply.i18n import Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import could_not_run, finding, judged, unusable
from cgcomply.probes.context import ProbeContext
from cgcomply.probes.invalid_input import provoke_bad_request
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity

CHECK = CheckInfo(
    id="probe.problem-details",
    adr_rule="/core/error-handling/problem-details",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=("2.2.0",),
    title=Text(
        "Uitgelokte fouten (404, 400) zijn problem details (RFC 9457) met status, title en detail",
        "Provoked 404 and 400 errors are problem details (RFC 9457) with status, title and detail",
    ),
    what=Text(
        "Een verzoek om een onbekende resource (404) en een met een foute queryparameter (400): "
        "Content-Type application/problem+json (of +xml) en een body met status, title en detail.",
        "A request for an unknown resource (404) and one with a bad query parameter (400): Content-Type "
        "application/problem+json (or +xml) and a body with status, title and detail.",
    ),
    why=Text(
        "Eén machineleesbaar foutformaat voor alle overheids-API's: afnemers verwerken fouten overal op "
        "dezelfde manier, en gebruikers krijgen een leesbare uitleg.",
        "One machine-readable error format for all government APIs: clients handle errors the same way "
        "everywhere, and users get a readable explanation.",
    ),
    fix=Text(
        'Geef fouten terug als application/problem+json, bijvoorbeeld {{"status": 404, "title": "Not '
        'Found", "detail": "Zaak 123 bestaat niet"}}, vanuit één foutafhandeling voor elke route.',
        'Return errors as application/problem+json, e.g. {{"status": 404, "title": "Not Found", '
        '"detail": "Zaak 123 bestaat niet"}}, from one error handler for every route.',
    ),
    explanation=Text(
        "Foutmeldingen moeten het standaardformaat problem details (RFC 9457) volgen, met de velden "
        "status, title en detail, zodat elke client fouten op dezelfde manier kan verwerken.",
        "Error messages must follow the standard problem details format (RFC 9457), with the fields "
        "status, title and detail, so that every client can handle errors the same way.",
    ),
)

PROBLEM_TYPES = ("application/problem+json", "application/problem+xml")
MEMBERS = ("status", "title", "detail")
HEADERS = ("content-type", "api-version")


def provoke_not_found(ctx: ProbeContext) -> tuple[Exchange, str]:
    url, how = ctx.item_url()
    return ctx.get_json(url), how


def run(ctx: ProbeContext) -> CheckResult:
    info = CHECK
    attempts: list[tuple[str, Exchange]] = []
    not_found, how = provoke_not_found(ctx)
    attempts.append((f"unknown resource ({how})", not_found))
    bad = provoke_bad_request(ctx)
    if bad is not None:
        attempts.append((f"bad query parameter {bad[1].name}={bad[1].value}", bad[0]))
    findings: list[Finding] = []
    judged_errors = 0
    for label, exchange in attempts:
        if unusable(info, exchange, label) is not None:
            findings.append(
                finding(Severity.WARNING, f"{label}: {exchange.describe()} (not judged)", exchange)
            )
            continue
        if (exchange.status or 0) < 400:
            findings.append(
                finding(Severity.INFO, f"{label}: answered {exchange.status}, no error to judge", exchange)
            )
            continue
        judged_errors += 1
        findings.extend(_judge_problem(label, exchange))
    if judged_errors == 0:
        return could_not_run(
            info,
            "could not provoke an error response to judge: " + "; ".join(str(f.message) for f in findings),
        )
    return judged(info, findings)


def _judge_problem(label: str, exchange: Exchange) -> list[Finding]:
    where = f"{label}: {exchange.method} {exchange.url} -> {exchange.status}"
    media = exchange.media_type
    if media not in PROBLEM_TYPES:
        return [
            finding(
                Severity.ERROR,
                f"{where} with Content-Type {media or '(none)'}; application/problem+json or "
                "application/problem+xml expected",
                exchange,
                headers=HEADERS,
            )
        ]
    members, problem = _members(exchange, media)
    if problem:
        return [finding(Severity.ERROR, f"{where}: {problem}", exchange, headers=HEADERS)]
    missing = [name for name in MEMBERS if name not in members]
    if missing:
        return [
            finding(
                Severity.ERROR,
                f"{where}: the problem details lack {', '.join(missing)}",
                exchange,
                headers=HEADERS,
            )
        ]
    result = [
        finding(Severity.INFO, f"{where}: {media} with status, title and detail", exchange, headers=HEADERS)
    ]
    if str(members["status"]).strip() != str(exchange.status):
        result.append(
            finding(
                Severity.WARNING,
                f"{where}: the status member ({members['status']}) differs from the HTTP status",
                exchange,
                headers=HEADERS,
            )
        )
    return result


def _members(exchange: Exchange, media: str) -> tuple[dict[str, object], str | None]:
    if exchange.truncated:
        return {}, f"the body is {exchange.cut_off or 'incomplete'}; not judged"
    if media == "application/problem+json":
        data = exchange.json()
        if not isinstance(data, dict):
            return {}, "the body is not a JSON object"
        return data, None
    try:
        root = ET.fromstring(exchange.body)
    except ET.ParseError as error:
        return {}, f"the body is not well-formed XML: {error}"
    return {element.tag.rsplit("}", 1)[-1]: (element.text or "") for element in root}, None


PROBE = Probe(info=CHECK, run=run, order=50)
