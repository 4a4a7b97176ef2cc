"""The bounds of a client: :class:`HttpOptions` (DESIGN.md, "Probing a supplier's API safely")."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from cgcomply.errors import TargetError
from cgcomply.i18n import Text

SAFE_METHODS: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS"})
UNSAFE_METHODS: frozenset[str] = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class HttpOptions:
    """What a :class:`~cgcomply.http.client.SafeClient` may do.

    ``total_timeout`` bounds one whole request (connect, headers and body, every redirect hop);
    ``connect_timeout``/``read_timeout`` bound each step. ``max_body_bytes`` holds for the decoded body.
    ``rate_per_second``/``max_concurrency`` are per host, shared by every client of the session.
    ``trust_env`` lets environment proxies and CA bundles in (off: what we test is what we say).
    """

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_body_bytes: int = 5 * 1024 * 1024
    rate_per_second: float = 10.0
    max_concurrency: int = 4
    allow_unsafe_methods: bool = False
    cacert: Path | None = None
    trust_env: bool = False
    max_redirects: int = 5


def ssl_context(cacert: Path | str | None, *, trust_env: bool = False) -> ssl.SSLContext:
    """Verification against ``cacert`` (a file or a folder of CA certificates) or the system CAs; never
    disabled. A CA file that cannot be used is a :class:`~cgcomply.errors.TargetError` naming it."""
    try:
        if cacert:
            path = Path(cacert)
            if path.is_dir():
                return ssl.create_default_context(capath=str(path))
            return ssl.create_default_context(cafile=str(path))
        if trust_env:
            import os

            bundle = os.environ.get("SSL_CERT_FILE")
            if bundle:
                return ssl.create_default_context(cafile=bundle)
        return ssl.create_default_context()
    except (OSError, ssl.SSLError) as error:
        raise TargetError(
            Text(
                f"kan het CA-bestand niet gebruiken: {error}",
                f"cannot use CA file: {error}",
            ),
            source=str(cacert),
            field="--cacert",
        ) from None
