"""The HTTP layer's errors, and the one classifier of transport failures.

:func:`classify_transport_error` turns any httpx/httpcore/socket failure into a short ``kind`` and a
message a person can act on. ``kind`` is one of :data:`KINDS`; probes, the document fetch and the TLS
probe all read failures through it.
"""

from __future__ import annotations

import socket
import ssl

import httpx

from cgcomply.errors import TargetError

KINDS = (
    "refused",
    "reset",
    "dns",
    "timeout",
    "deadline",
    "tls",
    "connect",
    "protocol",
    "redirect-loop",
    "too-many-redirects",
)
UNREACHABLE_KINDS: frozenset[str] = frozenset(
    {"refused", "reset", "dns", "timeout", "deadline", "tls", "connect"}
)


class BadURLError(TargetError):
    """A URL that cannot be requested as written (bad port, bracket, scheme, host); nothing was sent."""


class UnsafeMethodError(TargetError):
    """A method that the options do not allow; nothing was sent."""


class OffOriginError(TargetError):
    """A URL outside the client's origin; nothing was sent."""


class DeadlineExceeded(httpx.TimeoutException):
    """The whole request (connect, headers and body) took longer than its total deadline."""


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def classify_transport_error(error: BaseException, deadline: float | None = None) -> tuple[str, str]:
    """``(kind, message)`` for a transport exception, looking through its causes.

    ``deadline`` (seconds) is named in the message when the total deadline was what stopped it."""
    chain = _chain(error)
    text = " ".join(str(item) for item in chain).lower()
    if any(isinstance(e, DeadlineExceeded) for e in chain) or "total deadline" in text:
        limit = f" of {deadline:g} s" if deadline else ""
        return "deadline", f"timed out: not complete within the total deadline{limit}"
    if "dns lookup" in text:
        return "dns", "DNS lookup failed: host name does not resolve" + (
            " in time" if "timed out" in text else ""
        )
    if isinstance(error, httpx.TimeoutException) or any(isinstance(e, socket.timeout) for e in chain):
        phase = "connect" if isinstance(error, httpx.ConnectTimeout) else "read"
        return "timeout", f"timed out ({phase} timeout)"
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain) or "ssl" in text:
        detail = next(
            (str(e) for e in chain if isinstance(e, ssl.SSLError | ssl.CertificateError)), str(error)
        )
        return "tls", f"TLS error: {detail}"
    if (
        any(isinstance(e, socket.gaierror) for e in chain)
        or "name or service not known" in text
        or "nodename nor servname" in text
        or "temporary failure in name resolution" in text
        or "no address associated" in text
    ):
        return "dns", "DNS lookup failed: host name does not resolve"
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "connection refused" in text:
        return "refused", "connection refused"
    if isinstance(error, httpx.ReadError | httpx.WriteError) or any(
        isinstance(e, ConnectionResetError | BrokenPipeError) for e in chain
    ):
        return "reset", f"the connection broke off ({error or type(error).__name__})"
    if isinstance(error, httpx.ConnectError | httpx.NetworkError):
        return "connect", f"connection failed: {error}"
    if isinstance(error, httpx.RemoteProtocolError | httpx.LocalProtocolError | httpx.DecodingError):
        return "protocol", f"invalid HTTP response: {error}"
    return "connect", f"{type(error).__name__}: {error}"
