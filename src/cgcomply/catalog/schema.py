"""Apply the packaged JSON Schemas to parsed YAML and turn the first problem into a file:line error."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from cgcomply.catalog.yamlnodes import YamlDocument, format_path
from cgcomply.errors import CatalogError

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


@cache
def schema(name: str) -> dict[str, Any]:
    """The packaged schema ``requirement`` or ``profile``."""
    text = resources.files("cgcomply.catalog").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name))


def schema_errors(document: YamlDocument, name: str) -> list[tuple[tuple[Any, ...], CatalogError]]:
    """Every schema violation in file order, as (path of the value, error naming file and line)."""
    errors = [_deepest(error) for error in _validator(name).iter_errors(document.data)]
    errors.sort(key=lambda error: _position(document, error))
    result: list[tuple[tuple[Any, ...], CatalogError]] = []
    seen: set[str] = set()
    for error in errors:
        converted = _to_catalog_error(document, error)
        if converted.render() not in seen:
            seen.add(converted.render())
            result.append((tuple(error.absolute_path), converted))
    return result


def validate(document: YamlDocument, name: str) -> None:
    """Raise a :class:`CatalogError` for the first schema violation (in file order)."""
    errors = [_deepest(error) for error in _validator(name).iter_errors(document.data)]
    if not errors:
        return
    errors.sort(key=lambda error: _position(document, error))
    first = errors[0]
    error = _to_catalog_error(document, first)
    if len(errors) > 1:
        error.message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} in this file)"
    raise CatalogError(
        error.message, source=error.source, line=error.line, column=error.column, field=error.field
    )


def _deepest(error: ValidationError) -> ValidationError:
    """For ``oneOf``/``anyOf`` pick the most relevant branch error, so the message names the real field."""
    while error.context:
        error = best_match(error.context)
    return error


def _position(document: YamlDocument, error: ValidationError) -> tuple[int, int]:
    mark = document.mark(tuple(error.absolute_path))
    return (mark.line, mark.column) if mark else (0, 0)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _to_catalog_error(document: YamlDocument, error: ValidationError) -> CatalogError:
    path = tuple(error.absolute_path)
    instance = error.instance
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in instance]
        field = (*path, missing[0]) if missing else path
        return document.error("required field is missing", path, field_name=format_path(field))
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        patterns = error.schema.get("patternProperties", {})
        extra = [
            key
            for key in instance
            if key not in known and not any(re.search(pattern, key) for pattern in patterns)
        ]
        key = extra[0] if extra else "?"
        allowed = ", ".join(sorted(known)) if known else ""
        hint = f" (allowed: {allowed})" if allowed else ""
        return document.error(f"unknown field {key!r}{hint}", (*path, key), key=True)
    if error.validator == "type":
        expected = error.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else expected
        return document.error(f"expected {expected_text}, got {_type_name(instance)} {instance!r}", path)
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return document.error(f"{instance!r} is not allowed; choose one of: {choices}", path)
    if error.validator == "pattern" and custom:
        return document.error(f"{instance!r} {custom}", path)
    if error.validator == "minLength" and error.validator_value == 1:
        return document.error("must not be empty", path)
    if error.validator == "minItems":
        return document.error(f"needs at least {error.validator_value} item(s)", path)
    if error.validator == "uniqueItems":
        return document.error("lists the same value twice", path)
    if custom:
        return document.error(f"{instance!r} {custom}", path)
    return document.error(error.message, path)
