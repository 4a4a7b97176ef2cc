"""What the dashboard, the static site, the feed, the badges and the JSON API read from the history store.

:class:`MarketReader` reads the tables of the monitor's shared design (``runs``, ``deployments``,
``results``, ``check_results``, ``requirement_results``, ``findings``, ``standard_results``) with
SQLAlchemy Core on the store's engine, SQLite or PostgreSQL alike, and returns frozen dataclasses. It
never writes. Every query is bounded by what a page shows: the overview reads one run, a deployment's
page its own rows, a rule's page one column over all runs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, bindparam, text

T = TypeVar("T")

TABLES = (
    "runs",
    "deployments",
    "results",
    "check_results",
    "requirement_results",
    "findings",
    "standard_results",
)


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    started_at: str
    finished_at: str | None
    status: str  # running | finished | interrupted
    tool_version: str | None = None
    catalogue_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """A deployment as the store knows it (the catalogue's record at its last run)."""

    key: str
    supplier_id: str
    supplier_name: str
    product_id: str
    product_name: str
    product_version: str | None
    organisation: str | None
    environment: str | None
    base_url: str | None
    oas_url: str | None
    profile: str | None
    standards: tuple[str, ...]
    first_seen_run: int | None
    retired_run: int | None

    @property
    def retired(self) -> bool:
        return self.retired_run is not None


@dataclass(frozen=True, slots=True)
class ResultInfo:
    """One deployment in one run: its verdict and the verdicts per requirement and per standard."""

    run_id: int
    key: str
    state: str  # done | transient | failed
    verdict: str | None  # pass | fail | undetermined | manual
    exit_code: int | None
    finished_at: str | None
    report_sha256: str | None
    profile_id: str | None
    error: str | None
    requirements: dict[str, str] = field(default_factory=dict)  # requirement id -> verdict
    standards: dict[str, str] = field(default_factory=dict)  # "zgw-zaken@1.5.1" -> verdict


@dataclass(frozen=True, slots=True)
class FindingInfo:
    run_id: int
    key: str
    check_id: str
    stable_id: str
    severity: str
    location: str | None


@dataclass(frozen=True, slots=True)
class AdoptionPoint:
    """One run of a rule's adoption: how many deployments it passed of those it was decided on."""

    run_id: int
    date: str
    passed: int
    failed: int
    other: int  # undetermined, manual, error, not applicable

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.other


#: The standards' verdicts as the reports write them (Dutch), to the verdict keys the pages use.
STANDARD_VERDICTS: dict[str, str] = {
    "voldoet": "pass",
    "voldoet niet": "fail",
    "niet vastgesteld": "undetermined",
    "handmatig": "manual",
}


def standard_verdict(value: str) -> str:
    """A standard's stored verdict as ``pass``/``fail``/``undetermined``/``manual``."""
    key = value.strip().lower()
    return STANDARD_VERDICTS.get(
        key, key if key in ("pass", "fail", "undetermined", "manual") else "undetermined"
    )


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class MarketReader:
    """Reads the store's tables (read-only). ``engine`` is the store's SQLAlchemy engine."""

    def __init__(self, engine: Engine, store: Any = None) -> None:
        self.engine = engine
        self.store = store  # the Store it reads (for m-core's diff_runs); None for a bare engine
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per reader (titles of checks and requirements)."""
        if name not in self._memo:
            self._memo[name] = make()
        return cast(T, self._memo[name])

    @classmethod
    def of(cls, store: Any) -> MarketReader:
        """The reader of a :class:`cgcomply.monitor.store.Store` (or of an engine)."""
        if isinstance(store, Engine):
            return cls(store)
        return cls(store.engine, store)

    def close(self) -> None:
        """Close the store (its engine) the reader was made for."""
        if self.store is not None:
            self.store.close()
        else:
            self.engine.dispose()

    def check(self) -> None:
        """Raise :class:`~cgcomply.errors.UsageError` unless the database has the monitor's tables."""
        from sqlalchemy.exc import SQLAlchemyError

        from cgcomply.errors import UsageError

        for table in TABLES:
            try:
                self._rows(f"SELECT COUNT(*) AS n FROM {table} WHERE 1 = 0")
            except SQLAlchemyError:
                raise UsageError(
                    f"not a monitor database (no table {table}); make one with: cgcomply monitor run CATALOGUE --db DB",
                    field="--db",
                ) from None

    def _rows(self, sql: str, **params: Any) -> list[Any]:
        statement = text(sql)
        for name, value in params.items():
            if isinstance(value, list | tuple):
                statement = statement.bindparams(bindparam(name, expanding=True))
        with self.engine.connect() as connection:
            return list(connection.execute(statement, params))

    # ------------------------------------------------------------------ runs

    def runs(self) -> list[RunInfo]:
        """Every run, oldest first."""
        rows = self._rows(
            "SELECT id, started_at, finished_at, status, tool_version, catalogue_sha256 FROM runs ORDER BY id"
        )
        return [_run(row) for row in rows]

    def run(self, run_id: int) -> RunInfo | None:
        rows = self._rows(
            "SELECT id, started_at, finished_at, status, tool_version, catalogue_sha256 FROM runs WHERE id = :id",
            id=run_id,
        )
        return _run(rows[0]) if rows else None

    def latest_run(self) -> RunInfo | None:
        """The newest run that has results (a finished one when there is one)."""
        runs = [run for run in self.runs() if run.status != "running"] or self.runs()
        return runs[-1] if runs else None

    def verdict_counts(self) -> dict[int, dict[str, int]]:
        """Per run: how many deployments have each verdict (a result not done counts as undetermined)."""
        found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in self._rows(
            "SELECT run_id, state, verdict, COUNT(*) AS n FROM results GROUP BY run_id, state, verdict"
        ):
            verdict = row.verdict if row.state == "done" and row.verdict else "undetermined"
            found[int(row.run_id)][verdict] += int(row.n)
        return {run: dict(counts) for run, counts in found.items()}

    # ------------------------------------------------------------------ deployments

    def targets(self) -> list[TargetInfo]:
        rows = self._rows(
            "SELECT key, supplier_id, supplier_name, product_id, product_name, product_version, organisation, "
            "environment, base_url, oas_url, profile, standards, first_seen_run, retired_run FROM deployments "
            "ORDER BY key"
        )
        return [_target(row) for row in rows]

    def target(self, key: str) -> TargetInfo | None:
        return next((t for t in self.targets() if t.key == key), None)

    # ------------------------------------------------------------------ results

    def results(self, run_id: int, keys: Sequence[str] | None = None) -> dict[str, ResultInfo]:
        """The results of one run by deployment key, with requirement and standard verdicts."""
        where = " AND deployment_key IN :keys" if keys else ""
        params: dict[str, Any] = {"run": run_id}
        if keys:
            params["keys"] = list(keys)
        base = self._rows(
            "SELECT run_id, deployment_key, state, verdict, exit_code, finished_at, report_sha256, profile_id, "
            f"error FROM results WHERE run_id = :run{where}",
            **params,
        )
        requirements: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self._rows(
            "SELECT deployment_key, requirement_id, verdict FROM requirement_results WHERE run_id = :run"
            + where,
            **params,
        ):
            requirements[row.deployment_key][row.requirement_id] = row.verdict
        standards: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self._rows(
            "SELECT deployment_key, standard, version, verdict FROM standard_results WHERE run_id = :run"
            + where,
            **params,
        ):
            standards[row.deployment_key][f"{row.standard}@{row.version}"] = standard_verdict(row.verdict)
        return {
            row.deployment_key: _result(row, requirements[row.deployment_key], standards[row.deployment_key])
            for row in base
        }

    def history(self, key: str) -> list[ResultInfo]:
        """Every result of one deployment, oldest run first."""
        rows = self._rows(
            "SELECT run_id, deployment_key, state, verdict, exit_code, finished_at, report_sha256, profile_id, "
            "error FROM results WHERE deployment_key = :key ORDER BY run_id",
            key=key,
        )
        requirements: dict[int, dict[str, str]] = defaultdict(dict)
        for row in self._rows(
            "SELECT run_id, requirement_id, verdict FROM requirement_results WHERE deployment_key = :key",
            key=key,
        ):
            requirements[row.run_id][row.requirement_id] = row.verdict
        standards: dict[int, dict[str, str]] = defaultdict(dict)
        for row in self._rows(
            "SELECT run_id, standard, version, verdict FROM standard_results WHERE deployment_key = :key",
            key=key,
        ):
            standards[row.run_id][f"{row.standard}@{row.version}"] = standard_verdict(row.verdict)
        return [_result(row, requirements[row.run_id], standards[row.run_id]) for row in rows]

    def report(self, run_id: int, key: str) -> dict[str, Any] | None:
        """The stored report (``Report.to_dict()``) of one deployment in one run."""
        from cgcomply.monitor.store.base import Store

        store = self.store if isinstance(self.store, Store) else Store(self.engine, "")
        stored = store.result(run_id, key, with_report=True)
        return stored.report_data if stored is not None else None

    def check_statuses(self, run_id: int, keys: Sequence[str] | None = None) -> dict[str, dict[str, str]]:
        """Per deployment key: check id -> status in one run."""
        where = " AND deployment_key IN :keys" if keys else ""
        params: dict[str, Any] = {"run": run_id}
        if keys:
            params["keys"] = list(keys)
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self._rows(
            f"SELECT deployment_key, check_id, status FROM check_results WHERE run_id = :run{where}", **params
        ):
            found[row.deployment_key][row.check_id] = row.status
        return dict(found)

    def findings(
        self,
        run_id: int,
        key: str | None = None,
        check_id: str | None = None,
        severity: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[FindingInfo]]:
        """Findings of one run (optionally of one deployment / check / severity): the total and one page."""
        clauses = ["run_id = :run"]
        params: dict[str, Any] = {"run": run_id}
        for column, name, value in (
            ("deployment_key", "key", key),
            ("check_id", "check", check_id),
            ("severity", "severity", severity),
        ):
            if value is not None:
                clauses.append(f"{column} = :{name}")
                params[name] = value
        where = " AND ".join(clauses)
        total = self._rows(f"SELECT COUNT(*) AS n FROM findings WHERE {where}", **params)[0].n
        rows = self._rows(
            "SELECT run_id, deployment_key, check_id, stable_id, severity, location FROM findings "
            f"WHERE {where} ORDER BY deployment_key, check_id, stable_id LIMIT :limit OFFSET :offset",
            **params,
            limit=limit,
            offset=offset,
        )
        return int(total), [
            FindingInfo(
                run_id=row.run_id,
                key=row.deployment_key,
                check_id=row.check_id,
                stable_id=row.stable_id,
                severity=row.severity,
                location=row.location,
            )
            for row in rows
        ]

    # ------------------------------------------------------------------ rules

    def rule_ids(self) -> tuple[list[str], list[str]]:
        """Every check id and every requirement id that has a result in any run."""
        checks = [
            r.check_id for r in self._rows("SELECT DISTINCT check_id FROM check_results ORDER BY check_id")
        ]
        requirements = [
            r.requirement_id
            for r in self._rows(
                "SELECT DISTINCT requirement_id FROM requirement_results ORDER BY requirement_id"
            )
        ]
        return checks, requirements

    def adoption(self, rule_id: str) -> list[AdoptionPoint]:
        """Per run (oldest first): deployments that pass the check or requirement ``rule_id``."""
        if self._rows("SELECT 1 AS one FROM check_results WHERE check_id = :rule LIMIT 1", rule=rule_id):
            table, column, value = "check_results", "check_id", "status"
        else:
            table, column, value = "requirement_results", "requirement_id", "verdict"
        counts = self._rows(
            f"SELECT run_id, {value} AS outcome, COUNT(*) AS n FROM {table} WHERE {column} = :rule "
            f"GROUP BY run_id, {value}",
            rule=rule_id,
        )
        per_run: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in counts:
            per_run[row.run_id][row.outcome] += int(row.n)
        dates = {run.id: run.finished_at or run.started_at for run in self.runs()}
        return [
            AdoptionPoint(
                run_id=run_id,
                date=dates.get(run_id, ""),
                passed=outcomes.get("pass", 0),
                failed=outcomes.get("fail", 0),
                other=sum(n for outcome, n in outcomes.items() if outcome not in ("pass", "fail")),
            )
            for run_id, outcomes in sorted(per_run.items())
        ]

    def rule_outcomes(self, rule_id: str, run_id: int) -> dict[str, str]:
        """Per deployment key: the outcome of ``rule_id`` (check status or requirement verdict) in a run."""
        found = {
            row.deployment_key: row.status
            for row in self._rows(
                "SELECT deployment_key, status FROM check_results WHERE check_id = :rule AND run_id = :run",
                rule=rule_id,
                run=run_id,
            )
        }
        if found:
            return found
        return {
            row.deployment_key: row.verdict
            for row in self._rows(
                "SELECT deployment_key, verdict FROM requirement_results WHERE requirement_id = :rule "
                "AND run_id = :run",
                rule=rule_id,
                run=run_id,
            )
        }


def open_reader(db: str) -> MarketReader:
    """The reader of the history at ``db`` (a SQLite file that must exist, or a ``postgresql://`` URL),
    opened without migrating it; :class:`~cgcomply.errors.UsageError` when it is not a monitor database."""
    from pathlib import Path

    from cgcomply.errors import UsageError
    from cgcomply.monitor.store import open_store

    if "://" not in db and not Path(db.removeprefix("sqlite:///")).is_file():
        raise UsageError(
            f"{db}: no such database file; make one with: cgcomply monitor run CATALOGUE --db {db}",
            field="--db",
        )
    reader = MarketReader.of(open_store(db, upgrade=False))
    try:
        reader.check()
    except Exception:
        reader.close()
        raise
    return reader


def _run(row: Any) -> RunInfo:
    return RunInfo(
        id=int(row.id),
        started_at=_text(row.started_at) or "",
        finished_at=_text(row.finished_at),
        status=str(row.status),
        tool_version=row.tool_version,
        catalogue_sha256=row.catalogue_sha256,
    )


def _target(row: Any) -> TargetInfo:
    standards = _json(row.standards) or []
    return TargetInfo(
        key=row.key,
        supplier_id=row.supplier_id,
        supplier_name=row.supplier_name or row.supplier_id,
        product_id=row.product_id,
        product_name=row.product_name or row.product_id,
        product_version=row.product_version,
        organisation=row.organisation,
        environment=row.environment,
        base_url=row.base_url,
        oas_url=row.oas_url,
        profile=row.profile,
        standards=tuple(str(s) for s in standards),
        first_seen_run=row.first_seen_run,
        retired_run=row.retired_run,
    )


def _result(row: Any, requirements: dict[str, str], standards: dict[str, str]) -> ResultInfo:
    return ResultInfo(
        run_id=int(row.run_id),
        key=row.deployment_key,
        state=row.state,
        verdict=row.verdict,
        exit_code=row.exit_code,
        finished_at=_text(row.finished_at),
        report_sha256=row.report_sha256,
        profile_id=row.profile_id,
        error=row.error,
        requirements=dict(requirements),
        standards=dict(standards),
    )


def unique(values: Iterable[str | None]) -> list[str]:
    """The distinct non-empty values, sorted."""
    return sorted({v for v in values if v})
