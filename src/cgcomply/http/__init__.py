"""The one HTTP layer of cgcomply: every outbound request goes through :class:`SafeClient`.

A :class:`Session` holds what a run (or a caller's many runs) shares: the secrets to redact, one
rate and concurrency limiter per host, credentials bound to their origin, and the cache of fetched
documents. :class:`HttpOptions` are a client's bounds (methods, deadlines, body cap, rate, CA).
See DESIGN.md, "Probing a supplier's API safely".
"""

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
