"""probe.tls against real TLS servers on 127.0.0.1, with certificates from a throwaway test CA (trustme)."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
import trustme
from tests.conftest import free_port

from cgcomply.probes import tls
from cgcomply.probes._tls_handshake import PROTOCOLS, Outcome, local_can_offer, probe_protocol, resolve
from cgcomply.probes._tls_http import PlainHttp, parse_max_age, probe_plain_http
from cgcomply.probes.options import ProbeOptions
from cgcomply.results import Severity, Status

HSTS = "max-age=31536000; includeSubDomains"
# ECDHE with AES (CBC for TLS 1.0/1.1): the old protocol versions without any weak cipher family.
MODERN_CBC = "ECDHE+AES:!aNULL:!eNULL:@SECLEVEL=0"


def _handler(
    headers: dict[str, str], seen: list[dict[str, str]] | None = None
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if seen is not None:
                seen.append(dict(self.headers.items()))
            body = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, context: ssl.SSLContext) -> None:
        super().__init__(address, handler)
        self.context = context

    def finish_request(self, request, client_address) -> None:
        request.settimeout(5)
        try:
            request = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # a refused handshake is part of the test
        self.RequestHandlerClass(request, client_address, self)

    def handle_error(self, request, client_address) -> None:
        pass


@contextmanager
def _serve(server: ThreadingHTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def tls_server(
    cert: trustme.LeafCert,
    *,
    headers: dict[str, str] | None = None,
    minimum: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2,
    maximum: ssl.TLSVersion = ssl.TLSVersion.MAXIMUM_SUPPORTED,
    ciphers: str | None = None,
    seen: list[dict[str, str]] | None = None,
) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = minimum
        context.maximum_version = maximum
    if ciphers:
        context.set_ciphers(ciphers)
    served_headers = {"Strict-Transport-Security": HSTS} if headers is None else headers
    server = _TLSServer(("127.0.0.1", 0), _handler(served_headers, seen), context)
    with _serve(server) as address:
        yield f"https://{address}/v1"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tls") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="module")
def good_cert(ca: trustme.CA) -> trustme.LeafCert:
    return ca.issue_cert("127.0.0.1")


def options(cacert: Path | None = None, **changes: object) -> ProbeOptions:
    settings: dict[str, object] = {"connect_timeout": 2.0, "read_timeout": 3.0, "rate_per_second": 1000.0}
    settings.update(changes)
    return ProbeOptions(cacert=cacert, **settings)


def messages(result, severity: Severity | None = None) -> list[str]:
    return [str(f.message) for f in result.findings if severity is None or f.severity is severity]


def _tls11_possible() -> bool:
    return local_can_offer(ssl.TLSVersion.TLSv1_1)


# --------------------------------------------------------------------------- the verdicts


def test_good_server_passes_with_its_ca(good_cert, ca_file) -> None:
    with tls_server(good_cert) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.PASS, result.findings
    info = messages(result, Severity.INFO)
    assert "TLS 1.3 accepted (good)" in info
    assert "TLS 1.2 accepted (sufficient)" in info
    assert "TLS 1.2 refuses every cipher suite rated insufficient (good)" in info
    assert "TLS 1.2 refuses every cipher suite rated phase out (good)" in info
    assert "TLS compression off and secure renegotiation supported (good)" in info
    assert "SSL 3.0 refused (good)" in info
    if _tls11_possible():
        assert "TLS 1.1 refused (good)" in info
        assert "TLS 1.0 refused (good)" in info
    assert any(m.startswith("certificate valid for 127.0.0.1") for m in info)
    assert f"Strict-Transport-Security present: {HSTS}" in info
    # The HTTPS port itself does not answer plain HTTP: that counts as refused.
    assert any("does not speak plain HTTP" in m for m in info)
    assert messages(result, Severity.ERROR) == []
    table = [f.evidence.note for f in result.findings if f.evidence and f.evidence.method == "TLS handshake"]
    assert any(note.startswith("TLS 1.3: accepted") for note in table if note)


@pytest.mark.parametrize(
    ("minimum", "maximum", "note"),
    [
        (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_3, (Severity.INFO, "TLS 1.2 not offered")),
        (
            ssl.TLSVersion.TLSv1_2,
            ssl.TLSVersion.TLSv1_2,
            (Severity.WARNING, "TLS 1.3 not offered (TLS 1.3 is rated good; TLS 1.2 only sufficient)"),
        ),
    ],
)
def test_one_modern_version_is_enough(good_cert, ca_file, minimum, maximum, note) -> None:
    with tls_server(good_cert, minimum=minimum, maximum=maximum) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.PASS
    assert note in [(f.severity, str(f.message)) for f in result.findings]


def test_without_protocol_scan_the_old_versions_are_not_passed_silently(good_cert, ca_file) -> None:
    with tls_server(good_cert) as url:
        result = tls.probe_tls(url, options(ca_file, tls_scan=False))
    assert result.status is Status.PASS
    assert messages(result, Severity.WARNING) == [
        "protocol version scan switched off: TLS 1.0/1.1 and SSL 3.0 were not tested"
    ]
    assert not any("accepted" in m for m in messages(result))


def test_certificate_expiring_soon_is_a_warning(ca, ca_file) -> None:
    now = dt.datetime.now(dt.UTC)
    soon = ca.issue_cert(
        "127.0.0.1", not_before=now - dt.timedelta(days=1), not_after=now + dt.timedelta(days=10)
    )
    with tls_server(soon) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.PASS
    [warning] = messages(result, Severity.WARNING)
    assert warning.startswith("certificate valid for 127.0.0.1 (trusted via the CA in ")
    assert warning.endswith(f"but it expires within 30 days ({now + dt.timedelta(days=10):%Y-%m-%d})")


def test_unknown_ca_fails_without_cacert(good_cert) -> None:
    with tls_server(good_cert) as url:
        result = tls.probe_tls(url, options(None))
    assert result.status is Status.FAIL
    [error] = messages(result, Severity.ERROR)
    assert error.startswith(
        "certificate does not verify for 127.0.0.1: unable to get local issuer certificate"
    )
    assert "--cacert" in error


def test_expired_certificate_fails(ca, ca_file) -> None:
    now = dt.datetime.now(dt.UTC)
    expired = ca.issue_cert(
        "127.0.0.1", not_before=now - dt.timedelta(days=60), not_after=now - dt.timedelta(days=1)
    )
    with tls_server(expired) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert messages(result, Severity.ERROR) == [
        "certificate does not verify for 127.0.0.1: certificate has expired"
    ]
    [cert_finding] = [f for f in result.findings if str(f.message).startswith("certificate")]
    assert f"valid until {(now - dt.timedelta(days=1)):%Y-%m-%d}" in cert_finding.evidence.note


def test_wrong_host_name_fails(ca, ca_file) -> None:
    other = ca.issue_cert("api.example.test")
    with tls_server(other) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    [error] = messages(result, Severity.ERROR)
    assert error.startswith("certificate does not verify for 127.0.0.1: ")
    assert "mismatch" in error.lower()
    [cert_finding] = [f for f in result.findings if str(f.message).startswith("certificate")]
    assert "names api.example.test" in cert_finding.evidence.note


@pytest.mark.skipif(not _tls11_possible(), reason="the local OpenSSL cannot enable TLS 1.1 at all")
def test_server_accepting_tls11_fails(good_cert, ca_file) -> None:
    with tls_server(good_cert, minimum=ssl.TLSVersion.TLSv1_1, ciphers=MODERN_CBC) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    errors = messages(result, Severity.ERROR)
    assert errors == [
        "TLS 1.1 accepted (phase out according to NCSC): switch it off "
        "(a documented phase-out schedule allows a manual exception)"
    ]
    assert "TLS 1.0 refused (good)" in messages(result, Severity.INFO)
    assert "TLS 1.3 accepted (good)" in messages(result, Severity.INFO)


def test_weak_cipher_families_fail(good_cert, ca_file) -> None:
    """OpenSSL's ALL at security level 0 includes anonymous ECDH suites under TLS 1.2."""
    with tls_server(good_cert, ciphers="ALL:@SECLEVEL=0") as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    [error] = messages(result, Severity.ERROR)
    assert error.startswith(
        "TLS 1.2 accepts anonymous key exchange cipher suites (insufficient according to NCSC): TLS_ECDH_anon_"
    )
    # The local OpenSSL has no 3DES, and RSA key exchange needs an RSA certificate.
    assert "TLS 1.2 refuses every cipher suite rated phase out (good)" in messages(result, Severity.INFO)


