"""Every path out of cgcomply goes through the HTTP layer: document and ``$ref`` fetches, probes, the TLS
probe's plain-HTTP request and the conformance run obey one rate limit per host, total deadlines, decoded
size caps, same-origin redirects and credentials bound to their origin (issue 7 items 2-6 and 9, issue 8
items 3-4). Real servers on 127.0.0.1 record what they receive."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading

from cgcomply.http import Session
from cgcomply.probes.options import ProbeOptions
from cgcomply.report import render
from cgcomply.resources import profiles_dir
from cgcomply.verify import probe_target, verify_profile
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
    parts = [json.dumps(dataclasses.asdict(report), default=str)]
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
