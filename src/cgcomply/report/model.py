"""The report: what was verified, against which profile and ADR version, and with what outcome.

``lint`` fills ``checks`` only; ``probe`` and ``verify`` add live checks, and ``verify`` adds a verdict per
requirement of the profile. Renderers in this package turn a :class:`Report` into text, JSON, HTML,
Markdown, JUnit XML or SARIF. This module knows nothing of HTTP or files.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from cgcomply import __version__
from cgcomply.forms import SCORED_FORMS  # award criteria: they score, they do not bind
from cgcomply.i18n import Message, Text, Translatable
from cgcomply.results import CheckResult, Kind, Level, Status


class Verdict(StrEnum):
    """Verdict per requirement. Dutch labels in :data:`VERDICT_NL`."""

    PASS = "pass"
    FAIL = "fail"
    UNDETERMINED = "undetermined"
    MANUAL = "manual"


VERDICT_NL: dict[Verdict, str] = {
    Verdict.PASS: "voldoet",
    Verdict.FAIL: "voldoet niet",
    Verdict.UNDETERMINED: "niet vastgesteld",
    Verdict.MANUAL: "handmatig",
}

STATUS_NL: dict[Status, str] = {
    Status.PASS: "geslaagd",
    Status.FAIL: "gefaald",
    Status.ERROR: "fout bij uitvoeren",
    Status.NOT_APPLICABLE: "niet van toepassing",
    Status.MANUAL: "handmatig",
    Status.ACCEPTED: "geaccepteerd",
}


def now_iso() -> str:
    """The current time in UTC, ISO 8601 with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(slots=True)
class Target:
    document: str | None = None  # path or URL of the OpenAPI document
    url: str | None = None  # base URL of the live API


@dataclass(slots=True)
class ProfileRef:
    id: str
    sha256: str
    title: str | None = None
    version: str | None = None  # the profile's own version
    catalog_id: str | None = None  # the requirement catalogue it applies (catalog.yaml), and its version
    catalog_version: str | None = None


@dataclass(slots=True)
class RequirementVerdict:
    id: str
    title: Text  # the catalogue's title, both languages
    verdict: Verdict
    checks: list[str] = field(default_factory=list)  # check ids
    reasons: list[Message] = field(default_factory=list)  # why failed / undetermined / what to review
    form: str | None = None  # the form in the profile: eis, wens, kwaliteitsvraag, uitvoeringsvoorwaarde
    version: str | None = None  # the version of the requirement record applied (None: an older report)

    @property
    def binding(self) -> bool:
        """A requirement the offer must meet (a knock-out ``eis`` or an ``uitvoeringsvoorwaarde``), as
        opposed to an award criterion that only scores (``wens``, ``kwaliteitsvraag``). Without a form
        (a report of an older version) every requirement binds."""
        return self.form not in SCORED_FORMS


@dataclass(slots=True)
class Report:
    adr_version: str
    target: Target
    checks: list[CheckResult] = field(default_factory=list)
    profile: ProfileRef | None = None
    requirements: list[RequirementVerdict] = field(default_factory=list)
    tool_name: str = "cgcomply"
    tool_version: str = __version__
    generated_at: str = field(default_factory=lambda: now_iso())  # when the run finished
    warnings: list[Translatable] = field(default_factory=list)  # problems with the run itself, not findings
    # per VNG API standard verified (cgcomply.standards.verifying): a row a Softwarecatalogus import takes
    standards: list[dict[str, Any]] = field(default_factory=list)
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: str | None = None  # when the run started (None for a report made by hand)
    duration_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The report as language-neutral JSON data (ids, statuses, numbers, message ids with their
        parameters); ``report/schema/report-4.schema.json`` describes it."""
        from cgcomply.report.store import report_to_dict

        return report_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Read back what :meth:`to_dict` wrote (also by an earlier cgcomply with a readable schema
        version); anything else raises :class:`~cgcomply.errors.DocumentError`."""
        from cgcomply.report.store import report_from_dict

        return report_from_dict(data)

    def finish(self, started_at: str, started_clock: float) -> Report:
        """Stamp the run's start, end and duration (``started_clock`` from :func:`time.monotonic`)."""
        import time

        self.started_at = started_at
        self.generated_at = now_iso()
        self.duration_seconds = round(max(0.0, time.monotonic() - started_clock), 3)
        return self

    def exit_code(self) -> int:
        """0: decided and compliant; 1: something that must hold fails; 3: not (yet) decided.

        For ``verify`` the binding requirements count (knock-out ``eis`` and ``uitvoeringsvoorwaarde``):
        1 when one fails; else 3 when one is undetermined or still waits for a person (``handmatig``);
        else 0. Award criteria (``wens``, ``kwaliteitsvraag``) score points and are reported, but do not
        change the exit code. For ``lint`` and ``probe`` (no requirements) the technical MUST checks
        count: 1 when one fails, else 3 when one could not be decided (unfetched ``$ref``s, an
        unreachable target), else 0.
        """
        if self.requirements:
            binding = [r.verdict for r in self.requirements if r.binding]
            if Verdict.FAIL in binding:
                return 1
            if Verdict.UNDETERMINED in binding or Verdict.MANUAL in binding:
                return 3
            return 0
        must = [c for c in self.checks if c.info.level is Level.MUST and c.info.technical]
        if any(c.status is Status.FAIL for c in must):
            return 1
        if any(c.status is Status.ERROR for c in must):
            return 3
        return 0

    def open_binding(self) -> tuple[int, int]:
        """How many binding requirements wait for a person, and how many could not be determined."""
        binding = [r for r in self.requirements if r.binding]
        manual = sum(1 for r in binding if r.verdict is Verdict.MANUAL)
        undetermined = sum(1 for r in binding if r.verdict is Verdict.UNDETERMINED)
        return manual, undetermined

    def counts(self) -> dict[str, int]:
        result = {s.value: 0 for s in Status}
        for check in self.checks:
            result[check.status.value] += 1
        return result


def message_problems(report: Report) -> list[str]:
    """Messages of ``report`` whose id is unknown or whose parameters differ from their text, and plain
    (untranslated) strings where a message is required. Empty for a sound report; the test suite checks
    every report it makes."""
    from cgcomply.i18n import Catalog, lookup
    from cgcomply.i18n import message_problems as problems_of

    found: list[str] = []

    def check_item(
        item: Translatable | None, catalog: Catalog | None, where: str, strings_allowed: bool
    ) -> None:
        if item is None or isinstance(item, Text):
            return
        if isinstance(item, str):
            if not strings_allowed:
                found.append(f"{where}: untranslated text {item!r}")
            return
        found.extend(f"{where}: {p}" for p in problems_of(item, lookup(item, catalog)))

    for check in report.checks:
        live = check.info.kind is Kind.LIVE  # probes still carry plain English strings (being converted)
        check_item(check.reason, check.info.messages, f"{check.id} reason", live)
        for finding in check.findings:
            check_item(finding.message, check.info.messages, f"{check.id} finding", live)
    for requirement in report.requirements:
        for reason in requirement.reasons:
            check_item(reason, None, f"{requirement.id} reason", False)
    for warning in report.warnings:
        check_item(warning, None, "warning", False)
    return found
