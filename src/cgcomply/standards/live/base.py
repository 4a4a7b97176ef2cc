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

from collections.abc import Callable, Mapping
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


@dataclass
class LiveResult:
    """What one unit found: its status, one message (id + parameters), and the requests that show it."""

    id: str
    status: str
    message: Message
    evidence: list[str] = field(default_factory=list)
    level: str = MUST
    catalog: Catalog = field(default_factory=lambda: RUNNER_MESSAGES, repr=False, compare=False)

    def detail(self, lang: str) -> str:
        catalog = self.catalog if self.message.unit != "live" else RUNNER_MESSAGES
        return render(self.message, lang, catalog)

    def to_dict(self, lang: str, title: Text | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": title.get(lang) if title is not None else self.id,
            "level": self.level,
            "status": self.status,
            "detail": self.detail(lang),
            "message": message_to_data(self.message),
            "evidence": self.evidence[:20],
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
        self, status: str, key: str, evidence: list[str] | None = None, /, **params: Param
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
        self, failed: list[str], passed: list[str], /, *, empty: str = "no-data", **params: Param
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
        return LiveCheck(id, level, title, what, why, fix, freeze(messages), function, order)

    return wrap


def worst(statuses: list[str]) -> str:
    return max(statuses, key=_RANK.__getitem__) if statuses else UNDETERMINED


def rank(status: str) -> int:
    return _RANK[status]
