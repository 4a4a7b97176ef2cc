"""Apply the packaged JSON Schemas to parsed YAML and turn the first problem into a file:line error."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from cgcomply.catalog.model import Text
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


def _both(
    document: YamlDocument,
    path: tuple[Any, ...],
    nl: str,
    en: str,
    *,
    key: bool = False,
    field_name: str | None = None,
) -> CatalogError:
    """An error with its message in both languages (``error.text``; ``error.message`` stays English)."""
    converted = document.error(en, path, key=key, field_name=field_name)
    converted.text = Text(nl=nl, en=en)
    return converted


def _to_catalog_error(document: YamlDocument, error: ValidationError) -> CatalogError:
    path = tuple(error.absolute_path)
    instance = error.instance
    custom = error.schema.get("x-message") if isinstance(error.schema, dict) else None
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in instance]
        field = (*path, missing[0]) if missing else path
        return _both(
            document,
            path,
            "verplicht veld ontbreekt",
            "required field is missing",
            field_name=format_path(field),
        )
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
        return _both(
            document,
            (*path, key),
            f"onbekend veld {key!r}" + (f" (toegestaan: {allowed})" if allowed else ""),
            f"unknown field {key!r}" + (f" (allowed: {allowed})" if allowed else ""),
            key=True,
        )
    if error.validator == "type":
        expected = error.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else expected
        expected_nl = " of ".join(expected) if isinstance(expected, list) else expected
        got = f"{_type_name(instance)} {instance!r}"
        return _both(
            document, path, f"verwacht {expected_nl}, gekregen: {got}", f"expected {expected_text}, got {got}"
        )
    if error.validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return _both(
            document,
            path,
            f"{instance!r} is niet toegestaan; kies uit: {choices}",
            f"{instance!r} is not allowed; choose one of: {choices}",
        )
    if error.validator == "pattern" and custom:
        return document.error(f"{instance!r} {custom}", path)
    if error.validator == "minLength" and error.validator_value == 1:
        return _both(document, path, "mag niet leeg zijn", "must not be empty")
    if error.validator in ("minimum", "maximum") and isinstance(instance, int | float):
        low = error.validator == "minimum"
        return _both(
            document,
            path,
            f"{instance} is {'kleiner' if low else 'groter'} dan {'het minimum' if low else 'het maximum'} "
            f"{error.validator_value}",
            f"{instance} is {'less' if low else 'more'} than the {'minimum' if low else 'maximum'} of "
            f"{error.validator_value}",
        )
    if error.validator == "minItems":
        return _both(
            document,
            path,
            f"heeft ten minste {error.validator_value} element(en) nodig",
            f"needs at least {error.validator_value} item(s)",
        )
    if error.validator == "uniqueItems":
        return _both(document, path, "bevat dezelfde waarde twee keer", "lists the same value twice")
    if custom:
        return document.error(f"{instance!r} {custom}", path)
    return document.error(error.message, path)
