"""probe.problem-details: provoked errors are RFC 9457 problem details.

ADR 2.2.0 ``/core/error-handling/problem-details`` (MUST): 4xx and 5xx responses use
``application/problem+json`` (or ``application/problem+xml``) following RFC 9457, with ``status``,
``title`` and ``detail`` present. (Whether bad input gets 400 is :mod:`~cgcomply.probes.invalid_input`.)

The errors are provoked with safe GET requests only:

* 404 on a known route: an item of a collection from the document, with an id that fits the declared type
  (a UUID that does not exist), sent with the header parameters the operation requires;
* 404 on an unknown route: a path under the base URL that no API declares (a framework's HTML "Not Found"
  page there is a finding, as on any route);
* 400: the requests of the invalid-input probe (declared query parameters with impossible values).

A 401/403 (no credentials given) or a 406/412/415 (the server's precondition on the request, such as a
missing ``Accept-Crs``) is not an error this probe provoked: it is shown as not judged. While a
precondition answer remains and nothing failed, the check is not decided.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cgcomply.http import Exchange
from cgcomply.i18n import Param, Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import (
    could_not_run,
    finding,
    is_precondition,
    joined,
    judged,
    message,
    unusable,
    with_common,
)
from cgcomply.probes.context import ProbeContext
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

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
        "Verzoeken om een onbekende resource op een bekende route en op een onbekende route (404) en met "
        "foute queryparameters (400): Content-Type application/problem+json (of +xml) en een body met "
        "status, title en detail.",
        "Requests for an unknown resource on a known route and on an unknown route (404), and with bad "
        "query parameters (400): Content-Type application/problem+json (or +xml) and a body with status, "
        "title and detail.",
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
    messages=with_common(
        {
            "no-error": Text(
                "{label}: {request}, geen fout om te beoordelen",
                "{label}: {request}, no error to judge",
            ),
            "precondition-left": Text(
                "niet elke uitgelokte fout kon worden beoordeeld: {details}",
                "not every provoked error could be judged: {details}",
            ),
            "nothing-provoked": Text(
                "kon geen foutantwoord uitlokken om te beoordelen: {details}",
                "could not provoke an error response to judge: {details}",
            ),
            "wrong-type": Text(
                "{label}: {request} met Content-Type {media}; application/problem+json of "
                "application/problem+xml verwacht",
                "{label}: {request} with Content-Type {media}; application/problem+json or "
                "application/problem+xml expected",
            ),
            "truncated": Text(
                "{label}: {request}: de body is {why}; niet beoordeeld",
                "{label}: {request}: the body is {why}; not judged",
            ),
            "not-object": Text(
                "{label}: {request}: de body is geen JSON-object",
                "{label}: {request}: the body is not a JSON object",
            ),
            "bad-xml": Text(
                "{label}: {request}: de body is geen welgevormde XML: {error}",
                "{label}: {request}: the body is not well-formed XML: {error}",
            ),
            "lacks": Text(
                "{label}: {request}: de problem details missen {members}",
                "{label}: {request}: the problem details lack {members}",
            ),
            "ok": Text(
                "{label}: {request}: {media} met status, title en detail",
                "{label}: {request}: {media} with status, title and detail",
            ),
            "status-differs": Text(
                "{label}: {request}: het status-veld ({value}) wijkt af van de HTTP-status",
                "{label}: {request}: the status member ({value}) differs from the HTTP status",
            ),
        }
    ),
)

PROBLEM_TYPES = ("application/problem+json", "application/problem+xml")
MEMBERS = ("status", "title", "detail")
HEADERS = ("content-type", "api-version", "location")


def run(ctx: ProbeContext) -> CheckResult:
    info = CHECK
    planned = [ctx.unknown_item(), ctx.unknown_route()]
    attempts: list[tuple[Text, Exchange]] = []
    for item in dict.fromkeys(planned):
        label = Text(f"onbekende resource ({item.what.nl})", f"unknown resource ({item.what.en})")
        attempts.append((label, ctx.get(item)))
    for item, _ in ctx.invalid_queries():
        given = item.what
        attempts.append(
            (Text(f"foute queryparameter {given.nl}", f"bad query parameter {given.en}"), ctx.get(item))
        )
    findings: list[Finding] = []
    preconditions: list[Finding] = []
    judged_errors = 0
    for label, exchange in attempts:
        problem = unusable(info, exchange, label)
        if problem is not None:
            found = finding(Severity.WARNING, problem.reason or label, exchange, headers=HEADERS)
            findings.append(found)
            if is_precondition(exchange):
                preconditions.append(found)
            continue
        if (exchange.status or 0) < 400:
            text = message(info, "no-error", label=label, request=exchange.describe())
            findings.append(finding(Severity.INFO, text, exchange, headers=HEADERS))
            continue
        judged_errors += 1
        findings.extend(_judge_problem(label, exchange))
    if judged_errors == 0:
        return could_not_run(info, message(info, "nothing-provoked", details=joined(findings)))
    result = judged(info, findings)
    if result.status is not Status.FAIL and preconditions:
        reason = message(info, "precondition-left", details=joined(preconditions))
        return CheckResult(info=info, status=Status.ERROR, findings=findings, reason=reason)
    return result


def _judge_problem(label: Text, exchange: Exchange) -> list[Finding]:
    request = exchange.describe()

    def found(severity: Severity, key: str, **params: Param) -> Finding:
        text = message(CHECK, key, label=label, request=request, **params)
        return finding(severity, text, exchange, headers=HEADERS)

    media = exchange.media_type
    if media not in PROBLEM_TYPES:
        return [found(Severity.ERROR, "wrong-type", media=media or "(none)")]
    if exchange.truncated:
        return [found(Severity.ERROR, "truncated", why=exchange.cut_off or "incomplete")]
    members: dict[str, object] = {}
    if media == "application/problem+json":
        data = exchange.json()
        if not isinstance(data, dict):
            return [found(Severity.ERROR, "not-object")]
        members = data
    else:
        try:
            root = ET.fromstring(exchange.body)
        except ET.ParseError as error:
            return [found(Severity.ERROR, "bad-xml", error=str(error))]
        members = {element.tag.rsplit("}", 1)[-1]: (element.text or "") for element in root}
    missing = [name for name in MEMBERS if name not in members]
    if missing:
        return [found(Severity.ERROR, "lacks", members=", ".join(missing))]
    result = [found(Severity.INFO, "ok", media=media)]
    if str(members["status"]).strip() != str(exchange.status):
        result.append(found(Severity.WARNING, "status-differs", value=str(members["status"])))
    return result


PROBE = Probe(info=CHECK, run=run, order=50)
