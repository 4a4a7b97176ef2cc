"""``cgcomply monitor``: the market monitor's commands. Each parses options and calls the library.

m-core: ``run``, ``diff``, ``history``, ``adoption``, ``runs``, ``validate``, ``import``, ``demo``. Other
helpers add their sub-commands here as functions of their own (``site``, ``export``, ``worker``, ...).
This module is the one place of the monitor that reads the environment: the credentials a catalogue names
by variable, and ``CGCOMPLY_MONITOR_DB``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cgcomply.i18n import Text

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "monitor.sqlite"
DB_ENV = "CGCOMPLY_MONITOR_DB"


def _lang_option() -> Callable[[F], F]:
    from cgcomply.cli import _lang_option as lang_option

    return lang_option()


def db_option(func: F) -> F:
    """``--db``: a SQLite file (default ``monitor.sqlite``) or a ``postgresql://`` URL."""
    return click.option(
        "--db",
        "db",
        default=DEFAULT_DB,
        envvar=DB_ENV,
        show_default=True,
        show_envvar=True,
        metavar="FILE_OR_URL",
        help="The monitor database: a SQLite file or a postgresql:// URL.",
    )(func)


def _format_option(func: F) -> F:
    return click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    )(func)


@click.group()
def monitor() -> None:
    """The market monitor (VNG): verify a catalogue of deployments over time and compare the runs."""


@monitor.command("validate")
@click.argument("catalogue_path", metavar="CATALOGUE", type=click.Path(path_type=Path))
@_lang_option()
def validate_command(catalogue_path: Path, lang: str) -> None:
    """Check a catalogue (YAML or CSV): every problem with file, line and field."""
    from cgcomply.monitor.catalogue import load_catalogue
    from cgcomply.monitor.texts import text

    catalogue = load_catalogue(catalogue_path)
    click.echo(
        text(
            "catalogue-ok",
            lang,
            source=catalogue.source,
            suppliers=len(catalogue.suppliers),
            products=len(catalogue.products),
            deployments=len(catalogue.deployments),
            sha256=catalogue.sha256,
        )
    )


@monitor.command("run")
@click.argument("catalogue_path", metavar="CATALOGUE", type=click.Path(path_type=Path))
@db_option
@click.option(
    "--only", multiple=True, metavar="KEY", help="Only this deployment key, prefix/ or pattern (repeatable)."
)
@click.option("--supplier", "suppliers", multiple=True, metavar="ID", help="Only this supplier (repeatable).")
@click.option(
    "--standard",
    "standards",
    multiple=True,
    metavar="STD",
    help="Only deployments claiming it (zgw-zaken or zgw-zaken@1.5.1).",
)
@click.option(
    "--concurrency",
    type=int,
    default=16,
    show_default=True,
    help="Deployments verified at once (global limit).",
)
@click.option(
    "--per-host-concurrency", type=int, default=4, show_default=True, help="Requests at once to one host."
)
@click.option(
    "--per-host-rate", type=float, default=10.0, show_default=True, help="Requests per second to one host."
)
@click.option(
    "--retries",
    type=int,
    default=2,
    show_default=True,
    help="Extra attempts, later in the run, after a temporary failure.",
)
@click.option(
    "--retry-delay", type=float, default=5.0, show_default=True, help="Seconds at least between two attempts."
)
@click.option(
    "--retire-after",
    type=int,
    default=3,
    show_default=True,
    help="Runs in a row with the document gone before retired.",
)
@click.option("--no-tls-scan", is_flag=True, help="Skip the TLS version and cipher scan of probe.tls.")
@click.option(
    "--standards-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Read VNG standard documents from this folder (offline).",
)
@click.option("--new", "new_run", is_flag=True, help="Start a new run even when the last one did not finish.")
@click.option("--quiet", is_flag=True, help="No progress; only the summary.")
@click.option(
    "--webhook",
    "webhooks",
    multiple=True,
    metavar="URL",
    help="Post the run's changes here, signed (repeatable).",
)
@click.option(
    "--webhook-secret-env",
    default="CGCOMPLY_WEBHOOK_SECRET",
    show_default=True,
    metavar="NAME",
    help="The environment variable holding the webhooks' HMAC-SHA256 secret.",
)
@click.option(
    "--queue",
    is_flag=True,
    help="Do not verify here: queue one job per deployment for `cgcomply monitor worker` (PostgreSQL --db).",
)
@click.option(
    "--wait", "wait_queued", is_flag=True, help="With --queue: wait until the workers finished the run."
)
@_lang_option()
def run_command(
    catalogue_path: Path,
    db: str,
    only: tuple[str, ...],
    suppliers: tuple[str, ...],
    standards: tuple[str, ...],
    concurrency: int,
    per_host_concurrency: int,
    per_host_rate: float,
    retries: int,
    retry_delay: float,
    retire_after: int,
    no_tls_scan: bool,
    standards_dir: Path | None,
    new_run: bool,
    quiet: bool,
    webhooks: tuple[str, ...],
    webhook_secret_env: str,
    queue: bool,
    wait_queued: bool,
    lang: str,
) -> None:
    """Verify every deployment of CATALOGUE and store the run (a killed run resumes when started again)."""
    from cgcomply.monitor.catalogue import load_catalogue
    from cgcomply.monitor.progress import progress_for
    from cgcomply.monitor.run import RunOptions, run_monitor
    from cgcomply.monitor.store import open_store

    options = RunOptions(
        only=only,
        suppliers=suppliers,
        standards=standards,
        concurrency=concurrency,
        per_host_concurrency=per_host_concurrency,
        per_host_rate=per_host_rate,
        retries=retries,
        retry_delay=retry_delay,
        retire_after=retire_after,
        tls_scan=not no_tls_scan,
        standards_dir=str(standards_dir) if standards_dir else None,
        resume=not new_run,
    )
    options.check()
    catalogue = load_catalogue(catalogue_path)
    hooks = _webhooks(webhooks, webhook_secret_env, catalogue)
    if queue:
        _queue_run(catalogue, db, options, hooks, wait_queued, lang)
        return
    with open_store(db) as store:
        progress = progress_for(lang, quiet=quiet, workers=concurrency)
        summary = run_monitor(catalogue, store, options, environ=os.environ, progress=progress)
        click.echo(summary_after_run(store, summary, lang))
        _notify(store, summary.run_id, hooks, lang)


