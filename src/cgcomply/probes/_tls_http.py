"""The two HTTP questions of the TLS probe: does the host still serve plain ``http://``, and do its HTTPS
responses carry ``Strict-Transport-Security``?

Both go through the HTTP layer (:class:`cgcomply.http.SafeClient` of the run's session): the host's one
rate limit, a total deadline (a server that trickles its answer one byte per second is cut off), no
redirect followed. The plain-HTTP request never carries credentials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from cgcomply.http import Origin, Session
from cgcomply.probes._tls_handshake import Endpoint
from cgcomply.probes.options import ProbeOptions
from cgcomply.results import Evidence

PLAIN_HTTP_SECONDS = 10.0  # total deadline of the plain-HTTP request (only its status line is needed)


class PlainHttp(StrEnum):
    CLOSED = "closed"  # connection refused or no answer: nothing is served over plain HTTP
    NOT_HTTP = "not http"  # the port answers, but not with HTTP (a TLS-only port)
    REFUSED_BY_TLS_PORT = "refused by the TLS port"  # 400-style answer on the HTTPS port itself
    REDIRECT_HTTPS = "redirect to https"
    SERVED = "served"  # a normal HTTP response: the API (or something) is reachable without TLS


@dataclass(slots=True)
class PlainHttpResult:
    outcome: PlainHttp
    url: str
    status: int | None = None
    location: str | None = None
    detail: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def plain_http_port(https_port: int) -> int:
    """Where plain HTTP is tried: port 80 for an API on the default HTTPS port, else the same port."""
    return 80 if https_port == 443 else https_port


def probe_plain_http(
    endpoint: Endpoint, path: str, session: Session | None = None, options: ProbeOptions | None = None
) -> PlainHttpResult:
    """Send ``GET path`` over plain HTTP to ``endpoint`` (which is already the plain-HTTP port), through
    the session's client for ``http://host:port`` (a new session when None)."""
    options = options or ProbeOptions()
    session = session or Session()
    host_header = endpoint.host if ":" not in endpoint.host else f"[{endpoint.host}]"
    if endpoint.port != 80:
        host_header += f":{endpoint.port}"
    url = f"http://{host_header}{path}"
    bounds = options.http_options(max_body_bytes=0)
    with session.client(Origin.of(url).url(), bounds, credentials=False) as client:
        exchange = client.request(
            "GET",
            url,
            headers={"Connection": "close"},
            credentials=False,
            follow_redirects=False,
            total_timeout=min(bounds.total_timeout, PLAIN_HTTP_SECONDS),
        )
    if exchange.failed:
        kind, error = exchange.error_kind, exchange.error or ""
        if kind in ("refused", "dns") or (kind == "timeout" and "connect" in error):
            detail = "no answer (connect timed out)" if kind == "timeout" else _short(error)
            return PlainHttpResult(PlainHttp.CLOSED, url, detail=detail)
        if kind == "connect":
            return PlainHttpResult(PlainHttp.CLOSED, url, detail=_short(error))
        if kind == "protocol" and "without sending" in error.lower():
            return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail="connection closed without an answer")
        if kind == "protocol":
            return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail="the answer is not HTTP")
        if kind == "deadline":
            return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail=f"no HTTP answer ({error})")
        if kind == "timeout":
            return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail="no HTTP answer (timed out)")
        return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail=f"no HTTP answer ({_short(error)})")
    status = exchange.status or 0
    headers = {name.lower(): value for name, value in exchange.headers.items()}
    location = headers.get("location")
    result = PlainHttpResult(PlainHttp.SERVED, url, status=status, location=location, headers=headers)
    if 300 <= status < 400 and location and location.lower().startswith("https://"):
        result.outcome = PlainHttp.REDIRECT_HTTPS
    elif endpoint.port != 80 and status in (400, 403, 421, 426, 497):
        # A TLS port answering a plain-HTTP request with an error (nginx: "The plain HTTP request was sent to
        # HTTPS port") serves nothing over plain HTTP.
        result.outcome = PlainHttp.REFUSED_BY_TLS_PORT
    return result


def _short(error: str) -> str:
    lowered = error.lower()
    if "refused" in lowered:
        return "connection refused"
    if "broke off" in lowered or "reset" in lowered:
        return "connection reset"
    return error


# --------------------------------------------------------------------------- HSTS

_MAX_AGE = re.compile(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:;|$)", re.IGNORECASE)


@dataclass(slots=True)
class HstsResult:
    url: str
    status: int | None = None
    header: str | None = None  # the Strict-Transport-Security value, if any
    max_age: int | None = None
    error: str | None = None  # the request failed
    headers: dict[str, str] = field(default_factory=dict)
    evidence: Evidence | None = None  # set when the run's safe client made the request

    @property
    def ok(self) -> bool:
        return self.max_age is not None and self.max_age > 0


def parse_max_age(value: str) -> int | None:
    match = _MAX_AGE.search(value)
    return int(match.group(1)) if match else None


def fetch_hsts(url: str, session: Session, options: ProbeOptions, *, verified: bool) -> HstsResult:
    """GET ``url`` (no redirects, body not read) and read its ``Strict-Transport-Security`` header.

    Only over a certificate that verifies: browsers ignore HSTS on a connection with certificate errors
    (RFC 6797, section 8.1), so without one the header is not asked for at all."""
    result = HstsResult(url)
    if not verified:
        result.error = "the certificate does not verify, so an HSTS header would be ignored (RFC 6797 8.1)"
        return result
    with session.client(url, options.http_options(max_body_bytes=0)) as client:
        exchange = client.request("GET", url, follow_redirects=False)
    result.url = exchange.redact(exchange.url)
    if exchange.failed:
        result.error = exchange.error
        return result
    result.status = exchange.status
    result.headers = {
        name: value
        for name, value in exchange.headers.items()
        if name.lower() in ("strict-transport-security", "content-type", "location", "server")
    }
    result.header = exchange.headers.get("strict-transport-security")
    result.evidence = exchange.evidence()
    if result.header is not None:
        result.max_age = parse_max_age(result.header)
    return result
