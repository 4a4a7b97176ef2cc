"""``monitor run --queue`` + ``monitor worker`` (issue 12 item 9): two worker processes share one run through
a real PostgreSQL on 127.0.0.1 with procrastinate, and every deployment is verified and stored exactly once.

The deployments sit behind a gate on 127.0.0.1 that forwards to a real example API, and holds every request
until requests for two different deployments are in flight at once: each worker takes one job at a time
(``--concurrency 1``), so the run can only get past the gate when both workers are working. Nothing waits
on a clock: the gate opens on what it sees (or after a minute, when the test then fails).
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from tests.monitor_helpers import catalogue_file, http_servers

from cgcomply.cli import main
from cgcomply.monitor.store import open_store
from servers import Reply, Seen, serve

REPO = Path(__file__).resolve().parents[1]
DEPLOYMENTS = 6


class Gate:
    """Forwards ``/d<N>/zaken/api/v1/...`` to the example API's ``/zaken/api/v1/...``; holds each request
    until requests of two different deployments were in flight together."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = {}
        self.open = threading.Event()
        self.together = False

    def __call__(self, seen: Seen) -> Reply:
        deployment, _, rest = seen.path.lstrip("/").partition("/")
        with self.lock:
            self.in_flight[deployment] = self.in_flight.get(deployment, 0) + 1
            if sum(1 for count in self.in_flight.values() if count) >= 2:
                self.together = True
                self.open.set()
        try:
            self.open.wait(60)
            connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
            headers = {k: v for k, v in seen.headers.items() if k.lower() not in {"host", "content-length"}}
            connection.request(seen.method, "/" + rest, body=seen.body or None, headers=headers)
            response = connection.getresponse()
            body = response.read()
            skip = {"content-length", "transfer-encoding", "connection"}
            reply = Reply(
                response.status, {k: v for k, v in response.getheaders() if k.lower() not in skip}, body
            )
            connection.close()
            return reply
        finally:
            with self.lock:
                self.in_flight[deployment] -= 1


def _worker(db: str, name: str, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "cgcomply.cli", "monitor", "worker", "--db", db, "--until-empty"]
    command += ["--concurrency", "1", "--name", name, *extra]
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def _done_by(output: str, name: str) -> list[str]:
    """The deployments a worker says it verified and stored (``w1: KEY in run N: verdict``)."""
    return [
        line.split(": ", 2)[1].split(" in run ")[0]
        for line in output.splitlines()
        if line.startswith(f"{name}: ")
    ]


