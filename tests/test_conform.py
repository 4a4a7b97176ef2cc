"""Static conformance: standards against themselves, mutated copies, variants, and the real pairs."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.standards.conform import conform_document
from cgcomply.standards.registry import load_registry
from cgcomply.standards.rules import all_rules
from cgcomply.standards.store import DocumentStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CGCOMPLY_CORPUS", REPO.parent / "shared" / "corpus")) / "standards"
FIXTURES = REPO / "tests" / "fixtures" / "conform"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed copies of standard documents go to a folder of this test session, not the user's cache."""
    monkeypatch.setenv("CGCOMPLY_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cgcomply-cache"))


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the standards corpus is missing at {CORPUS}")
        pytest.skip(f"standards corpus not available at {CORPUS}")
    return CORPUS


def _std_path(corpus: Path, ident: str, variant: str | None = None) -> Path:
    registry = load_registry()
    doc = registry.get(ident).document(variant)
    return DocumentStore(standards_dir=corpus).locate(doc.url, doc.sha256, doc.size)


def _codes(report) -> list[tuple[str, str]]:
    return sorted((d.code, d.where) for d in report.differences)


# ---------------------------------------------------------------------------------------- rules


def test_rules_are_units_with_both_languages() -> None:
    rules = all_rules()
    assert len(rules) > 30
    for code, rule in rules.items():
        assert rule.code == code and rule.family
        assert rule.severity in ("error", "warning", "info", "addition")
        for text in (rule.title, rule.message):
            assert (text.nl and text.en and text.nl != text.en) or text.nl == text.en == "parameter"
        import string

        fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert fields(rule.message.nl) == fields(rule.message.en), code


# ---------------------------------------------------------------------------------------- self


@pytest.mark.parametrize(
    ("ident", "variant"),
    [
        ("zgw-autorisaties@1.0.0", None),
        ("zgw-notificaties@1.0.0", None),
        ("zgw-documenten@1.4.2", None),  # refs the mutable current_version alias: pinned by the registry
        ("zgw-zaken@1.5.1", "zaken-api-tag"),
        ("zgw-zaken@1.7.0", None),  # relative cross-standard refs
        ("zgw-catalogi@1.3.1", None),
        ("hc-brp-personen@2.7.0", None),  # OAS 3.1
        ("cg-objects@2.7.0", None),
    ],
)
def test_standard_against_itself_has_no_findings(corpus: Path, ident: str, variant: str | None) -> None:
    report = conform_document(
        str(_std_path(corpus, ident, variant)), ident, variant=variant, standards_dir=corpus
    )
    assert report.differences == []
    assert report.operations_compared == report.operations_in_standard > 0
    assert report.verdict == "voldoet" and report.exit_code() == 0


# ---------------------------------------------------------------------------------------- mutations

AUT = "zgw-autorisaties@1.0.0"


@pytest.fixture(scope="module")
def autorisaties(corpus: Path) -> dict:
    return yaml.safe_load(_std_path(corpus, AUT).read_bytes())


def _run_mutated(corpus: Path, tmp_path: Path, data: dict) -> list[tuple[str, str]]:
    path = tmp_path / "impl.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return _codes(conform_document(str(path), AUT, standards_dir=corpus))


def test_mutation_operation_removed(corpus: Path, tmp_path: Path, autorisaties: dict) -> None:
    data = copy.deepcopy(autorisaties)
    del data["paths"]["/applicaties/{uuid}"]["delete"]
    assert _run_mutated(corpus, tmp_path, data) == [("operation-missing", "DELETE /applicaties/{uuid}")]


def test_mutation_required_property_made_optional(corpus: Path, tmp_path: Path, autorisaties: dict) -> None:
    data = copy.deepcopy(autorisaties)
    data["components"]["schemas"]["Applicatie"]["required"].remove("clientIds")
    found = _run_mutated(corpus, tmp_path, data)
    # Applicatie is used in many responses; the difference is one place in both documents: reported once
    assert [code for code, _ in found] == ["response-property-optional"]
    assert found[0][1].startswith("GET /applicaties 200")


def test_mutation_type_changed(corpus: Path, tmp_path: Path, autorisaties: dict) -> None:
    data = copy.deepcopy(autorisaties)
    data["components"]["schemas"]["Applicatie"]["properties"]["label"]["type"] = "integer"
    found = _run_mutated(corpus, tmp_path, data)
    # the schema is used for requests and responses: both directions break
    assert sorted({code for code, _ in found}) == ["request-type-changed", "response-type-changed"]
    assert all(where.endswith("label") for _, where in found)


