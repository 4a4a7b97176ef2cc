"""probe.tls (sslyze) against real TLS servers on 127.0.0.1, with certificates from a throwaway test CA.

The certificates come from :class:`cgcomply.demo.certs.ThrowawayCA` (``cryptography``, not trustme: see
there why). Each server configuration is scanned once (module fixtures); a scan of a
local server takes about one to two seconds.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
import warnings
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from cgcomply.demo.certs import IssuedCertificate, ThrowawayCA
from cgcomply.http import Session
from cgcomply.i18n import Message, render
from cgcomply.probes import tls
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.tls import http as tls_http
from cgcomply.probes.tls.ncsc import Rating, rate_cipher_suite, rate_curve, rate_protocol
from cgcomply.probes.tls.texts import SUBTESTS, all_message_keys, message_table, text_for
from cgcomply.results import Severity, Status
from servers import Handler, Raw, Reply, Seen, Server, free_port, ok_json, redirect, serve

HSTS = "max-age=31536000; includeSubDomains"
MODERN_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20"

# --------------------------------------------------------------------------- servers (tests/servers.py)


def _ok(headers: dict[str, str], seen: list[dict[str, str]] | None = None) -> Handler:
    """200 with a small JSON body and ``headers``; the request headers are noted in ``seen``."""
    answer = ok_json(headers=headers)

    def handler(request: Seen) -> Reply:
        if seen is not None:
            seen.append(dict(request.headers))
        return answer(request)

    return handler


@contextmanager
def plain_server(handler: Handler) -> Iterator[str]:
    """A plain-HTTP server; yields ``127.0.0.1:port``."""
    with serve(handler) as server:
        yield f"127.0.0.1:{server.port}"


@contextmanager
def tls_server(
    leaf: IssuedCertificate,
    *,
    headers: dict[str, str] | None = None,
    minimum: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2,
    maximum: ssl.TLSVersion = ssl.TLSVersion.MAXIMUM_SUPPORTED,
    ciphers: str | None = MODERN_CIPHERS,
    seen: list[dict[str, str]] | None = None,
    dh: str | None = None,
) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.load_into(context)
    if dh:
        context.load_dh_params(dh)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = minimum
        context.maximum_version = maximum
    if ciphers:
        context.set_ciphers(ciphers)
    served_headers = {"Strict-Transport-Security": HSTS} if headers is None else headers
    with serve(_ok(served_headers, seen), tls=context) as server:
        yield server.url("/v1")


def options(cacert: Path | None = None, **changes: object) -> ProbeOptions:
    settings: dict[str, object] = {"connect_timeout": 2.0, "read_timeout": 3.0, "rate_per_second": 1000.0}
    settings.update(changes)
    return ProbeOptions(cacert=cacert, **settings)


def keys(result, severity: Severity | None = None) -> list[str]:
    """The sub-test message keys of the findings (``version.insufficient`` ...)."""
    found = []
    for finding in result.findings:
        if severity is None or finding.severity is severity:
            assert isinstance(finding.message, Message), finding.message
            assert finding.message.unit == "probe.tls"
            found.append(finding.message.key)
    return found


def messages(result, severity: Severity | None = None, lang: str = "en") -> list[str]:
    """The findings' texts in ``lang`` (English unless asked)."""
    return [
        render(f.message, lang, tls.TLS_CHECK.messages)
        for f in result.findings
        if severity is None or f.severity is severity
    ]


def reason(result, lang: str = "en") -> str:
    return render(result.reason, lang, tls.TLS_CHECK.messages)


@pytest.fixture(scope="module")
def ca() -> ThrowawayCA:
    return ThrowawayCA()


