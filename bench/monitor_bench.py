#!/usr/bin/env python3
"""Scale benchmark of ``cgcomply monitor run`` (issue 12 item 9): 1,000 deployments on loopback.

    make bench-monitor                       # 1,000 deployments, SQLite then PostgreSQL, two runs each
    .venv/bin/python bench/monitor_bench.py --deployments 200 --backends sqlite   # a quick look

What it does:

1. Plans N deployments over many addresses of 127.0.0.0/8 (``127.0.40.1`` … ``127.0.40.100``: ten
   deployments per address, as a SaaS supplier hosts many municipalities), a realistic mix: ``good``
   (the example API as it should be), ``sloppy`` (one or two break modes of ``cgcomply demo-server``),
   ``slow`` (every answer after 1-2 s), ``refused`` (nothing listens: connection refused) and ``blackhole``
   (a port that accepts and never answers: the client's timeouts decide). Every answer of the good,
   sloppy and slow ones comes after a small delay (20-60 ms), like a real network and application.
2. Serves them from one separate process (``serve``), the example API's own handler
   (:mod:`cgcomply.demo.server`) on one listening socket per deployment, one selector thread for all.
3. Writes the catalogue and runs ``cgcomply monitor run`` on it as a child process, twice per backend (the
   second run is what a daily run costs, and shows the database growth per run), first on SQLite, then on a
   throwaway PostgreSQL cluster (``tests/postgres.py``'s, on 127.0.0.1).
4. Reports per run: wall time, CPU time (user + system of the run's process tree, from ``os.wait4``), peak
   memory (max RSS), the machine's load average before and after, the results stored by verdict, and the
   database size after the run. ``bench/MONITOR_RESULTS.md`` (people) and ``bench/monitor_results.json``.

Goal (issue 12): 1,000 deployments in under 5 minutes and under 500 MB on a 2-core machine. CPU time is
reported beside wall time because a loaded machine (other work running) stretches the wall time but hardly
the CPU time; the load average says how loaded it was.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
RESULTS_MD = BENCH_DIR / "MONITOR_RESULTS.md"
RESULTS_JSON = BENCH_DIR / "monitor_results.json"

#: The mix of the market, in shares of the deployments.
MIX = (("good", 0.55), ("sloppy", 0.25), ("slow", 0.08), ("refused", 0.06), ("blackhole", 0.06))
SLOPPY_MODES = (
    "no-version-header",
    "redirect-trailing-slash",
    "plain-errors",
    "missing-security-headers",
    "unpublished-document",
    "wildcard-cors",
)
PER_ADDRESS = 10
GOAL_SECONDS = 300.0
GOAL_MB = 500.0
#: What follows this line in MONITOR_RESULTS.md is kept when the file is written again (hand-made notes).
KEPT = "<!-- kept by bench/monitor_bench.py when it rewrites this file -->"


# --------------------------------------------------------------------------- the plan


@dataclass
class Planned:
    key: str
    supplier: str
    product: str
    kind: str
    host: str
    breaks: list[str] = field(default_factory=list)
    delay: float = 0.0  # seconds before every answer
    port: int = 0
    base_url: str = ""


def make_plan(count: int, seed: int = 12) -> list[Planned]:
    rng = random.Random(seed)
    kinds: list[str] = []
    for kind, share in MIX:
        kinds += [kind] * round(count * share)
    kinds = (kinds + ["good"] * count)[:count]
    rng.shuffle(kinds)
    planned = []
    for index, kind in enumerate(kinds):
        address = index // PER_ADDRESS
        host = f"127.0.{40 + address // 250}.{address % 250 + 1}"
        supplier = f"leverancier-{address + 1:03d}"
        breaks = rng.sample(SLOPPY_MODES, rng.choice((1, 2))) if kind == "sloppy" else []
        delay = rng.uniform(1.0, 2.0) if kind == "slow" else rng.uniform(0.02, 0.06)
        planned.append(
            Planned(
                key=f"{supplier}/zaken/gemeente-{index + 1:04d}",
                supplier=supplier,
                product="zaken",
                kind=kind,
                host=host,
                breaks=breaks,
                delay=round(delay, 3),
            )
        )
    return planned


def catalogue_yaml(planned: list[Planned]) -> str:
    import yaml

    suppliers: dict[str, dict[str, Any]] = {}
    for item in planned:
        supplier = suppliers.setdefault(
            item.supplier,
            {
                "id": item.supplier,
                "name": f"Leverancier {item.supplier.rsplit('-', 1)[1]} BV",
                "contact": f"api@{item.supplier}.example",
                "products": [
                    {"id": item.product, "name": "Zaken API", "version": "1.0.0", "deployments": []}
                ],
            },
        )
        supplier["products"][0]["deployments"].append(
            {
                "key": item.key,
                "environment": "productie",
                "organisation": f"Gemeente {item.key.rsplit('-', 1)[1]}",
                "base_url": item.base_url,
            }
        )
    document = {"defaults": {"profile": "cg-basis"}, "suppliers": list(suppliers.values())}
    return "# generated by bench/monitor_bench.py\n" + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True
    )


# --------------------------------------------------------------------------- the servers (own process)


def serve(plan_path: Path, ready_path: Path) -> None:
    """Listen for every planned deployment until SIGTERM; write the base URLs to ``ready_path``."""
    from cgcomply.demo import server as demo
    from cgcomply.demo.document import BASE_PATH, demo_document

    class Handler(demo._Handler):
        def handle_one_request(self) -> None:
            delay = getattr(self.server, "bench_delay", 0.0)
            if delay:
                time.sleep(delay)
            super().handle_one_request()

    class Server(demo._DemoHTTPServer):
        daemon_threads = True
        request_queue_size = 256

        def __init__(self, host: str, breaks: tuple[str, ...], delay: float) -> None:
            self.breaks = frozenset(breaks)
            self.ssl_context = None
            self.requests = []
            self.log = False
            self.record_lock = threading.Lock()
            self.document = {}
            self.document_json = b""
            self.document_yaml = b""
            self.zgw_document_json = b""
            self.bench_delay = delay
            demo.ThreadingHTTPServer.__init__(self, (host, 0), Handler)

        def finish_request(self, request: Any, client_address: Any) -> None:
            with self.record_lock:
                self.requests.clear()  # nothing reads them here: keep the memory flat
            super().finish_request(request, client_address)

    planned = [Planned(**item) for item in json.loads(plan_path.read_text("utf-8"))]
    selector = selectors.DefaultSelector()
    keep: list[Any] = []
    for item in planned:
        if item.kind == "refused":
            with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
                probe.bind((item.host, 0))
                item.port = probe.getsockname()[1]
        elif item.kind == "blackhole":
            hole = socket.socket()
            hole.bind((item.host, 0))
            hole.listen(512)  # connections complete in the kernel and are never accepted or answered
            item.port = hole.getsockname()[1]
            keep.append(hole)
        else:
            server = Server(item.host, tuple(item.breaks), item.delay)
            item.port = server.server_address[1]
            url = f"http://{item.host}:{item.port}{BASE_PATH}"
            server.set_document(demo_document(url))
            server.socket.setblocking(False)
            selector.register(server.socket, selectors.EVENT_READ, server)
            keep.append(server)
        item.base_url = f"http://{item.host}:{item.port}{BASE_PATH}"
    ready_path.write_text(json.dumps([asdict(item) for item in planned]), "utf-8")
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    while not stopping.is_set():
        for key, _ in selector.select(timeout=0.2):
            with contextlib.suppress(OSError):
                key.data._handle_request_noblock()


# --------------------------------------------------------------------------- measuring a run


@dataclass
class Measured:
    backend: str
    run: int
    deployments: int
    wall_seconds: float
    cpu_seconds: float
    peak_mb: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    db_bytes: int
    exit_code: int
    verdicts: dict[str, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    server_cpu_seconds: float = 0.0
    output_tail: str = ""
    reports: dict[str, int] = field(default_factory=dict)  # Store.report_stats() after the run

    @property
    def within_goal(self) -> bool:
        return self.exit_code == 0 and self.wall_seconds < GOAL_SECONDS and self.peak_mb < GOAL_MB


def cgcomply() -> list[str]:
    local = REPO_DIR / ".venv" / "bin" / "cgcomply"
    return [str(local)] if local.exists() else [sys.executable, "-m", "cgcomply"]


def run_once(
    catalogue: Path, db: str, extra: list[str], env: dict[str, str]
) -> tuple[float, float, float, int, str]:
    """One ``monitor run`` as a child: (wall s, cpu s, peak MB, exit code, last output lines)."""
    command = [*cgcomply(), "monitor", "run", str(catalogue), "--db", db, "--quiet", *extra]
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        child = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
        out.seek(0)
        tail = "\n".join(out.read().decode("utf-8", "replace").strip().splitlines()[-12:])
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, tail


def counts(
    db: str, kinds: dict[str, str]
) -> tuple[dict[str, int], dict[str, int], dict[str, dict[str, float]]]:
    """Verdicts and states of the latest run, and per kind of deployment its targets' mean and longest
    duration (seconds, all attempts of a target together are not summed: the stored attempt's)."""
    from cgcomply.monitor.store import open_store

    with open_store(db) as store:
        run = store.latest_run(finished=False)
        if run is None:
            return {}, {}, {}
        verdicts: dict[str, int] = {}
        states: dict[str, int] = {}
        durations: dict[str, list[float]] = {}
        for row in store.results(run.id):
            verdicts[row.verdict] = verdicts.get(row.verdict, 0) + 1
            states[row.state] = states.get(row.state, 0) + 1
            durations.setdefault(kinds.get(row.deployment_key, "?"), []).append(row.duration_seconds)
        by_kind = {
            kind: {
                "mean_s": round(sum(values) / len(values), 2),
                "max_s": round(max(values), 2),
                "n": len(values),
            }
            for kind, values in sorted(durations.items())
        }
        return verdicts, states, by_kind


def report_stats(db: str) -> dict[str, int]:
    """How the store keeps its reports (``Store.report_stats``; empty for a cgcomply without it)."""
    from cgcomply.monitor.store import open_store

    with open_store(db) as store:
        stats = getattr(store, "report_stats", None)
        return dict(stats()) if stats is not None else {}


def sqlite_size(path: Path) -> int:
    """The file's size after a checkpoint (the WAL's pages moved into the file and the WAL emptied)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def postgres_size(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0


def server_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


# --------------------------------------------------------------------------- main


def bench(args: argparse.Namespace) -> list[Measured]:
    work = Path(tempfile.mkdtemp(prefix="cgcomply-monitor-bench-"))
    planned = make_plan(args.deployments, args.seed)
    plan_path, ready_path = work / "plan.json", work / "ready.json"
    plan_path.write_text(json.dumps([asdict(item) for item in planned]), "utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "serve", str(plan_path), str(ready_path)], env=env
    )
    measured: list[Measured] = []
    try:
        deadline = time.monotonic() + 120
        while not ready_path.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the bench servers did not start")
            time.sleep(0.2)
        time.sleep(0.2)
        planned = [Planned(**item) for item in json.loads(ready_path.read_text("utf-8"))]
        catalogue = work / "catalogue.yaml"
        catalogue.write_text(catalogue_yaml(planned), "utf-8")
        kinds = {kind: sum(1 for p in planned if p.kind == kind) for kind, _ in MIX}
        print(
            f"{len(planned)} deployments on {len({p.host for p in planned})} addresses: {kinds}", flush=True
        )
        extra = ["--no-tls-scan", "--concurrency", str(args.concurrency), "--new"]
        for backend in args.backends:
            cluster = None
            if backend == "sqlite":
                db_path = work / "monitor.sqlite"
                db = str(db_path)
            else:
                sys.path.insert(0, str(REPO_DIR / "tests"))
                from postgres import find_bindir, start_cluster, stop_cluster  # type: ignore[import-not-found]

                bindir = find_bindir()
                if bindir is None:
                    print("PostgreSQL is not installed: skipping the PostgreSQL runs", flush=True)
                    continue
                cluster = start_cluster(bindir)
                db = cluster[0].url()
            try:
                for number in range(1, args.runs + 1):
                    load_before = os.getloadavg()
                    cpu_before = server_cpu(server.pid)
                    wall, cpu, peak, code, tail = run_once(catalogue, db, extra, env)
                    size = sqlite_size(db_path) if backend == "sqlite" else postgres_size(db)
                    verdicts, states, by_kind = counts(db, {p.key: p.kind for p in planned})
                    item = Measured(
                        backend=backend,
                        run=number,
                        deployments=len(planned),
                        wall_seconds=round(wall, 1),
                        cpu_seconds=round(cpu, 1),
                        peak_mb=round(peak, 1),
                        load_before=tuple(round(x, 2) for x in load_before),  # type: ignore[arg-type]
                        load_after=tuple(round(x, 2) for x in os.getloadavg()),  # type: ignore[arg-type]
                        db_bytes=size,
                        exit_code=code,
                        verdicts=verdicts,
                        states=states,
                        by_kind=by_kind,
                        server_cpu_seconds=round(server_cpu(server.pid) - cpu_before, 1),
                        output_tail=tail,
                        reports=report_stats(db),
                    )
                    measured.append(item)
                    print(
                        f"{backend} run {number}: wall {item.wall_seconds} s, cpu {item.cpu_seconds} s, "
                        f"peak {item.peak_mb} MB, db {size / 1e6:.1f} MB, load {item.load_before[0]}->"
                        f"{item.load_after[0]}, exit {code}, verdicts {verdicts}, states {states}, "
                        f"seconds per target by kind {by_kind}",
                        flush=True,
                    )
                    if code != 0:
                        print(tail, flush=True)
            finally:
                if cluster is not None:
                    stop_cluster(*cluster)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    return measured


def write_results(measured: list[Measured], args: argparse.Namespace) -> None:
    results_md, results_json = (
        (args.out / RESULTS_MD.name, args.out / RESULTS_JSON.name) if args.out else (RESULTS_MD, RESULTS_JSON)
    )
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    data = {
        "when": when,
        "machine": machine,
        "deployments": args.deployments,
        "concurrency": args.concurrency,
        "mix": dict(MIX),
        "runs": [asdict(item) for item in measured],
    }
    results_json.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    lines = [
        "# Monitor scale benchmark (`make bench-monitor`)",
        "",
        f"Measured {when} on {machine}, by `bench/monitor_bench.py --deployments {args.deployments} "
        f"--concurrency {args.concurrency}`. Goal: under {GOAL_SECONDS:.0f} s and under {GOAL_MB:.0f} MB.",
        "",
        "Mix: "
        + ", ".join(f"{kind} {share:.0%}" for kind, share in MIX)
        + "; ten deployments per loopback address.",
        "",
        "| backend | run | wall s | CPU s | peak MB | load before → after | DB size MB | verdicts | within goal |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for item in measured:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(item.verdicts.items()))
        lines.append(
            f"| {item.backend} | {item.run} | {item.wall_seconds} | {item.cpu_seconds} | {item.peak_mb} | "
            f"{item.load_before[0]} → {item.load_after[0]} | {item.db_bytes / 1e6:.1f} | {verdicts} | "
            f"{'yes' if item.within_goal else 'no'} |"
        )
    lines += [
        "",
        "Database size per run: what each run adds (SQLite after a WAL checkpoint; PostgreSQL",
        "`pg_database_size`), and how the reports are kept (distinct stored reports of all results, their",
        "canonical JSON and what is stored after compression):",
        "",
        "| backend | run | DB size MB | growth MB | growth KB per deployment | reports stored / results | "
        "report JSON MB → stored MB |",
        "|---|---|---|---|---|---|---|",
    ]
    previous: dict[str, int] = {}
    for item in measured:
        growth = item.db_bytes - previous.get(item.backend, 0) if item.backend in previous else None
        previous[item.backend] = item.db_bytes
        stats = item.reports
        lines.append(
            f"| {item.backend} | {item.run} | {item.db_bytes / 1e6:.1f} | "
            + (
                f"{growth / 1e6:.1f} | {growth / 1e3 / item.deployments:.1f}"
                if growth is not None
                else "- | -"
            )
            + (
                f" | {stats['distinct']} / {stats['results']} | "
                f"{stats['json_bytes'] / 1e6:.1f} → {stats['stored_bytes'] / 1e6:.1f} |"
                if stats
                else " | - | - |"
            )
        )
    lines += ["", "Seconds per target (the stored attempt), by kind of deployment:", ""]
    lines += [
        "| backend | run | " + " | ".join(kind for kind, _ in MIX) + " |",
        "|---|---|" + "---|" * len(MIX),
    ]
    for item in measured:
        cells = [
            f"{item.by_kind[kind]['mean_s']} (max {item.by_kind[kind]['max_s']})"
            if kind in item.by_kind
            else "-"
            for kind, _ in MIX
        ]
        lines.append(f"| {item.backend} | {item.run} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "CPU s is the run's own process (user + system), without the servers' process. Load is the 1-minute",
        "load average of the machine before and after the run.",
        "",
        "What the numbers do not contain: the loopback servers speak plain HTTP and the runs use",
        "`--no-tls-scan`, so TLS handshakes and the TLS scan are not measured, and even the good deployments",
        "fail `adr.servers-https` (hence no pass). Refused and blackhole deployments are retried twice",
        "(`--retries 2`) and then stored as transient / niet vastgesteld. The wall time is set by politeness",
        "(10 requests/s per address, shared by its ten deployments) and by the timeouts of the blackhole and",
        "slow ones, not by CPU. Each distinct report is stored once (compressed), so a run whose reports",
        "did not change adds mostly its per-check and per-finding rows.",
    ]
    kept = results_md.read_text("utf-8").partition(KEPT)[2] if results_md.exists() else ""
    if kept.strip():
        lines += ["", KEPT + kept.rstrip("\n")]
    results_md.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        serve(Path(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deployments", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="Keep the work folder (catalogue, database).")
    parser.add_argument("--no-write", action="store_true", help="Do not write bench/MONITOR_RESULTS.md.")
    parser.add_argument(
        "--out", type=Path, help="Write MONITOR_RESULTS.md and monitor_results.json into this folder instead."
    )
    args = parser.parse_args(argv)
    measured = bench(args)
    if not args.no_write and measured:
        write_results(measured, args)
    return 0 if measured and all(item.exit_code == 0 for item in measured) else 1


if __name__ == "__main__":
    raise SystemExit(main())
