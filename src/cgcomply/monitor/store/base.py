"""The monitor's history store: the tables and :class:`Store`, its one read/write API.

Everything the monitor keeps goes through a :class:`Store`: ``monitor run`` writes runs and results, and the
dashboard, site, feed, badges, exports and JSON API read them back through the methods below (never with
SQL of their own). A store is opened with :func:`cgcomply.monitor.store.open_store` on a SQLite file (WAL,
the embedded default) or a ``postgresql://`` URL; both carry the same schema, made and upgraded by the
Alembic migrations shipped in ``migrations/``.

Writing a target's outcome is one transaction (:meth:`Store.save_result`): the result row and all its
check, requirement, finding and standard rows, or nothing. ``results`` is unique on (run_id,
deployment_key), so a resumed run can never store a target twice.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from cgcomply.monitor.store.tables import (
    ROW_TABLES,
    check_results,
    deployments,
    findings,
    metadata,
    reports,
    requirement_results,
    results,
    runs,
    standard_results,
    webhook_deliveries,
)

if TYPE_CHECKING:
    from cgcomply.monitor.catalogue import Catalogue, Deployment
    from cgcomply.report.model import Report

__all__ = [
    "AdoptionPoint",
    "CheckPoint",
    "DeploymentRow",
    "FailingSince",
    "HistoryPoint",
    "ResultRow",
    "RunRow",
    "Store",
    "TargetOutcome",
    "WebhookDeliveryRow",
    "check_results",
    "deployments",
    "findings",
    "metadata",
    "reports",
    "requirement_results",
    "results",
    "runs",
    "standard_results",
    "webhook_deliveries",
]

RUN_STATUSES = ("running", "finished", "interrupted")
STATES = ("done", "transient", "failed")
VERDICTS = ("pass", "fail", "undetermined", "manual")


# --------------------------------------------------------------------------- what the read API returns


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    started_at: str
    finished_at: str | None
    status: str  # running | finished | interrupted
    catalogue_sha256: str
    catalogue_source: str | None
    tool_version: str
    options: dict[str, Any]
    targets: int


@dataclass(frozen=True, slots=True)
class DeploymentRow:
    key: str
    supplier_id: str
    supplier_name: str
    product_id: str
    product_name: str
    product_version: str | None
    organisation: str | None
    environment: str
    base_url: str | None
    oas_url: str | None
    profile: str
    standards: tuple[str, ...]
    contact: str | None
    first_seen_run: int | None
    last_seen_run: int | None
    retired_run: int | None

    @property
    def retired(self) -> bool:
        return self.retired_run is not None


@dataclass(frozen=True, slots=True)
class ResultRow:
    run_id: int
    deployment_key: str
    state: str  # done | transient | failed
    attempts: int
    verdict: str  # pass | fail | undetermined | manual
    exit_code: int | None
    profile_id: str | None
    profile_sha256: str | None
    report_sha256: str | None
    started_at: str
    finished_at: str
    duration_seconds: float
    error: str | None
    document_gone: bool
    report_data: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def report(self) -> Report | None:
        """The stored report read back (``Report.from_dict``); None when the target gave none."""
        if self.report_data is None:
            return None
        from cgcomply.report.model import Report

        return Report.from_dict(self.report_data)


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One run of one deployment: :meth:`Store.history`."""

    run_id: int
    run_started_at: str
    state: str
    verdict: str
    exit_code: int | None
    report_sha256: str | None
    finished_at: str


@dataclass(frozen=True, slots=True)
class CheckPoint:
    """One check (or requirement) of one deployment in one run: :meth:`Store.check_history`."""

    run_id: int
    run_started_at: str
    deployment_key: str
    supplier_id: str
    status: str  # a check's status, or a requirement's verdict


@dataclass(frozen=True, slots=True)
class AdoptionPoint:
    """How the market does on one rule in one run: :meth:`Store.adoption`."""

    run_id: int
    run_started_at: str
    passing: int
    failing: int
    other: int  # error, manual, undetermined, not applicable

    @property
    def total(self) -> int:
        return self.passing + self.failing + self.other

    @property
    def rate(self) -> float | None:
        """Passing among those decided (pass or fail); None when none was decided."""
        decided = self.passing + self.failing
        return self.passing / decided if decided else None


