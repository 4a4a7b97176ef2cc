"""The live standard checks one by one, against a small standard ("Dingen API 1.0.0", written here) and a
real server on 127.0.0.1 that implements it, faithfully or with one deviation at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from cgcomply.i18n import render
from cgcomply.oas import LoadOptions, load_document_bytes
from cgcomply.standards.live import LIVE_CHECKS, live_conformance
from cgcomply.standards.registry import Conformance, StandardVersion
from servers import Reply, Seen, serve

VERSION = "1.0.0"
TOKEN = "Bearer dingen-token"


def _ok(schema: dict[str, Any], etag: bool = False) -> dict[str, Any]:
    headers: dict[str, Any] = {"API-version": {"schema": {"type": "string"}}}
    if etag:
        headers["ETag"] = {"schema": {"type": "string"}}
    return {
        "200": {"description": "OK", "headers": headers, "content": {"application/json": {"schema": schema}}}
    }


_ERRORS = {
    "400": {"description": "Bad request"},
    "401": {"description": "Unauthorized"},
    "403": {"description": "Forbidden"},
}
_SECURITY = [{"JWT-Claims": ["dingen.lezen"]}]
_PAGE = {"name": "page", "in": "query", "schema": {"type": "integer"}}
_EXPAND = {"name": "expand", "in": "query", "schema": {"type": "string"}}
STANDARD: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Dingen API", "version": VERSION},
    "servers": [{"url": "https://dingen.example/api/v1"}],
    "security": _SECURITY,
    "paths": {
        "/dingen": {
            "get": {
                "parameters": [
                    {"name": "soort", "in": "query", "schema": {"type": "string"}},
                    {"name": "datum", "in": "query", "schema": {"type": "string", "format": "date"}},
                    _PAGE,
                    _EXPAND,
                ],
                "responses": {
                    **_ok(
                        {
                            "type": "object",
                            "required": ["count", "next", "previous", "results"],
                            "properties": {
                                "count": {"type": "integer"},
                                "next": {"type": "string", "format": "uri", "nullable": True},
                                "previous": {"type": "string", "format": "uri", "nullable": True},
                                "results": {"type": "array", "items": {"$ref": "#/components/schemas/Ding"}},
                            },
                        }
                    ),
                    **_ERRORS,
                },
            }
        },
        "/dingen/{uuid}": {
            "get": {
                "parameters": [
                    {"name": "uuid", "in": "path", "required": True, "schema": {"type": "string"}},
                    _EXPAND,
                ],
                "responses": {**_ok({"$ref": "#/components/schemas/Ding"}, etag=True), **_ERRORS},
            },
            "head": {
                "parameters": [
                    {"name": "uuid", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "OK", "headers": {"ETag": {"schema": {"type": "string"}}}}
                },
            },
        },
        "/dingen/{ding_uuid}/onderdelen": {
            "get": {
                "parameters": [
                    {"name": "ding_uuid", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    **_ok({"type": "array", "items": {"$ref": "#/components/schemas/Onderdeel"}}),
                    **_ERRORS,
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"JWT-Claims": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Ding": {
                "type": "object",
                "required": ["url", "soort", "datum"],
                "properties": {
                    "url": {"type": "string", "format": "uri"},
                    "soort": {"type": "string", "enum": ["boom", "struik"]},
                    "datum": {"type": "string", "format": "date"},
                    "eigenaar": {"type": "string", "format": "uri"},
                    "_expand": {
                        "type": "object",
                        "properties": {"eigenaar": {"$ref": "#/components/schemas/Persoon"}},
                    },
                },
            },
            "Persoon": {"type": "object", "required": ["naam"], "properties": {"naam": {"type": "string"}}},
            "Onderdeel": {"type": "object", "required": ["naam"], "properties": {"naam": {"type": "string"}}},
        },
    },
}


def _standard() -> StandardVersion:
    return StandardVersion(
        id=f"test-dingen@{VERSION}",
        standard="test-dingen",
        family="test",
        title="Dingen API",
        version=VERSION,
        status="concept",
        status_source="test",
        documents=(),
        conformance=Conformance("not-stated", "", ""),
    )


def _handler(base: list[str], breaks: frozenset[str]):
    def ding(n: int) -> dict[str, Any]:
        item: dict[str, Any] = {
            "url": f"{base[0]}/dingen/d{n}",
            "soort": "boom" if n == 1 else "struik",
            "datum": f"2026-01-0{n}",
            "eigenaar": f"{base[0]}/personen/p{n}",
        }
        return item

    def answer(status: int, data: Any, **headers: str) -> Reply:
        kind = "application/problem+json" if status >= 400 else "application/json"
        return Reply(
            status, {"Content-Type": kind, "API-version": VERSION, **headers}, json.dumps(data).encode()
        )

    def handler(seen: Seen) -> Reply:
        parts = urlsplit(seen.path)
        path = parts.path.removeprefix("/api/v1")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if path == "/openapi.json":
            return answer(200, STANDARD)
        if seen.header("Authorization") != TOKEN:
            status = 403 if "403-without-token" in breaks else 401
            return answer(status, {"title": "Niet geauthenticeerd", "status": status})
        items = [] if "empty" in breaks else [ding(1), ding(2)]
        if path == "/dingen":
            if "datum" in query and "no-400" not in breaks and not query["datum"][:4].isdigit():
                return answer(400, {"status": 400, "invalidParams": [{"name": "datum", "code": "invalid"}]})
            for name in ("soort", "datum"):
                if name in query and "ignore-filter" not in breaks:
                    items = [i for i in items if i[name] == query[name]]
            if "expand" in query and "no-expand" not in breaks:
                for item in items:
                    item["_expand"] = {"eigenaar": {"naam": "Jansen"}}
            following = f"{base[0]}/dingen?page=2" if "bad-next" in breaks else None
            return answer(200, {"count": len(items), "next": following, "previous": None, "results": items})
        for n in (1, 2):
            if path == f"/dingen/d{n}" and not items:
                break
            if path == f"/dingen/d{n}":
                etag = f'"ding-{n}"'
                if seen.header("If-None-Match") == etag and "no-304" not in breaks:
                    return Reply(304, {"ETag": etag, "API-version": VERSION})
                item = ding(n)
                if "expand" in query and "no-expand" not in breaks:
                    item["_expand"] = {"eigenaar": {"naam": "Jansen"}}
                headers = {"ETag": etag}
                if seen.method == "HEAD" and "head-differs" in breaks:
                    headers = {}
                reply = answer(200, item, **headers)
                if seen.method == "HEAD":
                    reply.body = b""
                return reply
            if path == f"/dingen/d{n}/onderdelen":
                return answer(200, [{"naam": "stam"}])
        return answer(404, {"status": 404, "title": "Niet gevonden"})

    return handler


@contextmanager
def _api(*breaks: str) -> Iterator[tuple[str, Any]]:
    base: list[str] = []
    with serve(_handler(base, frozenset(breaks))) as server:
        base.append(server.url("/api/v1"))
        yield base[0], server


def _run(*breaks: str, max_requests: int = 200, token: bool = True):
    document = load_document_bytes(json.dumps(STANDARD).encode(), "dingen.json", LoadOptions())
    with _api(*breaks) as (base, server):
        report = live_conformance(
            base,
            _standard(),
            document,
            headers={"Authorization": TOKEN} if token else None,
            max_requests=max_requests,
        )
        methods = {seen.method for seen in server.seen}
    assert methods <= {"GET", "HEAD"}  # read-only, always
    return report, {result.id: result for result in report.results}


def test_faithful_implementation_passes_every_check() -> None:
    report, results = _run()
    assert {i: r.status for i, r in results.items()} == {
        check.id: "voldoet" for check in LIVE_CHECKS if check.id != "live.crs"
    }
    assert report.verdict == "voldoet"
    assert results["live.operations-answer"].message.params == {"count": 3}  # the nested list was filled
    assert any("_expand.eigenaar" in line for line in results["live.expand"].evidence_in("nl"))


@pytest.mark.parametrize(
    ("mode", "check_id"),
    [
        ("ignore-filter", "live.filters"),
        ("no-400", "live.filters"),
        ("bad-next", "live.pagination"),
        ("no-expand", "live.expand"),
        ("no-304", "live.etag"),
        ("head-differs", "live.head"),
    ],
)
def test_each_deviation_is_found_by_its_check(mode: str, check_id: str) -> None:
    report, results = _run(mode)
    failed = {i for i, r in results.items() if r.status == "voldoet niet"}
    assert failed == {check_id}, {i: r.evidence_in("en") for i, r in results.items() if i in failed}
    assert report.verdict == "voldoet niet"
    message = results[check_id].message
    assert message.id == f"{check_id}:fails"
    text = render(message, "nl", results[check_id].catalog)
    assert text and "{" not in text and render(message, "en", results[check_id].catalog) != text
    # the evidence lines say what was seen in the report's language (the request lines stay as sent)
    dutch, english = results[check_id].evidence_in("nl"), results[check_id].evidence_in("en")
    assert dutch and dutch != english and not any("{" in line for line in dutch + english)


def test_an_api_without_data_is_not_determined() -> None:
    report, results = _run("empty")
    assert report.verdict == "niet vastgesteld"
    for check_id in (
        "live.operations-answer",
        "live.response-schema",
        "live.expand",
        "live.etag",
        "live.head",
    ):
        assert results[check_id].status == "niet vastgesteld", check_id
    assert "voldoet" not in {results[i].status for i in ("live.filters",)}


def test_403_without_credentials_is_a_should() -> None:
    report, results = _run("403-without-token")
    assert results["live.unauthenticated"].status == "voldoet"  # refused, with problem details
    assert results["live.unauthenticated-401"].status == "voldoet niet"
    assert results["live.unauthenticated-401"].level == "SHOULD"
    assert report.verdict == "voldoet"  # a SHOULD does not decide


def test_refused_and_forbidden_credentials_are_told_apart() -> None:
    _, refused = _run(token=False)
    assert refused["live.operations-answer"].message.id == "live.operations-answer:refused"
    _, forbidden = _run("403-without-token", token=False)
    message = forbidden["live.operations-answer"].message
    assert message.id == "live.operations-answer:forbidden" and message.params["scopes"] == "dingen.lezen"
    assert forbidden["live.operations-answer"].status == "niet vastgesteld"


def test_budget_cut_short_is_never_a_pass() -> None:
    report, results = _run(max_requests=2)  # the document, then one operation of the crawl
    assert report.requests <= 2
    assert report.verdict == "niet vastgesteld"
    assert all(r.status != "voldoet" for i, r in results.items() if i != "live.document-version")
    assert results["live.operations-answer"].message.id == "live:budget"


def test_every_unit_is_complete_and_bilingual() -> None:
    from cgcomply.i18n import catalog_problems

    ids = [check.id for check in LIVE_CHECKS]
    assert len(ids) == len(set(ids))
    for check in LIVE_CHECKS:
        assert check.level in ("MUST", "SHOULD")
        for text in (check.title, check.what, check.why, check.fix):
            assert text.problems() == [], (check.id, text)
        assert check.messages and catalog_problems(check.id, check.messages) == [], check.id
