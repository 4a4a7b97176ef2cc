"""The HTTP layer (``cgcomply.http``): bounds that hold against hostile servers on 127.0.0.1."""

from __future__ import annotations

import threading

import pytest

from cgcomply.errors import CgcomplyError
from cgcomply.http import (
    BadURLError,
    HttpOptions,
    OffOriginError,
    Origin,
    Redactor,
    Session,
    UnsafeMethodError,
    mask_userinfo,
)
from cgcomply.http.decoding import decode
from cgcomply.i18n import render
from hostile_servers import (
    METADATA_URL,
    deflate_bomb_handler,
    gzip_bomb,
    gzip_bomb_handler,
    huge_body_handler,
    redirect_handler,
    trickle_body_handler,
    trickle_head_handler,
)
from servers import json_reply, serve

FAST = HttpOptions(rate_per_second=1000.0, connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0)
MIB = 1024 * 1024


def test_a_two_layer_gzip_bomb_stops_at_the_cap_after_decoding() -> None:
    body = gzip_bomb()
    assert len(body) < 12_000  # about 10 KB on the wire, 4 GiB decoded
    with serve(gzip_bomb_handler()) as server, Session().client(server.url(), FAST) as client:
        exchange = client.request("GET", server.url("/openapi.json"), max_body_bytes=2 * MIB)
    assert exchange.status == 200
    assert exchange.truncated and exchange.cut_off_kind == "cap"
    assert len(exchange.body) == 2 * MIB and set(exchange.body) == {0}
    assert exchange.cut_off == f"longer than the cap of {2 * MIB} bytes (after decoding)"


def test_decoding_hands_on_small_pieces_whatever_the_ratio() -> None:
    pieces = decode(iter([gzip_bomb()]), "gzip, gzip")
    sizes = [len(next(pieces)) for _ in range(50)]
    assert max(sizes) <= 64 * 1024


def test_a_deflate_bomb_stops_at_the_cap() -> None:
    with serve(deflate_bomb_handler(64 * MIB)) as server, Session().client(server.url(), FAST) as client:
        exchange = client.request("GET", server.url("/x"), max_body_bytes=MIB)
    assert exchange.cut_off_kind == "cap" and len(exchange.body) == MIB


def test_an_unsupported_encoding_is_not_decoded() -> None:
    def handler(seen):
        return json_reply(b"\x00\x01", **{"Content-Encoding": "br"})

    with serve(handler) as server, Session().client(server.url(), FAST) as client:
        exchange = client.request("GET", server.url("/x"))
    assert exchange.cut_off_kind == "encoding" and exchange.body == b""
    assert exchange.cut_off == "not decodable: Content-Encoding br is not supported"
    note = exchange.evidence().note
    assert note is not None and note.id == "http.exchange:truncated"
    assert str(note) == "body not decodable: Content-Encoding br is not supported; read stopped after 0 bytes"
    assert render(note, "nl") == (
        "body niet te decoderen: Content-Encoding br wordt niet ondersteund; lezen gestopt na 0 bytes"
    )


def test_a_huge_body_stops_at_the_cap() -> None:
    with serve(huge_body_handler()) as server, Session().client(server.url(), FAST) as client:
        exchange = client.request("GET", server.url("/x"), max_body_bytes=3 * MIB)
    assert exchange.cut_off_kind == "cap" and len(exchange.body) == 3 * MIB


def test_a_trickled_body_ends_at_the_total_deadline() -> None:
    options = HttpOptions(rate_per_second=1000.0, read_timeout=5.0, total_timeout=1.0)
    with (
        serve(trickle_body_handler(pause=0.2, limit=100)) as server,
        Session().client(server.url(), options) as client,
    ):
        exchange = client.request("GET", server.url("/x"))
    assert exchange.status == 200 and exchange.cut_off_kind == "deadline"
    assert exchange.cut_off == "not complete within the total deadline of 1 s"
    assert 0 < len(exchange.body) < 100


def test_trickled_headers_end_at_the_total_deadline() -> None:
    options = HttpOptions(rate_per_second=1000.0, read_timeout=5.0, total_timeout=1.0)
    with serve(trickle_head_handler(pause=0.05)) as server, Session().client(server.url(), options) as client:
        exchange = client.request("GET", server.url("/x"))
    assert exchange.status is None and exchange.error_kind == "deadline"
    assert exchange.error == "timed out: not complete within the total deadline of 1 s"


@pytest.mark.parametrize(
    "target",
    [METADATA_URL, "http://localhost:{port}/x", "http://127.0.0.1:{other}/x", "https://127.0.0.1:{port}/x"],
)
def test_redirects_only_within_the_origin(target: str) -> None:
    with serve(lambda seen: json_reply()) as other:
        location = target.format(port="{port}", other=other.port)
        with serve(redirect_handler("placeholder")) as server:
            server.handler = redirect_handler(location.replace("{port}", str(server.port)))
            with Session().client(server.url(), FAST) as client:
                exchange = client.request("GET", server.url("/x"))
        assert other.seen == []
    assert exchange.status == 302 and exchange.blocked_redirect is not None
    assert len(server.seen) == 1


