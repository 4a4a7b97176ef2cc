"""Accepted findings: a baseline, an ignore file and ``x-cgcomply-ignore`` in the document.

A supplier that adopts cgcomply on an existing API accepts today's findings and fails only on new ones:

* ``--baseline cgcomply-baseline.json`` (made by ``cgcomply baseline create``) accepts every finding whose
  stable id (:meth:`cgcomply.results.Finding.stable_id`) it records;
* ``--ignore FILE`` (by default ``.cgcomply-ignore.yaml`` in the working directory, when it exists) lists
  entries, each with a reason (``reden``) and optionally an end date (``tot``): a finding id, or a check id
  pattern and/or a location pattern (``*`` and ``?`` as in file names)::

      negeer:
        - id: 0123456789abcdef
          reden: Bekend; opgelost in release 2.4 (ticket API-112)
          tot: 2027-03-01
        - check: adr.naming-*
          pointer: /paths/~1zaken*
          reden: Namen volgen de ZGW-standaard

* ``x-cgcomply-ignore`` on a path item or an operation of the OpenAPI document accepts the findings of
  the listed checks for that path (or that operation), statically (findings below its JSON pointer) and
  live (requests to that path, and that method)::

      paths:
        /zaken:
          get:
            x-cgcomply-ignore:
              - check: adr.pagination
                reden: Zaken worden altijd gefilterd opgevraagd
                tot: 2027-01-01

An accepted finding is never dropped: every report shows it as ``geaccepteerd`` with its reason and
where the acceptance comes from, and counts it separately. A check whose every failing finding is
accepted gets :attr:`Status.ACCEPTED`: not a failure (the verdict and exit code follow), never a pass.
An entry whose ``tot`` date has come (on that date or later) has expired: the finding fails again, and
the report says which entry expired. :func:`apply_acceptances` does all of this on a run's results.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cgcomply.errors import DocumentError
from cgcomply.i18n import Message, Text
from cgcomply.results import Acceptance, CheckResult, Finding, Status, _request_path, finding_id

if TYPE_CHECKING:
    from cgcomply.i18n import Translatable

#: The ignore file read from the working directory when ``--ignore`` is not given.
DEFAULT_IGNORE_FILE = ".cgcomply-ignore.yaml"
#: The OpenAPI extension on a path item or an operation.
INLINE_KEY = "x-cgcomply-ignore"

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LIST_KEYS = ("negeer", "ignore")
_ENTRY_KEYS = {
    "id": "id",
    "check": "check",
    "controle": "check",
    "pointer": "pointer",
    "locatie": "pointer",
    "location": "pointer",
    "reden": "reason",
    "reason": "reason",
    "tot": "until",
    "until": "until",
}


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One entry: what it matches (a finding id, a check id pattern, a location pattern, or, inline, a path
    template and method) and why (``reason``, until ``until``)."""

    reason: str
    origin: str  # "file:line" of the entry, or the JSON pointer of the x-cgcomply-ignore
    source: str = "ignore"  # ignore | inline
    id: str | None = None
    check: str | None = None  # fnmatch pattern on the check id
    pointer: str | None = None  # fnmatch pattern on the finding's location (pointer, or "GET /path")
    until: date | None = None
    path: str | None = None  # inline: the path template of the path item
    method: str | None = None  # inline: the operation's method (lower case); None: the whole path item

    def matches(self, check_id: str, finding: Finding | None, stable_id: str, base_url: str | None) -> bool:
        if self.id is not None and self.id != stable_id:
            return False
        if self.check is not None and not fnmatch.fnmatchcase(check_id, self.check):
            return False
        if self.pointer is not None:
            where = _location(finding, base_url)
            if where is None or not fnmatch.fnmatchcase(where, self.pointer):
                return False
        return self.path is None or (finding is not None and self._covers(finding, base_url))

    def _covers(self, finding: Finding, base_url: str | None) -> bool:
        """Inline: the finding lies in this path item (or operation) of the document, or is a request to it."""
        assert self.path is not None
        if finding.pointer is not None and not finding.file:
            prefix = "/paths/" + _escape(self.path) + (f"/{self.method}" if self.method else "")
            return finding.pointer == prefix or finding.pointer.startswith(prefix + "/")
        if finding.evidence is not None and "://" in finding.evidence.url:
            method = finding.evidence.method.lower()
            if (
                self.method is not None
                and method != self.method
                and not (method == "head" and self.method == "get")
            ):
                return False
            return _template(self.path).fullmatch(_request_path(finding.evidence.url, base_url)) is not None
        return False

    def acceptance(self, today: date) -> Acceptance:
        return Acceptance(
            source=self.source,
            origin=self.origin,
            reason=self.reason,
            until=self.until.isoformat() if self.until else None,
            expired=self.until is not None and today >= self.until,
        )


