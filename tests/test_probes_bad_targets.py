"""Bad targets (issue point 6): each gives an ``error`` (verdict 'niet vastgesteld') or ``fail`` with a
reason and evidence; never a traceback, never a hang.

The misbehaving servers are real servers on 127.0.0.1 (``tests/servers.py``, ``tests/hostile_servers.py``).
"""

from __future__ import annotations

import json
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import trustme
from tests.conftest import free_port

from cgcomply.errors import TargetError
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.runner import run_live_checks
from hostile_servers import huge_body_handler, trickle_body_handler
from servers import Handler, Hold, Reply, Seen, json_reply, serve

BASE_PATH = "/api/v1"
FAST = {"rate_per_second": 1000.0, "connect_timeout": 2.0, "read_timeout": 2.0}


def _misbehaving(mode: str) -> Handler:
    """The answer of a misbehaving API in ``mode`` (every loop bounded: see tests/servers.py)."""

    def handler(seen: Seen) -> Reply | Hold:
        is_document = seen.path.startswith(BASE_PATH + "/openapi.json")
        if mode == "auth":
            return json_reply(b'{"error": "unauthorized"}', status=401, **{"WWW-Authenticate": "Bearer"})
        if mode == "redirect-loop":
            target = BASE_PATH + ("/loop-b" if seen.path.endswith("/loop-a") else "/loop-a")
            return Reply(302, {"Content-Type": "text/plain", "Location": target})
        if mode == "endless" and is_document:
            # a body without end as far as the client can tell: 1 GiB, streamed
            return huge_body_handler(total=1024**3)(seen)
        if mode == "huge" and is_document:
            return json_reply(b'{"openapi": "3.0.3", "padding": "' + b"x" * (3 * 1024 * 1024) + b'"}')
        if mode == "trickle-headers":
            # One byte of the status line and headers every 0.1 s: no per-read timeout ever fires.
            return Reply(200, {"X-Padding": "x" * 10_000}, head_pause=0.1)
        if mode == "trickle-body" and is_document:
            return trickle_body_handler(pause=0.1, limit=10_000)(seen)
        if mode == "html":
            body = b"<!DOCTYPE html><html><body>Welkom bij het portaal</body></html>"
            return Reply(200, {"Content-Type": "text/html"}, body)
        if mode == "not-openapi" and is_document:
            return json_reply(b'{"status": "ok", "service": "zaken"}')
        if mode == "silent":
            return Hold(30.0)
        return json_reply(b'{"hello": "world"}')

    return handler


@contextmanager
def misbehaving_server(mode: str, *, tls_context=None) -> Iterator[str]:
    with serve(_misbehaving(mode), tls=tls_context) as server:
        yield server.url(BASE_PATH)


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    with misbehaving_server("silent") as base_url:
        yield base_url


def _by_id(run) -> dict:
    return {result.id: result for result in run.results}


def _assert_all_error(run, fragment: str, *, except_ids: tuple[str, ...] = ()) -> None:
    assert run.results
    for result in run.results:
        if result.id in except_ids:
            continue
        assert result.status.value == "error", (result.id, result.status, result.reason)
        assert fragment in str(result.reason or ""), (result.id, result.reason)
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
    assert "not an OpenAPI 3 document" in str(publish.findings[0].message)


def test_401_on_everything_is_authentication_refused_not_fail() -> None:
    with misbehaving_server("auth") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    _assert_all_error(run, "authentication refused", except_ids=("probe.tls",))
    assert "--header-env" in str(_by_id(run)["probe.version-header"].reason)


def test_trickling_headers_hit_the_request_time_limit() -> None:
    with misbehaving_server("trickle-headers") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_request_seconds=0.8))
    _assert_all_error(run, "target unreachable: timed out")


def test_trickling_body_is_cut_at_the_request_time_limit() -> None:
    with misbehaving_server("trickle-body") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_request_seconds=0.8))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "error"
    assert "the body is not complete within the total deadline of 0.8 s" in str(publish.reason)
    assert "read stopped" in str(publish.findings[0].evidence.note)


def test_redirect_loop() -> None:
    with misbehaving_server("redirect-loop") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    results = _by_id(run)
    publish = results["probe.publish-openapi"]
    assert publish.status.value == "fail"
    assert "redirect loop" in str(publish.findings[0].message)
    assert "redirects followed" in str(publish.findings[0].evidence.note)
    for check_id in ("probe.version-header", "probe.security-headers", "probe.cors", "probe.uri-version"):
        assert results[check_id].status.value == "error", check_id
        assert results[check_id].reason


def test_endless_body_is_capped() -> None:
    with misbehaving_server("endless") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_document_bytes=1024 * 1024))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "error"
    assert "the body is longer than the cap of 1048576 bytes" in str(publish.reason)
    assert "read stopped" in str(publish.findings[0].evidence.note)
    assert len(publish.findings[0].evidence.body) <= 2049
    assert run.document_bytes is None


def test_huge_body_is_capped() -> None:
    with misbehaving_server("huge") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST, max_document_bytes=512 * 1024))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "error"
    assert "the body is longer than the cap of 524288 bytes" in str(publish.reason)


def test_html_instead_of_json() -> None:
    with misbehaving_server("html") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    results = _by_id(run)
    publish = results["probe.publish-openapi"]
    assert publish.status.value == "fail"
    assert "HTML page, not an OpenAPI document" in str(publish.findings[0].message)
    assert publish.findings[0].evidence.body.startswith("<!DOCTYPE html>")
    assert results["probe.no-trailing-slash"].status.value == "error"
    assert run.document_bytes is None


def test_json_that_is_not_openapi() -> None:
    with misbehaving_server("not-openapi") as base_url:
        run = run_live_checks(base_url, ProbeOptions(**FAST))
    publish = _by_id(run)["probe.publish-openapi"]
    assert publish.status.value == "fail"
    assert "not an OpenAPI 3 document" in str(publish.findings[0].message)
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
