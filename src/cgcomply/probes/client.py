"""The only way probes talk to a supplier's API: a polite, bounded, credential-safe HTTP client.

DESIGN.md, "Probing a supplier's API safely". :class:`SafeClient` wraps one :class:`httpx.Client` for one
target origin (scheme, host, port) and guarantees:

* **methods**: GET, HEAD and OPTIONS only; POST/PUT/PATCH/DELETE only with
  ``ProbeOptions.allow_unsafe_methods``; anything else (TRACE, CONNECT, ...) never. A refused method raises
  :class:`UnsafeMethodError` *before* anything is sent;
* **one origin**: a URL of another scheme/host/port raises :class:`~cgcomply.errors.TargetError`;
* **politeness**: per host a concurrency semaphore and a rate limit (requests per second), shared by every
  client in this process that probes the same host with the same limits;
* **bounds**: connect/read timeouts, a wall-clock limit per request, and a cap on every body read (over the
  cap the read stops and :attr:`Exchange.truncated` is set);
* **redirects**: followed by hand, at most :data:`MAX_REDIRECTS`, only within the target origin; a redirect
  to another origin is recorded (:attr:`Exchange.blocked_redirect`) and never followed; loops are detected;
* **credentials**: ``ProbeOptions.extra_headers`` are sent only to the target origin (and since no other
  origin is ever contacted, never elsewhere); their values are registered with
  :mod:`~cgcomply.probes.redaction` so they are masked in every :class:`~cgcomply.results.Evidence` and
  message;
* **TLS**: verified against ``ProbeOptions.cacert`` (a private CA) or the system CAs; never disabled.

Transport failures never raise: :meth:`SafeClient.request` returns an :class:`Exchange` with ``error`` and
``error_kind`` set (``refused``, ``dns``, ``timeout``, ``tls``, ``connect``, ``protocol``,
``redirect-loop``, ``too-many-redirects``).
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from cgcomply import __version__
from cgcomply.errors import TargetError
from cgcomply.probes._deadline import DeadlineTransport, request_deadline
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.redaction import redact, redact_headers, register_secrets
from cgcomply.results import Evidence

SAFE_METHODS: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS"})
UNSAFE_METHODS: frozenset[str] = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_REDIRECTS = 5
EVIDENCE_BODY_CHARS = 2048
USER_AGENT = f"cgcomply/{__version__} (NL GOV API Design Rules probe; read-only by default)"
UNREACHABLE_KINDS: frozenset[str] = frozenset({"refused", "dns", "timeout", "tls", "connect"})

# Response headers that live checks look at; evidence shows these unless a probe names others.
EVIDENCE_HEADERS: tuple[str, ...] = (
    "content-type",
    "content-length",
    "api-version",
    "location",
    "cache-control",
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "vary",
    "www-authenticate",
)


class UnsafeMethodError(TargetError):
    """A probe asked for a method that the options do not allow; nothing was sent."""


@dataclass(slots=True)
class Exchange:
    """One request and what came back (after same-origin redirects), or why nothing came back."""

    method: str
    url: str  # the URL asked for
    final_url: str  # the URL that answered (differs after followed redirects)
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    truncated: bool = False  # the body is incomplete: over the cap, over the time limit, or broke off
    cut_off: str | None = None  # why the body is incomplete, e.g. "longer than the cap of 5242880 bytes"
    error: str | None = None  # transport failure, redacted
    error_kind: str | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)  # followed hops: (status, location)
    blocked_redirect: str | None = None  # a Location on another origin, not followed
    request_headers: dict[str, str] = field(default_factory=dict)  # as sent, redacted

    @property
    def failed(self) -> bool:
        """True when no HTTP response arrived (or redirects could not be resolved)."""
        return self.error is not None

    @property
    def unreachable(self) -> bool:
        return self.error_kind in UNREACHABLE_KINDS

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def media_type(self) -> str:
        """``Content-Type`` without parameters, lower case ('' when absent)."""
        return (self.headers.get("content-type") or "").split(";", 1)[0].strip().lower()

    def json(self) -> Any | None:
        """The body parsed as JSON, or None when it is not JSON (or truncated)."""
        if self.truncated or not self.body:
            return None
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None

    def looks_like_html(self) -> bool:
        head = self.body[:512].lstrip().lower()
        return self.media_type in ("text/html", "application/xhtml+xml") or head.startswith(
            (b"<!doctype html", b"<html")
        )

    def describe(self) -> str:
        """``GET https://... -> 404`` or ``GET https://... -> error: ...`` for messages."""
        outcome = f"error: {self.error}" if self.error else str(self.status)
        return redact(f"{self.method} {self.url} -> {outcome}")

    def evidence(self, header_names: tuple[str, ...] | None = None, note: str | None = None) -> Evidence:
        """The exchange as report evidence: relevant response headers, body trimmed, credentials masked."""
        names = header_names or EVIDENCE_HEADERS
        headers = {name: self.headers[name] for name in names if name in self.headers}
        text = self.body[: EVIDENCE_BODY_CHARS * 2].decode("utf-8", errors="replace")
        if len(text) > EVIDENCE_BODY_CHARS:
            text = text[:EVIDENCE_BODY_CHARS] + "…"
        notes = [part for part in (note, self._transport_note()) if part]
        return Evidence(
            method=self.method,
            url=redact(self.url),
            status=self.status,
            headers=redact_headers(headers),
            body=redact(text) if text else None,
            request_headers=dict(self.request_headers),
            note=redact("; ".join(notes)) if notes else None,
        )

    def _transport_note(self) -> str | None:
        parts: list[str] = []
        if self.error:
            parts.append(f"no response: {self.error}")
        if self.redirects:
            hops = ", ".join(f"{status} -> {location}" for status, location in self.redirects)
            parts.append(f"redirects followed: {hops}")
        if self.blocked_redirect:
            parts.append(f"redirect to another host not followed: {self.blocked_redirect}")
        if self.truncated:
            parts.append(f"body {self.cut_off or 'incomplete'}; read stopped after {len(self.body)} bytes")
        return "; ".join(parts) or None


