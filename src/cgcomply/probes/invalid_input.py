"""probe.invalid-input: bad input gets 400 Bad Request.

ADR 2.2.0 ``/core/error-handling/invalid-input`` (MUST): invalid input (syntax, bad or missing query
parameters, schema violations) results in 400 Bad Request, explicitly not 422.

The error is provoked with safe GETs on the collection: up to five distinct declared, typed query
parameters, each set to an impossible value (``page=not-a-number``, ``archiefnominatie=cgcomply-not-in-
enum``), with the header parameters the operation requires (``Accept-Crs``); every one tried is reported
with its answer, and one that is not 400 fails the check. When the document declares none, an unknown
query parameter is sent: an API that ignores it is not clearly wrong, so that case is left to a person
(``manual``). A 406/412/415 is the server's precondition on the request, not an answer about invalid
input: while one remains the check is not decided (``error``), never failed for it.
"""

from __future__ import annotations

from cgcomply.http import Exchange
from cgcomply.i18n import Param, Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import (
    finding,
    joined,
    judged,
    message,
    no_document,
    unusable,
    with_common,
)
from cgcomply.probes.context import InvalidQuery, Planned, ProbeContext
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

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
        "(tot vijf verschillende parameters, elk apart; als er geen is, een onbekende parameter) moet 400 "
        "geven. Elke geprobeerde parameter staat met zijn antwoord in het rapport.",
        "GET on a collection with a declared, typed query parameter set to an impossible value (up to five "
        "distinct parameters, one at a time; when none is declared, an unknown parameter) must answer 400. "
        "Every parameter tried is in the report with its answer.",
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
    messages=with_common(
        {
            "no-collection": Text(
                "het document heeft geen GET-pad zonder parameters om een foute queryparameter naar te sturen",
                "the document has no GET path without parameters to send a bad query parameter to",
            ),
            "ok": Text("{what} -> 400", "{what} -> 400"),
            "422": Text(
                "{what} -> 422; de ADR vraagt 400 voor ongeldige invoer, niet 422",
                "{what} -> 422; the ADR requires 400 for invalid input, not 422",
            ),
            "ignored": Text(
                "{what} -> {status}: de parameter wordt genegeerd",
                "{what} -> {status}: the parameter is ignored",
            ),
            "ignored-manual": Text(
                "de API negeert een onbekende queryparameter en het document declareert geen getypeerde "
                "queryparameter om een onmogelijke waarde voor te sturen; beoordeel met de hand of ongeldige "
                "invoer 400 krijgt",
                "the API ignores an unknown query parameter and the document declares no typed query "
                "parameter to send an impossible value for; judge by hand whether invalid input gets 400",
            ),
            "accepted": Text(
                "{what} -> {status}: de ongeldige waarde is geaccepteerd; 400 verwacht",
                "{what} -> {status}: the invalid value was accepted; 400 expected",
            ),
            "other": Text("{what} -> {status}; 400 verwacht", "{what} -> {status}; 400 expected"),
            "redirect": Text(
                "{what} -> {status} (doorverwijzing naar {location}); 400 verwacht",
                "{what} -> {status} (redirect to {location}); 400 expected",
            ),
            "undecided": Text(
                "niet elke geprobeerde parameter kon worden beoordeeld: {details}",
                "not every parameter tried could be judged: {details}",
            ),
        }
    ),
)

HEADERS = ("content-type", "api-version", "location")
NO_LOCATION = Text("geen Location", "no Location")


def _what(query: InvalidQuery) -> Text:
    if not query.declared:
        return Text(f"de onbekende queryparameter {query.name}", f"the unknown query parameter {query.name}")
    given = f"{query.name}={query.value}"
    return Text(f"{given} ({query.reason.nl})", f"{given} ({query.reason.en})")


def _judge(planned: Planned, query: InvalidQuery, exchange: Exchange) -> tuple[Finding, bool]:
    """The finding of one attempt and whether it was decided."""
    what = _what(query)
    problem = unusable(CHECK, exchange, what)
    if problem is not None:
        return finding(Severity.WARNING, problem.reason or what, exchange, headers=HEADERS), False
    status = exchange.status or 0
    params: dict[str, Param] = {"what": what, "status": status}
    if status == 400:
        return finding(Severity.INFO, message(CHECK, "ok", what=what), exchange, headers=HEADERS), True
    if status == 422:
        key = "422"
    elif 200 <= status < 300 and not query.declared:
        return finding(Severity.WARNING, message(CHECK, "ignored", **params), exchange), True
    elif 200 <= status < 300:
        key = "accepted"
    elif 300 <= status < 400:
        key = "redirect"
        params["location"] = exchange.header("location") or NO_LOCATION
    else:
        key = "other"
    return finding(Severity.ERROR, message(CHECK, key, **params), exchange, headers=HEADERS), True


def run(ctx: ProbeContext) -> CheckResult:
    attempts = ctx.invalid_queries()
    if not attempts:
        if ctx.document is None:
            return no_document(CHECK)
        return CheckResult(info=CHECK, status=Status.NOT_APPLICABLE, reason=message(CHECK, "no-collection"))
    findings: list[Finding] = []
    undecided: list[Finding] = []
    for planned, query in attempts:
        found, decided = _judge(planned, query, ctx.get(planned))
        findings.append(found)
        if not decided:
            undecided.append(found)
    if any(item.severity is Severity.ERROR for item in findings):
        return judged(CHECK, findings)
    if undecided:
        reason = (
            undecided[0].message
            if len(undecided) == len(findings) == 1
            else message(CHECK, "undecided", details=joined(undecided))
        )
        return CheckResult(info=CHECK, status=Status.ERROR, findings=findings, reason=reason)
    if len(attempts) == 1 and not attempts[0][1].declared and findings[0].severity is Severity.WARNING:
        return CheckResult(
            info=CHECK, status=Status.MANUAL, findings=findings, reason=message(CHECK, "ignored-manual")
        )
    return judged(CHECK, findings)


PROBE = Probe(info=CHECK, run=run, order=60)
