"""Politeness per host: one rate limit and one concurrency limit for everything that talks to a host.

A :class:`HostLimiters` belongs to a :class:`~cgcomply.http.session.Session`. Every path out of cgcomply
(probes, the TLS scan's connections, the conformance run, document and ``$ref`` fetches) asks it for the
limiter of the host it talks to, so ``--rate 2`` means two request starts per second for that host in
total, whatever part of cgcomply sends them. The key is the host name alone: ports 80 and 443 of one
machine share a limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostLimiter:
    """A concurrency semaphore plus a minimum spacing between request starts, for one host."""

    def __init__(self, host: str, rate_per_second: float, max_concurrency: int) -> None:
        self.host = host
        self.max_concurrency = max(1, max_concurrency)
        self._semaphore = threading.BoundedSemaphore(self.max_concurrency)
        self._lock = threading.Lock()
        self._interval = 1.0 / rate_per_second if rate_per_second > 0 else 0.0
        self._next_start = 0.0
        self.started = 0  # request starts granted (for reports and tests)
        self.scan_lock = threading.Lock()  # one TLS scan of this host at a time (probes/tls/politeness.py)

    @property
    def rate_per_second(self) -> float:
        return 1.0 / self._interval if self._interval else 0.0

    def tighten(self, rate_per_second: float) -> None:
        """Use the stricter of the current rate and ``rate_per_second`` from now on."""
        if rate_per_second <= 0:
            return
        with self._lock:
            self._interval = max(self._interval, 1.0 / rate_per_second)

    def pace(self) -> None:
        """Wait until the next request start is allowed (without taking a concurrency slot)."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self._interval
            self.started += 1
        if start > now:
            time.sleep(start - now)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the host's concurrency slots (a TLS scan holds one for its whole run)."""
        self._semaphore.acquire()
        try:
            yield
        finally:
            self._semaphore.release()

    @contextmanager
    def request(self) -> Iterator[None]:
        """One request: a concurrency slot, then the rate's spacing."""
        with self.slot():
            self.pace()
            yield


class HostLimiters:
    """The limiters of one session, one per host (created on first use)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_host: dict[str, HostLimiter] = {}

    def for_host(self, host: str, rate_per_second: float, max_concurrency: int) -> HostLimiter:
        """The host's limiter; a later, stricter rate tightens it (the concurrency stays the first one)."""
        key = host.lower().strip("[]")
        with self._lock:
            limiter = self._by_host.get(key)
            if limiter is None:
                limiter = self._by_host[key] = HostLimiter(key, rate_per_second, max_concurrency)
                return limiter
        limiter.tighten(rate_per_second)
        return limiter

    def hosts(self) -> list[str]:
        with self._lock:
            return sorted(self._by_host)
