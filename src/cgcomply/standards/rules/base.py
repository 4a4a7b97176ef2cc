"""The shape of one comparison rule and of one difference it reports.

A rule is a record with a stable code (``operation-missing``), the family it belongs to (one file in this
folder per family), its severity for implementation-versus-standard, and its texts (Dutch first). A
family module holds the records and one compare function; :mod:`cgcomply.standards.conform` calls the
families in order and collects what they yield. Severities ``addition`` are decided per run by the
standard's rule on extensions (see :meth:`CompareContext.addition_severity`).

Everything else (the catalogue of codes, the docs, the JSON report's ``rules`` list) is derived from the
records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cgcomply.i18n import Text
from cgcomply.oas import pointer as jp

if TYPE_CHECKING:
    from cgcomply.standards.normalise import Side

ERROR = "error"
WARNING = "warning"
INFO = "info"
ADDITION = "addition"  # warning or info, by the standard's rule on extensions
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    family: str
    severity: str  # error, warning, info or addition
    title: Text
    message: Text  # with {placeholders} filled from the difference's params


RULES: dict[str, Rule] = {}


def rule(code: str, family: str, severity: str, title: Text, message: Text) -> Rule:
    """Declare a rule; codes are unique across families."""
    if code in RULES:
        raise ValueError(f"duplicate conformance rule code {code}")
    record = Rule(code, family, severity, title, message)
    RULES[code] = record
    return record


@dataclass(frozen=True, slots=True)
class Loc:
    """A place in one document: its file id (the root's source, or a $ref target URL) and JSON pointer."""

    file: str
    pointer: str

    def child(self, *tokens: object) -> Loc:
        pointer = self.pointer
        for token in tokens:
            text = token if token.__class__ is str else str(token)
            pointer += "/" + (text if "~" not in text and "/" not in text else jp.escape(text))
        return Loc(self.file, pointer)


@dataclass(slots=True)
class Difference:
    """One difference between the implementation and the standard, at a place in both documents."""

    rule: Rule
    severity: str
    where: str  # "GET /zaken/{uuid} 200 application/json: results[].url"
    params: dict[str, Any]
    std: Loc | None
    impl: Loc | None
    std_line: int | None = None
    impl_line: int | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    def text(self, lang: str = "nl") -> str:
        return self.rule.message.render(lang, **self.params)

    def key(self) -> tuple[str, str | None, str | None, str | None, str | None]:
        return (
            self.code,
            self.std.file if self.std else None,
            self.std.pointer if self.std else self.where,
            self.impl.file if self.impl else None,
            self.impl.pointer if self.impl else self.where,
        )


@dataclass
class CompareContext:
    """What every family reads: both sides normalised, the standard's rule on extensions."""

    std: Side
    impl: Side
    extensions: str  # "not-allowed" or "not-stated"
    found: list[Difference] = field(default_factory=list)
    _keys: set[tuple[Any, ...]] = field(default_factory=set)
    seen_pairs: set[tuple[Any, ...]] = field(default_factory=set)
    unresolved: dict[str, str] = field(default_factory=dict)  # ref -> reason (parts not compared)

    def addition_severity(self, experimental: bool) -> str:
        if self.extensions == "not-allowed" and not experimental:
            return WARNING
        return INFO

    def report(
        self,
        rule: Rule,
        where: str,
        std_loc: Loc | None,
        impl_loc: Loc | None,
        /,
        *,
        experimental: bool = False,
        **params: Any,
    ) -> None:
        severity = self.addition_severity(experimental) if rule.severity == ADDITION else rule.severity
        difference = Difference(rule, severity, where, {"where": where, **params}, std_loc, impl_loc)
        key = difference.key()
        if key in self._keys:
            return
        self._keys.add(key)
        self.found.append(difference)


def iter_rules(family: str | None = None) -> Iterator[Rule]:
    return (r for r in RULES.values() if family is None or r.family == family)
