"""``cgcomply monitor run``: verify every deployment of a catalogue and store each outcome.

One :class:`MonitorRun` per run. Deployments are verified through the library (``cgcomply.verify``) on a
thread pool (``concurrency``: the global limit), all with **one** :class:`cgcomply.http.Session`, so the
per-host rate and concurrency limits hold for all targets on one host across the whole run. Each outcome
is written in one transaction (:meth:`Store.save_result`) by the thread that drives the pool, as soon as it
is known: a run killed at any moment loses at most the targets in flight, and a new ``monitor run`` on the
same catalogue with the same options resumes it (stored targets are kept, not redone).

A failure that may be temporary (target unreachable, a timeout, a 5xx on the document) is retried later in
the run (``retries`` times, ``retry_delay`` seconds apart at least); still failing, the target is stored
with state ``transient`` and verdict ``undetermined`` (niet vastgesteld), never as a pass. A document that
answers 404 or 410 counts as gone; a deployment is retired only after ``retire_after`` consecutive runs
with its document gone.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from cgcomply.errors import CgcomplyError, MonitorError
from cgcomply.i18n import Text
from cgcomply.monitor.catalogue import Catalogue, Deployment
from cgcomply.monitor.store.base import Store, TargetOutcome

if TYPE_CHECKING:
    from cgcomply.catalog.model import Profile
    from cgcomply.http import Session
    from cgcomply.report.model import Report

GONE_STATUSES = (404, 410)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a monitor run goes. The options that change what is verified are stored with the run and
    must match for a run to be resumed (:meth:`identity`)."""

    only: tuple[str, ...] = ()
    suppliers: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    concurrency: int = 16  # targets verified at once, over all hosts
    per_host_concurrency: int = 4  # requests at once to one host, over all its targets
    per_host_rate: float = 10.0  # requests per second to one host, over all its targets
    retries: int = 2  # extra attempts for a transient failure, later in the run
    retry_delay: float = 5.0  # seconds at least between two attempts of one target
    retire_after: int = 3  # consecutive runs with the document gone before a deployment is retired
    tls_scan: bool = True
    standards_dir: str | None = None
    resume: bool = True  # continue the last unfinished run of the same catalogue and options

    def identity(self) -> dict[str, Any]:
        """What a resumed run must share with the interrupted one (stored as ``runs.options``)."""
        data = asdict(self)
        for name in ("resume", "concurrency", "per_host_concurrency", "per_host_rate"):
            data.pop(name)
        return {name: list(value) if isinstance(value, tuple) else value for name, value in data.items()}

    def check(self) -> None:
        for name in ("concurrency", "per_host_concurrency"):
            if getattr(self, name) < 1:
                raise MonitorError(
                    Text(
                        "moet minstens 1 zijn",
                        "must be at least 1",
                    ),
                    field=f"--{name.replace('_', '-')}",
                )
        if self.per_host_rate <= 0:
            raise MonitorError(
                Text(
                    "moet groter dan 0 zijn",
                    "must be more than 0",
                ),
                field="--per-host-rate",
            )
        if self.retries < 0:
            raise MonitorError(
                Text(
                    "moet 0 of meer zijn",
                    "must be 0 or more",
                ),
                field="--retries",
            )
        if self.retire_after < 1:
            raise MonitorError(
                Text(
                    "moet minstens 1 zijn",
                    "must be at least 1",
                ),
                field="--retire-after",
            )


class ProgressListener(Protocol):
    """What a run tells while it goes (the CLI draws a bar or prints lines)."""

    def started(self, run_id: int, total: int, already: int, resumed: bool) -> None: ...

    def target_started(self, key: str) -> None: ...

    def target_finished(self, key: str, outcome: TargetOutcome | None, retry: bool) -> None: ...

    def finished(self, summary: RunSummary) -> None: ...


