"""Spacing of requests and connections that go outside the safe client (which paces its own)."""

from __future__ import annotations

import time


class Pacer:
    """Keeps starts at most ``rate`` per second: the prober's per-host politeness."""

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate if rate and rate > 0 else 0.0
        self._last: float | None = None

    def wait(self) -> None:
        now = time.monotonic()
        if self._last is not None and self._interval:
            delay = self._last + self._interval - now
            if delay > 0:
                time.sleep(delay)
                now = time.monotonic()
        self._last = now
