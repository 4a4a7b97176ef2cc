"""Webhook deliveries stored (issue 12 review): every delivery of a run's changes is a row in
``webhook_deliveries`` (state, status code, attempts, last error, delivered_at), shown by ``monitor runs``
(text and json) and on the dashboard's runs page; a failed delivery is visible, never silent. Against a real
receiver on 127.0.0.1 that fails first and then accepts."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.monitor_helpers import catalogue_file, http_servers

from cgcomply.cli import main
from cgcomply.monitor.store import open_store
from cgcomply.monitor.webhooks import RetryPolicy, Webhook, notify_run, verify_signature
from cgcomply.web.app import create_app
from servers import Reply, Seen, free_port, serve

SECRET = "s3cret-for-the-delivery-receiver"
NO_WAIT = RetryPolicy(attempts=3, first_delay=0.01, max_delay=0.05, timeout=5)


class FailsFirst:
    """A receiver that verifies each signature, answers ``statuses`` first, then 204."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.lock = threading.Lock()
        self.verified: list[bool] = []

    def __call__(self, seen: Seen) -> Reply:
        with self.lock:
            ok = verify_signature(SECRET, seen.headers, seen.body)
            self.verified.append(ok)
            status = self.statuses.pop(0) if self.statuses else 204
        return Reply(status if ok else 401, {}, b"")


def test_deliveries_are_stored_and_shown_by_monitor_runs_and_the_dashboard(
    tmp_path: Path, monkeypatch
) -> None:
    accepting = FailsFirst(503, 500)  # fails twice, then accepts
    refusing = FailsFirst(410)  # refuses: final
    db = tmp_path / "m.sqlite"
    with (
        http_servers([[]]) as (good,),
        serve(accepting) as hook,
        serve(refusing) as gone,
    ):
        path = catalogue_file(tmp_path / "c.yaml", [{"environment": "prod", "base_url": good.base_url}])
        monkeypatch.setenv("TEST_DELIVERY_SECRET", SECRET)
        args = ["monitor", "run", str(path), "--db", str(db), "--no-tls-scan", "--quiet"]
        args += ["--webhook-secret-env", "TEST_DELIVERY_SECRET"]
        args += ["--webhook", hook.url("/hooks/token-in-the-path"), "--webhook", gone.url("/gone")]
        done = CliRunner().invoke(main, args)
    assert done.exit_code in (0, 1, 3), done.output
    assert accepting.verified == [True, True, True] and refusing.verified == [True]

    with open_store(db) as store:
        run = store.latest_run()
        assert run is not None
        delivered, failed = store.webhook_deliveries(run.id)
    assert (delivered.state, delivered.status_code, delivered.attempts) == ("delivered", 204, 3)
    assert delivered.statuses == (503, 500, 204) and delivered.last_error is None
    assert delivered.delivered_at is not None and delivered.event == "monitor.run.finished"
    assert delivered.url == hook.url("/hooks/token-in-the-path")
    assert (failed.state, failed.status_code, failed.attempts) == ("failed", 410, 1)
    assert failed.last_error == "HTTP 410" and failed.delivered_at is None

    text_nl = CliRunner().invoke(main, ["monitor", "runs", "--db", str(db)])
    text_en = CliRunner().invoke(main, ["monitor", "runs", "--db", str(db), "--lang", "en"])
    as_json = CliRunner().invoke(main, ["monitor", "runs", "--db", str(db), "--format", "json"])
    assert text_nl.exit_code == text_en.exit_code == as_json.exit_code == 0
    assert f"webhook {hook.url('/hooks/token-in-the-path')}: afgeleverd op" in text_nl.output
    assert "(HTTP 204, poging 3)" in text_nl.output
    assert f"webhook {gone.url('/gone')}: NIET afgeleverd na 1 poging(en): HTTP 410" in text_nl.output
    assert "NOT delivered after 1 attempt(s): HTTP 410" in text_en.output
    [listed] = json.loads(as_json.output)["runs"]
    by_url = {item["url"]: item for item in listed["webhook_deliveries"]}
    assert by_url[gone.url("/gone")]["state"] == "failed"
    assert by_url[hook.url("/hooks/token-in-the-path")]["statuses"] == [503, 500, 204]

    client = create_app({"MONITOR_DB": str(db), "TESTING": True}).test_client()
    page = client.get("/nl/market/runs/").get_data(as_text=True)
    english = client.get("/en/market/runs/").get_data(as_text=True)
    assert "afgeleverd op" in page and "(HTTP 204, poging 3)" in page
    assert "niet afgeleverd na 1 poging(en): HTTP 410" in page and 'class="v v-fail"' in page
    assert "not delivered after 1 attempt(s): HTTP 410" in english
    assert "token-in-the-path" not in page  # the page shows the receiver's origin only


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_unreachable_receiver_and_a_cut_off_delivery_are_visible(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    from tests.monitor_helpers import dead_url

    from cgcomply.monitor.catalogue import load_catalogue
    from cgcomply.monitor.run import RunOptions, run_monitor

    closed = f"http://127.0.0.1:{free_port()}/hook"
    path = catalogue_file(tmp_path / "c.yaml", [{"environment": "down", "base_url": dead_url()}])
    db = str(tmp_path / "m.sqlite") if backend == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    with open_store(db) as store:
        summary = run_monitor(load_catalogue(path), store, RunOptions(tls_scan=False, retries=0))
        [result] = notify_run(
            store, summary.run_id, [Webhook(closed, SECRET)], policy=NO_WAIT, sleep=lambda s: None
        )
        assert not result.delivered
        [row] = store.webhook_deliveries(summary.run_id)
        assert (row.state, row.attempts, row.statuses, row.status_code) == (
            "failed",
            3,
            (None, None, None),
            None,
        )
        assert row.last_error and row.delivery_id == result.delivery_id
        # a process that stopped between attempts leaves its row "sending": shown as not completed
        left = store.start_webhook_delivery(
            summary.run_id, closed, "monitor.run.finished", "d-1", "2026-12-02T05:00:00+00:00"
        )
        store.update_webhook_delivery(
            left,
            state="sending",
            status_code=None,
            attempts=1,
            statuses=[None],
            last_error="unreachable",
            at="2026-12-02T05:00:01+00:00",
        )
    shown = CliRunner().invoke(main, ["monitor", "runs", "--db", db, "--lang", "en"])
    assert f"webhook {closed}: NOT delivered after 3 attempt(s):" in shown.output
    assert f"webhook {closed}: not completed (1 attempt(s) until 2026-12-02T05:00:01+00:00" in shown.output
