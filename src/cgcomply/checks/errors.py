"""Error handling rules of ADR 2.2: problem details for 4xx/5xx, and 400 for invalid input."""

from __future__ import annotations

from collections.abc import Iterator

from cgcomply.checks.base import (
    CheckContext,
    Issue,
    NotApplicable,
    Undetermined,
    pointer_join,
    static_check,
)
from cgcomply.checks.versions import ONLY_2_2
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
    title="Error responses use problem details (RFC 9457)",
    title_nl="Foutantwoorden gebruiken problem details (RFC 9457)",
    what=(
        "Every 4xx and 5xx response of an operation offers `application/problem+json` or "
        "`application/problem+xml`, and the schema of that content defines the members `status`, `title` "
        "and `detail` (directly or through `allOf`). A 4xx/5xx response that declares no content at all "
        "is reported too: it documents an error without the problem details the rule requires."
    ),
    why=(
        "ADR /core/error-handling/problem-details: 'Error responses with HTTP status codes 4xx or 5xx MUST "
        "use either application/problem+json or application/problem+xml as the Content-Type header, and "
        "the response body MUST conform to the structure defined in RFC 9457. The following fields MUST "
        "be present: status, title, and detail.'"
    ),
    fix=(
        "Give every error response `content: application/problem+json` with a shared Problem schema "
        "that has `status`, `title` and `detail`."
    ),
    explanation_nl=(
        "Foutantwoorden (4xx/5xx) gebruiken het formaat problem details (application/problem+json) met "
        "de velden status, title en detail."
    ),
    spectral={"2.2.0": ("nlgov:use-problem-schema", "nlgov:problem-schema-members")},
)
def problem_details(context: CheckContext) -> Iterator[Issue]:
    index = context.index
    responses = [r for r in index.iter_responses() if is_error_code(r.code)]
    if not responses:
        raise NotApplicable("the document declares no 4xx/5xx responses")
    checked_schemas: set[tuple[str | None, str]] = set()
    for response in responses:
        node = response.node
        content = node.value.get("content")
        label = f"response {response.code}"
        if node.file is None and node.pointer.startswith("/paths/"):
            label += f" of {response.operation.method.upper()} {response.operation.path}"
        if not isinstance(content, dict) or not content:
            if index.kind == "swagger-2.0":
                continue
            yield Issue(f"{label} declares no content; use application/problem+json", node.pointer, node.file)
            continue
        problem_keys = [key for key in content if _media_base(str(key)) in PROBLEM_TYPES]
        if not problem_keys:
            offered = ", ".join(str(key) for key in content)
            yield Issue(
                f"{label} offers {offered}, not application/problem+json or +xml",
                pointer_join(node.pointer, "content"),
                node.file,
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
                    f"the problem schema lacks {', '.join(missing)} (status, title and detail are required)",
                    where.pointer if where is not None else target.pointer,
                    target.file,
                )


@static_check(
    id="adr.invalid-input",
    adr_rule="/core/error-handling/invalid-input",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title="Operations that take input declare a 400 response",
    title_nl="Operaties die invoer accepteren beschrijven een 400-antwoord",
    what=(
        "Every operation that accepts query parameters or a request body declares a `400` response. "
        "Query parameters count wherever they are declared, on the operation or on its path item; path "
        "and header parameters alone do not require a 400. An operation with a parameter whose `$ref` "
        "does not resolve (so its location is unknown) and no other input cannot be judged: the check "
        "then says so, naming the `$ref`."
    ),
    why=(
        "ADR /core/error-handling/invalid-input: 'API requests containing invalid input MUST result in HTTP "
        "status code 400 (Bad Request). Invalid input includes syntax errors, missing or invalid query "
        "parameters.' How to test: 'Verify that operations accepting query parameters and/or a request body "
        "contain a response with status code 400.' Unlike the official ruleset we count query parameters "
        "declared on the path item (they apply to every operation of the path), and we do not ask a 400 of "
        "a PUT, POST or PATCH without a request body or query parameters, nor of an operation whose only "
        "input is a path parameter."
    ),
    fix="Add a `400` response (with problem details) to the operation.",
    explanation_nl=(
        "Ongeldige invoer (verkeerde queryparameters of een ongeldige body) levert status 400 op, niet 422; "
        "operaties die queryparameters of een body accepteren moeten dat antwoord beschrijven."
    ),
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
                undecided.append(f"{label} (parameter $ref {refs})")
            continue
        found = True
        if declares_400:
            continue
        failed = True
        takes = "a request body" if body and not query else "query parameters"
        if body and query:
            takes = "query parameters and a request body"
        pointer = (
            pointer_join(operation.node.pointer, "responses")
            if isinstance(responses, dict)
            else operation.node.pointer
        )
        yield Issue(f"{label} accepts {takes} but declares no 400 response", pointer, operation.node.file)
    if undecided and not failed:
        raise Undetermined(
            "cannot tell whether these operations accept query parameters, because a parameter's $ref "
            f"does not resolve (see adr.refs-resolve): {'; '.join(undecided)}"
        )
    if not found:
        raise NotApplicable("no operation accepts query parameters or a request body")
