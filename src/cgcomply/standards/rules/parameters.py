"""Parameter rules: every query/header/path parameter of the standard, no new required ones.

Equivalent styles are equal: a ``string`` of comma-separated values and an ``array`` with
``style: form, explode: false`` are the same on the wire.
"""

from __future__ import annotations

from typing import Any

from cgcomply.i18n import Text
from cgcomply.standards.normalise import Node, Operation, experimental
from cgcomply.standards.rules import schemas
from cgcomply.standards.rules.base import ADDITION, ERROR, WARNING, CompareContext, rule

FAMILY = "parameters"

PARAMETER_MISSING = rule(
    "parameter-missing",
    FAMILY,
    ERROR,
    Text("Parameter van de standaard ontbreekt", "Parameter of the standard missing"),
    Text(
        "{where}: {location}-parameter {name} van de standaard ontbreekt",
        "{where}: {location} parameter {name} of the standard is missing",
    ),
)
PARAMETER_REQUIRED = rule(
    "parameter-required-added",
    FAMILY,
    ERROR,
    Text("Nieuwe verplichte parameter", "New required parameter"),
    Text(
        "{where}: {location}-parameter {name} is hier verplicht, in de standaard niet",
        "{where}: {location} parameter {name} is required here, not in the standard",
    ),
)
PARAMETER_ADDED = rule(
    "parameter-added",
    FAMILY,
    ADDITION,
    Text("Parameter toegevoegd", "Parameter added"),
    Text(
        "{where}: {location}-parameter {name} staat niet in de standaard",
        "{where}: {location} parameter {name} is not in the standard",
    ),
)
PARAMETER_STYLE = rule(
    "parameter-style-changed",
    FAMILY,
    WARNING,
    Text("Andere serialisatie van de parameter", "Parameter serialised differently"),
    Text(
        "{where}: parameter {name} met {impl} in plaats van {std}",
        "{where}: parameter {name} with {impl} instead of {std}",
    ),
)


def _wire(param: dict[str, Any], schema: Any) -> str | None:
    """``csv`` for values sent as one comma-separated string, ``multi`` for repeated keys, else None."""
    if not isinstance(schema, dict):
        return None
    if schema.get("type") == "array":
        style = param.get("style", "form" if param.get("in") in ("query", "cookie") else "simple")
        explode = param.get("explode", style == "form")
        if style in ("form", "simple") and not explode:
            return "csv"
        return "multi" if style == "form" else style
    return None


def _schema(ctx_side: Any, node: Node) -> Node | None:
    schema = node.value.get("schema") if isinstance(node.value, dict) else None
    if schema is None:
        content = node.value.get("content") if isinstance(node.value, dict) else None
        if isinstance(content, dict) and content:
            media, value = next(iter(content.items()))
            if isinstance(value, dict) and "schema" in value:
                return Node(value["schema"], node.loc.child("content", media, "schema"))
        return None
    return Node(schema, node.loc.child("schema"))


def _compare_one(ctx: CompareContext, where: str, name: str, s: Node, i: Node) -> None:
    s_schema, i_schema = _schema(ctx.std, s), _schema(ctx.impl, i)
    if s_schema is None or i_schema is None:
        return
    s_flat = ctx.std.flatten(s_schema)
    i_flat = ctx.impl.flatten(i_schema)
    s_wire = _wire(s.value, ctx.std.deref(s_schema).value) if s_flat.type == "array" else None
    i_wire = _wire(i.value, ctx.impl.deref(i_schema).value) if i_flat.type == "array" else None
    # comma-separated string == array with explode: false
    if (s_flat.type == "string" and i_wire == "csv") or (i_flat.type == "string" and s_wire == "csv"):
        return
    if s_wire and i_wire and s_wire != i_wire:
        ctx.report(PARAMETER_STYLE, where, s.loc, i.loc, name=name, std=s_wire, impl=i_wire)
    schemas.compare(ctx, s_schema, i_schema, "parameter", f"{where} ?{name}")


def compare_operation(ctx: CompareContext, std: Operation, impl: Operation) -> None:
    where = std.label
    for key, s_node in std.params.items():
        location = key[0]
        i_node = impl.params.get(key)
        if i_node is None:
            ctx.report(
                PARAMETER_MISSING,
                where,
                s_node.loc,
                impl.node.loc,
                location=location,
                name=s_node.value["name"],
            )
            continue
        if i_node.value.get("required") is True and s_node.value.get("required") is not True:
            ctx.report(
                PARAMETER_REQUIRED,
                where,
                s_node.loc,
                i_node.loc,
                location=location,
                name=s_node.value["name"],
            )
        _compare_one(ctx, where, s_node.value["name"], s_node, i_node)
    for key, i_node in impl.params.items():
        if key in std.params:
            continue
        location, _ = key
        if i_node.value.get("required") is True and location != "path":
            ctx.report(
                PARAMETER_REQUIRED,
                where,
                std.node.loc,
                i_node.loc,
                location=location,
                name=i_node.value["name"],
            )
        else:
            ctx.report(
                PARAMETER_ADDED,
                where,
                std.node.loc,
                i_node.loc,
                experimental=experimental(i_node),
                location=location,
                name=i_node.value["name"],
            )
    # path parameters by position: names may differ, types may not
    for s_node, i_node in zip(std.path_params, impl.path_params, strict=False):
        _compare_one(ctx, where, s_node.value["name"], s_node, i_node)
