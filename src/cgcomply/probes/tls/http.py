"""The two HTTP questions of the TLS probe: does the host still serve plain ``http://`` (and where does it
redirect), and do its HTTPS responses carry ``Strict-Transport-Security``?

Both requests go through the HTTP layer (:class:`cgcomply.http.SafeClient` of the run's session;
:func:`_get` is the one place that makes them), so the host's rate and concurrency limits hold and every
request has a total deadline: a server that trickles one byte per second is cut off after
:data:`PLAIN_HTTP_SECONDS`. The plain-HTTP request never carries credentials and never follows a redirect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cgcomply.http import Exchange, Session
    from cgcomply.probes.options import ProbeOptions

PLAIN_HTTP_SECONDS = 10.0  # total deadline of the plain-HTTP request (headers and the little body we read)
_PLAIN_BODY_BYTES = 4096
_TLS_PORT_REFUSALS = frozenset(
    {400, 403, 421, 426, 497}
)  # nginx: "plain HTTP request was sent to HTTPS port"
_MAX_AGE = re.compile(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:;|$)", re.IGNORECASE)


class PlainHttp(StrEnum):
    CLOSED = "closed"  # connection refused: nothing is served over plain HTTP
    NOT_HTTP = "not-http"  # the port answers, but not with HTTP (a TLS-only port), or not within the deadline
    REFUSED_BY_TLS_PORT = "refused-by-tls-port"  # an error status on the HTTPS port itself
    REDIRECT_HTTPS = "redirects"
    SERVED = "served"  # a normal HTTP response: reachable without TLS


@dataclass(slots=True)
class PlainHttpResult:
    outcome: PlainHttp
    url: str
    exchange: Exchange
    status: int | None = None
    location: str | None = None
    detail: str = ""
    limit: float = PLAIN_HTTP_SECONDS  # the total deadline the request had


def plain_http_port(https_port: int) -> int:
    """Where plain HTTP is tried: port 80 for an API on the default HTTPS port, else the same port."""
    return 80 if https_port == 443 else https_port


def plain_http_url(host: str, port: int, path: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}{'' if port == 80 else f':{port}'}{path}"


def _get(
    session: Session,
    url: str,
    options: ProbeOptions,
    *,
    credentials: bool,
    follow_redirects: bool,
    max_body_bytes: int,
    total_timeout: float | None = None,
) -> Exchange:
    """The one function through which the TLS probe sends HTTP: a client of the run's session."""
    bounds = options.http_options(max_body_bytes=max_body_bytes)
    with session.client(url, bounds, credentials=credentials) as client:
        return client.request(
            "GET",
            url,
            credentials=credentials,
            follow_redirects=follow_redirects,
            max_body_bytes=max_body_bytes,
            total_timeout=total_timeout,
        )


def probe_plain_http(
    url: str, options: ProbeOptions, session: Session, *, https_port: int
) -> PlainHttpResult:
    """``GET url`` over plain HTTP: no credentials, no redirects, at most :data:`PLAIN_HTTP_SECONDS`."""
    limit = min(options.max_request_seconds, PLAIN_HTTP_SECONDS)
    exchange = _get(
        session,
        url,
        options,
        credentials=False,
        follow_redirects=False,
        max_body_bytes=_PLAIN_BODY_BYTES,
        total_timeout=limit,
    )
    if exchange.status is None:
        kind = exchange.error_kind
        detail = exchange.error or "no answer"
        if kind == "refused":
            return PlainHttpResult(PlainHttp.CLOSED, url, exchange, detail="connection refused", limit=limit)
        if kind == "dns" or (kind == "timeout" and "connect" in detail):
            return PlainHttpResult(PlainHttp.CLOSED, url, exchange, detail=detail, limit=limit)
        if kind in ("timeout", "deadline"):
            detail = f"no HTTP answer within {limit:g} s"
        return PlainHttpResult(PlainHttp.NOT_HTTP, url, exchange, detail=detail, limit=limit)
    status = exchange.status
    location = exchange.blocked_redirect or exchange.header("location")
    result = PlainHttpResult(PlainHttp.SERVED, url, exchange, status=status, location=location, limit=limit)
    if 300 <= status < 400 and location and location.lower().startswith("https://"):
        result.outcome = PlainHttp.REDIRECT_HTTPS
    elif https_port != 443 and status in _TLS_PORT_REFUSALS:
        result.outcome = PlainHttp.REFUSED_BY_TLS_PORT
    return result


# ----------------------------------------------------------------------------- HSTS


@dataclass(slots=True)
class HstsResult:
    exchange: Exchange
    header: str | None = None
    max_age: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        return self.exchange.error


def parse_max_age(value: str) -> int | None:
    match = _MAX_AGE.search(value)
    return int(match.group(1)) if match else None


def fetch_hsts(
    base_url: str,
    options: ProbeOptions,
    session: Session,
    verified_get: Callable[[str], Exchange] | None = None,
) -> HstsResult:
    """The base URL's ``Strict-Transport-Security`` header, through the run's client when given, else a
    client of the session. Either sends the target's credentials, and only over a certificate that
    verifies (the HTTP layer never turns verification off)."""
    if verified_get is not None:
        exchange = verified_get(base_url)
    else:
        exchange = _get(session, base_url, options, credentials=True, follow_redirects=True, max_body_bytes=0)
    header = exchange.header("strict-transport-security") if exchange.status is not None else None
    return HstsResult(exchange, header, parse_max_age(header) if header is not None else None)
