"""The live standard-check contract: one :class:`LiveCheck` unit per module, declared there as ``CHECK``.

A unit carries everything about its check: its id, level (MUST or SHOULD), title and what / why / fix in
Dutch and English, the message table its results use, the order in which the runner runs it, and the
function ``run(run: LiveRun) -> LiveResult | None`` (None: the standard declares nothing this check could
test, e.g. no ``Accept-Crs`` header). :mod:`cgcomply.standards.live` lists the units, one line each; the
report, the text renderer and the docs are derived from them.

A unit talks HTTP only through :class:`~cgcomply.standards.live.context.LiveRun` (the run's
:class:`cgcomply.http.SafeClient`, GET/HEAD only, within the run's budget), never raises for what the
target does, and says ``niet vastgesteld`` when it had nothing to read: an empty list proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cgcomply.i18n import Catalog, Message, Param, Text, freeze, message_to_data, render

if TYPE_CHECKING:
    from cgcomply.standards.live.context import LiveRun

PASS, FAIL, UNDETERMINED = "voldoet", "voldoet niet", "niet vastgesteld"
MUST, SHOULD = "MUST", "SHOULD"
_RANK = {PASS: 0, UNDETERMINED: 1, FAIL: 2}

#: Messages of the runner itself (not of one unit): ids ``live:<key>``.
RUNNER_MESSAGES: Catalog = freeze(
    {
        "budget": Text(
            "budget van verzoeken of tijd op voordat alles getest was ({used} verzoeken)",
            "request or time budget used up before everything was tested ({used} requests)",
        ),
        "unreachable": Text(
            "niet vastgesteld: de API gaf op geen enkel verzoek antwoord ({error})",
            "not determined: the API answered none of the requests ({error})",
        ),
        "budget-before": Text(
            "niet getest: het budget van verzoeken of tijd was al op",
            "not tested: the request or time budget was already used up",
        ),
    }
)


#: The texts of the evidence lines the units write (``live:ev.<key>``, in every unit's table): the request
#: line (:meth:`Exchange.describe`, a message) and what was seen. Header names and values, paths, numbers and
#: the target's words are parameters.
EVIDENCE_MESSAGES: Mapping[str, Text] = {
    "ev.with": Text("{request} ({detail})", "{request} ({detail})"),
    "ev.colon": Text("{request}: {detail}", "{request}: {detail}"),
    "ev.crs-412": Text(
        "{request} (Accept-Crs: -; 412 gedeclareerd)", "{request} (Accept-Crs: -; 412 declared)"
    ),
    "ev.304-expected": Text(
        "{request} (If-None-Match: {etag}; 304 verwacht)", "{request} (If-None-Match: {etag}; 304 expected)"
    ),
    "ev.304-body": Text("{request} (304 met een body)", "{request} (304 with a body)"),
    "ev.head-differs": Text(
        "{request} (GET: {status}; verschilt: {differ}{extra})",
        "{request} (GET: {status}; differs: {differ}{extra})",
    ),
    "ev.body-bytes": Text("; {count} bytes body", "; {count} body bytes"),
    "ev.no-expand": Text("{request}: geen _expand.{name}", "{request}: no _expand.{name}"),
    "ev.filter-value": Text(
        "{request} ({name} = een waarde uit de lijst)", "{request} ({name} = a value from the list)"
    ),
    "ev.filter-empty": Text(
        "{request}: geen resultaten voor {name} = {value}, genomen uit de lijst",
        "{request}: no results for {name} = {value} taken from the list",
    ),
    "ev.filter-wrong": Text(
        "{request}: {count} resultaten met {name} != {value} (filter niet toegepast)",
        "{request}: {count} results with {name} != {value} (filter not obeyed)",
    ),
    "ev.filter-obeyed": Text(
        "GET {path}?{name}=…: {count} resultaten, alle {name} = {value}",
        "GET {path}?{name}=…: {count} results, all {name} = {value}",
    ),
    "ev.invalid-expected": Text(
        "{request} {media_type} (400 application/problem+json met invalidParams verwacht)",
        "{request} {media_type} (400 application/problem+json with invalidParams expected)",
    ),
    "ev.invalid-other": Text(
        "{request}: invalidParams noemt {names}, niet {name}",
        "{request}: invalidParams names {names}, not {name}",
    ),
    "ev.page-previous": Text(
        "GET {path}: previous = {previous} op pagina 1 (null verwacht)",
        "GET {path}: previous = {previous} on page 1 (null expected)",
    ),
    "ev.page-count": Text(
        "GET {path}: count {count} > {results} resultaten, next = {next}",
        "GET {path}: count {count} > {results} results, next = {next}",
    ),
    "ev.page-all": Text(
        "GET {path}: alle {count} resultaten op pagina 1, next = {next}",
        "GET {path}: all {count} results on page 1, next = {next}",
    ),
    "ev.page-not-object": Text(
        "GET {path}: de body is geen object met {keys}", "GET {path}: body is not an object with {keys}"
    ),
    "ev.page-missing": Text("GET {path}: geen {keys}", "GET {path}: no {keys}"),
    "ev.page-differs": Text(
        "{request}: verschilt van GET {path} zonder page", "{request}: differs from GET {path} without page"
    ),
}


def evidence(key: str, /, **params: Param) -> Message:
    """An evidence line ``live:ev.<key>`` (a key of :data:`EVIDENCE_MESSAGES`)."""
    if f"ev.{key}" not in EVIDENCE_MESSAGES:
        raise KeyError(f"no evidence text ev.{key}")
    return Message(f"live:ev.{key}", params)


@dataclass
class LiveResult:
    """What one unit found: its status, one message (id + parameters), and the requests that show it."""

    id: str
    status: str
    message: Message
    evidence: list[Param] = field(default_factory=list)  # request lines: messages, or plain technical text
    level: str = MUST
    catalog: Catalog = field(default_factory=lambda: RUNNER_MESSAGES, repr=False, compare=False)

    def detail(self, lang: str) -> str:
        catalog = self.catalog if self.message.unit != "live" else RUNNER_MESSAGES
        return render(self.message, lang, catalog)

    def evidence_in(self, lang: str) -> list[str]:
        """The evidence lines in ``lang``."""
        return [
            render(line, lang, self.catalog) if isinstance(line, Message) else str(line)
            for line in self.evidence
        ]

    def to_dict(self, lang: str, title: Text | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": title.get(lang) if title is not None else self.id,
            "level": self.level,
            "status": self.status,
            "detail": self.detail(lang),
            "message": message_to_data(self.message),
            "evidence": self.evidence_in(lang)[:20],
        }


LiveFunction = Callable[["LiveRun"], "LiveResult | None"]


@dataclass(frozen=True, slots=True)
class LiveCheck:
    """One live conformance check of a VNG API standard (read-only)."""

    id: str  # "live.etag"
    level: str  # MUST: a failure makes the live verdict "voldoet niet"; SHOULD: reported, not decisive
    title: Text
    what: Text
    why: Text
    fix: Text
    messages: Catalog
    run: LiveFunction
    order: int

    def result(
        self, status: str, key: str, evidence: Sequence[Param] | None = None, /, **params: Param
    ) -> LiveResult:
        """A result of this unit with the message ``<id>:<key>`` (a key of :attr:`messages`)."""
        if key not in self.messages:
            raise KeyError(f"{self.id} has no message {key!r}")
        return LiveResult(
            self.id,
            status,
            Message(f"{self.id}:{key}", params),
            list(evidence or []),
            self.level,
            self.messages,
        )

    def tally(
        self, failed: Sequence[Param], passed: Sequence[Param], /, *, empty: str = "no-data", **params: Param
    ) -> LiveResult:
        """The usual outcome: ``fails`` (with ``count``) when something failed, ``empty`` when nothing
        could be tested, else ``ok`` (with ``count``)."""
        if failed:
            return self.result(FAIL, "fails", failed, count=len(failed))
        if not passed:
            return self.result(UNDETERMINED, empty, [], **params)
        return self.result(PASS, "ok", passed, count=len(passed))

    def describe(self, lang: str) -> dict[str, str]:
        return {
            "id": self.id,
            "level": self.level,
            "title": self.title.get(lang),
            "what": self.what.get(lang),
            "why": self.why.get(lang),
            "fix": self.fix.get(lang),
        }


def live_check(
    id: str,
    *,
    level: str,
    order: int,
    title: Text,
    what: Text,
    why: Text,
    fix: Text,
    messages: Mapping[str, Text],
) -> Callable[[LiveFunction], LiveCheck]:
    """Declare a unit: ``CHECK = live_check("live.x", ...)(run)`` or as a decorator on ``run``."""

    def wrap(function: LiveFunction) -> LiveCheck:
        return LiveCheck(
            id, level, title, what, why, fix, freeze({**EVIDENCE_MESSAGES, **messages}), function, order
        )

    return wrap


def worst(statuses: list[str]) -> str:
    return max(statuses, key=_RANK.__getitem__) if statuses else UNDETERMINED


def rank(status: str) -> int:
    return _RANK[status]