@dataclass(slots=True)
class RunSummary:
    run_id: int
    resumed: bool
    total: int  # selected for the run
    kept: int  # already stored (a resumed run)
    stored: int  # stored by this process
    by_verdict: dict[str, int] = field(default_factory=dict)
    by_state: dict[str, int] = field(default_factory=dict)
    retried: int = 0
    retired: list[str] = field(default_factory=list)
    status: str = "finished"
    wall_seconds: float = 0.0
    retire_after: int = 3


@dataclass(slots=True)
class _Attempt:
    deployment: Deployment
    attempt: int = 1
    not_before: float = 0.0
    first_started: str | None = None
    first_clock: float = 0.0


def verdict_of(report: Report) -> str:
    """The deployment's verdict in a run: the report's overall verdict (``Report.exit_code``)."""
    code = report.exit_code()
    if code == 0:
        return "pass"
    if code == 1:
        return "fail"
    manual, undetermined = report.open_binding()
    return "manual" if manual and not undetermined else "undetermined"


def classify(report: Report) -> tuple[str | None, bool]:
    """(why the outcome may be temporary, or None; whether the document is gone: 404/410)."""
    transient: str | None = None
    gone = False
    for check in report.checks:
        reason = check.reason
        if check.info.kind.value != "live":
            continue
        for message in [reason, *(finding.message for finding in check.findings)]:
            ident = getattr(message, "id", None)
            params = getattr(message, "params", {}) or {}
            if not isinstance(ident, str):
                continue
            key = ident.rpartition(":")[2]
            if key == "unreachable":
                transient = transient or f"unreachable: {params.get('error')}"
            elif ident == "probe.publish-openapi:not-fetched":
                transient = transient or f"document not fetched: {params.get('error')}"
            elif ident == "probe.publish-openapi:not-published":
                status = params.get("status")
                if isinstance(status, int) and status >= 500:
                    transient = transient or f"document answered HTTP {status}"
                elif status in GONE_STATUSES:
                    gone = True
    return transient, gone


def _classify_error(error: CgcomplyError) -> tuple[str | None, bool]:
    """The same for a document that could not be loaded at all (``--oas`` URL)."""
    text = error.render()
    lowered = text.lower()
    if any(f"http {status}" in lowered or f"status {status}" in lowered for status in GONE_STATUSES):
        return None, True
    markers = ("timed out", "timeout", "refused", "unreachable", "connect", "reset", "http 5", "status 5")
    if any(marker in lowered for marker in markers):
        return text, False
    return None, False


