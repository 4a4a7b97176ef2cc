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
from cgcomply.i18n import Catalog, Message, Param, Text, freeze

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


#: The texts of transport failures (``http.errors:<key>``), the raw detail of the exception as a parameter.
MESSAGES: Catalog = freeze(
    {
        "deadline": Text(
            "time-out: niet compleet binnen de totale termijn{limit}",
            "timed out: not complete within the total deadline{limit}",
        ),
        "deadline-limit": Text(" van {seconds} s", " of {seconds} s"),
        "dns": Text(
            "DNS-opzoeking mislukt: de hostnaam bestaat niet", "DNS lookup failed: host name does not resolve"
        ),
        "dns-timeout": Text(
            "DNS-opzoeking mislukt: de hostnaam werd niet op tijd gevonden",
            "DNS lookup failed: host name does not resolve in time",
        ),
        "timeout-connect": Text("time-out (bij het verbinden)", "timed out (connect timeout)"),
        "timeout-read": Text("time-out (bij het lezen)", "timed out (read timeout)"),
        "tls": Text("TLS-fout: {detail}", "TLS error: {detail}"),
        "refused": Text("verbinding geweigerd", "connection refused"),
        "reset": Text("de verbinding werd verbroken ({detail})", "the connection broke off ({detail})"),
        "connect": Text("verbinden mislukt: {detail}", "connection failed: {detail}"),
        "protocol": Text("ongeldig HTTP-antwoord: {detail}", "invalid HTTP response: {detail}"),
        "other": Text("{detail}", "{detail}"),
        "redirect-loop": Text(
            "doorverwijzingslus: {url} was al bezocht", "redirect loop: {url} was already visited"
        ),
        "too-many-redirects": Text("meer dan {count} doorverwijzingen", "more than {count} redirects"),
    }
)


def transport_message(key: str, /, **params: Param) -> Message:
    """The message ``http.errors:<key>``."""
    return Message(f"http.errors:{key}", params)


def classify_transport_error(error: BaseException, deadline: float | None = None) -> tuple[str, Message]:
    """``(kind, message)`` for a transport exception, looking through its causes. ``str(message)`` is the
    English text (for logs); reports render it in their language.

    ``deadline`` (seconds) is named in the message when the total deadline was what stopped it."""
    chain = _chain(error)
    text = " ".join(str(item) for item in chain).lower()
    if any(isinstance(e, DeadlineExceeded) for e in chain) or "total deadline" in text:
        limit: Param = transport_message("deadline-limit", seconds=f"{deadline:g}") if deadline else ""
        return "deadline", transport_message("deadline", limit=limit)
    if "dns lookup" in text:
        return "dns", transport_message("dns-timeout" if "timed out" in text else "dns")
    if isinstance(error, httpx.TimeoutException) or any(isinstance(e, socket.timeout) for e in chain):
        phase = "connect" if isinstance(error, httpx.ConnectTimeout) else "read"
        return "timeout", transport_message(f"timeout-{phase}")
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain) or "ssl" in text:
        detail = next(
            (str(e) for e in chain if isinstance(e, ssl.SSLError | ssl.CertificateError)), str(error)
        )
        return "tls", transport_message("tls", detail=detail)
    if (
        any(isinstance(e, socket.gaierror) for e in chain)
        or "name or service not known" in text
        or "nodename nor servname" in text
        or "temporary failure in name resolution" in text
        or "no address associated" in text
    ):
        return "dns", transport_message("dns")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "connection refused" in text:
        return "refused", transport_message("refused")
    if isinstance(error, httpx.ReadError | httpx.WriteError) or any(
        isinstance(e, ConnectionResetError | BrokenPipeError) for e in chain
    ):
        return "reset", transport_message("reset", detail=str(error) or type(error).__name__)
    if isinstance(error, httpx.ConnectError | httpx.NetworkError):
        return "connect", transport_message("connect", detail=str(error))
    if isinstance(error, httpx.RemoteProtocolError | httpx.LocalProtocolError | httpx.DecodingError):
        return "protocol", transport_message("protocol", detail=str(error))
    return "connect", transport_message("other", detail=f"{type(error).__name__}: {error}")
