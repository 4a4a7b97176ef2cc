"""The live probes against servers that behave like real implementations (issue #9, item 4).

:class:`OpenZaakLike` answers as Open Zaak's Zaken API does when run locally: every ``/zaken`` request
without ``Accept-Crs: EPSG:4326`` (a header its document declares as required with that single value) gets
412 "'Accept-Crs' header ontbreekt"; without credentials 403; the API root is served only with a trailing
slash (``/zaken/api/v1`` -> 301 -> ``/zaken/api/v1/``); any other path with a trailing slash, and any unknown
route, gets Django's HTML 404 page; ``page=not-a-number`` gets 404 (Django REST framework's "invalid page")
while a bad enum or date gets 400; ``info.version`` is ``1.5.1 (1)`` while the responses say ``API-version:
1.5.1``. Each behaviour can be switched off, so the focused tests show one at a time on an otherwise
compliant server.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from cgcomply.i18n import Message, render
from cgcomply.probes import tls
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.runner import run_live_checks
from cgcomply.report.model import Report
from cgcomply.results import CheckResult, Severity, Status
from servers import Reply, Seen, Server, serve

BASE = "/zaken/api/v1"
TOKEN = "Bearer open-zaak-test-token-7f3a"
# the status 412 as a number of its own: not the digits of a port such as 127.0.0.1:41243
STATUS_412 = re.compile(r"(?<!\d)412(?!\d)")
ZAAK = "6f0b3c52-1c4e-4c1a-9a55-0f1d3a6b2e11"
ARCHIEFNOMINATIES = ("blijvend_bewaren", "vernietigen")
CRS = {"type": "string", "enum": ["EPSG:4326"]}
DJANGO_404 = (
    b'<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found'
    b"</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
)


def zaken_document(version: str) -> dict[str, Any]:
    """A Zaken API 1.5.1 document cut down to the operations the probes use, with its header parameters."""
    crs_headers = [
        {"in": "header", "name": "Accept-Crs", "required": True, "schema": CRS},
        {"in": "header", "name": "Content-Crs", "required": True, "schema": CRS},
    ]
    errors = {
        status: {
            "description": status,
            "content": {"application/problem+json": {"schema": {"type": "object"}}},
        }
        for status in ("400", "401", "403", "404", "406", "412", "415", "500")
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Zaken API", "version": version},
        "servers": [{"url": BASE}],
        "paths": {
            "/zaken": {
                "get": {
                    "operationId": "zaak_list",
                    "parameters": [
                        {"name": "page", "in": "query", "schema": {"type": "integer"}},
                        {
                            "name": "archiefnominatie",
                            "in": "query",
                            "schema": {"type": "string", "enum": list(ARCHIEFNOMINATIES)},
                        },
                        {"name": "startdatum", "in": "query", "schema": {"type": "string", "format": "date"}},
                        {"name": "identificatie", "in": "query", "schema": {"type": "string"}},
                        *crs_headers,
                    ],
                    "responses": {"200": {"description": "OK"}, **errors},
                }
            },
            "/zaken/{uuid}": {
                "get": {
                    "operationId": "zaak_read",
                    "parameters": [
                        {"name": "uuid", "in": "path", "required": True, "schema": {"format": "uuid"}},
                        *crs_headers,
                    ],
                    "responses": {"200": {"description": "OK"}, **errors},
                }
            },
        },
    }


@dataclass
class OpenZaakLike:
    """The behaviours, each on by default; a focused test switches the others off."""

    requires_crs: bool = True  # 412 without Accept-Crs: EPSG:4326
    requires_token: bool = True  # 403 without the token
    root_only_with_slash: bool = True  # /zaken/api/v1 -> 301 -> /zaken/api/v1/
    html_404: bool = True  # Django's HTML page for unknown routes and trailing slashes
    page_404: bool = True  # page=not-a-number -> 404 instead of 400
    version: str = "1.5.1 (1)"  # info.version of the published document
    seen: list[Seen] = field(default_factory=list)

    def compliant(self) -> OpenZaakLike:
        return replace(
            self,
            requires_crs=False,
            requires_token=False,
            root_only_with_slash=False,
            html_404=False,
            page_404=False,
            version="1.5.1",
        )

    # ------------------------------------------------------------------ answers

    def _reply(self, status: int, data: Any, *, problem: bool = False, **extra: str) -> Reply:
        kind = "application/problem+json" if problem else "application/json"
        headers = {"Content-Type": kind, "API-version": "1.5.1", "X-Content-Type-Options": "nosniff", **extra}
        return Reply(status, headers, json.dumps(data).encode())

    def _problem(self, status: int, title: str, detail: str, **members: Any) -> Reply:
        body = {
            "type": f"https://example.org/fouten/{status}",
            "code": "fout",
            "title": title,
            "status": status,
        }
        return self._reply(status, {**body, "detail": detail, **members}, problem=True)

    def _not_found(self) -> Reply:
        if self.html_404:
            return Reply(404, {"Content-Type": "text/html; charset=utf-8"}, DJANGO_404)
        return self._problem(404, "Niet gevonden.", "Deze route bestaat niet.")

    def handle(self, seen: Seen) -> Reply:
        self.seen.append(seen)
        if seen.method == "OPTIONS":  # django-cors-headers answers preflights before any view
            return Reply(200, {"Content-Length": "0", "API-version": "1.5.1"})
        parts = urlsplit(seen.path)
        path, query = parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))
        if path == BASE + "/openapi.json":
            document = zaken_document(self.version)
            return self._reply(200, document, **{"Access-Control-Allow-Origin": "*"})
        if path == BASE:
            if self.root_only_with_slash:
                return Reply(301, {"Location": BASE + "/", "Content-Length": "0"})
            return self._reply(200, {"zaken": f"{BASE}/zaken"})
        if path == BASE + "/":
            if self.root_only_with_slash:
                return self._reply(200, {"zaken": f"{BASE}/zaken"})
            return self._not_found()
        if path.endswith("/") or not (path == BASE + "/zaken" or path.startswith(BASE + "/zaken/")):
            return self._not_found()  # Django resolves the URL before the API authenticates
        if self.requires_token and seen.header("Authorization") != TOKEN:
            return self._problem(403, "Niet geauthenticeerd.", "Authenticatiegegevens zijn niet opgegeven.")
        if self.requires_crs and seen.header("Accept-Crs") != "EPSG:4326":
            return self._problem(412, "Precondition failed", "'Accept-Crs' header ontbreekt")
        if path.startswith(BASE + "/zaken/"):
            if path == f"{BASE}/zaken/{ZAAK}":
                return self._reply(200, {"uuid": ZAAK}, **{"Content-Crs": "EPSG:4326"})
            return self._problem(404, "Niet gevonden.", "Niet gevonden.")
        return self._list(query)

    def _list(self, query: dict[str, str]) -> Reply:
        page = query.get("page", "1")
        if not page.isdigit():
            if self.page_404:
                return self._problem(404, "Niet gevonden.", "Ongeldige pagina.")
            return self._invalid("page", "Voer een geheel getal in.")
        if "archiefnominatie" in query and query["archiefnominatie"] not in ARCHIEFNOMINATIES:
            return self._invalid("archiefnominatie", "Selecteer een geldige keuze.")
        if "startdatum" in query:
            try:
                dt.date.fromisoformat(query["startdatum"])
            except ValueError:
                return self._invalid("startdatum", "Voer een geldige datum in.")
        return self._reply(200, {"count": 0, "next": None, "previous": None, "results": []})

    def _invalid(self, name: str, reason: str) -> Reply:
        params = [{"name": name, "code": "invalid", "reason": reason}]
        return self._problem(400, "Invalid input.", "Ongeldige invoer.", invalidParams=params)


@contextmanager
def open_zaak(behaviour: OpenZaakLike) -> Iterator[Server]:
    with serve(behaviour.handle) as server:
        yield server


def probe(behaviour: OpenZaakLike, *, token: bool = True) -> dict[str, CheckResult]:
    headers = {"Authorization": TOKEN} if token else {}
    options = ProbeOptions(rate_per_second=1000.0, tls_scan=False, extra_headers=headers, cors_open_api=False)
    with open_zaak(behaviour) as server:
        run = run_live_checks(server.url(BASE), options)
    return {result.id: result for result in run.results}


def texts(result: CheckResult, severity: str | None = None, lang: str = "en") -> list[str]:
    return [
        render(item.message, lang)
        for item in result.findings
        if severity is None or item.severity.value == severity
    ]


def reason(result: CheckResult, lang: str = "en") -> str:
    return render(result.reason, lang)


def every_text(result: CheckResult, lang: str = "en") -> str:
    return "\n".join([*texts(result, lang=lang), reason(result, lang)])


# ----------------------------------------------------------------------------- the whole implementation


def test_open_zaak_like_server_gets_the_right_verdicts() -> None:
    behaviour = OpenZaakLike()
    results = probe(behaviour)
    verdicts = {key: results[key].status.value for key in results}
    assert verdicts["probe.publish-openapi"] == "pass"
    assert verdicts["probe.uri-version"] == "pass"
    # The API-version header is right everywhere; the document's generator suffix is named as the cause.
    assert verdicts["probe.version-header"] == "pass"
    assert verdicts["probe.no-trailing-slash"] == "fail"  # the root is served only with a slash
    assert verdicts["probe.problem-details"] == "fail"  # HTML 404 on an unknown route
    assert verdicts["probe.invalid-input"] == "fail"  # page=not-a-number -> 404
    for result in results.values():  # no 412 left: the required header went with every /zaken request
        assert not STATUS_412.search(every_text(result)), result.id
        assert "Accept-Crs" not in every_text(result), result.id
    to_zaken = [seen for seen in behaviour.seen if urlsplit(seen.path).path.startswith(BASE + "/zaken")]
    assert to_zaken
    for seen in to_zaken:
        if seen.method == "GET" and seen.header("Authorization") == TOKEN:
            assert seen.header("Accept-Crs") == "EPSG:4326", seen.path
            assert seen.header("Content-Crs") == "EPSG:4326", seen.path


def test_open_zaak_like_server_without_credentials() -> None:
    results = probe(OpenZaakLike(), token=False)
    # 403s and the document carry API-version: they count.
    version = results["probe.version-header"]
    assert version.status is Status.PASS
    assert any(text.startswith("refused request (403), collection /zaken") for text in texts(version))
    # /zaken/ answers 404 without credentials too: that decides it; the root redirect fails it.
    slash = results["probe.no-trailing-slash"]
    assert slash.status is Status.FAIL
    assert any(text.endswith("/zaken/api/v1/zaken/ -> 404") for text in texts(slash, "info"))
    # The unknown route's HTML page is a finding whether or not the API would let us in.
    assert results["probe.problem-details"].status is Status.FAIL
    # Every bad parameter was refused for lack of credentials: not decided, never failed.
    invalid = results["probe.invalid-input"]
    assert invalid.status is Status.ERROR
    assert "403" in reason(invalid) and "--header-env" in reason(invalid)


# ----------------------------------------------------------------------------- one behaviour at a time


def test_the_compliant_variant_passes() -> None:
    results = probe(OpenZaakLike().compliant())
    for key in (
        "probe.publish-openapi",
        "probe.version-header",
        "probe.no-trailing-slash",
        "probe.uri-version",
        "probe.problem-details",
        "probe.invalid-input",
    ):
        assert results[key].status is Status.PASS, (key, every_text(results[key]))


def test_required_header_with_one_value_is_sent_and_a_412_is_never_another_rules_verdict() -> None:
    behaviour = replace(OpenZaakLike().compliant(), requires_crs=True)
    results = probe(behaviour)
    for key in (
        "probe.version-header",
        "probe.no-trailing-slash",
        "probe.problem-details",
        "probe.invalid-input",
    ):
        assert results[key].status is Status.PASS, (key, every_text(results[key]))
    sent = {
        seen.header("Accept-Crs")
        for seen in behaviour.seen
        if seen.method == "GET" and "/zaken" in seen.path.removeprefix(BASE)
    }
    assert sent == {"EPSG:4326"}


def _document_without_crs_values(version: str, original: Any = zaken_document) -> dict[str, Any]:
    document = original(version)
    for item in document["paths"].values():
        for param in item["get"]["parameters"]:
            if param["in"] == "header":
                param["schema"] = {"type": "string"}  # required, but no value the probe could send
    return document


def test_a_precondition_that_remains_is_not_decided(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(f"{__name__}.zaken_document", _document_without_crs_values)
    results = probe(replace(OpenZaakLike().compliant(), requires_crs=True))
    invalid = results["probe.invalid-input"]
    assert invalid.status is Status.ERROR  # niet vastgesteld, not "412; 400 expected"
    assert "400 expected" not in every_text(invalid)
    assert "'Accept-Crs' header ontbreekt" in reason(invalid)
    assert "preconditions" in reason(invalid)
    assert "voorwaarden" in reason(invalid, "nl")
    problem = results["probe.problem-details"]
    assert problem.status is Status.ERROR  # the unknown route was judged; the 412s are not provoked errors
    assert not any(STATUS_412.search(text) for text in texts(problem, "info") + texts(problem, "error"))
    assert any(STATUS_412.search(text) for text in texts(problem, "warning"))
    version = results["probe.version-header"]
    assert version.status is Status.PASS
    labels = texts(version)
    assert not any(text.startswith("successful response") and STATUS_412.search(text) for text in labels)
    assert any(text.startswith("precondition not met (412), collection /zaken") for text in labels)
    slash = results["probe.no-trailing-slash"]
    assert slash.status is Status.PASS  # /zaken/ is routed (404) before any precondition


def test_root_served_only_with_a_trailing_slash_fails() -> None:
    results = probe(replace(OpenZaakLike().compliant(), root_only_with_slash=True))
    slash = results["probe.no-trailing-slash"]
    assert slash.status is Status.FAIL
    [error] = texts(slash, "error")
    assert error.startswith("the base URL http://127.0.0.1:")
    assert error.endswith(
        "/zaken/api/v1 redirects (301 to /zaken/api/v1/): the API root is served only with a trailing slash; "
        "serve it at " + error.split()[3] + " itself"
    )
    assert "verwijst door (301 naar /zaken/api/v1/)" in texts(slash, "error", "nl")[0]


def test_trailing_slash_decided_without_credentials() -> None:
    # No credentials: /zaken answers 403, but /zaken/ is routed first and answers 404: that decides it.
    results = probe(replace(OpenZaakLike().compliant(), requires_token=True), token=False)
    slash = results["probe.no-trailing-slash"]
    assert slash.status is Status.PASS
    assert any(text.endswith("/zaken/api/v1/zaken/ -> 404") for text in texts(slash, "info"))


def test_trailing_slash_tried_without_credentials_when_refused_with_them() -> None:
    # A token the API does not accept is refused (401) before routing; anonymous requests are routed first.
    behaviour = OpenZaakLike().compliant()

    def handle(seen: Seen) -> Reply:
        if seen.header("Authorization") is not None:
            return behaviour._problem(401, "Niet geauthenticeerd.", "Het token is verlopen.")
        return behaviour.handle(seen)

    with serve(handle) as server:
        headers = {"Authorization": "Bearer expired-token-0000"}
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False, extra_headers=headers)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
    slash = results["probe.no-trailing-slash"]
    assert slash.status is Status.PASS
    assert any(text.endswith("/zaken/api/v1/zaken/ -> 404 (without credentials)") for text in texts(slash))
    assert any(text.endswith("-> 404 (zonder inloggegevens)") for text in texts(slash, lang="nl"))


def test_unknown_route_with_an_html_page_fails_problem_details() -> None:
    results = probe(replace(OpenZaakLike().compliant(), html_404=True))
    problem = results["probe.problem-details"]
    assert problem.status is Status.FAIL
    [error] = texts(problem, "error")
    assert error.startswith("unknown resource (unknown route under the base URL): GET http://")
    assert "/zaken/api/v1/cgcomply-probe-unknown-route-0 -> 404 with Content-Type text/html" in error
    # The unknown id on the known route was tried as well, and its problem details pass.
    assert any(
        text.startswith("unknown resource (unknown uuid in /zaken/{uuid})") for text in texts(problem, "info")
    )


def test_invalid_input_reports_every_parameter_tried() -> None:
    results = probe(replace(OpenZaakLike().compliant(), page_404=True))
    invalid = results["probe.invalid-input"]
    assert invalid.status is Status.FAIL
    assert texts(invalid) == [
        "page=not-a-number (integer expected) -> 404; 400 expected",
        "archiefnominatie=cgcomply-not-in-enum (value outside the enum) -> 400",
        "startdatum=not-a-date (date expected) -> 400",
    ]
    assert texts(invalid, lang="nl")[0] == "page=not-a-number (geheel getal verwacht) -> 404; 400 verwacht"
    assert texts(invalid, lang="nl")[2] == "startdatum=not-a-date (datum verwacht) -> 400"
    # a free string (identificatie) has no impossible value and is not tried
    assert [f.severity for f in invalid.findings] == [Severity.ERROR, Severity.INFO, Severity.INFO]


def test_invalid_input_tries_at_most_five_parameters() -> None:
    behaviour = OpenZaakLike().compliant()
    many = zaken_document("1.5.1")
    extra = [{"name": f"getal{n}", "in": "query", "schema": {"type": "integer"}} for n in range(8)]
    many["paths"]["/zaken"]["get"]["parameters"] = extra + many["paths"]["/zaken"]["get"]["parameters"]

    def handle(seen: Seen) -> Reply:
        if urlsplit(seen.path).path == BASE + "/openapi.json":
            return behaviour._reply(200, many, **{"Access-Control-Allow-Origin": "*"})
        query = dict(parse_qsl(urlsplit(seen.path).query))
        if any(key.startswith("getal") for key in query):
            return behaviour._invalid(next(iter(query)), "Voer een geheel getal in.")
        return behaviour.handle(seen)

    with serve(handle) as server:
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
    tried = [text.split("=", 1)[0] for text in texts(results["probe.invalid-input"])]
    # one of each kind first (a number, an enum, a date), then more numbers: five in all
    assert tried == ["getal0", "archiefnominatie", "startdatum", "getal1", "getal2"]
    assert results["probe.invalid-input"].status is Status.PASS


def test_generator_suffix_in_info_version_is_named_as_the_cause() -> None:
    results = probe(replace(OpenZaakLike().compliant(), version="1.5.1 (1)"))
    version = results["probe.version-header"]
    assert version.status is Status.PASS
    [warning] = texts(version, "warning")  # the cause once, then each response briefly
    assert warning.startswith("successful response, the OpenAPI document (GET http://127.0.0.1:")
    assert warning.endswith(
        "-> 200): API-Version '1.5.1' is info.version '1.5.1 (1)' of the document without '(1)': the cause is "
        "the document, whose info.version is not a full SemVer version (such a suffix usually comes from a "
        "generator); set info.version to '1.5.1'"
    )
    assert "de oorzaak is het document" in texts(version, "warning", "nl")[0]
    infos = texts(version, "info")
    assert len(infos) == 3
    assert all(text.endswith("API-Version: 1.5.1 (info.version '1.5.1 (1)' without '(1)')") for text in infos)


def test_api_that_copies_the_suffixed_version_fails_and_names_the_document() -> None:
    behaviour = replace(OpenZaakLike().compliant(), version="1.5.1 (1)")

    def handle(seen: Seen) -> Reply:
        reply = behaviour.handle(seen)
        if "API-version" in reply.headers:
            reply.headers["API-version"] = "1.5.1 (1)"
        return reply

    with serve(handle) as server:
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
    version = results["probe.version-header"]
    assert version.status is Status.FAIL
    assert all(
        text.endswith(
            "API-Version '1.5.1 (1)' is not a full SemVer version; info.version '1.5.1 (1)' of the document is "
            "itself not a full SemVer version: the cause is the document"
        )
        for text in texts(version, "error")
    )


# ----------------------------------------------------------------------------- redirect targets


def test_plain_http_base_url_that_redirects_to_plain_http_names_the_target() -> None:
    def handle(seen: Seen) -> Reply:
        return Reply(301, {"Location": f"http://127.0.0.1:{port}{BASE}/", "Content-Length": "0"})

    with serve(handle) as server:
        port = server.port
        result = tls.probe_tls(server.url(BASE), ProbeOptions(rate_per_second=1000.0, read_timeout=3.0))
    assert result.status is Status.FAIL
    [finding] = result.findings
    assert isinstance(finding.message, Message)
    assert render(finding.message, "en").endswith(
        f"(it answered 301 over plain HTTP, a redirect to http://127.0.0.1:{port}{BASE}/, not to https://)"
    )
    assert f"een doorverwijzing naar http://127.0.0.1:{port}{BASE}/" in render(finding.message, "nl")


def test_a_redirect_in_a_request_line_names_its_target() -> None:
    behaviour = replace(OpenZaakLike().compliant(), requires_token=True)

    def handle(seen: Seen) -> Reply:
        if urlsplit(seen.path).path == BASE + "/zaken" and seen.header("Authorization") is None:
            return Reply(302, {"Location": "/login/?next=/zaken/api/v1/zaken", "Content-Length": "0"})
        return behaviour.handle(seen)

    with serve(handle) as server:
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
    # The redirect was followed (same origin) to a 404: the request line shows the hop and its target.
    collection = next(
        text for text in texts(results["probe.version-header"]) if ", collection /zaken" in text
    )
    assert collection.startswith("error response (404), collection /zaken (GET http://127.0.0.1:")
    assert (
        f"/zaken/api/v1/zaken -> 302 -> {server.url('/login/')}?next=/zaken/api/v1/zaken -> 404)"
        in collection
    )


def test_accept_asks_for_the_media_type_the_operation_declares() -> None:
    # A HAL-only API (as Haal Centraal APIs are) answers 406 to Accept: application/json.
    behaviour = OpenZaakLike().compliant()
    document = zaken_document("1.5.1")
    for item in document["paths"].values():
        item["get"]["responses"]["200"]["content"] = {"application/hal+json": {"schema": {"type": "object"}}}
    accepts: list[str] = []

    def handle(seen: Seen) -> Reply:
        path = urlsplit(seen.path).path
        if path == BASE + "/openapi.json":
            return behaviour._reply(200, document, **{"Access-Control-Allow-Origin": "*"})
        if path.startswith(BASE + "/zaken") and seen.method == "GET" and not path.endswith("/"):
            accepts.append(seen.header("Accept") or "")
            if "application/hal+json" not in (seen.header("Accept") or ""):
                return behaviour._problem(406, "Not Acceptable", "Kan niet voldoen aan de Accept-header.")
        return behaviour.handle(seen)

    with serve(handle) as server:
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
    for key in (
        "probe.version-header",
        "probe.no-trailing-slash",
        "probe.problem-details",
        "probe.invalid-input",
    ):
        assert results[key].status is Status.PASS, (key, every_text(results[key]))
    assert accepts and set(accepts) == {"application/hal+json, application/problem+json"}


def test_a_406_that_remains_is_a_precondition_not_a_failure() -> None:
    behaviour = OpenZaakLike().compliant()

    def handle(seen: Seen) -> Reply:
        if urlsplit(seen.path).path == BASE + "/zaken" and seen.method == "GET":
            return behaviour._problem(406, "Not Acceptable", "Alleen application/xml.")
        return behaviour.handle(seen)

    with serve(handle) as server:
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
    invalid = results["probe.invalid-input"]
    assert invalid.status is Status.ERROR
    assert (
        '406: the server refuses the request because it does not meet its preconditions: "Alleen '
        in reason(invalid)
    )
    version = results["probe.version-header"]
    assert any(text.startswith("precondition not met (406), collection /zaken") for text in texts(version))


def test_cgcomply_probe_on_the_open_zaak_like_server_as_a_user_runs_it() -> None:
    behaviour = OpenZaakLike()
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "NO_COLOR")}
    env["OZ_TOKEN"] = TOKEN
    with open_zaak(behaviour) as server:
        command = [sys.executable, "-m", "cgcomply.cli", "probe", server.url(BASE), "--rate", "500"]
        command += ["--header-env", "Authorization=OZ_TOKEN", "--format", "json", "--lang", "nl"]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 1, result.stderr  # MUST checks fail (root redirect, HTML 404, page -> 404)
    assert TOKEN.split()[1] not in result.stdout
    report = Report.from_dict(json.loads(result.stdout))  # the JSON holds message ids: read it back
    checks = {check.id: check for check in report.checks}
    assert checks["probe.version-header"].status is Status.PASS
    assert checks["probe.no-trailing-slash"].status is Status.FAIL
    assert checks["probe.problem-details"].status is Status.FAIL
    invalid = checks["probe.invalid-input"]
    assert invalid.status is Status.FAIL
    assert texts(invalid, lang="nl") == [
        "page=not-a-number (geheel getal verwacht) -> 404; 400 verwacht",
        "archiefnominatie=cgcomply-not-in-enum (waarde buiten de enum) -> 400",
        "startdatum=not-a-date (datum verwacht) -> 400",
    ]
    assert invalid.findings[0].evidence is not None
    assert invalid.findings[0].evidence.request_headers["Accept-Crs"] == "EPSG:4326"
    for check in report.checks:
        if check.id.startswith("probe."):
            assert not STATUS_412.search(every_text(check, "nl")), check.id


def test_a_document_that_redirects_to_a_404_names_the_redirect() -> None:
    behaviour = OpenZaakLike().compliant()

    def handle(seen: Seen) -> Reply:
        if urlsplit(seen.path).path == BASE + "/openapi.json":
            return Reply(302, {"Location": BASE + "/schema/openapi.json", "Content-Length": "0"})
        return behaviour.handle(seen)

    with serve(handle) as server:
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
        target = server.url(BASE + "/schema/openapi.json")
    publish = results["probe.publish-openapi"]
    assert publish.status is Status.FAIL
    [error] = texts(publish, "error")
    assert error.endswith(f"/openapi.json -> 302 -> {target} -> 404")
    assert f"HTTP 404, after a redirect: GET {server.url(BASE)}/openapi.json -> 302 -> {target}" in error


def test_a_required_header_without_a_value_gets_one_that_fits_its_schema() -> None:
    # Without the header the server answers 400 "header ontbreekt", which would pass for the answer to
    # page=not-a-number; with a made-up uuid the parameters themselves are judged.
    behaviour = replace(OpenZaakLike().compliant(), page_404=True)
    document = zaken_document("1.5.1")
    header = {"in": "header", "name": "X-Correlatie-Id", "required": True, "schema": {"format": "uuid"}}
    document["paths"]["/zaken"]["get"]["parameters"].append(header)

    def handle(seen: Seen) -> Reply:
        path = urlsplit(seen.path).path
        if path == BASE + "/openapi.json":
            return behaviour._reply(200, document, **{"Access-Control-Allow-Origin": "*"})
        if path == BASE + "/zaken" and seen.method == "GET" and seen.header("X-Correlatie-Id") is None:
            return behaviour._invalid("X-Correlatie-Id", "Deze header ontbreekt.")
        return behaviour.handle(seen)

    with serve(handle) as server:
        options = ProbeOptions(rate_per_second=1000.0, tls_scan=False)
        results = {r.id: r for r in run_live_checks(server.url(BASE), options).results}
    invalid = results["probe.invalid-input"]
    assert invalid.status is Status.FAIL
    assert texts(invalid)[0] == "page=not-a-number (integer expected) -> 404; 400 expected"


@pytest.mark.parametrize(
    ("parameter", "sent"),
    [
        ({"schema": {"type": "string", "enum": ["EPSG:4326"]}, "example": "EPSG:28992"}, "EPSG:4326"),
        ({"schema": {"type": "string"}, "example": "abc"}, "abc"),
        ({"schema": {"type": "string"}, "examples": {"een": {"value": "x-1"}}}, "x-1"),
        ({"schema": {"type": "string", "default": "nl"}}, "nl"),
        ({"schema": {"type": "string", "enum": ["a", "b"]}}, "a"),
        ({"schema": {"type": "integer", "minimum": 3}}, "3"),
        ({"schema": {"type": "boolean"}}, "false"),
        ({"schema": {"type": "string"}}, "cgcomply-probe"),
        ({"schema": {"type": "string", "pattern": "^[0-9]{9}$"}}, None),  # cannot be sure of a value
        ({"schema": {"type": "string", "format": "email"}}, None),
        ({"schema": {"type": "string"}, "example": "two\nlines"}, "cgcomply-probe"),
        ({"schema": {"type": "string"}, "required": False, "example": "abc"}, None),  # only required ones
    ],
)
def test_operation_headers_take_the_value_the_document_gives(
    parameter: dict[str, Any], sent: str | None
) -> None:
    from cgcomply.http import Session
    from cgcomply.probes.context import ProbeContext

    declared = {"in": "header", "name": "X-Waarde", "required": True, **parameter}
    never = [  # a document cannot set these
        {"in": "header", "name": name, "required": True, "schema": {"type": "string"}, "example": "evil"}
        for name in ("Authorization", "Host", "Content-Length", "Cookie", "Accept")
    ]
    document = {"paths": {"/zaken": {"get": {"parameters": [declared, *never]}}}}
    options = ProbeOptions()
    with Session().client("http://127.0.0.1:9", options.http_options()) as client:
        ctx = ProbeContext(
            base_url="http://127.0.0.1:9/api/v1", options=options, client=client, document=document
        )
        assert ctx.operation_headers("/zaken") == ({} if sent is None else {"X-Waarde": sent})
        # a header the user gives (credentials) wins over the document
        ctx.options.extra_headers = {"x-waarde": "mine"}
        assert ctx.operation_headers("/zaken") == {}