def test_two_workers_share_a_run_and_each_deployment_is_done_exactly_once(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    with http_servers([[]]) as (api,), serve(Gate(api.port)) as gate_server:
        gate: Gate = gate_server.handler  # type: ignore[assignment]
        deployments = [
            {
                "key": f"acme/zaken/d{n}",
                "environment": f"d{n}",
                "base_url": gate_server.url(f"/d{n}/zaken/api/v1"),
            }
            for n in range(1, DEPLOYMENTS + 1)
        ]
        path = catalogue_file(tmp_path / "catalogue.yaml", deployments)
        queued = CliRunner().invoke(
            main,
            [
                "monitor",
                "run",
                str(path),
                "--db",
                fresh_postgres_url,
                "--queue",
                "--no-tls-scan",
                "--retries",
                "0",
            ],
        )
        assert queued.exit_code == 0, queued.output
        assert f"{DEPLOYMENTS} deployments in de wachtrij gezet" in queued.output
        workers = {name: _worker(fresh_postgres_url, name) for name in ("w1", "w2")}
        outputs = {}
        for name, process in workers.items():
            outputs[name], _ = process.communicate(timeout=300)
            assert process.returncode == 0, outputs[name]
    assert gate.together  # both workers had a deployment in hand at the same moment
    done = {name: _done_by(output, name) for name, output in outputs.items()}
    everything = sorted(done["w1"] + done["w2"])
    assert everything == sorted(d["key"] for d in deployments)  # each once: none twice, none missing
    assert done["w1"] and done["w2"]
    with open_store(fresh_postgres_url) as store:
        [run] = store.runs()
        assert run.status == "finished" and run.targets == DEPLOYMENTS
        results = store.results(run.id)
        assert sorted(r.deployment_key for r in results) == everything
        assert all(r.state == "done" and r.attempts == 1 and r.report_sha256 for r in results)
        assert store.check_rows(run.id)["acme/zaken/d1"]["probe.version-header"] == "pass"
    with psycopg.connect(fresh_postgres_url) as connection:
        jobs = connection.execute(
            "SELECT args->>'key', status, attempts FROM procrastinate_jobs ORDER BY id"
        ).fetchall()
    assert sorted(key for key, _, _ in jobs) == everything  # one job per deployment
    assert {(status, attempts) for _, status, attempts in jobs} == {("succeeded", 1)}  # each run once


def test_queueing_again_adds_no_second_job_and_sqlite_is_refused(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    with http_servers([[]]) as (api,):
        path = catalogue_file(
            tmp_path / "c.yaml", [{"environment": f"e{n}", "base_url": api.base_url} for n in range(3)]
        )
        args = ["monitor", "run", str(path), "--db", fresh_postgres_url, "--queue", "--no-tls-scan"]
        first = CliRunner().invoke(main, args)
        again = CliRunner().invoke(main, args)  # the same run is resumed; its jobs are still waiting
    assert first.exit_code == 0 and "3 deployments in de wachtrij gezet" in first.output
    assert again.exit_code == 0 and "0 deployments in de wachtrij gezet" in again.output, again.output
    with psycopg.connect(fresh_postgres_url) as connection:
        count = connection.execute("SELECT count(*) FROM procrastinate_jobs").fetchone()
    assert count == (3,)
    sqlite = CliRunner().invoke(main, [*args[:3], "--db", str(tmp_path / "m.sqlite"), "--queue"])
    assert sqlite.exit_code == 2 and "postgresql://" in sqlite.output
    worker = CliRunner().invoke(main, ["monitor", "worker", "--db", str(tmp_path / "m.sqlite")])
    assert worker.exit_code == 2 and "postgresql://" in worker.output


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


class Hold:
    """Forwards like :class:`Gate`, but holds every request until the test releases it."""

    def __init__(self, upstream_port: int) -> None:
        self.forward = Gate(upstream_port)
        self.forward.open.set()
        self.arrived = threading.Event()
        self.release = threading.Event()

    def __call__(self, seen: Seen) -> Reply:
        self.arrived.set()
        self.release.wait(60)
        return self.forward(seen)


def test_a_worker_killed_mid_job_leaves_it_to_the_next_worker(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    import signal
    import time

    with http_servers([[]]) as (api,), serve(Hold(api.port)) as hold_server:
        hold: Hold = hold_server.handler  # type: ignore[assignment]
        path = catalogue_file(
            tmp_path / "c.yaml",
            [{"key": "acme/zaken/d1", "environment": "d1", "base_url": hold_server.url("/d1/zaken/api/v1")}],
        )
        queued = CliRunner().invoke(
            main, ["monitor", "run", str(path), "--db", fresh_postgres_url, "--queue", "--no-tls-scan"]
        )
        assert queued.exit_code == 0, queued.output
        first = _worker(fresh_postgres_url, "w1", "--stalled-after", "1")
        assert hold.arrived.wait(120), "the first worker never took the job"
        first.send_signal(signal.SIGKILL)  # kill -9 in the middle of the job
        first.communicate(timeout=30)
        hold.release.set()
        time.sleep(2)  # the killed worker's last heartbeat is now older than --stalled-after
        second = _worker(fresh_postgres_url, "w2", "--stalled-after", "1")
        output, _ = second.communicate(timeout=300)
    assert second.returncode == 0, output
    assert _done_by(output, "w2") == ["acme/zaken/d1"]
    with open_store(fresh_postgres_url) as store:
        [run] = store.runs()
        assert run.status == "finished"
        [result] = store.results(run.id)
        assert result.deployment_key == "acme/zaken/d1" and result.state == "done"
    with psycopg.connect(fresh_postgres_url) as connection:
        jobs = connection.execute("SELECT status, attempts FROM procrastinate_jobs").fetchall()
    assert jobs == [("succeeded", 2)]  # the one job, taken twice, done once
