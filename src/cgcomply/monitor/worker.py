"""Monitor runs shared by several workers through PostgreSQL, with procrastinate.

``cgcomply monitor run CATALOGUE --db postgresql://... --queue`` starts (or resumes) a run in the store as
``monitor run`` does, and defers one procrastinate job per deployment that the run has not stored yet
(:func:`queue_run`); ``cgcomply monitor worker --db postgresql://...`` processes, on one or more machines,
take those jobs (:func:`run_worker`). procrastinate keeps the queue in the same database (its own
``procrastinate_*`` tables, made on first use), hands each job to exactly one worker (``SELECT ... FOR
UPDATE SKIP LOCKED``), and re-queues the jobs of a worker that died (no heartbeat) when a worker starts. A
job holds the run id, the deployment key and the catalogue's path and sha256: every worker reads the
catalogue itself (the same file on each machine) and refuses one whose sha256 differs from the run's.

A job verifies its deployment with :class:`cgcomply.monitor.run.MonitorRun` (the same code, limits and
classification as a local run) and stores the outcome with :meth:`Store.save_result`, one transaction; the
unique (run_id, deployment_key) of the results table makes a second result for a target impossible, so a
job that runs twice (a worker killed after storing but before acknowledging) stores nothing the second
time. A transient failure is retried by procrastinate later (``retries`` times, ``retry_delay`` seconds
apart, the run's own options) and is then stored as ``transient`` / niet vastgesteld. The worker that stores
a run's last result marks the run finished.

Why procrastinate: it needs nothing but the PostgreSQL that the shared store already is (no broker such as
Redis or RabbitMQ to run), it is maintained, typed, and its locking is what "each target done once" needs.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cgcomply.errors import MonitorError
from cgcomply.i18n import Text

if TYPE_CHECKING:
    import procrastinate

    from cgcomply.http import Session
    from cgcomply.monitor.catalogue import Catalogue
    from cgcomply.monitor.run import MonitorRun, RunOptions
    from cgcomply.monitor.store.base import Store

QUEUE = "cgcomply-monitor"
TASK = "cgcomply.monitor.verify_deployment"
_SCHEMA_LOCK = 0x6367_7771  # "cgwq": the advisory lock while procrastinate's schema is made

TEXTS = {
    "queued": Text(
        nl="run {run}: {queued} deployments in de wachtrij gezet, {kept} al opgeslagen; start `cgcomply monitor "
        "worker --db ...` om ze te verwerken",
        en="run {run}: {queued} deployments queued, {kept} already stored; start `cgcomply monitor worker --db "
        "...` to process them",
    ),
    "worker-done": Text(
        nl="worker {name}: {count} deployment(s) geverifieerd en opgeslagen",
        en="worker {name}: {count} deployment(s) verified and stored",
    ),
    "job": Text(nl="{name}: {key} in run {run}: {verdict}", en="{name}: {key} in run {run}: {verdict}"),
    "run-done": Text(
        nl="run {run} {status}: {stored} van {total} deployments opgeslagen; {verdicts}",
        en="run {run} {status}: {stored} of {total} deployments stored; {verdicts}",
    ),
}


class TransientTarget(Exception):
    """A transient failure that procrastinate retries later (the run's ``retry_delay`` seconds)."""

    def __init__(self, key: str, reason: str | None, delay: float) -> None:
        super().__init__(f"{key}: {reason}")
        self.delay = delay


def postgresql_conninfo(url: str) -> str:
    """The libpq URL (``postgresql://``) of a store URL (``postgresql+psycopg://`` too)."""
    if url.startswith("postgres://"):
        return "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql+"):
        return "postgresql://" + url.split("://", 1)[1]
    if url.startswith("postgresql://"):
        return url
    raise MonitorError(
        Text(
            "workers delen een run via PostgreSQL: geef een postgresql://-URL (SQLite is voor één proces)",
            "workers share a run through PostgreSQL: give a postgresql:// URL (SQLite is for one process)",
        ),
        field="--db",
    )


