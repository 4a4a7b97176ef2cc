"""Webhooks of the monitor (issue 12 item 6): signed with HMAC-SHA256, delivered to a receiver on
127.0.0.1 that verifies the signature the way a receiver should, retried with backoff."""

from __future__ import annotations

import json
import threading
from types import SimpleNamespace

import pytest

from cgcomply.errors import UsageError
from cgcomply.monitor.webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    RetryPolicy,
    Webhook,
    deliver_all,
    encode,
    sign,
    verify_signature,
)
from servers import Reply, Seen, free_port, serve

SECRET = "s3cret-for-the-test-receiver"
NO_WAIT = RetryPolicy(attempts=4, first_delay=0.01, max_delay=0.05, timeout=5)


def _run(ident: int) -> SimpleNamespace:
    return SimpleNamespace(
        id=ident,
        started_at=f"2026-12-0{ident}T07:00:00+00:00",
        finished_at=f"2026-12-0{ident}T07:05:00+00:00",
        status="finished",
        catalogue_sha256="ab" * 32,
    )


BODY = {
    "event": "monitor.run.finished",
    "run": {"id": 2},
    "targets": [{"deployment": "acme/zaken/prod", "change": "regressed", "before": "pass", "after": "fail"}],
}


class Receiver:
    """Checks every request like a real receiver: signature over timestamp + raw body, fresh timestamp,
    one delivery id; answers with the statuses it is given (then 204)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses = list(statuses or [])
        self.verified: list[bool] = []
        self.bodies: list[dict] = []
        self.lock = threading.Lock()

    def __call__(self, seen: Seen) -> Reply:
        ok = verify_signature(SECRET, seen.headers, seen.body)
        with self.lock:
            self.verified.append(ok)
            if ok:
                self.bodies.append(json.loads(seen.body))
            status = self.statuses.pop(0) if self.statuses else 204
        return Reply(status if ok else 401, {}, b"")


def test_signature_is_hmac_sha256_over_timestamp_and_body_and_refuses_tampering_and_replay() -> None:
    body = b'{"event":"x"}'
    expected = (
        "sha256=" + __import__("hmac").new(SECRET.encode(), b"1700000000." + body, "sha256").hexdigest()
    )
    assert sign(SECRET, 1700000000, body) == expected
    headers = {SIGNATURE_HEADER: expected, TIMESTAMP_HEADER: "1700000000"}
    assert verify_signature(SECRET, headers, body, now=1700000100)
    assert not verify_signature(SECRET, headers, body + b" ", now=1700000100)  # body changed
    assert not verify_signature("another-secret-of-16+", headers, body, now=1700000100)
    assert not verify_signature(SECRET, headers, body, now=1700000000 + 301)  # replayed later
    later = {SIGNATURE_HEADER: expected, TIMESTAMP_HEADER: "1700000200"}  # timestamp changed, not re-signed
    assert not verify_signature(SECRET, later, body, now=1700000200)
    assert not verify_signature(SECRET, {TIMESTAMP_HEADER: "1700000000"}, body, now=1700000000)


def test_delivered_signed_to_a_local_receiver_that_verifies_it() -> None:
    receiver = Receiver()
    body = BODY
    with serve(receiver) as server:
        [delivery] = deliver_all([Webhook(server.url("/hook"), SECRET)], body, policy=NO_WAIT)
        [seen] = server.seen
    assert delivery.delivered and delivery.status == 204 and delivery.attempts == 1
    assert receiver.verified == [True]
    assert receiver.bodies == [body]
    assert seen.method == "POST" and seen.path == "/hook"
    assert seen.header("Content-Type") == "application/json"
    assert seen.header(DELIVERY_HEADER) == delivery.delivery_id
    assert seen.body == encode(body)
    assert SECRET not in str(seen.headers) and SECRET.encode() not in seen.body


def test_retried_with_backoff_on_5xx_and_429_then_delivered_with_one_delivery_id() -> None:
    receiver = Receiver([503, 429, 500])
    waits: list[float] = []
    with serve(receiver) as server:
        [delivery] = deliver_all(
            [Webhook(server.url("/hook"), SECRET)],
            BODY,
            policy=NO_WAIT,
            sleep=waits.append,
        )
        ids = {seen.header(DELIVERY_HEADER) for seen in server.seen}
    assert delivery.delivered and delivery.attempts == 4
    assert delivery.statuses == [503, 429, 500, 204]
    assert receiver.verified == [True] * 4  # each attempt is signed afresh
    assert len(ids) == 1
    assert waits == [0.01, 0.02, 0.04]  # doubled each time


def test_a_4xx_is_final_and_an_unreachable_receiver_is_reported_not_raised() -> None:
    receiver = Receiver([410])
    with serve(receiver) as server:
        [gone] = deliver_all(
            [Webhook(server.url("/hook"), SECRET)], {"event": "x"}, policy=NO_WAIT, sleep=lambda s: None
        )
    assert not gone.delivered and gone.attempts == 1 and gone.reason == "HTTP 410"
    closed = f"http://127.0.0.1:{free_port()}/hook"
    [down] = deliver_all([Webhook(closed, SECRET)], {"event": "x"}, policy=NO_WAIT, sleep=lambda s: None)
    assert not down.delivered and down.attempts == 4 and down.statuses == [None] * 4
    assert down.reason
    assert "niet afgeleverd na 4" in down.summary("nl") and "not delivered after 4" in down.summary("en")


def test_a_receiver_with_the_wrong_secret_refuses_it() -> None:
    receiver = Receiver()
    with serve(receiver) as server:
        [delivery] = deliver_all(
            [Webhook(server.url("/hook"), "a-different-secret-value")], {"event": "x"}, policy=NO_WAIT
        )
    assert receiver.verified == [False]
    assert not delivery.delivered and delivery.reason == "HTTP 401"


def test_bad_webhook_settings_are_clear_errors() -> None:
    with pytest.raises(UsageError, match="http:// or https://"):
        Webhook("ftp://127.0.0.1/hook", SECRET)
    with pytest.raises(UsageError, match="at least 16"):
        Webhook("http://127.0.0.1/hook", "short")


# --------------------------------------------------------------------------- after a real monitor run


def _market(path, good_url: str, second_url: str, down_url: str):
    from tests.monitor_helpers import catalogue_file

    return catalogue_file(
        path,
        [
            {"key": "acme/zaken/prod", "environment": "prod", "base_url": good_url},
            {"key": "acme/zaken/test", "environment": "test", "base_url": second_url},
            {"key": "acme/zaken/down", "environment": "down", "base_url": down_url},
        ],
    )


def test_after_two_runs_the_webhook_gets_what_regressed_and_the_run_is_stored_first(tmp_path) -> None:
    from tests.monitor_helpers import dead_url, http_servers

    from cgcomply.monitor.catalogue import load_catalogue
    from cgcomply.monitor.run import RunOptions, run_monitor
    from cgcomply.monitor.store import open_store
    from cgcomply.monitor.webhooks import notify_run

    options = RunOptions(tls_scan=False, retries=0)
    receiver = Receiver()
    with http_servers([[], ["no-version-header"]]) as (good, broken), serve(receiver) as hook:
        down = dead_url()
        with open_store(tmp_path / "m.sqlite") as store:
            first = run_monitor(
                load_catalogue(_market(tmp_path / "1.yaml", good.base_url, good.base_url, down)),
                store,
                options,
            )
            assert notify_run(store, first.run_id, [Webhook(hook.url("/hook"), SECRET)], policy=NO_WAIT)[
                0
            ].delivered
            second = run_monitor(
                load_catalogue(_market(tmp_path / "2.yaml", good.base_url, broken.base_url, down)),
                store,
                options,
            )
            # a webhook that is down changes nothing in the stored run, and raises nothing
            closed = Webhook(f"http://127.0.0.1:{free_port()}/hook", SECRET)
            [failed, delivered] = notify_run(
                store,
                second.run_id,
                [closed, Webhook(hook.url("/hook"), SECRET)],
                policy=NO_WAIT,
                sleep=lambda s: None,
            )
            assert store.run(second.run_id).status == "finished"  # type: ignore[union-attr]
            assert store.count_results(second.run_id) == 3
    assert not failed.delivered and delivered.delivered
    assert receiver.verified == [True, True]
    first_body, second_body = receiver.bodies
    assert first_body["previous_run"] is None and first_body["run"]["id"] == first.run_id
    assert second_body["previous_run"]["id"] == first.run_id and second_body["run"]["id"] == second.run_id
    changed = {t["deployment"]: t for t in second_body["targets"]}
    assert changed["acme/zaken/test"]["change"] == "regressed"
    assert changed["acme/zaken/test"]["after"] == "fail" and changed["acme/zaken/test"]["before"] != "fail"
    assert any(
        c["id"] == "probe.version-header" and c["kind"] == "regressed"
        for c in changed["acme/zaken/test"]["checks"]
    )
    assert "acme/zaken/prod" not in changed  # unchanged targets are only counted
    assert second_body["counts"]["regressed"] == 1 and second_body["counts"]["unchanged"] >= 1


def test_monitor_run_with_webhook_option(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner
    from tests.monitor_helpers import catalogue_file, http_servers

    from cgcomply.cli import main

    receiver = Receiver()
    with http_servers([[]]) as (good,), serve(receiver) as hook:
        path = catalogue_file(tmp_path / "c.yaml", [{"environment": "prod", "base_url": good.base_url}])
        args = ["monitor", "run", str(path), "--db", str(tmp_path / "m.sqlite"), "--no-tls-scan", "--quiet"]
        args += ["--webhook", hook.url("/hook"), "--webhook-secret-env", "TEST_HOOK_SECRET"]
        missing = CliRunner().invoke(main, args)
        monkeypatch.setenv("TEST_HOOK_SECRET", SECRET)
        done = CliRunner().invoke(main, args)
    assert missing.exit_code == 2 and "TEST_HOOK_SECRET" in missing.output
    assert done.exit_code == 0, done.output
    assert "afgeleverd (HTTP 204" in done.output
    assert receiver.verified == [True] and receiver.bodies[0]["event"] == "monitor.run.finished"


def test_webhooks_from_the_catalogue(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner
    from tests.monitor_helpers import http_servers

    from cgcomply.cli import main
    from cgcomply.errors import MonitorError
    from cgcomply.monitor.catalogue import WebhookSetting, load_catalogue

    receiver = Receiver()
    with http_servers([[]]) as (good,), serve(receiver) as hook:
        path = tmp_path / "c.yaml"
        path.write_text(
            "webhooks:\n"
            f"  - url: {hook.url('/from-catalogue')}\n"
            "    secret_env: CATALOGUE_HOOK_SECRET\n"
            "suppliers:\n"
            "  - id: acme\n"
            "    products:\n"
            "      - id: zaken\n"
            "        deployments:\n"
            f"          - {{environment: prod, base_url: {good.base_url}, profile: cg-basis}}\n",
            "utf-8",
        )
        assert load_catalogue(path).webhooks == (
            WebhookSetting(hook.url("/from-catalogue"), "CATALOGUE_HOOK_SECRET"),
        )
        monkeypatch.setenv("CATALOGUE_HOOK_SECRET", SECRET)
        args = ["monitor", "run", str(path), "--db", str(tmp_path / "m.sqlite"), "--no-tls-scan", "--quiet"]
        done = CliRunner().invoke(main, args)
        [seen] = hook.seen
    assert done.exit_code == 0, done.output
    assert seen.path == "/from-catalogue" and receiver.verified == [True]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "webhooks:\n  - url: ftp://x\n  - {url: 'http://127.0.0.1/h', secret_env: 'not a name'}\n"
        + path.read_text("utf-8").split("\n", 3)[3],
        "utf-8",
    )
    with pytest.raises(MonitorError) as caught:
        load_catalogue(bad)
    text = str(caught.value)
    assert "bad.yaml:2" in text and "webhooks[0].url" in text and "webhooks[1].secret_env" in text
