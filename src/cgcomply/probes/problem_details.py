"""probe.problem-details and probe.invalid-input: provoked errors are RFC 9457 problem details; bad input
gets 400.

ADR 2.2.0 ``/core/error-handling/problem-details`` (MUST): 4xx and 5xx responses use
``application/problem+json`` (or ``application/problem+xml``) following RFC 9457, with ``status``,
``title`` and ``detail`` present. ADR 2.2.0 ``/core/error-handling/invalid-input`` (MUST): invalid input
(syntax, bad or missing query parameters, schema violations) results in 400 Bad Request, explicitly not
422.

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
from cgcomply.probes.common import could_not_run, finding, judged, no_document, unusable
from cgcomply.probes.context import InvalidQuery, ProbeContext
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

PROBLEM_DETAILS_CHECK = CheckInfo(
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

INVALID_INPUT_CHECK = CheckInfo(
    id="probe.invalid-input",
    adr_rule="/core/error-handling/invalid-input",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=("2.2.0",),
    title=Text(
        "Ongeldige invoer (een foute queryparameter) krijgt 400 Bad Request, niet 422 of 200",
        "Invalid input (a bad query parameter) gets 400 Bad Request, not 422 or 200",
    ),
    what=Text(
        "GET op een collectie met een gedeclareerde, getypeerde queryparameter met een onmogelijke waarde "
        "(of, als er geen is, een onbekende parameter) moet 400 geven.",
        "GET on a collection with a declared, typed query parameter set to an impossible value (or, when "
        "none is declared, an unknown parameter) must answer 400.",
    ),
    why=Text(
        "Afnemers horen meteen dat hun verzoek fout was en waarom, in plaats van stilzwijgend "
        "ongefilterde gegevens te krijgen; de ADR noemt 400 en niet 422 voor elke soort ongeldige invoer.",
        "Clients learn at once that their request was wrong and why, instead of getting silently "
        "unfiltered data; the ADR names 400 and not 422 for every kind of invalid input.",
    ),
    fix=Text(
        "Valideer queryparameters tegen hun schema en antwoord 400 met een problem+json-body die de "
        "ongeldige parameters noemt.",
        "Validate query parameters against their schema and answer 400 with a problem+json body that lists "
        "the invalid parameters.",
    ),
    explanation=Text(
        "Ongeldige invoer, zoals een queryparameter met een onmogelijke waarde, moet de API weigeren met "
        "400 Bad Request.",
        "The API must refuse invalid input, such as a query parameter with an impossible value, with "
        "400 Bad Request.",
    ),
)

PROBLEM_TYPES = ("application/problem+json", "application/problem+xml")
MEMBERS = ("status", "title", "detail")
HEADERS = ("content-type", "api-version")


def provoke_not_found(ctx: ProbeContext) -> tuple[Exchange, str]:
    url, how = ctx.item_url()
    return ctx.get_json(url), how


def provoke_bad_request(ctx: ProbeContext) -> tuple[Exchange, InvalidQuery] | None:
    chosen = ctx.invalid_query()
    if chosen is None:
        return None
    url, query = chosen
    return ctx.get_json(url), query


def run_invalid_input(ctx: ProbeContext) -> CheckResult:
    provoked = provoke_bad_request(ctx)
    if provoked is None:
        if ctx.document is None:
            return no_document(INVALID_INPUT_CHECK)
        return CheckResult(
            info=INVALID_INPUT_CHECK,
            status=Status.NOT_APPLICABLE,
            reason="the document has no GET path without parameters to send a bad query parameter to",
        )
    exchange, query = provoked
    problem = unusable(INVALID_INPUT_CHECK, exchange, "bad query parameter")
    if problem:
        return problem
    what = (
        f"{query.name}={query.value} ({query.reason})"
        if query.declared
        else f"the unknown query parameter {query.name}"
    )
    status = exchange.status or 0
    if status == 400:
        return judged(
            INVALID_INPUT_CHECK, [finding(Severity.INFO, f"{what} -> 400", exchange, headers=HEADERS)]
        )
    if status == 422:
        message = f"{what} -> 422; the ADR requires 400 for invalid input, not 422"
    elif 200 <= status < 300 and not query.declared:
        return CheckResult(
            info=INVALID_INPUT_CHECK,
            status=Status.MANUAL,
            findings=[finding(Severity.WARNING, f"{what} -> {status}: the parameter is ignored", exchange)],
            reason="the API ignores an unknown query parameter and the document declares no typed query "
            "parameter to send an impossible value for; judge by hand whether invalid input gets 400",
        )
    elif 200 <= status < 300:
        message = f"{what} -> {status}: the invalid value was accepted; 400 expected"
    else:
        message = f"{what} -> {status}; 400 expected"
    return judged(INVALID_INPUT_CHECK, [finding(Severity.ERROR, message, exchange, headers=HEADERS)])


def run_problem_details(ctx: ProbeContext) -> CheckResult:
    info = PROBLEM_DETAILS_CHECK
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
            "could not provoke an error response to judge: " + "; ".join(f.message for f in findings),
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


run = run_problem_details