@dataclass(frozen=True, slots=True)
class Baseline:
    """The finding ids of a baseline file (:func:`cgcomply.baseline.load_baseline`) and where it came from."""

    ids: frozenset[str]
    origin: str  # the file as given
    created_at: str | None = None


@dataclass(frozen=True, slots=True)
class Acceptances:
    """Everything that may accept findings in a run; ``today`` decides which entries have expired."""

    baseline: Baseline | None = None
    rules: tuple[IgnoreRule, ...] = ()
    inline: bool = True  # honour x-cgcomply-ignore in the document
    today: date = field(default_factory=date.today)

    @property
    def empty(self) -> bool:
        return self.baseline is None and not self.rules and not self.inline


def _location(finding: Finding | None, base_url: str | None) -> str | None:
    """The location an ignore entry's ``pointer`` pattern is matched with: the JSON pointer (``file#`` in
    front for another file), or ``METHOD /path`` of a live finding's request."""
    if finding is None:
        return None
    key = finding.location_key(base_url)
    if finding.pointer is not None:
        return key[1:] if key.startswith("#") else key
    return key.split(" [", 1)[0]


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def _template(path: str) -> re.Pattern[str]:
    """``/zaken/{uuid}`` → a pattern for request paths (a parameter is one path segment)."""
    parts = re.split(r"(\{[^}/]*\})", path)
    return re.compile(
        "".join("[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts)
    )


# --------------------------------------------------------------------------- applying


def apply_acceptances(
    checks: Iterable[CheckResult],
    acceptances: Acceptances | None,
    *,
    base_url: str | None = None,
    document: Mapping[str, Any] | None = None,
    warnings: list[Translatable] | None = None,
) -> None:
    """Mark the failing findings that are accepted, and give a failed check whose every failing finding is
    accepted :attr:`Status.ACCEPTED`. ``document`` is the OpenAPI document's data (for its
    ``x-cgcomply-ignore``); problems with those entries go to ``warnings``. Entries that expired are
    recorded on the finding (``expired``) and do not accept it."""
    if acceptances is None:
        return
    rules = list(acceptances.rules)
    if acceptances.inline and document is not None:
        found, problems = inline_rules(document)
        rules.extend(found)
        if warnings is not None:
            warnings.extend(problems)
    baseline = acceptances.baseline
    if not rules and baseline is None:
        return
    for check in checks:
        if check.status is not Status.FAIL:
            continue
        alerts = check.alerts()
        if alerts:
            for finding in alerts:
                stable = finding.stable_id(check.info.id, base_url)
                finding.accepted = _accept(
                    check.info.id, finding, stable, rules, baseline, acceptances.today, base_url
                )
            if all(f.is_accepted for f in alerts):
                check.status = Status.ACCEPTED
        else:
            stable = finding_id(check.info.id, "")
            check.accepted = _accept(
                check.info.id, None, stable, rules, baseline, acceptances.today, base_url
            )
            if check.accepted is not None and check.accepted.accepts:
                check.status = Status.ACCEPTED


def _accept(
    check_id: str,
    finding: Finding | None,
    stable_id: str,
    rules: Sequence[IgnoreRule],
    baseline: Baseline | None,
    today: date,
    base_url: str | None,
) -> Acceptance | None:
    """The first acceptance that holds (entries with a reason before the baseline); else the first expired
    one that matched, so the report can say it expired; else None."""
    expired: Acceptance | None = None
    for rule in rules:
        if rule.matches(check_id, finding, stable_id, base_url):
            acceptance = rule.acceptance(today)
            if acceptance.accepts:
                return acceptance
            expired = expired or acceptance
    if baseline is not None and stable_id in baseline.ids:
        return Acceptance(source="baseline", origin=baseline.origin, reason=None)
    return expired


# --------------------------------------------------------------------------- the ignore file


def _error(message_nl: str, message_en: str, source: str, line: int | None) -> DocumentError:
    return DocumentError(Text(message_nl, message_en), source=source, line=line)


def load_ignore_file(path: Path) -> tuple[IgnoreRule, ...]:
    """The entries of an ignore file (YAML: a list, or a mapping with ``negeer:``/``ignore:``). Every
    mistake is a :class:`DocumentError` naming the file and line."""
    import yaml

    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _error(
            f"kan het negeerbestand niet lezen: {error}",
            f"cannot read the ignore file: {error}",
            source,
            None,
        ) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise _error(
            f"geen geldige YAML: {error}", f"not valid YAML: {error}", source, mark.line + 1 if mark else None
        ) from None
    if root is None:
        return ()
    entries = root
    if isinstance(root, yaml.MappingNode):
        found = [
            value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value in _LIST_KEYS
        ]
        others = [key.value for key, _ in root.value if key.value not in _LIST_KEYS]
        if others or not found:
            raise _error(
                f"verwacht een lijst 'negeer:' (onbekend: {', '.join(map(str, others)) or '-'})",
                f"expected a list 'negeer:' or 'ignore:' (unknown: {', '.join(map(str, others)) or '-'})",
                source,
                root.start_mark.line + 1,
            )
        entries = found[0]
    if isinstance(entries, yaml.ScalarNode) and entries.value in ("", "~", "null"):
        return ()
    if not isinstance(entries, yaml.SequenceNode):
        raise _error(
            "verwacht een lijst van regels", "expected a list of entries", source, entries.start_mark.line + 1
        )
    rules: list[IgnoreRule] = []
    for node in entries.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise _error(
                "een regel is een object met 'reden'", "an entry is a mapping with 'reden'", source, line
            )
        values: dict[str, str] = {}
        for key, value in node.value:
            name = _ENTRY_KEYS.get(str(key.value))
            if name is None:
                raise _error(
                    f"onbekende sleutel {key.value!r} (bekend: id, check, pointer, reden, tot)",
                    f"unknown key {key.value!r} (known: id, check, pointer, reden, tot)",
                    source,
                    key.start_mark.line + 1,
                )
            if not isinstance(value, yaml.ScalarNode):
                raise _error(
                    f"{key.value}: verwacht een tekst",
                    f"{key.value}: expected a string",
                    source,
                    value.start_mark.line + 1,
                )
            values[name] = str(value.value).strip()
        rules.append(_rule(values, f"{source}:{line}", "ignore", source, line))
    return tuple(rules)


def _rule(
    values: Mapping[str, str], origin: str, kind: str, source: str, line: int | None, **where: str | None
) -> IgnoreRule:
    reason = values.get("reason", "")
    if not reason:
        raise _error("elke regel heeft een 'reden'", "every entry needs a reason ('reden')", source, line)
    if kind == "ignore" and not any(values.get(k) for k in ("id", "check", "pointer")):
        raise _error(
            "een regel noemt 'id', 'check' of 'pointer'",
            "an entry names 'id', 'check' or 'pointer'",
            source,
            line,
        )
    finding = values.get("id")
    if finding is not None and not re.fullmatch(r"[0-9a-f]{16}", finding):
        raise _error(
            f"'id' is een bevindings-id van 16 hexadecimale tekens, niet {finding!r}",
            f"'id' is a finding id of 16 hex digits, not {finding!r}",
            source,
            line,
        )
    until: date | None = None
    if values.get("until"):
        try:
            until = date.fromisoformat(values["until"])
        except ValueError:
            raise _error(
                f"'tot' is een datum JJJJ-MM-DD, niet {values['until']!r}",
                f"'tot' is a date YYYY-MM-DD, not {values['until']!r}",
                source,
                line,
            ) from None
    return IgnoreRule(
        reason=reason,
        origin=origin,
        source=kind,
        id=finding,
        check=values.get("check") or None,
        pointer=values.get("pointer") or None,
        until=until,
        path=where.get("path"),
        method=where.get("method"),
    )


# --------------------------------------------------------------------------- x-cgcomply-ignore


def inline_rules(document: Mapping[str, Any]) -> tuple[list[IgnoreRule], list[Translatable]]:
    """The ``x-cgcomply-ignore`` entries of a document's path items and operations, and a warning for each
    entry that cannot be used (the document is the supplier's: a mistake there is reported, not fatal)."""
    rules: list[IgnoreRule] = []
    problems: list[Translatable] = []
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return rules, problems
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            continue
        places: list[tuple[str | None, Any]] = [(None, item.get(INLINE_KEY))]
        places += [
            (m, op.get(INLINE_KEY)) for m, op in item.items() if m in _METHODS and isinstance(op, Mapping)
        ]
        for method, entries in places:
            if entries is None:
                continue
            pointer = "/paths/" + _escape(str(path)) + (f"/{method}" if method else "") + "/" + INLINE_KEY
            if not isinstance(entries, list):
                problems.append(Message("accept:inline-not-list", {"pointer": pointer}))
                continue
            for index, entry in enumerate(entries):
                where = f"{pointer}/{index}"
                rule = _inline_rule(entry, where, str(path), method)
                if isinstance(rule, Message):
                    problems.append(rule)
                else:
                    rules.extend(rule)
    return rules, problems


def _inline_rule(entry: Any, where: str, path: str, method: str | None) -> list[IgnoreRule] | Message:
    if not isinstance(entry, Mapping):
        return Message("accept:inline-bad-entry", {"pointer": where})
    checks = entry.get("check", entry.get("checks", entry.get("controle")))
    reason = entry.get("reden", entry.get("reason"))
    until = entry.get("tot", entry.get("until"))
    if isinstance(checks, str):
        checks = [checks]
    if not isinstance(checks, list) or not checks or not all(isinstance(c, str) and c for c in checks):
        return Message("accept:inline-no-check", {"pointer": where})
    if not isinstance(reason, str) or not reason.strip():
        return Message("accept:inline-no-reason", {"pointer": where})
    end: date | None = None
    if until is not None:
        try:
            end = until if isinstance(until, date) else date.fromisoformat(str(until))
        except ValueError:
            return Message("accept:inline-bad-date", {"pointer": where, "value": str(until)})
    return [
        IgnoreRule(
            reason=reason.strip(),
            origin=where,
            source="inline",
            check=check,
            until=end,
            path=path,
            method=method,
        )
        for check in checks
    ]


# --------------------------------------------------------------------------- for the commands


def load_acceptances(
    *,
    baseline: Path | None = None,
    ignore: Path | None = None,
    inline: bool = True,
    today: date | None = None,
) -> Acceptances:
    """The acceptances of a command: the baseline file, the ignore file (as given; the caller decides on
    the default file), and whether ``x-cgcomply-ignore`` counts."""
    loaded: Baseline | None = None
    if baseline is not None:
        from cgcomply.baseline import load_baseline_file

        loaded = load_baseline_file(baseline)
    rules = load_ignore_file(ignore) if ignore is not None else ()
    return Acceptances(baseline=loaded, rules=rules, inline=inline, today=today or date.today())


def acceptance_label(acceptance: Acceptance) -> Message:
    """The line a report shows beside an accepted finding, or beside one whose acceptance expired."""
    params: dict[str, Any] = {"origin": acceptance.origin}
    if acceptance.expired:
        return Message(
            f"accept:expired-{acceptance.source}",
            {**params, "until": acceptance.until or "", "reason": acceptance.reason or ""},
        )
    if acceptance.source == "baseline":
        return Message("accept:baseline", params)
    key = f"accept:{acceptance.source}" + ("-until" if acceptance.until else "")
    params["reason"] = acceptance.reason or ""
    if acceptance.until:
        params["until"] = acceptance.until
    return Message(key, params)


def accepted_counts(checks: Iterable[CheckResult]) -> dict[str, int]:
    """How many failing findings (or whole checks without findings) are accepted, and how many are held
    by an acceptance that expired."""
    accepted = expired = 0
    for check in checks:
        items: list[Acceptance | None] = [f.accepted for f in check.findings]
        if not check.findings:
            items.append(check.accepted)
        for item in items:
            if item is None:
                continue
            if item.accepts:
                accepted += 1
            else:
                expired += 1
    return {"accepted": accepted, "expired": expired}
