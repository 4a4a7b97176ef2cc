"""JSON report: the published schema (package data), real reports valid against it, key order, redaction."""

from __future__ import annotations

import copy
import json
from importlib.resources import files

import jsonschema
import pytest

from cgcomply.report import render
from cgcomply.report.json import SCHEMA_ID, SCHEMA_RESOURCE
from fixtures.report.samples import PROFILE_SHA, lint_report, verify_report


def published_schema() -> dict:
    package, resource = SCHEMA_RESOURCE
    text = files(package).joinpath(resource).read_text(encoding="utf-8")
    return json.loads(text)


def validator() -> jsonschema.Draft202012Validator:
    schema = published_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_schema_ships_inside_the_package_and_is_draft_2020_12():
    schema = published_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID


@pytest.mark.parametrize("make", [lint_report, verify_report], ids=["lint", "verify"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rendered_reports_are_valid_against_the_published_schema(make, lang):
    data = json.loads(render(make(), "json", lang))
    errors = sorted(validator().iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_schema_rejects_what_the_issue_forbids():
    good = json.loads(render(verify_report(), "json", "nl"))
    check = validator()
    for mutate in (
        lambda d: d["checks"][0].__setitem__("status", "passed"),
        lambda d: d["checks"][0].__setitem__("kind", "dynamic"),
        lambda d: d["checks"][0].pop("adr_rule"),
        lambda d: d["checks"][0]["findings"][0].__setitem__("line", 0),
        lambda d: d["requirements"][0].__setitem__("verdict", "voldoet"),
        lambda d: d["profile"].__setitem__("sha256", "not-a-hash"),
        lambda d: d.pop("tool"),
    ):
        bad = copy.deepcopy(good)
        mutate(bad)
        assert not check.is_valid(bad)


def test_lint_json_holds_the_fields_of_the_issue():
    data = json.loads(render(lint_report(), "json"))
    assert list(data)[:4] == ["schema", "tool", "adr_version", "profile"]
    assert data["tool"] == {"name": "cgcomply", "version": data["tool"]["version"]}
    assert data["adr_version"] == "2.2.0"
    assert data["target"] == {"document": "specs/zaken api/openapi.yaml", "url": None}
    assert data["profile"] is None and data["requirements"] == []
    first = data["checks"][0]
    assert first["id"] == "adr.version-header"
    assert first["adr_rule"] == "/core/version-header"
    assert first["kind"] == "static" and first["level"] == "must" and first["status"] == "fail"
    assert first["adr_versions"] == ["2.0.2", "2.1.0", "2.2.0"]
    assert list(first["findings"][0]) == [
        "severity",
        "pointer",
        "file",
        "line",
        "column",
        "message",
        "evidence",
    ]
    assert first["findings"][0] == {
        "severity": "error",
        "pointer": "/paths/~1zaken/get/responses/200",
        "file": "specs/zaken api/openapi.yaml",
        "line": 42,
        "column": 9,
        "message": "response 200 of GET /zaken does not declare the API-Version header",
        "evidence": None,
    }
    assert data["summary"]["checks"] == {"pass": 1, "fail": 2, "error": 0, "not_applicable": 1, "manual": 1}
    assert data["summary"]["findings"] == {"error": 2, "warning": 1, "info": 0, "hint": 1}
    assert data["exit_code"] == 1
    assert {c["status"] for c in data["checks"]} == {"pass", "fail", "not_applicable", "manual"}


def test_verify_json_has_profile_requirements_and_live_evidence_with_secrets_redacted():
    text = render(verify_report(), "json", "nl")
    data = json.loads(text)
    assert data["profile"] == {
        "id": "gemeente-voorbeeld-2026",
        "sha256": PROFILE_SHA,
        "title": "Zaaksysteem Gemeente Voorbeeld",
    }
    assert data["target"]["url"] == "https://api.leverancier.example/zaken/v1"
    assert [(r["id"], r["verdict"], r["verdict_label"]) for r in data["requirements"]] == [
        ("CG-API-01", "pass", "voldoet"),
        ("CG-API-03", "fail", "voldoet niet"),
        ("CG-API-05", "undetermined", "niet vastgesteld"),
        ("CG-API-07", "manual", "handmatig"),
    ]
    assert data["requirements"][1]["checks"] == ["adr.version-header", "probe.version-header"]
    live = next(c for c in data["checks"] if c["id"] == "probe.version-header")
    assert live["kind"] == "live"
    assert live["explanation"].startswith("We hebben de API opgevraagd")
    evidence = live["findings"][0]["evidence"]
    assert evidence["method"] == "GET" and evidence["status"] == 200
    assert evidence["url"] == "https://api.leverancier.example/zaken/v1/zaken"
    assert evidence["headers"]["set-cookie"] == "[redacted]"
    assert evidence["request_headers"]["Authorization"] == "[redacted]"
    assert "topsecret" not in text and "abc123secret" not in text
    assert data["warnings"] == ["conformiteitstests niet uitgevoerd (gebruik --conformance)"]
    assert data["exit_code"] == 1


def test_explanation_follows_the_report_language():
    nl = json.loads(render(lint_report(), "json", "nl"))["checks"][0]["explanation"]
    en = json.loads(render(lint_report(), "json", "en"))["checks"][0]["explanation"]
    assert nl.startswith("Gecontroleerd is of elk antwoord")
    assert en.startswith("Checks that every response")


def test_same_report_renders_the_same_text():
    assert render(verify_report(), "json", "nl") == render(verify_report(), "json", "nl")


def test_long_bodies_are_capped():
    report = verify_report()
    evidence = report.checks[4].findings[0].evidence
    assert evidence is not None
    evidence.body = "x" * 50_000
    data = json.loads(render(report, "json"))
    body = data["checks"][4]["findings"][0]["evidence"]["body"]
    assert len(body) < 5_000 and "trimmed" in body


def test_static_finding_without_a_file_gets_the_target_document_live_finding_does_not():
    report = verify_report()
    report.checks[0].findings[0].file = None
    data = json.loads(render(report, "json"))
    assert data["checks"][0]["findings"][0]["file"] == "https://api.leverancier.example/zaken/v1/openapi.json"
    live = next(c for c in data["checks"] if c["id"] == "probe.version-header")
    assert live["findings"][0]["file"] is None
