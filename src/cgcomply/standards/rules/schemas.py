"""Schema rules: a request that accepts less, a response that promises more loosely.

Used for request bodies (place ``request``), parameters (``parameter``, request direction), response
bodies (``response``) and response headers (``header``, response direction). Codes are
``<place>-<kind>``, e.g. ``response-property-optional`` or ``parameter-type-changed``.
"""

from __future__ import annotations

import json
from typing import Any

from cgcomply.i18n import Text
from cgcomply.standards.normalise import Flat, Node
from cgcomply.standards.rules.base import ADDITION, ERROR, INFO, WARNING, CompareContext, Loc, Rule, rule

FAMILY = "schemas"
REQUEST_PLACES = ("request", "parameter")
RESPONSE_PLACES = ("response", "header")
PLACE_TEXT = {
    "request": Text("verzoek", "request"),
    "parameter": Text("parameter", "parameter"),
    "response": Text("antwoord", "response"),
    "header": Text("antwoordheader", "response header"),
}

# kind -> (places, severity, title, message)
_KINDS: dict[str, tuple[tuple[str, ...], str, Text, Text]] = {
    "type-changed": (
        REQUEST_PLACES + RESPONSE_PLACES,
        ERROR,
        Text("Ander type dan de standaard", "Type differs from the standard"),
        Text("{where}: type {impl} in plaats van {std}", "{where}: type {impl} instead of {std}"),
    ),
    "type-unspecified": (
        RESPONSE_PLACES,
        WARNING,
        Text("Type niet vastgelegd", "Type not specified"),
        Text(
            "{where}: de standaard belooft type {std}, de implementatie legt geen type vast",
            "{where}: the standard promises type {std}, the implementation specifies no type",
        ),
    ),
    "nullable-added": (
        RESPONSE_PLACES,
        ERROR,
        Text("Kan null zijn, de standaard niet", "May be null, the standard not"),
        Text(
            "{where}: kan null zijn; de standaard staat dat niet toe",
            "{where}: may be null; the standard does not allow it",
        ),
    ),
    "nullable-removed": (
        REQUEST_PLACES,
        ERROR,
        Text("Weigert null dat de standaard toestaat", "Refuses null that the standard allows"),
        Text(
            "{where}: null is volgens de standaard toegestaan, hier niet",
            "{where}: the standard allows null, the implementation does not",
        ),
    ),
    "enum-value-added": (
        RESPONSE_PLACES,
        ERROR,
        Text("Waarden buiten de enum van de standaard", "Values outside the standard's enum"),
        Text(
            "{where}: waarden {values} staan niet in de enum van de standaard",
            "{where}: values {values} are not in the standard's enum",
        ),
    ),
    "enum-removed": (
        RESPONSE_PLACES,
        ERROR,
        Text("Enum van de standaard ontbreekt", "The standard's enum is missing"),
        Text(
            "{where}: de standaard beperkt de waarden tot {std}, de implementatie niet",
            "{where}: the standard limits the values to {std}, the implementation does not",
        ),
    ),
    "enum-value-removed": (
        REQUEST_PLACES,
        ERROR,
        Text("Accepteert minder enum-waarden", "Accepts fewer enum values"),
        Text(
            "{where}: waarden {values} van de standaard worden niet geaccepteerd",
            "{where}: the standard's values {values} are not accepted",
        ),
    ),
    "enum-added": (
        REQUEST_PLACES,
        ERROR,
        Text("Beperkt de waarden met een enum", "Restricts the values with an enum"),
        Text(
            "{where}: alleen {impl} geaccepteerd; de standaard kent geen enum",
            "{where}: only {impl} accepted; the standard has no enum",
        ),
    ),
    "enum-value-extra": (
        REQUEST_PLACES,
        ADDITION,
        Text("Extra enum-waarden geaccepteerd", "Extra enum values accepted"),
        Text("{where}: accepteert ook {values}", "{where}: also accepts {values}"),
    ),
    "format-changed": (
        REQUEST_PLACES + RESPONSE_PLACES,
        WARNING,
        Text("Ander format dan de standaard", "Format differs from the standard"),
        Text("{where}: format {impl} in plaats van {std}", "{where}: format {impl} instead of {std}"),
    ),
    "format-removed": (
        RESPONSE_PLACES,
        WARNING,
        Text("Format van de standaard ontbreekt", "The standard's format is missing"),
        Text(
            "{where}: de standaard belooft format {std}, de implementatie niet",
            "{where}: the standard promises format {std}, the implementation does not",
        ),
    ),
    "max-length-widened": (
        RESPONSE_PLACES,
        ERROR,
        Text("maxLength ruimer dan de standaard", "maxLength wider than the standard"),
        Text("{where}: maxLength {impl} in plaats van {std}", "{where}: maxLength {impl} instead of {std}"),
    ),
    "max-length-narrowed": (
        REQUEST_PLACES,
        ERROR,
        Text("maxLength krapper dan de standaard", "maxLength narrower than the standard"),
        Text("{where}: maxLength {impl} in plaats van {std}", "{where}: maxLength {impl} instead of {std}"),
    ),
    "bound-loosened": (
        RESPONSE_PLACES,
        ERROR,
        Text("Grens ruimer dan de standaard", "Bound looser than the standard"),
        Text("{where}: {keyword} {impl} in plaats van {std}", "{where}: {keyword} {impl} instead of {std}"),
    ),
    "min-bound-loosened": (
        RESPONSE_PLACES,
        WARNING,
        Text("Ondergrens ruimer dan de standaard", "Lower bound looser than the standard"),
        Text("{where}: {keyword} {impl} in plaats van {std}", "{where}: {keyword} {impl} instead of {std}"),
    ),
    "min-bound-tightened": (
        REQUEST_PLACES,
        WARNING,
        Text("Ondergrens krapper dan de standaard", "Lower bound tighter than the standard"),
        Text("{where}: {keyword} {impl} in plaats van {std}", "{where}: {keyword} {impl} instead of {std}"),
    ),
    "bound-tightened": (
        REQUEST_PLACES,
        ERROR,
        Text("Grens krapper dan de standaard", "Bound tighter than the standard"),
        Text("{where}: {keyword} {impl} in plaats van {std}", "{where}: {keyword} {impl} instead of {std}"),
    ),
    "pattern-changed": (
        REQUEST_PLACES + RESPONSE_PLACES,
        WARNING,
        Text("Ander pattern dan de standaard", "Pattern differs from the standard"),
        Text("{where}: pattern {impl} in plaats van {std}", "{where}: pattern {impl} instead of {std}"),
    ),
    "property-missing": (
        ("request", "response"),
        ERROR,
        Text("Eigenschap van de standaard ontbreekt", "Property of the standard missing"),
        Text(
            "{where}: eigenschap {name} van de standaard ontbreekt",
            "{where}: property {name} of the standard is missing",
        ),
    ),
    "property-optional": (
        ("response",),
        ERROR,
        Text("Verplichte eigenschap optioneel gemaakt", "Required property made optional"),
        Text(
            "{where}: {name} is in de standaard verplicht in het antwoord, hier optioneel",
            "{where}: {name} is required in the standard's response, optional here",
        ),
    ),
    "property-required-added": (
        ("request",),
        ERROR,
        Text("Nieuwe verplichte invoer", "New required input"),
        Text(
            "{where}: {name} is hier verplicht, in de standaard niet",
            "{where}: {name} is required here, not in the standard",
        ),
    ),
    "property-added": (
        ("request", "response"),
        ADDITION,
        Text("Eigenschap toegevoegd", "Property added"),
        Text(
            "{where}: eigenschap {name} staat niet in de standaard",
            "{where}: property {name} is not in the standard",
        ),
    ),
    "composition-changed": (
        ("request", "response"),
        WARNING,
        Text("Andere oneOf/anyOf dan de standaard", "oneOf/anyOf differs from the standard"),
        Text(
            "{where}: {keyword} met {impl} varianten in plaats van {std}",
            "{where}: {keyword} with {impl} variants instead of {std}",
        ),
    ),
}

