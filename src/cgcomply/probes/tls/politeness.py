"""Politeness of the TLS scan: one scan per host at a time, inside the host's limits of the HTTP layer.

The scan takes one concurrency slot of the session's limiter for the host (the same limiter every HTTP
request to that host waits for) and one start of its rate, for its whole run; sslyze then opens one
connection at a time. A second scan of the same host in the same session waits until the first is done.
The handshakes inside one scan (about 500 for a full cipher-suite enumeration) are not paced one by one:
they count as one request start.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cgcomply.http import HostLimiter, Session
    from cgcomply.probes.options import ProbeOptions

SCAN_CONNECTIONS = 1  # sslyze's concurrent connections per scan (locally also the fastest: ~0.9 s)

# One lock per host limiter, living exactly as long as the limiter (and so its session) does.
_scan_locks: weakref.WeakKeyDictionary[HostLimiter, threading.Lock] = weakref.WeakKeyDictionary()
_scan_locks_guard = threading.Lock()


@contextmanager
def polite_scan(session: Session, host: str, options: ProbeOptions) -> Iterator[None]:
    """Hold the host's scan lock and one of its slots (after one rate start) while scanning."""
    limiter = session.limiter(host, options.http_options())
    with _scan_locks_guard:
        lock = _scan_locks.setdefault(limiter, threading.Lock())
    with lock, limiter.slot():
        limiter.pace()
        yield
