"""Each static check on small documents: the compliant fixture passes, one change makes it fail."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cgcomply.linting import lint_document
from cgcomply.results import CheckResult, Severity, Status

COMPLIANT = json.loads(
    (Path(__file__).parent / "fixtures" / "checks" / "compliant-2.2.json").read_text("utf-8")
)


def lint(
    tmp_path: Path,
    change: Callable[[dict], object] | None = None,
    version: str = "2.2.0",
    document: dict | None = None,
) -> dict[str, CheckResult]:
    data = copy.deepcopy(document if document is not None else COMPLIANT)
    if change is not None:
        change(data)
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(data, indent=2), "utf-8")
    return {result.id: result for result in lint_document(str(path), version).checks}


def messages(result: CheckResult) -> list[str]:
    return [str(finding.message) for finding in result.findings]


def gebouw(data: dict) -> dict:
    return data["components"]["schemas"]["Gebouw"]["properties"]


def test_compliant_document_passes_every_technical_check(tmp_path: Path) -> None:
    for version in ("2.0.2", "2.2.0"):
        results = lint(tmp_path, version=version)
        failing = {k: messages(r) for k, r in results.items() if r.status in (Status.FAIL, Status.ERROR)}
        assert failing == {}
        assert all(r.status is Status.MANUAL for r in results.values() if not r.info.technical)


def test_openapi_version(tmp_path: Path) -> None:
    results = lint(tmp_path, lambda d: d.update(openapi="3.1.0"), version="2.1.0")
    assert results["adr.openapi-version"].status is Status.FAIL  # the 2.1.0 linter accepts 3.0.x only
    assert lint(tmp_path, lambda d: d.update(openapi="3.1.0"))["adr.openapi-version"].status is Status.PASS
    swagger = lint(tmp_path, lambda d: (d.pop("openapi"), d.update(swagger="2.0")))
    assert "Swagger 2.0" in messages(swagger["adr.openapi-version"])[0]
    assert swagger["adr.oas-schema"].status is Status.NOT_APPLICABLE


def test_oas_schema_reports_pointer_and_openapi_spec_validator_rules(tmp_path: Path) -> None:
    def break_it(d: dict) -> None:
        d["tags"] = {}
        d["components"]["schemas"]["Kleur"] = {"type": "string", "enum": ["rood", "rood"]}
        d["components"]["schemas"]["Samen"] = {
            "allOf": [{"$ref": "#/components/schemas/Gebouw"}],
            "required": ["naam", "bestaatNiet"],
        }

    result = lint(tmp_path, break_it)["adr.oas-schema"]
    assert result.status is Status.FAIL
    pointers = {f.pointer for f in result.findings}
    assert "/tags" in pointers
    assert any(
        p.startswith("/components/schemas/Kleur") for p in pointers
    )  # duplicate enum (draft 4 meta-schema)
    assert any("bestaatNiet" in m for m in messages(result))
    assert all(f.line for f in result.findings)


def test_refs_resolve(tmp_path: Path) -> None:
    result = lint(tmp_path, lambda d: gebouw(d).update(eigenaar={"$ref": "#/components/schemas/Eigenaar"}))
    check = result["adr.refs-resolve"]
    assert check.status is Status.FAIL and check.findings[0].line
    assert "Eigenaar" in messages(check)[0]


def test_operation_ids_tags_and_path_params(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["paths"]["/gebouwen"]["post"]["operationId"] = "listGebouwen"
        d["tags"].append({"name": "gebouwen"})
        d["paths"]["/gebouwen/{gebouwId}/delen/{deelId}"] = {"get": d["paths"]["/gebouwen/{gebouwId}"]["get"]}

    results = lint(tmp_path, change)
    assert results["adr.operation-id-unique"].status is Status.FAIL
    assert results["adr.tags-unique"].status is Status.FAIL
    assert any("{gebouwId}" in m for m in messages(results["adr.path-params"]))


def test_valid_examples_honour_nullable_and_catch_wrong_types(tmp_path: Path) -> None:
    assert lint(tmp_path)["adr.valid-examples"].status is Status.PASS  # bouwjaar: nullable with example null
    result = lint(tmp_path, lambda d: gebouw(d)["naam"].update(example=12))["adr.valid-examples"]
    assert result.status is Status.FAIL and result.findings[0].pointer.endswith("/naam/example")
    media = lint(
        tmp_path,
        lambda d: d["paths"]["/gebouwen/_zoek"]["post"]["requestBody"]["content"]["application/json"].update(
            example=[1]
        ),
    )["adr.valid-examples"]
    assert media.status is Status.FAIL


def test_servers(tmp_path: Path) -> None:
    missing = lint(tmp_path, lambda d: d.pop("servers"))
    assert missing["adr.servers-present"].status is Status.FAIL
    assert missing["adr.uri-version"].status is Status.NOT_APPLICABLE
    variables = lint(
        tmp_path,
        lambda d: d.update(
            servers=[{"url": "https://{host}/api/{versie}", "variables": {"versie": {"default": "v1"}}}]
        ),
    )
    assert variables["adr.server-variables"].status is Status.FAIL  # {host} is not defined


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://api.example.org/v1", True),
        ("/zaken/api/v1", True),
        ("https://api.example.org/v1/", True),
        ("https://api.example.org/v1.2", False),
        ("https://api.example.org/vault", False),
        ("https://api.example.org/api", False),
        ("https://api.example.org/v1_0", False),
    ],
)
def test_uri_version(tmp_path: Path, url: str, ok: bool) -> None:
    result = lint(tmp_path, lambda d: d.update(servers=[{"url": url}]))["adr.uri-version"]
    assert (result.status is Status.PASS) == ok, messages(result)


def test_uri_version_2_0_2_compares_the_major_version(tmp_path: Path) -> None:
    result = lint(tmp_path, lambda d: d["info"].update(version="2.0.0"), version="2.0.2")["adr.uri-version"]
    assert result.status is Status.FAIL and "v1" in messages(result)[0]
    assert (
        lint(tmp_path, lambda d: d["info"].update(version="2.0.0"))["adr.uri-version"].status is Status.PASS
    )


@pytest.mark.parametrize(
    ("version", "ok"),
    [("1.0.2", True), ("2.0.0-rc.1", True), ("1.0", False), ("v1.0.0", False), ("00.01.00", False)],
)
def test_semver(tmp_path: Path, version: str, ok: bool) -> None:
    result = lint(tmp_path, lambda d: d["info"].update(version=version))["adr.semver"]
    assert (result.status is Status.PASS) == ok


def test_trailing_slash_and_kebab_case(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["paths"]["/gebouwen/"] = d["paths"].pop("/gebouwen")
        d["paths"]["/financieleClaims"] = d["paths"].pop("/gebouwen/_zoek")
        d["paths"]["/openapi.json"] = {"get": {"responses": {"200": {"description": "OAS"}}}}
        d["paths"]["/"] = {"get": {"responses": {"200": {"description": "root"}}}}

    results = lint(tmp_path, change)
    assert messages(results["adr.no-trailing-slash"]) == ["path '/gebouwen/' ends with a slash"]
    assert messages(results["adr.path-kebab-case"]) == ["path '/financieleClaims' is not kebab-case"]


def test_query_keys_on_operation_path_item_and_security_scheme(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["paths"]["/gebouwen"]["get"]["parameters"].append({"name": "type_gebouw", "in": "query"})
        d["paths"]["/gebouwen/{gebouwId}"]["parameters"].append({"name": "Expand", "in": "query"})
        d["components"]["securitySchemes"] = {"key": {"type": "apiKey", "in": "query", "name": "api-key"}}

    found = messages(lint(tmp_path, change)["adr.query-camel-case"])
    assert len(found) == 3 and any("Expand" in m for m in found) and any("api-key" in m for m in found)


def test_http_methods_technical_before_2_2_functional_after(tmp_path: Path) -> None:
    def add_head(d: dict) -> None:
        d["paths"]["/gebouwen"]["head"] = {"responses": {"200": {"description": "ok"}}}

    assert lint(tmp_path, add_head, version="2.1.0")["adr.http-methods"].status is Status.FAIL
    functional = lint(tmp_path, add_head)["adr.http-methods"]
    assert functional.status is Status.MANUAL
    assert functional.findings[0].severity is Severity.HINT


def test_version_header_any_case_and_missing(tmp_path: Path) -> None:
    def rename(d: dict) -> None:
        d["paths"]["/gebouwen"]["get"]["responses"]["200"]["headers"] = {
            "api-VERSION": {"schema": {"type": "string"}}
        }

    assert lint(tmp_path, rename)["adr.version-header"].status is Status.PASS
    result = lint(tmp_path, lambda d: d["paths"]["/gebouwen"]["get"]["responses"]["200"].pop("headers"))
    assert "declares no headers" in messages(result["adr.version-header"])[0]


def test_problem_details(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["components"]["responses"]["NotFound"]["content"] = {
            "application/json": {"schema": {"type": "object"}}
        }
        d["paths"]["/gebouwen"]["get"]["responses"]["500"] = {"description": "Fout"}
        problem = d["components"]["schemas"]["Problem"]
        d["components"]["schemas"]["Problem"] = {"allOf": [{"properties": {"status": {}, "title": {}}}]}
        d["components"]["schemas"]["Basis"] = problem

    found = messages(lint(tmp_path, change)["adr.problem-details"])
    assert any("not application/problem+json" in m for m in found)
    assert any("declares no content" in m for m in found)
    assert any("lacks detail" in m for m in found)
    allof = lint(
        tmp_path,
        lambda d: d["components"]["schemas"].update(
            Problem={"allOf": [{"$ref": "#/components/schemas/Basis"}]},
            Basis=COMPLIANT["components"]["schemas"]["Problem"],
        ),
    )
    assert allof["adr.problem-details"].status is Status.PASS


def test_invalid_input(tmp_path: Path) -> None:
    results = lint(tmp_path, lambda d: d["paths"]["/gebouwen"]["get"]["responses"].pop("400"))
    assert "GET /gebouwen accepts query parameters" in messages(results["adr.invalid-input"])[0]
    results = lint(tmp_path, lambda d: d["paths"]["/gebouwen"]["post"]["responses"].pop("400"))
    assert results["adr.invalid-input"].status is Status.FAIL


def test_date_time_rules(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        gebouw(d).update(
            startDateTime={"type": "string", "format": "date-time"},
            opleverDatum={"type": "string", "format": "date-time"},
            datum={"type": "string"},
            openingstijd={"type": "string", "format": "time"},
            lokaal={"type": "string", "format": "date-time-local"},
            einde_datum={"allOf": [{"$ref": "#/components/schemas/Moment"}]},
        )
        d["components"]["schemas"]["Moment"] = {"type": "string", "format": "date-time"}

    results = lint(tmp_path, change)
    omitted = messages(results["adr.date-omit-time-portion"])
    assert any("opleverDatum" in m for m in omitted) and any("einde_datum" in m for m in omitted)
    assert not any("startDateTime" in m for m in omitted)
    formats = " ".join(messages(results["adr.date-time-format"]))
    assert "'datum'" in formats and "time-local" in formats and "date-time-local" in formats


def test_contact_and_openapi_json_path(tmp_path: Path) -> None:
    results = lint(tmp_path, lambda d: d["info"]["contact"].pop("email"), version="2.1.0")
    assert results["adr.contact"].status is Status.FAIL
    assert "there is no path `/openapi.json`" in messages(results["adr.openapi-json-path"])[0]

    def publish(d: dict) -> None:
        d["paths"]["/openapi.json"] = {
            "get": {
                "responses": {
                    "200": {
                        "description": "OAS",
                        "headers": {
                            "Access-Control-Allow-Origin": {"schema": {"type": "string"}},
                            "API-Version": {"schema": {"type": "string"}},
                        },
                    }
                }
            }
        }

    assert lint(tmp_path, publish, version="2.1.0")["adr.openapi-json-path"].status is Status.PASS


def test_servers_https(tmp_path: Path) -> None:
    plain = lint(tmp_path, lambda d: d.update(servers=[{"url": "http://api.example.org/v1"}]))[
        "adr.servers-https"
    ]
    assert plain.status is Status.FAIL
    local = lint(tmp_path, lambda d: d.update(servers=[{"url": "http://localhost:8000/v1"}]))
    assert local["adr.servers-https"].status is Status.PASS
    assert lint(tmp_path, version="2.0.2")["adr.servers-https"].info.adr_rule == "/core/transport-security"


def test_functional_rules_are_manual_with_hints(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["paths"]["/gebouwen"]["get"]["parameters"].append({"name": "bsn", "in": "query"})
        d["paths"]["/maakGebouw"] = {"post": d["paths"]["/gebouwen"]["post"]}

    results = lint(tmp_path, change)
    assert results["adr.no-sensitive-uris"].status is Status.MANUAL
    assert "bsn" in messages(results["adr.no-sensitive-uris"])[0]
    assert "maakGebouw" in messages(results["adr.naming-resources"])[0]
    assert all(f.severity is Severity.HINT for f in results["adr.naming-resources"].findings)
    assert results["adr.changelog"].status is Status.MANUAL and results["adr.changelog"].reason


def test_security_schemes_in_query_or_cookie_give_hints_not_verdicts(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["components"].setdefault("securitySchemes", {}).update(
            {
                "sleutel": {"type": "apiKey", "in": "query", "name": "sleutel"},
                "sessie": {"type": "apiKey", "in": "cookie", "name": "sessie"},
            }
        )

    results = lint(tmp_path, change)
    sensitive, stateless = results["adr.no-sensitive-uris"], results["adr.stateless"]
    assert sensitive.status is Status.MANUAL and stateless.status is Status.MANUAL
    assert any("'sleutel'" in m and "query string" in m for m in messages(sensitive))
    assert any("'sessie'" in m and "cookie" in m for m in messages(stateless))
    found = [
        f
        for f in sensitive.findings + stateless.findings
        if "sleutel" in str(f.message) or "sessie" in str(f.message)
    ]
    assert {f.pointer for f in found} == {
        "/components/securitySchemes/sleutel",
        "/components/securitySchemes/sessie",
    }
    assert all(f.severity is Severity.HINT for f in found)


def test_recursive_schemas_and_shared_components_do_not_loop(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["components"]["schemas"]["A"] = {
            "type": "object",
            "properties": {"b": {"$ref": "#/components/schemas/B"}},
            "example": {"b": {"a": {}}},
        }
        d["components"]["schemas"]["B"] = {
            "type": "object",
            "properties": {"a": {"$ref": "#/components/schemas/A"}},
        }

    results = lint(tmp_path, change)
    assert all(r.status is not Status.ERROR for r in results.values())


def test_remote_refs_that_may_not_be_fetched_leave_refs_resolve_undetermined(tmp_path: Path) -> None:
    remote = {"$ref": "https://schemas.example.org/common.yaml#/components/schemas/Adres"}
    result = lint(tmp_path, lambda d: gebouw(d).update(adres=remote))["adr.refs-resolve"]
    assert result.status is Status.ERROR
    assert "--allow-ref-host" in str(result.reason) and "schemas.example.org" in str(result.reason)
    mixed = lint(
        tmp_path, lambda d: gebouw(d).update(adres=remote, buurt={"$ref": "#/components/schemas/Buurt"})
    )
    assert mixed["adr.refs-resolve"].status is Status.FAIL
    assert len(mixed["adr.refs-resolve"].findings) == 1


def test_webhook_schemas_are_checked_but_webhooks_are_no_paths(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["openapi"] = "3.1.0"
        d["webhooks"] = {
            "gebouwGewijzigd": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"wijzigDatum": {"type": "string", "format": "date-time"}},
                                }
                            }
                        }
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }

    results = lint(tmp_path, change)
    assert any("wijzigDatum" in m for m in messages(results["adr.date-omit-time-portion"]))
    assert results["adr.version-header"].status is Status.PASS  # the webhook's response is the client's


def test_problem_schema_that_is_not_an_object_is_reported_not_crashed(tmp_path: Path) -> None:
    results = lint(tmp_path, lambda d: d["components"]["schemas"].update(Problem=True))
    assert results["adr.problem-details"].status is Status.FAIL
    assert "lacks status, title, detail" in messages(results["adr.problem-details"])[0]


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_no_check_breaks_on_randomly_damaged_documents(openapi: str) -> None:
    """Replace random parts of the compliant document with odd values: every check still reaches a status."""
    import random

    from cgcomply.linting import lint_loaded
    from cgcomply.oas import load_document_bytes

    def places(value: object, path: tuple = ()):
        yield path
        if isinstance(value, dict):
            for key, child in value.items():
                yield from places(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                yield from places(child, (*path, index))

    base = copy.deepcopy(COMPLIANT)
    base["openapi"] = openapi
    targets = list(places(base))[1:]
    odd = [
        None,
        True,
        5,
        "x",
        [],
        {},
        [1],
        {"$ref": "#/nope"},
        {"$ref": 5},
        {"type": ["string", 3]},
        {"properties": 1},
        {"allOf": 7},
    ]
    rng = random.Random(20261129)
    for _ in range(150):
        data = copy.deepcopy(base)
        for _ in range(rng.randint(1, 4)):
            path = rng.choice(targets)
            parent = data
            try:
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] = copy.deepcopy(rng.choice(odd))
            except (KeyError, IndexError, TypeError):
                continue
        document = load_document_bytes(json.dumps(data).encode(), "damaged.json")
        for version in ("2.1.0", "2.2.0"):
            broken = [
                (r.id, r.reason)
                for r in lint_loaded(document, version)
                if r.status is Status.ERROR and "remote" not in str(r.reason or "")
            ]
            assert broken == [], json.dumps(data)[:2000]
