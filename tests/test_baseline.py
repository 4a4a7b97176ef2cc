"""``cgcomply baseline create``: the stable ids of a report's current findings, the same ids SARIF uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.baseline import alerts, create_baseline, load_baseline
from cgcomply.cli import main
from cgcomply.errors import DocumentError
from cgcomply.report import render
from cgcomply.report.sarif import FINGERPRINT_KEY
from fixtures.report.samples import lint_report, verify_report


def _stored(tmp_path: Path, report, name: str = "report.json") -> Path:
    path = tmp_path / name
    path.write_text(render(report, "json", "nl"), encoding="utf-8")
    return path


def test_create_records_every_alert_and_matches_the_sarif_fingerprints(tmp_path: Path) -> None:
    report = verify_report()
    out = tmp_path / "ci" / "cgcomply-baseline.json"
    result = CliRunner().invoke(main, ["baseline", "create", str(_stored(tmp_path, report)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["cgcomply_baseline"] == 1 and data["report_run"] == report.run_id
    ids = load_baseline(out)
    sarif = json.loads(render(report, "sarif", "en"))
    assert ids == {r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif["runs"][0]["results"]}
    assert ids and all(entry["check"] and "location" in entry for entry in data["findings"])
    # passes, manual checks and infos are not in it
    passed = {c.id for c in report.checks if c.status.value != "fail"}
    assert not {entry["check"] for entry in data["findings"]} & passed


def test_ids_survive_line_shifts_and_a_regression_is_new(tmp_path: Path) -> None:
    before = create_baseline(lint_report())
    known = {entry["id"] for entry in before["findings"]}
    shifted = lint_report()
    for check in shifted.checks:
        for finding in check.findings:
            finding.line = (finding.line or 0) + 10
    assert {stable_id for _, _, stable_id in alerts(shifted)} == known
    regressed = lint_report()
    failing = next(c for c in regressed.checks if c.status.value == "fail" and c.findings)
    extra = type(failing.findings[0])(
        severity=failing.findings[0].severity,
        message=failing.findings[0].message,
        pointer="/paths/~1statussen/get/responses/200",
    )
    failing.findings.append(extra)
    new = {stable_id for _, _, stable_id in alerts(regressed)} - known
    assert new == {extra.stable_id(failing.id)}


def test_bad_input_is_a_clear_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["baseline", "create", str(broken), "-o", str(tmp_path / "b.json")])
    assert result.exit_code == 2 and "broken.json" in result.output and "Traceback" not in result.output
    other = tmp_path / "other.json"
    other.write_text('{"schema_version": 99}', encoding="utf-8")
    result = CliRunner().invoke(main, ["baseline", "create", str(other)])
    assert result.exit_code == 2 and "other.json" in result.output
    not_a_baseline = _stored(tmp_path, lint_report())
    with pytest.raises(DocumentError, match=r"report\.json"):
        load_baseline(not_a_baseline)
