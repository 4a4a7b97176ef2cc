"""Error handling rules of ADR 2.2: problem details for 4xx/5xx, and 400 for invalid input."""

from __future__ import annotations

from collections.abc import Iterator

from cgcomply.checks.adr_versions import ONLY_2_2
from cgcomply.checks.base import (
    CheckContext,
    Issue,
    NotApplicable,
    Undetermined,
    pointer_join,
    static_check,
)
from cgcomply.i18n import Text
from cgcomply.results import Level

PROBLEM_TYPES = ("application/problem+json", "application/problem+xml")
PROBLEM_MEMBERS = ("status", "title", "detail")


def is_error_code(code: str) -> bool:
    return len(code) == 3 and code[0] in "45" and (code[1:].isdigit() or code[1:].upper() == "XX")


def _media_base(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


@static_check(
    id="adr.problem-details",
    adr_rule="/core/error-handling/problem-details",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title=Text(
        "Foutantwoorden gebruiken problem details (RFC 9457)",
        "Error responses use problem details (RFC 9457)",
    ),
    what=Text(
        "Elk 4xx- en 5xx-antwoord van een operatie biedt `application/problem+json` of "
        "`application/problem+xml`, en het schema van die inhoud definieert de velden `status`, `title` en "
        "`detail` (direct of via `allOf`). Een 4xx/5xx-antwoord zonder enige inhoud wordt ook gemeld: het "
        "beschrijft een fout zonder de problem details die de regel vraagt.",
        "Every 4xx and 5xx response of an operation offers `application/problem+json` or "
        "`application/problem+xml`, and the schema of that content defines the members `status`, `title` "
        "and `detail` (directly or through `allOf`). A 4xx/5xx response that declares no content at all "
        "is reported too: it documents an error without the problem details the rule requires.",
    ),
    why=Text(
        "ADR /core/error-handling/problem-details: foutantwoorden met status 4xx of 5xx gebruiken "
        "application/problem+json of application/problem+xml als Content-Type, de body volgt de structuur "
        "van RFC 9457, en de velden status, title en detail zijn aanwezig.",
        "ADR /core/error-handling/problem-details: 'Error responses with HTTP status codes 4xx or 5xx MUST "
        "use either application/problem+json or application/problem+xml as the Content-Type header, and "
        "the response body MUST conform to the structure defined in RFC 9457. The following fields MUST "
        "be present: status, title, and detail.'",
    ),
    fix=Text(
        "Geef elk foutantwoord `content: application/problem+json` met een gedeeld Problem-schema met "
        "`status`, `title` en `detail`.",
        "Give every error response `content: application/problem+json` with a shared Problem schema "
        "that has `status`, `title` and `detail`.",
    ),
    explanation=Text(
        "Foutantwoorden (4xx/5xx) gebruiken het formaat problem details (application/problem+json) met "
        "de velden status, title en detail.",
        "Error responses (4xx/5xx) use the problem details format (application/problem+json) with the "
        "fields status, title and detail.",
    ),
    messages={
        "no-error-responses": Text(
            "het document beschrijft geen 4xx/5xx-antwoorden", "the document declares no 4xx/5xx responses"
        ),
        "no-content": Text(
            "antwoord {code} beschrijft geen inhoud; gebruik application/problem+json",
            "response {code} declares no content; use application/problem+json",
        ),
        "no-content-op": Text(
            "antwoord {code} van {method} {path} beschrijft geen inhoud; gebruik application/problem+json",
            "response {code} of {method} {path} declares no content; use application/problem+json",
        ),
        "not-problem": Text(
            "antwoord {code} biedt {offered}, niet application/problem+json of +xml",
            "response {code} offers {offered}, not application/problem+json or +xml",
        ),
        "not-problem-op": Text(
            "antwoord {code} van {method} {path} biedt {offered}, niet application/problem+json of +xml",
            "response {code} of {method} {path} offers {offered}, not application/problem+json or +xml",
        ),
        "members": Text(
            "het problem-schema mist {missing} (status, title en detail zijn verplicht)",
            "the problem schema lacks {missing} (status, title and detail are required)",
        ),
    },
    spectral={"2.2.0": ("nlgov:use-problem-schema", "nlgov:problem-schema-members")},
)
def problem_details(context: CheckContext) -> Iterator[Issue]:
    index = context.index
    responses = [r for r in index.iter_responses() if is_error_code(r.code)]
    if not responses:
        raise NotApplicable("no-error-responses")
    checked_schemas: set[tuple[str | None, str]] = set()
    for response in responses:
        node = response.node
        content = node.value.get("content")
        params: dict[str, str] = {"code": response.code}
        suffix = ""
        if node.file is None and node.pointer.startswith("/paths/"):
            params.update(method=response.operation.method.upper(), path=response.operation.path)
            suffix = "-op"
        if not isinstance(content, dict) or not content:
            if index.kind == "swagger-2.0":
                continue
            yield Issue("no-content" + suffix, node.pointer, node.file, params)
            continue
        problem_keys = [key for key in content if _media_base(str(key)) in PROBLEM_TYPES]
        if not problem_keys:
            offered = ", ".join(str(key) for key in content)
            yield Issue(
                "not-problem" + suffix,
                pointer_join(node.pointer, "content"),
                node.file,
                {**params, "offered": offered},
            )
            continue
        for key in problem_keys:
            schema = node.child("content", key, "schema")
            if schema is None:
                continue
            target = index.deref(schema)
            if target is None or (target.file, target.pointer) in checked_schemas:
                continue
            checked_schemas.add((target.file, target.pointer))
            members = index.schema_properties(target)
            missing = [name for name in PROBLEM_MEMBERS if name not in members]
            if missing:
                declared = target.value.get("properties") if isinstance(target.value, dict) else None
                where = target.child("properties") if isinstance(declared, dict) else target
                yield Issue(
                    "members",
                    where.pointer if where is not None else target.pointer,
                    target.file,
                    {"missing": ", ".join(missing)},
                )


@static_check(
    id="adr.invalid-input",
    adr_rule="/core/error-handling/invalid-input",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title=Text(
        "Operaties die invoer accepteren beschrijven een 400-antwoord",
        "Operations that take input declare a 400 response",
    ),
    what=Text(
        "Elke operatie die queryparameters of een request body accepteert, beschrijft een `400`-antwoord. "
        "Queryparameters tellen mee waar ze ook gedeclareerd zijn, bij de operatie of bij haar path item; "
        "alleen pad- en headerparameters vragen geen 400. Een operatie met een parameter waarvan de `$ref` "
        "niet te volgen is (zodat de plaats onbekend is) en geen andere invoer is niet te beoordelen: de "
        "controle zegt dat dan, met de `$ref`.",
        "Every operation that accepts query parameters or a request body declares a `400` response. "
        "Query parameters count wherever they are declared, on the operation or on its path item; path "
        "and header parameters alone do not require a 400. An operation with a parameter whose `$ref` "
        "does not resolve (so its location is unknown) and no other input cannot be judged: the check "
        "then says so, naming the `$ref`.",
    ),
    why=Text(
        "ADR /core/error-handling/invalid-input: verzoeken met ongeldige invoer leveren status 400 (Bad "
        "Request) op; ongeldige invoer omvat syntaxfouten en ontbrekende of ongeldige queryparameters. Zo "
        "te testen: operaties met queryparameters en/of een request body hebben een antwoord met status "
        "400. Anders dan de officiële ruleset tellen we queryparameters van het path item mee (ze gelden "
        "voor elke operatie van het pad), en vragen we geen 400 van een PUT, POST of PATCH zonder request "
        "body of queryparameters, noch van een operatie met alleen een padparameter als invoer.",
        "ADR /core/error-handling/invalid-input: 'API requests containing invalid input MUST result in HTTP "
        "status code 400 (Bad Request). Invalid input includes syntax errors, missing or invalid query "
        "parameters.' How to test: 'Verify that operations accepting query parameters and/or a request body "
        "contain a response with status code 400.' Unlike the official ruleset we count query parameters "
        "declared on the path item (they apply to every operation of the path), and we do not ask a 400 of "
        "a PUT, POST or PATCH without a request body or query parameters, nor of an operation whose only "
        "input is a path parameter.",
    ),
    fix=Text(
        "Voeg een `400`-antwoord (met problem details) toe aan de operatie.",
        "Add a `400` response (with problem details) to the operation.",
    ),
    explanation=Text(
        "Ongeldige invoer (verkeerde queryparameters of een ongeldige body) levert status 400 op, niet 422; "
        "operaties die queryparameters of een body accepteren moeten dat antwoord beschrijven.",
        "Invalid input (wrong query parameters or an invalid body) gives status 400, not 422; operations "
        "that take query parameters or a body must declare that response.",
    ),
    messages={
        "no-input": Text(
            "geen operatie accepteert queryparameters of een request body",
            "no operation accepts query parameters or a request body",
        ),
        "undecided": Text(
            "niet te zeggen of deze operaties queryparameters accepteren, omdat de $ref van een parameter "
            "niet te volgen is (zie adr.refs-resolve): {operations}",
            "cannot tell whether these operations accept query parameters, because a parameter's $ref "
            "does not resolve (see adr.refs-resolve): {operations}",
        ),
        "request-body": Text(
            "{method} {path} accepteert een request body maar beschrijft geen 400-antwoord",
            "{method} {path} accepts a request body but declares no 400 response",
        ),
        "query-parameters-and-body": Text(
            "{method} {path} accepteert queryparameters en een request body maar beschrijft geen 400-antwoord",
            "{method} {path} accepts query parameters and a request body but declares no 400 response",
        ),
        "query-parameters": Text(
            "{method} {path} accepteert queryparameters maar beschrijft geen 400-antwoord",
            "{method} {path} accepts query parameters but declares no 400 response",
        ),
    },
    spectral={"2.2.0": ("nlgov:problem-invalid-input",)},
)
def invalid_input(context: CheckContext) -> Iterator[Issue]:
    found = failed = False
    undecided: list[str] = []
    for operation in context.index.operations:
        responses = operation.node.value.get("responses")
        declares_400 = isinstance(responses, dict) and "400" in {str(code) for code in responses}
        body = operation.request_body is not None or any(
            p.value.get("in") in ("body", "formData") for p in operation.known_parameters()
        )
        query = bool(operation.query_parameters())
        label = f"{operation.method.upper()} {operation.path}"
        if not (body or query):
            unknown = operation.unknown_parameters()
            if unknown and not declares_400:
                refs = ", ".join(sorted({p.ref for p in unknown}))
                undecided.append(f"{label} ($ref {refs})")
            continue
        found = True
        if declares_400:
            continue
        failed = True
        takes = "request-body" if body and not query else "query-parameters"
        if body and query:
            takes = "query-parameters-and-body"
        pointer = (
            pointer_join(operation.node.pointer, "responses")
            if isinstance(responses, dict)
            else operation.node.pointer
        )
        yield Issue(
            takes, pointer, operation.node.file, {"method": operation.method.upper(), "path": operation.path}
        )
    if undecided and not failed:
        raise Undetermined("undecided", operations="; ".join(undecided))
    if not found:
        raise NotApplicable("no-input")
