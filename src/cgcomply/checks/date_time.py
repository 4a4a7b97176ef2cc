"""Date and time rules of ADR 2.2: standard formats, and `date` where the time portion is irrelevant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from cgcomply.checks.adr_versions import ONLY_2_2
from cgcomply.checks.base import CheckContext, Issue, NotApplicable, pointer_join, static_check
from cgcomply.checks.index import DocumentIndex, Node
from cgcomply.i18n import Text
from cgcomply.results import Level

# How the official ruleset recognises a date field by its name (e.g. geboorteDatum, birthDate, _date).
DATE_NAME = re.compile(r"((\w+D)|(_[dD]))((ate)|(atum))", re.ASCII)
DATE_NAMES = ("date", "datum")
# Words of a name (camelCase humps, snake_case and kebab-case parts), so that compounds in any case are seen.
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Dutch compounds end in these (registratiedatum, laatsteBetaaldatum, aanvangstijdstip, peilmoment).
_DATE_ENDINGS = ("datum",)
_MOMENT_ENDINGS = ("tijdstip", "moment", "tijd", "datetime", "timestamp")
# ... but these name a duration or something else, not a date or moment.
_NOT_MOMENTS = (
    "altijd",
    "looptijd",
    "wachttijd",
    "reistijd",
    "verwerkingstijd",
    "reactietijd",
    "responstijd",
    "levertijd",
    "bedenktijd",
    "bewaartijd",
    "contactmoment",
)
# A name that says it holds a time too (startDateTime, datumTijdRegistratie, monsterOphaalDatumTijd).
_TIME_WORD = re.compile(r"time|tijd|moment", re.IGNORECASE)
_STRING_FORMATS = ("date", "date-time", "time-local")
# The types JSON Schema knows; anything else (DateTime, date) is reported by adr.oas-schema.
JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})


def _words(name: str) -> list[str]:
    return [word.lower() for word in _WORDS.findall(name)]


@lru_cache(maxsize=8192)  # names repeat: GitHub's 78,000 properties have a few thousand names
def date_meaning(name: str) -> str | None:
    """``"date"``, ``"date-time"`` or None: what a property name says it holds.

    A name is a date when the official ruleset's pattern matches it (``geboorteDatum``, ``birthDate``,
    ``_date``), when it is ``date``/``datum``, or when one of its words is a Dutch compound ending in
    ``datum`` (``registratiedatum``, ``laatsteBetaaldatum``), in any case. It holds a moment (date-time)
    when a word ends in ``tijdstip``, ``moment`` or ``tijd`` (not durations such as ``looptijd``), or it
    says ``time`` (``startDateTime``, ``datumTijdRegistratie``, ``aanvangstijdstip``).
    """
    words = _words(name)
    moment = any(w.endswith(_MOMENT_ENDINGS) and not w.endswith(_NOT_MOMENTS) for w in words)
    dated = (
        name in DATE_NAMES
        or bool(DATE_NAME.search(name))
        or any(w.endswith(_DATE_ENDINGS) or w == "date" for w in words)
    )
    if dated and (moment or _TIME_WORD.search(name)):
        return "date-time"
    if moment:
        return "date-time"
    return "date" if dated else None


def is_date_name(name: str) -> bool:
    """The name says the field holds a date or a moment (see :func:`date_meaning`)."""
    return date_meaning(name) is not None


def schema_types(index: DocumentIndex, schema: Node) -> set[str] | None:
    """The ``type`` of a schema (also from its ``allOf`` members); None when no member says a type."""
    found: set[str] | None = None
    stack, seen = [schema], set()
    while stack:
        node = index.deref(stack.pop())
        if node is None or not isinstance(node.value, dict) or (node.file, node.pointer) in seen:
            continue
        seen.add((node.file, node.pointer))
        value = node.value.get("type")
        if isinstance(value, str):
            found = (found or set()) | {value}
        elif isinstance(value, list):
            found = (found or set()) | {str(item) for item in value}
        members = node.value.get("allOf")
        if isinstance(members, list):
            stack.extend(c for i in range(len(members)) if (c := node.child("allOf", i)) is not None)
    return found


def is_date_field_schema(index: DocumentIndex, schema: Node) -> bool:
    """Only a string schema, or one that says no type and no structure, can hold a date."""
    value = schema.value
    if not isinstance(value, dict):
        return False
    types = schema_types(index, schema)
    if types is None:
        return not any(key in value for key in ("properties", "items", "additionalProperties", "enum"))
    if not types <= JSON_TYPES:
        return False  # `type: DateTime` is not JSON Schema: adr.oas-schema reports it
    return "string" in types


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
        "worden gemeld, een veld met een van die formaten heeft `type: string`, en een string-veld (of een "
        "veld zonder type) waarvan de naam zegt dat het een datum of een moment is, zet een `format`. Namen "
        "worden woord voor woord gelezen, in elke schrijfwijze: het officiële patroon (`geboorteDatum`, "
        "`birthDate`, `_date`), `datum`, Nederlandse samenstellingen op `datum` (`registratiedatum`, "
        "`laatsteBetaaldatum`: advies `date`) en op `tijdstip`, `moment` of `tijd` (`aanvangstijdstip`: "
        "advies `date-time`; duren zoals `looptijd` uitgezonderd). Booleans, getallen en objecten met zulke "
        "namen zijn geen datumvelden; een type dat JSON Schema niet kent (`DateTime`) meldt adr.oas-schema.",
        "Properties use `format: date`, `date-time` or `time-local`: `date-time-local` and `time` are "
        "reported, a field with one of those formats must have `type: string`, and a string (or untyped) "
        "field whose name says it is a date or a moment must set a `format`. Names are read word by word "
        "in any case: the official pattern (`geboorteDatum`, `birthDate`, `_date`), `datum`, Dutch "
        "compounds ending in `datum` (`registratiedatum`, `laatsteBetaaldatum`: advice `date`) and in "
        "`tijdstip`, `moment` or `tijd` (`aanvangstijdstip`: advice `date-time`; durations such as "
        "`looptijd` excepted). Booleans, numbers and objects with such names are no date fields; a type "
        "that JSON Schema does not know (`DateTime`) is reported by adr.oas-schema.",
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
        "no-format-moment": Text(
            "eigenschap {name!r} lijkt een moment maar zet geen format (gebruik format: date-time, of "
            "time-local voor een tijd van de dag)",
            "property {name!r} looks like a moment but sets no format (use format: date-time (or time-local "
            "for a time of day))",
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
        if fmt == "date-time-local":
            where = pointer_join(prop.node.pointer, "format")
            yield Issue("date-time-local", where, prop.node.file, {"name": prop.name})
        elif fmt == "time":
            where = pointer_join(prop.node.pointer, "format")
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
        meaning = date_meaning(prop.name)
        if meaning is None or _has_format(index, prop.node) or not is_date_field_schema(index, prop.node):
            continue
        key = "no-format" if meaning == "date" else "no-format-moment"
        yield Issue(key, prop.node.pointer, prop.node.file, {"name": prop.name})


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
        "`einde_datum`, `registratiedatum`, `laatsteBetaaldatum`) gebruikt geen `format: date-time`. Namen "
        "die ook een tijd noemen (`startDateTime`, `datumTijdRegistratie`, `registratietijdstip`) zijn "
        "datumtijden en worden niet gemeld. De naam is een heuristiek: de regel gaat over de betekenis.",
        "A property whose name says it is a date (`datum`, `geboorteDatum`, `birthDate`, `einde_datum`, "
        "`registratiedatum`, `laatsteBetaaldatum`) must not use `format: date-time`. Names that also say "
        "time (`startDateTime`, `datumTijdRegistratie`, `registratietijdstip`) are datetimes and are not "
        "reported. The name is a heuristic: the rule is about meaning.",
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
    candidates = [p for p in index.properties if date_meaning(p.name) is not None]
    if not candidates:
        raise NotApplicable("no-candidates")
    for prop in candidates:
        if date_meaning(prop.name) != "date":
            continue
        for fmt, node in _formats(index, prop.node):
            if fmt == "date-time":
                yield Issue("date-time", pointer_join(node.pointer, "format"), node.file, {"name": prop.name})
