"""Probing a supplier's API safely (DESIGN.md): what the prober sends, to whom, and what it writes down.

Real servers on 127.0.0.1 record every request they receive; the tests assert on those recordings.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cgcomply.demo.server import start_demo_server
from cgcomply.errors import TargetError, UsageError
from cgcomply.http import SafeClient, Session, UnsafeMethodError
from cgcomply.probes.cli_options import build_probe_options
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.runner import bind_credentials, run_live_checks
from servers import Reply, Server, serve

SECRET = "Bearer s3cr3t-T0ken-for-the-target-only"
FAST = {"rate_per_second": 1000.0, "connect_timeout": 2.0, "read_timeout": 2.0}


@contextmanager
def recording_server(behaviour, delay: float = 0.0) -> Iterator[Server]:
    """A server that records every request (``server.seen``: method, path, headers) and answers with
    ``behaviour(seen) -> (status, headers, body)``."""
    with serve(lambda seen: Reply(*behaviour(seen)), delay=delay) as server:
        yield server


def _url(server: Server, path: str = "/api/v1", host: str = "127.0.0.1") -> str:
    return server.url(path, host=host)


def client_for(url: str, options: ProbeOptions, session: Session | None = None) -> SafeClient:
    """The run's client as the runner makes it: credentials bound to the target origin in the session."""
    session = session or Session()
    bind_credentials(session, url, options)
    return session.client(url, options.http_options())


def _json(handler) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/json"}, b"{}"


def test_default_run_sends_only_get_head_options() -> None:
    with start_demo_server(breaks=("http-only",)) as server:
        options = ProbeOptions(**FAST, extra_headers={"Authorization": SECRET})
        run_live_checks(server.base_url, options)
        methods = {request.method for request in server.requests}
    assert methods <= {"GET", "HEAD", "OPTIONS"}
    assert "GET" in methods and "OPTIONS" in methods


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT", "PROPFIND"])
def test_unsafe_methods_are_refused_before_sending(method: str) -> None:
    with recording_server(_json) as server, client_for(_url(server), ProbeOptions(**FAST)) as client:
        with pytest.raises(UnsafeMethodError, match="nothing was sent"):
            client.request(method, _url(server, "/api/v1/zaken"))
        assert server.seen == []
        assert client.sent == []


def test_unsafe_methods_only_with_the_flag_and_never_trace() -> None:
    options = ProbeOptions(**FAST, allow_unsafe_methods=True)
    with recording_server(_json) as server, client_for(_url(server), options) as client:
        exchange = client.request("POST", _url(server, "/api/v1/zaken"))
        assert exchange.status == 200
        with pytest.raises(UnsafeMethodError):
            client.request("TRACE", _url(server, "/api/v1/zaken"))
        assert [method for method, _, _ in server.seen] == ["POST"]


def test_client_talks_only_to_the_target_origin() -> None:
    with recording_server(_json) as server, client_for(_url(server), ProbeOptions(**FAST)) as client:
        with pytest.raises(TargetError, match="not on the target origin"):
            client.request("GET", _url(server, host="localhost"))
        with pytest.raises(TargetError):
            client.request("GET", f"http://127.0.0.1:{server.server_address[1] + 1}/api/v1")
        assert server.seen == []


def test_credentials_go_to_the_target_only_never_across_a_redirect_and_never_into_evidence() -> None:
    with recording_server(_json) as other:
        elsewhere = _url(other, "/stolen", host="localhost")

        def behaviour(handler):
            if handler.path.startswith("/api/v1/zaken"):
                return 302, {"Location": elsewhere}, b""
            # echo the request headers back: a body that contains the credential
            return (
                200,
                {"Content-Type": "application/json"},
                json.dumps(dict(handler.headers)).encode(),
            )

        with recording_server(behaviour) as target:
            options = ProbeOptions(**FAST, extra_headers={"Authorization": SECRET})
            with client_for(_url(target), options) as client:
                redirected = client.request("GET", _url(target, "/api/v1/zaken"))
                echoed = client.request("GET", _url(target, "/api/v1"))
            run = run_live_checks(_url(target), options)
            target_seen = list(target.seen)
        assert other.seen == []  # the other host got nothing at all
    assert redirected.status == 302
    assert redirected.blocked_redirect == elsewhere
    assert any(headers.get("Authorization") == SECRET for _, _, headers in target_seen)
    # openapi.json is fetched without credentials: the ADR requires it to be public
    assert all(
        "Authorization" not in headers for _, path, headers in target_seen if path.endswith("/openapi.json")
    )
    evidence = echoed.evidence()
    assert evidence.request_headers["Authorization"] == "***"
    assert SECRET not in json.dumps(dataclasses.asdict(evidence))
    assert "***" in evidence.body
    everything = json.dumps([dataclasses.asdict(result) for result in run.results], default=str)
    assert SECRET not in everything
    assert SECRET.split(" ", 1)[1] not in everything