@pytest.fixture(scope="module")
def ca_file(ca: ThrowawayCA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ca.write(tmp_path_factory.mktemp("tls") / "ca.pem")


@pytest.fixture(scope="module")
def good_leaf(ca: ThrowawayCA) -> IssuedCertificate:
    return ca.issue("127.0.0.1")


# --------------------------------------------------------------------------- (a) a modern server


@pytest.fixture(scope="module")
def modern(good_leaf, ca_file):
    with tls_server(good_leaf) as url:
        yield url, tls.probe_tls(url, options(ca_file))


def test_modern_server_passes(modern) -> None:
    _, result = modern
    assert result.status is Status.PASS, messages(result)
    assert keys(result, Severity.ERROR) == []
    assert keys(result, Severity.WARNING) == []
    info = messages(result, Severity.INFO)
    assert "TLS 1.3 accepted (good)" in info
    assert "TLS 1.2 accepted (sufficient)" in info
    for old in ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1"):
        assert f"{old} refused (good)" in info
    assert set(keys(result)) == {
        "version.accepted",
        "version.refused",
        "ciphers.ok",
        "key-exchange.ok",
        "compression.off",
        "secure-renegotiation.supported",
        "client-renegotiation.refused",
        "cert-trust.trusted",
        "cert-name.match",
        "cert-validity.valid",
        "cert-pubkey.ok",
        "cert-signature.ok",
        "hsts.ok",
        "http-redirect.not-http",  # the HTTPS port itself does not answer plain HTTP
    }
    assert "the certificate's key is EC secp256r1 (good)" in info
    assert f"Strict-Transport-Security present: {HSTS}" in info
    [ciphers] = [f for f in result.findings if str(f.message).startswith("all ")]
    assert "TLS_AES_256_GCM_SHA384" in str(ciphers.evidence.note)
    assert "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" in str(ciphers.evidence.note)


def test_modern_server_certificate_is_described(modern) -> None:
    _, result = modern
    [trust] = [f for f in result.findings if str(f.message).startswith("the certificate is trusted")]
    assert str(trust.message).startswith("the certificate is trusted via the CA in ")
    assert "names 127.0.0.1" in str(trust.evidence.note)
    assert "key EC secp256r1; signature sha256" in str(trust.evidence.note)


def test_default_openssl_tls12_ciphers_include_phase_out_cbc_suites(good_leaf, ca_file) -> None:
    """Python's default server ciphers allow ECDHE with AES-CBC and SHA-384 under TLS 1.2: phase out."""
    with tls_server(good_leaf, ciphers=None) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    errors = messages(result, Severity.ERROR)
    assert (
        "TLS 1.2 accepts cipher suite TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 (phase out according to NCSC) "
        "(a documented phase-out schedule allows a manual exception)"
    ) in errors
    assert set(keys(result, Severity.ERROR)) == {"ciphers.phase-out"}


# --------------------------------------------------------------------------- (b) TLS 1.0 enabled


def test_tls10_server_fails(good_leaf, ca_file) -> None:
    """minimum_version TLSv1 with ECDHE-AES at security level 0: the local OpenSSL serves TLS 1.0 and 1.1."""
    with tls_server(good_leaf, minimum=ssl.TLSVersion.TLSv1, ciphers="ECDHE+AES:@SECLEVEL=0") as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    errors = messages(result, Severity.ERROR)
    assert "TLS 1.0 accepted (insufficient according to NCSC): switch it off" in errors
    assert "TLS 1.1 accepted (insufficient according to NCSC): switch it off" in errors
    assert (
        "TLS 1.0 accepts cipher suite TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (insufficient according to NCSC)"
        in errors
    )
    assert "TLS 1.3 accepted (good)" in messages(result, Severity.INFO)
    assert {"version.insufficient", "ciphers.insufficient", "ciphers.phase-out"} == set(
        keys(result, Severity.ERROR)
    )


# --------------------------------------------------------------------------- (c) RSA key exchange only


def test_rsa_key_exchange_server_fails(ca, ca_file) -> None:
    """AES128-SHA256 and AES256-GCM-SHA384 without ECDHE (TLS 1.2 only, an RSA 2048 certificate)."""
    rsa_leaf = ca.issue("127.0.0.1", rsa_bits=2048)
    with tls_server(
        rsa_leaf, maximum=ssl.TLSVersion.TLSv1_2, ciphers="AES128-SHA256:AES256-GCM-SHA384"
    ) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert sorted(messages(result, Severity.ERROR)) == [
        "TLS 1.2 accepts cipher suite TLS_RSA_WITH_AES_128_CBC_SHA256 (insufficient according to NCSC)",
        "TLS 1.2 accepts cipher suite TLS_RSA_WITH_AES_256_GCM_SHA384 (insufficient according to NCSC)",
        "the certificate's key is RSA 2048 bits (phase out according to NCSC) "
        "(a documented phase-out schedule allows a manual exception)",
    ]
    assert "TLS 1.3 not offered (TLS 1.3 is rated good; TLS 1.2 only sufficient)" in messages(
        result, Severity.WARNING
    )
    assert "no ECDHE key exchange (and no DH group to rate)" in messages(result, Severity.INFO)


def test_dhe_server_fails_on_the_suite_and_the_group(ca, ca_file, tmp_path) -> None:
    """DHE-RSA-AES128-GCM-SHA256 with the RFC 7919 group ffdhe2048: the suite is phase out (DHE), the
    2048-bit group insufficient (NCSC 2025); an RSA 3072 key is good."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to write the ffdhe2048 parameters")
    dh = tmp_path / "ffdhe2048.pem"
    subprocess.run(
        [
            "openssl",
            "genpkey",
            "-genparam",
            "-algorithm",
            "DH",
            "-pkeyopt",
            "group:ffdhe2048",
            "-out",
            str(dh),
        ],
        check=True,
        capture_output=True,
    )
    leaf = ca.issue(rsa_bits=3072)
    with tls_server(
        leaf, maximum=ssl.TLSVersion.TLSv1_2, ciphers="DHE-RSA-AES128-GCM-SHA256", dh=str(dh)
    ) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert messages(result, Severity.ERROR) == [
        "TLS 1.2 accepts cipher suite TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (phase out according to NCSC) "
        "(a documented phase-out schedule allows a manual exception)",
        "TLS 1.2 TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 uses a 2048-bit DH group (insufficient according to NCSC)",
    ]
    assert "the certificate's key is RSA 3072 bits (good)" in messages(result, Severity.INFO)


# --------------------------------------------------------------------------- certificates


def test_wrong_host_name_fails_only_the_name(ca, ca_file) -> None:
    with tls_server(ca.issue("api.example.test")) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert messages(result, Severity.ERROR) == [
        "the certificate is not valid for 127.0.0.1: it names api.example.test"
    ]
    assert "cert-trust.trusted" in keys(result)  # the chain itself is fine


def test_expired_certificate_fails_only_the_validity(ca, ca_file) -> None:
    now = dt.datetime.now(dt.UTC)
    ended = now - dt.timedelta(days=1)
    expired = ca.issue(not_before=now - dt.timedelta(days=60), not_after=ended)
    with tls_server(expired) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert messages(result, Severity.ERROR) == [
        f"the certificate has expired (valid until {ended:%Y-%m-%d %H:%M} UTC)"
    ]
    assert {"cert-trust.trusted", "cert-name.match"} <= set(keys(result))


def test_certificate_expiring_soon_is_a_warning(ca, ca_file) -> None:
    now = dt.datetime.now(dt.UTC)
    soon = ca.issue(not_after=now + dt.timedelta(days=10))
    with tls_server(soon) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.PASS
    assert keys(result, Severity.WARNING) == ["cert-validity.expiring"]


def test_unknown_ca_fails_without_cacert(good_leaf) -> None:
    with tls_server(good_leaf) as url:
        result = tls.probe_tls(url, options(None))
    assert result.status is Status.FAIL
    assert keys(result, Severity.ERROR) == ["cert-trust.untrusted-private-ca"]
    [error] = messages(result, Severity.ERROR)
    assert error.startswith("the certificate is not trusted: ")
    assert "--cacert" in error
    # The HSTS request verifies the certificate too (it may carry credentials), so it is refused.
    assert keys(result, Severity.WARNING) == ["hsts.not-checked"]


# --------------------------------------------------------------------------- HSTS and plain HTTP


def test_missing_hsts_fails(good_leaf, ca_file) -> None:
    with tls_server(good_leaf, headers={}) as url:
        result = tls.probe_tls(url, options(ca_file))
    assert result.status is Status.FAIL
    assert messages(result, Severity.ERROR) == [
        "the HTTPS response has no Strict-Transport-Security header (HSTS is required)"
    ]
    [hsts] = [f for f in result.findings if "Strict-Transport-Security" in str(f.message)]
    assert hsts.evidence.status == 200 and hsts.evidence.method == "GET"


def test_plain_http_base_url_fails() -> None:
    with plain_server(_ok({})) as address:
        result = tls.probe_tls(f"http://{address}/v1", options())
    assert result.status is Status.FAIL
    [finding] = result.findings
    assert finding.severity is Severity.ERROR
    assert str(finding.message) == (
        f"the base URL http://{address}/v1 uses plain http://: the ADR requires TLS (https://) everywhere, "
        "always (it answered 200 over plain HTTP)"
    )
    assert finding.evidence.status == 200


def test_plain_http_redirect_to_https_names_the_target() -> None:
    with plain_server(redirect("https://api.example.test/v1")) as address:
        url = f"http://{address}/v1"
        result = tls_http.probe_plain_http(url, options(), Session(), https_port=443)
        base = tls.probe_tls(url, options())
    assert result.outcome is tls_http.PlainHttp.REDIRECT_HTTPS
    assert result.status == 301 and result.location == "https://api.example.test/v1"
    [finding] = base.findings
    assert str(finding.message).endswith(
        "(it redirects to https://api.example.test/v1: use that as the base URL)"
    )
    closed = tls_http.probe_plain_http(
        f"http://127.0.0.1:{free_port()}/v1", options(), Session(), https_port=443
    )
    assert closed.outcome is tls_http.PlainHttp.CLOSED and closed.detail == "connection refused"


def trickling_server() -> AbstractContextManager[Server]:
    """Answers every request with an HTTP response, one byte per second, for as long as it is read."""
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + b"X-Slow: " + b"a" * 10_000
    return serve(lambda seen: Raw(payload, pause=1.0))


def test_trickling_plain_http_server_is_cut_off_by_the_total_deadline() -> None:
    """Issue 7 item 3: a server that trickles one byte per second does not keep the probe running; the
    per-read timeout (3 s) never fires, the total deadline (2 s here) does."""
    with trickling_server() as server:
        url = server.url("/v1")
        box: dict[str, tls_http.PlainHttpResult] = {}
        worker = threading.Thread(
            target=lambda: box.setdefault(
                "result",
                tls_http.probe_plain_http(url, options(max_request_seconds=2.0), Session(), https_port=443),
            ),
            daemon=True,
        )
        worker.start()
        worker.join(30)  # a bound for the test itself, far above the deadline; not a timing assertion
        assert not worker.is_alive(), "the plain-HTTP request was not bounded by its total deadline"
    result = box["result"]
    assert result.outcome is tls_http.PlainHttp.NOT_HTTP
    assert result.status is None


def test_port_that_speaks_no_tls_fails() -> None:
    with plain_server(_ok({})) as address:
        result = tls.probe_tls(f"https://{address}/v1", options())
    assert result.status is Status.FAIL
    errors = messages(result, Severity.ERROR)
    assert (
        "neither TLS 1.3 nor TLS 1.2 is accepted: the server offers no good or sufficient protocol" in errors
    )
    # The same port answers plain HTTP with 200: that is a second failure.
    assert (
        f"plain HTTP is served: GET http://{address}/v1 answered 200 instead of refusing or redirecting to https://"
        in errors
    )


# --------------------------------------------------------------------------- could not run


def test_closed_port_is_an_error() -> None:
    port = free_port()
    result = tls.probe_tls(f"https://127.0.0.1:{port}/v1", options())
    assert result.status is Status.ERROR
    assert reason(result).startswith(f"cannot connect to 127.0.0.1:{port}: ")
    assert result.findings == []


def test_dns_failure_is_an_error() -> None:
    result = tls.probe_tls("https://cgcomply-test.invalid/v1", options())
    assert result.status is Status.ERROR
    assert reason(result).startswith("DNS lookup of cgcomply-test.invalid failed: ")


def test_server_that_never_answers_is_an_error_not_a_hang() -> None:
    """A port that accepts TCP connections but never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)  # the kernel completes the connections; nobody ever reads or writes
    try:
        port = listener.getsockname()[1]
        result = tls.probe_tls(f"https://127.0.0.1:{port}/v1", options(connect_timeout=1.0, read_timeout=1.0))
    finally:
        listener.close()
    assert result.status is Status.ERROR
    assert reason(result).startswith(f"cannot connect to 127.0.0.1:{port}: ")


