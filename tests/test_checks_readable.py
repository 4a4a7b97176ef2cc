"""Issue 10 item 4 and issue 7 item 5: findings that read well, and malformed schemas that do not crash.

Findings are sorted by position within each check; validation messages name the member path and the
expected and found types in words; long instances are cut to an excerpt with the pointer to the whole;
an invalid `pattern`, a lone surrogate or a non-string `$ref` in an example is said in the document's
own terms, never as "could not run".
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_checks import gebouw, lint, messages

from cgcomply.results import Status


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "openapi.json"
    path.write_text(text, "utf-8")
    return path


def test_findings_are_sorted_by_position_within_a_check(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        schemas = d["components"]["schemas"]
        # inserted in reverse order of their place in the file
        schemas["Zeta"] = {"type": "object", "properties": {"zetaDatum": {"type": "string"}}}
        schemas["Alfa"] = {"type": "object", "properties": {"alfaDatum": {"type": "string"}}}
        gebouw(d)["eindDatum"] = {"type": "string"}

    result = lint(tmp_path, change)["adr.date-time-format"]
    lines = [f.line for f in result.findings]
    assert len(lines) == 3 and lines == sorted(lines)


def test_example_mismatch_names_member_and_types_in_words(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        gebouw(d)["adres"] = {
            "type": "object",
            "properties": {"huisnummer": {"type": "integer"}},
            "example": {"huisnummer": "12a"},
        }

    [message] = messages(lint(tmp_path, change)["adr.valid-examples"])
    assert (
        message
        == 'example does not match its schema: `huisnummer` must be an integer, but is a string ("12a")'
    )


def test_long_instances_are_cut_with_the_pointer_to_the_whole(tmp_path: Path) -> None:
    long_text = "lang " * 800
    gebouwen = [{"naam": long_text, "bouwjaar": "oud"}] * 3

    def change(d: dict) -> None:
        gebouw(d)["lijst"] = {
            "type": "array",
            "items": {"type": "string"},
            "example": [{"omschrijving": long_text, "nummers": list(range(500))}],
        }
        d["components"]["schemas"]["Gebouwen"] = {"type": "string", "example": gebouwen}

    results = lint(tmp_path, change)
    found = messages(results["adr.valid-examples"])
    assert len(found) == 2
    assert all(len(message) < 300 for message in found), found
    assert any(
        "the whole value is at #/components/schemas/Gebouw/properties/lijst/example/0" in m for m in found
    )


def test_unknown_type_is_one_readable_schema_finding(tmp_path: Path) -> None:
    result = lint(tmp_path, lambda d: gebouw(d).update(registratiedatum={"type": "DateTime"}))[
        "adr.oas-schema"
    ]
    [finding] = result.findings
    assert (
        '`components.schemas.Gebouw.properties.registratiedatum.type` is "DateTime", which is not a JSON '
        "Schema type"
    ) in str(finding.message)
    assert "format: date" in str(finding.message)


def test_invalid_pattern_is_a_schema_finding_and_other_examples_are_still_judged(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        gebouw(d)["code"] = {"type": "string", "pattern": "[", "example": "a"}
        gebouw(d)["aantal"] = {"type": "integer", "example": "veel"}

    results = lint(tmp_path, change)
    schema = results["adr.oas-schema"]
    assert [f.pointer for f in schema.findings] == ["/components/schemas/Gebouw/properties/code/pattern"]
    assert "is not a valid regular expression" in str(schema.findings[0].message)
    examples = results["adr.valid-examples"]
    assert examples.status is Status.FAIL
    assert [f.pointer for f in examples.findings] == ["/components/schemas/Gebouw/properties/aantal/example"]


def test_lone_surrogate_is_named_where_it_is(tmp_path: Path) -> None:
    from cgcomply.linting import lint_document

    data = json.loads(
        (Path(__file__).parent / "fixtures" / "checks" / "compliant-2.2.json").read_text("utf-8")
    )
    data["paths"]["/gebouwen"]["get"]["parameters"][0]["name"] = "type_\ud800"
    data["components"]["schemas"]["Gebouw"]["properties"]["naam"]["type"] = "\udc00"
    text = json.dumps(data)  # ensure_ascii: the surrogates become \ud800 escapes, as a hostile file has them
    results = {r.id: r for r in lint_document(str(_write(tmp_path, text)), "2.2.0").checks}
    assert not [r.id for r in results.values() if r.status is Status.ERROR]
    pointers = {f.pointer for f in results["adr.oas-schema"].findings if "lone surrogate" in str(f.message)}
    assert pointers == {
        "/paths/~1gebouwen/get/parameters/0/name",
        "/components/schemas/Gebouw/properties/naam/type",
    }
    assert results["adr.query-camel-case"].status is Status.FAIL


def test_non_string_refs_inside_examples_and_property_names_are_data(tmp_path: Path) -> None:
    def change(d: dict) -> None:
        gebouw(d)["extra"] = {
            "type": "object",
            "properties": {"$ref": {"type": "integer"}},
            "example": {"$ref": 7},
        }

    results = lint(tmp_path, change)
    assert not [r.id for r in results.values() if r.status is Status.ERROR]
    assert results["adr.valid-examples"].status is Status.PASS
    assert results["adr.refs-resolve"].status is Status.PASS