def test_cipher_scan_reads_the_chosen_suite() -> None:
    """A server that picks TLS_RSA_WITH_3DES_EDE_CBC_SHA (0x000A) whatever is offered: the 3DES family is
    found, and choosing it again when it was no longer offered stops the scan as incomplete."""
    from cgcomply.probes._tls_ciphers import scan_rating
    from cgcomply.probes._tls_handshake import Rating

    with server_hello_only(b"\x03\x03") as (port, received):
        scan = scan_rating(resolve("127.0.0.1", port, 2.0, 3.0), Rating.PHASE_OUT)
    assert [(suite.family.name, suite.name) for suite in scan.accepted] == [
        ("3DES", "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
    ]
    assert scan.incomplete == "server chose 0x000A, not offered"
    assert scan.handshakes == 2 and len(received) == 2


def test_rsa_key_exchange_fails(ca, ca_file) -> None:
    rsa_cert = ca.issue_cert("127.0.0.1", key_type=trustme.KeyType.RSA)
    with tls_server(rsa_cert, ciphers="ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256") as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    [cert_finding] = [f for f in result.findings if str(f.message).startswith("certificate valid")]
    assert cert_finding.evidence.note.endswith("; key RSA 2048 bits; signature sha256")
    assert messages(result, Severity.ERROR) == [
        "TLS 1.2 accepts RSA key exchange (no forward secrecy) cipher suites (phase out according to NCSC): "
        "TLS_RSA_WITH_AES_128_GCM_SHA256 (a documented phase-out schedule allows a manual exception)"
    ]
    assert "TLS 1.2 refuses every cipher suite rated insufficient (good)" in messages(result, Severity.INFO)


def test_missing_hsts_fails(good_cert, ca_file) -> None:
    with tls_server(good_cert, headers={}) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert messages(result, Severity.ERROR) == [
        "the HTTPS response has no Strict-Transport-Security header (HSTS is required)"
    ]
    [hsts] = [f for f in result.findings if "Strict-Transport-Security" in str(f.message)]
    assert hsts.evidence.status == 200 and hsts.evidence.method == "GET"


def test_hsts_with_zero_max_age_fails(good_cert, ca_file) -> None:
    with tls_server(good_cert, headers={"Strict-Transport-Security": "max-age=0"}) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert messages(result, Severity.ERROR) == ["Strict-Transport-Security has no max-age > 0: 'max-age=0'"]


def test_plain_http_base_url_fails() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler({}))
    with _serve(server) as address:
        result = tls.probe_tls(f"http://{address}/v1", options())
    assert result.status is Status.FAIL
    [finding] = result.findings
    assert finding.severity is Severity.ERROR
    assert str(finding.message) == (
        f"the base URL http://{address}/v1 uses plain http://: the ADR requires TLS (https://) everywhere, "
        "always (it answered 200 over plain HTTP)"
    )
    assert finding.evidence.status == 200