# --------------------------------------------------------------------------- the procrastinate app


@dataclass
class WorkerState:
    """What one worker process keeps between jobs: its store, the catalogues and runs it has loaded."""

    db_url: str
    environ: Mapping[str, str] = field(default_factory=dict)
    name: str = "worker"
    session: Session | None = None
    echo: Any = None  # a callable taking a line, or None
    store: Store | None = None
    runs: dict[int, MonitorRun] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self) -> Store:
        with self.lock:
            if self.store is None:
                from cgcomply.monitor.store import open_store

                self.store = open_store(self.db_url)
            return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def monitor_run(self, run_id: int, catalogue_path: str, catalogue_sha256: str) -> MonitorRun:
        with self.lock:
            found = self.runs.get(run_id)
        if found is not None:
            return found
        from cgcomply.http import Session
        from cgcomply.monitor.catalogue import load_catalogue
        from cgcomply.monitor.run import MonitorRun

        store = self.open()
        run = store.run(run_id)
        if run is None:
            raise MonitorError(
                Text(
                    f"er is geen run {run_id}",
                    f"there is no run {run_id}",
                ),
                source=store.url,
            )
        catalogue = load_catalogue(catalogue_path)
        if catalogue.sha256 != catalogue_sha256 or run.catalogue_sha256 != catalogue_sha256:
            raise MonitorError(
                Text(
                    f"de catalogus verschilt van die waarmee run {run_id} in de wachtrij is gezet (sha256 {catalogue.sha256} "
                    f"in plaats van {run.catalogue_sha256})",
                    f"the catalogue differs from the one run {run_id} was queued with (sha256 {catalogue.sha256} "
                    f"instead of {run.catalogue_sha256})",
                ),
                source=catalogue_path,
            )
        with self.lock:
            if self.session is None:
                self.session = Session()
            session = self.session
        options = options_of(run.options)
        monitor = MonitorRun(catalogue, store, options, environ=self.environ, session=session)
        monitor.load_profiles(
            catalogue.select(only=options.only, suppliers=options.suppliers, standards=options.standards)
        )
        with self.lock:
            return self.runs.setdefault(run_id, monitor)


def options_of(stored: Mapping[str, Any]) -> RunOptions:
    """The run's options as stored (``runs.options``), back as :class:`RunOptions`."""
    from dataclasses import fields

    from cgcomply.monitor.run import RunOptions

    names = {f.name for f in fields(RunOptions)}
    values: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in stored.items()
        if name in names
    }
    return RunOptions(**values)


def make_app(db_url: str, state: WorkerState | None = None) -> procrastinate.App:
    """A procrastinate app on ``db_url`` with the monitor's task; ``state`` for a worker (None to defer)."""
    import procrastinate
    from procrastinate.retry import BaseRetryStrategy, RetryDecision

    class TransientRetry(BaseRetryStrategy):
        def get_retry_decision(self, *, exception: BaseException, job: Any) -> RetryDecision | None:
            if isinstance(exception, TransientTarget):
                return RetryDecision(retry_in={"seconds": max(0, round(exception.delay))})
            return None

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=postgresql_conninfo(db_url)))

    @app.task(name=TASK, queue=QUEUE, pass_context=True, retry=TransientRetry())
    def verify_deployment(
        context: procrastinate.JobContext, run_id: int, key: str, catalogue: str, catalogue_sha256: str
    ) -> str:
        if state is None:
            raise MonitorError(
                Text(
                    "deze app zet alleen taken klaar; voer `cgcomply monitor worker` uit om ze te verwerken",
                    "this app only defers jobs; run `cgcomply monitor worker` to process them",
                )
            )
        return _verify_job(state, context, run_id, key, catalogue, catalogue_sha256)

    del verify_deployment  # registered on the app; referenced by its name
    return app


