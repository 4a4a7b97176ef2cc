"""The bundled example API (``cgcomply demo-server``) in each of its modes, probed for real over 127.0.0.1.

Each test starts the server (HTTPS with a fresh test CA unless ``http-only``), runs every live probe, and
asserts the exact status of each probe. probe.tls belongs to its own unit and tests (tests/test_tls.py).
"""

from __future__ import annotations

import json
import ssl
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner

from cgcomply.demo.server import BREAK_MODES, serve_forever_cli, start_demo_server
from cgcomply.errors import UsageError
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.runner import run_live_checks

PROBES = (
    "probe.publish-openapi",
    "probe.version-header",
    "probe.no-trailing-slash",
    "probe.uri-version",
    "probe.problem-details",
    "probe.invalid-input",
    "probe.security-headers",
    "probe.cors",
)
ALL_PASS = dict.fromkeys(PROBES, "pass")

EXPECTED: dict[str, dict[str, str]] = {
    "": ALL_PASS,
    "no-version-header": {**ALL_PASS, "probe.version-header": "fail"},
    "redirect-trailing-slash": {**ALL_PASS, "probe.no-trailing-slash": "fail"},
    "plain-errors": {**ALL_PASS, "probe.problem-details": "fail"},
    "missing-security-headers": {**ALL_PASS, "probe.security-headers": "fail"},
    # Without the document nothing tells which paths exist or which version to expect.
    "unpublished-document": {
        **ALL_PASS,
        "probe.publish-openapi": "fail",
        "probe.version-header": "error",
        "probe.no-trailing-slash": "error",
        "probe.uri-version": "error",
        "probe.invalid-input": "error",
    },
    "wildcard-cors": {**ALL_PASS, "probe.cors": "fail"},
    "http-only": ALL_PASS,  # plain HTTP is probe.tls's verdict; HSTS is not checkable over HTTP
    "zgw-deviation": ALL_PASS,  # breaks only the Autorisaties API subset (tests/test_conform_live.py)
}


def _options(server, **changes) -> ProbeOptions:
    base = {"cacert": Path(server.ca_path) if server.ca_path else None, "rate_per_second": 1000.0}
    base.update(changes)
    return ProbeOptions(**base)


def _statuses(run) -> dict[str, str]:
    return {result.id: result.status.value for result in run.results if result.id in PROBES}


@pytest.mark.parametrize("mode", list(EXPECTED))
def test_every_mode_gives_the_exact_verdicts(mode: str) -> None:
    breaks = (mode,) if mode else ()
    with start_demo_server(breaks=breaks) as server:
        run = run_live_checks(server.base_url, _options(server, cors_open_api=False))
    assert _statuses(run) == EXPECTED[mode]
    for result in run.results:
        if result.status.value in ("error", "manual"):
            assert result.reason, result.id
        if result.status.value == "fail":
            assert any(f.severity.value == "error" and f.evidence for f in result.findings) or result.id in (
                "probe.uri-version",
            )


def test_every_break_mode_is_covered() -> None:
    assert set(BREAK_MODES) == {mode for mode in EXPECTED if mode}


def test_failure_messages_say_what_is_wrong() -> None:
    with start_demo_server(breaks=("redirect-trailing-slash", "plain-errors", "no-version-header")) as server:
        run = run_live_checks(server.base_url, _options(server, cors_open_api=False))
    by_id = {result.id: result for result in run.results}
    slash = by_id["probe.no-trailing-slash"].findings[0]
    assert "redirects (301" in str(slash.message)
    assert slash.evidence.status == 301
    assert slash.evidence.headers["location"].endswith("/zaken/api/v1/zaken")
    problem = [str(f.message) for f in by_id["probe.problem-details"].findings if f.severity.value == "error"]
    # an unknown id, an unknown route and the four declared query parameters with impossible values
    assert len(problem) == 6 and all("text/plain" in message for message in problem)
    assert any("unknown route under the base URL" in message for message in problem)
    version = [str(f.message) for f in by_id["probe.version-header"].findings if f.severity.value == "error"]
    # the document, the collection, an unknown id and a bad query parameter
    assert len(version) == 4 and all("no API-Version header" in message for message in version)


