"""Each live probe against a scripted API on 127.0.0.1 that is compliant except for one thing.

The scripted API serves a small document (``info.version`` 2.1.0, base path ``/api/v2``) and answers like
a compliant API; a test replaces the answer for one request to show the exact verdict and message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.registry import all_live_checks
from cgcomply.probes.runner import run_live_checks
from cgcomply.results import ADR_VERSIONS, Kind
from servers import Reply, Seen, serve

BASE = "/api/v2"
ITEM = "7d1b0c3e-0000-4000-8000-000000000001"
SECURITY = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Items", "version": "2.1.0"},
    "paths": {
        "/items": {
            "get": {
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/items/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"format": "uuid"}}],
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
}

Answer = tuple[int, dict[str, str], bytes]


def problem(status: int, title: str) -> Answer:
    body = {"type": "about:blank", "status": status, "title": title, "detail": f"{title} (detail)"}
    return status, {"Content-Type": "application/problem+json"}, json.dumps(body).encode()


def compliant(method: str, path: str, query: dict[str, str], headers: dict[str, str]) -> Answer:
    document = json.dumps(DOCUMENT).encode()
    if path == BASE + "/openapi.json":
        return 200, {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}, document
    if path.endswith("/"):
        return problem(404, "Not Found")
    if path == BASE + "/items":
        if set(query) - {"limit"} or not query.get("limit", "1").isdigit():
            return problem(400, "Bad Request")
        return 200, {"Content-Type": "application/json"}, b'{"items": []}'
    if path == f"{BASE}/items/{ITEM}":
        return 200, {"Content-Type": "application/json"}, b'{"id": "1"}'
    if path == BASE:
        return 200, {"Content-Type": "application/json"}, b'{"items": "/api/v2/items"}'
    return problem(404, "Not Found")


@contextmanager
def scripted_api(script: Callable[..., Answer | None] = lambda *a: None, base: str = BASE) -> Iterator[str]:
    def handler(seen: Seen) -> Reply:
        parts = urlsplit(seen.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        answer = script(seen.method, parts.path, query, seen.headers)
        if answer is None:
            answer = compliant(seen.method, parts.path, query, seen.headers)
        status, extra, body = answer
        if seen.method == "OPTIONS" and status == 200:
            status, body = 204, b""
        sent = {"API-Version": "2.1.0", **SECURITY, **extra}
        return Reply(status, {name: value for name, value in sent.items() if value is not None}, body)

    with serve(handler) as server:
        yield server.url(base)


def probe(script=lambda *a: None, *, base: str = BASE, **options: Any) -> dict[str, Any]:
    with scripted_api(script, base) as url:
        run = run_live_checks(url, ProbeOptions(rate_per_second=1000.0, tls_scan=False, **options))
    return {result.id: result for result in run.results}


def errors(result) -> list[str]:
    return [str(f.message) for f in result.findings if f.severity.value == "error"]


def test_the_scripted_api_passes_every_probe() -> None:
    results = probe(cors_open_api=False)
    assert {rid: r.status.value for rid, r in results.items()} == dict.fromkeys(results, "pass")
    assert set(results) >= {
        "probe.publish-openapi",
        "probe.version-header",
        "probe.no-trailing-slash",
        "probe.uri-version",
        "probe.problem-details",
        "probe.invalid-input",
        "probe.security-headers",
        "probe.cors",
    }


def test_version_header_differs_from_document() -> None:
    result = probe(
        lambda m, p, q, h: (
            (200, {"Content-Type": "application/json", "API-Version": "2.0.0"}, b"{}")
            if p == BASE + "/items" and not q
            else None
        )
    )["probe.version-header"]
    url = next(f.evidence.url for f in result.findings if f.severity.value == "error")
    assert result.status.value == "fail"
    assert errors(result) == [
        f"successful response, collection /items (GET {url} -> 200): API-Version '2.0.0' differs from "
        "info.version '2.1.0' of the document"
    ]


def test_version_header_with_v_prefix_is_not_semver() -> None:
    result = probe(
        lambda m, p, q, h: (
            (200, {"Content-Type": "application/json", "API-Version": "v2.1.0"}, b"{}")
            if p == BASE + "/items" and not q
            else None
        )
    )["probe.version-header"]
    assert result.status.value == "fail"
    assert "is not a full SemVer version (without the 'v' prefix)" in errors(result)[0]


@pytest.mark.parametrize(
    ("base", "status", "fragment"),
    [
        ("/api/v3", "fail", "carries v3 but info.version is 2.1.0"),
        ("/api/v2.1", "fail", "carries 'v2.1': only the major version"),
        ("/api", "fail", "carries no /v<major> segment"),
    ],
)
def test_uri_version(base: str, status: str, fragment: str) -> None:
    def moved(method, path, query, headers):
        if path.startswith(base) and not path.startswith(BASE):
            return compliant(method, BASE + path[len(base) :], query, headers)
        return None

    result = probe(moved, base=base)["probe.uri-version"]
    assert result.status.value == status
    assert fragment in errors(result)[0]


def test_trailing_slash_served_as_well_fails() -> None:
    result = probe(
        lambda m, p, q, h: (
            (200, {"Content-Type": "application/json"}, b"{}") if p == BASE + "/items/" else None
        )
    )["probe.no-trailing-slash"]
    assert result.status.value == "fail"
    assert "answers 200: the resource is also served with a trailing slash" in errors(result)[0]


def test_invalid_input_422_fails() -> None:
    result = probe(lambda m, p, q, h: problem(422, "Unprocessable") if "limit" in q else None)[
        "probe.invalid-input"
    ]
    assert result.status.value == "fail"
    assert errors(result) == [
        "limit=not-a-number (integer expected) -> 422; the ADR requires 400 for invalid input, not 422"
    ]


def test_invalid_value_accepted_fails() -> None:
    result = probe(
        lambda m, p, q, h: (200, {"Content-Type": "application/json"}, b"{}") if "limit" in q else None
    )
    assert result["probe.invalid-input"].status.value == "fail"
    assert "the invalid value was accepted" in errors(result["probe.invalid-input"])[0]


def test_ignored_unknown_parameter_is_manual() -> None:
    untyped = json.loads(json.dumps(DOCUMENT))
    untyped["paths"]["/items"]["get"]["parameters"] = []

    def script(method, path, query, headers):
        if path == BASE + "/openapi.json":
            return (
                200,
                {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
                json.dumps(untyped).encode(),
            )
        if path == BASE + "/items":
            return 200, {"Content-Type": "application/json"}, b"{}"
        return None

    result = probe(script)["probe.invalid-input"]
    assert result.status.value == "manual"
    assert "ignores an unknown query parameter" in str(result.reason)


def test_problem_details_without_detail_fails() -> None:
    def script(method, path, query, headers):
        if path == f"{BASE}/items/00000000-0000-4000-8000-00000000c0de":
            return 404, {"Content-Type": "application/problem+json"}, b'{"status": 404, "title": "Not Found"}'
        return None

    result = probe(script)["probe.problem-details"]
    assert result.status.value == "fail"
    assert errors(result)[0].endswith("-> 404: the problem details lack detail")


def test_problem_details_as_xml_pass() -> None:
    xml = (
        b'<problem xmlns="urn:ietf:rfc:7807"><status>404</status><title>Not Found</title>'
        b"<detail>No such item</detail></problem>"
    )

    def script(method, path, query, headers):
        if path.startswith(f"{BASE}/items/0000"):
            return 404, {"Content-Type": "application/problem+xml"}, xml
        return None

    assert probe(script)["probe.problem-details"].status.value == "pass"


@pytest.mark.parametrize(
    ("cors_headers", "fragment"),
    [
        (
            {"Access-Control-Allow-Origin": "https://cgcomply-probe.invalid"},
            "the foreign origin is reflected",
        ),
        (
            {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true"},
            "'*' together with Access-Control-Allow-Credentials: true",
        ),
        ({"Access-Control-Allow-Origin": "null"}, "Access-Control-Allow-Origin 'null'"),
    ],
)
def test_cors_dangerous_policies_fail_even_for_open_apis(cors_headers: dict[str, str], fragment: str) -> None:
    def script(method, path, query, headers):
        if path == BASE + "/items" and "Origin" in headers:
            return 200, {"Content-Type": "application/json", **cors_headers}, b"{}"
        return None

    result = probe(script, cors_open_api=True)["probe.cors"]
    assert result.status.value == "fail"
    assert fragment in errors(result)[0]


def test_document_without_open_cors_fails_publish_and_cors() -> None:
    def script(method, path, query, headers):
        if path == BASE + "/openapi.json":
            return 200, {"Content-Type": "application/json"}, json.dumps(DOCUMENT).encode()
        return None

    results = probe(script)
    assert results["probe.publish-openapi"].status.value == "fail"
    assert "Access-Control-Allow-Origin on" in errors(results["probe.publish-openapi"])[0]
    assert results["probe.cors"].status.value == "fail"


def test_yaml_that_differs_from_json_fails() -> None:
    other = json.loads(json.dumps(DOCUMENT))
    other["info"]["version"] = "2.0.0"

    def script(method, path, query, headers):
        if path == BASE + "/openapi.yaml":
            return 200, {"Content-Type": "application/yaml"}, yaml.safe_dump(other).encode()
        return None

    result = probe(script)["probe.publish-openapi"]
    assert result.status.value == "fail"
    assert errors(result)[0].endswith("/openapi.yaml does not hold the same description as openapi.json")


def test_yaml_with_dates_equal_to_json_passes() -> None:
    dated = json.loads(json.dumps(DOCUMENT))
    dated["info"]["x-released"] = "2026-01-05"

    def script(method, path, query, headers):
        if path == BASE + "/openapi.json":
            body = json.dumps(dated).encode()
            return 200, {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}, body
        if path == BASE + "/openapi.yaml":
            return 200, {"Content-Type": "application/yaml"}, yaml.safe_dump(dated).replace("'", "").encode()
        return None

    assert probe(script)["probe.publish-openapi"].status.value == "pass"


def test_document_behind_authentication_fails_publish_but_feeds_the_other_probes() -> None:
    def script(method, path, query, headers):
        if headers.get("Authorization") != "Bearer good-token-1234":
            return 401, {"Content-Type": "application/json", "WWW-Authenticate": "Bearer"}, b"{}"
        return None

    results = probe(script, extra_headers={"Authorization": "Bearer good-token-1234"}, cors_open_api=False)
    assert results["probe.publish-openapi"].status.value == "fail"
    assert "requires authentication (HTTP 401)" in errors(results["probe.publish-openapi"])[0]
    for check_id in ("probe.version-header", "probe.no-trailing-slash", "probe.invalid-input"):
        assert results[check_id].status.value == "pass", check_id


def test_swagger_2_is_not_accepted() -> None:
    def script(method, path, query, headers):
        if path == BASE + "/openapi.json":
            body = json.dumps({"swagger": "2.0", "info": {"version": "2.1.0"}, "paths": {}}).encode()
            return 200, {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}, body
        return None

    result = probe(script)["probe.publish-openapi"]
    assert result.status.value == "fail"
    assert "a Swagger 2.0 document; the ADR requires OpenAPI 3" in errors(result)[0]


@pytest.mark.parametrize(
    ("header", "value", "fragment"),
    [
        ("X-Frame-Options", "SAMEORIGIN", "X-Frame-Options is 'SAMEORIGIN'; 'DENY' expected"),
        (
            "Content-Security-Policy",
            "default-src 'none'",
            "Content-Security-Policy is \"default-src 'none'\"",
        ),
        ("Cache-Control", "no-cache", "Cache-Control is 'no-cache'; 'no-store' expected"),
        ("Content-Type", "text/plain", "Content-Type is text/plain for a JSON body"),
    ],
)
def test_security_header_values(header: str, value: str, fragment: str) -> None:
    def script(method, path, query, headers):
        if path == BASE + "/items" and not query and method == "GET":
            return 200, {"Content-Type": "application/json", header: value}, b'{"items": []}'
        return None

    result = probe(script)["probe.security-headers"]
    assert result.status.value == "fail"
    assert any(fragment.replace('"', "'") in m.replace('"', "'") for m in errors(result)), errors(result)


def test_every_live_check_is_documented() -> None:
    infos = all_live_checks()
    ids = [info.id for info in infos]
    assert len(ids) == len(set(ids))
    assert {
        "probe.publish-openapi",
        "probe.version-header",
        "probe.no-trailing-slash",
        "probe.uri-version",
        "probe.problem-details",
        "probe.invalid-input",
        "probe.security-headers",
        "probe.cors",
    } <= set(ids)
    for info in infos:
        assert info.kind is Kind.LIVE
        assert info.adr_rule.startswith("/core/")
        assert set(info.adr_versions) <= set(ADR_VERSIONS) and info.adr_versions
        assert all(not text.problems() for text in info.texts().values()), info.id


@pytest.mark.parametrize(
    ("adr_version", "absent"),
    [
        ("2.0.2", {"probe.problem-details", "probe.invalid-input", "probe.security-headers", "probe.cors"}),
        ("2.1.0", {"probe.problem-details", "probe.invalid-input"}),
        ("2.2.0", set()),
    ],
)
def test_only_the_probes_of_the_adr_version_run(adr_version: str, absent: set[str]) -> None:
    with scripted_api() as url:
        run = run_live_checks(
            url, ProbeOptions(rate_per_second=1000.0, tls_scan=False), adr_version=adr_version
        )
    ids = {result.id for result in run.results}
    assert not ids & absent
    assert {
        "probe.publish-openapi",
        "probe.version-header",
        "probe.no-trailing-slash",
        "probe.uri-version",
    } <= ids


def test_geo_json_content_type_is_accepted() -> None:
    def script(method, path, query, headers):
        if path == BASE + "/items" and not query and method == "GET":
            return (
                200,
                {"Content-Type": "application/geo+json"},
                b'{"type": "FeatureCollection", "features": []}',
            )
        return None

    assert probe(script)["probe.security-headers"].status.value == "pass"


def test_api_behind_authentication_without_credentials_is_not_judged() -> None:
    def script(method, path, query, headers):
        if path != BASE + "/openapi.json" and path != BASE + "/openapi.yaml":
            return (
                401,
                {"Content-Type": "application/json", "API-Version": None},
                b'{"error": "unauthorized"}',
            )
        return None

    results = probe(script)
    assert results["probe.publish-openapi"].status.value == "pass"
    # The document is a response too: it carries API-Version, the 401s without it are not judged.
    version = results["probe.version-header"]
    assert version.status.value == "pass"
    assert [f.severity.value for f in version.findings] == ["info", "warning", "warning", "warning"]
    for check_id in (
        "probe.no-trailing-slash",
        "probe.problem-details",
        "probe.invalid-input",
        "probe.security-headers",
    ):
        assert results[check_id].status.value == "error", check_id
        assert "401" in str(results[check_id].reason), check_id
