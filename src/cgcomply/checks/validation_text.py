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

from cgcomply.i18n import Message, Text

EXCERPT_CHARS = 60

_TYPE_WORDS = {
    "string": Text("een tekst (string)", "a string"),
    "integer": Text("een geheel getal (integer)", "an integer"),
    "number": Text("een getal", "a number"),
    "boolean": Text("een booleaanse waarde (true of false)", "a boolean (true or false)"),
    "object": Text("een object", "an object"),
    "array": Text("een lijst", "a list"),
    "null": Text("null", "null"),
}
_FOUND_WORDS = {
    "null": Text("null", "null"),
    "boolean": Text("een booleaanse waarde", "a boolean"),
    "integer": Text("een geheel getal", "an integer"),
    "number": Text("een getal", "a number"),
    "not-finite": Text("een getal dat JSON niet kan bevatten", "a number that JSON cannot hold"),
    "string": Text("een tekst", "a string"),
    "object": Text("een object", "an object"),
    "array": Text("een lijst", "a list"),
}
_BOUNDS = {
    "minLength": Text("minstens", "at least"),
    "maxLength": Text("hoogstens", "at most"),
    "minItems": Text("minstens", "at least"),
    "maxItems": Text("hoogstens", "at most"),
    "minProperties": Text("minstens", "at least"),
    "maxProperties": Text("hoogstens", "at most"),
    "minimum": Text("minstens", "at least"),
    "maximum": Text("hoogstens", "at most"),
    "exclusiveMinimum": Text("meer dan", "more than"),
    "exclusiveMaximum": Text("minder dan", "less than"),
}
# The message texts a check that validates with these sentences declares (spread into its messages).
TEXTS: dict[str, Text] = {
    "v-type": Text(
        "{member} moet {expected} zijn, maar is {found}", "{member} must be {expected}, but is {found}"
    ),
    "v-required": Text(
        "{member} mist het verplichte onderdeel `{name}`", "{member} lacks the required member `{name}`"
    ),
    "v-not-a-type": Text(
        "{member} is {value}, dat is geen JSON Schema-type ({types})",
        "{member} is {value}, which is not a JSON Schema type ({types})",
    ),
    "v-not-a-type-date": Text(
        "{member} is {value}, dat is geen JSON Schema-type ({types}); een datum of tijd is `type: string` "
        "met `format: date`, `date-time` of `time-local`",
        "{member} is {value}, which is not a JSON Schema type ({types}); a date or time is `type: string` "
        "with `format: date`, `date-time` or `time-local`",
    ),
    "v-enum": Text(
        "{member} is {found}, dat is niet een van {options}",
        "{member} is {found}, which is not one of {options}",
    ),
    "v-const": Text(
        "{member} moet {expected} zijn, maar is {found}", "{member} must be {expected}, but is {found}"
    ),
    "v-format": Text(
        "{member} is geen geldige {format}: {found}", "{member} is not a valid {format}: {found}"
    ),
    "v-pattern": Text(
        "{member} past niet bij het patroon {pattern}: {found}",
        "{member} does not match the pattern {pattern}: {found}",
    ),
    "v-length": Text(
        "{member} moet {bound} {limit} tekens hebben: {found}",
        "{member} must have {bound} {limit} characters: {found}",
    ),
    "v-items": Text(
        "{member} moet {bound} {limit} elementen hebben, maar heeft er {count}",
        "{member} must have {bound} {limit} items, but has {count}",
    ),
    "v-members": Text(
        "{member} moet {bound} {limit} onderdelen hebben", "{member} must have {bound} {limit} members"
    ),
    "v-bound": Text(
        "{member} moet {bound} {limit} zijn, maar is {value}",
        "{member} must be {bound} {limit}, but is {value}",
    ),
    "v-multiple": Text(
        "{member} moet een veelvoud van {limit} zijn, maar is {value}",
        "{member} must be a multiple of {limit}, but is {value}",
    ),
    "v-unique": Text(
        "{member} mag geen elementen herhalen: {found}", "{member} must not repeat items: {found}"
    ),
    "v-not-allowed": Text("{member} is hier niet toegestaan", "{member} is not allowed here"),
    "v-members-not-allowed": Text(
        "{member} heeft onderdelen die hier niet zijn toegestaan: {names}",
        "{member} has members that are not allowed here: {names}",
    ),
    "v-no-form": Text(
        "{member} past bij geen van de toegestane vormen: {found}",
        "{member} matches none of the allowed forms: {found}",
    ),
    "v-many-forms": Text(
        "{member} past bij meer dan één vorm van `oneOf`: {found}",
        "{member} matches more than one of the forms of `oneOf`: {found}",
    ),
    "v-not": Text(
        "{member} past bij een schema waar het niet bij mag passen: {found}",
        "{member} matches a schema it must not match: {found}",
    ),
    "v-false": Text(
        "{member} is hier niet toegestaan (schema `false`)", "{member} is not allowed here (schema `false`)"
    ),
    "v-other": Text("{member}: {detail}", "{member}: {detail}"),
    "v-found": Text("{type} ({excerpt})", "{type} ({excerpt})"),
    "v-found-cut": Text(
        "{type} ({excerpt}; de hele waarde staat op {where})",
        "{type} ({excerpt}; the whole value is at {where})",
    ),
    "v-found-empty-object": Text("een leeg object", "an empty object"),
    "v-found-empty-list": Text("een lege lijst", "an empty list"),
    "v-value-at": Text("de waarde", "the value"),
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


def type_key(value: Any) -> str:
    """The JSON type of a Python value (a key of the words tables)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number" if math.isfinite(value) else "not-finite"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    return "array"


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


class _Say:
    """Builds the messages of one check unit (``adr.oas-schema:v-type`` ...)."""

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def __call__(self, key: str, **params: Any) -> Message:
        return Message(f"{self.unit}:{key}", params)

    def found(self, value: Any, where: str) -> Message:
        if isinstance(value, dict | list) and not value:
            return self("v-found-empty-object" if isinstance(value, dict) else "v-found-empty-list")
        text, cut = excerpt(value)
        kind = _FOUND_WORDS.get(type_key(value), _FOUND_WORDS["string"])
        if cut and where:
            return self("v-found-cut", type=kind, excerpt=text, where=where)
        return self("v-found", type=kind, excerpt=text)


def _types(names: list[Any]) -> Text:
    words = [_TYPE_WORDS.get(str(name), Text(str(name), str(name))) for name in names]
    if not words:
        return Text("van een type dat het schema noemt", "of a type the schema names")
    if len(words) == 1:
        return words[0]
    return Text(
        ", ".join(w.nl for w in words[:-1]) + " of " + words[-1].nl,
        ", ".join(w.en for w in words[:-1]) + " or " + words[-1].en,
    )


def _options(options: list[Any]) -> str:
    shown = [excerpt(option, 30)[0] for option in options[:8]]
    more = f" (+{len(options) - 8})" if len(options) > 8 else ""
    return ", ".join(shown) + more


def not_allowed(unit: str, path: list[Any]) -> Message:
    """``member`` is not allowed here (one unexpected member of an object)."""
    return Message(f"{unit}:v-not-allowed", {"member": f"`{member_path(path)}`"})


def describe(error: Any, path: list[Any], where: str, unit: str) -> Message:
    """One message of ``unit`` for a jsonschema-rs error at ``path`` (tokens relative to what the reader
    sees). ``where`` is the pointer of the instance in the document, named when an excerpt is cut. An
    error of a shape not foreseen here keeps the validator's own sentence, shortened."""
    say = _Say(unit)
    try:
        return _describe(say, error, path, where)
    except Exception:  # a strange schema (type: [], a missing attribute): never lose the finding
        message = str(getattr(error, "message", error))
        detail = message[:197] + "…" if len(message) > 200 else message
        return say("v-other", member=f"`{member_path(path)}`", detail=detail)


def _describe(say: _Say, error: Any, path: list[Any], where: str) -> Message:
    kind = error.kind
    name = getattr(kind, "name", "")
    member = f"`{member_path(path)}`"
    instance = error.instance
    if name == "type":
        return say(
            "v-type", member=member, expected=_types(list(kind.types)), found=say.found(instance, where)
        )
    if name == "required":
        return say("v-required", member=member, name=str(kind.property))
    if name == "enum":
        options = list(kind.options)
        if path and path[-1] == "type" and isinstance(instance, str) and set(options) <= set(_JSON_TYPES):
            key = (
                "v-not-a-type-date"
                if ("date" in instance.lower() or "time" in instance.lower())
                else "v-not-a-type"
            )
            return say(key, member=member, value=json.dumps(instance), types=", ".join(_JSON_TYPES))
        return say("v-enum", member=member, found=say.found(instance, where), options=_options(options))
    if name == "const":
        expected = getattr(kind, "expected_value", getattr(kind, "value", None))
        return say("v-const", member=member, expected=excerpt(expected)[0], found=say.found(instance, where))
    if name == "format":
        return say("v-format", member=member, format=str(kind.format), found=say.found(instance, where))
    if name == "pattern":
        return say(
            "v-pattern", member=member, pattern=json.dumps(kind.pattern), found=say.found(instance, where)
        )
    if name in ("minLength", "maxLength"):
        return say(
            "v-length", member=member, bound=_BOUNDS[name], limit=kind.limit, found=say.found(instance, where)
        )
    if name in ("minItems", "maxItems"):
        count = len(instance) if isinstance(instance, list) else 0
        return say("v-items", member=member, bound=_BOUNDS[name], limit=kind.limit, count=count)
    if name in ("minProperties", "maxProperties"):
        return say("v-members", member=member, bound=_BOUNDS[name], limit=kind.limit)
    if name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return say(
            "v-bound",
            member=member,
            bound=_BOUNDS[name],
            limit=excerpt(kind.limit)[0],
            value=excerpt(instance)[0],
        )
    if name == "multipleOf":
        limit = getattr(kind, "multiple_of", getattr(kind, "value", ""))
        return say("v-multiple", member=member, limit=excerpt(limit)[0], value=excerpt(instance)[0])
    if name == "uniqueItems":
        return say("v-unique", member=member, found=say.found(instance, where))
    if name == "additionalProperties":
        names = ", ".join(f"`{item}`" for item in list(getattr(kind, "unexpected", []))[:8])
        return say("v-members-not-allowed", member=member, names=names)
    if name == "oneOfMultipleValid" or type(kind).__name__ == "OneOfMultipleValid":
        return say("v-many-forms", member=member, found=say.found(instance, where))
    if name in ("oneOf", "anyOf", "oneOfNotValid"):
        return say("v-no-form", member=member, found=say.found(instance, where))
    if name == "not":
        return say("v-not", member=member, found=say.found(instance, where))
    if name == "falseSchema":
        return say("v-false", member=member)
    message = str(error.message)
    return say("v-other", member=member, detail=message[:197] + "…" if len(message) > 200 else message)