def _webhooks(urls: tuple[str, ...], secret_env: str, catalogue: Any) -> list[Any]:
    """The catalogue's webhooks and the ``--webhook`` URLs, each with its secret read from the environment
    variable it names (m-ops)."""
    from cgcomply.errors import MonitorError
    from cgcomply.monitor.webhooks import Webhook

    wanted = [(setting.url, setting.secret_env, catalogue.source) for setting in catalogue.webhooks]
    wanted += [(url, secret_env, None) for url in urls]
    hooks = []
    for url, variable, source in wanted:
        secret = os.environ.get(variable, "")
        if not secret:
            raise MonitorError(
                Text(
                    f"omgevingsvariabele {variable} (het geheim van webhook {url}) is niet gezet",
                    f"environment variable {variable} (the secret of webhook {url}) is not set",
                ),
                source=source,
                field="webhooks" if source else "--webhook",
            )
        hooks.append(Webhook(url, secret))
    return hooks


def _notify(store: Any, run_id: int, hooks: list[Any], lang: str) -> None:
    """Deliver the run's changes to the webhooks after the run is stored; failures are shown, not raised."""
    from cgcomply.monitor.webhooks import notify_run

    for delivery in notify_run(store, run_id, hooks):
        click.echo(delivery.summary(lang), err=not delivery.delivered)


def _queue_run(catalogue: Any, db: str, options: Any, hooks: list[Any], wait: bool, lang: str) -> None:
    """``monitor run --queue``: jobs for the workers instead of verifying here (m-ops)."""
    from cgcomply.monitor.store import open_store
    from cgcomply.monitor.worker import postgresql_conninfo, queue_run, wait_for_run

    postgresql_conninfo(db)  # a clear error for a SQLite --db
    with open_store(db) as store:
        queued = queue_run(catalogue, store, options, db)
        click.echo(queued.text(lang))
        if wait:
            wait_for_run(store, queued.run_id)
            click.echo(queued.done_text(lang, store))
            _notify(store, queued.run_id, hooks, lang)


def summary_after_run(store: Any, summary: Any, lang: str) -> str:
    """The terminal summary: this run against the finished run before it."""
    from cgcomply.monitor.diff import diff_runs
    from cgcomply.monitor.views import run_summary_text

    earlier = [run for run in store.finished_runs() if run.id < summary.run_id]
    diff = diff_runs(store, earlier[-1].id, summary.run_id) if earlier else None
    return run_summary_text(summary, diff, lang)


