"""Bilingual texts and language-neutral messages.

Every user-facing text exists in Dutch and English, Dutch first. Two shapes carry them:

* :class:`Text` is a text in both languages (a check's title, what/why/fix, a catalogue clause). It may
  hold ``{name}`` placeholders; both languages must name the same ones.
* :class:`Message` is what a finding, a check's reason or a requirement's verdict carries: an id and its
  parameters, no rendered text. The id is ``"<unit>:<key>"``: ``adr.version-header:missing`` names the
  text ``messages["missing"]`` that the check ``adr.version-header`` declares beside its code; ids of
  messages that belong to no single check (a crashed check, a requirement's verdict) are listed in
  :mod:`cgcomply.messages`.

Reports store messages as ids with parameters (``Report.to_dict``) and render them in the report's
language only in ``report/``. A parameter is a plain value, or a :class:`Text` (a bilingual catalogue
text), or a nested :class:`Message` (a verdict that quotes a finding); content quoted from a document is
always a parameter, never part of the text.

Languages: ``nl`` (the default of every command) and ``en``. The CLI takes ``--lang`` and reads
``CGCOMPLY_LANG``; library code never reads the environment.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"

#: The environment variable the CLI reads for the report language (library code never reads it).
LANG_ENV = "CGCOMPLY_LANG"


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing text in both languages, Dutch first. ``{name}`` placeholders are filled by render."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """The raw text in ``lang`` (English for ``en``, Dutch otherwise)."""
        return self.en if lang == "en" else self.nl

    def render(self, lang: str, /, **params: Param) -> str:
        """The text in ``lang`` with its placeholders filled (Text and Message values rendered too)."""
        template = self.get(lang)
        if not params and "{" not in template:
            return template
        values = {name: render_param(value, lang) for name, value in params.items()}
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError) as error:
            # A stored report from another version may lack a parameter; show the text, never crash.
            return f"{template} [{type(error).__name__}: {error}]"

    def placeholders(self, lang: str) -> frozenset[str]:
        return placeholders(self.get(lang))

    def problems(self) -> list[str]:
        """What is wrong with this text: an empty language, placeholders that differ between nl and en."""
        found: list[str] = []
        for lang in LANGS:
            if not self.get(lang).strip():
                found.append(f"no {lang} text")
        try:
            nl, en = self.placeholders("nl"), self.placeholders("en")
        except ValueError as error:
            return [*found, f"bad placeholder syntax: {error}"]
        if nl != en:
            found.append(f"placeholders differ: nl {sorted(nl)}, en {sorted(en)}")
        return found

    def as_dict(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


@dataclass(frozen=True, slots=True)
class Message:
    """An id and its parameters: what a finding or a reason carries instead of rendered text."""

    id: str  # "<unit>:<key>", e.g. "adr.version-header:missing"
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)

    @property
    def unit(self) -> str:
        """The part before the colon: the check id (or the :mod:`cgcomply.messages` group)."""
        return self.id.rpartition(":")[0]

    @property
    def key(self) -> str:
        return self.id.rpartition(":")[2]

    def __str__(self) -> str:
        """English, for logs and exceptions; reports render through ``report/``."""
        text = lookup(self)
        return text.render("en", **self.params) if text is not None else fallback(self, "en")


#: A message parameter: a plain value, a bilingual catalogue text, or a nested message.
Param: TypeAlias = str | int | float | bool | Text | Message | None

#: What a finding, a check's reason or a requirement's reason carries. A plain ``str`` is an
#: English-only text that has not been given an id yet (live probes, until they are converted).
Translatable: TypeAlias = Message | Text | str

Catalog: TypeAlias = Mapping[str, Text]


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` fields of a format string (``{{`` escapes a brace)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            names.add(name.split(".", 1)[0].split("[", 1)[0])
    return frozenset(names)


class FrozenCatalog(Mapping[str, Text]):
    """A read-only message table: copies (``copy``, ``deepcopy``, ``dataclasses.asdict``) share it."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Text] | None = None) -> None:
        self._data: dict[str, Text] = dict(data or {})

    def __getitem__(self, key: str) -> Text:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __copy__(self) -> FrozenCatalog:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> FrozenCatalog:
        return self

    def __repr__(self) -> str:
        return f"FrozenCatalog({self._data!r})"


