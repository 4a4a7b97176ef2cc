"""Politeness of the TLS scan: one scan per host at a time, inside the host's limits of the HTTP layer.

The scan takes one concurrency slot of the host's limiter (the same limiter every HTTP request to that host
waits for) and one start of its rate, for its whole run; sslyze then opens one connection at a time. A
second scan of the same host waits until the first is done. The handshakes inside one scan (about 500 for a
full cipher-suite enumeration) are not paced one by one: they count as one request start.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cgcomply.probes.client import _limiter_for

if TYPE_CHECKING:
    from cgcomply.probes.options import ProbeOptions

SCAN_CONNECTIONS = 1  # sslyze's concurrent connections per scan (locally also the fastest: ~0.9 s)

# One lock per host limiter, living as long as the limiter does (the limiter is the politeness state).
_scan_locks: weakref.WeakKeyDictionary[object, threading.Lock] = weakref.WeakKeyDictionary()
_scan_locks_guard = threading.Lock()


@contextmanager
def polite_scan(host: str, port: int, options: ProbeOptions) -> Iterator[None]:
    """Hold the host's scan lock and one of its HTTP-layer slots (with one rate start) while scanning."""
    limiter = _limiter_for(host, port, options)
    with _scan_locks_guard:
        lock = _scan_locks.setdefault(limiter, threading.Lock())
    with lock, limiter:
        yield