class _HostLimiter:
    """Concurrency semaphore plus a minimum spacing between request starts, for one host."""

    def __init__(self, rate_per_second: float, max_concurrency: int) -> None:
        self.semaphore = threading.BoundedSemaphore(max(1, max_concurrency))
        self.interval = 1.0 / rate_per_second if rate_per_second > 0 else 0.0
        self._lock = threading.Lock()
        self._next_start = 0.0

    def __enter__(self) -> _HostLimiter:
        self.semaphore.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self.interval
        if start > now:
            time.sleep(start - now)
        return self

    def __exit__(self, *exc: object) -> None:
        self.semaphore.release()


_limiters: dict[tuple[str, int, float, int], _HostLimiter] = {}
_limiters_lock = threading.Lock()


def _limiter_for(host: str, port: int, options: ProbeOptions) -> _HostLimiter:
    key = (host.lower(), port, options.rate_per_second, options.max_concurrency)
    with _limiters_lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = _limiters[key] = _HostLimiter(options.rate_per_second, options.max_concurrency)
        return limiter


@dataclass(frozen=True, slots=True)
class Origin:
    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise TargetError(f"not an http(s) URL with a host: {redact(url)!r}", source=redact(url))
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise TargetError(f"invalid port in URL {redact(url)!r}", source=redact(url)) from None
        return cls(scheme, parts.hostname.lower(), port)

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def build_ssl_context(options: ProbeOptions) -> ssl.SSLContext:
    """Verification against ``options.cacert`` or the system CAs; a bad CA file is a TargetError."""
    try:
        if options.cacert:
            return ssl.create_default_context(cafile=str(options.cacert))
        return ssl.create_default_context()
    except (OSError, ssl.SSLError) as error:
        raise TargetError(
            f"cannot use CA file: {error}", source=str(options.cacert), field="--cacert"
        ) from None


