"""Every path out of cgcomply goes through the HTTP layer: document and ``$ref`` fetches, probes, the TLS
probe's plain-HTTP request and the conformance run obey one rate limit per host, total deadlines, decoded
size caps, same-origin redirects and credentials bound to their origin (issue 7 items 2-6 and 9, issue 8
items 3-4). Real servers on 127.0.0.1 record what they receive."""

from __future__ import annotations

import json
import logging
import os
import threading

import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.errors import DocumentError
from cgcomply.http import Session
from cgcomply.linting import LintOptions, lint_document
from cgcomply.oas import LoadOptions, load_document
from cgcomply.probes.options import ProbeOptions
from cgcomply.report import render
from cgcomply.resources import profiles_dir
from cgcomply.verification import probe_target, verify_profile
from hostile_servers import (
    METADATA_URL,
    gzip_bomb_handler,
    redirect_handler,
    trickle_body_handler,
    trickle_head_handler,
)
from peak_memory import run_cli_measured
from servers import Reply, Seen, Server, json_reply, serve

CG_BASIS = profiles_dir() / "cg-basis.yaml"
FAST = {"rate_per_second": 1000.0, "connect_timeout": 2.0, "read_timeout": 2.0, "tls_scan": False}
TOKEN_A = "Bearer token-of-run-a-0123456789"
TOKEN_B = "Bearer token-of-run-b-9876543210"


