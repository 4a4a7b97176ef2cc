"""What changed between two runs: per target, per requirement and per check (``cgcomply monitor diff``).

A change is ``improved``, ``regressed``, ``unchanged``, ``new`` (only in the later run) or ``gone`` (only in
the earlier one). Verdicts are ranked ``pass`` > ``manual`` > ``undetermined`` > ``fail``; check statuses
``pass``/``not_applicable`` > ``manual`` > ``error`` > ``fail``. A target whose later result is a transient
failure (unreachable after its retries) is marked ``confirmed=False``: it says *niet vastgesteld*, not that
the supplier got worse, and the summary and feed say so.

The feed, the webhooks and the terminal summary after each run all use :func:`diff_runs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cgcomply.errors import MonitorError
from cgcomply.i18n import Text
from cgcomply.monitor.store.base import ResultRow, Store

KINDS = ("improved", "regressed", "unchanged", "new", "gone")

VERDICT_RANK = {"pass": 3, "manual": 2, "undetermined": 1, "fail": 0}
STATUS_RANK = {"pass": 3, "not_applicable": 3, "manual": 2, "accepted": 1, "error": 1, "fail": 0}


def change_kind(before: str | None, after: str | None, rank: dict[str, int]) -> str:
    if before is None and after is None:
        return "unchanged"
    if before is None:
        return "new"
    if after is None:
        return "gone"
    a, b = rank.get(before, 1), rank.get(after, 1)
    if b > a:
        return "improved"
    if b < a:
        return "regressed"
    return "unchanged"


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One requirement or check of one target: its value in both runs and the kind of change."""

    rule_id: str
    kind: str
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.rule_id, "kind": self.kind, "before": self.before, "after": self.after}


@dataclass(slots=True)
class TargetChange:
    key: str
    supplier_id: str | None
    kind: str
    before: str | None  # verdict in run A
    after: str | None  # verdict in run B
    before_state: str | None
    after_state: str | None
    confirmed: bool  # False when the later result is a transient failure after its retries
    requirements: list[RuleChange] = field(default_factory=list)
    checks: list[RuleChange] = field(default_factory=list)

    def changed_requirements(self) -> list[RuleChange]:
        return [change for change in self.requirements if change.kind != "unchanged"]

    def changed_checks(self) -> list[RuleChange]:
        return [change for change in self.checks if change.kind != "unchanged"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "supplier_id": self.supplier_id,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "before_state": self.before_state,
            "after_state": self.after_state,
            "confirmed": self.confirmed,
            "requirements": [change.to_dict() for change in self.requirements],
            "checks": [change.to_dict() for change in self.checks],
        }


@dataclass(slots=True)
class RuleSummary:
    """Across the market: how many targets improved, regressed, ... on one requirement or check."""

    rule_id: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.rule_id, **self.counts}


@dataclass(slots=True)
class RunDiff:
    run_a: int
    run_b: int
    run_a_started_at: str
    run_b_started_at: str
    targets: list[TargetChange]
    requirements: list[RuleSummary]
    checks: list[RuleSummary]

    def of_kind(self, kind: str) -> list[TargetChange]:
        return [target for target in self.targets if target.kind == kind]

    @property
    def improved(self) -> list[TargetChange]:
        return self.of_kind("improved")

    @property
    def regressed(self) -> list[TargetChange]:
        return self.of_kind("regressed")

    @property
    def unchanged(self) -> list[TargetChange]:
        return self.of_kind("unchanged")

    def target(self, key: str) -> TargetChange:
        return next(target for target in self.targets if target.key == key)

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(KINDS, 0)
        for target in self.targets:
            found[target.kind] += 1
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "run_a_started_at": self.run_a_started_at,
            "run_b_started_at": self.run_b_started_at,
            "counts": self.counts(),
            "targets": [target.to_dict() for target in self.targets],
            "requirements": [summary.to_dict() for summary in self.requirements],
            "checks": [summary.to_dict() for summary in self.checks],
        }


def default_runs(store: Store) -> tuple[int, int]:
    """The last two finished runs (older, newer)."""
    finished = store.finished_runs()
    if len(finished) < 2:
        raise MonitorError(
            Text(
                f"een diff heeft twee voltooide runs nodig; de database heeft er {len(finished)}",
                f"a diff needs two finished runs; the database has {len(finished)}",
            ),
            source=store.url,
        )
    return finished[-2].id, finished[-1].id


def diff_runs(store: Store, run_a: int, run_b: int) -> RunDiff:
    """Compare run ``run_a`` (earlier) with ``run_b`` (later)."""
    first, second = store.run(run_a), store.run(run_b)
    for ident, row in ((run_a, first), (run_b, second)):
        if row is None:
            raise MonitorError(
                Text(
                    f"er is geen run {ident}",
                    f"there is no run {ident}",
                ),
                source=store.url,
            )
    assert first is not None and second is not None
    before = {row.deployment_key: row for row in store.results(run_a)}
    after = {row.deployment_key: row for row in store.results(run_b)}
    req_a, req_b = store.requirement_rows(run_a), store.requirement_rows(run_b)
    chk_a, chk_b = store.check_rows(run_a), store.check_rows(run_b)
    suppliers = {row.key: row.supplier_id for row in store.deployments()}
    req_summary: dict[str, RuleSummary] = {}
    chk_summary: dict[str, RuleSummary] = {}
    targets: list[TargetChange] = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        kind = change_kind(a.verdict if a else None, b.verdict if b else None, VERDICT_RANK)
        change = TargetChange(
            key=key,
            supplier_id=suppliers.get(key),
            kind=kind,
            before=a.verdict if a else None,
            after=b.verdict if b else None,
            before_state=a.state if a else None,
            after_state=b.state if b else None,
            confirmed=_confirmed(a, b),
            requirements=_rules(req_a.get(key, {}), req_b.get(key, {}), VERDICT_RANK, a, b),
            checks=_rules(chk_a.get(key, {}), chk_b.get(key, {}), STATUS_RANK, a, b),
        )
        for rule in change.requirements:
            req_summary.setdefault(rule.rule_id, RuleSummary(rule.rule_id)).counts[rule.kind] += 1
        for rule in change.checks:
            chk_summary.setdefault(rule.rule_id, RuleSummary(rule.rule_id)).counts[rule.kind] += 1
        targets.append(change)
    return RunDiff(
        run_a=run_a,
        run_b=run_b,
        run_a_started_at=first.started_at,
        run_b_started_at=second.started_at,
        targets=targets,
        requirements=[req_summary[k] for k in sorted(req_summary)],
        checks=[chk_summary[k] for k in sorted(chk_summary)],
    )


def _confirmed(a: ResultRow | None, b: ResultRow | None) -> bool:
    return not any(row is not None and row.state == "transient" for row in (a, b))


def _rules(
    a: dict[str, str],
    b: dict[str, str],
    rank: dict[str, int],
    row_a: ResultRow | None,
    row_b: ResultRow | None,
) -> list[RuleChange]:
    """Per rule of one target. A target without a report in one run (failed), or with a transient failure
    there (unreachable after its retries), has nothing decided in that run: its rules are then not compared,
    so a temporary outage never shows as regressions per rule."""
    if (row_a is not None and not a) or (row_b is not None and not b):
        return []
    if any(row is not None and row.state != "done" for row in (row_a, row_b)):
        return []
    return [
        RuleChange(rule, change_kind(a.get(rule), b.get(rule), rank), a.get(rule), b.get(rule))
        for rule in sorted(set(a) | set(b))
    ]
