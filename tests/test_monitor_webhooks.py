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
