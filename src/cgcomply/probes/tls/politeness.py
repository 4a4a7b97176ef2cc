"""Politeness of the TLS scan: one scan per host at a time, inside the host's limits of the HTTP layer.

The scan takes one concurrency slot of the session's limiter for the host (the same limiter every HTTP
request to that host waits for) and one start of its rate, for its whole run; sslyze then opens one
connection at a time. A second scan of the same host in the same session waits until the first is done
(the limiter's ``scan_lock``: the state lives in the session, not in this module).
The handshakes inside one scan (about 500 for a full cipher-suite enumeration) are not paced one by one:
they count as one request start.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cgcomply.http import Session
    from cgcomply.probes.options import ProbeOptions

SCAN_CONNECTIONS = 1  # sslyze's concurrent connections per scan (locally also the fastest: ~0.9 s)


@contextmanager
def polite_scan(session: Session, host: str, options: ProbeOptions) -> Iterator[None]:
    """Hold the host's scan lock and one of its slots (after one rate start) while scanning."""
    limiter = session.limiter(host, options.http_options())
    with limiter.scan_lock, limiter.slot():
        limiter.pace()
        yield