def test_run_never_raises() -> None:
    result = tls.run(SimpleNamespace(base_url="ftp://127.0.0.1/v1", options=options()))
    assert result.status is Status.ERROR
    assert reason(result) == "the base URL ftp://127.0.0.1/v1 is not an http(s) URL with a host"
    crashed = tls.run(SimpleNamespace(base_url="https://127.0.0.1:1/v1", options=None))
    assert crashed.status is Status.ERROR
    assert reason(crashed).startswith("the TLS probe failed unexpectedly")


@pytest.mark.parametrize("trusted", [True, False])
def test_through_the_probe_context_credentials_need_a_verified_certificate(
    good_leaf, ca_file, trusted
) -> None:
    """run(ctx) asks the run's SafeClient for the HSTS response (credentials included); it verifies the
    certificate, so an untrusted server never receives the credentials."""
    from cgcomply.probes.context import ProbeContext

    seen: list[dict[str, str]] = []
    opts = options(ca_file if trusted else None, extra_headers={"X-Api-Key": "tls-test-secret"})
    session = Session()
    with tls_server(good_leaf, seen=seen) as url:
        session.bind_credentials(url, opts.extra_headers)
        with session.client(url, opts.http_options()) as client:
            result = tls.run(ProbeContext(base_url=url, options=opts, client=client))
    assert result.status is (Status.PASS if trusted else Status.FAIL)
    assert [h.get("X-Api-Key") for h in seen] == (["tls-test-secret"] if trusted else [])
    [hsts] = [
        f
        for f in result.findings
        if "HSTS" in str(f.message) or "Strict-Transport-Security" in str(f.message)
    ]
    if trusted:
        assert hsts.severity is Severity.INFO
        assert hsts.evidence.request_headers["X-Api-Key"] == "***"
    else:
        assert hsts.severity is Severity.WARNING and str(hsts.message).startswith("HSTS not checked: ")
    assert "tls-test-secret" not in repr(result)