class MonitorRun:
    """One run of the monitor over a catalogue, into a store. :meth:`execute` does the work."""

    def __init__(
        self,
        catalogue: Catalogue,
        store: Store,
        options: RunOptions | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        progress: ProgressListener | None = None,
        session: Session | None = None,
        verify: Callable[..., Report] | None = None,
    ) -> None:
        from cgcomply.http import Session

        self.catalogue = catalogue
        self.store = store
        self.options = options or RunOptions()
        self.options.check()
        self.environ = dict(environ or {})  # the CLI passes the process environment; library code reads none
        self.progress = progress
        self.session = session or Session()
        self._verify = verify
        self._profiles: dict[str, Profile] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ the run

    def execute(self) -> RunSummary:
        from cgcomply.report.model import now_iso

        options = self.options
        chosen = self.catalogue.select(
            only=options.only, suppliers=options.suppliers, standards=options.standards
        )
        if not chosen:
            raise MonitorError(
                Text(
                    "geen deployment van de catalogus past bij de filters",
                    "no deployment of the catalogue matches the filters",
                ),
                source=self.catalogue.source,
            )
        self._load_profiles(chosen)
        identity = options.identity()
        resumed_run = self.store.resumable_run(self.catalogue.sha256, identity) if options.resume else None
        if resumed_run is not None:
            run_id = resumed_run.id
            self.store.reopen_run(run_id)
        else:
            run_id = self.store.start_run(self.catalogue, identity, len(chosen), now_iso())
        self.store.record_deployments(self.catalogue, chosen, run_id)
        already = self.store.stored_keys(run_id)
        todo = [deployment for deployment in chosen if deployment.key not in already]
        summary = RunSummary(
            run_id=run_id,
            resumed=resumed_run is not None,
            total=len(chosen),
            kept=len(already),
            stored=0,
            retire_after=options.retire_after,
        )
        clock = time.monotonic()
        if self.progress is not None:
            self.progress.started(run_id, len(chosen), len(already), resumed_run is not None)
        status = "interrupted"
        try:
            self._drive(run_id, todo, summary)
            status = "finished"
        finally:
            self.store.finish_run(run_id, status, now_iso())
            summary.status = status
            summary.wall_seconds = round(time.monotonic() - clock, 3)
            if self.progress is not None:
                self.progress.finished(summary)
        return summary

    def _drive(self, run_id: int, todo: Sequence[Deployment], summary: RunSummary) -> None:
        options = self.options
        pending: deque[_Attempt] = deque(_Attempt(deployment) for deployment in todo)
        waiting: list[_Attempt] = []  # transient failures, retried later
        running: dict[Future[TargetOutcome], _Attempt] = {}
        executor = ThreadPoolExecutor(max_workers=options.concurrency, thread_name_prefix="cgcomply-monitor")
        try:
            while pending or waiting or running:
                now = time.monotonic()
                ready = [item for item in waiting if item.not_before <= now]
                for item in ready:
                    waiting.remove(item)
                    pending.append(item)
                while pending and len(running) < options.concurrency:
                    item = pending.popleft()
                    if self.progress is not None:
                        self.progress.target_started(item.deployment.key)
                    running[executor.submit(self._attempt, item)] = item
                if not running:
                    delay = min(item.not_before for item in waiting) - time.monotonic()
                    time.sleep(max(0.01, min(delay, 0.5)))
                    continue
                done, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    item = running.pop(future)
                    outcome = future.result()
                    if outcome.state == "transient" and item.attempt <= options.retries:
                        summary.retried += 1
                        waiting.append(
                            replace(
                                item,
                                attempt=item.attempt + 1,
                                not_before=time.monotonic() + options.retry_delay,
                            )
                        )
                        if self.progress is not None:
                            self.progress.target_finished(item.deployment.key, outcome, True)
                        continue
                    self._store(run_id, outcome, summary)
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        executor.shutdown(wait=True)

    def _store(self, run_id: int, outcome: TargetOutcome, summary: RunSummary) -> None:
        stored = self.store.save_result(run_id, outcome, retire_after=self.options.retire_after)
        if stored:
            summary.stored += 1
            summary.by_verdict[outcome.verdict] = summary.by_verdict.get(outcome.verdict, 0) + 1
            summary.by_state[outcome.state] = summary.by_state.get(outcome.state, 0) + 1
            if outcome.document_gone:
                row = self.store.deployment(outcome.deployment_key)
                if row is not None and row.retired_run == run_id:
                    summary.retired.append(outcome.deployment_key)
        if self.progress is not None:
            self.progress.target_finished(outcome.deployment_key, outcome, False)

    # ------------------------------------------------------------------ one target

    def _attempt(self, item: _Attempt) -> TargetOutcome:
        """Verify one deployment once. Never raises: a problem becomes a ``failed`` outcome."""
        from cgcomply.report.model import now_iso

        started = now_iso()
        clock = time.monotonic()
        deployment = item.deployment
        try:
            report = self._verify_one(deployment)
        except CgcomplyError as error:
            transient, gone = _classify_error(error)
            return TargetOutcome(
                deployment_key=deployment.key,
                state="transient" if transient else "failed",
                attempts=item.attempt,
                verdict="undetermined",
                started_at=started,
                finished_at=now_iso(),
                duration_seconds=round(time.monotonic() - clock, 3),
                error=error.render(),
                document_gone=gone,
            )
        except Exception as error:  # a bug must not take the whole run down; it is stored and shown
            return TargetOutcome(
                deployment_key=deployment.key,
                state="failed",
                attempts=item.attempt,
                verdict="undetermined",
                started_at=started,
                finished_at=now_iso(),
                duration_seconds=round(time.monotonic() - clock, 3),
                error=f"internal error: {type(error).__name__}: {error}",
            )
        transient, gone = classify(report)
        return TargetOutcome(
            deployment_key=deployment.key,
            state="transient" if transient else "done",
            attempts=item.attempt,
            verdict="undetermined" if transient else verdict_of(report),
            started_at=started,
            finished_at=now_iso(),
            duration_seconds=round(time.monotonic() - clock, 3),
            report=report,
            exit_code=report.exit_code(),
            error=transient,
            document_gone=gone,
        )

    def _verify_one(self, deployment: Deployment) -> Report:
        from cgcomply.api import verify
        from cgcomply.probes.options import ProbeOptions

        headers: dict[str, str] = {}
        for header, variable in deployment.headers_env:
            value = self.environ.get(variable)
            if not value:
                raise MonitorError(
                    Text(
                        f"omgevingsvariabele {variable} (voor header {header}) is niet gezet",
                        f"environment variable {variable} (for header {header}) is not set",
                    ),
                    field=f"{deployment.key}.headers_env",
                )
            headers[header] = value
        options = ProbeOptions(
            max_concurrency=self.options.per_host_concurrency,
            rate_per_second=self.options.per_host_rate,
            tls_scan=self.options.tls_scan,
        )
        urls = {standard: deployment.standard_url(standard) for standard in deployment.standards}
        standard_urls = {standard: url for standard, url in urls.items() if url} or None
        call = self._verify or verify
        return call(
            self._profiles[deployment.profile],
            url=deployment.base_url,
            oas=deployment.oas_url,
            headers=headers or None,
            cacert=deployment.cacert,
            options=options,
            session=self.session,
            standard_urls=standard_urls,
            standards_dir=self.options.standards_dir,
        )

    def verify_deployment(self, deployment: Deployment, attempt: int = 1) -> TargetOutcome:
        """Verify one deployment once (attempt number ``attempt``), as the run does; never raises. For
        workers that take one deployment at a time (:mod:`cgcomply.monitor.worker`)."""
        return self._attempt(_Attempt(deployment, attempt))

    def load_profiles(self, chosen: Sequence[Deployment]) -> None:
        """Load the profiles of ``chosen`` (done by :meth:`execute`; a worker calls it once per run)."""
        self._load_profiles(chosen)

    def _load_profiles(self, chosen: Sequence[Deployment]) -> None:
        """Every profile the chosen deployments name, loaded once before the run starts."""
        from cgcomply.api import load_profile
        from cgcomply.catalog.profiles import ProfileErrors

        base = None
        if self.catalogue.source:
            from pathlib import Path

            base = Path(self.catalogue.source).resolve().parent
        for name in sorted({deployment.profile for deployment in chosen}):
            path: Any = name
            if base is not None and ("/" in name or name.endswith((".yaml", ".yml"))):
                candidate = base / name
                path = candidate if candidate.exists() else name
            try:
                self._profiles[name] = load_profile(path)
            except ProfileErrors as error:
                raise MonitorError(
                    Text(
                        f"profiel {name!r} is niet bruikbaar: {error.render('nl')}",
                        f"profile {name!r} cannot be used: {error.render()}",
                    ),
                    source=self.catalogue.source,
                ) from None


def run_monitor(
    catalogue: Catalogue,
    store: Store,
    options: RunOptions | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    progress: ProgressListener | None = None,
    session: Session | None = None,
) -> RunSummary:
    """Run the monitor once (or resume the last unfinished run): the library entry of ``monitor run``."""
    return MonitorRun(
        catalogue, store, options, environ=environ, progress=progress, session=session
    ).execute()
