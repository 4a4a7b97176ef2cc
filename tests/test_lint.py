"""``cgcomply lint``: exit codes, JSON shape, bad input, ADR versions, and the guard around each check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.checks.base import CheckContext, run_check, static_check
from cgcomply.checks.index import DocumentIndex
from cgcomply.cli import main
from cgcomply.i18n import Text
from cgcomply.linting import LintOptions, lint_document
from cgcomply.oas import LoadOptions, load_document
from cgcomply.results import Level, Status

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
COMPLIANT = FIXTURES / "compliant-2.2.json"


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", *args])
    return result.exit_code, result.output


def test_compliant_document_exits_0_and_json_has_the_contract(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, output = _lint(str(COMPLIANT), "--format", "json", "-o", str(out))
    assert code == 0, output
    report = json.loads(out.read_text("utf-8"))
    assert report["tool"]["name"] == "cgcomply" and report["tool"]["version"]
    assert report["adr_version"] == "2.2.0"
    assert report["target"]["document"] == str(COMPLIANT)
    by_id = {check["id"]: check for check in report["checks"]}
    assert by_id["adr.version-header"]["adr_rule"] == "/core/version-header"
    assert by_id["adr.version-header"]["kind"] == "static"
    assert by_id["adr.version-header"]["status"] == "pass"
    assert by_id["adr.naming-resources"]["status"] == "manual"
    assert {check["status"] for check in report["checks"]} <= {"pass", "not_applicable", "manual"}


def test_must_failure_exits_1_with_located_findings(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, _ = _lint(str(FIXTURES / "defect-trailing-slash.json"), "--format", "json", "-o", str(out))
    assert code == 1
    check = next(
        c for c in json.loads(out.read_text("utf-8"))["checks"] if c["id"] == "adr.no-trailing-slash"
    )
    assert check["status"] == "fail"
    finding = check["findings"][0]
    assert (
        finding["pointer"] == "/paths/~1gebouwen~1" and finding["line"] > 1 and finding["severity"] == "error"
    )


def test_should_failure_keeps_exit_0(tmp_path: Path) -> None:
    document = json.loads(COMPLIANT.read_text("utf-8"))
    del document["info"]["contact"]
    path = tmp_path / "no-contact.json"
    path.write_text(json.dumps(document), "utf-8")
    report = lint_document(str(path), "2.2")
    contact = next(c for c in report.checks if c.id == "adr.contact")
    assert contact.status is Status.FAIL and contact.info.level is Level.SHOULD
    assert contact.findings[0].severity.value == "warning"
    assert report.exit_code() == 0


@pytest.mark.parametrize("version", ["2.0.2", "2.1", "2.2.0"])
def test_each_adr_version_runs_its_own_checks(version: str) -> None:
    report = lint_document(str(COMPLIANT), version)
    ids = {c.id for c in report.checks}
    assert ("adr.path-kebab-case" in ids) == version.startswith("2.2")
    assert ("adr.openapi-json-path" in ids) == version.startswith("2.1")
    assert ("adr.contact" in ids) != (version == "2.0.2")
    assert all(report.adr_version in c.info.adr_versions for c in report.checks)


def test_missing_file_and_bad_input_exit_2_without_traceback(tmp_path: Path) -> None:
    code, output = _lint(str(tmp_path / "nope.yaml"))
    assert code == 2 and "Traceback" not in output
    empty = tmp_path / "empty.yaml"
    empty.write_text("", "utf-8")
    code, output = _lint(str(empty))
    assert code == 2 and "fout:" in output and "Traceback" not in output
    code, output = _lint(str(COMPLIANT), "--adr", "9.9")
    assert code == 2


def test_ref_map_option_reaches_the_loader() -> None:
    options = LintOptions(LoadOptions.from_cli(ref_maps=[f"https://example.org/={FIXTURES}"], max_size_mb=1))
    assert options.load.ref_maps[0][0] == "https://example.org/"
    assert options.load.max_bytes == 1024 * 1024


def test_a_check_that_crashes_reports_error_and_the_others_run() -> None:
    @static_check(
        id="adr.broken",
        adr_rule="/core/doc-openapi",
        level=Level.MUST,
        adr_versions=("2.2.0",),
        title=Text("t", "t"),
        what=Text("w", "w"),
        why=Text("w", "w"),
        fix=Text("f", "f"),
        explanation=Text("u", "u"),
    )
    def broken(context: CheckContext):
        raise KeyError("unexpected shape")

    document = load_document(str(COMPLIANT))
    context = CheckContext(document, DocumentIndex(document), "2.2.0")
    result = run_check(broken, context)
    assert result.status is Status.ERROR and "KeyError" in str(result.reason)


def test_strange_documents_never_crash_a_check(tmp_path: Path) -> None:
    strange = {
        "openapi": "3.0.3",
        "info": {"title": "x", "version": 1, "contact": "nobody"},
        "servers": "https://example.org",
        "tags": {},
        "paths": {
            "/a": {"get": {"parameters": {"name": "x"}, "responses": {"200": "OK", 404: None}}},
            "/b": None,
            "/c/{id}": {"parameters": [None, {"$ref": "#/nowhere"}], "get": []},
        },
        "components": {
            "schemas": {
                "A": {
                    "properties": {"b": {"$ref": "#/components/schemas/A"}, "c": None},
                    "allOf": [None],
                    "required": "b",
                },
                "B": [1, 2],
            }
        },
    }
    path = tmp_path / "strange.json"
    path.write_text(json.dumps(strange), "utf-8")
    for version in ("2.0.2", "2.1.0", "2.2.0"):
        report = lint_document(str(path), version)
        errors = [(c.id, c.reason) for c in report.checks if c.status is Status.ERROR]
        assert errors == []
        assert report.exit_code() == 1


def test_a_part_that_cannot_be_indexed_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self, components) -> None:
        raise ValueError("a shape nobody foresaw")

    monkeypatch.setattr(DocumentIndex, "_walk_components", explode)
    report = lint_document(str(COMPLIANT), "2.2.0")
    assert any("a shape nobody foresaw" in str(warning) for warning in report.warnings)
    assert all(check.status is not Status.ERROR for check in report.checks)