def classify_transport_error(error: BaseException) -> tuple[str, str]:
    """``(kind, message)`` for an httpx transport exception, looking through its causes."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = " ".join(str(item) for item in chain).lower()
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
        or ("nodename nor servname" in text or "temporary failure in name resolution" in text)
    ):
        return "dns", "DNS lookup failed: host name does not resolve"
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "connection refused" in text:
        return "refused", "connection refused"
    if isinstance(error, httpx.ConnectError | httpx.NetworkError):
        return "connect", f"connection failed: {error}"
    if isinstance(error, httpx.RemoteProtocolError | httpx.LocalProtocolError | httpx.DecodingError):
        return "protocol", f"invalid HTTP response: {error}"
    return "connect", f"{type(error).__name__}: {error}"


class SafeClient:
    """A bounded HTTP client for exactly one target origin (see the module docstring)."""

    def __init__(self, base_url: str, options: ProbeOptions) -> None:
        self.options = options
        self.origin = Origin.of(base_url)
        self._limiter = _limiter_for(self.origin.host, self.origin.port, options)
        self._credential_names = tuple(options.extra_headers)
        register_secrets(options.extra_headers.values())
        timeout = httpx.Timeout(
            connect=options.connect_timeout,
            read=options.read_timeout,
            write=options.read_timeout,
            pool=options.connect_timeout + options.read_timeout,
        )
        limits = httpx.Limits(max_connections=max(1, options.max_concurrency))
        # A plain-http origin never gets an https request (check_url), so no CA store is loaded for it.
        verify = build_ssl_context(options) if self.origin.scheme == "https" else False
        self._http = httpx.Client(
            transport=DeadlineTransport(verify=verify, limits=limits),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,  # no proxies or CA bundles from the environment: what we test is what we say
            headers={"User-Agent": USER_AGENT},
        )
        self.sent: list[tuple[str, str]] = []  # (method, url) of every request actually sent

    def __enter__(self) -> SafeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def check_method(self, method: str) -> str:
        method = method.upper()
        if method in SAFE_METHODS:
            return method
        if method in UNSAFE_METHODS and self.options.allow_unsafe_methods:
            return method
        hint = " (needs --allow-unsafe-methods)" if method in UNSAFE_METHODS else ""
        raise UnsafeMethodError(f"method {method} is not allowed{hint}; nothing was sent")

    def check_url(self, url: str) -> None:
        if Origin.of(url) != self.origin:
            raise TargetError(f"{redact(url)} is not on the target origin {self.origin}; nothing was sent")

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        credentials: bool = True,
        follow_redirects: bool = True,
        max_body_bytes: int | None = None,
    ) -> Exchange:
        """Send one request (plus same-origin redirects); never raises for transport problems."""
        method = self.check_method(method)
        self.check_url(url)
        cap = self.options.max_body_bytes if max_body_bytes is None else max_body_bytes
        sent_headers = dict(headers or {})
        if credentials:
            sent_headers.update(self.options.extra_headers)
        exchange = Exchange(
            method=method,
            url=url,
            final_url=url,
            request_headers=redact_headers(sent_headers, self._credential_names),
        )
        seen = {url}
        current = url
        while True:
            self._send(exchange, method, current, sent_headers, cap)
            if exchange.error or not follow_redirects or exchange.status not in (301, 302, 303, 307, 308):
                return exchange
            location = exchange.headers.get("location")
            if not location:
                return exchange
            try:
                target = urljoin(current, location.strip())
                same_origin = Origin.of(target) == self.origin
            except (TargetError, ValueError):
                target, same_origin = location.strip(), False
            if not same_origin:
                exchange.blocked_redirect = redact(target)
                return exchange
            exchange.redirects.append((exchange.status or 0, redact(target)))
            if target in seen:
                exchange.error_kind = "redirect-loop"
                exchange.error = f"redirect loop: {redact(target)} was already visited"
                return exchange
            if len(exchange.redirects) > MAX_REDIRECTS:
                exchange.error_kind = "too-many-redirects"
                exchange.error = f"more than {MAX_REDIRECTS} redirects"
                return exchange
            seen.add(target)
            current = target
            if exchange.status == 303:
                method = "GET"

    def _send(self, exchange: Exchange, method: str, url: str, headers: dict[str, str], cap: int) -> None:
        exchange.final_url = url
        exchange.status, exchange.headers, exchange.body = None, httpx.Headers(), b""
        exchange.truncated, exchange.cut_off = False, None
        limit = self.options.max_request_seconds
        deadline = time.monotonic() + limit
        body = bytearray()
        with self._limiter, request_deadline(limit):
            self.sent.append((method, url))
            try:
                with self._http.stream(method, url, headers=headers) as response:
                    exchange.status = response.status_code
                    exchange.headers = response.headers
                    if method == "HEAD":
                        return
                    for chunk in response.iter_bytes():
                        room = cap - len(body)
                        if len(chunk) > room:
                            body += chunk[:room]
                            exchange.truncated, exchange.cut_off = True, f"longer than the cap of {cap} bytes"
                            break
                        body += chunk
                        if time.monotonic() > deadline:
                            exchange.truncated, exchange.cut_off = True, f"not complete within {limit:g} s"
                            break
            except httpx.HTTPError as error:
                kind, message = classify_transport_error(error)
                if exchange.status is None:
                    exchange.error_kind, exchange.error = kind, redact(message)
                else:
                    # The headers arrived but the body broke off (time limit, reset): keep what came.
                    exchange.truncated = True
                    exchange.cut_off = (
                        f"not complete within {limit:g} s"
                        if time.monotonic() >= deadline
                        else f"broke off: {redact(message)}"
                    )
            except (OSError, ValueError) as error:
                if exchange.status is None:
                    exchange.error_kind = "connect"
                    exchange.error = redact(f"{type(error).__name__}: {error}")
                else:
                    exchange.truncated, exchange.cut_off = True, f"broke off: {type(error).__name__}"
            finally:
                exchange.body = bytes(body)
