"""The standard's schemas as JSON Schema (2020-12), and validation of live bodies against them."""

from __future__ import annotations

from typing import Any

from cgcomply.oas import RefError
from cgcomply.standards.normalise import Node, Operation, Side


def json_schema(side: Side, node: Node) -> dict[str, Any]:
    """The OpenAPI 3.0/3.1 schema at ``node`` as a JSON Schema (2020-12) with every ``$ref`` in ``$defs``
    (recursion stays a reference). ``nullable`` becomes a ``null`` type; OpenAPI-only keywords are dropped."""
    defs: dict[str, Any] = {}
    names: dict[tuple[str, str], str] = {}

    def convert(current: Node, depth: int) -> Any:
        value = current.value
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            try:
                target = side.deref(current)
            except RefError:
                return {}
            key = (target.loc.file, target.loc.pointer)
            name = names.get(key)
            if name is None:
                name = names[key] = f"s{len(names)}"
                defs[name] = {}
                defs[name] = inline(target, depth + 1)
            return {"$ref": f"#/$defs/{name}"}
        return inline(current, depth)

    def inline(current: Node, depth: int) -> Any:
        schema = current.value
        if isinstance(schema, bool):
            return schema
        if not isinstance(schema, dict) or depth > 64:
            return {}
        out: dict[str, Any] = {}
        nullable = schema.get("nullable") is True
        kind = schema.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"] if nullable else kind
        elif isinstance(kind, list):
            out["type"] = kind
        if "enum" in schema and isinstance(schema["enum"], list):
            values = list(schema["enum"])
            if nullable and None not in values:
                values.append(None)
            out["enum"] = values
        for keyword in ("maxLength", "minLength", "maximum", "minimum", "maxItems", "minItems", "pattern"):
            if keyword in schema:
                out[keyword] = schema[keyword]
        if schema.get("format") in ("date", "date-time", "uuid", "email"):
            out["format"] = schema["format"]
        props = schema.get("properties")
        if isinstance(props, dict):
            out["properties"] = {
                str(k): convert(Node(v, current.loc.child("properties", k)), depth + 1)
                for k, v in props.items()
            }
        if isinstance(schema.get("required"), list):
            out["required"] = [str(r) for r in schema["required"]]
        if "items" in schema:
            out["items"] = convert(Node(schema["items"], current.loc.child("items")), depth + 1)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict | bool):
            out["additionalProperties"] = (
                extra
                if isinstance(extra, bool)
                else convert(Node(extra, current.loc.child("additionalProperties")), depth + 1)
            )
        for combiner in ("allOf", "oneOf", "anyOf"):
            members = schema.get(combiner)
            if isinstance(members, list):
                out[combiner] = [
                    convert(Node(m, current.loc.child(combiner, i)), depth + 1) for i, m in enumerate(members)
                ]
        if nullable and "type" not in out and any(c in out for c in ("allOf", "oneOf", "anyOf")):
            return {"anyOf": [{"type": "null"}, out]}
        return out

    root = convert(node, 0)
    if not isinstance(root, dict):
        return {}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": defs}


def validate(schema: dict[str, Any], data: Any, limit: int = 5) -> list[str]:
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems = []
    for error in validator.iter_errors(data):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        problems.append(f"{where}: {error.message[:200]}")
        if len(problems) >= limit:
            break
    return problems


def response_schema(side: Side, op: Operation, status: str = "200") -> Node | None:
    try:
        responses = side.deref(Node(op.node.value.get("responses"), op.node.loc.child("responses")))
        if not isinstance(responses.value, dict) or status not in responses.value:
            return None
        response = side.deref(Node(responses.value[status], responses.loc.child(status)))
        content = response.value.get("content") if isinstance(response.value, dict) else None
    except RefError:
        return None
    if not isinstance(content, dict):
        return None
    for media, entry in content.items():
        if str(media).endswith("json") and isinstance(entry, dict) and "schema" in entry:
            return Node(entry["schema"], response.loc.child("content", media, "schema"))
    return None


def responses(side: Side, op: Operation) -> dict[str, Any]:
    """The operation's responses (status -> response object, ``$ref``s followed; {} when unreadable)."""
    try:
        node = side.deref(Node(op.node.value.get("responses"), op.node.loc.child("responses")))
    except RefError:
        return {}
    if not isinstance(node.value, dict):
        return {}
    out: dict[str, Any] = {}
    for status, value in node.value.items():
        try:
            out[str(status)] = side.deref(Node(value, node.loc.child(status))).value
        except RefError:
            continue
    return out


def response_headers(side: Side, op: Operation, status: str = "200") -> frozenset[str]:
    """The header names (lower case) the standard declares on one response of ``op``."""
    response = responses(side, op).get(status)
    headers = response.get("headers") if isinstance(response, dict) else None
    return frozenset(str(name).lower() for name in headers) if isinstance(headers, dict) else frozenset()


def query_schema(side: Side, param: Node) -> dict[str, Any] | None:
    """The schema of a parameter (``$ref`` followed), or None."""
    schema = param.value.get("schema") if isinstance(param.value, dict) else None
    if not isinstance(schema, dict):
        return None
    try:
        value = side.deref(Node(schema, param.loc.child("schema"))).value
    except RefError:
        return None
    return value if isinstance(value, dict) else None


def problems_of(side: Side, op: Operation, body: Any, status: str = "200") -> list[str] | None:
    """What is wrong with ``body`` against the standard's schema of ``op`` (None: no schema to use)."""
    schema = response_schema(side, op, status)
    if schema is None:
        return None
    return validate(json_schema(side, schema), body)