def test_mutation_enum_value_added_to_response(corpus: Path, tmp_path: Path, autorisaties: dict) -> None:
    data = copy.deepcopy(autorisaties)
    schema = data["components"]["schemas"]["AutorisatieBase"]["properties"]["component"]
    schema["enum"].append("xyz")
    found = _run_mutated(corpus, tmp_path, data)
    # in the response a value outside the standard's enum is an error; in the request an addition
    assert sorted({code for code, _ in found}) == ["request-enum-value-extra", "response-enum-value-added"]
    report_path = tmp_path / "impl.json"
    report = conform_document(str(report_path), AUT, standards_dir=corpus)
    error = next(d for d in report.differences if d.code == "response-enum-value-added")
    assert error.severity == "error" and "xyz" in error.text("en")
    extra = next(d for d in report.differences if d.code == "request-enum-value-extra")
    assert extra.severity == "warning"  # Autorisaties: extensions NIET TOEGESTAAN


def test_mutation_parameter_renamed(corpus: Path, tmp_path: Path, autorisaties: dict) -> None:
    data = copy.deepcopy(autorisaties)
    params = data["paths"]["/applicaties"]["get"]["parameters"]
    param = next(p for p in params if p.get("name") == "clientIds")
    param["name"] = "clientIdentifiers"
    assert _run_mutated(corpus, tmp_path, data) == [
        ("parameter-added", "GET /applicaties"),
        ("parameter-missing", "GET /applicaties"),
    ]


def test_mutation_required_header_and_scopes(corpus: Path, tmp_path: Path, autorisaties: dict) -> None:
    data = copy.deepcopy(autorisaties)
    del data["paths"]["/applicaties"]["get"]["responses"]["200"]["headers"]["API-version"]
    data["paths"]["/applicaties"]["get"]["security"] = [{"JWT-Claims": ["autorisaties.bijwerken"]}]
    data["paths"]["/applicaties"]["get"]["parameters"].append(
        {"name": "tenant", "in": "query", "required": True, "schema": {"type": "string"}}
    )
    assert sorted(code for code, _ in _run_mutated(corpus, tmp_path, data)) == [
        "parameter-required-added",
        "response-header-missing",
        "security-scopes-differ",
    ]


def test_equivalent_representations_are_equal(corpus: Path, tmp_path: Path, autorisaties: dict) -> None:
    """Server prefix, path parameter names, transport headers, comma-separated string vs explode:false
    array, component names, allOf wrapping, descriptions: none of these is a difference."""
    data = copy.deepcopy(autorisaties)
    data["servers"] = [{"url": "https://example.org/autorisaties/api/v1"}]
    paths = data["paths"]
    paths["/applicaties/{applicatie_uuid}"] = paths.pop("/applicaties/{uuid}")
    for op in paths["/applicaties/{applicatie_uuid}"].values():
        if isinstance(op, dict):
            for param in op.get("parameters", []):
                if param.get("name") == "uuid":
                    param["name"] = "applicatie_uuid"
            op["description"] = "anders beschreven"
    get = paths["/applicaties"]["get"]
    client_ids = next(p for p in get["parameters"] if p.get("name") == "clientIds")
    client_ids["schema"] = {"type": "array", "items": {"type": "string"}}
    client_ids["style"], client_ids["explode"] = "form", False
    get["parameters"].append(
        {"name": "Accept", "in": "header", "required": True, "schema": {"type": "string"}}
    )
    schemas = data["components"]["schemas"]
    schemas["ApplicatieRenamed"] = {"allOf": [schemas.pop("Applicatie")]}
    text = json.dumps(data).replace(
        '#/components/schemas/Applicatie"', '#/components/schemas/ApplicatieRenamed"'
    )
    path = tmp_path / "impl.json"
    path.write_text(text, encoding="utf-8")
    report = conform_document(str(path), AUT, standards_dir=corpus)
    assert _codes(report) == []
    assert report.operations_compared == report.operations_in_standard


