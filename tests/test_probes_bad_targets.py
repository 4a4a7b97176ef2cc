"""Bad targets (issue point 6): each gives an ``error`` (verdict 'niet vastgesteld') or ``fail`` with a
reason and evidence; never a traceback, never a hang.

The misbehaving servers are real servers on 127.0.0.1, written here with the standard library.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme
from tests.conftest import free_port

from cgcomply.errors import TargetError
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.runner import run_live_checks

BASE_PATH = "/api/v1"
FAST = {"rate_per_second": 1000.0, "connect_timeout": 2.0, "read_timeout": 2.0}


class MisbehavingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    timeout = 5
    mode = "ok"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        mode = self.server.mode  # type: ignore[attr-defined]
        is_document = self.path.startswith(BASE_PATH + "/openapi.json")
        if mode == "auth":
            self._send(401, b'{"error": "unauthorized"}', "application/json", {"WWW-Authenticate": "Bearer"})
        elif mode == "redirect-loop":
            target = BASE_PATH + ("/loop-b" if self.path.endswith("/loop-a") else "/loop-a")
            self._send(302, b"", "text/plain", {"Location": target})
        elif mode == "endless" and is_document:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b'{"openapi": "3.0.3", "padding": "' + b"x" * 65536
            frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            try:
                while True:
                    self.wfile.write(frame)
            except OSError:
                return
        elif mode == "huge" and is_document:
            body = b'{"openapi": "3.0.3", "padding": "' + b"x" * (3 * 1024 * 1024) + b'"}'
            try:
                self._send(200, body, "application/json")
            except OSError:
                return
        elif mode == "trickle-headers":
            # One byte of the status line every 0.1 s, for ever: no per-read timeout ever fires.
            try:
                for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 10_000:
                    self.wfile.write(bytes([byte]))
                    time.sleep(0.1)
            except OSError:
                return
        elif mode == "trickle-body" and is_document:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b" ")
                    time.sleep(0.1)
            except OSError:
                return
        elif mode == "html":
            self._send(200, b"<!DOCTYPE html><html><body>Welkom bij het portaal</body></html>", "text/html")
        elif mode == "not-openapi" and is_document:
            self._send(200, b'{"status": "ok", "service": "zaken"}', "application/json")
        else:
            self._send(200, b'{"hello": "world"}', "application/json")

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:
        self.do_GET()


@contextmanager
def misbehaving_server(mode: str, *, tls_context=None) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), MisbehavingHandler)
    server.daemon_threads = True
    server.mode = mode  # type: ignore[attr-defined]
    if tls_context is not None:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    scheme = "https" if tls_context is not None else "http"
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
                held.append(connection)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}{BASE_PATH}"
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in held:
            connection.close()
        listener.close()


def _by_id(run) -> dict:
    return {result.id: result for result in run.results}


def _assert_all_error(run, fragment: str, *, except_ids: tuple[str, ...] = ()) -> None:
    assert run.results
    for result in run.results:
        if result.id in except_ids:
            continue
        assert result.status.value == "error", (result.id, result.status, result.reason)
        assert fragment in (result.reason or ""), (result.id, result.reason)
    assert run.document_bytes is None


def test_connection_refused() -> None:
    port = free_port()  # nothing listens there
    run = run_live_checks(f"http://127.0.0.1:{port}{BASE_PATH}", ProbeOptions(**FAST))
    _assert_all_error(run, "target unreachable: connection refused")


def test_dns_failure() -> None:
    run = run_live_checks("https://nonexistent.invalid/api/v1", ProbeOptions(**FAST))
    _assert_all_error(run, "target unreachable: DNS lookup failed")


def test_timeout_when_the_server_never_answers() -> None:
    with silent_server() as base_url:
        run = run_live_checks(base_url, ProbeOptions(**{**FAST, "read_timeout": 0.3}))
    _assert_all_error(run, "target unreachable: timed out")


def test_tls_error_with_an_untrusted_certificate(tmp_path: Path) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    with misbehaving_server("ok", tls_context=server_context) as base_url:
        # The system CAs do not know trustme's CA: every request fails the handshake.
        run = run_live_checks(base_url, ProbeOptions(**FAST))
        _assert_all_error(run, "target unreachable: TLS error", except_ids=("probe.tls",))
        # With the CA given, the same server is reachable and the probes judge it.
        ca_file = tmp_path / "ca.pem"
        authority.cert_pem.write_to_path(str(ca_file))
        trusted = run_live_checks(base_url, ProbeOptions(**FAST, cacert=ca_file))
    publish = _by_id(trusted)["probe.publish-openapi"]
    assert publish.status.value == "fail"  # reached: the server's openapi.json is just not OpenAPI
    assert "not an OpenAPI 3 document" in publish.findings[0].message


def test_401_on_everything_is_authentication_refused_not_fail() -> None:
    with misbehaving_server("auth") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    _assert_all_error(run, "authentication refused", except_ids=("probe.tls",))
    assert "--header-env" in _by_id(run)["probe.version-header"].reason


def test_trickling_headers_hit_the_request_time_limit() -> None:
    with misbehaving_server("trickle-headers") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_request_seconds=0.8))
    _assert_all_error(run, "target unreachable: timed out")


def test_trickling_body_is_cut_at_the_request_time_limit() -> None:
    with misbehaving_server("trickle-body") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_request_seconds=0.8))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "error"
    assert "the body is not complete within the total deadline of 0.8 s" in publish.reason
    assert "read stopped" in publish.findings[0].evidence.note


def test_redirect_loop() -> None:
    with misbehaving_server("redirect-loop") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    results = _by_id(run)
    publish = results["probe.publish-openapi"]
    assert publish.status.value == "fail"
    assert "redirect loop" in publish.findings[0].message
    assert "redirects followed" in publish.findings[0].evidence.note
    for check_id in ("probe.version-header", "probe.security-headers", "probe.cors", "probe.uri-version"):
        assert results[check_id].status.value == "error", check_id
        assert results[check_id].reason


def test_endless_body_is_capped() -> None:
    with misbehaving_server("endless") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_document_bytes=1024 * 1024))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "error"
    assert "the body is longer than the cap of 1048576 bytes" in publish.reason
    assert "read stopped" in publish.findings[0].evidence.note
    assert len(publish.findings[0].evidence.body) <= 2049
    assert run.document_bytes is None


def test_huge_body_is_capped() -> None:
    with misbehaving_server("huge") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_document_bytes=512 * 1024))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "error"
    assert "the body is longer than the cap of 524288 bytes" in publish.reason


def test_html_instead_of_json() -> None:
    with misbehaving_server("html") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    results = _by_id(run)
    publish = results["probe.publish-openapi"]
    assert publish.status.value == "fail"
    assert "HTML page, not an OpenAPI document" in publish.findings[0].message
    assert publish.findings[0].evidence.body.startswith("<!DOCTYPE html>")
    assert results["probe.no-trailing-slash"].status.value == "error"
    assert run.document_bytes is None


def test_json_that_is_not_openapi() -> None:
    with misbehaving_server("not-openapi") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "fail"
    assert "not an OpenAPI 3 document" in publish.findings[0].message
    # The JSON is handed on, so that the static side can say what it is not.
    assert json.loads(run.document_bytes) == {"status": "ok", "service": "zaken"}


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/api", "127.0.0.1/api", "http://127.0.0.1/api?x=1", ""])
def test_unusable_base_url_is_a_target_error(url: str) -> None:
    with pytest.raises(TargetError):
        run_live_checks(url, ProbeOptions(**FAST))


def test_slow_dns_is_bounded_by_the_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def slow_getaddrinfo(host, *args, **kwargs):
        if host == "slow-resolver.invalid":
            time.sleep(3)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    run = run_live_checks(
        "https://slow-resolver.invalid/api/v1", ProbeOptions(**{**FAST, "connect_timeout": 0.3})
    )
    _assert_all_error(run, "target unreachable: DNS lookup failed: host name does not resolve in time")


def test_host_names_resolve_to_the_loopback_server() -> None:
    from cgcomply.demo.server import start_demo_server

    with start_demo_server(breaks=("http-only",)) as server:
        url = server.base_url.replace("127.0.0.1", "localhost")
        run = run_live_checks(url, ProbeOptions(**FAST, tls_scan=False))
    assert _by_id(run)["probe.publish-openapi"].status.value == "pass"


def test_cli_probe_on_a_refused_port_is_undetermined_not_a_traceback() -> None:
    from click.testing import CliRunner

    from cgcomply.cli import main

    port = free_port()
    result = CliRunner().invoke(
        main, ["probe", f"http://127.0.0.1:{port}/api/v1", "--timeout", "2", "--lang", "en"]
    )
    assert "Traceback" not in result.output
    assert result.exit_code == 3, result.output
    assert "connection refused" in result.output
