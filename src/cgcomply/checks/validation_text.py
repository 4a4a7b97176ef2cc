"""Validation errors of jsonschema-rs in words: which member, what was expected, what was found.

jsonschema-rs messages quote the whole instance (``{...3,000 characters...} is not valid under any of
the given schemas``) and name types in schema terms (``"s" is not of type "integer"``). Here each error
becomes one sentence in the document's own terms: the member path (``adres.huisnummer``), the expected
and the found type in words, and a short excerpt of the value with the pointer to the whole when the
excerpt is cut.
"""

from __future__ import annotations

import json
import math
from typing import Any

from cgcomply.checks.base import pointer_join

EXCERPT_CHARS = 60

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true or false)",
    "object": "an object",
    "array": "a list",
    "null": "null",
}
_JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")


def member_path(tokens: list[Any] | tuple[Any, ...]) -> str:
    """``["adres", "huisnummers", 0]`` -> ``adres.huisnummers[0]``; the top level is ``the value``."""
    text = ""
    for token in tokens:
        if isinstance(token, int):
            text += f"[{token}]"
        else:
            name = str(token)
            simple = name.replace("_", "").replace("-", "").isalnum()
            text += (f".{name}" if text else name) if simple else f"[{json.dumps(name)}]"
    return text or "the value"