def _verify_job(
    state: WorkerState, context: Any, run_id: int, key: str, catalogue: str, catalogue_sha256: str
) -> str:
    from cgcomply.monitor.exports.base import VERDICT_TEXT

    monitor = state.monitor_run(run_id, catalogue, catalogue_sha256)
    store = monitor.store
    if store.result(run_id, key, with_report=False) is not None:
        return "already stored"
    deployment = next((d for d in monitor.catalogue.deployments if d.key == key), None)
    if deployment is None:
        raise MonitorError(
            Text(
                f"deployment {key!r} staat niet in de catalogus",
                f"deployment {key!r} is not in the catalogue",
            ),
            source=catalogue,
        )
    attempt = int(context.job.attempts) + 1
    outcome = monitor.verify_deployment(deployment, attempt)
    if outcome.state == "transient" and attempt <= monitor.options.retries:
        raise TransientTarget(key, outcome.error, monitor.options.retry_delay)
    stored = store.save_result(run_id, outcome, retire_after=monitor.options.retire_after)
    if stored:
        with state.lock:
            state.done.append(key)
        if state.echo is not None:
            verdict = (
                VERDICT_TEXT[outcome.verdict].get("nl")
                if outcome.verdict in VERDICT_TEXT
                else outcome.verdict
            )
            state.echo(TEXTS["job"].render("nl", name=state.name, key=key, run=str(run_id), verdict=verdict))
    _finish_when_complete(store, run_id)
    return outcome.verdict if stored else "already stored"


def _finish_when_complete(store: Store, run_id: int) -> None:
    from cgcomply.report.model import now_iso

    run = store.run(run_id)
    if run is None or run.status == "finished":
        return
    if store.count_results(run_id) >= run.targets:
        store.finish_run(run_id, "finished", now_iso())


# --------------------------------------------------------------------------- schema, queueing, workers


def ensure_schema(db_url: str) -> None:
    """procrastinate's tables in the database, made once (under an advisory lock: workers may race)."""
    import psycopg
    from procrastinate.schema import SchemaManager

    conninfo = postgresql_conninfo(db_url)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))
        try:
            found = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if found is None or found[0] is None:
                connection.execute(SchemaManager.get_schema())
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))


@dataclass(frozen=True, slots=True)
class QueueSummary:
    run_id: int
    resumed: bool
    total: int
    kept: int
    queued: int

    def text(self, lang: str) -> str:
        return TEXTS["queued"].render(
            lang, run=str(self.run_id), queued=str(self.queued), kept=str(self.kept)
        )

    def done_text(self, lang: str, store: Store) -> str:
        from cgcomply.monitor.exports.base import VERDICT_TEXT

        run = store.run(self.run_id)
        counts: dict[str, int] = {}
        for row in store.results(self.run_id):
            counts[row.verdict] = counts.get(row.verdict, 0) + 1
        verdicts = ", ".join(
            f"{count} {VERDICT_TEXT[v].get(lang) if v in VERDICT_TEXT else v}"
            for v, count in sorted(counts.items())
        )
        return TEXTS["run-done"].render(
            lang,
            run=str(self.run_id),
            status=run.status if run is not None else "?",
            stored=str(sum(counts.values())),
            total=str(self.total),
            verdicts=verdicts or "-",
        )


def wait_for_run(store: Store, run_id: int, *, poll: float = 1.0, timeout: float | None = None) -> bool:
    """Wait until the workers finished run ``run_id``; False when ``timeout`` seconds passed first."""
    import time

    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        run = store.run(run_id)
        if run is not None and run.status == "finished":
            return True
        if deadline is not None and time.monotonic() > deadline:
            return False
        time.sleep(poll)