def test_closed_port_is_an_error() -> None:
    port = free_port()
    result = tls.probe_tls(f"https://127.0.0.1:{port}/v1", options())
    assert result.status is Status.ERROR
    assert result.reason == f"cannot connect to 127.0.0.1:{port}: connection refused"
    assert result.findings == []


def test_dns_failure_is_an_error() -> None:
    result = tls.probe_tls("https://cgcomply-test.invalid/v1", options())
    assert result.status is Status.ERROR
    assert result.reason.startswith("DNS lookup of cgcomply-test.invalid ")


def test_server_that_never_answers_is_an_error_not_a_hang() -> None:
    """A port that accepts TCP connections but never sends a byte: every handshake times out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # the kernel completes the connections; nobody ever reads or writes
    try:
        port = listener.getsockname()[1]
        result = tls.probe_tls(f"https://127.0.0.1:{port}/v1", options(connect_timeout=0.5, read_timeout=0.5))
    finally:
        listener.close()
    assert result.status is Status.ERROR
    assert result.reason == "TLS 1.2: timeout (handshake timed out); TLS 1.3: timeout (handshake timed out)"
    labels = [
        f.evidence.note.split(":", 1)[0] for f in result.findings if f.evidence.method == "TLS handshake"
    ]
    assert labels[:2] == ["TLS 1.2", "TLS 1.3"]  # the older versions are not tried after two timeouts


def test_port_that_speaks_no_tls_fails() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler({}))
    with _serve(server) as address:
        result = tls.probe_tls(f"https://{address}/v1", options())
    assert result.status is Status.FAIL
    errors = messages(result, Severity.ERROR)
    assert (
        "neither TLS 1.3 nor TLS 1.2 is accepted: the server offers no good or sufficient protocol" in errors
    )
    # The same port answers plain HTTP with 200: that is a second failure.
    assert any(m.startswith(f"plain HTTP is served: GET http://{address}/v1 answered 200") for m in errors)


def test_run_never_raises() -> None:
    result = tls.run(SimpleNamespace(base_url="ftp://127.0.0.1/v1", options=options()))
    assert result.status is Status.ERROR
    assert result.reason == "the base URL ftp://127.0.0.1/v1 is not an http(s) URL with a host"
    crashed = tls.run(SimpleNamespace(base_url="https://127.0.0.1:1/v1", options=None))
    assert crashed.status is Status.ERROR
    assert crashed.reason.startswith("the TLS probe failed unexpectedly")


@pytest.mark.parametrize("trusted", [True, False])
def test_through_the_probe_context_credentials_need_a_verified_certificate(
    good_cert, ca_file, trusted
) -> None:
    """run(ctx) asks the run's SafeClient for the HSTS response (credentials included) only when the
    certificate verifies; otherwise it sends no HSTS request at all (browsers ignore HSTS over a
    certificate error, RFC 6797 8.1, and the HTTP layer never switches verification off)."""
    from cgcomply.http import Session
    from cgcomply.probes.context import ProbeContext

    seen: list[dict[str, str]] = []
    opts = options(ca_file if trusted else None, extra_headers={"X-Api-Key": "tls-test-secret"})
    session = Session()
    with tls_server(good_cert, seen=seen) as url:
        session.bind_credentials(url, opts.extra_headers)
        with session.client(url, opts.http_options()) as client:
            result = tls.run(ProbeContext(base_url=url, options=opts, client=client))
    assert result.status is (Status.PASS if trusted else Status.FAIL)
    assert [h.get("X-Api-Key") for h in seen] == (["tls-test-secret"] if trusted else [])
    [hsts] = [
        f
        for f in result.findings
        if "Strict-Transport-Security" in str(f.message) or "HSTS" in str(f.message)
    ]
    assert hsts.severity is (Severity.INFO if trusted else Severity.WARNING)
    if trusted:
        assert hsts.evidence.request_headers["X-Api-Key"] == "***"
    assert "tls-test-secret" not in repr(result)


def test_check_record_for_each_adr_version() -> None:
    assert tls.TLS_CHECK.id == "probe.tls"
    assert tls.tls_check_for("2.2.0").adr_rule == "/core/transport/tls"
    assert tls.tls_check_for("2.0.2").adr_rule == "/core/transport-security"
    assert tls.tls_check_for("2.0.2").id == "probe.tls"


# --------------------------------------------------------------------------- the parts


@pytest.mark.skipif(not _tls11_possible(), reason="the local OpenSSL cannot enable TLS 1.1 at all")
def test_raw_client_hello_agrees_with_openssl(good_cert) -> None:
    """The hand-written ClientHello (used where the local OpenSSL cannot offer a version) reads the same
    answer as an OpenSSL handshake: accepted on a TLS 1.1 server, refused on a TLS 1.2+ server."""
    from cgcomply.probes._tls_handshake import _probe_with_raw_hello

    tls11 = next(p for p in PROTOCOLS if p.label == "TLS 1.1")
    with tls_server(good_cert, minimum=ssl.TLSVersion.TLSv1_1, ciphers=MODERN_CBC) as url:
        host, port = url.removeprefix("https://").removesuffix("/v1").split(":")
        endpoint = resolve(host, int(port), 2.0, 3.0)
        assert _probe_with_raw_hello(endpoint, tls11).outcome is Outcome.ACCEPTED
        assert probe_protocol(endpoint, tls11).outcome is Outcome.ACCEPTED
    with tls_server(good_cert) as url:
        host, port = url.removeprefix("https://").removesuffix("/v1").split(":")
        endpoint = resolve(host, int(port), 2.0, 3.0)
        raw = _probe_with_raw_hello(endpoint, tls11)
        assert raw.outcome is Outcome.REJECTED
        assert raw.detail == "server sent alert: protocol version"


@contextmanager
def server_hello_only(version: bytes, compression: int = 0) -> Iterator[tuple[int, list[bytes]]]:
    """A minimal server that answers every ClientHello with a ServerHello of ``version`` and hangs up (what
    an old server with ciphers the local OpenSSL lacks looks like from the first flight)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def answer() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(5)
                received.append(conn.recv(4096))
                body = version + bytes(32) + b"\x00" + b"\x00\x0a" + bytes([compression])
                handshake = b"\x02" + len(body).to_bytes(3, "big") + body
                conn.sendall(b"\x16" + version + len(handshake).to_bytes(2, "big") + handshake)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], received
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_ssl3_server_hello_is_detected() -> None:
    """No current OpenSSL speaks SSL 3.0: the raw ClientHello finds a server that answers with SSL 3.0."""
    ssl3 = next(p for p in PROTOCOLS if p.label == "SSL 3.0")
    with server_hello_only(b"\x03\x00") as (port, received):
        result = probe_protocol(resolve("127.0.0.1", port, 2.0, 3.0), ssl3)
    assert result.outcome is Outcome.ACCEPTED
    assert result.method == "raw ClientHello"
    assert received[0][:3] == b"\x16\x03\x00" and received[0][9:11] == b"\x03\x00"


