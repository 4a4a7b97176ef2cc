"""The shape of one static check, and the runner that turns a check into a :class:`CheckResult`.

A check is a function that reads a :class:`CheckContext` (the loaded document and its index, built once)
and yields :class:`Issue` objects, or raises :class:`NotApplicable`. The :class:`StaticCheck` record next
to it carries its documentation (:class:`~cgcomply.results.CheckInfo`), the ADR versions it belongs to,
per-version differences (ADR 2.2 made ``/core/http-methods`` functional, for example) and the Spectral
rule codes of the official rulesets that test the same thing (used by the fidelity test and the docs).

The runner decides status and severity, so check functions stay small: a technical rule fails when it
has issues (severity ``error`` for MUST, ``warning`` for SHOULD); a functional rule is always ``manual``
and its issues become ``hint`` findings. An exception inside a check becomes status ``error`` with the
reason; the other checks still run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

if TYPE_CHECKING:
    from cgcomply.checks.index import DocumentIndex


class NotApplicable(Exception):
    """Raised by a check when the document has nothing it could judge (the reason is shown)."""


class Undetermined(Exception):
    """Raised by a check that could not reach a verdict (e.g. remote $refs it was not allowed to fetch)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing a check found. ``file`` is None for the root document."""

    message: str
    pointer: str | None = None
    file: str | None = None


@dataclass(slots=True)
class CheckContext:
    """What every check reads: the document, its index (built once) and the ADR version."""

    document: Any  # cgcomply.oas.OasDocument
    index: DocumentIndex
    adr_version: str


CheckFunction = Callable[[CheckContext], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class StaticCheck:
    """One static check: its documentation record, the function and its mapping to the official rulesets.

    ``variants`` maps an ADR version to the fields of :class:`CheckInfo` that differ in that version (for
    example ``{"2.2.0": {"technical": False}}``). ``spectral`` maps an official ruleset version
    (``"2.1.0"``, ``"2.2.0"``) to the Spectral rule codes that test the same thing.
    ``manual_reason`` is what a person must look at, for functional rules.
    """

    info: CheckInfo
    run: CheckFunction
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)
    spectral: dict[str, tuple[str, ...]] = field(default_factory=dict)
    manual_reason: str = ""

    @property
    def id(self) -> str:
        return self.info.id

    def info_for(self, adr_version: str | None) -> CheckInfo:
        """The documentation record as it holds for one ADR version."""
        changes = self.variants.get(adr_version or "", {})
        return dataclasses.replace(self.info, **changes) if changes else self.info

    def applies_to(self, adr_version: str | None) -> bool:
        return adr_version is None or adr_version in self.info.adr_versions


def static_check(
    *,
    id: str,
    adr_rule: str,
    level: Level,
    adr_versions: tuple[str, ...],
    title: str,
    title_nl: str,
    what: str,
    why: str,
    fix: str,
    explanation_nl: str,
    technical: bool = True,
    variants: dict[str, dict[str, Any]] | None = None,
    spectral: dict[str, tuple[str, ...]] | None = None,
    manual_reason: str = "",
) -> Callable[[CheckFunction], StaticCheck]:
    """Decorator that turns a check function into a :class:`StaticCheck` carrying its record."""

    def wrap(function: CheckFunction) -> StaticCheck:
        info = CheckInfo(
            id=id,
            adr_rule=adr_rule,
            kind=Kind.STATIC,
            level=level,
            adr_versions=adr_versions,
            title=title,
            title_nl=title_nl,
            what=what,
            why=why,
            fix=fix,
            explanation_nl=explanation_nl,
            technical=technical,
        )
        return StaticCheck(
            info=info,
            run=function,
            variants=variants or {},
            spectral=spectral or {},
            manual_reason=manual_reason,
        )

    return wrap


def run_check(check: StaticCheck, context: CheckContext) -> CheckResult:
    """Run one check inside a guard and turn its issues into a :class:`CheckResult`."""
    info = check.info_for(context.adr_version)
    try:
        issues = _unique(check.run(context))
    except Undetermined as reason:
        return CheckResult(info, Status.ERROR, reason=str(reason))
    except NotApplicable as reason:
        if not info.technical:
            return CheckResult(info, Status.MANUAL, reason=check.manual_reason or str(reason))
        return CheckResult(info, Status.NOT_APPLICABLE, reason=str(reason))
    except Exception as error:  # one check that breaks on a strange document must not sink the others
        return CheckResult(
            info, Status.ERROR, reason=f"the check could not run: {type(error).__name__}: {error}"
        )
    if not info.technical:
        findings = [_finding(context, issue, Severity.HINT) for issue in issues]
        return CheckResult(info, Status.MANUAL, findings=findings, reason=check.manual_reason or None)
    severity = Severity.ERROR if info.level is Level.MUST else Severity.WARNING
    findings = [_finding(context, issue, severity) for issue in issues]
    return CheckResult(info, Status.FAIL if findings else Status.PASS, findings=findings)


def _unique(issues: Iterable[Issue]) -> list[Issue]:
    """Drop repeats (a component referenced from many places is reported once, at its own place)."""
    seen: set[tuple[str, str | None, str | None]] = set()
    result: list[Issue] = []
    for issue in issues:
        key = (issue.message, issue.pointer, issue.file)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return result


def _finding(context: CheckContext, issue: Issue, severity: Severity) -> Finding:
    line = column = None
    if issue.pointer is not None:
        try:
            where = context.document.locate(issue.pointer, issue.file)
        except Exception:  # a location is a courtesy; never let it sink the finding
            where = None
        if where:
            line, column = where
    return Finding(
        severity=severity,
        message=issue.message,
        pointer=issue.pointer,
        file=issue.file,
        line=line,
        column=column,
    )


def pointer_join(base: str, *tokens: object) -> str:
    """Append reference tokens to a JSON pointer, escaping ``~`` and ``/``."""
    for token in tokens:
        text = token if isinstance(token, str) else str(token)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        base = f"{base}/{text}"
    return base


def iter_checks(checks: Iterable[StaticCheck], adr_version: str | None) -> Iterator[StaticCheck]:
    return (check for check in checks if check.applies_to(adr_version))
