"""The loader and resolver on the real documents of the shared corpus (skipped when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import corpus_path

from cgcomply.errors import DocumentError
from cgcomply.oas import LoadOptions, load_document

# roots of the multi-file trees in corpus/oas-multifile/ (see its SOURCES.tsv and research/corpus.md)
MULTIFILE_ROOTS = [
    "BRP-API__Haal-Centraal-BRP-bevragen/specificatie/openapi.yaml",
    "BRP-API__Haal-Centraal-BRP-bevragen/specificatie/openapi-v1.yaml",
    "BRP-API__Haal-Centraal-BRP-bevragen/specificatie/referentie-data-api/openapi.yaml",
    "BRP-API__Haal-Centraal-BRP-bevragen/specificatie/referentie-gezag-api/openapi-v2.yaml",
    "BRP-API__Haal-Centraal-BRP-bevragen/specificatie/referentie-informatie-api/openapi.yaml",
    "BRP-API__Haal-Centraal-Reisdocumenten-bevragen/specificatie/openapi.yaml",
    "VNG-Realisatie__Haal-Centraal-BRK-bevragen/specificatie/openapi.yaml",
    "VNG-Realisatie__Regels-bij-activiteiten/specificatie/openapi.yaml",
    "VNG-Realisatie__gemma-zaken/docs/standaard/zaken/zrc/1.7.x/1.7.0/openapi.yaml",
    "VNG-Realisatie__gemma-zaken/docs/standaard/zaken/zrc/1.6.x/1.6.0/openapi.yaml",
    "VNG-Realisatie__gemma-zaken/docs/standaard/documenten/drc/1.7.x/1.7.1/openapi.yaml",
    "VNG-Realisatie__gemma-zaken/docs/standaard/besluiten/brc/1.1.0/openapi.yaml",
]
# single documents whose only external refs are URLs (mapped to corpus/oas-refs/)
URL_REF_DOCUMENTS = [
    "VNG-Realisatie__klantinteracties__klantinteracties-openapi.yaml",
    "VNG-Realisatie__Haal-Centraal-BAG-bevragen__openapi.yaml",
    "VNG-Realisatie__Voertuigen-API-specificatie__openapi.yaml",
    "JohanBoer__Waterkwaliteit__openapi.yaml",
    "open-zaak__open-zaak__documenten-openapi.yaml",
]
NOT_OPENAPI = {
    "VNG-Realisatie__Voertuigen-API-specificatie__genereervariant-openapi-EMPTY.yaml": "the file is empty",
    "VNG-Realisatie__Regels-bij-activiteiten__openapi_draft04.json": "this is a JSON Schema",
}
SWAGGER = {
    "VNG-Realisatie__autorisaties-api__ac-swagger2.0.json",
    "VNG-Realisatie__besluiten-api__brc-swagger2.0.json",
}


def ref_map_options() -> LoadOptions:
    refs = corpus_path("oas-refs")
    return LoadOptions(
        ref_maps=(
            ("https://raw.githubusercontent.com/", refs / "raw.githubusercontent.com"),
            ("http://schemas.opengis.net/", refs / "schemas.opengis.net"),
        )
    )


def corpus_documents() -> list[str]:
    folder = corpus_path("oas")
    return sorted(path.name for path in folder.iterdir() if path.name != "SOURCES.tsv")


def test_every_corpus_document_loads_or_says_why():
    names = corpus_documents()
    assert len(names) >= 40
    for name in names:
        path = corpus_path("oas", name)
        if name in NOT_OPENAPI:
            with pytest.raises(DocumentError, match=NOT_OPENAPI[name]) as info:
                load_document(path)
            assert info.value.source == str(path)
            continue
        doc = load_document(path)
        expected = "swagger-2.0" if name in SWAGGER else ("openapi-3.0", "openapi-3.1")
        assert doc.kind in expected, name
        assert isinstance(doc.data.get("paths", {}), dict), name
        for item in doc.data.get("paths", {}).values():
            for operation in item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    assert all(isinstance(code, str) for code in operation["responses"]), name


def test_integer_response_codes_become_strings_and_keep_their_line():
    doc = load_document(corpus_path("oas", "VNG-Realisatie__klantinteracties__klantinteracties-openapi.yaml"))
    responses = doc.data["paths"]["/_corrigeer_interne_taak"]["post"]["responses"]
    assert "200" in responses
    assert doc.locate("/paths/~1_corrigeer_interne_taak/post/responses/200") == (50, 9)


@pytest.mark.parametrize("name", URL_REF_DOCUMENTS)
def test_url_refs_resolve_offline_through_ref_maps(name):
    doc = load_document(corpus_path("oas", name), ref_map_options())
    assert doc.ref_problems() == []
    assert any(file.startswith(("https://", "http://")) for file in doc.files)


def test_url_refs_without_map_or_allow_list_are_problems_not_fetches():
    doc = load_document(corpus_path("oas", "VNG-Realisatie__Haal-Centraal-BAG-bevragen__openapi.yaml"))
    problems = doc.ref_problems()
    assert problems
    assert all("remote host not allowed" in problem.reason for problem in problems)
    assert all(problem.line is not None for problem in problems)
    assert doc.files == [doc.source]


@pytest.mark.parametrize("root", MULTIFILE_ROOTS)
def test_multifile_roots_resolve_completely(root):
    doc = load_document(corpus_path("oas-multifile", root), ref_map_options())
    assert doc.kind in ("openapi-3.0", "openapi-3.1")
    assert doc.ref_problems() == []
    assert len(doc.files) > 1


def test_brp_personen_resolves_into_its_files_with_lines():
    root = corpus_path("oas-multifile", "BRP-API__Haal-Centraal-BRP-bevragen/specificatie/openapi.yaml")
    doc = load_document(root, ref_map_options())
    operation = doc.data["paths"]["/personen"]["post"]
    schema = operation["responses"]["200"]["content"]["application/json; charset=utf-8"]["schema"]
    target = doc.deref(schema)
    assert (target.file, target.pointer) == (
        "personen-query-response-v2.yaml",
        "/components/schemas/PersonenQueryResponse",
    )
    assert doc.locate(target.pointer, target.file) == (9, 5)
    assert doc.locate("/paths/~1personen/post/responses/400/$ref") == (60, 11)
    assert len(doc.files) == 2  # files are loaded when a $ref first needs them
    assert doc.ref_problems() == []
    assert len(doc.files) == 16


def test_gemma_zaken_cross_standard_refs_leave_the_folder():
    root = corpus_path(
        "oas-multifile", "VNG-Realisatie__gemma-zaken/docs/standaard/zaken/zrc/1.7.x/1.7.0/openapi.yaml"
    )
    doc = load_document(root)
    assert doc.ref_problems() == []
    assert "../../../../catalogi/ztc/1.3.x/1.3.2/openapi.yaml" in doc.files


def test_broken_cross_refs_in_a_real_tree_are_reported_at_their_line():
    root = corpus_path(
        "oas-multifile",
        "VNG-Realisatie__gemma-zaken/docs/standaard/zaken/zrc/1.6.x/1.6.0/openapi_no_recursion.yaml",
    )
    problems = load_document(root).ref_problems()
    assert problems
    first = problems[0]
    assert first.ref.startswith("../../../ztc/1.3.x/1.3.2/openapi.yaml#")
    assert "file not found" in first.reason
    lines = root.read_text(encoding="utf-8").splitlines()
    assert "$ref" in lines[first.line - 1]


def _schemas_on_cycles(doc) -> int:
    """How many component schemas can reach themselves through $refs (computed with resolve())."""
    schemas = doc.data["components"]["schemas"]
    prefix = "/components/schemas/"
    graph: dict[str, set[str]] = {}
    for name, schema in schemas.items():
        targets: set[str] = set()
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str):
                    resolved = doc.resolve(ref)
                    if resolved.file == doc.source and resolved.pointer.startswith(prefix):
                        targets.add(resolved.pointer[len(prefix) :])
                stack.extend(value for value in node.values() if isinstance(value, dict | list))
            elif isinstance(node, list):
                stack.extend(node)
        graph[name] = targets
    count = 0
    for name in graph:
        seen: set[str] = set()
        stack = list(graph[name])
        while stack:
            current = stack.pop()
            if current == name:
                count += 1
                break
            if current not in seen:
                seen.add(current)
                stack.extend(graph.get(current, ()))
    return count


def test_ref_cycles_in_ztc_and_zrc_terminate_and_match_the_research_counts():
    ztc = load_document(
        corpus_path(
            "oas-multifile",
            "VNG-Realisatie__gemma-zaken/docs/standaard/catalogi/ztc/1.4.x/1.4.0/openapi.yaml",
        )
    )
    assert ztc.ref_problems() == []
    assert _schemas_on_cycles(ztc) == 18
    zrc = load_document(
        corpus_path(
            "oas-multifile", "VNG-Realisatie__gemma-zaken/docs/standaard/zaken/zrc/1.7.x/1.7.0/openapi.yaml"
        )
    )
    assert _schemas_on_cycles(zrc) == 14
    for schema in ztc.data["components"]["schemas"].values():
        ztc.deref(schema)


def test_json_locate_on_a_real_document():
    doc = load_document(corpus_path("oas", "developer-overheid-nl__don-api-register__openapi.json"))
    assert doc.locate("/paths") == (46, 3)
    assert doc.locate("/paths/~1apis") == (47, 5)
    assert doc.locate("/paths/~1apis~1{id}/parameters/0") == (454, 9)
    assert doc.locate("/components/schemas/Contact") == (999, 7)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "github-api.github.com-octokit-openapi-23.0.2.json",
        "stripe-spec3-2022-04-12.json",
        "stripe-spec3-2023-09-12.yaml",
        "kubernetes-client__python__swagger-2018-10-15.json",
        "discord__discord-api-spec__openapi.json",
    ],
)
def test_large_documents_load_and_resolve(name):
    path: Path = corpus_path("oas-large", name)
    doc = load_document(path)
    assert doc.kind in ("openapi-3.0", "openapi-3.1", "swagger-2.0")
    assert doc.ref_problems() == []
    first_path = next(iter(doc.data["paths"]))
    line, _ = doc.locate("/paths/" + first_path.replace("~", "~0").replace("/", "~1"))
    text_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert first_path in text_line


def test_locate_gives_the_line_the_official_linter_reports():
    """Every diagnostic of the official ruleset (corpus/expected/adr-2.2) is on the line locate() gives.

    Columns differ on purpose: we point at the key, Spectral at the value after it.
    """
    import json

    from cgcomply.oas import pointer

    expected = corpus_path("expected", "adr-2.2")
    compared = 0
    for result in sorted(expected.glob("*.json")):
        name = result.name.removesuffix(".json")
        if name in NOT_OPENAPI:
            continue
        doc = load_document(corpus_path("oas", name))
        for diagnostic in json.loads(result.read_text(encoding="utf-8")):
            if diagnostic.get("source", name) != name:
                continue
            position = doc.locate(pointer.join(diagnostic["path"]))
            assert position is not None, (name, diagnostic["path"])
            assert position[0] == diagnostic["range"]["start"]["line"] + 1, (name, diagnostic["path"])
            compared += 1
    assert compared > 1000


def test_components_only_fragment_loads_with_kind_unknown():
    doc = load_document(
        corpus_path("oas-multifile", "VNG-Realisatie__Regels-bij-activiteiten/specificatie/openapi.json")
    )
    assert (doc.kind, doc.version) == ("unknown", "")