def queue_run(catalogue: Catalogue, store: Store, options: RunOptions, db_url: str) -> QueueSummary:
    """Start (or resume) a run of ``catalogue`` in ``store`` and defer a job per deployment not stored yet."""
    from procrastinate.exceptions import AlreadyEnqueued

    from cgcomply.report.model import now_iso

    if catalogue.source is None:
        raise MonitorError(
            Text(
                "een run in de wachtrij heeft de catalogus nodig als bestand dat de workers kunnen lezen",
                "a queued run needs the catalogue as a file the workers can read",
            )
        )
    source = str(Path(catalogue.source).resolve())
    options.check()
    chosen = catalogue.select(only=options.only, suppliers=options.suppliers, standards=options.standards)
    if not chosen:
        raise MonitorError(
            Text(
                "geen deployment van de catalogus past bij de filters",
                "no deployment of the catalogue matches the filters",
            ),
            source=catalogue.source,
        )
    identity = options.identity()
    resumed = store.resumable_run(catalogue.sha256, identity) if options.resume else None
    if resumed is not None:
        run_id = resumed.id
        store.reopen_run(run_id)
    else:
        run_id = store.start_run(catalogue, identity, len(chosen), now_iso())
    store.record_deployments(catalogue, chosen, run_id)
    already = store.stored_keys(run_id)
    todo = [deployment for deployment in chosen if deployment.key not in already]
    ensure_schema(db_url)
    app = make_app(db_url)
    queued = 0
    with app.open():
        task = app.tasks[TASK]
        for deployment in todo:
            job = task.configure(queueing_lock=f"{run_id}:{deployment.key}")
            try:
                job.defer(
                    run_id=run_id, key=deployment.key, catalogue=source, catalogue_sha256=catalogue.sha256
                )
                queued += 1
            except AlreadyEnqueued:
                continue  # queued by an earlier `monitor run --queue` and still waiting
    if not todo:
        _finish_when_complete(store, run_id)
    return QueueSummary(run_id, resumed is not None, len(chosen), len(already), queued)


@dataclass(frozen=True, slots=True)
class WorkerSummary:
    name: str
    done: tuple[str, ...]

    def text(self, lang: str) -> str:
        return TEXTS["worker-done"].render(lang, name=self.name, count=str(len(self.done)))


def run_worker(
    db_url: str,
    *,
    concurrency: int = 4,
    wait: bool = True,
    name: str = "worker",
    environ: Mapping[str, str] | None = None,
    echo: Any = None,
    install_signal_handlers: bool = True,
    stalled_after: float = 30.0,
) -> WorkerSummary:
    """Process the monitor's jobs until stopped (SIGINT/SIGTERM), or until the queue is empty with
    ``wait=False``. Jobs of workers whose last heartbeat is more than ``stalled_after`` seconds old (a worker
    killed or cut off) are put back in the queue first; this worker's heartbeat comes every
    ``stalled_after / 3`` seconds (at most 10)."""
    if concurrency < 1:
        raise MonitorError(
            Text(
                "moet minstens 1 zijn",
                "must be at least 1",
            ),
            field="--concurrency",
        )
    if stalled_after <= 0:
        raise MonitorError(
            Text(
                "moet groter dan 0 zijn",
                "must be more than 0",
            ),
            field="--stalled-after",
        )
    ensure_schema(db_url)
    state = WorkerState(db_url, dict(environ or {}), name, echo=echo)
    app = make_app(db_url, state)

    async def main() -> None:
        async with app.open_async():
            for job in await app.job_manager.get_stalled_jobs(
                queue=QUEUE, seconds_since_heartbeat=stalled_after
            ):
                await app.job_manager.retry_job(job)
            await app.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                wait=wait,
                name=name,
                install_signal_handlers=install_signal_handlers,
                fetch_job_polling_interval=1.0,
                update_heartbeat_interval=min(10.0, stalled_after / 3),
                stalled_worker_timeout=stalled_after,
            )

    try:
        state.open()
        asyncio.run(main())
    finally:
        state.close()
    return WorkerSummary(name, tuple(state.done))