def freeze(messages: Mapping[str, Text] | None) -> Catalog:
    """A read-only copy of a unit's message table."""
    return messages if isinstance(messages, FrozenCatalog) else FrozenCatalog(messages)


def catalog_problems(prefix: str | None, messages: Mapping[str, Text]) -> list[str]:
    """Problems of a message table, each naming its message id. ``prefix`` is the unit's id, whose keys
    have no colon; None for a table of full ids (:mod:`cgcomply.messages`)."""
    found: list[str] = []
    for key, text in messages.items():
        name = f"{prefix}:{key}" if prefix else key
        if not isinstance(text, Text):
            found.append(f"{name}: not a Text")
            continue
        if prefix and ":" in key:
            found.append(f"{name}: a key may not contain a colon")
        found.extend(f"{name}: {problem}" for problem in text.problems())
    return found


def message_problems(message: Message, text: Text | None) -> list[str]:
    """A message whose id is unknown, or whose parameters differ from its text's placeholders."""
    if text is None:
        return [f"{message.id}: unknown message id"]
    found = []
    expected = text.placeholders("nl")
    given = frozenset(message.params)
    if expected != given:
        found.append(f"{message.id}: parameters {sorted(given)}, the text uses {sorted(expected)}")
    for name, value in message.params.items():
        if isinstance(value, Message):
            found.extend(message_problems(value, lookup(value)))
        elif isinstance(value, Text):
            found.extend(
                f"{message.id}: parameter {name}: {problem}"
                for problem in value.problems()
                if not problem.startswith("placeholders")
            )
        elif value is not None and not isinstance(value, str | int | float | bool | Text):
            found.append(f"{message.id}: parameter {name} is a {type(value).__name__}")
    return found


def render_param(value: Param, lang: str) -> Any:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, Message):
        return render(value, lang)
    return value


def render(item: Translatable | None, lang: str, catalog: Catalog | None = None) -> str:
    """A message, text or plain string in ``lang`` (a Text is a template: ``{{`` shows as ``{``). ``catalog`` is the message table of the unit the
    message came from (a check's ``info.messages``); ids not in it are looked up in
    :mod:`cgcomply.messages`. An unknown id renders as the id with its parameters, never as an error."""
    if item is None:
        return ""
    if isinstance(item, str):
        return item
    if isinstance(item, Text):
        return item.render(lang)
    text = lookup(item, catalog)
    if text is None:
        return fallback(item, lang)
    return text.render(lang, **item.params)


def lookup(message: Message, catalog: Catalog | None = None) -> Text | None:
    """The text of ``message``: in ``catalog`` (its unit's table) when the key is there, else in
    :mod:`cgcomply.messages`, else in the registry of check units."""
    if catalog is not None:
        text = catalog.get(message.key)
        if text is not None:
            return text
    from cgcomply import messages

    text = messages.GENERIC.get(message.id)
    if text is not None:
        return text
    from cgcomply.units import unit_messages

    return unit_messages(message.unit).get(message.key)


def fallback(message: Message, lang: str) -> str:
    """How an unknown message shows: its id and parameters (a report of another version, say)."""
    if not message.params:
        return message.id
    params = ", ".join(f"{k}={render_param(v, lang)!r}" for k, v in message.params.items())
    return f"{message.id} ({params})"


def joined(parts: Iterable[Message | None]) -> Message | None:
    """Several messages as one (``a; b; c``), None when there is none: an evidence note of several parts."""
    present = [part for part in parts if part is not None]
    if not present:
        return None
    result = present[-1]
    for part in reversed(present[:-1]):
        result = Message("note:joined", {"first": part, "rest": result})
    return result