def test_unpublished_document_given_by_the_user_is_used_for_the_other_probes() -> None:
    with start_demo_server(breaks=("unpublished-document",)) as server:
        run = run_live_checks(
            server.base_url, _options(server, cors_open_api=False), document=server.document
        )
    assert _statuses(run) == {**ALL_PASS, "probe.publish-openapi": "fail"}
    assert run.document_bytes is None and run.document_url is None


def test_published_document_is_returned_for_the_static_checks() -> None:
    with start_demo_server() as server:
        run = run_live_checks(server.base_url + "/", _options(server))
    assert run.document_url == server.base_url + "/openapi.json"
    document = json.loads(run.document_bytes)
    assert document["info"]["version"] == "1.0.0"
    assert document["servers"][0]["url"] == server.base_url


@pytest.mark.parametrize(
    ("open_api", "expected"),
    [(None, "manual"), (False, "fail"), (True, "pass")],
)
def test_wildcard_cors_depends_on_the_intended_clients(open_api: bool | None, expected: str) -> None:
    with start_demo_server(breaks=("wildcard-cors",)) as server:
        run = run_live_checks(server.base_url, _options(server, cors_open_api=open_api))
    cors = next(result for result in run.results if result.id == "probe.cors")
    assert cors.status.value == expected
    if expected == "manual":
        assert str(cors.reason) == "wildcard: conclusive only when the intended clients are known"


def test_cors_allow_list_is_checked_for_the_intended_clients() -> None:
    with start_demo_server() as server:
        good = run_live_checks(
            server.base_url, _options(server, cors_allowed_origins=("https://zaken.gemeente.example",))
        )
        bad = run_live_checks(
            server.base_url, _options(server, cors_allowed_origins=("https://portaal.example",))
        )
    assert next(r for r in good.results if r.id == "probe.cors").status.value == "pass"
    cors = next(r for r in bad.results if r.id == "probe.cors")
    assert cors.status.value == "fail"
    assert any(
        "https://portaal.example" in str(f.message) and f.severity.value == "error" for f in cors.findings
    )


def test_compliant_api_over_http_reports_hsts_as_not_checkable() -> None:
    with start_demo_server(breaks=("http-only",)) as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.ca_path is None
        run = run_live_checks(server.base_url, _options(server))
    headers = next(r for r in run.results if r.id == "probe.security-headers")
    assert headers.status.value == "pass"
    assert any("Strict-Transport-Security not checkable" in str(f.message) for f in headers.findings)


def test_server_speaks_https_with_its_test_ca_only(tmp_path: Path) -> None:
    with start_demo_server(workdir=tmp_path) as server:
        assert server.base_url.startswith("https://127.0.0.1:")
        assert Path(server.ca_path) == tmp_path / "ca.pem"
        context = ssl.create_default_context(cafile=server.ca_path)
        with httpx.Client(verify=context) as client:
            response = client.get(server.base_url + "/zaken")
        assert response.status_code == 200
        assert response.headers["api-version"] == "1.0.0"
        assert response.headers["strict-transport-security"]
        with pytest.raises(httpx.ConnectError), httpx.Client() as client:
            client.get(server.base_url + "/zaken")  # not trusted without the test CA
    assert (tmp_path / "ca.pem").exists()  # a given workdir is kept


def test_server_document_json_and_yaml_are_the_same() -> None:
    with start_demo_server(breaks=("http-only",)) as server, httpx.Client() as client:
        as_json = client.get(server.base_url + "/openapi.json")
        as_yaml = client.get(server.base_url + "/openapi.yaml")
        assert as_json.headers["access-control-allow-origin"] == "*"
        assert as_yaml.headers["access-control-allow-origin"] == "*"
        assert yaml.safe_load(as_yaml.content) == as_json.json()
        assert as_json.json()["servers"][0]["url"] == server.base_url


