"""probe.conformance (schemathesis) against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from cgcomply.http import Session
from cgcomply.probes import conformance
from cgcomply.probes.context import ProbeContext
from cgcomply.probes.options import ProbeOptions
from cgcomply.results import Severity, Status
from servers import Handler, Reply, Seen, Server, serve

# (method, path, query, headers) -> (status, content type, body)
Route = Callable[[str, str, dict[str, list[str]], dict[str, str]], tuple[int, str, bytes]]

PROBLEM = {
    "type": "object",
    "required": ["status", "title"],
    "properties": {"status": {"type": "integer"}, "title": {"type": "string"}, "detail": {"type": "string"}},
}
ITEM = {
    "type": "object",
    "required": ["id", "naam"],
    "properties": {"id": {"type": "integer"}, "naam": {"type": "string"}},
}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "Test API", "version": "1.0.0"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50},
                    }
                ],
                "responses": {
                    "200": {"description": "ok", "content": _json({"type": "array", "items": ITEM})},
                    "400": {
                        "description": "bad",
                        "content": {"application/problem+json": {"schema": PROBLEM}},
                    },
                },
            },
            "post": {
                "operationId": "createItem",
                "requestBody": {"required": True, "content": _json(ITEM)},
                "responses": {"201": {"description": "created", "content": _json(ITEM)}},
            },
        },
        "/items/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "operationId": "getItem",
                "responses": {
                    "200": {"description": "ok", "content": _json(ITEM)},
                    "404": {
                        "description": "unknown",
                        "content": {"application/problem+json": {"schema": PROBLEM}},
                    },
                },
            },
            "put": {
                "operationId": "replaceItem",
                "requestBody": {"required": True, "content": _json(ITEM)},
                "responses": {"200": {"description": "ok", "content": _json(ITEM)}},
            },
            "patch": {
                "operationId": "updateItem",
                "requestBody": {"required": True, "content": _json(ITEM)},
                "responses": {"200": {"description": "ok", "content": _json(ITEM)}},
            },
            "delete": {"operationId": "deleteItem", "responses": {"204": {"description": "gone"}}},
        },
    },
}


def good_api(
    method: str, path: str, query: dict[str, list[str]], headers: dict[str, str]
) -> tuple[int, str, bytes]:
    if method == "POST":
        return 201, "application/json", json.dumps({"id": 1, "naam": "nieuw"}).encode()
    if path == "/v1/items":
        return 200, "application/json", json.dumps([{"id": 1, "naam": "een"}]).encode()
    if path.startswith("/v1/items/"):
        if path == "/v1/items/1":
            return 200, "application/json", json.dumps({"id": 1, "naam": "een"}).encode()
        problem = {"status": 404, "title": "Niet gevonden"}
        return 404, "application/problem+json", json.dumps(problem).encode()
    return 404, "application/problem+json", json.dumps({"status": 404, "title": "Niet gevonden"}).encode()


class Recorder:
    """What the API received: ``requests`` as (method, path with query)."""

    def __init__(self, server: Server) -> None:
        self.server = server

    @property
    def requests(self) -> list[tuple[str, str]]:
        return [(seen.method, seen.path) for seen in self.server.seen]


def _handler(route: Route) -> Handler:
    def handler(seen: Seen) -> Reply:
        parts = urlsplit(seen.path)
        status, content_type, body = route(seen.method, parts.path, parse_qs(parts.query), seen.headers)
        headers = {"Content-Type": content_type} if body or status != 204 else {}
        return Reply(status, headers, body if seen.method != "HEAD" else b"")

    return handler


@contextmanager
def api(route: Route, tls: ssl.SSLContext | None = None) -> Iterator[tuple[str, Recorder]]:
    with serve(_handler(route), tls=tls) as server:
        yield server.url("/v1"), Recorder(server)


def options(**changes: object) -> ProbeOptions:
    settings: dict[str, object] = {
        "conformance": True,
        "rate_per_second": 1000.0,
        "connect_timeout": 2.0,
        "read_timeout": 3.0,
        "conformance_max_requests": 60,
        "conformance_max_seconds": 120.0,  # a ceiling, not a timing: schemathesis starts slowly under load
    }
    settings.update(changes)
    return ProbeOptions(**settings)


def run(base_url: str, document: dict | None, opts: ProbeOptions, session: Session | None = None):
    session = session or Session()
    if opts.extra_headers:
        session.bind_credentials(base_url, opts.extra_headers)
    with session.client(base_url, opts.http_options()) as client:
        return conformance.run(
            ProbeContext(base_url=base_url, options=opts, client=client, document=document)
        )


def summary(result) -> str:
    [info] = [str(f.message) for f in result.findings if f.severity is Severity.INFO]
    return info


def test_conforming_api_passes() -> None:
    with api(good_api) as (url, recorder):
        result = run(url, DOCUMENT, options())
    assert result.status is Status.PASS, [str(f.message) for f in result.findings]
    assert [f.severity for f in result.findings] == [Severity.INFO]
    text = summary(result)
    assert text.startswith(f"sent {len(recorder.requests)} requests to 2 of 2 operations")
    assert "skipped (unsafe method, needs --allow-unsafe-methods): POST /items" in text
    assert {method for method, _ in recorder.requests} == {"GET"}


def test_undocumented_500_and_schema_violation_fail() -> None:
    def broken(method, path, query, headers):
        if path == "/v1/items":
            return 200, "application/json", json.dumps([{"id": "one", "naam": "een"}]).encode()
        return 500, "text/plain", b"Traceback (most recent call last): boom"

    with api(broken) as (url, _):
        result = run(url, DOCUMENT, options())
    assert result.status is Status.FAIL
    errors = {
        str(f.message).split(":", 1)[0] + ": " + str(f.message).split(": ", 1)[1].split(" (", 1)[0]
        for f in result.findings
        if f.severity is Severity.ERROR
    }
    assert errors == {
        "GET /items: body does not match the response schema",
        "GET /items/{id}: server error",
        "GET /items/{id}: status code not documented",
    }
    schema_error = next(
        f for f in result.findings if "body does not match the response schema" in str(f.message)
    )
    assert "(ST108, check response_schema_conformance" in str(schema_error.message)
    assert '"one" is not of type "integer"' in str(schema_error.message)
    assert schema_error.evidence.method == "GET"
    assert schema_error.evidence.status == 200
    assert schema_error.evidence.url.startswith(url + "/items")
    server_error = next(f for f in result.findings if "server error (5xx)" in str(f.message))
    assert server_error.evidence.status == 500
    assert server_error.evidence.body == "Traceback (most recent call last): boom"
    assert "check not_a_server_error" in str(server_error.message)


def test_no_unsafe_method_is_sent_by_default() -> None:
    with api(good_api) as (url, recorder):
        result = run(url, DOCUMENT, options())
    methods = [method for method, _ in recorder.requests]
    assert methods and set(methods) <= {"GET", "HEAD", "OPTIONS"}
    assert not {"POST", "PUT", "PATCH", "DELETE"} & set(methods)
    assert "POST /items, PUT /items/{id}, PATCH /items/{id}, DELETE /items/{id}" in summary(result)


def test_unsafe_methods_are_sent_when_allowed() -> None:
    with api(good_api) as (url, recorder):
        run(url, DOCUMENT, options(allow_unsafe_methods=True, conformance_max_requests=40))
    methods = {method for method, _ in recorder.requests}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= methods


@pytest.mark.parametrize("budget", [1, 7, 13])
def test_request_budget_is_honoured(budget: int) -> None:
    with api(good_api) as (url, recorder):
        result = run(url, DOCUMENT, options(conformance_max_requests=budget))
    assert len(recorder.requests) == budget
    assert summary(result).startswith(f"sent {budget} requests to ")


def test_operations_beyond_the_budget_are_reported_as_not_reached() -> None:
    with api(good_api) as (url, recorder):
        result = run(url, DOCUMENT, options(conformance_max_requests=1))
    assert recorder.requests == [("GET", "/v1/items")]
    text = summary(result)
    assert text.startswith("sent 1 requests to 1 of 2 operations")
    assert "stopped: request budget of 1 spent; not reached: GET /items/{id}" in text


def test_time_budget_of_zero_sends_nothing() -> None:
    with api(good_api) as (url, recorder):
        result = run(url, DOCUMENT, options(conformance_max_seconds=0.0))
    assert recorder.requests == []
    assert result.status is Status.ERROR
    assert str(result.reason) == "no request sent: time budget of 0 s spent"


def test_credentials_are_sent_and_redacted() -> None:
    secret = "s3cr3t-conformance-key"

    def echo(method, path, query, headers):
        if headers.get("X-Api-Key") != secret:
            return 401, "application/problem+json", b'{"status": 401, "title": "no key"}'
        return 500, "text/plain", f"key was {secret}".encode()

    with api(echo) as (url, _):
        result = run(url, DOCUMENT, options(extra_headers={"X-Api-Key": secret}))
    assert result.status is Status.FAIL
    failure = next(f for f in result.findings if "server error (5xx)" in str(f.message))
    assert failure.evidence.body == "key was ***"
    assert failure.evidence.request_headers.get("X-Api-Key") == "***"
    assert secret not in repr(result)


def test_every_request_refused_for_authentication_is_an_error() -> None:
    def refuse(method, path, query, headers):
        return 401, "application/problem+json", b'{"status": 401, "title": "no key"}'

    document = json.loads(json.dumps(DOCUMENT))
    for item in document["paths"].values():
        item["get"]["responses"]["401"] = {"description": "no key"}
    with api(refuse) as (url, _):
        result = run(url, document, options())
    assert result.status is Status.ERROR
    assert str(result.reason).startswith("authentication refused on every request (401/403)")


def test_without_document_or_reachable_api_it_is_an_error() -> None:
    assert str(run("http://127.0.0.1:9/v1", None, options()).reason).startswith("no OpenAPI document")
    from tests.conftest import free_port

    closed = f"http://127.0.0.1:{free_port()}/v1"
    result = run(closed, DOCUMENT, options(conformance_max_requests=3))
    assert result.status is Status.ERROR
    assert str(result.reason) == "no response to any of the 3 requests"


def test_broken_document_is_an_error_not_a_crash() -> None:
    with api(good_api) as (url, recorder):
        result = run(url, {"openapi": "3.0.3", "paths": {"/x": {"get": "not an operation"}}}, options())
    assert result.status is Status.ERROR
    assert recorder.requests == []


def test_only_unsafe_operations_is_an_error() -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["paths"] = {"/items": {"post": DOCUMENT["paths"]["/items"]["post"]}}
    with api(good_api) as (url, recorder):
        result = run(url, document, options())
    assert recorder.requests == []
    assert result.status is Status.ERROR
    assert str(result.reason) == (
        "the document declares no operation that may be sent (GET, HEAD, OPTIONS; others need "
        "--allow-unsafe-methods)"
    )


def test_external_schema_refs_are_not_fetched() -> None:
    with api(good_api) as (url, recorder):
        document = json.loads(json.dumps(DOCUMENT))
        get_item = document["paths"]["/items/{id}"]["get"]
        get_item["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": f"{url}/item.json"}
        result = run(url, document, options())
    assert ("GET", "/v1/item.json") not in recorder.requests
    assert result.status is Status.PASS
    [warning] = [str(f.message) for f in result.findings if f.severity is Severity.WARNING]
    assert warning.startswith(
        f"1 schema(s) behind external $refs were not fetched (no $ref allow-list here) "
        f"and not checked, e.g. {url}/item.json"
    )


def test_external_refs_outside_schemas_stop_the_run() -> None:
    with api(good_api) as (url, recorder):
        document = json.loads(json.dumps(DOCUMENT))
        document["paths"]["/items"]["get"]["parameters"] = [
            {"$ref": "common.yaml#/components/parameters/limit"}
        ]
        result = run(url, document, options())
    assert recorder.requests == []
    assert result.status is Status.ERROR
    assert str(result.reason).startswith(
        "the document has 1 external $ref(s) outside schemas (e.g. common.yaml#/components/parameters/limit)"
    )


def test_without_external_refs_keeps_local_refs_and_example_data() -> None:
    document = {
        "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/ok"}}}}},
        "components": {
            "schemas": {
                "A": {
                    "properties": {"b": {"$ref": "other.json#/B"}, "c": {"$ref": "#/components/schemas/C"}},
                    "example": {"$ref": "not a reference, just data"},
                },
            },
            "responses": {
                "ok": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "examples": {"x": {"$ref": "https://example.test/x.json"}, "y": {"value": 1}}
                        }
                    },
                }
            },
        },
    }
    copy, replaced, blocking = conformance.without_external_refs(document)
    assert replaced == ["other.json#/B", "https://example.test/x.json"]
    assert blocking == []
    schema = copy["components"]["schemas"]["A"]
    assert schema["properties"] == {"b": {}, "c": {"$ref": "#/components/schemas/C"}}
    assert schema["example"] == {"$ref": "not a reference, just data"}
    assert copy["components"]["responses"]["ok"]["content"]["application/json"]["examples"] == {
        "y": {"value": 1}
    }
    assert document["components"]["schemas"]["A"]["properties"]["b"] == {"$ref": "other.json#/B"}  # untouched


@pytest.mark.parametrize("credentials", [{}, {"authorization": "Bearer real-token-123"}])
def test_security_schemes_do_not_produce_invented_credentials(credentials: dict[str, str]) -> None:
    seen: list[list[str]] = []
    queries: list[dict[str, list[str]]] = []

    def record(method, path, query, headers):
        seen.append([value for name, value in headers.items() if name.lower() == "authorization"])
        queries.append(query)
        return good_api(method, path, query, headers)

    document = json.loads(json.dumps(DOCUMENT))
    document["components"] = {
        "securitySchemes": {
            "jwt": {"type": "http", "scheme": "bearer"},
            "key": {"type": "apiKey", "in": "query", "name": "apiKey"},
        }
    }
    document["security"] = [{"jwt": [], "key": []}]
    with api(record) as (url, _):
        result = run(url, document, options(extra_headers=credentials, conformance_max_requests=10))
    assert result.status is Status.PASS, [str(f.message) for f in result.findings]
    expected = [list(credentials.values())] * len(seen)
    assert seen == expected and len(seen) == 10
    assert not any("apiKey" in query for query in queries)


def test_real_corpus_document_open_zaak_catalogi() -> None:
    """The Open Zaak Catalogi API document (30 safe operations, JWT security) against a server that answers
    every request with a 404 the document does not describe well."""
    import yaml
    from tests.conftest import corpus_path

    path = corpus_path("oas", "open-zaak__open-zaak__catalogi-openapi.yaml")
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    seen_auth: list[str] = []

    def not_found(method, path, query, headers):
        seen_auth.extend(value for name, value in headers.items() if name.lower() == "authorization")
        return 404, "application/problem+json", b'{"status": 404, "title": "Niet gevonden"}'

    with api(not_found) as (url, recorder):
        result = run(url, document, options(conformance_max_requests=15))
    assert len(recorder.requests) == 15
    assert {method for method, _ in recorder.requests} <= {"GET", "HEAD"}
    assert seen_auth == []
    assert result.status is Status.FAIL
    messages = [str(f.message) for f in result.findings if f.severity is Severity.ERROR]
    assert (
        "GET /besluittypen: status code not documented (ST103, check status_code_conformance): Received: 404"
        in (messages)
    )
    assert any(
        m.startswith("GET /besluittypen/{uuid}: body does not match the response schema (ST108")
        for m in messages
    )
    assert summary(result).startswith("sent 15 requests to 15 of 30 operations")


def test_an_operation_that_cannot_be_generated_does_not_stop_the_others() -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["paths"]["/onmogelijk"] = {
        "get": {
            "parameters": [
                {
                    "name": "n",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 10, "maximum": 1},
                }
            ],
            "responses": {"200": {"description": "ok"}},
        }
    }
    with api(good_api) as (url, recorder):
        result = run(url, document, options())
    assert result.status is Status.PASS
    assert not any(path.startswith("/v1/onmogelijk") for _, path in recorder.requests)
    [warning] = [str(f.message) for f in result.findings if f.severity is Severity.WARNING]
    assert warning.startswith("operation not (fully) tested: GET /onmogelijk: ")


def test_the_runner_runs_conformance_only_when_asked() -> None:
    """Wiring: run_live_checks runs probe.conformance with --conformance, on the document the API publishes."""
    from cgcomply.probes.runner import run_live_checks

    def publishing(method, path, query, headers):
        if path == "/v1/openapi.json":
            return 200, "application/json", json.dumps(DOCUMENT).encode()
        return good_api(method, path, query, headers)

    with api(publishing) as (url, _):
        without = run_live_checks(url, options(conformance=False))
        asked = run_live_checks(url, options(conformance_max_requests=5))
    assert "probe.conformance" not in {result.id for result in without.results}
    [result] = [result for result in asked.results if result.id == "probe.conformance"]
    assert result.status is Status.PASS
    assert summary(result).startswith("sent 5 requests to 2 of 2 operations")


def test_over_https_with_a_private_ca_both_transports_verify(tmp_path) -> None:
    """GET and POST (with a body), all through the safe client, trust the --cacert CA and reach the API."""
    import trustme

    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with api(good_api, tls=context) as (url, recorder):
        result = run(
            url, DOCUMENT, options(cacert=ca_file, allow_unsafe_methods=True, conformance_max_requests=30)
        )
    # Every request got an answer over verified TLS (a TLS failure would be a "no response" warning).
    assert [str(f.message) for f in result.findings if f.severity is Severity.WARNING] == []
    assert {"GET", "POST", "PUT"} <= {method for method, _ in recorder.requests}
    # The example API answers 404 for unknown items on PUT/PATCH, which the document does not declare.
    assert {str(f.message).split(":")[0] for f in result.findings if f.severity is Severity.ERROR} <= {
        "PUT /items/{id}",
        "PATCH /items/{id}",
        "DELETE /items/{id}",
    }