def quoted(text: str | None) -> Message | None:
    """A text recorded as a tool or a server wrote it (a scanner's error), the same in every language."""
    return Message("note:quoted", {"text": text}) if text else None


def map_strings(message: Message, change: Callable[[str], str]) -> Message:
    """``message`` with ``change`` applied to every string parameter, nested messages included (to mask
    credentials in what a server or a URL put there)."""

    def one(value: Param) -> Param:
        if isinstance(value, str):
            return change(value)
        if isinstance(value, Message):
            return map_strings(value, change)
        return value

    return Message(message.id, {name: one(value) for name, value in message.params.items()})


class LanguageTexts:
    """The texts of one language from a table of :class:`Text`: ``t.name`` is the text, ``t("name", x=1)``
    fills in its placeholders (for templates). An unknown language falls back to Dutch."""

    __slots__ = ("_kind", "_table", "lang")

    def __init__(self, lang: str, table: Mapping[str, Text], kind: str) -> None:
        self.lang = lang if lang in LANGS else "nl"
        self._table = table
        self._kind = kind  # names the table in the error of an unknown text

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):  # a slot read before __init__ (copy, pickle): no table to look in
            raise AttributeError(name)
        try:
            return self._table[name].get(self.lang)
        except KeyError:
            raise AttributeError(f"no {self._kind} text {name!r}") from None

    def __call__(self, key: str, /, **params: Param) -> str:
        return self._table[key].render(self.lang, **params)

    def get(self, name: str, default: str) -> str:
        """The text ``name``, or ``default`` when there is none (labels of values a schema may add)."""
        text = self._table.get(name)
        return text.get(self.lang) if text else default


def check_lang(lang: str) -> str:
    """``lang`` when it is a known language, else ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


# --------------------------------------------------------------------------- storing


def param_to_data(value: Param) -> Any:
    """A parameter as JSON data: plain values as they are, a Text as ``{"text": {nl, en}}``, a nested
    message as ``{"message": {id, params}}``."""
    if isinstance(value, Text):
        return {"text": value.as_dict()}
    if isinstance(value, Message):
        return {"message": message_to_data(value)}
    return value


def param_from_data(data: Any) -> Param:
    if isinstance(data, dict):
        if "text" in data:
            return Text(nl=str(data["text"]["nl"]), en=str(data["text"]["en"]))
        if "message" in data:
            return message_from_data(data["message"])
        raise ValueError(f"unknown message parameter {data!r}")
    if data is None or isinstance(data, str | int | float | bool):
        return data
    raise ValueError(f"unknown message parameter {data!r}")


def message_to_data(message: Message) -> dict[str, Any]:
    return {"id": message.id, "params": {k: param_to_data(v) for k, v in message.params.items()}}


def message_from_data(data: Mapping[str, Any]) -> Message:
    return Message(str(data["id"]), {str(k): param_from_data(v) for k, v in dict(data["params"]).items()})


def translatable_to_data(item: Translatable | None) -> Any:
    """``{"id", "params"}`` for a message, ``{"nl", "en"}`` for a text, ``{"text": s}`` for a plain string."""
    if item is None:
        return None
    if isinstance(item, Message):
        return message_to_data(item)
    if isinstance(item, Text):
        return item.as_dict()
    return {"untranslated": item}


def translatable_from_data(data: Any) -> Translatable | None:
    if data is None:
        return None
    if "id" in data:
        return message_from_data(data)
    if "nl" in data:
        return Text(nl=str(data["nl"]), en=str(data["en"]))
    return str(data["untranslated"])


def messages_in(items: Iterable[Translatable | None]) -> list[Message]:
    """The messages among ``items``, nested parameters included (for validation)."""
    found: list[Message] = []
    stack = [item for item in items if isinstance(item, Message)]
    while stack:
        message = stack.pop()
        found.append(message)
        stack.extend(value for value in message.params.values() if isinstance(value, Message))
    return found


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "LANG_ENV",
    "Message",
    "Param",
    "Text",
    "Translatable",
    "render",
]
