"""probe.invalid-input: bad input gets 400 Bad Request.

ADR 2.2.0 ``/core/error-handling/invalid-input`` (MUST): invalid input (syntax, bad or missing query
parameters, schema violations) results in 400 Bad Request, explicitly not 422.

The error is provoked with a safe GET: the collection with a declared, typed query parameter set to an
impossible value (``page=not-a-number``); when the document declares none, an unknown query parameter. An
API that ignores an unknown parameter is not clearly wrong, so that case is left to a person
(``manual``), while an accepted impossible value of a declared parameter fails.
"""

from __future__ import annotations

from cgcomply.http import Exchange
from cgcomply.i18n import Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import finding, judged, no_document, unusable
from cgcomply.probes.context import InvalidQuery, ProbeContext
from cgcomply.results import CheckInfo, CheckResult, Kind, Level, Severity, Status

CHECK = CheckInfo(
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

HEADERS = ("content-type", "api-version")


def provoke_bad_request(ctx: ProbeContext) -> tuple[Exchange, InvalidQuery] | None:
    chosen = ctx.invalid_query()
    if chosen is None:
        return None
    url, query = chosen
    return ctx.get_json(url), query


def run(ctx: ProbeContext) -> CheckResult:
    provoked = provoke_bad_request(ctx)
    if provoked is None:
        if ctx.document is None:
            return no_document(CHECK)
        return CheckResult(
            info=CHECK,
            status=Status.NOT_APPLICABLE,
            reason="the document has no GET path without parameters to send a bad query parameter to",
        )
    exchange, query = provoked
    problem = unusable(CHECK, exchange, "bad query parameter")
    if problem:
        return problem
    what = (
        f"{query.name}={query.value} ({query.reason})"
        if query.declared
        else f"the unknown query parameter {query.name}"
    )
    status = exchange.status or 0
    if status == 400:
        return judged(CHECK, [finding(Severity.INFO, f"{what} -> 400", exchange, headers=HEADERS)])
    if status == 422:
        message = f"{what} -> 422; the ADR requires 400 for invalid input, not 422"
    elif 200 <= status < 300 and not query.declared:
        return CheckResult(
            info=CHECK,
            status=Status.MANUAL,
            findings=[finding(Severity.WARNING, f"{what} -> {status}: the parameter is ignored", exchange)],
            reason="the API ignores an unknown query parameter and the document declares no typed query "
            "parameter to send an impossible value for; judge by hand whether invalid input gets 400",
        )
    elif 200 <= status < 300:
        message = f"{what} -> {status}: the invalid value was accepted; 400 expected"
    else:
        message = f"{what} -> {status}; 400 expected"
    return judged(CHECK, [finding(Severity.ERROR, message, exchange, headers=HEADERS)])


PROBE = Probe(info=CHECK, run=run, order=60)
