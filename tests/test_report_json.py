"""JSON report: the published schema (package data), real reports valid against it, key order, redaction."""

from __future__ import annotations

import copy
import html
import json
import re
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from cgcomply import Report, lint
from cgcomply.errors import DocumentError
from cgcomply.report import render
from cgcomply.report.json import SCHEMA_ID, SCHEMA_RESOURCE
from fixtures.report.samples import PROFILE_SHA, lint_report, verify_report

FIXTURES = Path(__file__).parent / "fixtures" / "report"


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
        lambda d: d["checks"][0]["findings"][0].__setitem__("message", "a rendered sentence"),
        lambda d: d.__setitem__("schema_version", 1),
    ):
        bad = copy.deepcopy(good)
        mutate(bad)
        assert not check.is_valid(bad)


def test_lint_json_holds_the_fields_of_the_issue():
    data = json.loads(render(lint_report(), "json"))
    assert list(data)[:6] == ["schema", "schema_version", "run", "tool", "adr_version", "profile"]
    assert data["schema_version"] == 4
    assert set(data["run"]) == {"id", "started_at", "finished_at", "duration_seconds"}
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
        "id",
        "severity",
        "message",
        "pointer",
        "file",
        "line",
        "column",
        "evidence",
    ]
    assert first["findings"][0]["pointer"] == "/paths/~1zaken/get/responses/200"
    assert (first["findings"][0]["line"], first["findings"][0]["column"]) == (42, 9)
    assert data["summary"]["checks"] == {
        "pass": 1,
        "fail": 2,
        "error": 0,
        "not_applicable": 1,
        "manual": 1,
        "accepted": 0,
    }
    assert data["summary"]["findings"] == {"error": 2, "warning": 1, "info": 0, "hint": 1}
    assert data["exit_code"] == 1
    assert {c["status"] for c in data["checks"]} == {"pass", "fail", "not_applicable", "manual"}


def test_the_json_is_language_neutral_messages_are_ids_with_parameters(tmp_path):
    document = tmp_path / "openapi.json"
    document.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1.0.0"},
                "servers": [{"url": "http://api.example.nl/v1"}],
                "paths": {},
            }
        ),
        "utf-8",
    )
    report = lint(str(document))
    assert render(report, "json", "nl") == render(report, "json", "en")
    data = json.loads(render(report, "json", "nl"))
    https = next(c for c in data["checks"] if c["id"] == "adr.servers-https")
    assert https["findings"][0]["message"] == {
        "id": "adr.servers-https:plain-http",
        "params": {"url": "http://api.example.nl/v1"},
    }
    assert "record" not in https  # a registered check is stored by id; its texts come from its unit
    text = json.dumps(data, ensure_ascii=False)
    assert "gebruikt gewoon http" not in text and "uses plain http" not in text


def test_verify_json_has_profile_requirements_and_live_evidence_with_secrets_redacted():
    text = render(verify_report(), "json", "nl")
    data = json.loads(text)
    assert data["profile"] == {
        "id": "gemeente-voorbeeld-2026",
        "sha256": PROFILE_SHA,
        "title": "Zaaksysteem Gemeente Voorbeeld",
    }
    assert data["target"]["url"] == "https://api.leverancier.example/zaken/v1"
    assert [(r["id"], r["verdict"]) for r in data["requirements"]] == [
        ("CG-API-01", "pass"),
        ("CG-API-03", "fail"),
        ("CG-API-05", "undetermined"),
        ("CG-API-07", "manual"),
    ]
    assert data["requirements"][1]["checks"] == ["adr.version-header", "probe.version-header"]
    assert data["requirements"][1]["reasons"][0]["id"] == "verdict:failed"
    live = next(c for c in data["checks"] if c["id"] == "probe.version-header")
    assert live["kind"] == "live"
    evidence = live["findings"][0]["evidence"]
    assert evidence["method"] == "GET" and evidence["status"] == 200
    assert evidence["url"] == "https://api.leverancier.example/zaken/v1/zaken"
    assert evidence["headers"]["set-cookie"] == "[redacted]"
    assert evidence["request_headers"]["Authorization"] == "[redacted]"
    assert "topsecret" not in text and "abc123secret" not in text
    assert data["warnings"] == [
        {
            "nl": "conformiteitstests niet uitgevoerd (gebruik --conformance)",
            "en": "conformance tests not run (use --conformance)",
        }
    ]
    assert data["exit_code"] == 1


def test_a_report_reads_back_equal_and_renders_in_both_languages():
    report = lint_report()
    again = Report.from_dict(json.loads(render(report, "json")))
    assert again == report
    assert render(again, "text", "nl") == render(report, "text", "nl")
    assert render(again, "md", "en") == render(report, "md", "en")


