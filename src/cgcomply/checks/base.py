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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cgcomply.i18n import Message, Param, Text, freeze
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

if TYPE_CHECKING:
    from cgcomply.checks.index import DocumentIndex


class _Keyed(Exception):
    """An exception that names a message of the check (``key``) with its parameters."""

    def __init__(self, key: str, /, **params: Param) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotApplicable(_Keyed):
    """Raised by a check when the document has nothing it could judge: ``NotApplicable("no-servers")``
    names the message ``no-servers`` of the check (the reason shown)."""


class Undetermined(_Keyed):
    """Raised by a check that could not reach a verdict (e.g. remote $refs it was not allowed to fetch)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing a check found: the key of one of the check's messages, where, and the parameters.

    ``file`` is None for the root document. Content quoted from the document goes in ``params``.
    """

    key: str
    pointer: str | None = None
    file: str | None = None
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)

    def dedup_key(self) -> tuple[object, ...]:
        return (
            self.key,
            tuple(sorted((k, repr(v)) for k, v in self.params.items())),
            self.pointer,
            self.file,
        )


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
    manual_reason: str = ""  # the key of the message that says what a person must look at

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
    title: Text,
    what: Text,
    why: Text,
    fix: Text,
    explanation: Text,
    messages: Mapping[str, Text] | None = None,
    technical: bool = True,
    variants: dict[str, dict[str, Any]] | None = None,
    spectral: dict[str, tuple[str, ...]] | None = None,
    manual_reason: str = "",
) -> Callable[[CheckFunction], StaticCheck]:
    """Decorator that turns a check function into a :class:`StaticCheck` carrying its record.

    ``messages`` are the texts of the check's issues and reasons by key (``Issue("plain-http", ...)``).
    """

    def wrap(function: CheckFunction) -> StaticCheck:
        info = CheckInfo(
            id=id,
            adr_rule=adr_rule,
            kind=Kind.STATIC,
            level=level,
            adr_versions=adr_versions,
            title=title,
            what=what,
            why=why,
            fix=fix,
            explanation=explanation,
            technical=technical,
            messages=freeze(messages),
        )
        return StaticCheck(
            info=info,
            run=function,
            variants=variants or {},
            spectral=spectral or {},
            manual_reason=manual_reason,
        )

    return wrap


#: Kinds of ``RefProblem`` (``oas.document``) whose target was never read: a remote ``$ref`` that may not be
#: fetched, or one that could not be fetched. What they point at is unknown (a broken ref is known: it fails).
NOT_FETCHED_KINDS = ("remote-not-allowed", "unreachable")


def _not_fetched_refs(context: CheckContext) -> list[str]:
    """The ``$ref``s of the document that were not fetched, so their content could not be judged."""
    try:
        problems = context.document.ref_problems()
    except Exception:  # a document without the method (a test double) or one that breaks: nothing known
        return []
    return [str(p.ref) for p in problems if getattr(p, "kind", "missing") in NOT_FETCHED_KINDS]


def run_check(check: StaticCheck, context: CheckContext) -> CheckResult:
    """Run one check inside a guard and turn its issues into a :class:`CheckResult`."""
    info = check.info_for(context.adr_version)
    manual = Message(f"{info.id}:{check.manual_reason}") if check.manual_reason else None
    try:
        issues = _unique(check.run(context))
    except Undetermined as reason:
        return CheckResult(info, Status.ERROR, reason=_message(info, reason.key, reason.params))
    except NotApplicable as reason:
        if not info.technical:
            return CheckResult(
                info, Status.MANUAL, reason=manual or _message(info, reason.key, reason.params)
            )
        not_applicable = _message(info, reason.key, reason.params)
        not_fetched = _not_fetched_refs(context)
        if not_fetched:
            # What lies behind a $ref that was not fetched may be exactly what this check looks for
            # (error responses, parameters): "not applicable" would overstate, so it is not decided.
            return CheckResult(
                info,
                Status.ERROR,
                reason=Message(
                    "check:not-decided-unresolved",
                    {"count": len(not_fetched), "ref": not_fetched[0], "reason": not_applicable},
                ),
            )
        return CheckResult(info, Status.NOT_APPLICABLE, reason=not_applicable)
    except Exception as error:  # one check that breaks on a strange document must not sink the others
        return CheckResult(
            info,
            Status.ERROR,
            reason=Message("check:crashed", {"error": f"{type(error).__name__}: {error}"}),
        )
    if not info.technical:
        findings = [_finding(context, info, issue, Severity.HINT) for issue in issues]
        return CheckResult(info, Status.MANUAL, findings=findings, reason=manual)
    severity = Severity.ERROR if info.level is Level.MUST else Severity.WARNING
    findings = [_finding(context, info, issue, severity) for issue in issues]
    return CheckResult(info, Status.FAIL if findings else Status.PASS, findings=findings)


def _message(info: CheckInfo, key: str, params: Mapping[str, Param]) -> Message:
    """The message ``key`` of the check (tests fail on a key the check does not declare)."""
    return Message(f"{info.id}:{key}", dict(params))


def _unique(issues: Iterable[Issue]) -> list[Issue]:
    """Drop repeats (a component referenced from many places is reported once, at its own place)."""
    seen: set[tuple[object, ...]] = set()
    result: list[Issue] = []
    for issue in issues:
        key = issue.dedup_key()
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return result


def _finding(context: CheckContext, info: CheckInfo, issue: Issue, severity: Severity) -> Finding:
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
        message=_message(info, issue.key, issue.params),
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