@monitor.command("diff")
@click.argument("runs", nargs=-1, type=int, metavar="[RUN_A RUN_B]")
@db_option
@_format_option
@click.option("--changed", is_flag=True, help="Leave out the unchanged deployments (text).")
@_lang_option()
def diff_command(runs: tuple[int, ...], db: str, fmt: str, changed: bool, lang: str) -> None:
    """What improved, regressed or stayed the same between two runs (default: the last two finished)."""
    from cgcomply.errors import MonitorError
    from cgcomply.monitor.diff import default_runs, diff_runs
    from cgcomply.monitor.store import open_store
    from cgcomply.monitor.views import diff_json, diff_text

    if len(runs) not in (0, 2):
        raise MonitorError(
            Text(
                "geef twee runs (RUN_A RUN_B) of geen",
                "give two runs (RUN_A RUN_B) or none",
            ),
            field="RUNS",
        )
    with open_store(db) as store:
        run_a, run_b = runs if runs else default_runs(store)
        diff = diff_runs(store, run_a, run_b)
        click.echo(diff_json(diff) if fmt == "json" else diff_text(diff, lang, all_targets=not changed))


@monitor.command("history")
@click.argument("key", required=False)
@click.option("--rule", default=None, metavar="ID", help="The timeline of a check or requirement instead.")
@db_option
@_format_option
@_lang_option()
def history_command(key: str | None, rule: str | None, db: str, fmt: str, lang: str) -> None:
    """The timeline of one deployment (KEY), or of one rule across the market (--rule adr.version-header)."""
    from cgcomply.errors import MonitorError
    from cgcomply.monitor.store import open_store
    from cgcomply.monitor.views import history_json, history_text, rule_json, rule_text

    if (key is None) == (rule is None):
        raise MonitorError(
            Text(
                "geef een KEY van een deployment of --rule ID (één van beide)",
                "give a deployment KEY or --rule ID (one of them)",
            ),
            field="KEY",
        )
    with open_store(db) as store:
        if rule is not None:
            click.echo(rule_json(store, rule) if fmt == "json" else rule_text(store, rule, lang))
        else:
            assert key is not None
            click.echo(history_json(store, key) if fmt == "json" else history_text(store, key, lang))


@monitor.command("adoption")
@click.argument("rule")
@db_option
@_format_option
@_lang_option()
def adoption_command(rule: str, db: str, fmt: str, lang: str) -> None:
    """How many deployments pass RULE (a check id or requirement id) per run, and who fails it since when."""
    from cgcomply.monitor.store import open_store
    from cgcomply.monitor.views import rule_json, rule_text

    with open_store(db) as store:
        click.echo(rule_json(store, rule) if fmt == "json" else rule_text(store, rule, lang))


@monitor.command("runs")
@db_option
@_format_option
@_lang_option()
def runs_command(db: str, fmt: str, lang: str) -> None:
    """The runs in the database."""
    from cgcomply.monitor.store import open_store
    from cgcomply.monitor.views import runs_json, runs_text

    with open_store(db) as store:
        click.echo(runs_json(store) if fmt == "json" else runs_text(store, lang))


@monitor.command("import")
@click.option(
    "--from",
    "source_kind",
    required=True,
    type=click.Choice(["softwarecatalogus", "don-register"]),
    help="The kind of FILE.",
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="The catalogue (YAML) to write."
)
@click.option("--profile", default="cg-basis", show_default=True, help="The profile each deployment gets.")
@_lang_option()
def import_command(source_kind: str, file: Path, output: Path, profile: str, lang: str) -> None:
    """Make a catalogue from a GEMMA Softwarecatalogus CSV export or DON's API register JSON."""
    from cgcomply.monitor.importers import import_file
    from cgcomply.monitor.texts import text

    result = import_file(source_kind, file, output, profile=profile)
    for reason in result.skipped:
        click.echo(text("import-skipped", lang, reason=reason), err=True)
    click.echo(
        text("import-written", lang, count=result.deployments, suppliers=result.suppliers, path=str(output))
    )


