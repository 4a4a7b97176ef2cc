"""Error handling rules of ADR 2.2: problem details for 4xx/5xx, and 400 for invalid input."""

from __future__ import annotations

from collections.abc import Iterator

from cgcomply.checks.base import CheckContext, Issue, NotApplicable, pointer_join, static_check
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


_WRITE_METHODS = ("put", "post", "patch")


@static_check(
    id="adr.invalid-input",
    adr_rule="/core/error-handling/invalid-input",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title="Operations that take input declare a 400 response",
    title_nl="Operaties die invoer accepteren beschrijven een 400-antwoord",
    what=(
        "Every operation that can receive invalid input declares a `400` response: PUT, POST and PATCH "
        "always; GET and DELETE when they have parameters (their own or their path item's); any other "
        "operation with query parameters or a request body."
    ),
    why=(
        "ADR /core/error-handling/invalid-input: 'API requests containing invalid input MUST result in HTTP "
        "status code 400 (Bad Request). Invalid input includes syntax errors, missing or invalid query "
        "parameters.' How to test: 'Verify that operations accepting query parameters and/or a request body "
        "contain a response with status code 400.' Like the official ruleset we also count path and header "
        "parameters (a malformed parameter is a syntax error), and unlike it we count parameters declared "
        "on the path item."
    ),
    fix="Add a `400` response (with problem details) to the operation.",
    explanation_nl=(
        "Ongeldige invoer (verkeerde parameters of een ongeldige body) levert status 400 op, niet 422; "
        "operaties die invoer accepteren moeten dat antwoord beschrijven."
    ),
    spectral={"2.2.0": ("nlgov:problem-invalid-input",)},
)
def invalid_input(context: CheckContext) -> Iterator[Issue]:
    found = False
    for operation in context.index.operations:
        body = operation.request_body is not None or any(
            p.value.get("in") in ("body", "formData") for p in operation.parameters
        )
        if operation.method in _WRITE_METHODS:
            takes = "a request" + (" body" if body else "")
        elif operation.method in ("get", "delete") and operation.parameters:
            takes = "parameters"
        elif body or operation.query_parameters():
            takes = "a request body" if body else "query parameters"
        else:
            continue
        found = True
        responses = operation.node.value.get("responses")
        if isinstance(responses, dict) and "400" in {str(code) for code in responses}:
            continue
        pointer = (
            pointer_join(operation.node.pointer, "responses")
            if isinstance(responses, dict)
            else operation.node.pointer
        )
        yield Issue(
            f"{operation.method.upper()} {operation.path} accepts {takes} but declares no 400 response",
            pointer,
            operation.node.file,
        )
    if not found:
        raise NotApplicable("no operation accepts parameters or a request body")