@pytest.mark.skipif(not _tls11_possible(), reason="the local OpenSSL cannot enable TLS 1.0/1.1 at all")
def test_old_version_refused_by_openssl_is_double_checked_with_a_raw_hello() -> None:
    """The OpenSSL handshake cannot complete (the server only sends a TLS 1.0 ServerHello), but the server
    did choose TLS 1.0: that counts as accepted."""
    tls10 = next(p for p in PROTOCOLS if p.label == "TLS 1.0")
    with server_hello_only(b"\x03\x01") as (port, received):
        result = probe_protocol(resolve("127.0.0.1", port, 2.0, 3.0), tls10)
    assert result.outcome is Outcome.ACCEPTED
    assert result.method == "openssl + raw ClientHello"
    assert result.detail.startswith(
        "server answered with a ServerHello, although the OpenSSL handshake failed"
    )
    assert len(received) == 2


def test_plain_http_redirect_to_https_is_good() -> None:
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(301)
            self.send_header("Location", "https://api.example.test/v1")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    with _serve(server) as address:
        port = int(address.rsplit(":", 1)[1])
        result = probe_plain_http(resolve("127.0.0.1", port, 2.0, 3.0), "/v1")
    assert result.outcome is PlainHttp.REDIRECT_HTTPS
    assert result.status == 301 and result.location == "https://api.example.test/v1"
    closed = probe_plain_http(resolve("127.0.0.1", free_port(), 2.0, 3.0), "/v1")
    assert closed.outcome is PlainHttp.CLOSED and closed.detail == "connection refused"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("max-age=31536000", 31536000),
        ('max-age="600"; includeSubDomains', 600),
        ("includeSubDomains; max-age=0", 0),
        ("includeSubDomains", None),
        ("max-age=abc", None),
    ],
)
def test_parse_max_age(value: str, expected: int | None) -> None:
    assert parse_max_age(value) == expected


@pytest.mark.parametrize(
    ("compression", "expected"),
    [
        (
            1,
            [
                "TLS compression is on (insufficient according to NCSC; CRIME)",
                "secure renegotiation (RFC 5746) is not supported (insufficient according to NCSC)",
            ],
        ),
        (0, ["secure renegotiation (RFC 5746) is not supported (insufficient according to NCSC)"]),
    ],
)
def test_tls12_options_are_read_from_the_server_hello(compression: int, expected: list[str]) -> None:
    """A ServerHello that chose DEFLATE (or not) and carries no renegotiation_info extension."""
    from cgcomply.probes._tls_options import check_options

    with server_hello_only(b"\x03\x03", compression=compression) as (port, received):
        result = check_options(resolve("127.0.0.1", port, 2.0, 3.0))
        findings = tls._options_findings(result, "https://127.0.0.1", [])
    assert [str(f.message) for f in findings if f.severity is Severity.ERROR] == expected
    assert received[0][5] == 0x01  # a ClientHello
