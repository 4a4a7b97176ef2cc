"""The state of the HTTP layer for one run, or for many runs when the caller shares it: :class:`Session`.

Nothing of this lives in the process: a session holds

* the :class:`~cgcomply.http.redaction.Redactor` with the secrets of its runs (and only theirs);
* the :class:`~cgcomply.http.limits.HostLimiters`, one per host, that every client of the session obeys;
* the credentials, each bound to one origin (scheme, host, port): a client gets the credentials of its own
  origin and no other, so a document on another origin, or a redirect to another port, never carries them;
* the :class:`~cgcomply.http.cache.FetchCache` of remote documents and ``$ref`` targets.

A monitor that verifies hundreds of targets shares one session so that politeness per host holds across
the whole run; two independent runs use two sessions and share nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from cgcomply.http.cache import FetchCache
from cgcomply.http.client import SafeClient
from cgcomply.http.limits import HostLimiter, HostLimiters
from cgcomply.http.options import HttpOptions
from cgcomply.http.origin import Origin
from cgcomply.http.redaction import Redactor, current_redactor


class Session:
    def __init__(
        self,
        *,
        redactor: Redactor | None = None,
        cache_ttl_seconds: float = 300.0,
        cache_max_bytes: int = 128 * 1024 * 1024,
        cache_max_entries: int = 512,
    ) -> None:
        # The redactor given, or the one of the command this runs in (the CLI sets one), or a new one.
        self.redactor = redactor or current_redactor() or Redactor()
        self.limiters = HostLimiters()
        self.fetch_cache = FetchCache(
            ttl_seconds=cache_ttl_seconds, max_bytes=cache_max_bytes, max_entries=cache_max_entries
        )
        self._lock = threading.Lock()
        self._credentials: dict[Origin, dict[str, str]] = {}

    # ------------------------------------------------------------------ credentials

    def bind_credentials(self, origin: Origin | str, headers: Mapping[str, str]) -> Origin:
        """Send ``headers`` to ``origin`` (an :class:`Origin` or a URL on it) and nowhere else."""
        key = origin if isinstance(origin, Origin) else Origin.of(origin)
        self.redactor.add_all(headers.values())
        with self._lock:
            self._credentials.setdefault(key, {}).update(headers)
        return key

    def credentials_for(self, origin: Origin | str) -> dict[str, str]:
        key = origin if isinstance(origin, Origin) else Origin.of(origin)
        with self._lock:
            return dict(self._credentials.get(key, {}))

    def credential_origins(self) -> list[Origin]:
        with self._lock:
            return sorted(self._credentials)

    # ------------------------------------------------------------------ clients and limits

    def client(self, url: str, options: HttpOptions, *, credentials: bool = True) -> SafeClient:
        """A :class:`SafeClient` for the origin of ``url`` with the credentials bound to that origin
        (none with ``credentials=False``). The caller closes it."""
        origin = Origin.of(url)
        return SafeClient(
            url, options, self, credentials=self.credentials_for(origin) if credentials else None
        )

    def limiter(self, host: str, options: HttpOptions) -> HostLimiter:
        """The host's limiter, for work that does not send HTTP through a client (TLS handshakes)."""
        return self.limiters.for_host(host, options.rate_per_second, options.max_concurrency)

    # ------------------------------------------------------------------ redaction

    def add_secret(self, value: str) -> None:
        self.redactor.add(value)

    def redact(self, text: str) -> str:
        return self.redactor.redact(text)
