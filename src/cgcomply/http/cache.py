"""A bounded, expiring cache of fetched documents, keyed by URL and the headers sent.

It belongs to a :class:`~cgcomply.http.session.Session`: a monitoring run over many documents that share
``common.yaml`` fetches it once, a new session fetches it again, and an entry expires after its
time-to-live. The key includes the (hashed) request headers, so a response fetched with one set of
credentials is never handed to a request made with another.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CachedBody:
    body: bytes
    final_url: str
    stored: float


def cache_key(url: str, headers: Mapping[str, str]) -> tuple[str, str]:
    """``(url, sha256 of the sorted headers)``: credentials are not kept in the key itself."""
    digest = hashlib.sha256()
    for name, value in sorted((name.lower(), value) for name, value in headers.items()):
        digest.update(f"{name}\0{value}\0".encode("utf-8", "surrogatepass"))
    return url, digest.hexdigest()


class FetchCache:
    """LRU by total size and entry count, each entry valid for ``ttl_seconds``."""

    def __init__(
        self, *, ttl_seconds: float = 300.0, max_bytes: int = 128 * 1024 * 1024, max_entries: int = 512
    ):
        self.ttl_seconds = ttl_seconds
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], CachedBody] = OrderedDict()
        self._size = 0

    def get(self, url: str, headers: Mapping[str, str]) -> CachedBody | None:
        key = cache_key(url, headers)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry.stored > self.ttl_seconds:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, url: str, headers: Mapping[str, str], body: bytes, final_url: str) -> None:
        if len(body) > self.max_bytes or self.max_entries < 1:
            return
        key = cache_key(url, headers)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = CachedBody(body, final_url, time.monotonic())
            self._size += len(body)
            while self._entries and (self._size > self.max_bytes or len(self._entries) > self.max_entries):
                self._drop(next(iter(self._entries)))

    def _drop(self, key: tuple[str, str]) -> None:
        entry = self._entries.pop(key)
        self._size -= len(entry.body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