def test_parsed_copies_of_standard_documents(corpus: Path, tmp_path: Path) -> None:
    """A pinned standard document is parsed once; its copy gives the same data and the same lines, a
    damaged copy is ignored, other bytes are never cached."""
    from cgcomply.oas.parse import parse_bytes
    from cgcomply.standards.store import ParsedCache

    path = _std_path(corpus, "zgw-notificaties@1.0.0")
    data = path.read_bytes()
    sha = load_registry().get("zgw-notificaties@1.0.0").canonical.sha256
    cache = ParsedCache({sha}, tmp_path)
    first = cache(data, "std")
    (copy,) = list(tmp_path.glob("*.marshal"))
    again = cache(data, "std")
    plain = parse_bytes(data, "std")
    assert again.data == first.data == plain.data
    for tokens in (["paths", "/kanaal", "get"], ["components", "schemas", "Kanaal", "properties", "naam"]):
        assert again.locator.locate(tokens) == plain.locator.locate(tokens) is not None
    copy.write_bytes(b"not marshal")
    assert cache(data, "std").data == plain.data
    other = data + b"\n# other bytes\n"
    cache(other, "impl")
    assert len(list(tmp_path.glob("*.marshal"))) == 1


# ---------------------------------------------------------------------------------------- variants


def test_variants_of_one_version_differ(corpus: Path) -> None:
    """Zaken 1.5.1: the tag file against the GEMMA file (the registry's canonical one)."""
    tag = _std_path(corpus, "zgw-zaken@1.5.1", "zaken-api-tag")
    report = conform_document(str(tag), "zgw-zaken@1.5.1", standards_dir=corpus)
    assert report.variant == "gemma-zaken"
    assert report.document_sha256.startswith("132eaa29")
    assert report.verdict == "voldoet niet"
    found = _codes(report)
    # the GEMMA file is the "Met expand mechanisme" one: _expand in the responses (research/standards.md 1.1)
    assert ("response-property-missing", "GET /zaken 200 application/json:results[]") in found
    text = {d.text("en") for d in report.differences}
    assert any("archiefactiedatum__isnull: type string instead of boolean" in t for t in text)
    # the tag's malformed ordering enum (a list inside the list, research 1.4 item 2) accepts none of the values
    assert any(
        code == "parameter-enum-value-removed" and where.startswith("GET /zaken ?ordering")
        for code, where in found
    )
    # and the other way round
    gemma = _std_path(corpus, "zgw-zaken@1.5.1")
    back = conform_document(str(gemma), "zgw-zaken@1.5.1", variant="zaken-api-tag", standards_dir=corpus)
    assert back.variant == "zaken-api-tag" and back.differences


# ---------------------------------------------------------------------------------------- real pairs

PAIRS = [
    ("open-zaak-1.30.0-autorisaties.yaml", "zgw-autorisaties@1.0.0"),
    ("open-zaak-1.30.0-catalogi.yaml", "zgw-catalogi@1.3.1"),
    ("open-zaak-1.30.0-documenten.yaml", "zgw-documenten@1.4.2"),
    ("open-notificaties-1.16.1.yaml", "zgw-notificaties@1.0.0"),
]


@pytest.mark.parametrize(("impl", "ident"), PAIRS)
def test_real_pair_confirmed_errors(corpus: Path, impl: str, ident: str) -> None:
    """Every error below was read by hand in both documents (see the note); a new or lost error fails."""
    report = conform_document(str(corpus / "impl" / impl), ident, standards_dir=corpus)
    pinned = json.loads((FIXTURES / f"{impl}.errors.json").read_text(encoding="utf-8"))
    errors = sorted(
        [d.code, d.where, d.std.pointer if d.std else None, d.impl.pointer if d.impl else None]
        for d in report.differences
        if d.severity == "error"
    )
    assert errors == sorted(pinned["errors"])
    assert report.verdict == "voldoet niet"
    for d in report.differences:  # every difference names its place, with a line, in both documents
        if d.std is not None:
            assert d.std_line, d
        if d.impl is not None:
            assert d.impl_line, d


def test_cli_conform_offline_json(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        main,
        [
            "conform",
            str(corpus / "impl" / "open-notificaties-1.16.1.yaml"),
            "--standard",
            "zgw-notificaties@1.0.0",
            "--standards-dir",
            str(corpus),
            "--format",
            "json",
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text())
    assert data["standard"]["document"]["sha256"].startswith("ff27778d")
    assert data["standard"]["variant"] == "notificaties-api-tag"
    assert data["verdict"] == "voldoet niet"
    first = data["differences"][0]
    assert first["standard"]["line"] and first["code"] and first["message"]
    result = CliRunner().invoke(
        main, ["conform", "nope.yaml", "--standard", "zgw-zaken@1.5.1", "--standards-dir", str(corpus)]
    )
    assert result.exit_code == 2 and "nope.yaml" in result.output
    result = CliRunner().invoke(
        main, ["conform", str(out), "--standard", "zgw-zaken@8.8.8", "--standards-dir", str(corpus)]
    )
    assert result.exit_code == 2 and "bekende versies" in result.output