RULES: dict[str, Rule] = {}
for _kind, (_places, _severity, _title, _message) in _KINDS.items():
    for _place in _places:
        RULES[f"{_place}-{_kind}"] = rule(f"{_place}-{_kind}", FAMILY, _severity, _title, _message)

REF_UNRESOLVED = rule(
    "ref-unresolved",
    FAMILY,
    INFO,
    Text("$ref niet op te lossen: niet vergeleken", "$ref cannot be resolved: not compared"),
    Text(
        "{where}: {ref} is niet op te lossen ({reason}); dit deel is niet vastgesteld",
        "{where}: {ref} cannot be resolved ({reason}); this part is not determined",
    ),
)

_UPPER = ("maximum", "exclusiveMaximum", "maxItems")
_LOWER = ("minimum", "exclusiveMinimum", "minItems", "minLength")


def _value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if not isinstance(value, str) else value


def _values(values: list[Any]) -> str:
    return ", ".join(str(v) for v in values[:8]) + (" …" if len(values) > 8 else "")


_TYPE_LIMIT = 2**31 - 1  # bounds at the int32/int64 limits restate the format, they constrain nothing


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _at(keywords: dict[str, tuple[Any, Loc]], name: str, fallback: Loc) -> tuple[Any, Loc]:
    """A keyword's value and place, or "—" at the schema's own place when the schema lacks it."""
    found = keywords.get(name)
    return found if found is not None else ("—", fallback)