def test_credentials_stay_with_their_origin() -> None:
    secret = "Bearer only-for-the-first-origin-1234"
    with serve(lambda seen: json_reply()) as first, serve(lambda seen: json_reply()) as second:
        session = Session()
        session.bind_credentials(first.url(), {"Authorization": secret})
        for server in (first, second):
            with session.client(server.url(), FAST) as client:
                client.request("GET", server.url("/x"))
        assert first.seen[0].header("Authorization") == secret
        assert second.seen[0].header("Authorization") is None  # another port is another origin


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT"])
def test_methods_outside_the_allowed_ones_are_never_sent(method: str) -> None:
    with serve(lambda seen: json_reply()) as server, Session().client(server.url(), FAST) as client:
        with pytest.raises(UnsafeMethodError, match="nothing was sent"):
            client.request(method, server.url("/x"))
        with pytest.raises(OffOriginError, match="nothing was sent"):
            client.request("GET", server.url("/x", host="localhost"))
    assert server.seen == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://127.0.0.1:99999/x",
            "the port of 'http://127.0.0.1:99999/x' is out of range (1-65535): 99999",
        ),
        ("http://[::1", "the URL 'http://[::1' is malformed: Invalid IPv6 URL"),
        ("http://h:80:80/x", "the URL 'http://h:80:80/x' has more than one port"),
        ("http://h:8o/x", "the port of 'http://h:8o/x' is not a number: '8o'"),
        ("ftp://h/x", "not an http:// or https:// URL: 'ftp://h/x'"),
        ("http:///x", "the URL 'http:///x' has no host"),
        ("http://u:pw-secret@h:0/x", "the port of 'http://u:***@h:0/x' is out of range (1-65535): 0"),
    ],
)
def test_bad_urls_are_refused_with_the_url_named(url: str, message: str) -> None:
    with pytest.raises(BadURLError) as caught:
        Origin.of(url)
    assert caught.value.render() == message
    assert caught.value.exit_code == 2 and isinstance(caught.value, CgcomplyError)


def test_origins_compare_scheme_host_and_port() -> None:
    assert Origin.of("https://API.example.org/x") == Origin.of("https://api.example.org:443/y")
    assert Origin.of("http://api.example.org") != Origin.of("https://api.example.org")
    assert Origin.of("http://h:8080") != Origin.of("http://h:8081")
    assert str(Origin.of("http://[::1]:8080/x")) == "http://[::1]:8080"
    with pytest.raises(BadURLError):
        Origin.parse("https://api.example.org/path")


def test_redaction_masks_secrets_in_urls_query_strings_and_userinfo() -> None:
    redactor = Redactor(["Bearer tok/en+1234 ="])
    text = "GET https://h/x?key=tok%2Fen%2B1234%20%3D and tok/en+1234 = and https://user:pa55w0rd@h/x"
    assert redactor.redact(text) == "GET https://h/x?key=*** and *** and https://user:***@h/x"
    assert mask_userinfo("see http://u:p@h and https://h/") == "see http://u:***@h and https://h/"
    assert redactor.headers({"Authorization": "x", "X-Other": "tok/en+1234 ="}) == {
        "Authorization": "***",
        "X-Other": "***",
    }


def test_one_rate_limit_per_host_for_every_client_of_a_session() -> None:
    options = HttpOptions(rate_per_second=5.0)
    with serve(lambda seen: json_reply()) as server:
        session = Session()
        clients = [session.client(server.url(), options) for _ in range(2)]
        threads = [
            threading.Thread(target=clients[i % 2].request, args=("GET", server.url(f"/x{i}")))
            for i in range(6)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        for client in clients:
            client.close()
        times = sorted(item.at for item in server.seen)
    assert len(times) == 6
    # Any window of one second holds at most 5 + 1 request starts (5 per second, the first at 0).
    assert all(sum(1 for t in times if start <= t < start + 1.0) <= 6 for start in times)
    # 0.2 s apart at the client; the server sees them later by scheduling jitter (under load one arrival
    # can lag its slot while the next does not), so the whole span is the measure: 5 gaps of 0.2 s.
    assert times[-1] - times[0] >= 0.8


def test_sessions_do_not_share_limiters_or_secrets() -> None:
    first, second = Session(), Session()
    assert first.limiter("h", FAST) is first.limiter("H", FAST)
    assert first.limiter("h", FAST) is not second.limiter("h", FAST)
    first.bind_credentials("https://h", {"Authorization": "Bearer first-secret-1"})
    assert second.redact("Bearer first-secret-1") == "Bearer first-secret-1"
    assert first.redact("Bearer first-secret-1") == "***"
