"""Webhooks after a monitor run: the run's changes as JSON, signed with HMAC-SHA256.

A webhook is a URL and a secret (:class:`Webhook`), from the catalogue or from ``monitor run --webhook URL
--webhook-secret-env NAME`` (the CLI reads the secret from that environment variable; library code never
reads the environment). After a run has been stored, :func:`deliver_all` posts one JSON body to each
webhook (:func:`payload`: the run, the run it is compared with, the counts, and every target and
requirement that changed, from :func:`cgcomply.monitor.diff.diff_runs`). The results are already in the
database: a webhook that is slow, down or refuses never changes or delays them, and its failure is
reported, not raised.

Every delivery carries::

    Content-Type: application/json
    X-Cgcomply-Event: monitor.run.finished
    X-Cgcomply-Delivery: <uuid, the same on every retry of one delivery>
    X-Cgcomply-Timestamp: <unix seconds when this attempt was signed>
    X-Cgcomply-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>

A receiver recomputes the signature over the timestamp and the raw body (:func:`verify_signature` does it),
compares in constant time, and refuses a timestamp more than five minutes off (a replayed request).

Delivery goes through :class:`cgcomply.http.SafeClient` (its deadlines, body cap and per-host limits; POST is
allowed for this client only), never follows redirects, and is retried with exponential backoff on a
transport error, 408, 425, 429 and 5xx (a ``Retry-After`` in seconds is honoured up to the backoff cap);
another 4xx is final.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cgcomply.i18n import Text

if TYPE_CHECKING:
    from cgcomply.http import Session
    from cgcomply.monitor.diff import RunDiff
    from cgcomply.monitor.store.base import RunRow, Store

EVENT = "monitor.run.finished"
SIGNATURE_HEADER = "X-Cgcomply-Signature"
TIMESTAMP_HEADER = "X-Cgcomply-Timestamp"
DELIVERY_HEADER = "X-Cgcomply-Delivery"
EVENT_HEADER = "X-Cgcomply-Event"
TOLERANCE_SECONDS = 300
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_BODY_BYTES = 4 * 1024 * 1024  # larger change lists are cut (``truncated`` in the body says so)
MAX_CHANGES = 5000

TEXTS = {
    "delivered": Text(
        nl="webhook {url}: afgeleverd (HTTP {status}, poging {attempts})",
        en="webhook {url}: delivered (HTTP {status}, attempt {attempts})",
    ),
    "failed": Text(
        nl="webhook {url}: niet afgeleverd na {attempts} poging(en): {reason}",
        en="webhook {url}: not delivered after {attempts} attempt(s): {reason}",
    ),
}


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where to post a run's changes, and the shared secret that signs them."""

    url: str
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        from cgcomply.errors import UsageError

        if not self.url.startswith(("http://", "https://")):
            raise UsageError(
                f"a webhook URL must be http:// or https://, not {self.url!r}", field="--webhook"
            )
        if len(self.secret) < 16:
            raise UsageError(
                "a webhook secret must be at least 16 characters (it signs the body with HMAC-SHA256)",
                field="--webhook-secret-env",
            )


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    first_delay: float = 1.0  # seconds before the second attempt; doubled each time
    max_delay: float = 30.0
    timeout: float = 10.0  # per attempt


@dataclass(slots=True)
class Delivery:
    """What happened to one webhook's delivery."""

    url: str
    delivery_id: str
    delivered: bool = False
    status: int | None = None
    attempts: int = 0
    reason: str | None = None  # why not delivered (English, for logs)
    statuses: list[int | None] = field(default_factory=list)  # per attempt; None: no response
    finished: bool = False  # no attempt follows (delivered, or given up)

    @property
    def state(self) -> str:
        """``sending`` while attempts may follow, then ``delivered`` or ``failed``."""
        if self.delivered:
            return "delivered"
        return "failed" if self.finished else "sending"

    def summary(self, lang: str) -> str:
        if self.delivered:
            return TEXTS["delivered"].render(
                lang, url=self.url, status=str(self.status), attempts=str(self.attempts)
            )
        return TEXTS["failed"].render(
            lang, url=self.url, attempts=str(self.attempts), reason=self.reason or ""
        )


# --------------------------------------------------------------------------- signing


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 with ``secret`` over ``b"<timestamp>." + body``."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify_signature(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does: the signature matches the raw body and timestamp, and the timestamp is
    within ``tolerance`` seconds of ``now`` (a replay of an old request fails)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    signature = lowered.get(SIGNATURE_HEADER.lower(), "")
    stamp = lowered.get(TIMESTAMP_HEADER.lower(), "")
    if not stamp.isdigit() or not signature.startswith("sha256="):
        return False
    if abs((time.time() if now is None else now) - int(stamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, stamp, body), signature)


# --------------------------------------------------------------------------- the body


def payload(
    diff: RunDiff | None, run: RunRow, previous: RunRow | None, *, max_changes: int = MAX_CHANGES
) -> dict[str, Any]:
    """The JSON body for a run's changes: ``diff`` from ``diff_runs(store, previous.id, run.id)`` (None for
    a first run). Only what changed is listed (``counts`` has the unchanged too); a target whose later
    result is a transient failure has ``confirmed: false``: not decided, not a regression of the supplier."""
    targets: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    if diff is not None:
        counts = {kind: count for kind, count in diff.counts().items() if count}
        for change in diff.targets:
            requirements = [rule.to_dict() for rule in change.changed_requirements()]
            checks = [rule.to_dict() for rule in change.changed_checks()]
            if change.kind == "unchanged" and not requirements and not checks:
                continue
            targets.append(
                {
                    "deployment": change.key,
                    "supplier_id": change.supplier_id,
                    "change": change.kind,
                    "before": change.before,
                    "after": change.after,
                    "confirmed": change.confirmed,
                    "requirements": requirements,
                    "checks": checks,
                }
            )
    return {
        "event": EVENT,
        "run": _run(run),
        "previous_run": _run(previous) if previous is not None else None,
        "counts": dict(sorted(counts.items())),
        "targets": targets[:max_changes],
        "truncated": len(targets) > max_changes,
    }


