"""adr.oas-schema and friends keep openapi-spec-validator's verdict, at jsonschema-rs speed.

We do not call openapi-spec-validator in ``cgcomply lint`` (5 s on Stripe, 33 s on GitHub); these tests
run it on small documents and check that our validity checks reach the same verdict.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from tests.conftest import CORPUS_DIR, corpus_path

from cgcomply.linting import lint_loaded
from cgcomply.oas import LoadOptions, load_document
from cgcomply.results import Status

FIXTURE = Path(__file__).parent / "fixtures" / "checks" / "compliant-2.2.json"
VALIDITY = ("adr.oas-schema", "adr.operation-id-unique", "adr.tags-unique", "adr.path-params")


def osv_says_valid(data: dict) -> bool:
    from openapi_spec_validator import validate

    try:
        validate(data)
    except Exception:
        return False
    return True


def ours_says_valid(document) -> bool:
    results = {r.id: r for r in lint_loaded(document, "2.2.0")}
    if any(results[check_id].status is Status.FAIL for check_id in VALIDITY):
        return False
    defaults = [f for f in results["adr.valid-examples"].findings if str(f.message).startswith("default")]
    return not defaults


def _mutations() -> dict[str, dict]:
    base = json.loads(FIXTURE.read_text("utf-8"))
    cases: dict[str, dict] = {"compliant": base}
    bad_default = copy.deepcopy(base)
    bad_default["components"]["schemas"]["Gebouw"]["properties"]["naam"]["default"] = 5
    cases["invalid default"] = bad_default
    duplicate_enum = copy.deepcopy(base)
    duplicate_enum["components"]["schemas"]["Kleur"] = {"type": "string", "enum": ["rood", "rood"]}
    cases["duplicate enum"] = duplicate_enum
    no_info = copy.deepcopy(base)
    del no_info["info"]["title"]
    cases["info without title"] = no_info
    same_id = copy.deepcopy(base)
    same_id["paths"]["/gebouwen"]["post"]["operationId"] = "listGebouwen"
    cases["duplicate operationId"] = same_id
    undeclared = copy.deepcopy(base)
    del undeclared["paths"]["/gebouwen/{gebouwId}"]["parameters"]
    cases["undeclared path parameter"] = undeclared
    extra_required = copy.deepcopy(base)
    extra_required["components"]["schemas"]["Deel"] = {
        "allOf": [{"$ref": "#/components/schemas/Gebouw"}],
        "required": ["bestaatNiet"],
    }
    cases["required name that no schema defines"] = extra_required
    return cases


@pytest.mark.parametrize("name", list(_mutations()))
def test_same_verdict_as_openapi_spec_validator(tmp_path: Path, name: str) -> None:
    data = _mutations()[name]
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(data), "utf-8")
    assert ours_says_valid(load_document(str(path))) == osv_says_valid(data)


def _corpus_documents() -> list[str]:
    folder = CORPUS_DIR / "oas"
    if not folder.is_dir():
        return ["none"]
    return [
        p.name
        for p in sorted(folder.iterdir())
        if p.suffix in (".json", ".yaml") and p.stat().st_size < 600_000
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", _corpus_documents())
def test_same_verdict_as_openapi_spec_validator_on_the_corpus(name: str) -> None:
    path = corpus_path("oas", name)
    try:
        document = load_document(str(path), LoadOptions())
    except Exception:
        pytest.skip("not an API description")
    if not document.kind.startswith("openapi-3"):
        pytest.skip("openapi-spec-validator and adr.oas-schema both need OpenAPI 3")
    if document.ref_problems() or len(document.files) > 1:
        pytest.skip("openapi-spec-validator would need the network for external $refs")
    assert ours_says_valid(document) == osv_says_valid(document.data)


_UNQUOTED_CODES = """\
openapi: 3.0.3
info: {title: Gebouwen, version: 1.0.0, contact: {name: Team, url: 'https://example.org', email: a@example.org}}
servers: [{url: 'https://api.example.org/gebouwen/v1'}]
paths:
  /gebouwen:
    get:
      operationId: listGebouwen
      responses:
        '200': {description: ok}
        404: {description: niet gevonden}
  /panden:
    get:
      operationId: listPanden
      responses:
        200: {description: ok}
        "400": {description: fout}
        500: {description: fout}
components:
  schemas:
    Codes:
      type: object
      properties:
        200: {type: string}
"""


def test_unquoted_response_codes_are_one_finding_for_the_document(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(_UNQUOTED_CODES, encoding="utf-8")
    result = {r.id: r for r in lint_loaded(load_document(path), "2.2.0")}["adr.oas-schema"]
    found = [f for f in result.findings if f.message.id == "adr.oas-schema:numeric-response-codes"]
    assert result.status is Status.FAIL
    # once, at the first unquoted code (line 10), counting the 3 codes (not the schema's property `200`)
    assert [(f.line, f.pointer) for f in found] == [(10, "/paths/~1gebouwen/get/responses/404")]
    assert dict(found[0].message.params) == {"count": 3, "codes": "200, 404, 500", "first": "404"}
    from cgcomply.i18n import render

    assert render(found[0].message, "nl").startswith("3 responscodes staan als getal in het document")
    assert render(found[0].message, "en").endswith("write '404'")


def test_quoted_response_codes_and_json_give_no_such_finding(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(
        _UNQUOTED_CODES.replace(" 404:", " '404':").replace(" 200:", " '200':").replace(" 500:", " '500':"),
        encoding="utf-8",
    )
    result = {r.id: r for r in lint_loaded(load_document(path), "2.2.0")}["adr.oas-schema"]
    assert not [f for f in result.findings if f.message.id == "adr.oas-schema:numeric-response-codes"]
    as_json = tmp_path / "openapi.json"
    as_json.write_text(json.dumps(json.loads(json.dumps(load_document(path).data))), encoding="utf-8")
    result = {r.id: r for r in lint_loaded(load_document(as_json), "2.2.0")}["adr.oas-schema"]
    assert not [f for f in result.findings if f.message.id == "adr.oas-schema:numeric-response-codes"]
