"""The two HTTP questions of the TLS probe: does the host still serve plain ``http://``, and do its HTTPS
responses carry ``Strict-Transport-Security``?

The plain-HTTP request is written by hand on a socket (one request line plus ``Host``), so that it never
carries credentials and never follows a redirect. The HTTPS request uses httpx with redirects off.
"""

from __future__ import annotations

import re
import socket
import ssl
from dataclasses import dataclass, field
from enum import StrEnum

import httpx

from cgcomply.probes._tls_handshake import Endpoint
from cgcomply.results import Evidence

_MAX_HEAD_BYTES = 64 * 1024
_STATUS_LINE = re.compile(rb"^HTTP/\d(?:\.\d)? (\d{3})")


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


def probe_plain_http(endpoint: Endpoint, path: str) -> PlainHttpResult:
    """Send ``GET path`` over plain HTTP to ``endpoint`` (which is already the plain-HTTP port)."""
    host_header = endpoint.host if ":" not in endpoint.host else f"[{endpoint.host}]"
    if endpoint.port != 80:
        host_header += f":{endpoint.port}"
    url = f"http://{host_header}{path}"
    try:
        sock = endpoint.connect()
    except TimeoutError:
        return PlainHttpResult(PlainHttp.CLOSED, url, detail="no answer (connect timed out)")
    except OSError as error:
        return PlainHttpResult(PlainHttp.CLOSED, url, detail=_reason(error))
    try:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: cgcomply\r\nConnection: close\r\n\r\n"
        )
        sock.sendall(request.encode("ascii", "replace"))
        head = _read_head(sock)
    except TimeoutError:
        return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail="no HTTP answer (timed out)")
    except OSError as error:
        return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail=f"no HTTP answer ({_reason(error)})")
    finally:
        sock.close()
    match = _STATUS_LINE.match(head)
    if not match:
        detail = "connection closed without an answer" if not head else "the answer is not HTTP"
        return PlainHttpResult(PlainHttp.NOT_HTTP, url, detail=detail)
    status = int(match.group(1))
    headers = _parse_headers(head)
    location = headers.get("location")
    result = PlainHttpResult(PlainHttp.SERVED, url, status=status, location=location, headers=headers)
    if 300 <= status < 400 and location and location.lower().startswith("https://"):
        result.outcome = PlainHttp.REDIRECT_HTTPS
    elif endpoint.port != 80 and status in (400, 403, 421, 426, 497):
        # A TLS port answering a plain-HTTP request with an error (nginx: "The plain HTTP request was sent to
        # HTTPS port") serves nothing over plain HTTP.
        result.outcome = PlainHttp.REFUSED_BY_TLS_PORT
    return result


def _read_head(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < _MAX_HEAD_BYTES:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n\r\n", 1)[0]


def _parse_headers(head: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            headers[name.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
    return headers


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


def fetch_hsts(
    url: str,
    verify: ssl.SSLContext | bool,
    headers: dict[str, str],
    connect_timeout: float,
    read_timeout: float,
) -> HstsResult:
    """GET ``url`` (no redirects, body not read) and read its ``Strict-Transport-Security`` header."""
    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    result = HstsResult(url)
    try:
        with (
            httpx.Client(verify=verify, timeout=timeout, follow_redirects=False, trust_env=False) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            result.status = response.status_code
            result.headers = {
                name: value
                for name, value in response.headers.items()
                if name.lower() in ("strict-transport-security", "content-type", "location", "server")
            }
            result.header = response.headers.get("strict-transport-security")
    except httpx.HTTPError as error:
        result.error = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return result
    if result.header is not None:
        result.max_age = parse_max_age(result.header)
    return result


def _reason(error: OSError) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    return error.strerror or str(error) or type(error).__name__
