"""One HTTP server for every test that needs a live target: :func:`serve`.

Loopback only (127.0.0.0/8, never another interface), a thread per connection, every loop bounded (a
trickling answer stops after its last byte or when the server stops, whichever is first). The server
records each request (:class:`Seen`: method, path, headers, body, arrival time) and answers with what the
test's handler returns:

* a :class:`Reply` (status, headers, body): an ordinary response with Content-Length;
* a :class:`Reply` with ``chunks`` (and ``pause`` between them): written piece by piece, for streamed,
  slow or huge bodies (Content-Length only when given in ``headers``);
* a :class:`Raw` (bytes written as they are, then the connection is closed): for answers that are not HTTP;
* a :class:`Hold` (nothing at all, the connection kept open for a while): a server that never answers.

``serve(handler, tls=context)`` serves HTTPS with an :class:`ssl.SSLContext` (the handshake in the
connection's thread, so a refused handshake is just a closed connection); :func:`static_files` serves a
folder (GET only). :func:`ok_json` and :func:`redirect` are the common handlers.

``tests/hostile_servers.py`` builds the hostile behaviours (gzip bombs, tricklers, redirectors) on it.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

MAX_REQUEST_BODY = 1024 * 1024


@dataclass(slots=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() on arrival

    def __iter__(self) -> Iterator[object]:
        """``method, path, headers = seen``."""
        return iter((self.method, self.path, self.headers))

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == lowered), None)


@dataclass(slots=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks: Iterable[bytes] | None = None  # written one by one (after the headers)
    pause: float = 0.0  # seconds between chunks
    head_pause: float = 0.0  # seconds between the bytes of the status line and headers (a trickler)


@dataclass(slots=True)
class Raw:
    data: bytes
    pause: float = 0.0  # seconds between single bytes (0: all at once)


@dataclass(slots=True)
class Hold:
    seconds: float = 30.0  # how long the connection is kept open without a byte (or until the server stops)


Handler = Callable[[Seen], "Reply | Raw | Hold"]


def json_reply(data: bytes | str = b"{}", status: int = 200, **headers: str) -> Reply:
    body = data.encode() if isinstance(data, str) else data
    return Reply(status, {"Content-Type": "application/json", **headers}, body)


def ok_json(body: bytes = b'{"ok": true}', headers: dict[str, str] | None = None) -> Handler:
    """Every request: 200 with a JSON ``body`` and ``headers``."""
    reply = Reply(200, {"Content-Type": "application/json", **(headers or {})}, body)
    return lambda seen: reply


def redirect(location: str, status: int = 301) -> Handler:
    """Every request: a redirect to ``location``."""
    return lambda seen: Reply(status, {"Location": location})


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, handler: Handler, host: str, delay: float, tls: ssl.SSLContext | None = None) -> None:
        if not host.startswith("127."):
            raise ValueError("test servers listen on loopback (127.0.0.0/8) only")
        super().__init__((host, 0), _RequestHandler)
        self.scheme = "https" if tls is not None else "http"
        self.tls = tls
        self.handler = handler
        self.delay = delay
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str = "", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.server_address[0]}:{self.port}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [item.path for item in self.seen]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stops reading (a size cap, a deadline) is what these tests expect

    def finish_request(self, request: Any, client_address: Any) -> None:
        """With TLS, the handshake happens here, in the connection's own thread and with a timeout: a
        refused or stalled handshake (a TLS scanner tries many) never blocks the accept loop."""
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(5)
        try:
            wrapped = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # a refused handshake is what a TLS test provokes
        try:
            super().finish_request(wrapped, client_address)
        finally:
            with contextlib.suppress(OSError):
                wrapped.close()

    def sleep(self, seconds: float) -> bool:
        """Wait ``seconds``; False when the server is stopping (every loop ends then)."""
        return not self.stopping.wait(seconds) if seconds > 0 else not self.stopping.is_set()


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 10
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, MAX_REQUEST_BODY)) if length else b""
        seen = Seen(self.command, self.path, dict(self.headers.items()), body, time.monotonic())
        with server.lock:
            server.seen.append(seen)
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            if server.delay:
                server.sleep(server.delay)
            self._write(server.handler(seen))
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            self.close_connection = True
        finally:
            with server.lock:
                server.in_flight -= 1

    def _write(self, reply: Reply | Raw | Hold) -> None:
        server = self.server
        if isinstance(reply, Hold):
            server.sleep(reply.seconds)
            self.close_connection = True
            return
        if isinstance(reply, Raw):
            self._slowly(reply.data, reply.pause)
            self.close_connection = True
            return
        head = [f"HTTP/1.1 {reply.status} {self.responses.get(reply.status, ('',))[0]}".rstrip()]
        names = {name.lower() for name in reply.headers}
        head += [f"{name}: {value}" for name, value in reply.headers.items()]
        if reply.chunks is None and "content-length" not in names:
            head.append(f"Content-Length: {len(reply.body)}")
        if reply.chunks is not None and "content-length" not in names:
            head.append("Connection: close")
            self.close_connection = True
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        self._slowly(data, reply.head_pause)
        if self.command == "HEAD":
            return
        if reply.chunks is None:
            self.wfile.write(reply.body)
            return
        for chunk in reply.chunks:
            if not server.sleep(reply.pause):
                break
            self.wfile.write(chunk)
            self.wfile.flush()

    def _slowly(self, data: bytes, pause: float) -> None:
        if pause <= 0:
            self.wfile.write(data)
            self.wfile.flush()
            return
        for index in range(len(data)):
            if not self.server.sleep(pause):
                return
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()

    do_GET = do_HEAD = do_OPTIONS = do_POST = do_PUT = do_PATCH = do_DELETE = _answer


@contextmanager
def serve(
    handler: Handler, *, host: str = "127.0.0.1", delay: float = 0.0, tls: ssl.SSLContext | None = None
) -> Iterator[Server]:
    """A server on ``host`` (a loopback address) and a free port, running until the block ends; HTTPS
    with ``tls``. ``delay`` seconds pass before each answer."""
    server = Server(handler, host, delay, tls)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound and released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".yaml": "application/yaml"}


def static_files(folder: Path) -> Handler:
    """GET of the files in ``folder`` (no listing, nothing outside it); 404 for anything else."""
    root = folder.resolve()

    def handler(seen: Seen) -> Reply:
        relative = unquote(urlsplit(seen.path).path).lstrip("/")
        target = (root / relative).resolve()
        if seen.method not in ("GET", "HEAD") or root not in target.parents or not target.is_file():
            return Reply(404, {"Content-Type": "text/plain"}, b"not found")
        kind = _TYPES.get(target.suffix, "application/octet-stream")
        return Reply(200, {"Content-Type": kind}, target.read_bytes())

    return handler
