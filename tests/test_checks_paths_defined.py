"""adr.paths-defined: /core/doc-openapi's "confirm all $refs are resolvable and paths are defined".

Each case is a small change to the compliant fixture (tests/fixtures/checks/compliant-2.2.json).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_checks import lint, messages

from cgcomply.i18n import render
from cgcomply.results import Status
from cgcomply.units import check_info

CHECK = "adr.paths-defined"


@pytest.mark.parametrize("version", ["2.0.2", "2.1.0", "2.2.0"])
def test_the_compliant_document_defines_paths(tmp_path: Path, version: str) -> None:
    result = lint(tmp_path, version=version)[CHECK]
    assert result.status is Status.PASS and result.findings == []


def test_a_document_without_paths_fails(tmp_path: Path) -> None:
    """OpenAPI 3.1 allows a document of components only; as the API's documentation it describes nothing."""

    def change(d: dict) -> None:
        d.update(openapi="3.1.0")
        del d["paths"]

    result = lint(tmp_path, change)[CHECK]
    assert result.status is Status.FAIL
    assert messages(result) == ["the document defines no paths (`paths`)"]
    [finding] = result.findings
    assert finding.pointer == "" and finding.line == 1
    assert render(finding.message, "nl", check_info(CHECK).messages) == (
        "het document definieert geen paden (`paths`)"
    )


def test_paths_without_any_operation_fail_at_paths(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["paths"] = {"/gebouwen": {"summary": "Gebouwen", "parameters": []}, "x-intern": {"a": 1}}

    result = lint(tmp_path, change)[CHECK]
    assert result.status is Status.FAIL
    assert messages(result) == ["`paths` describes no operation at all (1 paths)"]
    assert result.findings[0].pointer == "/paths" and result.findings[0].line is not None
    empty = lint(tmp_path, lambda d: d.update(paths={}))[CHECK]
    assert messages(empty) == ["`paths` describes no operation at all (0 paths)"]


def test_an_empty_path_item_beside_operations_passes(tmp_path: Path) -> None:
    """OpenAPI: a path item may be empty (access control); the document still describes operations."""
    result = lint(tmp_path, lambda d: d["paths"].update({"/beheer": {}}))[CHECK]
    assert result.status is Status.PASS


def test_a_path_item_that_cannot_be_read_leaves_it_undecided(tmp_path: Path) -> None:
    """What an unresolved path item holds is unknown: not decided (never a pass, never a fail)."""

    def change(d: dict) -> None:
        d["paths"] = {"/gebouwen": {"$ref": "#/components/pathItems/Bestaatniet"}}

    results = lint(tmp_path, change)
    assert results["adr.refs-resolve"].status is Status.FAIL
    result = results[CHECK]
    assert result.status is Status.ERROR
    assert str(result.reason) == (
        "no operation found, and 1 path items cannot be read (the first: /gebouwen; see adr.refs-resolve)"
    )


def test_a_swagger_document_is_judged_too_and_other_documents_are_not(tmp_path: Path) -> None:
    swagger = {"swagger": "2.0", "info": {"title": "t", "version": "1.0.0"}, "paths": {}}
    assert lint(tmp_path, document=swagger)[CHECK].status is Status.FAIL
    other = {"info": {"title": "t", "version": "1.0.0"}, "paths": {}}
    assert lint(tmp_path, document=other)[CHECK].status is Status.NOT_APPLICABLE