def _run(run: RunRow) -> dict[str, Any]:
    return {
        "id": run.id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "status": run.status,
        "catalogue_sha256": run.catalogue_sha256,
    }


def encode(body: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed and sent (UTF-8 JSON, sorted keys, no spaces)."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------- delivery


def deliver(
    webhook: Webhook,
    body: bytes,
    *,
    policy: RetryPolicy | None = None,
    session: Session | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
    on_update: Callable[[Delivery], None] | None = None,
) -> Delivery:
    """Post ``body`` to one webhook, retried with backoff; never raises for network or HTTP failures.
    ``on_update`` is called before the first attempt and after each one (to record the delivery)."""
    from cgcomply.http import HttpOptions, Session

    policy = policy or RetryPolicy()
    session = session or Session()
    session.add_secret(webhook.secret)
    options = HttpOptions(
        connect_timeout=min(5.0, policy.timeout),
        read_timeout=policy.timeout,
        total_timeout=policy.timeout,
        max_body_bytes=64 * 1024,
        rate_per_second=5.0,
        max_concurrency=2,
        allow_unsafe_methods=True,
        max_redirects=0,
    )
    result = Delivery(url=session.redact(webhook.url), delivery_id=str(uuid.uuid4()))
    update = on_update or (lambda delivery: None)
    update(result)
    delay = policy.first_delay
    with session.client(webhook.url, options, credentials=False) as client:
        for attempt in range(1, max(1, policy.attempts) + 1):
            stamp = int(clock())
            headers = {
                "Content-Type": "application/json",
                EVENT_HEADER: EVENT,
                DELIVERY_HEADER: result.delivery_id,
                TIMESTAMP_HEADER: str(stamp),
                SIGNATURE_HEADER: sign(webhook.secret, stamp, body),
            }
            exchange = client.request(
                "POST", webhook.url, headers=headers, content=body, credentials=False, follow_redirects=False
            )
            result.attempts = attempt
            result.status = exchange.status
            result.statuses.append(exchange.status)
            if exchange.error is None and exchange.status is not None and 200 <= exchange.status < 300:
                result.delivered, result.reason, result.finished = True, None, True
                update(result)
                return result
            if exchange.error is not None:
                result.reason = exchange.error
                retry = True
            else:
                status = exchange.status or 0
                result.reason = f"HTTP {status}"
                retry = status in RETRY_STATUSES
            if not retry or attempt >= policy.attempts:
                result.finished = True
                update(result)
                return result
            update(result)
            wait = min(delay, policy.max_delay)
            after = exchange.headers.get("retry-after", "") if exchange.error is None else ""
            if after.strip().isdigit():
                wait = min(max(wait, float(after.strip())), policy.max_delay)
            sleep(wait)
            delay *= 2
    return result


def deliver_all(
    webhooks: Sequence[Webhook],
    body: Mapping[str, Any],
    *,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_update: Callable[[Webhook], Callable[[Delivery], None]] | None = None,
) -> list[Delivery]:
    """Deliver one body to every webhook (each with its own retries), in the order given;
    ``on_update(webhook)`` gives the callback that records that webhook's delivery (see :func:`deliver`)."""
    data = encode(body)
    if len(data) > MAX_BODY_BYTES:
        trimmed = dict(body, targets=[], truncated=True)
        data = encode(trimmed)
    return [
        deliver(
            webhook, data, policy=policy, sleep=sleep, on_update=on_update(webhook) if on_update else None
        )
        for webhook in webhooks
    ]


def recorder(store: Store, run_id: int) -> Callable[[Webhook], Callable[[Delivery], None]]:
    """Callbacks that keep each delivery in the store (``webhook_deliveries``): a row before the first
    attempt, updated after every attempt, so that a failed (or cut-off) delivery is never silent."""
    from cgcomply.report.model import now_iso

    def for_webhook(webhook: Webhook) -> Callable[[Delivery], None]:
        row: list[int] = []

        def update(delivery: Delivery) -> None:
            if not row:
                row.append(
                    store.start_webhook_delivery(run_id, delivery.url, EVENT, delivery.delivery_id, now_iso())
                )
                if not delivery.attempts:
                    return
            store.update_webhook_delivery(
                row[0],
                state=delivery.state,
                status_code=delivery.status,
                attempts=delivery.attempts,
                statuses=delivery.statuses,
                last_error=delivery.reason,
                at=now_iso(),
            )

        return update

    return for_webhook


def notify_run(
    store: Store,
    run_id: int,
    webhooks: Sequence[Webhook],
    *,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Delivery]:
    """After run ``run_id`` is stored: its changes against the finished run before it, to every webhook;
    each delivery is kept in the store (:meth:`~cgcomply.monitor.store.base.Store.webhook_deliveries`)."""
    from cgcomply.monitor.diff import diff_runs

    if not webhooks:
        return []
    run = store.run(run_id)
    if run is None:
        return []
    earlier = [other for other in store.finished_runs() if other.id < run_id]
    previous = earlier[-1] if earlier else None
    diff = diff_runs(store, previous.id, run_id) if previous is not None else None
    return deliver_all(
        webhooks, payload(diff, run, previous), policy=policy, sleep=sleep, on_update=recorder(store, run_id)
    )