def type_of(value: Any) -> str:
    """The JSON type of a Python value, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number" if math.isfinite(value) else "a number that JSON cannot hold"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> tuple[str, bool]:
    """A short JSON rendering of ``value`` (built within the limit, never the whole value); True when cut."""
    parts: list[str] = []
    size = 0
    cut = False
    stack: list[Any] = [value]
    while stack:
        if size > limit:
            cut = True
            break
        item = stack.pop()
        if isinstance(item, _Raw):
            text = item.text
        elif isinstance(item, dict):
            entries: list[Any] = [_Raw("{")]
            for i, (key, member) in enumerate(item.items()):
                entries += [
                    _Raw(", " if i else ""),
                    _Raw(json.dumps(str(key), ensure_ascii=False) + ": "),
                    member,
                ]
                if i > 8:
                    entries.append(_Raw(", …"))
                    break
            entries.append(_Raw("}"))
            stack.extend(reversed(entries))
            continue
        elif isinstance(item, list):
            entries = [_Raw("[")]
            for i, member in enumerate(item[:10]):
                entries += [_Raw(", " if i else ""), member]
            if len(item) > 10:
                entries.append(_Raw(", …"))
            entries.append(_Raw("]"))
            stack.extend(reversed(entries))
            continue
        elif isinstance(item, str):
            text = json.dumps(item[: limit + 1], ensure_ascii=False)
            if len(item) > limit:
                text = text[:-1] + "…" + '"'
        elif isinstance(item, float) and not math.isfinite(item):
            text = str(item)
        else:
            try:
                text = json.dumps(item)
            except (TypeError, ValueError):
                text = repr(item)
            if len(text) > 40:
                text = text[:20] + f"…({len(text)} digits)"
        parts.append(text)
        size += len(text)
    rendered = "".join(parts)
    if cut or len(rendered) > limit:
        return rendered[:limit].rstrip() + "…", True
    return rendered, False


class _Raw:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def found(value: Any, where: str) -> str:
    """``a string ("12a")``; with ``(whole value at WHERE)`` when the excerpt is cut."""
    text, cut = excerpt(value)
    if isinstance(value, dict | list) and not value:
        return f"an empty {'object' if isinstance(value, dict) else 'list'}"
    tail = f"; the whole value is at {where}" if cut and where else ""
    return f"{type_of(value)} ({text}{tail})"


def _types(names: list[Any]) -> str:
    words = [_TYPE_WORDS.get(str(name), str(name)) for name in names]
    if not words:
        return "of a type the schema names"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _options(options: list[Any]) -> str:
    shown = [excerpt(option, 30)[0] for option in options[:8]]
    more = f" (and {len(options) - 8} more)" if len(options) > 8 else ""
    return ", ".join(shown) + more


def describe(error: Any, path: list[Any], where: str = "") -> str:
    """One sentence for a jsonschema-rs error at ``path`` (tokens relative to what the reader sees).

    ``where`` is the pointer of the instance in the document, named when an excerpt is cut. An error
    of a shape not foreseen here keeps the validator's own sentence, shortened.
    """
    try:
        return _describe(error, path, where)
    except Exception:  # a strange schema (type: [], a missing attribute): never lose the finding
        message = str(getattr(error, "message", error))
        return f"`{member_path(path)}`: {message[:197] + '…' if len(message) > 200 else message}"


def _describe(error: Any, path: list[Any], where: str) -> str:
    kind = error.kind
    name = getattr(kind, "name", "")
    member = f"`{member_path(path)}`"
    instance = error.instance
    if name == "type":
        return f"{member} must be {_types(list(kind.types))}, but is {found(instance, where)}"
    if name == "required":
        return f"{member} lacks the required member `{kind.property}`"
    if name == "enum":
        options = list(kind.options)
        if path and path[-1] == "type" and isinstance(instance, str) and set(options) <= set(_JSON_TYPES):
            hint = ""
            if "date" in instance.lower() or "time" in instance.lower():
                hint = "; a date or time is `type: string` with `format: date`, `date-time` or `time-local`"
            return f"{member} is {json.dumps(instance)}, which is not a JSON Schema type ({', '.join(_JSON_TYPES)}){hint}"
        return f"{member} is {found(instance, where)}, which is not one of {_options(options)}"
    if name == "const":
        return f"{member} must be {excerpt(kind.expected_value if hasattr(kind, 'expected_value') else kind.value)[0]}, but is {found(instance, where)}"
    if name == "format":
        return f"{member} is not a valid {kind.format}: {found(instance, where)}"
    if name == "pattern":
        return f"{member} does not match the pattern {json.dumps(kind.pattern)}: {found(instance, where)}"
    if name in ("minLength", "maxLength"):
        bound = "at least" if name == "minLength" else "at most"
        return f"{member} must have {bound} {kind.limit} characters: {found(instance, where)}"
    if name in ("minItems", "maxItems"):
        bound = "at least" if name == "minItems" else "at most"
        return f"{member} must have {bound} {kind.limit} items, but has {len(instance) if isinstance(instance, list) else '?'}"
    if name in ("minProperties", "maxProperties"):
        bound = "at least" if name == "minProperties" else "at most"
        return f"{member} must have {bound} {kind.limit} members"
    if name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[name]
        return f"{member} must be {words} {excerpt(kind.limit)[0]}, but is {excerpt(instance)[0]}"
    if name == "multipleOf":
        return f"{member} must be a multiple of {excerpt(kind.multiple_of if hasattr(kind, 'multiple_of') else kind.value)[0]}, but is {excerpt(instance)[0]}"
    if name == "uniqueItems":
        return f"{member} must not repeat items: {found(instance, where)}"
    if name == "additionalProperties":
        unexpected = ", ".join(f"`{item}`" for item in list(getattr(kind, "unexpected", []))[:8])
        return f"{member} has members that are not allowed here: {unexpected}"
    if name in ("oneOf", "anyOf"):
        return f"{member} matches none of the allowed forms: {found(instance, where)}"
    if name == "oneOfMultipleValid" or (name == "oneOf" and "more than one" in error.message):
        return f"{member} matches more than one of the forms of `oneOf`: {found(instance, where)}"
    if name == "not":
        return f"{member} matches a schema it must not match: {found(instance, where)}"
    if name == "falseSchema":
        return f"{member} is not allowed here"
    message = str(error.message)
    if len(message) > 200:
        message = message[:197] + "…"
    return f"{member}: {message}"


def pointer_of(base: str, path: list[Any]) -> str:
    return pointer_join(base, *path)