def test_one_scan_per_host_at_a_time_inside_the_host_limits() -> None:
    """A scan holds the host's scan lock and one of its HTTP-layer slots: with a concurrency of one, an
    HTTP request to the host and a second scan both wait until the first scan is done."""
    from cgcomply.probes.tls.politeness import polite_scan

    session = Session()
    opts = options(max_concurrency=1)
    limiter = session.limiter("127.0.0.1", opts.http_options())
    done: list[str] = []
    with plain_server(_ok({})) as address, polite_scan(session, "127.0.0.1", opts):
        started = limiter.started

        def request() -> None:
            with session.client(f"http://{address}/", opts.http_options()) as client:
                client.request("GET", f"http://{address}/")
            done.append("request")

        def second_scan() -> None:
            with polite_scan(session, "127.0.0.1", options()):
                done.append("scan")

        workers = [threading.Thread(target=request), threading.Thread(target=second_scan)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(0.5)
        assert done == []  # both still wait for the first scan
    for worker in workers:
        worker.join(10)
    assert sorted(done) == ["request", "scan"]
    assert started >= 1  # the scan counted as a request start of the host's rate


def test_a_scan_that_outlives_its_deadline_is_reported_not_waited_for(good_leaf) -> None:
    """The sslyze scan runs inside a total deadline; past it, the result says so (the daemon threads end
    on their own, each connection bounded by the network timeout)."""
    from cgcomply.probes.tls.scan import scan

    with tls_server(good_leaf) as url:
        port = int(url.rsplit(":", 1)[1].split("/", 1)[0])
        found = scan(
            "127.0.0.1",
            "127.0.0.1",
            port,
            cacert=None,
            network_timeout=2,
            deadline_seconds=0.01,
            max_connections=1,
        )
    assert found.error_kind == "deadline" and found.deadline_seconds == 0.01
    assert found.error is None  # the probe says it in the report's language (reason.scan-deadline)
    assert found.protocols == {}


def test_check_record_for_each_adr_version() -> None:
    assert tls.TLS_CHECK.id == "probe.tls"
    assert tls.tls_check_for("2.2.0").adr_rule == "/core/transport/tls"
    assert tls.tls_check_for("2.1.0").adr_rule == "/core/transport/tls"
    assert tls.tls_check_for("2.0.2").adr_rule == "/core/transport-security"
    assert tls.tls_check_for("2.0.2").id == "probe.tls"


# --------------------------------------------------------------------------- the parts


@pytest.mark.parametrize(
    ("suite", "rating"),
    [
        ("TLS_AES_256_GCM_SHA384", Rating.GOOD),
        ("TLS_CHACHA20_POLY1305_SHA256", Rating.GOOD),
        ("TLS_AES_128_GCM_SHA256", Rating.SUFFICIENT),
        ("TLS_AES_128_CCM_8_SHA256", Rating.INSUFFICIENT),
        ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Rating.SUFFICIENT),
        ("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", Rating.SUFFICIENT),
        ("TLS_ECDHE_ECDSA_WITH_AES_256_CCM", Rating.SUFFICIENT),
        ("TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", Rating.INSUFFICIENT),
        ("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", Rating.PHASE_OUT),
        ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Rating.INSUFFICIENT),
        ("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", Rating.PHASE_OUT),
        ("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", Rating.PHASE_OUT),
        ("TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", Rating.PHASE_OUT),
        ("TLS_RSA_WITH_AES_128_GCM_SHA256", Rating.INSUFFICIENT),
        ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", Rating.INSUFFICIENT),
        ("TLS_ECDH_anon_WITH_AES_128_CBC_SHA", Rating.INSUFFICIENT),
        ("TLS_RSA_WITH_RC4_128_SHA", Rating.INSUFFICIENT),
        ("SSL_CK_RC4_128_WITH_MD5", Rating.INSUFFICIENT),
    ],
)
def test_cipher_suite_ratings(suite: str, rating: Rating) -> None:
    assert rate_cipher_suite(suite) is rating