def test_server_answers_like_a_read_only_zgw_api() -> None:
    with start_demo_server(breaks=("http-only",)) as server, httpx.Client() as client:
        zaken = client.get(server.base_url + "/zaken", params={"archiefnominatie": "vernietigen"}).json()
        assert zaken["count"] == 1 and zaken["results"][0]["identificatie"] == "ZAAK-2026-0000002"
        one = client.get(server.base_url + "/zaken/" + zaken["results"][0]["uuid"])
        assert one.status_code == 200 and one.json()["startdatum"] == "2026-04-15"
        bad = client.get(server.base_url + "/zaken", params={"startdatum": "15-04-2026", "foo": "1"})
        assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
        assert {p["name"] for p in bad.json()["invalidParams"]} == {"startdatum", "foo"}
        post = client.post(server.base_url + "/zaken", json={})
        assert post.status_code == 405 and post.headers["allow"] == "GET, HEAD, OPTIONS"
        head = client.head(server.base_url + "/zaken")
        assert head.status_code == 200 and head.content == b""
        assert "python" not in client.get(server.base_url).headers.get("server", "").lower()
        allowed = client.options(
            server.base_url + "/zaken",
            headers={"Origin": "https://zaken.gemeente.example", "Access-Control-Request-Method": "GET"},
        )
        assert allowed.headers["access-control-allow-origin"] == "https://zaken.gemeente.example"


def test_unknown_mode_is_a_usage_error_listing_the_modes() -> None:
    with pytest.raises(UsageError) as caught:
        start_demo_server(breaks=("no-such-mode",))
    message = caught.value.render()
    assert "no-such-mode" in message
    assert all(mode in message for mode in BREAK_MODES)


def test_list_modes(capsys: pytest.CaptureFixture[str]) -> None:
    serve_forever_cli(port=0, breaks=(), list_modes=True)
    out = capsys.readouterr().out
    assert all(mode in out for mode in BREAK_MODES)


def test_cli_demo_server_rejects_unknown_mode() -> None:
    from cgcomply.cli import main

    result = CliRunner().invoke(main, ["demo-server", "--break", "nope"])
    assert result.exit_code == 2
    assert "onbekende modus nope" in result.output and "wildcard-cors" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("adr_version", ["2.0.2", "2.1.0", "2.2.0"])
def test_served_document_passes_the_static_checks(adr_version: str) -> None:
    from cgcomply.linting import lint_loaded
    from cgcomply.oas import load_document_bytes

    with start_demo_server(breaks=("http-only",)) as server, httpx.Client() as client:
        url = server.base_url + "/openapi.json"
        loaded = load_document_bytes(client.get(url).content, url)
    results = lint_loaded(loaded, adr_version)
    assert results
    failed = {
        result.id: str(result.findings[0].message)
        for result in results
        if result.status.value in ("fail", "error")
    }
    # Plain HTTP is the point of the http-only mode: only the https rule may object.
    assert set(failed) <= {"adr.servers-https"}, failed


def test_sigterm_stops_the_cli_server_cleanly() -> None:
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "cgcomply.cli", "demo-server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert first.startswith("Voorbeeld-API / example API: https://127.0.0.1:")
        ca_line = ""
        deadline = time.monotonic() + 10
        while not ca_line.startswith("Test-CA:") and time.monotonic() < deadline:
            ca_line = process.stdout.readline()
        ca_path = Path(ca_line.split(":", 1)[1].strip())
        assert ca_path.exists()
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert not ca_path.parent.exists()  # the temporary CA folder is removed


def test_malformed_requests_get_problem_details_too() -> None:
    import socket

    with start_demo_server(breaks=("http-only",)) as server:
        requests = (
            b"FOO /zaken/api/v1/zaken HTTP/1.1\r\nHost: x\r\n\r\n",  # unknown method: 501
            b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",  # URI too long: 414
        )
        for request in requests:
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
                connection.sendall(request)
                answer = b""
                while chunk := connection.recv(65536):
                    answer += chunk
            head, _, body = answer.partition(b"\r\n\r\n")
            assert b"Content-Type: application/problem+json" in head
            assert b"API-Version: 1.0.0" in head
            assert {"status", "title", "detail"} <= set(json.loads(body))
