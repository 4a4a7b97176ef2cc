"""Live check ``probe.conformance`` (opt-in, ``--conformance``): does the running API answer as its OpenAPI
document says? Requests are generated with schemathesis (hypothesis strategies from the document) and every
response is validated with schemathesis' checks: no server errors, documented status codes, documented
content types, response bodies valid against their schemas, documented response headers.

Safety (DESIGN.md, "Probing a supplier's API safely"):

* only GET, HEAD and OPTIONS operations, unless ``--allow-unsafe-methods``;
* every request, with or without a body, goes through the run's :class:`~cgcomply.http.SafeClient` (one
  origin, the host's one rate and concurrency limit shared with the other probes, a total deadline, a body
  cap after decoding, no redirects, credentials only to the target origin and masked); schemathesis only
  generates the cases and validates the responses, it never opens a connection of its own;
* a budget: at most ``conformance_max_requests`` requests and ``conformance_max_seconds`` of wall time,
  spread over the operations; generation stops when either is spent, and the result says how many requests
  were sent;
* hypothesis runs quietly, with a fixed seed per operation (the same document and API give the same
  requests), without an example database and without shrinking (a failure is recorded, not re-run).

Which ADR rule: ``/core/doc-openapi`` ("API documentation MUST be provided in the form of an OpenAPI
definition document"), whose rationale is that the document lets "both humans and computers discover and
understand the capabilities of the service" and lets tools "automate tasks such as testing". A document
that does not describe the API's real behaviour fails that purpose. ``/core/publish-openapi`` is only about
*where* the document is published (location, no authentication, CORS), so it is not the rule. The ADR text
itself never states "the implementation MUST conform to the document", and its how-to-test for
``/core/doc-openapi`` only parses the document; therefore this check is SHOULD-level: its failures are
reported, but on their own never make a requirement fail.
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from cgcomply.errors import CgcomplyError
from cgcomply.http import SAFE_METHODS, UNSAFE_METHODS, redact
from cgcomply.i18n import Message, Param, Text, Translatable, quoted, render
from cgcomply.probes.base import Probe
from cgcomply.probes.common import message, with_common
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

if TYPE_CHECKING:
    from cgcomply.probes.context import ProbeContext

CONFORMANCE_CHECK = CheckInfo(
    id="probe.conformance",
    adr_rule="/core/doc-openapi",
    kind=Kind.LIVE,
    level=Level.SHOULD,
    adr_versions=("2.0.2", "2.1.0", "2.2.0"),
    title=Text(
        "De antwoorden van de API komen overeen met het OpenAPI-document (schemathesis)",
        "The API's responses conform to its OpenAPI document (schemathesis)",
    ),
    what=Text(
        "Maakt verzoeken voor de GET-, HEAD- en OPTIONS-operaties van het document (alle operaties met "
        "--allow-unsafe-methods) en controleert elk antwoord: geen 5xx, een beschreven statuscode, een "
        "beschreven content-type, een body die past bij het antwoordschema, en de beschreven "
        "antwoordheaders. Blijft binnen een budget aan verzoeken en tijd (--max-requests, --max-time).",
        "Generates requests for the document's GET, HEAD and OPTIONS operations (all operations with "
        "--allow-unsafe-methods) and checks every response: no 5xx, a documented status code, a documented "
        "content type, a body valid against the response schema, and the documented response headers. "
        "Runs within a request and time budget (--max-requests, --max-time).",
    ),
    why=Text(
        "ADR /core/doc-openapi maakt het OpenAPI-document de documentatie van de API, zodat mensen en tools "
        "de dienst kunnen begrijpen en gebruiken zonder de code te lezen. Een document dat niet klopt met "
        "de draaiende API misleidt elke client die ermee gebouwd is. De ADR noemt conformiteit niet als "
        "aparte MOET-regel, dus deze controle is van niveau ZOU MOETEN.",
        "ADR /core/doc-openapi makes the OpenAPI document the API's documentation, so that humans and "
        "tools can understand and use the service without reading its code. A document that does not match "
        "the running API misleads every client built from it. The ADR does not state conformance as a "
        "separate MUST, so this check is SHOULD-level.",
    ),
    fix=Text(
        "Verbeter bij elke bevinding de API (hij geeft een statuscode, content-type of body die het document "
        "niet toestaat) of beschrijf wat hij echt teruggeeft (voeg de statuscode toe met een "
        "problem+json-antwoord, verbeter het schema). Herhaal met het verzoek uit het bewijs.",
        "For every finding, either fix the API (it returns a status code, content type or body the document "
        "does not allow) or document what it really returns (add the status code with a problem+json "
        "response, correct the schema). Reproduce with the request in the evidence.",
    ),
    explanation=Text(
        "We sturen (binnen een budget) gegenereerde verzoeken naar de leesoperaties uit het OpenAPI-document "
        "en controleren of statuscode, content-type, body en headers van elk antwoord zijn wat het document "
        "belooft. Een document dat niet klopt met de API misleidt iedere afnemer.",
        "We send generated requests (within a budget) to the read operations of the OpenAPI document and "
        "check that status code, content type, body and headers of every response are what the document "
        "promises. A document that does not match the API misleads every client.",
    ),
    messages=with_common(
        {
            "no-document": Text(
                "geen OpenAPI-document om tegen te testen: <basis>/openapi.json was niet bruikbaar en er is er "
                "geen opgegeven (--oas)",
                "no OpenAPI document to test against: <base>/openapi.json could not be used and none was "
                "given (--oas)",
            ),
            "run-failed": Text(
                "de conformiteitstest liep vast: {error}", "the conformance run failed: {error}"
            ),
            "external-refs": Text(
                "het document heeft {count} externe $ref(s) buiten schema's (zoals {example}); schemathesis "
                "zou die ophalen zonder de $ref-toegangslijst, geef dus een gebundeld document (--oas)",
                "the document has {count} external $ref(s) outside schemas (e.g. {example}); schemathesis "
                "would fetch them without the $ref allow-list, so give a bundled document (--oas)",
            ),
            "cannot-load": Text(
                "schemathesis kan het document niet laden: {error}",
                "schemathesis cannot load the document: {error}",
            ),
            "budget-requests": Text("budget van {max} verzoeken op", "request budget of {max} spent"),
            "budget-time": Text("tijdbudget van {seconds} s op", "time budget of {seconds} s spent"),
            "nothing-generated": Text("niets gegenereerd", "nothing generated"),
            "failure": Text(
                "{operation}: {problem} ({code}, controle {checks})",
                "{operation}: {problem} ({code}, check {checks})",
            ),
            "failure-detail": Text(
                "{operation}: {problem} ({code}, controle {checks}): {detail}",
                "{operation}: {problem} ({code}, check {checks}): {detail}",
            ),
            "more-failures": Text(
                "nog {count} andere fouten niet getoond", "{count} further distinct failures not listed"
            ),
            "operation-not-tested": Text(
                "operatie niet (volledig) getest: {problem}", "operation not (fully) tested: {problem}"
            ),
            "not-validated": Text(
                "{count} antwoorden konden niet worden gecontroleerd: {first}",
                "{count} responses could not be validated: {first}",
            ),
            "external-schemas": Text(
                "{count} schema('s) achter externe $refs zijn niet opgehaald (hier geen $ref-toegangslijst) "
                "en niet gecontroleerd, zoals {example}; geef een gebundeld document (--oas) om ze te controleren",
                "{count} schema(s) behind external $refs were not fetched (no $ref allow-list here) and not "
                "checked, e.g. {example}; give a bundled document (--oas) to check them",
            ),
            "no-responses": Text(
                "{count} verzoeken kregen geen antwoord: {sample}",
                "{count} requests got no response: {sample}",
            ),
            "summary": Text(
                "{sent} verzoeken gestuurd naar {tested} van {operations} operaties in {seconds} s (budget: "
                "{max_requests} verzoeken, {max_seconds} s){rest}",
                "sent {sent} requests to {tested} of {operations} operations in {seconds} s (budget: "
                "{max_requests} requests, {max_seconds} s){rest}",
            ),
            "summary-stopped": Text("; gestopt: {reason}", "; stopped: {reason}"),
            "summary-not-reached": Text("; niet bereikt: {operations}", "; not reached: {operations}"),
            "summary-skipped": Text(
                "; overgeslagen (methode niet toegestaan): {operations}",
                "; skipped (method not allowed): {operations}",
            ),
            "summary-skipped-unsafe": Text(
                "; overgeslagen (onveilige methode, vraagt --allow-unsafe-methods): {operations}",
                "; skipped (unsafe method, needs --allow-unsafe-methods): {operations}",
            ),
            "no-operations": Text(
                "het document beschrijft geen operatie die gestuurd mag worden (GET, HEAD, OPTIONS; andere "
                "vragen --allow-unsafe-methods)",
                "the document declares no operation that may be sent (GET, HEAD, OPTIONS; others need "
                "--allow-unsafe-methods)",
            ),
            "no-operations-unsafe": Text(
                "het document beschrijft geen operatie die gestuurd mag worden",
                "the document declares no operation that may be sent",
            ),
            "no-request-sent": Text("geen verzoek gestuurd: {reason}", "no request sent: {reason}"),
            "no-response-at-all": Text(
                "geen antwoord op een van de {sent} verzoeken", "no response to any of the {sent} requests"
            ),
            "auth-refused-all": Text(
                "authenticatie geweigerd op elk verzoek (401/403); geef inloggegevens mee met --header-env of "
                "--header-file",
                "authentication refused on every request (401/403); supply credentials with --header-env or "
                "--header-file",
            ),
            "unsafe-not-sent": Text(
                "{method} niet gestuurd: vraagt --allow-unsafe-methods",
                "{method} not sent: needs --allow-unsafe-methods",
            ),
            "body-not-encoded": Text(
                "{method} {url}: de gegenereerde body kan niet worden gecodeerd: {error}",
                "{method} {url}: the generated body cannot be encoded: {error}",
            ),
            # what schemathesis' checks found, by check name (its own title is English: kept in the evidence)
            "problem-not-a-server-error": Text("serverfout (5xx)", "server error (5xx)"),
            "problem-status-code-conformance": Text(
                "statuscode staat niet in het document", "status code not documented"
            ),
            "problem-content-type-conformance": Text(
                "content-type staat niet in het document", "content type not documented"
            ),
            "problem-response-schema-conformance": Text(
                "body past niet bij het antwoordschema", "body does not match the response schema"
            ),
            "problem-response-headers-conformance": Text(
                "beschreven antwoordheaders ontbreken of kloppen niet",
                "documented response headers missing or wrong",
            ),
        }
    ),
)

MAX_EXAMPLES_PER_OPERATION = 25
MAX_FINDINGS = 50
_NOT_SENT_HEADERS = frozenset({"user-agent", "accept-encoding", "connection", "x-schemathesis-testcaseid"})
_BODY_KEYS = ("json", "data", "files", "content")


class _BudgetSpent(BaseException):
    """Stops hypothesis at once (a BaseException is neither shrunk nor replayed)."""


@dataclass(slots=True)
class _Budget:
    max_requests: int
    max_seconds: float
    started: float = field(default_factory=time.monotonic)
    sent: int = 0
    reason: Message | None = None  # why generation stopped early

    @property
    def remaining(self) -> int:
        return max(0, self.max_requests - self.sent)

    def take(self) -> None:
        """Account for one request, or raise :class:`_BudgetSpent`."""
        if self.sent >= self.max_requests:
            self.reason = _message("budget-requests", max=self.max_requests)
            raise _BudgetSpent
        if time.monotonic() - self.started >= self.max_seconds:
            self.reason = _message("budget-time", seconds=f"{self.max_seconds:g}")
            raise _BudgetSpent
        self.sent += 1


@dataclass(slots=True)
class _Tally:
    validated: int = 0
    auth_refused: int = 0
    no_response: list[Translatable] = field(default_factory=list)
    failures: dict[tuple[Any, ...], Finding] = field(default_factory=dict)
    dropped_failures: int = 0
    operations_tested: list[str] = field(default_factory=list)
    operations_skipped: list[str] = field(default_factory=list)
    broken_operations: list[str] = field(default_factory=list)
    external_schemas: list[str] = field(default_factory=list)  # external schema $refs, not fetched
    not_validated: list[str] = field(default_factory=list)  # responses schemathesis could not validate


def run(ctx: ProbeContext) -> CheckResult:
    """Run the conformance test on ``ctx``; never raises."""
    if not isinstance(ctx.document, dict):
        return _error(_message("no-document"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _run(ctx)
    except Exception as error:  # schemathesis or hypothesis crashed: report, never a traceback
        return _error(_message("run-failed", error=f"{type(error).__name__}: {_first_line(str(error))}"))


def _run(ctx: ProbeContext) -> CheckResult:
    import schemathesis

    options = ctx.options
    # The time budget includes loading the document into schemathesis (seconds for a large one).
    budget = _Budget(max(0, options.conformance_max_requests), max(0.0, options.conformance_max_seconds))
    document, replaced, blocking = without_external_refs(ctx.document)  # type: ignore[arg-type]
    if blocking:
        return _error(_message("external-refs", count=len(blocking), example=blocking[0]))
    try:
        schema = schemathesis.openapi.from_dict(document)
    except Exception as error:
        return _error(_message("cannot-load", error=f"{type(error).__name__}: {_first_line(str(error))}"))

    allowed = SAFE_METHODS | (UNSAFE_METHODS if options.allow_unsafe_methods else frozenset())
    tally = _Tally(external_schemas=replaced)
    operations = []
    for result in schema.get_all_operations():
        try:
            operation = result.ok()  # type: ignore[union-attr]
        except Exception as error:
            tally.broken_operations.append(_first_line(str(error)))
            continue
        if operation.method.upper() in allowed:
            operations.append(operation)
        else:
            tally.operations_skipped.append(operation.label)

    for index, operation in enumerate(operations):
        if budget.remaining == 0:
            budget.reason = budget.reason or _message("budget-requests", max=budget.max_requests)
            break
        examples = max(1, min(MAX_EXAMPLES_PER_OPERATION, budget.remaining // (len(operations) - index)))
        tally.operations_tested.append(operation.label)
        try:
            _test_operation(ctx, operation, examples, budget, tally)
        except _BudgetSpent:
            break
        except Exception as error:  # hypothesis/schemathesis gave up on this operation (unsatisfiable ...)
            tally.broken_operations.append(
                f"{operation.label}: {type(error).__name__}: {_first_line(str(error))}"
            )

    return _result(tally, budget, operations, options.allow_unsafe_methods)


def _test_operation(ctx, operation, examples: int, budget: _Budget, tally: _Tally) -> None:
    from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
    from schemathesis import checks

    selected = [
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.content_type_conformance,
        checks.response_schema_conformance,
        checks.response_headers_conformance,
    ]
    status_only = [checks.not_a_server_error, checks.status_code_conformance]

    @seed(zlib.crc32(operation.label.encode("utf-8")))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy())
    def exercise(case) -> None:
        budget.take()
        response, exchange = _send(ctx, case)
        if response is None:
            tally.no_response.append(exchange)
            return
        if response.status_code in (401, 403):
            tally.auth_refused += 1
        truncated = exchange is not None and exchange.truncated
        try:
            case.validate_response(response, checks=status_only if truncated else selected)
        except BaseExceptionGroup as group:
            for failure in group.exceptions:
                _record(tally, operation.label, failure, exchange)
        except AssertionError as failure:  # a single check failure (schemathesis' Failure) comes on its own
            _record(tally, operation.label, failure, exchange)
        except Exception as error:  # schemathesis could not validate: not a finding about the API
            tally.not_validated.append(
                f"{operation.label}: {type(error).__name__}: {_first_line(str(error))}"
            )
            return
        tally.validated += 1

    exercise()


def _send(ctx: ProbeContext, case) -> tuple[httpx.Response | None, Any]:
    """One request for ``case`` through the run's safe client (the host's rate and concurrency limit, the
    total deadline, the decoded body cap, the allowed methods, the target origin): ``(response for
    schemathesis, Exchange)``, or ``(None, reason)`` when nothing came back."""
    kwargs = case.as_transport_kwargs(base_url=ctx.base_url)
    method = str(kwargs["method"]).upper()
    secret = security_parameters(ctx.document or {})
    headers = _clean_headers(kwargs.get("headers") or {}, ctx.options.extra_headers, secret["header"])
    cookies = _clean(kwargs.get("cookies"), secret["cookie"])
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    url = str(httpx.URL(kwargs["url"], params=_clean(kwargs.get("params"), secret["query"]) or None))
    content: bytes | None = None
    body = {key: kwargs[key] for key in _BODY_KEYS if kwargs.get(key) is not None}
    if body:
        if method not in SAFE_METHODS and not (method in UNSAFE_METHODS and ctx.options.allow_unsafe_methods):
            return None, _message("unsafe-not-sent", method=method)
        try:
            content, content_type = _encode_body(method, url, body)
        except Exception as error:  # a body schemathesis generated that cannot be encoded
            return None, _message("body-not-encoded", method=method, url=url, error=_first_line(str(error)))
        if content_type and not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = content_type
    try:
        exchange = ctx.client.request(
            method, url, headers=headers, content=content, credentials=True, follow_redirects=False
        )
    except CgcomplyError as error:  # refused by the safe client before anything was sent
        return None, redact(error.render())
    if exchange.failed:
        return None, exchange.describe()
    return _as_httpx(exchange), exchange


def _encode_body(method: str, url: str, body: dict[str, Any]) -> tuple[bytes, str | None]:
    """The bytes and Content-Type of a generated body (JSON, form, multipart or raw), as httpx encodes them."""
    data = body.get("data")
    if isinstance(data, str | bytes) and "content" not in body:
        body = {**body, "content": data}
        del body["data"]
    request = httpx.Request(method, url, **body)
    return request.read(), request.headers.get("content-type")


def security_parameters(document: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Names (lower case) that carry credentials per location ``header``/``query``/``cookie``, from the
    document's security schemes (OAS 3 ``components.securitySchemes``, Swagger 2 ``securityDefinitions``)."""
    names: dict[str, set[str]] = {"header": {"authorization"}, "query": set(), "cookie": set()}
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        schemes = document.get("securityDefinitions")
    for scheme in (schemes or {}).values() if isinstance(schemes, dict) else ():
        if (
            isinstance(scheme, dict)
            and scheme.get("type") == "apiKey"
            and isinstance(scheme.get("name"), str)
        ):
            location = str(scheme.get("in"))
            if location in names:
                names[location].add(scheme["name"].lower())
    return {location: frozenset(values) for location, values in names.items()}