def _validator_of(version: int) -> jsonschema.Draft202012Validator:
    text = files("cgcomply.report").joinpath(f"schema/report-{version}.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(
        json.loads(text), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_committed_sample_report_reads_back_and_renders():
    """A report written by an earlier version stays readable (tests/fixtures/report/sample-report-2.json):
    it validates against the version-2 schema, reads back, and is written again as version 3 with the same
    content (plus what version 3 adds)."""
    data = json.loads((FIXTURES / "sample-report-2.json").read_text("utf-8"))
    assert data["schema_version"] == 2
    assert _validator_of(2).is_valid(data)
    report = Report.from_dict(data)
    again = report.to_dict()  # a report of before stable finding ids gets them when written again
    assert validator().is_valid(again)
    assert again["schema_version"] == 4 and again["summary"]["accepted"] == {"accepted": 0, "expired": 0}
    _notes_as_messages(data)
    for check in again["checks"]:
        for finding in check["findings"]:
            assert len(finding.pop("id")) == 16
    for key in ("schema", "schema_version"):
        again.pop(key), data.pop(key)
    again["summary"].pop("accepted")
    assert again["summary"]["checks"].pop("accepted") == 0
    assert again == data
    nl, en = render(report, "text", "nl"), render(report, "text", "en")
    assert "voldoet niet" in nl and "does not comply" in en
    assert "server-URL 'http://api.example.nl/v1' gebruikt gewoon http" in nl
    assert "server URL 'http://api.example.nl/v1' uses plain http" in en


def _notes_as_messages(data: dict) -> int:
    """Schema 2 and 3 stored an evidence note as an English string; read back, it is a quoted text
    (``note:quoted``), which schema 4 stores as a message. Changes ``data`` so; returns how many."""
    count = 0
    for check in data["checks"]:
        for finding in check["findings"]:
            evidence = finding.get("evidence")
            if evidence and isinstance(evidence.get("note"), str):
                evidence["note"] = {"id": "note:quoted", "params": {"text": evidence["note"]}}
                count += 1
    return count


def test_what_is_not_a_readable_report_is_a_document_error():
    for data in ([], {"schema_version": 1}, {"schema_version": 2, "run": {}}):
        with pytest.raises(DocumentError):
            Report.from_dict(data)  # type: ignore[arg-type]


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


def test_the_committed_version_3_sample_reads_back_exactly_and_shows_acceptances_and_versions():
    """tests/fixtures/report/sample-report-3.json: accepted findings (one expired), the requirement versions
    and the catalogue; it reads back to the same data and every format shows them."""
    data = json.loads((FIXTURES / "sample-report-3.json").read_text("utf-8"))
    assert data["schema_version"] == 3
    errors = list(_validator_of(3).iter_errors(data))
    assert errors == [], [e.message for e in errors]
    report = Report.from_dict(data)
    again = report.to_dict()
    assert validator().is_valid(again) and again["schema_version"] == 4
    assert _notes_as_messages(data) == 2  # the two English notes of schema 3, quoted as written
    for key in ("schema", "schema_version"):
        again.pop(key), data.pop(key)
    assert again == data
    assert data["summary"]["accepted"] == {"accepted": 2, "expired": 1}
    assert data["profile"]["catalog"] == {"id": "cgcomply", "version": "2026.1"}
    assert [r["version"] for r in data["requirements"]] == ["1.0.0", "1.1.0", "1.0.0", "1.0.0"]
    for fmt in ("text", "md", "html"):
        nl, en = render(report, fmt, "nl"), render(report, fmt, "en")
        assert "geaccepteerd" in nl and "Opgelost in release 2.4" in nl, fmt
        assert "acceptatie in het document verlopen op 2026-01-01" in nl, fmt
        assert "accepted until 2027-03-01" in en and "expired on 2026-01-01" in en, fmt
        assert "cgcomply 2026.1" in nl and "versie 1.1.0" in nl and "version 1.1.0" in en, fmt


def _plain(text: str, fmt: str) -> str:
    """A rendered report without the escapes of its format (HTML entities, Markdown backslashes)."""
    if fmt == "md":
        return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)
    return html.unescape(text)


def test_the_committed_version_4_sample_reads_back_exactly_and_renders_its_notes_in_each_language():
    """tests/fixtures/report/sample-report-4.json: evidence notes as messages (a followed redirect and a
    cut-off body joined, a transport failure, a TLS handshake listing); they read back to the same data and
    every format shows them in the report's language, names and the server's words as they are."""
    data = json.loads((FIXTURES / "sample-report-4.json").read_text("utf-8"))
    assert data["schema_version"] == 4
    errors = list(validator().iter_errors(data))
    assert errors == [], [e.message for e in errors]
    report = Report.from_dict(data)
    assert report.to_dict() == data
    for fmt in ("text", "md", "html", "junit"):
        nl, en = (_plain(render(report, fmt, lang), fmt) for lang in ("nl", "en"))
        assert "doorverwijzingen gevolgd: 301 -> https://api.leverancier.example/v1/" in nl, fmt
        assert "body langer dan de limiet van 5242880 bytes (na decoderen)" in nl, fmt
        assert "geen antwoord: de verbinding werd verbroken ([Errno 104] Connection reset by peer)" in nl, fmt
        assert "TLS 1.2: geaccepteerd: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" in nl, fmt
        assert "redirects followed: 301 -> https://api.leverancier.example/v1/" in en, fmt
        assert "read stopped after 5242880 bytes" in en, fmt
        assert "no response: the connection broke off ([Errno 104] Connection reset by peer)" in en, fmt
        assert "TLS 1.2: accepted: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" in en, fmt
        assert "redirects followed" not in nl and "doorverwijzingen gevolgd" not in en, fmt
    sarif = json.loads(render(report, "sarif", "nl"))
    notes = [
        result["properties"]["evidence"]["note"]
        for result in sarif["runs"][0]["results"]
        if "evidence" in result["properties"]
    ]
    assert "geen antwoord: de verbinding werd verbroken ([Errno 104] Connection reset by peer)" in notes