def test_protocol_and_curve_ratings() -> None:
    assert [rate_protocol(p) for p in ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3")] == [
        Rating.INSUFFICIENT,
        Rating.INSUFFICIENT,
        Rating.INSUFFICIENT,
        Rating.INSUFFICIENT,
        Rating.SUFFICIENT,
        Rating.GOOD,
    ]
    assert rate_curve("X25519") is Rating.GOOD
    assert rate_curve("secp224r1") is Rating.PHASE_OUT
    assert rate_curve("secp192r1") is Rating.INSUFFICIENT
    assert Rating.PHASE_OUT.nl == "uit te faseren"


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
    assert tls_http.parse_max_age(value) == expected


def test_every_text_has_both_languages_and_the_same_placeholders() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert len({sub.id for sub in SUBTESTS}) == len(SUBTESTS) >= 14
    from cgcomply.probes.common import COMMON_MESSAGES

    # The unit's table is its sub-tests' texts plus the runner's shared reasons (probes/common.py).
    assert set(tls.TLS_CHECK.messages) == set(message_table()) | set(COMMON_MESSAGES)
    assert set(message_table()) > set(all_message_keys())
    for key, text in message_table().items():
        assert text.nl.strip() and text.en.strip() and text.nl != text.en, key
        assert fields(text.nl) == fields(text.en), key
        assert text_for(key) is text


def test_a_report_in_dutch(modern) -> None:
    """The same findings render in Dutch (the default of every command)."""
    _, result = modern
    dutch = messages(result, lang="nl")
    assert "TLS 1.3 wordt geaccepteerd (goed)" in dutch
    assert "TLS 1.0 wordt geweigerd (goed)" in dutch
    assert "TLS-compressie staat uit (goed)" in dutch