def _clean(generated: dict[str, Any] | None, drop: frozenset[str]) -> dict[str, Any]:
    return {name: value for name, value in (generated or {}).items() if name.lower() not in drop}


def _clean_headers(
    generated: dict[str, Any], credentials: dict[str, str], drop: frozenset[str]
) -> dict[str, str]:
    """The generated headers worth sending: without schemathesis' bookkeeping headers and without
    credentials. Schemathesis fills security schemes with invented tokens (``Authorization: Bearer k^``);
    those are never sent: only the credentials the user supplied are, by the safe client."""
    skip = _NOT_SENT_HEADERS | drop | {name.lower() for name in credentials}
    return {name: str(value).strip() for name, value in generated.items() if name.lower() not in skip}


def _as_httpx(exchange) -> httpx.Response:
    headers = [
        (name, value)
        for name, value in exchange.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    request = httpx.Request(exchange.method, exchange.final_url)
    response = httpx.Response(exchange.status, headers=headers, content=exchange.body, request=request)
    response.elapsed = dt.timedelta(0)
    return response


# --------------------------------------------------------------------------- findings


def _record(tally: _Tally, label: str, failure: BaseException, exchange) -> None:
    code = getattr(failure, "code", None) or type(failure).__name__
    title = getattr(failure, "title", None) or type(failure).__name__
    check_names = tuple(getattr(failure, "checks", ()) or ())
    schema_path = tuple(str(part) for part in (getattr(failure, "schema_path", None) or ()))
    key = (label, code, title, schema_path, getattr(failure, "status_code", None))
    if key in tally.failures:
        return
    if len(tally.failures) >= MAX_FINDINGS:
        tally.dropped_failures += 1
        return
    detail = str(getattr(failure, "message", "") or failure).strip()
    checks = ", ".join(check_names) if check_names else "schemathesis"
    known = [_problem_key(name) for name in check_names if _problem_key(name) in CONFORMANCE_CHECK.messages]
    # the problem in the report's language; schemathesis' own (English) title and detail stay in the
    # evidence note, as the tool's quoted output
    problem: Param = CONFORMANCE_CHECK.messages[known[0]] if known else str(title)
    params: dict[str, Param] = {"operation": label, "problem": problem, "code": str(code), "checks": checks}
    first = _first_line(detail)
    note = f"schemathesis {code} {title}; check {checks}\n{detail[:1500]}"
    evidence = exchange.evidence(note=quoted(note)) if exchange is not None else None
    detailed = bool(first) and first != title
    text = _message("failure-detail", detail=first, **params) if detailed else _message("failure", **params)
    tally.failures[key] = Finding(Severity.ERROR, text, evidence=evidence)


def _result(tally: _Tally, budget: _Budget, operations: list, unsafe_allowed: bool) -> CheckResult:
    findings: list[Finding] = list(tally.failures.values())
    if tally.dropped_failures:
        findings.append(Finding(Severity.WARNING, _message("more-failures", count=tally.dropped_failures)))
    for problem in tally.broken_operations[:10]:
        findings.append(Finding(Severity.WARNING, _message("operation-not-tested", problem=problem)))
    if tally.not_validated:
        first = tally.not_validated[0]
        findings.append(
            Finding(Severity.WARNING, _message("not-validated", count=len(tally.not_validated), first=first))
        )
    if tally.external_schemas:
        example = tally.external_schemas[0]
        findings.append(
            Finding(
                Severity.WARNING,
                _message("external-schemas", count=len(tally.external_schemas), example=example),
            )
        )
    if tally.no_response:
        sample = _joined(tally.no_response[:3])
        findings.append(
            Finding(Severity.WARNING, _message("no-responses", count=len(tally.no_response), sample=sample))
        )
    elapsed = time.monotonic() - budget.started
    untested = [op.label for op in operations if op.label not in tally.operations_tested]
    rest: list[Message] = []
    if budget.reason:
        rest.append(_message("summary-stopped", reason=budget.reason))
    if untested:
        rest.append(_message("summary-not-reached", operations=_listed(untested)))
    if tally.operations_skipped:
        key = "summary-skipped" if unsafe_allowed else "summary-skipped-unsafe"
        rest.append(_message(key, operations=_listed(tally.operations_skipped)))
    summary = _message(
        "summary",
        sent=budget.sent,
        tested=len(tally.operations_tested),
        operations=len(operations),
        seconds=f"{elapsed:.1f}",
        max_requests=budget.max_requests,
        max_seconds=f"{budget.max_seconds:g}",
        rest=_joined(rest, "") if rest else "",  # an empty Text would be a text without words
    )
    findings.append(Finding(Severity.INFO, summary))

    if tally.failures:
        return CheckResult(CONFORMANCE_CHECK, Status.FAIL, findings)
    if tally.validated == 0:
        if not operations:
            reason = _message("no-operations-unsafe" if unsafe_allowed else "no-operations")
        elif budget.sent == 0:
            reason = _message("no-request-sent", reason=budget.reason or _message("nothing-generated"))
        else:
            reason = _message("no-response-at-all", sent=budget.sent)
        return CheckResult(CONFORMANCE_CHECK, Status.ERROR, findings, reason=reason)
    if tally.auth_refused == tally.validated:
        return CheckResult(CONFORMANCE_CHECK, Status.ERROR, findings, reason=_message("auth-refused-all"))
    return CheckResult(CONFORMANCE_CHECK, Status.PASS, findings)


# --------------------------------------------------------------------------- external $refs

# Keys whose value is a schema, and keys whose value maps names (or holds a list) of schemas.
_SCHEMA_KEYS = frozenset(
    {
        "schema",
        "items",
        "additionalProperties",
        "not",
        "contains",
        "if",
        "then",
        "else",
        "propertyNames",
        "additionalItems",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SCHEMA_MAP_KEYS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_SCHEMA_LIST_KEYS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "x-example"})


def without_external_refs(document: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[str]]:
    """A copy of ``document`` in which schemathesis cannot fetch anything: ``$ref``s to other files or URLs
    in schema positions become ``{}`` (any value). Returns ``(copy, replaced refs, other external refs)``;
    the second list names refs elsewhere (parameters, responses ...) that cannot be replaced safely."""
    replaced: list[str] = []
    blocking: list[str] = []

    def walk(node: Any, in_schema: bool) -> Any:
        if isinstance(node, list):
            return [walk(item, in_schema) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            (replaced if in_schema else blocking).append(ref)
            return {}
        copy: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DATA_KEYS and (in_schema or key != "examples"):
                copy[key] = value  # example data, never a reference
            elif key == "examples" and isinstance(value, dict):  # Example Objects: drop external ones
                kept = {}
                for name, item in value.items():
                    target = item.get("$ref") if isinstance(item, dict) else None
                    if isinstance(target, str) and not target.startswith("#"):
                        replaced.append(target)
                    else:
                        kept[name] = walk(item, False)
                copy[key] = kept
            elif key in _SCHEMA_KEYS or key in _SCHEMA_LIST_KEYS:
                copy[key] = walk(value, True)
            elif (
                key in _SCHEMA_MAP_KEYS and isinstance(value, dict) and (in_schema or key != "properties")
            ) or (key == "schemas" and isinstance(value, dict)):
                copy[key] = {name: walk(item, True) for name, item in value.items()}
            else:
                copy[key] = walk(value, in_schema)
        return copy

    return walk(document, False), replaced, blocking


# --------------------------------------------------------------------------- helpers


def _error(reason: Message) -> CheckResult:
    return CheckResult(CONFORMANCE_CHECK, Status.ERROR, reason=reason)


def _message(key: str, **params: Param) -> Message:
    """A message of this unit (string parameters masked by the run's redactor)."""
    return message(CONFORMANCE_CHECK, key, **params)


def _joined(items: list[Translatable] | list[Message], separator: str = "; ") -> Text:
    """Several texts or messages as one bilingual parameter."""
    return Text(
        separator.join(render(item, "nl") for item in items),
        separator.join(render(item, "en") for item in items),
    )  # a Text parameter is used as it is (not a template)


def _problem_key(check_name: str) -> str:
    """``status_code_conformance`` → the key of its text, ``problem-status-code-conformance``."""
    return "problem-" + str(check_name).replace("_", "-")


def _listed(labels: list[str], limit: int = 10) -> str:
    return ", ".join(labels[:limit]) + (" ..." if len(labels) > limit else "")


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


PROBE = Probe(
    info=CONFORMANCE_CHECK,
    run=run,
    order=100,
    enabled=lambda options: options.conformance,
    enable_option="--conformance",
)
