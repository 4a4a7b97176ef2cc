"""A monitor run killed with SIGKILL at about half and started again (issue 12 item 3, "done when"):
exactly 200 results, none duplicated, the stored ones not redone, no half-written rows. A real
``cgcomply monitor run`` subprocess over 200 example APIs on 127.0.0.1, on SQLite (and on PostgreSQL in
``test_monitor_postgres.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import pytest
from tests.monitor_helpers import catalogue_file

from cgcomply.demo.server import start_demo_server
from cgcomply.monitor.store import open_store

TARGETS = 200
ARGS = [
    "--no-tls-scan",
    "--concurrency",
    "12",
    "--per-host-rate",
    "500",  # all 200 APIs listen on 127.0.0.1: one host for the limiter
    "--per-host-concurrency",
    "12",
    "--quiet",
]


def _command(catalogue: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "cgcomply.cli", "monitor", "run", str(catalogue), "--db", db, *ARGS]


def kill_at_half_and_resume(tmp_path: Path, db: str) -> None:
    with ExitStack() as stack:
        servers = [stack.enter_context(start_demo_server(breaks=["http-only"])) for _ in range(TARGETS)]
        catalogue = catalogue_file(
            tmp_path / "markt.yaml",
            [{"environment": f"api-{n:03d}", "base_url": s.base_url} for n, s in enumerate(servers)],
        )
        env = {**os.environ, "CGCOMPLY_LANG": "en"}
        process = subprocess.Popen(
            _command(catalogue, db), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        store = open_store(db)
        try:
            deadline = time.monotonic() + 600
            stored = 0
            while time.monotonic() < deadline and process.poll() is None:
                runs = store.runs()
                stored = store.count_results(runs[0].id) if runs else 0
                if stored >= TARGETS // 2:
                    break
                time.sleep(0.05)
            assert process.poll() is None, process.communicate()
            os.kill(process.pid, signal.SIGKILL)
            process.wait(30)
            [run] = store.runs()
            assert run.status == "running"  # killed: nobody could say otherwise
            before = {row.deployment_key: row for row in store.results(run.id)}
            assert TARGETS // 2 <= len(before) < TARGETS, len(before)

            again = subprocess.run(
                _command(catalogue, db), env=env, capture_output=True, text=True, timeout=600, check=False
            )
            assert again.returncode == 0, again.stderr
            assert f"run {run.id} finished" in again.stdout
            [run_after] = store.runs()  # the same run, resumed; no second run
            assert run_after.id == run.id and run_after.status == "finished"
            after = store.results(run.id)
            keys = [row.deployment_key for row in after]
            assert len(after) == TARGETS and len(set(keys)) == TARGETS  # exactly 200, none duplicated
            for key, row in before.items():  # kept, not redone
                kept = next(r for r in after if r.deployment_key == key)
                assert (kept.started_at, kept.report_sha256) == (row.started_at, row.report_sha256)
            # no half-written target: every result has the rows of its whole report, once
            checks = store.check_rows(run.id)
            assert set(checks) == set(keys)
            counts = Counter(len(rows) for rows in checks.values())
            assert len(counts) == 1, counts
            findings_per_key = Counter(row["deployment_key"] for row in store.finding_rows(run.id))
            for row in after[:5]:
                report = store.result(run.id, row.deployment_key).report  # type: ignore[union-attr]
                assert report is not None
                assert findings_per_key[row.deployment_key] == sum(len(c.findings) for c in report.checks)
        finally:
            if process.poll() is None:
                process.kill()
            store.close()


@pytest.mark.slow
def test_a_killed_run_resumes_to_exactly_200_results_on_sqlite(tmp_path: Path) -> None:
    kill_at_half_and_resume(tmp_path, str(tmp_path / "monitor.sqlite"))
