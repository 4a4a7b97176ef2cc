"""The wire: an :class:`httpx.BaseTransport` whose every network operation obeys a total deadline.

httpx bounds each socket read, so a server that trickles one byte per second (headers or body) keeps a
request alive for hours. :class:`DeadlineTransport` implements httpx's public transport contract on
httpcore's public :class:`httpcore.ConnectionPool` with a network backend whose connect, TLS handshake,
read and write timeouts shrink to what is left of the current deadline (:func:`deadline`), and which
raises :class:`~cgcomply.http.errors.DeadlineExceeded` once it has passed. DNS look-ups run in a helper
thread so that a slow resolver is bounded too. A proxy is used only when the
client trusts the environment (``HttpOptions.trust_env``), and then through the same backend.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
import time
import typing
from collections.abc import Iterator

import httpcore
import httpx

from cgcomply.http.errors import DeadlineExceeded

_local = threading.local()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Every network operation of this thread must end within ``seconds`` from now (nested: the earlier)."""
    previous: float | None = getattr(_local, "deadline", None)
    at = time.monotonic() + seconds
    _local.deadline = at if previous is None else min(previous, at)
    try:
        yield _local.deadline
    finally:
        _local.deadline = previous


def remaining() -> float | None:
    """Seconds left of this thread's deadline (None: no deadline)."""
    at: float | None = getattr(_local, "deadline", None)
    return None if at is None else at - time.monotonic()


def _bounded(timeout: float | None) -> float | None:
    left = remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise httpcore.ReadTimeout("total deadline passed")
    return left if timeout is None else min(timeout, left)


def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The IP addresses of ``host``, looked up in a helper thread (bounded by ``timeout``)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return [host.strip("[]")]
    except ValueError:
        pass
    result: list[str] = []
    failure: list[BaseException] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            result.extend(dict.fromkeys(str(info[4][0]) for info in infos))
        except OSError as error:
            failure.append(error)

    worker = threading.Thread(target=lookup, name="cgcomply-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"DNS lookup of {host} timed out")
    if failure or not result:
        raise httpcore.ConnectError(
            f"DNS lookup failed for {host}: {failure[0] if failure else 'no address'}"
        )
    return result


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with every timeout bounded by the thread's deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, _bounded(timeout))
        last_error: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address, port, _bounded(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
                continue
            return _DeadlineStream(stream)
        raise last_error or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by cgcomply")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


# httpcore's exceptions as httpx's (the order matters: subclasses first).
_MAPPING: tuple[tuple[type[Exception], type[httpx.RequestError]], ...] = (
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _mapped(request: httpx.Request) -> Iterator[None]:
    try:
        yield
    except httpx.HTTPError:
        raise
    except Exception as error:
        left = remaining()
        if left is not None and left <= 0 and isinstance(error, httpcore.TimeoutException | OSError):
            raise DeadlineExceeded("total deadline passed", request=request) from error
        for source, target in _MAPPING:
            if isinstance(error, source):
                raise target(str(error) or type(error).__name__, request=request) from error
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, inner: typing.Iterable[bytes], request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        with _mapped(self._request):
            yield from self._inner

    def close(self) -> None:
        closer = getattr(self._inner, "close", None)
        if closer is not None:
            closer()


class DeadlineTransport(httpx.BaseTransport):
    """HTTP/1.1 over :class:`httpcore.ConnectionPool` with :class:`DeadlineBackend`; a proxy only when the
    client was asked to trust the environment (``trust_env``)."""

    def __init__(
        self, *, ssl_context: ssl.SSLContext | None, max_connections: int, proxy: str | None = None
    ) -> None:
        settings: dict[str, typing.Any] = {
            "ssl_context": ssl_context,
            "max_connections": max(1, max_connections),
            "max_keepalive_connections": max(1, max_connections),
            "keepalive_expiry": 5.0,
            "http1": True,
            "http2": False,
            "retries": 0,
            "network_backend": DeadlineBackend(),
        }
        self._pool: httpcore.ConnectionPool = (
            httpcore.HTTPProxy(proxy_url=proxy, **settings) if proxy else httpcore.ConnectionPool(**settings)
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("DeadlineTransport sends synchronous requests only")
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _mapped(request):
            response = self._pool.handle_request(core_request)
        assert isinstance(response.stream, typing.Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