def _document(server_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1.0.0", "contact": {"email": "a@b.nl"}},
        "servers": [{"url": f"{server_url}/api/v1"}],
        "paths": {
            "/zaken": {
                "get": {
                    "operationId": "listZaken",
                    "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            }
        },
    }


def _api(server_holder: list[Server]):
    """An API that publishes its document and answers every other GET with ``{}``."""

    def handler(seen: Seen) -> Reply:
        if seen.path.split("?")[0].endswith("openapi.json"):
            return json_reply(json.dumps(_document(server_holder[0].url())))
        return json_reply("{}", **{"API-Version": "1.0.0"})

    return handler


def _serve_api():
    holder: list[Server] = []
    context = serve(_api(holder))
    server = context.__enter__()
    holder.append(server)
    return context, server


def _all_text(report) -> str:
    parts = [repr(report)]  # every field, rendered or not
    for fmt in ("json", "text", "md", "html", "sarif", "junit"):
        for lang in ("nl", "en"):
            parts.append(render(report, fmt, lang))
    return "\n".join(parts)


# --------------------------------------------------------------------------- issue 7 item 6, issue 8 item 4


def test_one_rate_limit_per_host_for_probes_fetches_tls_and_conformance() -> None:
    """Probes, the --oas document fetch, the TLS probe's plain-HTTP request and the conformance run all
    start their requests through the session's one limiter of the host: the server never sees more than
    the rate allows in any second, and the limiter granted every request the server saw."""
    rate = 10.0
    context, server = _serve_api()
    try:
        session = Session()
        options = ProbeOptions(
            **{**FAST, "rate_per_second": rate, "tls_scan": True},
            conformance=True,
            conformance_max_requests=15,
        )
        report = verify_profile(
            CG_BASIS,
            base_url=server.url("/api/v1"),
            document=server.url("/docs/openapi.json"),
            options=options,
            session=session,
        )
        seen = list(server.seen)
    finally:
        context.__exit__(None, None, None)
    paths = [item.path for item in seen]
    assert "/docs/openapi.json" in paths  # the --oas fetch
    assert "/api/v1/openapi.json" in paths  # the publish-openapi probe
    assert sum(1 for p in paths if p.startswith("/api/v1/zaken")) >= 10  # probes and conformance
    ids = {result.id: result for result in report.checks}
    assert ids["probe.conformance"].status.value in ("pass", "fail")
    assert ids["probe.tls"].findings  # the plain-http base URL was requested by the TLS probe
    times = sorted(item.at for item in seen)
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= rate + 1, f"{busiest} requests within one second at --rate {rate:g}"
    assert len(times) > rate + 1  # enough requests that an unlimited run would have broken the limit
    assert session.limiters.hosts() == ["127.0.0.1"]
    assert session.limiter("127.0.0.1", options.http_options()).started == len(seen)


def test_two_runs_in_parallel_threads_share_nothing_unless_they_share_a_session(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    reports: dict[str, object] = {}
    servers: dict[str, Server] = {}
    contexts = []
    for name in ("a", "b"):
        context, server = _serve_api()
        contexts.append(context)
        servers[name] = server
    sessions = {"a": Session(), "b": Session()}
    try:

        def run(name: str, token: str, session: Session) -> None:
            options = ProbeOptions(**FAST, extra_headers={"Authorization": token})
            reports[name] = probe_target(servers[name].url("/api/v1"), "2.2.0", options, session=session)

        threads = [
            threading.Thread(target=run, args=("a", TOKEN_A, sessions["a"])),
            threading.Thread(target=run, args=("b", TOKEN_B, sessions["b"])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        text_a, text_b = _all_text(reports["a"]), _all_text(reports["b"])
        assert TOKEN_A.split()[1] not in text_a + text_b and TOKEN_B.split()[1] not in text_a + text_b
        assert TOKEN_A not in caplog.text and TOKEN_B not in caplog.text
        assert {item.header("Authorization") for item in servers["a"].seen} <= {TOKEN_A, None}
        assert {item.header("Authorization") for item in servers["b"].seen} <= {TOKEN_B, None}
        assert TOKEN_B not in repr(sessions["a"].redactor.secrets)
        # Two sessions: two limiters for the one host 127.0.0.1; a shared session: one.
        bounds = ProbeOptions(**FAST).http_options()
        assert sessions["a"].limiter("127.0.0.1", bounds) is not sessions["b"].limiter("127.0.0.1", bounds)
        shared = Session()
        before = len(servers["a"].seen) + len(servers["b"].seen)
        for name, token in (("a", TOKEN_A), ("b", TOKEN_B)):
            probe_target(
                servers[name].url("/api/v1"),
                "2.2.0",
                ProbeOptions(**FAST, extra_headers={"Authorization": token}),
                session=shared,
            )
        after = len(servers["a"].seen) + len(servers["b"].seen)
        assert shared.limiter("127.0.0.1", bounds).started == after - before  # both runs, one limiter
        assert shared.limiters.hosts() == ["127.0.0.1"]
    finally:
        for context in contexts:
            context.__exit__(None, None, None)


# --------------------------------------------------------------------------- issue 7 item 2: decoded caps


def _run_measured(args: list[str], timeout: float = 60.0) -> tuple[int, str, float]:
    """Run ``cgcomply ARGS`` in a child process: ``(exit code, stderr, the child's own peak memory in MiB)``."""
    run = run_cli_measured(args, timeout=timeout, env={"CGCOMPLY_DEBUG": ""})
    return run.code, run.stderr, run.peak_mb


def test_lint_of_a_gzip_gzip_bomb_ends_with_exit_2_in_bounded_memory() -> None:
    with serve(gzip_bomb_handler()) as server:
        code, stderr, peak = _run_measured(["lint", server.url("/openapi.json"), "--max-size", "8"])
    assert code == 2, stderr
    assert "over the size limit of 8.0 MB after decoding" in stderr
    assert server.url("/openapi.json") in stderr
    assert peak < 500, f"{peak:.0f} MiB"  # the body inflates to 4 GiB


def test_probe_of_a_server_publishing_a_gzip_bomb_stays_bounded() -> None:
    with serve(gzip_bomb_handler()) as server:
        code, stderr, peak = _run_measured(
            ["probe", server.url("/api/v1"), "--rate", "1000", "--format", "json", "-o", os.devnull]
        )
    assert code in (1, 3), stderr
    assert peak < 500, f"{peak:.0f} MiB"


# --------------------------------------------------------------------------- issue 7 item 3: deadlines


def test_lint_url_has_a_total_deadline() -> None:
    with serve(trickle_body_handler(pause=0.2, limit=300)) as server:
        options = LintOptions(LoadOptions(total_timeout=1.0, timeout=5.0))
        with pytest.raises(DocumentError) as caught:
            lint_document(server.url("/openapi.json"), "2.2.0", options)
    assert caught.value.render() == (
        f"{server.url('/openapi.json')}: the response is not complete within the total deadline of 1 s"
    )


def test_verify_oas_url_has_a_total_deadline() -> None:
    with (
        serve(trickle_body_handler(pause=0.2, limit=300)) as server,
        pytest.raises(DocumentError, match="not complete within the total deadline of 1 s"),
    ):
        verify_profile(
            CG_BASIS,
            base_url=None,
            document=server.url("/openapi.json"),
            options=ProbeOptions(**FAST),
            load_options=LoadOptions(total_timeout=1.0),
        )


def test_a_trickling_same_host_ref_has_a_total_deadline() -> None:
    def handler(seen: Seen) -> Reply:
        if seen.path == "/openapi.yaml":
            body = (
                "openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n  /a:\n    get:\n      responses:\n"
                "        '200': {$ref: 'slow.yaml#/ok'}\n"
            )
            return Reply(200, {"Content-Type": "application/yaml"}, body.encode())
        return trickle_body_handler(pause=0.2, limit=300)(seen)

    with serve(handler) as server:
        document = load_document(server.url("/openapi.yaml"), LoadOptions(total_timeout=1.0))
        [problem] = document.ref_problems()
    assert "not complete within the total deadline of 1 s" in problem.reason
    assert server.url("/slow.yaml") in problem.reason


# --------------------------------------------------------------------------- issue 7 item 4: redirects


@pytest.mark.parametrize("where", ["metadata", "other host", "other port"])
def test_document_redirects_stay_on_the_origin(where: str) -> None:
    with serve(lambda seen: json_reply()) as other:
        location = {
            "metadata": METADATA_URL,
            "other host": other.url("/openapi.json", host="localhost"),
            "other port": other.url("/openapi.json"),
        }[where]
        with serve(redirect_handler(location)) as server, pytest.raises(DocumentError) as caught:
            load_document(server.url("/openapi.json"))
        assert other.seen == []  # never contacted
    assert caught.value.render() == (
        f"{server.url('/openapi.json')}: redirected (HTTP 302) to {location}, another origin; not followed "
        "(a document is fetched only from the origin it was asked from: scheme, host and port)"
    )


def test_document_redirects_within_the_origin_are_followed() -> None:
    def handler(seen: Seen) -> Reply:
        if seen.path == "/old.json":
            return Reply(301, {"Location": "/new.json"})
        return json_reply(
            json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})
        )

    with serve(handler) as server:
        document = load_document(server.url("/old.json"))
    assert document.kind == "openapi-3.0"
    assert [item.path for item in server.seen] == ["/old.json", "/new.json"]


# --------------------------------------------------------------------------- issue 7 item 5: credentials


def _plain_document(seen: Seen) -> Reply:
    if "missing" in seen.path:
        return json_reply("{}", status=404)
    return json_reply(
        json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1.0.0"}, "paths": {}})
    )


def test_verify_url_a_oas_b_does_not_send_the_credential_to_b(monkeypatch) -> None:
    monkeypatch.setenv("CGCOMPLY_TEST_TOKEN", TOKEN_A)
    context, api = _serve_api()
    try:
        with serve(_plain_document) as documents:
            runner = CliRunner()
            common = ["verify", "--profile", str(CG_BASIS), "--url", api.url("/api/v1"), "--rate", "1000"]
            common += [
                "--oas",
                documents.url("/openapi.json"),
                "--header-env",
                "Authorization=CGCOMPLY_TEST_TOKEN",
            ]
            first = runner.invoke(main, [*common, "--format", "json"])
            assert documents.seen and all(item.header("Authorization") is None for item in documents.seen)
            assert any(item.header("Authorization") == TOKEN_A for item in api.seen)
            # Named for the document's origin, it goes there too (and still nowhere else).
            monkeypatch.setenv("CGCOMPLY_DOC_TOKEN", TOKEN_B)
            second = runner.invoke(
                main,
                [
                    *common,
                    "--header-env-for",
                    documents.url(),
                    "Authorization=CGCOMPLY_DOC_TOKEN",
                    "--format",
                    "json",
                ],
            )
            assert documents.seen[-1].header("Authorization") == TOKEN_B
            assert all(item.header("Authorization") in (TOKEN_A, None) for item in api.seen)
    finally:
        context.__exit__(None, None, None)
    for result in (first, second):
        assert result.exit_code in (1, 3), result.output
        assert TOKEN_A.split()[1] not in result.output and TOKEN_B.split()[1] not in result.output


def test_a_redirect_to_another_port_of_the_same_host_does_not_carry_the_credential() -> None:
    with serve(_plain_document) as other:
        with serve(redirect_handler(other.url("/openapi.json"))) as server:
            session = Session()
            session.bind_credentials(server.url(), {"Authorization": TOKEN_A})
            with pytest.raises(DocumentError, match="another origin; not followed"):
                load_document(server.url("/openapi.json"), LoadOptions(session=session))
            # LoadOptions.headers are the root origin's, and only its
            load_document(other.url("/openapi.json"), LoadOptions(headers={"Authorization": TOKEN_B}))
        assert server.seen[0].header("Authorization") == TOKEN_A
    assert [item.header("Authorization") for item in other.seen] == [TOKEN_B]


def test_a_secret_in_the_oas_query_string_is_redacted_in_every_format(monkeypatch) -> None:
    secret = "qs-secret-value/+1234"
    monkeypatch.setenv("CGCOMPLY_TEST_TOKEN", secret)
    with serve(_plain_document) as server:
        url = server.url("/openapi.json?api_key=" + secret.replace("/", "%2F").replace("+", "%2B"))
        for fmt in ("text", "json", "sarif", "junit", "md", "html"):
            result = CliRunner().invoke(
                main,
                [
                    "verify",
                    "--profile",
                    str(CG_BASIS),
                    "--oas",
                    url,
                    "--format",
                    fmt,
                    "--header-env",
                    "X-Api-Key=CGCOMPLY_TEST_TOKEN",
                ],
            )
            assert result.exit_code in (1, 3), result.output
            assert "qs-secret-value" not in result.output, fmt
            assert "api_key=***" in result.output, fmt


def test_url_passwords_are_masked_in_lint_reports_errors_and_refusals() -> None:
    with serve(_plain_document) as server:
        url = server.url("/openapi.json").replace("http://", "http://user:pa55w0rd-x@")
        report = CliRunner().invoke(main, ["lint", url, "--format", "json"])
        missing = CliRunner().invoke(main, ["lint", url.replace("/openapi.json", "/missing.json")])
    assert report.exit_code in (0, 1) and "pa55w0rd-x" not in report.output and "user:***@" in report.output
    bad_port = CliRunner().invoke(main, ["lint", "http://user:pa55w0rd-x@127.0.0.1:99999/x"])
    refused = CliRunner().invoke(main, ["probe", "http://user:pa55w0rd-x@127.0.0.1:9/api"])
    for result in (missing, bad_port, refused):
        assert result.exit_code == 2, result.output
        assert "pa55w0rd-x" not in result.output and "user:***@" in result.output, result.output


# --------------------------------------------------------------------------- issue 7 item 9: bad URLs


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://127.0.0.1:99999/x",
            "error: the port of 'http://127.0.0.1:99999/x' is out of range (1-65535): 99999",
        ),
        ("http://[::1", "error: the URL 'http://[::1' is malformed: Invalid IPv6 URL"),
        ("http://h:80:80/x", "error: the URL 'http://h:80:80/x' has more than one port"),
    ],
)
@pytest.mark.parametrize("command", ["lint", "probe"])
def test_bad_urls_exit_2_with_the_url_named(command: str, url: str, message: str) -> None:
    result = CliRunner().invoke(main, [command, url])
    assert result.exit_code == 2
    assert result.output.strip() == message


def test_the_tls_probe_plain_http_request_ends_at_its_deadline_against_a_trickler() -> None:
    """A server that trickles its answer to the plain-HTTP request one byte per second: the request ends
    at its total deadline (only a per-read timeout before: hours)."""
    from cgcomply.probes.tls.http import PlainHttp, probe_plain_http

    with serve(trickle_head_handler(pause=1.0)) as server:
        session = Session()
        options = ProbeOptions(**{**FAST, "read_timeout": 5.0}, max_request_seconds=2.0)
        result = probe_plain_http(server.url("/v1"), options, session, https_port=server.port)
    assert result.outcome is PlainHttp.NOT_HTTP
    assert result.detail == "no HTTP answer within 2 s"
    assert session.limiter("127.0.0.1", options.http_options()).started == 1  # the host's one limiter