@dataclass(frozen=True, slots=True)
class FailingSince:
    """A deployment that fails a check, and since which run without a break: :meth:`Store.failing_since`."""

    deployment_key: str
    supplier_id: str
    supplier_name: str
    since_run: int
    since: str  # the start of that run
    runs: int  # how many consecutive runs it failed


@dataclass(frozen=True, slots=True)
class WebhookDeliveryRow:
    """One webhook's delivery of one run's changes: :meth:`Store.webhook_deliveries`."""

    id: int
    run_id: int
    url: str
    event: str
    delivery_id: str
    state: str  # sending | delivered | failed ("sending" left behind: the process stopped mid-delivery)
    status_code: int | None
    attempts: int
    statuses: tuple[int | None, ...]
    last_error: str | None
    started_at: str
    updated_at: str
    delivered_at: str | None

    @property
    def delivered(self) -> bool:
        return self.state == "delivered"


DELIVERY_STATES = ("sending", "delivered", "failed")


@dataclass(slots=True)
class TargetOutcome:
    """What ``monitor run`` found for one deployment, ready to be written by :meth:`Store.save_result`."""

    deployment_key: str
    state: str  # done | transient | failed
    attempts: int
    verdict: str
    started_at: str
    finished_at: str
    duration_seconds: float
    report: Report | None = None
    exit_code: int | None = None
    error: str | None = None
    document_gone: bool = False


def report_json(data: dict[str, Any]) -> tuple[str, str]:
    """The canonical JSON of a report dict (sorted keys, no whitespace) and its sha256."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


#: The top-level parts of ``Report.to_dict()`` that belong to one run (run id, start, end, duration): kept
#: with the result; the rest of the report is stored once in ``reports`` (migration 0002).
RUN_KEYS = ("run",)
REPORT_ENCODING = "zlib"


@dataclass(frozen=True, slots=True)
class PackedReport:
    """A report split for storing: its run-specific part and its run-neutral part, compressed."""

    sha256: str  # of the whole report (``results.report_sha256``)
    content_sha256: str  # of the run-neutral part (``reports.sha256``)
    run_part: dict[str, Any]
    size: int  # bytes of the run-neutral part's canonical JSON
    content: bytes  # zlib of that JSON


def pack_report(data: dict[str, Any]) -> PackedReport:
    """Split ``Report.to_dict()`` into its run part and the rest, which is hashed and compressed."""
    _, whole = report_json(data)
    run_part = {key: data[key] for key in RUN_KEYS if key in data}
    text, content_sha = report_json({key: value for key, value in data.items() if key not in RUN_KEYS})
    encoded = text.encode("utf-8")
    return PackedReport(whole, content_sha, run_part, len(encoded), zlib.compress(encoded, 6))


def unpack_report(encoding: str, content: bytes, run_part: dict[str, Any] | None) -> dict[str, Any]:
    """The report dict again: the stored run-neutral part with the result's run part put back."""
    if encoding != REPORT_ENCODING:
        raise ValueError(f"stored report in an unknown encoding {encoding!r}")
    data: dict[str, Any] = json.loads(zlib.decompress(content).decode("utf-8"))
    data.update(run_part or {})
    return data


# --------------------------------------------------------------------------- the store


