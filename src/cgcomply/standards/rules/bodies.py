"""Request and response rules: bodies per media type, status codes, response headers.

A success status (2xx) of the standard that the implementation lacks is an error, a declared error
status (4xx/5xx, e.g. the 412 for a missing ``Accept-Crs``) a warning. The response headers that ZGW
requires on every answer (``API-version``) or with geo data (``Content-Crs``) are errors when missing,
as is any header the standard marks ``required``.
"""

from __future__ import annotations

from typing import Any

from cgcomply.i18n import Text
from cgcomply.oas import RefError
from cgcomply.standards.normalise import Node, Operation, Side
from cgcomply.standards.rules import schemas
from cgcomply.standards.rules.base import ERROR, INFO, WARNING, CompareContext, rule

FAMILY = "bodies"
REQUIRED_HEADERS = frozenset({"api-version", "content-crs"})

REQUEST_BODY_MISSING = rule(
    "request-body-missing",
    FAMILY,
    ERROR,
    Text("Request body van de standaard ontbreekt", "Request body of the standard missing"),
    Text(
        "{where}: de standaard neemt een request body aan, de implementatie niet",
        "{where}: the standard takes a request body, the implementation does not",
    ),
)
REQUEST_BODY_REQUIRED = rule(
    "request-body-required-added",
    FAMILY,
    ERROR,
    Text("Request body verplicht gemaakt", "Request body made required"),
    Text(
        "{where}: request body is hier verplicht, in de standaard niet",
        "{where}: the request body is required here, not in the standard",
    ),
)
REQUEST_MEDIA_MISSING = rule(
    "request-media-type-missing",
    FAMILY,
    ERROR,
    Text("Media type van het verzoek ontbreekt", "Request media type missing"),
    Text(
        "{where}: media type {media} van de standaard wordt niet aangenomen",
        "{where}: the standard's media type {media} is not accepted",
    ),
)
STATUS_MISSING = rule(
    "response-status-missing",
    FAMILY,
    ERROR,
    Text("Succesantwoord van de standaard ontbreekt", "Success response of the standard missing"),
    Text(
        "{where}: status {status} van de standaard ontbreekt",
        "{where}: status {status} of the standard is missing",
    ),
)
ERROR_STATUS_MISSING = rule(
    "response-error-status-missing",
    FAMILY,
    WARNING,
    Text("Foutantwoord van de standaard ontbreekt", "Error response of the standard missing"),
    Text(
        "{where}: gedeclareerde status {status} van de standaard ontbreekt",
        "{where}: declared status {status} of the standard is missing",
    ),
)
STATUS_ADDED = rule(
    "response-status-added",
    FAMILY,
    INFO,
    Text("Status toegevoegd", "Status added"),
    Text(
        "{where}: status {status} staat niet in de standaard",
        "{where}: status {status} is not in the standard",
    ),
)
RESPONSE_MEDIA_MISSING = rule(
    "response-media-type-missing",
    FAMILY,
    ERROR,
    Text("Media type van het antwoord ontbreekt", "Response media type missing"),
    Text(
        "{where}: media type {media} van de standaard ontbreekt",
        "{where}: the standard's media type {media} is missing",
    ),
)
HEADER_MISSING = rule(
    "response-header-missing",
    FAMILY,
    ERROR,
    Text("Verplichte antwoordheader ontbreekt", "Required response header missing"),
    Text(
        "{where}: header {name} van de standaard ontbreekt",
        "{where}: header {name} of the standard is missing",
    ),
)
OPTIONAL_HEADER_MISSING = rule(
    "response-header-optional-missing",
    FAMILY,
    WARNING,
    Text("Antwoordheader ontbreekt", "Response header missing"),
    Text(
        "{where}: optionele header {name} van de standaard ontbreekt",
        "{where}: optional header {name} of the standard is missing",
    ),
)
HEADER_ADDED = rule(
    "response-header-added",
    FAMILY,
    INFO,
    Text("Antwoordheader toegevoegd", "Response header added"),
    Text(
        "{where}: header {name} staat niet in de standaard", "{where}: header {name} is not in the standard"
    ),
)


def _get(side: Side, node: Node, *keys: str) -> Node | None:
    """Follow keys from ``node``, dereferencing on the way; None when absent or unresolvable."""
    current = node
    for key in keys:
        try:
            current = side.deref(current)
        except RefError:
            return None
        if not isinstance(current.value, dict) or key not in current.value:
            return None
        current = Node(current.value[key], current.loc.child(key))
    try:
        return side.deref(current)
    except RefError:
        return None


def _media(content: Node | None) -> dict[str, Node]:
    if content is None or not isinstance(content.value, dict):
        return {}
    return {
        str(media).split(";")[0].strip().lower(): Node(value, content.loc.child(media))
        for media, value in content.value.items()
    }


def _json_like(media: str) -> bool:
    return media == "*/*" or media.endswith("json")


def _bodies(
    ctx: CompareContext,
    s_content: Node | None,
    i_content: Node | None,
    where: str,
    place: str,
    important: bool,
) -> None:
    s_media, i_media = _media(s_content), _media(i_content)
    for media, s_node in s_media.items():
        i_node = i_media.get(media)
        if i_node is None and _json_like(media):
            # application/json vs application/hal+json etc.: compare with the implementation's json-like type
            i_node = next((n for m, n in i_media.items() if _json_like(m)), None)
        if i_node is None:
            if place == "request":
                ctx.report(
                    REQUEST_MEDIA_MISSING,
                    where,
                    s_node.loc,
                    i_content.loc if i_content else None,
                    media=media,
                )
            elif important:
                ctx.report(
                    RESPONSE_MEDIA_MISSING,
                    where,
                    s_node.loc,
                    i_content.loc if i_content else None,
                    media=media,
                )
            continue
        s_schema = _get(ctx.std, s_node, "schema")
        i_schema = _get(ctx.impl, i_node, "schema")
        if s_schema is not None and i_schema is not None:
            schemas.compare(
                ctx,
                Node(s_node.value["schema"], s_node.loc.child("schema")),
                Node(i_node.value["schema"], i_node.loc.child("schema")),
                place,
                f"{where} {media}:",
            )


