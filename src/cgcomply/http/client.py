"""The one way cgcomply talks HTTP: :class:`SafeClient`, a polite, bounded, credential-safe client for
exactly one origin (scheme, host, port).

Every outbound request of cgcomply (probes, the document and remote ``$ref`` fetches, the TLS probe's
plain-HTTP and HSTS requests, the schemathesis conformance run) goes through this class. It guarantees:

* **methods**: GET, HEAD and OPTIONS; POST/PUT/PATCH/DELETE only with ``allow_unsafe_methods``; anything
  else (TRACE, CONNECT ...) never. A refused method raises :class:`UnsafeMethodError` before anything is sent;
* **one origin**: a URL of another scheme, host or port raises :class:`OffOriginError`; a redirect to
  another origin is recorded (:attr:`Exchange.blocked_redirect`) and never followed; loops are detected;
* **politeness**: the session's limiter of the host (one rate and one concurrency limit per host for every
  client of the session);
* **bounds**: connect/read timeouts per step and a total deadline per request (every hop, headers and
  body) enforced by :class:`~cgcomply.http.transport.DeadlineTransport`; a cap on every body that holds
  after decoding every Content-Encoding layer (:mod:`~cgcomply.http.decoding`);
* **credentials**: only those the session binds to this client's origin are sent, only to it; every
  secret is masked by the session's redactor in every :class:`Exchange` text and evidence;
* **no environment**: no proxy or CA bundle from the environment unless ``trust_env``; TLS is verified
  against ``cacert`` or the system CAs, never disabled.

Transport failures never raise: :meth:`SafeClient.request` returns an :class:`Exchange` with ``error`` and
``error_kind`` set (see :func:`~cgcomply.http.errors.classify_transport_error`).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import httpx

from cgcomply import __version__
from cgcomply.errors import TargetError
from cgcomply.http.decoding import ACCEPT_ENCODING, BadEncoding, UnsupportedEncoding, decode
from cgcomply.http.errors import (
    OffOriginError,
    UnsafeMethodError,
    classify_transport_error,
    transport_message,
)
from cgcomply.http.exchange import CUT_BROKEN, CUT_CAP, CUT_DEADLINE, CUT_ENCODING, Exchange, exchange_message
from cgcomply.http.options import SAFE_METHODS, UNSAFE_METHODS, HttpOptions, ssl_context
from cgcomply.http.origin import Origin
from cgcomply.http.transport import DeadlineTransport, deadline, remaining
from cgcomply.i18n import Message, Text, map_strings

if TYPE_CHECKING:
    from cgcomply.http.session import Session

USER_AGENT = f"cgcomply/{__version__} (NL GOV API Design Rules probe; read-only by default)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _proxy_for(origin: Origin) -> str | None:
    """The environment's proxy for ``origin`` (``https_proxy``, ``no_proxy`` ...), used only with trust_env."""
    proxies = urllib.request.getproxies()
    proxy = proxies.get(origin.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(origin.host):
        return None
    return proxy


class SafeClient:
    """A bounded HTTP client for exactly one origin (see the module docstring). Made by
    :meth:`Session.client`, which gives it the session's redactor, host limiter and the credentials bound
    to its origin."""

    def __init__(
        self,
        base_url: str,
        options: HttpOptions,
        session: Session,
        *,
        credentials: Mapping[str, str] | None = None,
    ) -> None:
        self.options = options
        self.session = session
        self.origin = Origin.of(base_url)
        self.redactor = session.redactor
        self.limiter = session.limiters.for_host(
            self.origin.host, options.rate_per_second, options.max_concurrency
        )
        self.credentials: dict[str, str] = dict(credentials or {})
        self.redactor.add_all(self.credentials.values())
        timeout = httpx.Timeout(
            connect=options.connect_timeout,
            read=options.read_timeout,
            write=options.read_timeout,
            pool=options.total_timeout,
        )
        # A plain-http origin never gets an https request (check_url), so no CA store is loaded for it.
        context = (
            ssl_context(options.cacert, trust_env=options.trust_env)
            if self.origin.scheme == "https"
            else None
        )
        proxy = _proxy_for(self.origin) if options.trust_env else None
        self._http = httpx.Client(
            transport=DeadlineTransport(
                ssl_context=context, max_connections=options.max_concurrency, proxy=proxy
            ),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
        )
        self.sent: list[tuple[str, str]] = []  # (method, url) of every request actually sent

    def __enter__(self) -> SafeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def redact(self, text: str) -> str:
        return self.redactor.redact(text)

    def check_method(self, method: str) -> str:
        method = method.upper()
        if method in SAFE_METHODS:
            return method
        if method in UNSAFE_METHODS and self.options.allow_unsafe_methods:
            return method
        hint = " (needs --allow-unsafe-methods)" if method in UNSAFE_METHODS else ""
        raise UnsafeMethodError(
            Text(
                f"methode {method} is niet toegestaan{hint}; er is niets verstuurd",
                f"method {method} is not allowed{hint}; nothing was sent",
            )
        )

    def check_url(self, url: str) -> None:
        if Origin.of(url) != self.origin:
            raise OffOriginError(
                Text(
                    f"{self.redact(url)} ligt niet op de origin van het doel {self.origin}; er is niets verstuurd",
                    f"{self.redact(url)} is not on the target origin {self.origin}; nothing was sent",
                )
            )

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        credentials: bool = True,
        follow_redirects: bool = True,
        max_body_bytes: int | None = None,
        total_timeout: float | None = None,
    ) -> Exchange:
        """Send one request (plus same-origin redirects) within the total deadline; never raises for
        transport problems. ``content`` (a body) is only sent with an unsafe method that is allowed."""
        method = self.check_method(method)
        self.check_url(url)
        if content is not None and method in SAFE_METHODS:
            raise UnsafeMethodError(
                Text(
                    f"{method} met een body wordt niet verstuurd; er is niets verstuurd",
                    f"{method} with a body is not sent; nothing was sent",
                )
            )
        cap = self.options.max_body_bytes if max_body_bytes is None else max_body_bytes
        limit = self.options.total_timeout if total_timeout is None else total_timeout
        sent_headers = dict(headers or {})
        if credentials:
            sent_headers.update(self.credentials)
        exchange = Exchange(
            method=method,
            url=url,
            final_url=url,
            redactor=self.redactor,
            request_headers=self.redactor.headers(sent_headers, self.credentials),
        )
        seen = {url}
        current = url
        with deadline(limit):
            while True:
                self._send(exchange, method, current, sent_headers, content, cap, limit)
                if exchange.error or not follow_redirects or exchange.status not in REDIRECT_STATUSES:
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
                    exchange.blocked_redirect = self.redact(target)
                    return exchange
                exchange.redirects.append((exchange.status or 0, self.redact(target)))
                if target in seen:
                    exchange.fail(
                        "redirect-loop", transport_message("redirect-loop", url=self.redact(target))
                    )
                    return exchange
                if len(exchange.redirects) > self.options.max_redirects:
                    exchange.fail(
                        "too-many-redirects",
                        transport_message("too-many-redirects", count=self.options.max_redirects),
                    )
                    return exchange
                seen.add(target)
                current = target
                if exchange.status == 303 or (exchange.status in (301, 302) and method == "POST"):
                    method, content = "GET", None

    def _send(
        self,
        exchange: Exchange,
        method: str,
        url: str,
        headers: dict[str, str],
        content: bytes | None,
        cap: int,
        limit: float,
    ) -> None:
        exchange.final_url = url
        exchange.status, exchange.headers, exchange.body = None, httpx.Headers(), b""
        exchange.truncated, exchange.cut_off, exchange.cut_off_kind = False, None, None
        exchange.cut_off_message = None
        body = bytearray()
        over, declared = False, ""

        def cut(kind: str, why: Message) -> None:
            exchange.truncated, exchange.cut_off_kind = True, kind
            exchange.cut_off, exchange.cut_off_message = str(why), why

        with self.limiter.request():
            self.sent.append((method, url))
            try:
                with self._http.stream(method, url, headers=headers, content=content) as response:
                    exchange.status = response.status_code
                    exchange.headers = response.headers
                    if method == "HEAD":
                        return
                    declared = response.headers.get("content-length", "")
                    encoded = response.headers.get("content-encoding", "identity").strip().lower()
                    # Over the cap by its own Content-Length: whatever comes, it is cut at the cap.
                    over = declared.isdigit() and int(declared) > cap and encoded in ("", "identity")
                    try:
                        for piece in decode(response.iter_raw(), response.headers.get("content-encoding")):
                            room = cap - len(body)
                            if len(piece) > room:
                                body += piece[: max(room, 0)]
                                cut(CUT_CAP, exchange_message("cut.cap", cap=cap))
                                break
                            body += piece
                            left = remaining()
                            if left is not None and left <= 0:
                                cut(CUT_DEADLINE, exchange_message("cut.deadline", seconds=f"{limit:g}"))
                                break
                    except (UnsupportedEncoding, BadEncoding) as error:
                        encoding_detail = exchange_message(f"encoding.{error.key}", **error.params)
                        cut(CUT_ENCODING, exchange_message("cut.encoding", detail=encoding_detail))
            except httpx.HTTPError as error:
                kind, message = classify_transport_error(error, limit)
                if exchange.status is not None and over and kind != "deadline":
                    cut(CUT_CAP, exchange_message("cut.cap-declared", cap=cap, declared=declared))
                elif exchange.status is None:
                    exchange.fail(kind, map_strings(message, self.redact))
                elif kind == "deadline":
                    cut(CUT_DEADLINE, exchange_message("cut.deadline", seconds=f"{limit:g}"))
                else:
                    # The headers arrived but the body broke off (reset, bad chunking): keep what came.
                    cut(CUT_BROKEN, exchange_message("cut.broken", error=map_strings(message, self.redact)))
            except (OSError, ValueError) as error:
                if exchange.status is None:
                    detail = self.redact(f"{type(error).__name__}: {error}")
                    exchange.fail("connect", transport_message("other", detail=detail))
                else:
                    reason = transport_message("other", detail=type(error).__name__)
                    cut(CUT_BROKEN, exchange_message("cut.broken", error=reason))
            finally:
                exchange.body = bytes(body)
