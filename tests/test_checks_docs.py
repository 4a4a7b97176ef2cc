"""The generated documentation pages equal what the records produce."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from cgcomply.checks.listing import check_records, render_markdown
from cgcomply.cli import main

ROOT = Path(__file__).parent.parent


def test_checks_page_is_generated_from_the_records() -> None:
    committed = (ROOT / "docs" / "checks.md").read_text("utf-8")
    assert committed == render_markdown(None), "run: cgcomply checks --format md > docs/checks.md"


def test_deviations_page_is_generated_from_the_data_file() -> None:
    spec = importlib.util.spec_from_file_location(
        "render_deviations", ROOT / "tests/fixtures/checks/render_deviations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    data = yaml.safe_load((ROOT / "tests/fixtures/checks/deviations.yaml").read_text("utf-8"))
    committed = (ROOT / "docs" / "deviations.md").read_text("utf-8")
    assert committed == module.render(data), "run: python tests/fixtures/checks/render_deviations.py"


def test_checks_command_lists_static_and_live_checks_as_json() -> None:
    result = CliRunner().invoke(main, ["checks", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    ids = {record["id"] for record in records}
    assert "adr.version-header" in ids and "adr.naming-resources" in ids
    assert any(record["kind"] == "live" for record in records), (
        "live checks come from cgcomply.probes.registry"
    )
    assert {record["kind"] for record in records} <= {"static", "live"}


def test_checks_command_filters_by_adr_version() -> None:
    result = CliRunner().invoke(main, ["checks", "--adr", "2.1", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = {record["id"]: record for record in json.loads(result.output)}
    assert "adr.openapi-json-path" in records
    assert "adr.path-kebab-case" not in records  # a 2.2 rule
    assert records["adr.http-methods"]["technical"] is True
    result = CliRunner().invoke(main, ["checks", "--adr", "2.2.0", "--format", "json"])
    records = {record["id"]: record for record in json.loads(result.output)}
    assert records["adr.http-methods"]["technical"] is False  # functional since ADR 2.2
    assert "adr.openapi-json-path" not in records


def test_checks_command_table_and_markdown() -> None:
    table = CliRunner().invoke(main, ["checks", "--adr", "2.0.2"])
    assert table.exit_code == 0 and "adr.semver" in table.output
    markdown = CliRunner().invoke(main, ["checks", "--format", "md"])
    assert markdown.exit_code == 0 and markdown.output.startswith("# cgcomply checks")


def test_every_record_has_its_documentation() -> None:
    for record in check_records(None):
        info = record.info
        for name, text in info.texts().items():
            assert not text.problems(), f"{info.id} {name}: {text.problems()}"
        assert info.adr_rule.startswith("/"), info.id
