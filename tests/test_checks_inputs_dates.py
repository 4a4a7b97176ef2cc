"""Issue 14: which operations need a 400, parameters whose $ref does not resolve, and date fields.

Each case is a small change to the compliant fixture (tests/fixtures/checks/compliant-2.2.json).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_checks import gebouw, lint, messages

from cgcomply.checks.date_time import date_meaning
from cgcomply.checks.index import DocumentIndex, UnknownParameter
from cgcomply.oas import load_document
from cgcomply.results import Status

MISSING = "#/components/parameters/Bestaatniet"


def _operation(d: dict, path: str, method: str) -> dict:
    return d["paths"][path][method]


# ---------------------------------------------------------------- invalid-input: query or body


def test_path_parameter_alone_needs_no_400(tmp_path: Path) -> None:
    results = lint(tmp_path, lambda d: _operation(d, "/gebouwen/{gebouwId}", "get")["responses"].pop("400"))
    assert results["adr.invalid-input"].status is Status.PASS


def test_header_parameter_alone_needs_no_400(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        operation = _operation(d, "/gebouwen/{gebouwId}", "get")
        operation["responses"].pop("400")
        operation["parameters"] = [{"name": "Accept-Crs", "in": "header", "schema": {"type": "string"}}]

    assert lint(tmp_path, change)["adr.invalid-input"].status is Status.PASS


def test_query_parameter_on_the_path_item_needs_a_400(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        operation = _operation(d, "/gebouwen", "get")
        d["paths"]["/gebouwen"]["parameters"] = operation.pop("parameters")
        operation["responses"].pop("400")

    result = lint(tmp_path, change)["adr.invalid-input"]
    assert result.status is Status.FAIL
    assert messages(result) == ["GET /gebouwen accepts query parameters but declares no 400 response"]


def test_request_body_needs_a_400_and_a_post_without_input_does_not(tmp_path: Path) -> None:
    result = lint(tmp_path, lambda d: _operation(d, "/gebouwen", "post")["responses"].pop("400"))
    assert messages(result["adr.invalid-input"]) == [
        "POST /gebouwen accepts a request body but declares no 400 response"
    ]

    def no_body(d: dict) -> None:
        operation = _operation(d, "/gebouwen/_zoek", "post")
        operation.pop("requestBody", None)
        operation["responses"].pop("400")

    assert lint(tmp_path, no_body)["adr.invalid-input"].status is Status.PASS


# ---------------------------------------------------------------- parameters whose $ref does not resolve


def _unknown_on_list(d: dict, *, keep_400: bool = False) -> None:
    operation = _operation(d, "/gebouwen", "get")
    operation["parameters"] = [{"$ref": MISSING}]
    if not keep_400:
        operation["responses"].pop("400")


def test_unresolved_parameter_stays_in_the_index_as_unknown(tmp_path: Path) -> None:
    lint(tmp_path, _unknown_on_list)  # writes tmp_path/openapi.json
    index = DocumentIndex(load_document(str(tmp_path / "openapi.json")))
    operation = next(o for o in index.operations if (o.path, o.method) == ("/gebouwen", "get"))
    assert [type(p) for p in operation.parameters] == [UnknownParameter]
    assert operation.unknown_parameters()[0].ref == MISSING
    assert operation.unknown_parameters()[0].pointer == "/paths/~1gebouwen/get/parameters/0"
    assert operation.known_parameters() == [] and operation.query_parameters() == []


def test_unknown_parameter_leaves_invalid_input_undecided(tmp_path: Path) -> None:
    results = lint(tmp_path, _unknown_on_list)
    result = results["adr.invalid-input"]
    assert result.status is Status.ERROR
    assert MISSING in str(result.reason or "") and "GET /gebouwen" in str(result.reason or "")
    assert results["adr.refs-resolve"].status is Status.FAIL
    assert results["adr.query-camel-case"].status is Status.ERROR
    assert MISSING in str(results["adr.query-camel-case"].reason or "")


def test_unknown_parameter_with_a_400_or_a_known_query_parameter_is_decided(tmp_path: Path) -> None:
    results = lint(tmp_path, lambda d: _unknown_on_list(d, keep_400=True))
    assert results["adr.invalid-input"].status is Status.PASS

    def with_query(d: dict) -> None:
        operation = _operation(d, "/gebouwen", "get")
        operation["parameters"].append({"$ref": MISSING})
        operation["responses"].pop("400")

    results = lint(tmp_path, with_query)
    assert results["adr.invalid-input"].status is Status.FAIL  # typeGebouw is a query parameter


def test_a_failing_query_key_decides_query_camel_case_despite_unknown_parameters(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        operation = _operation(d, "/gebouwen", "get")
        operation["parameters"][0]["name"] = "type_gebouw"
        operation["parameters"].append({"$ref": MISSING})

    result = lint(tmp_path, change)["adr.query-camel-case"]
    assert result.status is Status.FAIL
    assert messages(result) == ["query key 'type_gebouw' is not lower camelCase"]


def test_unknown_parameter_leaves_an_undeclared_path_variable_undecided(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        item = d["paths"]["/gebouwen/{gebouwId}"]
        item["parameters"] = [{"$ref": MISSING}]

    result = lint(tmp_path, change)["adr.path-params"]
    assert result.status is Status.ERROR
    assert "{gebouwId} in GET /gebouwen/{gebouwId}" in str(result.reason or "") and MISSING in str(
        result.reason or ""
    )

    def also_broken(d: dict) -> None:
        change(d)
        d["paths"]["/gebouwen"]["get"]["parameters"].append(
            {"name": "extra", "in": "path", "required": True, "schema": {"type": "string"}}
        )

    result = lint(tmp_path, also_broken)["adr.path-params"]
    assert result.status is Status.FAIL
    assert messages(result) == ["path parameter 'extra' of GET /gebouwen does not occur in the path"]


# ---------------------------------------------------------------- date fields: name and schema


@pytest.mark.parametrize(
    ("name", "meaning"),
    [
        ("geboorteDatum", "date"),
        ("birthDate", "date"),
        ("einde_datum", "date"),
        ("datum", "date"),
        ("registratiedatum", "date"),
        ("laatsteBetaaldatum", "date"),
        ("REGISTRATIEDATUM", "date"),
        ("Einddatum", "date"),
        ("datumIngangGeldigheid", "date"),
        ("startDateTime", "date-time"),
        ("registratieDatumtijd", "date-time"),
        ("datumTijdRegistratie", "date-time"),
        ("aanvangstijdstip", "date-time"),
        ("peilmoment", "date-time"),
        ("ontvangsttijd", "date-time"),
        ("looptijd", None),
        ("doorlooptijd", None),
        ("contactmoment", None),
        ("lastUpdate", None),
        ("candidate", None),
        ("naam", None),
    ],
)
def test_date_meaning_of_names(name: str, meaning: str | None) -> None:
    assert date_meaning(name) == meaning


def _dates(tmp_path: Path, **properties: dict) -> dict:
    return lint(tmp_path, lambda d: gebouw(d).update(properties))


def test_only_string_or_untyped_schemas_are_date_fields(tmp_path: Path) -> None:
    results = _dates(
        tmp_path,
        inOnderzoek={"type": "object", "properties": {"datum": {"type": "boolean"}}},
        aanvangDatum={"type": "integer"},
        bouwDatum={"type": "object", "properties": {"jaar": {"type": "integer"}}},
        tijdstippen={"type": "array", "items": {"type": "string", "format": "date-time"}},
    )
    assert results["adr.date-time-format"].status is Status.PASS


def test_date_names_in_any_case_get_advice_from_their_meaning(tmp_path: Path) -> None:
    results = _dates(
        tmp_path,
        registratiedatum={"type": "string"},
        laatsteBetaaldatum={"type": ["string", "null"]},
        einddatum={"description": "untyped"},
        aanvangstijdstip={"type": "string"},
        registratieDatumtijd={"type": "string"},
        looptijd={"type": "string"},
    )
    found = sorted(messages(results["adr.date-time-format"]))
    moment = (
        "looks like a moment but sets no format (use format: date-time (or time-local for a time of day))"
    )
    assert found == [
        f"property 'aanvangstijdstip' {moment}",
        "property 'einddatum' looks like a date but sets no format (use format: date)",
        "property 'laatsteBetaaldatum' looks like a date but sets no format (use format: date)",
        f"property 'registratieDatumtijd' {moment}",
        "property 'registratiedatum' looks like a date but sets no format (use format: date)",
    ]


def test_lowercase_compound_with_date_time_is_reported_by_omit_time_portion(tmp_path: Path) -> None:
    results = _dates(
        tmp_path,
        registratiedatum={"type": "string", "format": "date-time"},
        registratietijdstip={"type": "string", "format": "date-time"},
        registratieDatumTijd={"type": "string", "format": "date-time"},
    )
    assert messages(results["adr.date-omit-time-portion"]) == [
        "property 'registratiedatum' holds a date but uses format date-time; use format date"
    ]


def test_a_type_json_schema_does_not_know_is_a_schema_finding_not_a_date_finding(tmp_path: Path) -> None:
    results = _dates(tmp_path, registratiedatum={"type": "DateTime"})
    assert results["adr.date-time-format"].status is Status.PASS
    schema = results["adr.oas-schema"]
    assert schema.status is Status.FAIL
    assert any(
        f.pointer == "/components/schemas/Gebouw/properties/registratiedatum/type" for f in schema.findings
    )