class Store:
    """Read and write the monitor's history. Thread-safe: each call takes its own connection."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url  # as given, with any password masked

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing runs

    def start_run(self, catalogue: Catalogue, options: dict[str, Any], targets: int, started_at: str) -> int:
        from cgcomply import __version__

        with self.engine.begin() as connection:
            row = connection.execute(
                insert(runs)
                .values(
                    started_at=started_at,
                    status="running",
                    catalogue_sha256=catalogue.sha256,
                    catalogue_source=catalogue.source,
                    tool_version=__version__,
                    options=options,
                    targets=targets,
                )
                .returning(runs.c.id)
            ).one()
            return int(row[0])

    def resumable_run(self, catalogue_sha256: str, options: dict[str, Any]) -> RunRow | None:
        """The newest run that did not finish, on the same catalogue with the same options: the one a
        new ``monitor run`` continues (a run killed with ``kill -9`` stays ``running``)."""
        latest = self.latest_run(finished=False)
        if latest is None or latest.status == "finished":
            return None
        if latest.catalogue_sha256 != catalogue_sha256 or latest.options != options:
            return None
        return latest

    def reopen_run(self, run_id: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(runs).where(runs.c.id == run_id).values(status="running"))

    def finish_run(self, run_id: int, status: str, finished_at: str) -> None:
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        with self.engine.begin() as connection:
            connection.execute(
                update(runs).where(runs.c.id == run_id).values(status=status, finished_at=finished_at)
            )

    def record_deployments(self, catalogue: Catalogue, chosen: Iterable[Deployment], run_id: int) -> None:
        """Insert or update the deployments of this run (first and last seen)."""
        with self.engine.begin() as connection:
            known = {
                row.key: row.first_seen_run
                for row in connection.execute(select(deployments.c.key, deployments.c.first_seen_run))
            }
            for deployment in chosen:
                supplier = catalogue.supplier(deployment.supplier_id)
                product = catalogue.product(deployment.supplier_id, deployment.product_id)
                values = {
                    "supplier_id": supplier.id,
                    "supplier_name": supplier.name,
                    "product_id": product.id,
                    "product_name": product.name,
                    "product_version": deployment.product_version,
                    "organisation": deployment.organisation,
                    "environment": deployment.environment,
                    "base_url": deployment.base_url,
                    "oas_url": deployment.oas_url,
                    "profile": deployment.profile,
                    "standards": list(deployment.standards),
                    "contact": deployment.contact or supplier.contact,
                    "last_seen_run": run_id,
                }
                if deployment.key in known:
                    connection.execute(
                        update(deployments).where(deployments.c.key == deployment.key).values(**values)
                    )
                else:
                    connection.execute(
                        insert(deployments).values(key=deployment.key, first_seen_run=run_id, **values)
                    )

    def stored_keys(self, run_id: int) -> set[str]:
        """The deployments that already have a result in ``run_id`` (kept, not redone, on resume)."""
        with self.engine.connect() as connection:
            return set(
                connection.execute(
                    select(results.c.deployment_key).where(results.c.run_id == run_id)
                ).scalars()
            )

    def save_result(self, run_id: int, outcome: TargetOutcome, *, retire_after: int = 3) -> bool:
        """Write one target's result with all its rows in one transaction; False when the run already
        has a result for it (nothing is written twice). Marks the deployment retired when its document
        has now been gone on ``retire_after`` consecutive runs, and un-retires it when it is back."""
        packed: PackedReport | None = None
        digest: str | None = None
        profile_id = profile_sha = None
        if outcome.report is not None:
            packed = pack_report(outcome.report.to_dict())
            digest = packed.sha256
            if outcome.report.profile is not None:
                profile_id, profile_sha = outcome.report.profile.id, outcome.report.profile.sha256
        try:
            with self.engine.begin() as connection:
                # Writing comes first: on SQLite it takes the write lock at once (no lock upgrade). The
                # report's content goes in before the result that refers to it, once per distinct content;
                # the unique (run_id, deployment_key) refuses a second result for the same target (and the
                # transaction, content included, is rolled back).
                if packed is not None:
                    self._insert_report_once(connection, packed)
                connection.execute(
                    insert(results).values(
                        run_id=run_id,
                        deployment_key=outcome.deployment_key,
                        state=outcome.state,
                        attempts=outcome.attempts,
                        verdict=outcome.verdict,
                        exit_code=outcome.exit_code,
                        profile_id=profile_id,
                        profile_sha256=profile_sha,
                        report_sha256=digest,
                        report_content=packed.content_sha256 if packed is not None else None,
                        report_run=packed.run_part if packed is not None else None,
                        started_at=outcome.started_at,
                        finished_at=outcome.finished_at,
                        duration_seconds=outcome.duration_seconds,
                        error=outcome.error,
                        document_gone=outcome.document_gone,
                    )
                )
                key = outcome.deployment_key
                for table in ROW_TABLES:  # nothing should be there; a half-written target leaves nothing
                    connection.execute(
                        delete(table).where(and_(table.c.run_id == run_id, table.c.deployment_key == key))
                    )
                if outcome.report is not None:
                    _insert_rows(connection, run_id, key, outcome.report, digest)
                self._update_retirement(connection, run_id, key, outcome.document_gone, retire_after)
        except IntegrityError:
            if self.result(run_id, outcome.deployment_key, with_report=False) is not None:
                return False
            raise
        return True

    def _insert_report_once(self, connection: Any, packed: PackedReport) -> None:
        values = {
            "sha256": packed.content_sha256,
            "encoding": REPORT_ENCODING,
            "size": packed.size,
            "content": packed.content,
        }
        statement: Any
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as postgresql_insert

            statement = postgresql_insert(reports).values(**values).on_conflict_do_nothing()
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = sqlite_insert(reports).values(**values).on_conflict_do_nothing()
        connection.execute(statement)

    def _update_retirement(
        self, connection: Any, run_id: int, key: str, gone: bool, retire_after: int
    ) -> None:
        current = connection.execute(
            select(deployments.c.retired_run).where(deployments.c.key == key)
        ).scalar_one_or_none()
        if not gone:
            if current is not None:
                connection.execute(
                    update(deployments).where(deployments.c.key == key).values(retired_run=None)
                )
            return
        if current is not None or retire_after < 1:
            return
        recent = connection.execute(
            select(results.c.document_gone)
            .join(runs, runs.c.id == results.c.run_id)
            .where(and_(results.c.deployment_key == key, results.c.run_id <= run_id))
            .order_by(results.c.run_id.desc())
            .limit(retire_after)
        ).scalars()
        streak = list(recent)
        if len(streak) >= retire_after and all(streak):
            connection.execute(update(deployments).where(deployments.c.key == key).values(retired_run=run_id))

    # ------------------------------------------------------------------ webhook deliveries

    def start_webhook_delivery(self, run_id: int, url: str, event: str, delivery_id: str, at: str) -> int:
        """Record a delivery before its first attempt (``sending``): if the process stops, it stays
        visible. Returns the row's id for :meth:`update_webhook_delivery`."""
        with self.engine.begin() as connection:
            row = connection.execute(
                insert(webhook_deliveries)
                .values(
                    run_id=run_id,
                    url=url,
                    event=event,
                    delivery_id=delivery_id,
                    state="sending",
                    attempts=0,
                    statuses=[],
                    started_at=at,
                    updated_at=at,
                )
                .returning(webhook_deliveries.c.id)
            ).one()
            return int(row[0])

    def update_webhook_delivery(
        self,
        row_id: int,
        *,
        state: str,
        status_code: int | None,
        attempts: int,
        statuses: Sequence[int | None],
        last_error: str | None,
        at: str,
    ) -> None:
        """After an attempt: its outcome so far (``delivered_at`` is set when ``state`` is delivered)."""
        if state not in DELIVERY_STATES:
            raise ValueError(f"unknown delivery state {state!r}")
        with self.engine.begin() as connection:
            connection.execute(
                update(webhook_deliveries)
                .where(webhook_deliveries.c.id == row_id)
                .values(
                    state=state,
                    status_code=status_code,
                    attempts=attempts,
                    statuses=list(statuses),
                    last_error=last_error,
                    updated_at=at,
                    delivered_at=at if state == "delivered" else None,
                )
            )

    def webhook_deliveries(self, run_id: int | None = None) -> list[WebhookDeliveryRow]:
        """The webhook deliveries of one run (of every run), oldest first."""
        query = select(webhook_deliveries).order_by(webhook_deliveries.c.id)
        if run_id is not None:
            query = query.where(webhook_deliveries.c.run_id == run_id)
        with self.engine.connect() as connection:
            found = []
            for row in connection.execute(query):
                m = dict(row._mapping)
                m["statuses"] = tuple(m["statuses"] or ())
                found.append(WebhookDeliveryRow(**m))
            return found

    # ------------------------------------------------------------------ reading

    def runs(self) -> list[RunRow]:
        """Every run, oldest first."""
        with self.engine.connect() as connection:
            return [_run_row(row) for row in connection.execute(select(runs).order_by(runs.c.id))]

    def run(self, run_id: int) -> RunRow | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(runs).where(runs.c.id == run_id)).first()
        return _run_row(row) if row is not None else None

    def latest_run(self, *, finished: bool = True) -> RunRow | None:
        """The newest finished run (any run with ``finished=False``)."""
        query = select(runs).order_by(runs.c.id.desc()).limit(1)
        if finished:
            query = query.where(runs.c.status == "finished")
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _run_row(row) if row is not None else None

    def finished_runs(self) -> list[RunRow]:
        return [run for run in self.runs() if run.status == "finished"]

    def deployments(self) -> list[DeploymentRow]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(deployments).order_by(deployments.c.key))
            return [_deployment_row(row) for row in rows]

    def deployment(self, key: str) -> DeploymentRow | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(deployments).where(deployments.c.key == key)).first()
        return _deployment_row(row) if row is not None else None

    def results(
        self, run_id: int, *, with_reports: bool = False, keys: Sequence[str] | None = None
    ) -> list[ResultRow]:
        """The results of one run (of the deployments ``keys`` only, when given), by deployment key;
        reports only when asked: they are large."""
        query = _keys(_result_query(with_reports).where(results.c.run_id == run_id), results, keys)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(results.c.deployment_key))
            return [_result_row(row) for row in rows]

    def result(self, run_id: int, key: str, *, with_report: bool = True) -> ResultRow | None:
        """One result; its ``report`` property reads the stored report back through ``Report.from_dict``."""
        query = _result_query(with_report).where(
            and_(results.c.run_id == run_id, results.c.deployment_key == key)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _result_row(row) if row is not None else None

    def report_stats(self) -> dict[str, int]:
        """How reports are stored: results with a report, distinct stored contents, and their bytes
        (canonical JSON before compression, and as stored)."""
        with self.engine.connect() as connection:
            with_report = connection.execute(
                select(func.count()).select_from(results).where(results.c.report_content.is_not(None))
            ).scalar_one()
            distinct, size, stored = connection.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(reports.c.size), 0),
                    func.coalesce(func.sum(func.length(reports.c.content)), 0),
                )
            ).one()
        return {
            "results": int(with_report),
            "distinct": int(distinct),
            "json_bytes": int(size),
            "stored_bytes": int(stored),
        }

    def count_results(self, run_id: int) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count()).select_from(results).where(results.c.run_id == run_id)
                ).scalar_one()
            )

    def history(self, key: str) -> list[HistoryPoint]:
        """The timeline of one deployment: its result in every run, oldest first."""
        query = (
            select(
                results.c.run_id,
                runs.c.started_at,
                results.c.state,
                results.c.verdict,
                results.c.exit_code,
                results.c.report_sha256,
                results.c.finished_at,
            )
            .join(runs, runs.c.id == results.c.run_id)
            .where(results.c.deployment_key == key)
            .order_by(results.c.run_id)
        )
        with self.engine.connect() as connection:
            return [HistoryPoint(*row) for row in connection.execute(query)]

    def deployment_results(self, key: str) -> list[ResultRow]:
        """Every result of one deployment (without reports), oldest run first."""
        query = _result_query(False).where(results.c.deployment_key == key).order_by(results.c.run_id)
        with self.engine.connect() as connection:
            return [_result_row(row) for row in connection.execute(query)]

    def verdict_counts(self) -> dict[int, dict[str, int]]:
        """Per run: how many deployments have each verdict; a result that is not ``done`` (transient,
        failed) counts as ``undetermined``, never as what it last said."""
        query = select(results.c.run_id, results.c.state, results.c.verdict, func.count()).group_by(
            results.c.run_id, results.c.state, results.c.verdict
        )
        found: dict[int, dict[str, int]] = {}
        with self.engine.connect() as connection:
            for run_id, state, verdict, count in connection.execute(query):
                shown = verdict if state == "done" and verdict else "undetermined"
                counts = found.setdefault(int(run_id), {})
                counts[shown] = counts.get(shown, 0) + int(count)
        return found

    def check_rows(self, run_id: int, keys: Sequence[str] | None = None) -> dict[str, dict[str, str]]:
        """``{deployment_key: {check_id: status}}`` of one run (of the deployments ``keys``)."""
        return self._rows(check_results, "check_id", "status", run_id, keys)

    def requirement_rows(self, run_id: int, keys: Sequence[str] | None = None) -> dict[str, dict[str, str]]:
        """``{deployment_key: {requirement_id: verdict}}`` of one run (of the deployments ``keys``)."""
        return self._rows(requirement_results, "requirement_id", "verdict", run_id, keys)

    def requirement_history(self, key: str) -> dict[int, dict[str, str]]:
        """``{run_id: {requirement_id: verdict}}`` of one deployment over all runs."""
        query = select(
            requirement_results.c.run_id, requirement_results.c.requirement_id, requirement_results.c.verdict
        ).where(requirement_results.c.deployment_key == key)
        found: dict[int, dict[str, str]] = {}
        with self.engine.connect() as connection:
            for run_id, ident, verdict in connection.execute(query):
                found.setdefault(int(run_id), {})[ident] = verdict
        return found

    def standard_history(self, key: str) -> dict[int, list[dict[str, Any]]]:
        """``{run_id: [standard_results row]}`` of one deployment over all runs."""
        query = (
            select(standard_results)
            .where(standard_results.c.deployment_key == key)
            .order_by(standard_results.c.id)
        )
        found: dict[int, list[dict[str, Any]]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                found.setdefault(int(row.run_id), []).append(dict(row._mapping))
        return found

    def findings_page(
        self,
        run_id: int,
        *,
        key: str | None = None,
        check_id: str | None = None,
        severity: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Findings of one run (optionally of one deployment / check / severity): how many there are,
        and one page of them (ordered by deployment, check, stable id) as dicts of the ``findings``
        columns."""
        where = [findings.c.run_id == run_id]
        for column, value in (
            (findings.c.deployment_key, key),
            (findings.c.check_id, check_id),
            (findings.c.severity, severity),
        ):
            if value is not None:
                where.append(column == value)
        with self.engine.connect() as connection:
            total = connection.execute(
                select(func.count()).select_from(findings).where(and_(*where))
            ).scalar_one()
            rows = connection.execute(
                select(findings)
                .where(and_(*where))
                .order_by(findings.c.deployment_key, findings.c.check_id, findings.c.stable_id)
                .limit(limit)
                .offset(offset)
            )
            return int(total), [dict(row._mapping) for row in rows]

    def rule_ids(self) -> tuple[list[str], list[str]]:
        """Every check id and every requirement id that has a result in any run, sorted."""
        with self.engine.connect() as connection:
            checks = connection.execute(
                select(check_results.c.check_id).distinct().order_by(check_results.c.check_id)
            ).scalars()
            requirements = connection.execute(
                select(requirement_results.c.requirement_id)
                .distinct()
                .order_by(requirement_results.c.requirement_id)
            ).scalars()
            return list(checks), list(requirements)

    def rule_outcomes(self, rule_id: str, run_id: int) -> dict[str, str]:
        """``{deployment_key: outcome}`` of one check (its status) or requirement (its verdict) in a run."""
        with self.engine.connect() as connection:
            table, column, value = _rule_table(connection, rule_id)
            query = select(table.c.deployment_key, value).where(
                and_(column == rule_id, table.c.run_id == run_id)
            )
            return {key: outcome for key, outcome in connection.execute(query)}

    def missing_tables(self) -> list[str]:
        """The monitor's tables this database lacks (all of them: not a monitor database)."""
        from sqlalchemy import inspect

        with self.engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
        return [name for name in metadata.tables if name not in present]

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None: never migrated)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            heads = MigrationContext.configure(connection).get_current_heads()
        return heads[0] if heads else None

    def finding_rows(self, run_id: int, key: str | None = None) -> list[dict[str, Any]]:
        """The findings of one run (of one deployment), as dicts of the ``findings`` columns."""
        query = select(findings).where(findings.c.run_id == run_id)
        if key is not None:
            query = query.where(findings.c.deployment_key == key)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query.order_by(findings.c.id))]

    def standard_rows(self, run_id: int, keys: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The ``standard_results`` rows of one run (of the deployments ``keys``), as dicts."""
        with self.engine.connect() as connection:
            query = _keys(
                select(standard_results).where(standard_results.c.run_id == run_id), standard_results, keys
            )
            return [dict(row._mapping) for row in connection.execute(query.order_by(standard_results.c.id))]

    def _rows(
        self, table: Any, name: str, value: str, run_id: int, keys: Sequence[str] | None = None
    ) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        query = _keys(
            select(table.c.deployment_key, table.c[name], table.c[value]).where(table.c.run_id == run_id),
            table,
            keys,
        )
        with self.engine.connect() as connection:
            for key, ident, status in connection.execute(query):
                found.setdefault(key, {})[ident] = status
        return found

    def check_history(self, check_id: str) -> list[CheckPoint]:
        """Every stored outcome of one check (``adr.version-header``) or requirement (``CG-API-03``),
        across deployments and runs, ordered by run then deployment."""
        with self.engine.connect() as connection:
            table, column, value = _rule_table(connection, check_id)
            query = (
                select(
                    table.c.run_id,
                    runs.c.started_at,
                    table.c.deployment_key,
                    deployments.c.supplier_id,
                    value,
                )
                .join(runs, runs.c.id == table.c.run_id)
                .join(deployments, deployments.c.key == table.c.deployment_key)
                .where(column == check_id)
                .order_by(table.c.run_id, table.c.deployment_key)
            )
            return [CheckPoint(*row) for row in connection.execute(query)]

    def adoption(self, rule_id: str, *, finished_only: bool = True) -> list[AdoptionPoint]:
        """Per finished run (every run with ``finished_only=False``): how many deployments pass, fail, or
        neither, one check or requirement."""
        points: dict[int, list[Any]] = {}
        with self.engine.connect() as connection:
            table, column, value = _rule_table(connection, rule_id)
            where = [column == rule_id] + ([runs.c.status == "finished"] if finished_only else [])
            query = (
                select(table.c.run_id, runs.c.started_at, value, func.count())
                .join(runs, runs.c.id == table.c.run_id)
                .where(and_(*where))
                .group_by(table.c.run_id, runs.c.started_at, value)
                .order_by(table.c.run_id)
            )
            for run_id, started, status, count in connection.execute(query):
                point = points.setdefault(run_id, [started, 0, 0, 0])
                slot = 1 if status == "pass" else 2 if status == "fail" else 3
                point[slot] += int(count)
        return [AdoptionPoint(run_id, *values) for run_id, values in points.items()]

    def failing_since(self, rule_id: str) -> list[FailingSince]:
        """Which deployments (with their supplier) fail a check or requirement in the latest finished run,
        and since when: the first run of the unbroken streak of ``fail`` ending there."""
        latest = self.latest_run()
        if latest is None:
            return []
        finished = {run.id: run for run in self.finished_runs()}
        by_key: dict[str, list[CheckPoint]] = {}
        for point in self.check_history(rule_id):
            if point.run_id in finished:
                by_key.setdefault(point.deployment_key, []).append(point)
        names = {row.key: row for row in self.deployments()}
        found: list[FailingSince] = []
        for key, points in sorted(by_key.items()):
            if points[-1].run_id != latest.id or points[-1].status != "fail":
                continue
            streak = 0
            for point in reversed(points):
                if point.status != "fail":
                    break
                streak += 1
            first = points[len(points) - streak]
            row = names[key]
            found.append(
                FailingSince(
                    key, row.supplier_id, row.supplier_name, first.run_id, first.run_started_at, streak
                )
            )
        return found


def _rule_table(connection: Any, rule_id: str) -> tuple[Any, Any, Any]:
    """A check (``adr.version-header``) when ``check_results`` has it, else a requirement (``CG-API-03``)."""
    known = connection.execute(
        select(check_results.c.id).where(check_results.c.check_id == rule_id).limit(1)
    ).first()
    if known is not None or ("." in rule_id and not rule_id.startswith("CG-")):
        return check_results, check_results.c.check_id, check_results.c.status
    return requirement_results, requirement_results.c.requirement_id, requirement_results.c.verdict


def _keys(query: Any, table: Any, keys: Sequence[str] | None) -> Any:
    """``query`` limited to the deployments ``keys`` (all when None or empty)."""
    return query.where(table.c.deployment_key.in_(list(keys))) if keys else query


def _insert_rows(connection: Any, run_id: int, key: str, report: Report, digest: str | None) -> None:
    base_url = report.target.url
    check_rows: list[dict[str, Any]] = []
    finding_rows: list[dict[str, Any]] = []
    for check in report.checks:
        check_rows.append(
            {
                "run_id": run_id,
                "deployment_key": key,
                "check_id": check.info.id,
                "status": check.status.value,
                "level": check.info.level.value,
                "adr_rule": check.info.adr_rule,
            }
        )
        for finding in check.findings:
            message_id = getattr(finding.message, "id", None)
            finding_rows.append(
                {
                    "run_id": run_id,
                    "deployment_key": key,
                    "check_id": check.info.id,
                    "stable_id": finding.stable_id(check.info.id, base_url),
                    "severity": finding.severity.value,
                    "location": finding.location_key(base_url),
                    "message_id": message_id if isinstance(message_id, str) else None,
                }
            )
    requirement_rows = [
        {
            "run_id": run_id,
            "deployment_key": key,
            "requirement_id": requirement.id,
            "verdict": requirement.verdict.value,
            "form": requirement.form,
        }
        for requirement in report.requirements
    ]
    standard_rows = [
        {
            "run_id": run_id,
            "deployment_key": key,
            "standard": str(row.get("standard_id") or row.get("standard") or ""),
            "version": str(row.get("version") or ""),
            "verdict": str(row.get("verdict") or ""),
            "report_sha256": row.get("report_sha256") or digest,
        }
        for row in report.standards
    ]
    for table, rows in (
        (check_results, check_rows),
        (findings, finding_rows),
        (requirement_results, requirement_rows),
        (standard_results, standard_rows),
    ):
        if rows:
            connection.execute(insert(table), rows)


def _run_row(row: Any) -> RunRow:
    m = row._mapping
    return RunRow(
        id=m["id"],
        started_at=m["started_at"],
        finished_at=m["finished_at"],
        status=m["status"],
        catalogue_sha256=m["catalogue_sha256"],
        catalogue_source=m["catalogue_source"],
        tool_version=m["tool_version"],
        options=dict(m["options"] or {}),
        targets=m["targets"],
    )


def _deployment_row(row: Any) -> DeploymentRow:
    m = dict(row._mapping)
    m["standards"] = tuple(m["standards"] or ())
    return DeploymentRow(**m)


_RESULT_COLUMNS = [c for c in results.c if c.name not in ("id", "report_content", "report_run")]


def _result_query(with_report: bool) -> Any:
    """The ``results`` columns of a :class:`ResultRow`; with the report: its run part and stored content."""
    if not with_report:
        return select(*_RESULT_COLUMNS)
    return select(*_RESULT_COLUMNS, results.c.report_run, reports.c.encoding, reports.c.content).outerjoin(
        reports, reports.c.sha256 == results.c.report_content
    )


def _result_row(row: Any) -> ResultRow:
    m = dict(row._mapping)
    run_part = m.pop("report_run", None)
    encoding, content = m.pop("encoding", None), m.pop("content", None)
    if content is not None:
        m["report_data"] = unpack_report(encoding, bytes(content), run_part)
    m["document_gone"] = bool(m["document_gone"])
    return ResultRow(**m)


def keys_of(rows: Sequence[ResultRow]) -> list[str]:
    return [row.deployment_key for row in rows]
