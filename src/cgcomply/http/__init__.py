"""The one HTTP layer of cgcomply: every outbound request goes through :class:`SafeClient`.

A :class:`Session` holds what a run (or a caller's many runs) shares: the secrets to redact, one
rate and concurrency limiter per host, credentials bound to their origin, and the cache of fetched
documents. :class:`HttpOptions` are a client's bounds (methods, deadlines, body cap, rate, CA).
See DESIGN.md, "Probing a supplier's API safely".
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cgcomply.http.cache import FetchCache
    from cgcomply.http.client import USER_AGENT, SafeClient
    from cgcomply.http.errors import (
        UNREACHABLE_KINDS,
        BadURLError,
        DeadlineExceeded,
        OffOriginError,
        UnsafeMethodError,
        classify_transport_error,
    )
    from cgcomply.http.exchange import EVIDENCE_HEADERS, Exchange
    from cgcomply.http.limits import HostLimiter, HostLimiters
    from cgcomply.http.options import SAFE_METHODS, UNSAFE_METHODS, HttpOptions, ssl_context
    from cgcomply.http.origin import Origin, check_url
    from cgcomply.http.redaction import CREDENTIAL_HEADERS, MASK, Redactor, mask_userinfo, redact, redacting
    from cgcomply.http.session import Session

# Names load on first use (PEP 562), so that importing the redaction helpers does not import httpx.
_WHERE: dict[str, str] = {
    "BadURLError": "cgcomply.http.errors",
    "CREDENTIAL_HEADERS": "cgcomply.http.redaction",
    "DeadlineExceeded": "cgcomply.http.errors",
    "EVIDENCE_HEADERS": "cgcomply.http.exchange",
    "Exchange": "cgcomply.http.exchange",
    "FetchCache": "cgcomply.http.cache",
    "HostLimiter": "cgcomply.http.limits",
    "HostLimiters": "cgcomply.http.limits",
    "HttpOptions": "cgcomply.http.options",
    "MASK": "cgcomply.http.redaction",
    "OffOriginError": "cgcomply.http.errors",
    "Origin": "cgcomply.http.origin",
    "Redactor": "cgcomply.http.redaction",
    "SAFE_METHODS": "cgcomply.http.options",
    "SafeClient": "cgcomply.http.client",
    "Session": "cgcomply.http.session",
    "UNREACHABLE_KINDS": "cgcomply.http.errors",
    "UNSAFE_METHODS": "cgcomply.http.options",
    "USER_AGENT": "cgcomply.http.client",
    "UnsafeMethodError": "cgcomply.http.errors",
    "check_url": "cgcomply.http.origin",
    "classify_transport_error": "cgcomply.http.errors",
    "mask_userinfo": "cgcomply.http.redaction",
    "redact": "cgcomply.http.redaction",
    "redacting": "cgcomply.http.redaction",
    "ssl_context": "cgcomply.http.options",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'cgcomply.http' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "CREDENTIAL_HEADERS",
    "EVIDENCE_HEADERS",
    "MASK",
    "SAFE_METHODS",
    "UNREACHABLE_KINDS",
    "UNSAFE_METHODS",
    "USER_AGENT",
    "BadURLError",
    "DeadlineExceeded",
    "Exchange",
    "FetchCache",
    "HostLimiter",
    "HostLimiters",
    "HttpOptions",
    "OffOriginError",
    "Origin",
    "Redactor",
    "SafeClient",
    "Session",
    "UnsafeMethodError",
    "check_url",
    "classify_transport_error",
    "mask_userinfo",
    "redact",
    "redacting",
    "ssl_context",
]
