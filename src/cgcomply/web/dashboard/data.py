"""What the dashboard, the static site, the feed, the badges and the JSON API read from the history store.

:class:`MarketReader` reads through the read API of :class:`~cgcomply.monitor.store.Store` (no SQL of its
own: the store is the one place that knows the tables), SQLite or PostgreSQL alike, and returns the pages'
frozen dataclasses. It never writes. Every read is bounded by what a page shows: the overview reads one
run, a deployment's page its own rows, a rule's page one column over all runs, findings one page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from cgcomply.monitor.store.base import DeploymentRow, ResultRow, RunRow, Store, WebhookDeliveryRow

T = TypeVar("T")


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


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class MarketReader:
    """Reads a :class:`~cgcomply.monitor.store.Store` (read-only) for the pages: every query is one of the
    store's read methods; this class only shapes their rows into the pages' frozen dataclasses."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per reader (titles of checks and requirements)."""
        if name not in self._memo:
            self._memo[name] = make()
        return cast(T, self._memo[name])

    @classmethod
    def of(cls, store: Store) -> MarketReader:
        """The reader of a :class:`cgcomply.monitor.store.Store`."""
        return cls(store)

    def close(self) -> None:
        """Close the store the reader was made for."""
        self.store.close()

    def check(self) -> None:
        """Raise :class:`~cgcomply.errors.UsageError` unless the database has the monitor's tables at the
        schema this cgcomply reads."""
        from sqlalchemy.exc import SQLAlchemyError

        from cgcomply.errors import UsageError
        from cgcomply.monitor.store import head_revision

        try:
            missing = self.store.missing_tables()
            revision = self.store.schema_revision()
        except SQLAlchemyError:
            missing, revision = ["runs"], None
        if revision is None and missing:
            raise UsageError(
                f"not a monitor database (no table {missing[0]}); make one with: cgcomply monitor run CATALOGUE --db DB",
                field="--db",
            )
        if revision != head_revision():
            raise UsageError(
                f"the monitor database's schema is {revision}, not {head_revision()}; upgrade it once with: "
                "cgcomply monitor runs --db DB",
                field="--db",
            )

    # ------------------------------------------------------------------ runs

    def runs(self) -> list[RunInfo]:
        """Every run, oldest first."""
        return [_run(row) for row in self.store.runs()]

    def run(self, run_id: int) -> RunInfo | None:
        row = self.store.run(run_id)
        return _run(row) if row is not None else None

    def latest_run(self) -> RunInfo | None:
        """The newest run that has results (a finished one when there is one)."""
        runs = [run for run in self.runs() if run.status != "running"] or self.runs()
        return runs[-1] if runs else None

    def verdict_counts(self) -> dict[int, dict[str, int]]:
        """Per run: how many deployments have each verdict (a result not done counts as undetermined)."""
        return self.store.verdict_counts()

    # ------------------------------------------------------------------ deployments

    def targets(self) -> list[TargetInfo]:
        return [_target(row) for row in self.store.deployments()]

    def target(self, key: str) -> TargetInfo | None:
        row = self.store.deployment(key)
        return _target(row) if row is not None else None

    # ------------------------------------------------------------------ results

    def results(self, run_id: int, keys: Sequence[str] | None = None) -> dict[str, ResultInfo]:
        """The results of one run by deployment key, with requirement and standard verdicts."""
        requirements = self.store.requirement_rows(run_id, keys)
        standards: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self.store.standard_rows(run_id, keys):
            standards[row["deployment_key"]][f"{row['standard']}@{row['version']}"] = standard_verdict(
                row["verdict"]
            )
        return {
            row.deployment_key: _result(
                row, requirements.get(row.deployment_key, {}), standards[row.deployment_key]
            )
            for row in self.store.results(run_id, keys=keys)
        }

    def history(self, key: str) -> list[ResultInfo]:
        """Every result of one deployment, oldest run first."""
        requirements = self.store.requirement_history(key)
        standards: dict[int, dict[str, str]] = defaultdict(dict)
        for run_id, rows in self.store.standard_history(key).items():
            for row in rows:
                standards[run_id][f"{row['standard']}@{row['version']}"] = standard_verdict(row["verdict"])
        return [
            _result(row, requirements.get(row.run_id, {}), standards[row.run_id])
            for row in self.store.deployment_results(key)
        ]

    def report(self, run_id: int, key: str) -> dict[str, Any] | None:
        """The stored report (``Report.to_dict()``) of one deployment in one run."""
        stored = self.store.result(run_id, key, with_report=True)
        return stored.report_data if stored is not None else None

    def check_statuses(self, run_id: int, keys: Sequence[str] | None = None) -> dict[str, dict[str, str]]:
        """Per deployment key: check id -> status in one run."""
        return self.store.check_rows(run_id, keys)

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
        total, rows = self.store.findings_page(
            run_id, key=key, check_id=check_id, severity=severity, limit=limit, offset=offset
        )
        return total, [
            FindingInfo(
                run_id=row["run_id"],
                key=row["deployment_key"],
                check_id=row["check_id"],
                stable_id=row["stable_id"],
                severity=row["severity"],
                location=row["location"],
            )
            for row in rows
        ]

    # ------------------------------------------------------------------ rules

    def rule_ids(self) -> tuple[list[str], list[str]]:
        """Every check id and every requirement id that has a result in any run."""
        return self.store.rule_ids()

    def adoption(self, rule_id: str) -> list[AdoptionPoint]:
        """Per run (oldest first): deployments that pass the check or requirement ``rule_id``."""
        dates = {run.id: run.finished_at or run.started_at for run in self.runs()}
        return [
            AdoptionPoint(
                run_id=point.run_id,
                date=dates.get(point.run_id, ""),
                passed=point.passing,
                failed=point.failing,
                other=point.other,
            )
            for point in self.store.adoption(rule_id, finished_only=False)
        ]

    def webhook_deliveries(self) -> list[WebhookDeliveryRow]:
        """Every run's webhook deliveries (state, status, attempts, last error), oldest first."""
        return self.store.webhook_deliveries()

    def rule_outcomes(self, rule_id: str, run_id: int) -> dict[str, str]:
        """Per deployment key: the outcome of ``rule_id`` (check status or requirement verdict) in a run."""
        return self.store.rule_outcomes(rule_id, run_id)


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


def _run(row: RunRow) -> RunInfo:
    return RunInfo(
        id=int(row.id),
        started_at=_text(row.started_at) or "",
        finished_at=_text(row.finished_at),
        status=str(row.status),
        tool_version=row.tool_version,
        catalogue_sha256=row.catalogue_sha256,
    )


def _target(row: DeploymentRow) -> TargetInfo:
    standards = row.standards
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


def _result(row: ResultRow, requirements: dict[str, str], standards: dict[str, str]) -> ResultInfo:
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