def _bound(value: Any) -> float | None:
    number = _number(value)
    return None if number is None or abs(number) >= _TYPE_LIMIT else number


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether a schema holds no ``$ref`` at any depth (so equal values mean equal schemas)."""
    if isinstance(value, dict):
        return "$ref" not in value and depth < 20 and all(_plain(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return depth < 20 and all(_plain(v, depth + 1) for v in value)
    return True


def compare(
    ctx: CompareContext,
    std_node: Node,
    impl_node: Node,
    place: str,
    where: str,
    depth: int = 0,
    variant: bool = False,
) -> None:
    """Compare two schemas used at the same place; report through ``ctx``."""
    if std_node.value == impl_node.value and _plain(std_node.value):
        return  # the same schema written out in both, with no $ref to resolve: nothing can differ
    std = ctx.std.flatten(std_node)
    impl = ctx.impl.flatten(impl_node)
    for ref, reason in std.unresolved + impl.unresolved:
        if ref not in ctx.unresolved:
            ctx.unresolved[ref] = reason
            ctx.report(REF_UNRESOLVED, where, std.loc, impl.loc, ref=ref, reason=reason)
    pair = (std.loc, impl.loc, place in RESPONSE_PLACES, variant)
    if pair in ctx.seen_pairs or depth > 40:
        return
    ctx.seen_pairs.add(pair)
    response = place in RESPONSE_PLACES

    def emit(kind: str, std_loc: Any, impl_loc: Any, **params: Any) -> None:
        code = f"{place}-{kind}"
        found = RULES.get(code)
        if found is not None:
            ctx.report(found, where, std_loc, impl_loc, **params)

    # type
    if std.type and impl.type and std.type != impl.type:
        numeric = {std.type, impl.type} == {"integer", "number"}
        narrower = numeric and (
            (response and impl.type == "integer") or (not response and impl.type == "number")
        )
        if not narrower:
            emit("type-changed", std.loc, impl.loc, std=std.type, impl=impl.type)
            return
    if std.type and not impl.type and response and not impl.variants and not impl.unresolved:
        emit("type-unspecified", std.loc, impl.loc, std=std.type)

    # oneOf / anyOf on one side only (discriminator object vs oneOf of subtypes): the other side is
    # compared with every variant; the variants' own extra properties are not additions
    if bool(std.variants) != bool(impl.variants):
        if impl.variants and (std.properties or std.type):
            for combiner, members in impl.variants.items():
                for index, member in enumerate(members):
                    compare(ctx, std_node, member, place, f"{where}<{combiner}[{index}]>", depth + 1, True)
        elif std.variants and (impl.properties or impl.type):
            for combiner, members in std.variants.items():
                for index, member in enumerate(members):
                    compare(ctx, member, impl_node, place, f"{where}<{combiner}[{index}]>", depth + 1, True)
        return
    # nullability
    if response and impl.nullable and not std.nullable:
        emit("nullable-added", std.loc, impl.loc)
    if not response and std.nullable and not impl.nullable:
        emit("nullable-removed", std.loc, impl.loc)

    _compare_keywords(std, impl, response, emit)

    # objects
    if std.properties or impl.properties:
        _compare_properties(ctx, std, impl, place, where, response, emit, depth, variant)

    # arrays
    if std.items is not None and impl.items is not None:
        compare(ctx, std.items, impl.items, place, f"{where}[]", depth + 1)
    if std.additional is not None and impl.additional is not None:
        compare(ctx, std.additional, impl.additional, place, f"{where}{{*}}", depth + 1)

    # oneOf / anyOf: pairwise when both have the same shape
    for combiner in ("oneOf", "anyOf"):
        std_variants = std.variants.get(combiner)
        impl_variants = impl.variants.get(combiner)
        if std_variants is None or impl_variants is None:
            continue
        if len(std_variants) != len(impl_variants):
            emit(
                "composition-changed",
                std.loc,
                impl.loc,
                keyword=combiner,
                std=len(std_variants),
                impl=len(impl_variants),
            )
            continue
        for index, (a, b) in enumerate(zip(std_variants, impl_variants, strict=True)):
            compare(ctx, a, b, place, f"{where}<{combiner}[{index}]>", depth + 1)


def _compare_keywords(std: Flat, impl: Flat, response: bool, emit: Any) -> None:
    s_kw, i_kw = std.keywords, impl.keywords
    # enum
    s_enum = s_kw.get("enum")
    i_enum = i_kw.get("enum")
    if s_enum and isinstance(s_enum[0], list):
        s_values = {_value_key(v): v for v in s_enum[0] if v is not None}
        if i_enum and isinstance(i_enum[0], list):
            i_values = {_value_key(v): v for v in i_enum[0] if v is not None}
            extra = [i_values[k] for k in i_values if k not in s_values]
            gone = [s_values[k] for k in s_values if k not in i_values]
            if response and extra:
                emit("enum-value-added", s_enum[1], i_enum[1], values=_values(extra))
            if not response and gone:
                emit("enum-value-removed", s_enum[1], i_enum[1], values=_values(gone))
            if not response and extra:
                emit("enum-value-extra", s_enum[1], i_enum[1], values=_values(extra))
        elif response:
            emit("enum-removed", s_enum[1], impl.loc, std=_values(list(s_values.values())))
    elif i_enum and isinstance(i_enum[0], list) and not response and not s_enum:
        emit("enum-added", std.loc, i_enum[1], impl=_values([v for v in i_enum[0] if v is not None]))
    # format
    s_format, i_format = s_kw.get("format"), i_kw.get("format")
    if s_format and i_format and s_format[0] != i_format[0]:
        emit("format-changed", s_format[1], i_format[1], std=s_format[0], impl=i_format[0])
    elif s_format and not i_format and response:
        emit("format-removed", s_format[1], impl.loc, std=s_format[0])
    # maxLength
    s_raw, s_at = _at(s_kw, "maxLength", std.loc)
    i_raw, i_at = _at(i_kw, "maxLength", impl.loc)
    s_val, i_val = _number(s_raw), _number(i_raw)
    if response and s_val is not None and (i_val is None or i_val > s_val):
        emit("max-length-widened", s_at, i_at, std=s_raw, impl=i_raw)
    if not response and i_val is not None and (s_val is None or i_val < s_val):
        emit("max-length-narrowed", s_at, i_at, std=s_raw, impl=i_raw)
    # other bounds
    for keyword in _UPPER + _LOWER:
        s_raw, s_at = _at(s_kw, keyword, std.loc)
        i_raw, i_at = _at(i_kw, keyword, impl.loc)
        s_n, i_n = _bound(s_raw), _bound(i_raw)
        upper = keyword in _UPPER
        looser_impl = (i_n is None) if s_n is not None else False
        if s_n is not None and i_n is not None:
            looser_impl = i_n > s_n if upper else i_n < s_n
        tighter_impl = i_n is not None and (s_n is None or (i_n < s_n if upper else i_n > s_n))
        if response and s_n is not None and looser_impl:
            kind = "bound-loosened" if upper else "min-bound-loosened"
            emit(kind, s_at, i_at, keyword=keyword, std=s_raw, impl=i_raw)
        if not response and tighter_impl:
            kind = "bound-tightened" if upper else "min-bound-tightened"
            emit(kind, s_at, i_at, keyword=keyword, std=s_raw, impl=i_raw)
    # pattern
    s_raw, s_at = _at(s_kw, "pattern", std.loc)
    i_raw, i_at = _at(i_kw, "pattern", impl.loc)
    if "pattern" in i_kw and (
        ("pattern" in s_kw and s_raw != i_raw) or ("pattern" not in s_kw and not response)
    ):
        emit("pattern-changed", s_at, i_at, std=s_raw, impl=i_raw)


def _compare_properties(
    ctx: CompareContext,
    std: Flat,
    impl: Flat,
    place: str,
    where: str,
    response: bool,
    emit: Any,
    depth: int,
    variant: bool,
) -> None:
    prefix = f"{where}." if where and not where.endswith(":") else where
    if not std.properties and std.additional is None:
        return  # the standard leaves the object unspecified ("Unspecified request body"): nothing to compare
    for name, s_prop in std.properties.items():
        s_flat = ctx.std.flatten(s_prop)
        if (not response and s_flat.read_only) or (response and s_flat.write_only):
            continue
        i_prop = impl.properties.get(name)
        if i_prop is None:
            if impl.type in ("object", None) and (impl.properties or not impl.unresolved):
                if not impl.properties and not impl.variants and not impl.type:
                    continue  # an untyped schema: nothing to compare against
                emit("property-missing", s_prop.loc, impl.loc, name=name)
            continue
        if response and name in std.required and name not in impl.required:
            emit("property-optional", s_prop.loc, i_prop.loc, name=name)
        if not response and name in impl.required and name not in std.required:
            emit("property-required-added", s_prop.loc, i_prop.loc, name=name)
        compare(ctx, s_prop, i_prop, place, f"{prefix}{name}", depth + 1)
    for name, i_prop in impl.properties.items():
        if name in std.properties:
            continue
        i_flat = ctx.impl.flatten(i_prop)
        if (not response and i_flat.read_only) or (response and i_flat.write_only):
            continue
        if not response and name in impl.required:
            emit("property-required-added", std.loc, i_prop.loc, name=name)
        elif not variant:
            code = f"{place}-property-added"
            found = RULES.get(code)
            if found is not None:
                ctx.report(
                    found,
                    where,
                    std.loc,
                    i_prop.loc,
                    experimental=bool(isinstance(i_prop.value, dict) and i_prop.value.get("x-experimental")),
                    name=name,
                )