def test_same_origin_redirects_are_followed_at_most_five_times() -> None:
    def behaviour(handler):
        number = int(handler.path.rsplit("/", 1)[1])
        if number < 10:
            return 302, {"Location": f"/api/v1/hop/{number + 1}"}, b""
        return 200, {"Content-Type": "application/json"}, b"{}"

    with recording_server(behaviour) as server, client_for(_url(server), ProbeOptions(**FAST)) as client:
        short = client.request("GET", _url(server, "/api/v1/hop/7"))
        long = client.request("GET", _url(server, "/api/v1/hop/0"))
    assert short.status == 200 and len(short.redirects) == 3
    assert short.final_url.endswith("/api/v1/hop/10")
    assert long.error_kind == "too-many-redirects"


def test_concurrency_per_host_is_bounded() -> None:
    options = ProbeOptions(**{**FAST, "max_concurrency": 2})
    with recording_server(_json, delay=0.05) as server:
        shared = Session()  # the limits of one host hold for every client of the session
        clients = [client_for(_url(server), options, shared) for _ in range(3)]
        threads = [
            threading.Thread(target=clients[i % 3].request, args=("GET", _url(server, f"/api/v1/x{i}")))
            for i in range(9)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        for client in clients:
            client.close()
        assert len(server.seen) == 9
        assert server.max_in_flight <= 2


def test_body_reads_are_capped() -> None:
    def behaviour(handler):
        return 200, {"Content-Type": "application/json"}, b"x" * 100_000

    with recording_server(behaviour) as server, client_for(_url(server), ProbeOptions(**FAST)) as client:
        exchange = client.request("GET", _url(server), max_body_bytes=1000)
    assert exchange.truncated and len(exchange.body) == 1000
    assert exchange.json() is None
    assert exchange.cut_off_kind == "cap"
    assert "body longer than the cap of 1000 bytes (after decoding); read stopped after 1000 bytes" in (
        str(exchange.evidence().note or "")
    )


# --------------------------------------------------------------------------- command-line options


def test_header_env_and_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CGCOMPLY_TEST_TOKEN", SECRET)
    header_file = tmp_path / "headers.txt"
    header_file.write_text("# credentials\n\nX-Api-Key: file-key-123456\n", encoding="utf-8")
    options = build_probe_options(
        header_env=("Authorization=CGCOMPLY_TEST_TOKEN",), header_file=header_file, timeout=3, rate=5
    )
    assert options.extra_headers == {"X-Api-Key": "file-key-123456", "Authorization": SECRET}
    assert options.read_timeout == 3 and options.rate_per_second == 5
    session = Session()
    bind_credentials(session, "https://api.example.org", options)
    assert session.redact(f"token {SECRET} and file-key-123456") == "token *** and ***"


def test_missing_env_var_names_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CGCOMPLY_NOT_SET", raising=False)
    with pytest.raises(UsageError) as caught:
        build_probe_options(header_env=("Authorization=CGCOMPLY_NOT_SET",))
    assert caught.value.render() == (
        "--header-env: environment variable CGCOMPLY_NOT_SET is not set (for header Authorization)"
    )


@pytest.mark.parametrize("spec", ["Authorization", "=VAR", "Authorization="])
def test_bad_header_env_spec(spec: str) -> None:
    with pytest.raises(UsageError, match="expected NAME=ENVVAR"):
        build_probe_options(header_env=(spec,))


def test_malformed_header_file_names_file_and_line(tmp_path: Path) -> None:
    header_file = tmp_path / "headers.txt"
    header_file.write_text("X-Api-Key: abcdefgh\n# fine\nthis line has no colon\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        build_probe_options(header_file=header_file)
    assert caught.value.render() == f"{header_file}:3: --header-file: expected a 'Name: value' line"


def test_bad_header_name_in_file(tmp_path: Path) -> None:
    header_file = tmp_path / "headers.txt"
    header_file.write_text("Bad Name: value-1234\n", encoding="utf-8")
    with pytest.raises(
        UsageError, match=r"headers.txt:1: --header-file: 'Bad Name' is not a valid header name"
    ):
        build_probe_options(header_file=header_file)


def test_unusable_cacert_is_a_usage_error(tmp_path: Path) -> None:
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        build_probe_options(cacert=bogus)
    assert str(bogus) in caught.value.render() and "--cacert" in caught.value.render()


def test_bad_numbers_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="--rate"):
        build_probe_options(rate=0)
    with pytest.raises(UsageError, match="--concurrency"):
        build_probe_options(concurrency=0)
    with pytest.raises(UsageError, match="--timeout"):
        build_probe_options(timeout=-1)


def test_cli_reports_a_bad_credential_option_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from cgcomply.cli import main

    monkeypatch.delenv("CGCOMPLY_NOT_SET", raising=False)
    result = CliRunner().invoke(
        main, ["probe", "http://127.0.0.1:9/api/v1", "--header-env", "Authorization=CGCOMPLY_NOT_SET"]
    )
    assert result.exit_code == 2
    assert result.output.strip() == (
        "fout: --header-env: omgevingsvariabele CGCOMPLY_NOT_SET is niet gezet (voor header Authorization)"
    )


def test_a_malformed_location_is_not_followed() -> None:
    def behaviour(handler):
        return 302, {"Location": "http://[not-an-address/x"}, b""

    with recording_server(behaviour) as server, client_for(_url(server), ProbeOptions(**FAST)) as client:
        exchange = client.request("GET", _url(server))
    assert exchange.status == 302 and exchange.blocked_redirect == "http://[not-an-address/x"
    assert len(server.seen) == 1