@monitor.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("cgcomply-monitor-demo"),
    show_default=True,
    help="Folder for the catalogue in use and the database.",
)
@click.option("--db", default=None, metavar="FILE_OR_URL", help="The database (default: OUT/monitor.sqlite).")
@click.option("--no-tls-scan", is_flag=True, help="Skip the TLS version and cipher scan (faster).")
@_lang_option()
def demo_command(out_dir: Path, db: str | None, no_tls_scan: bool, lang: str) -> None:
    """Run examples/monitor twice on the example APIs with a change in between, then show the diff."""
    from cgcomply.monitor.demo import run_demo

    run_demo(out_dir, db=db, lang=lang, echo=lambda line: click.echo(line), tls_scan=not no_tls_scan)
    sys.stdout.flush()


@monitor.command("site")
@db_option
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="The folder to write the site into (made when missing).",
)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="Where the site will be published (https://example.org/markt/); the feeds carry it as xml:base.",
)
def site_command(db: str, output: Path, base_url: str | None) -> None:
    """Write the dashboard as a static site (Dutch and English), with the Atom feeds and the badges."""
    from cgcomply.monitor.site import write_site
    from cgcomply.web.dashboard.data import open_reader

    reader = open_reader(db)
    try:
        result = write_site(reader, output, base_url=base_url)
    finally:
        reader.close()
    index = result.directory / "index.html"
    click.echo(
        f"{result.pages} pagina's, {result.feeds} feeds en {result.badges} badges geschreven; open {index}\n"
        f"{result.pages} pages, {result.feeds} feeds and {result.badges} badges written; open {index}",
        err=True,
    )


@monitor.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["csv", "json", "xlsx", "softwarecatalogus"]),
    help="csv, json, xlsx (Excel), or softwarecatalogus (a compliancy upsert file; .csv or .json by -o).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@click.option(
    "--supplier", "suppliers", multiple=True, metavar="ID_OR_NAME", help="Only this supplier (repeatable)."
)
@click.option(
    "--organisation",
    "organisations",
    multiple=True,
    metavar="NAME",
    help="Only deployments of this organisation (repeatable).",
)
@click.option(
    "--run", "run_id", type=int, default=None, help="The results of this run instead of the latest verdicts."
)
@click.option("--no-retired", is_flag=True, help="Leave out retired deployments.")
@click.option(
    "--report-base-url",
    default=None,
    metavar="URL",
    help="Where `cgcomply monitor site` is published; each row links to its report there.",
)
@_lang_option()
def export_command(
    db: str,
    fmt: str,
    output: Path,
    suppliers: tuple[str, ...],
    organisations: tuple[str, ...],
    run_id: int | None,
    no_retired: bool,
    report_base_url: str | None,
    lang: str,
) -> None:
    """The latest verdict of every deployment, one row each with its URL, as CSV, JSON, Excel or a
    Softwarecatalogus compliancy file."""
    from cgcomply.errors import MonitorError
    from cgcomply.monitor.exports import ExportFilters, export
    from cgcomply.monitor.store import open_store

    filters = ExportFilters(suppliers, organisations, run_id, include_retired=not no_retired)
    if "://" not in db and not Path(db).exists():
        raise MonitorError(
            Text(
                "hier is geen monitordatabase (voer eerst `cgcomply monitor run` uit)",
                "there is no monitor database here (run `cgcomply monitor run` first)",
            ),
            source=db,
        )
    with open_store(db) as store:
        result = export(store, fmt, output, filters=filters, lang=lang, report_base_url=report_base_url)
    click.echo(result.summary(lang))


@monitor.command("worker")
@db_option
@click.option(
    "--concurrency", type=int, default=4, show_default=True, help="Deployments this worker verifies at once."
)
@click.option("--name", default=None, help="The worker's name in the logs (default: host and process id).")
@click.option(
    "--until-empty", is_flag=True, help="Stop when the queue is empty instead of waiting for more jobs."
)
@click.option(
    "--stalled-after",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds without a heartbeat before a worker's jobs are given to another.",
)
@_lang_option()
def worker_command(
    db: str, concurrency: int, name: str | None, until_empty: bool, stalled_after: float, lang: str
) -> None:
    """Verify the deployments that `monitor run --queue` queued in the PostgreSQL --db, and store them;
    start as many as you like, on one or more machines (m-ops)."""
    import socket

    from cgcomply.monitor.worker import postgresql_conninfo, run_worker

    postgresql_conninfo(db)
    summary = run_worker(
        db,
        concurrency=concurrency,
        wait=not until_empty,
        name=name or f"{socket.gethostname()}-{os.getpid()}",
        environ=os.environ,
        echo=lambda line: click.echo(line),
        stalled_after=stalled_after,
    )
    click.echo(summary.text(lang))