def _status_matches(status: str, responses: dict[str, Any]) -> str | None:
    if status in responses:
        return status
    upper = status.upper()
    if len(upper) == 3 and upper[0].isdigit():
        pattern = upper[0] + "XX"
        if pattern in responses:
            return pattern
    return None


def compare_operation(ctx: CompareContext, std: Operation, impl: Operation) -> None:
    where = std.label
    # request body
    s_body = _get(ctx.std, std.node, "requestBody")
    i_body = _get(ctx.impl, impl.node, "requestBody")
    if s_body is not None and i_body is None:
        ctx.report(REQUEST_BODY_MISSING, where, s_body.loc, impl.node.loc)
    elif i_body is not None and isinstance(i_body.value, dict):
        s_required = bool(
            s_body is not None and isinstance(s_body.value, dict) and s_body.value.get("required")
        )
        if i_body.value.get("required") is True and not s_required:
            ctx.report(REQUEST_BODY_REQUIRED, where, s_body.loc if s_body else std.node.loc, i_body.loc)
        if s_body is not None:
            _bodies(
                ctx,
                _get(ctx.std, s_body, "content"),
                _get(ctx.impl, i_body, "content"),
                where,
                "request",
                True,
            )
    # responses
    s_responses = _get(ctx.std, std.node, "responses")
    i_responses = _get(ctx.impl, impl.node, "responses")
    s_map = s_responses.value if s_responses is not None and isinstance(s_responses.value, dict) else {}
    i_map = i_responses.value if i_responses is not None and isinstance(i_responses.value, dict) else {}
    for status in s_map:
        status = str(status)
        s_resp = _get(ctx.std, s_responses, status)  # type: ignore[arg-type]
        if s_resp is None:
            continue
        success = status.startswith("2")
        matched = _status_matches(status, {str(k): v for k, v in i_map.items()})
        if matched is None:
            rule_ = STATUS_MISSING if success else ERROR_STATUS_MISSING
            ctx.report(
                rule_, where, s_resp.loc, i_responses.loc if i_responses else impl.node.loc, status=status
            )
            continue
        i_resp = _get(ctx.impl, i_responses, matched)  # type: ignore[arg-type]
        if i_resp is None:
            continue
        label = f"{where} {status}"
        _headers(ctx, s_resp, i_resp, label)
        if std.method == "head":
            continue  # a HEAD response has no body, whatever a document declares (RFC 9110 9.3.2)
        _bodies(
            ctx,
            _get(ctx.std, s_resp, "content"),
            _get(ctx.impl, i_resp, "content"),
            label,
            "response",
            success,
        )
    for status in i_map:
        status = str(status)
        if _status_matches(status, {str(k): v for k, v in s_map.items()}) is None and status != "default":
            i_resp = _get(ctx.impl, i_responses, status)  # type: ignore[arg-type]
            ctx.report(
                STATUS_ADDED,
                where,
                s_responses.loc if s_responses else std.node.loc,
                i_resp.loc if i_resp else None,
                status=status,
            )


def _headers(ctx: CompareContext, s_resp: Node, i_resp: Node, where: str) -> None:
    s_headers = _get(ctx.std, s_resp, "headers")
    i_headers = _get(ctx.impl, i_resp, "headers")
    s_map = s_headers.value if s_headers is not None and isinstance(s_headers.value, dict) else {}
    i_map = i_headers.value if i_headers is not None and isinstance(i_headers.value, dict) else {}
    i_lower = {str(name).lower(): str(name) for name in i_map}
    for name in s_map:
        s_node = _get(ctx.std, s_headers, str(name))  # type: ignore[arg-type]
        if s_node is None or str(name).lower() in ("content-type",):
            continue
        found = i_lower.get(str(name).lower())
        if found is None:
            required = str(name).lower() in REQUIRED_HEADERS or (
                isinstance(s_node.value, dict) and s_node.value.get("required") is True
            )
            ctx.report(
                HEADER_MISSING if required else OPTIONAL_HEADER_MISSING,
                where,
                s_node.loc,
                i_resp.loc,
                name=name,
            )
            continue
        i_node = _get(ctx.impl, i_headers, found)  # type: ignore[arg-type]
        if i_node is None:
            continue
        s_schema = s_node.value.get("schema") if isinstance(s_node.value, dict) else None
        i_schema = i_node.value.get("schema") if isinstance(i_node.value, dict) else None
        if s_schema is not None and i_schema is not None:
            schemas.compare(
                ctx,
                Node(s_schema, s_node.loc.child("schema")),
                Node(i_schema, i_node.loc.child("schema")),
                "header",
                f"{where} header {name}",
            )
    s_lower = {str(name).lower() for name in s_map}
    for name in i_map:
        if str(name).lower() not in s_lower:
            i_node = _get(ctx.impl, i_headers, str(name))  # type: ignore[arg-type]
            ctx.report(HEADER_ADDED, where, s_resp.loc, i_node.loc if i_node else i_resp.loc, name=name)
