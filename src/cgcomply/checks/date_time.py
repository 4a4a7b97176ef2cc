"""Date and time rules of ADR 2.2: standard formats, and `date` where the time portion is irrelevant."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cgcomply.checks.base import CheckContext, Issue, NotApplicable, pointer_join, static_check
from cgcomply.checks.index import DocumentIndex, Node
from cgcomply.checks.versions import ONLY_2_2
from cgcomply.i18n import Text
from cgcomply.results import Level

# How the official ruleset recognises a date field by its name (e.g. geboorteDatum, birthDate, _date).
DATE_NAME = re.compile(r"((\w+D)|(_[dD]))((ate)|(atum))", re.ASCII)
DATE_NAMES = ("date", "datum")
# A name that says it holds a time too (startDateTime, datumTijdRegistratie, monsterOphaalDatumTijd).
_TIME_WORD = re.compile(r"time|tijd", re.IGNORECASE)
_STRING_FORMATS = ("date", "date-time", "time-local")


def is_date_name(name: str) -> bool:
    return name in DATE_NAMES or bool(DATE_NAME.search(name))


def _formats(index: DocumentIndex, schema: Node) -> list[tuple[str, Node]]:
    """``format`` of the schema itself and of its ``allOf``/``anyOf``/``oneOf`` members (deref'd)."""
    result: list[tuple[str, Node]] = []
    stack, seen = [schema], set()
    while stack:
        node = index.deref(stack.pop())
        if node is None or not isinstance(node.value, dict) or (node.file, node.pointer) in seen:
            continue
        seen.add((node.file, node.pointer))
        value = node.value.get("format")
        if isinstance(value, str):
            result.append((value, node))
        for keyword in ("allOf", "anyOf", "oneOf"):
            members = node.value.get(keyword)
            if isinstance(members, list):
                stack.extend(c for i in range(len(members)) if (c := node.child(keyword, i)) is not None)
    return result


def _has_format(index: DocumentIndex, schema: Node) -> bool:
    """As the official ruleset: ``format`` on the field, or on every member of its ``allOf``."""
    value = schema.value
    if "format" in value:
        return True
    all_of = value.get("allOf")
    if not isinstance(all_of, list) or not all_of:
        return False
    for i in range(len(all_of)):
        member = schema.child("allOf", i)
        member = index.deref(member) if member is not None else None
        if member is None or not isinstance(member.value, dict) or "format" not in member.value:
            return False
    return True


@static_check(
    id="adr.date-time-format",
    adr_rule="/core/date-time/format",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title=Text(
        "Datum- en tijdvelden gebruiken de standaardformaten", "Date and time fields use the standard formats"
    ),
    what=Text(
        "Eigenschappen gebruiken `format: date`, `date-time` of `time-local`: `date-time-local` en `time` "
        "worden gemeld, een veld met een van die formaten heeft `type: string`, en een veld waarvan de naam "
        "zegt dat het een datum is (`datum`, `geboorteDatum`, `birthDate`, `_date`) zet een `format`.",
        "Properties use `format: date`, `date-time` or `time-local`: `date-time-local` and `time` are "
        "reported, a field with one of those formats must have `type: string`, and a field whose name says "
        "it is a date (`datum`, `geboorteDatum`, `birthDate`, `_date`) must set a `format`.",
    ),
    why=Text(
        "ADR /core/date-time/format: alle datum-, datumtijd- en tijdvelden in verzoeken en antwoorden "
        'volgen RFC 9557 en ISO 8601-1; elk veld in de OpenAPI-specificatie zet "type": "string" en '
        '"format" op date, date-time of time-local.',
        "ADR /core/date-time/format: 'All date, datetime and time fields in requests and responses MUST "
        "adhere to RFC 9557 and ISO 8601-1 format. Each field in the OpenAPI specification MUST set "
        '"type": "string" and set "format"\' to date, date-time or time-local.',
    ),
    fix=Text(
        "Gebruik `type: string` met `format: date` (datums), `date-time` (momenten, met offset) of "
        "`time-local`.",
        "Use `type: string` with `format: date` (dates), `date-time` (moments, with offset) or `time-local`.",
    ),
    explanation=Text(
        "Datum-, datumtijd- en tijdvelden zijn strings met format date, date-time of time-local "
        "(RFC 9557/ISO 8601).",
        "Date, date-time and time fields are strings with format date, date-time or time-local "
        "(RFC 9557/ISO 8601).",
    ),
    messages={
        "no-properties": Text(
            "het document definieert geen schema-eigenschappen", "the document defines no schema properties"
        ),
        "date-time-local": Text(
            "eigenschap {name!r} gebruikt format date-time-local; gebruik date-time (met offset)",
            "property {name!r} uses format date-time-local; use date-time (with offset)",
        ),
        "time": Text(
            "eigenschap {name!r} gebruikt format time; gebruik time-local",
            "property {name!r} uses format time; use time-local",
        ),
        "not-string": Text(
            "eigenschap {name!r} heeft format {format} maar type {type!r}; gebruik type string",
            "property {name!r} has format {format} but type {type!r}; use type string",
        ),
        "no-format": Text(
            "eigenschap {name!r} lijkt een datum maar zet geen format (gebruik format: date)",
            "property {name!r} looks like a date but sets no format (use format: date)",
        ),
    },
    spectral={
        "2.2.0": (
            "nlgov:date-time-ensure-timezone",
            "nlgov:time-without-timezone",
            "nlgov:specify-format-for-date-and-time",
        )
    },
)
def date_time_format(context: CheckContext) -> Iterator[Issue]:
    index = context.index
    if not index.properties:
        raise NotApplicable("no-properties")
    for prop in index.properties:
        value = prop.node.value
        if not isinstance(value, dict):
            continue
        fmt = value.get("format")
        where = pointer_join(prop.node.pointer, "format")
        if fmt == "date-time-local":
            yield Issue("date-time-local", where, prop.node.file, {"name": prop.name})
        elif fmt == "time":
            yield Issue("time", where, prop.node.file, {"name": prop.name})
        elif (
            fmt in _STRING_FORMATS
            and "type" in value
            and value["type"] not in ("string", ["string", "null"], ["null", "string"])
        ):
            yield Issue(
                "not-string",
                pointer_join(prop.node.pointer, "type"),
                prop.node.file,
                {"name": prop.name, "format": fmt, "type": str(value["type"])},
            )
        if is_date_name(prop.name) and not _has_format(index, prop.node):
            yield Issue("no-format", prop.node.pointer, prop.node.file, {"name": prop.name})


@static_check(
    id="adr.date-omit-time-portion",
    adr_rule="/core/date-time/date-omit-time-portion",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title=Text(
        "Datumvelden gebruiken format date, niet date-time", "Date fields use format date, not date-time"
    ),
    what=Text(
        "Een eigenschap waarvan de naam zegt dat het een datum is (`datum`, `geboorteDatum`, `birthDate`, "
        "`einde_datum`) gebruikt geen `format: date-time`. Namen die ook een tijd noemen (`startDateTime`, "
        "`datumTijdRegistratie`) zijn datumtijden en worden niet gemeld. De naam is een heuristiek: de "
        "regel gaat over de betekenis.",
        "A property whose name says it is a date (`datum`, `geboorteDatum`, `birthDate`, `einde_datum`) must "
        "not use `format: date-time`. Names that also say time (`startDateTime`, `datumTijdRegistratie`) are "
        "datetimes and are not reported. The name is a heuristic: the rule is about meaning.",
    ),
    why=Text(
        "ADR /core/date-time/date-omit-time-portion: als het tijdsdeel niet relevant is, wordt format date "
        'gebruikt in plaats van date-time. Zo te testen: alle velden met format "date-time" nagaan; ze '
        "stellen niet alleen een datum voor.",
        "ADR /core/date-time/date-omit-time-portion: 'If the time portion is not relevant, date format MUST "
        "be used instead of date-time format.' How to test: 'Analyse all fields that set format to "
        '"date-time" and ensure that the fields do not represent solely a date.\'',
    ),
    fix=Text(
        "Gebruik `format: date` voor velden met een kalenderdatum.",
        "Use `format: date` for fields that hold a calendar date.",
    ),
    explanation=Text(
        "Velden die alleen een datum bevatten gebruiken format date, zonder tijdsdeel.",
        "Fields that hold only a date use format date, without a time portion.",
    ),
    messages={
        "no-candidates": Text(
            "geen eigenschap heeft een naam als een datum", "no property is named like a date"
        ),
        "date-time": Text(
            "eigenschap {name!r} bevat een datum maar gebruikt format date-time; gebruik format date",
            "property {name!r} holds a date but uses format date-time; use format date",
        ),
    },
    spectral={"2.2.0": ("nlgov:use-date-instead-of-datetime",)},
)
def date_omit_time_portion(context: CheckContext) -> Iterator[Issue]:
    index = context.index
    candidates = [p for p in index.properties if is_date_name(p.name)]
    if not candidates:
        raise NotApplicable("no-candidates")
    for prop in candidates:
        if _TIME_WORD.search(prop.name):
            continue
        for fmt, node in _formats(index, prop.node):
            if fmt == "date-time":
                yield Issue("date-time", pointer_join(node.pointer, "format"), node.file, {"name": prop.name})
