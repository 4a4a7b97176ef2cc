"""Our verdicts against the official Spectral rulesets, per (document, ADR rule), on the whole corpus.

For every expected output in ``corpus/expected/adr-2.{1,2}`` and every official test case in
``corpus/adr-tests/{2.1,2.2}``, the Spectral diagnostics are mapped to our checks (the table lives in the
check records, see ``cgcomply.checks.spectral``); a check fails officially when at least one diagnostic is
mapped to it. Our lint runs with the same ADR version, remote ``$ref``s mapped to ``corpus/oas-refs``.
Every difference must be a documented deviation in ``tests/fixtures/checks/deviations.yaml`` (and
``docs/deviations.md``), and every documented deviation must still occur. Documents are discovered from
the folders, so a document added to the corpus needs no code change.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import yaml
from tests.conftest import CORPUS_DIR, corpus_path

from cgcomply.checks import spectral
from cgcomply.errors import DocumentError
from cgcomply.linting import lint_loaded
from cgcomply.oas import LoadOptions, load_document
from cgcomply.oas.pointer import split
from cgcomply.results import Status

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
REPO_ROOT = Path(__file__).parent.parent
DEVIATIONS_FILE = FIXTURES / "deviations.yaml"
RULESETS = {"adr-2.1": "2.1.0", "adr-2.2": "2.2.0"}
TEST_SUITES = {"2.1": "2.1.0", "2.2": "2.2.0"}


def _expected_outputs() -> list[tuple[str, str]]:
    """(ruleset, corpus-relative document) for each expected Spectral output in the corpus."""
    found = []
    for folder, ruleset in RULESETS.items():
        directory = CORPUS_DIR / "expected" / folder
        if directory.is_dir():
            found += [
                (ruleset, f"oas/{path.name.removesuffix('.json')}")
                for path in sorted(directory.glob("*.json"))
            ]
    return found or [("none", "none")]


def _test_cases() -> list[tuple[str, str]]:
    found = []
    for folder, ruleset in TEST_SUITES.items():
        directory = CORPUS_DIR / "adr-tests" / folder
        if directory.is_dir():
            found += [
                (ruleset, f"adr-tests/{folder}/{case.name}")
                for case in sorted(directory.iterdir())
                if (case / "expected-output.txt").is_file()
            ]
    return found or [("none", "none")]


def _fixture_outputs() -> list[tuple[str, str]]:
    """(ruleset, repo-relative document) for our fixtures that Spectral was run on (tests/fixtures/checks)."""
    found = []
    for ruleset in RULESETS.values():
        for path in sorted((FIXTURES / f"spectral-{ruleset}").glob("*.json")):
            found.append((ruleset, f"tests/fixtures/checks/{path.name}"))
    return found


@cache
def deviations() -> dict[tuple[str, str, str], dict]:
    data = yaml.safe_load(DEVIATIONS_FILE.read_text("utf-8"))
    reasons = data["reasons"]
    table = {}
    for case in data["cases"]:
        assert case["reason"] in reasons, f"unknown reason {case['reason']!r} in {DEVIATIONS_FILE}"
        table[(case["document"], str(case["ruleset"]), case["check"])] = case
    return table


def _load_options() -> LoadOptions:
    refs = corpus_path("oas-refs")
    return LoadOptions(
        ref_maps=(
            ("https://raw.githubusercontent.com/", refs / "raw.githubusercontent.com"),
            ("http://schemas.opengis.net/", refs / "schemas.opengis.net"),
        )
    )


@cache
def our_results(document: str, ruleset: str) -> dict[str, object] | None:
    """Check id -> result; None when the document does not load as an API description at all."""
    path = REPO_ROOT / document if document.startswith("tests/") else CORPUS_DIR / document
    if path.is_dir():
        path = path / "openapi.json"
    try:
        loaded = load_document(str(path), _load_options())
    except DocumentError:
        return None
    return {result.id: result for result in lint_loaded(loaded, ruleset)}


def _our_verdict(results: dict | None, check_id: str) -> str:
    if results is None:  # not an API description: the document fails /core/doc-openapi, nothing else runs
        return "fail" if check_id == "adr.openapi-version" else "pass"
    result = results.get(check_id)
    assert result is None or result.status is not Status.ERROR, f"{check_id} could not run: {result.reason}"
    return "fail" if result is not None and result.status is Status.FAIL else "pass"


def _compare(document: str, ruleset: str, diagnostics: list[spectral.Diagnostic]) -> list[str]:
    unmapped = spectral.unmapped_codes(diagnostics, ruleset)
    assert not unmapped, f"{document}: Spectral codes with no mapping decision: {sorted(unmapped)}"
    official = spectral.official_verdicts(diagnostics, ruleset)
    results = our_results(document, ruleset)
    problems = []
    for check_id, mapped in official.items():
        theirs = "fail" if mapped else "pass"
        ours = _our_verdict(results, check_id)
        documented = deviations().get((document, ruleset, check_id))
        if theirs == ours:
            if documented:
                problems.append(f"{check_id}: documented deviation no longer occurs (both {ours})")
            continue
        if documented and (documented["official"], documented["ours"]) == (theirs, ours):
            continue
        detail = mapped[0].message if mapped else _first_finding(results, check_id)
        problems.append(f"{check_id}: official {theirs}, ours {ours} ({detail})")
    return problems


def _first_finding(results: dict | None, check_id: str) -> str:
    result = (results or {}).get(check_id)
    return str(result.findings[0].message) if result is not None and result.findings else ""


@pytest.mark.parametrize(("ruleset", "document"), _expected_outputs())
def test_corpus_document_agrees_with_official_ruleset(ruleset: str, document: str) -> None:
    if ruleset == "none":
        corpus_path("expected")
        pytest.skip("no expected outputs in the corpus")
    folder = next(name for name, version in RULESETS.items() if version == ruleset)
    expected = corpus_path("expected", folder, Path(document).name + ".json")
    diagnostics = spectral.from_json(json.loads(expected.read_text("utf-8")))
    assert _compare(document, ruleset, diagnostics) == []


@pytest.mark.parametrize(("ruleset", "case"), _test_cases())
def test_official_test_case(ruleset: str, case: str) -> None:
    """Same verdict per check, and the same JSON paths where both fail (unless a documented deviation)."""
    if ruleset == "none":
        corpus_path("adr-tests")
        pytest.skip("no official test cases in the corpus")
    diagnostics = spectral.from_stylish(corpus_path(case, "expected-output.txt").read_text("utf-8"))
    problems = _compare(case, ruleset, diagnostics)
    results = our_results(case, ruleset) or {}
    for check_id, mapped in spectral.official_verdicts(diagnostics, ruleset).items():
        result = results.get(check_id)
        if not mapped or result is None or result.status is not Status.FAIL:
            continue
        theirs = {d.path for d in mapped}
        ours = {tuple(split(f.pointer or "")) for f in result.findings if f.file is None}
        if theirs != ours:
            problems.append(f"{check_id}: official paths {sorted(theirs)} != ours {sorted(ours)}")
    assert problems == []


@pytest.mark.parametrize(("ruleset", "document"), _fixture_outputs())
def test_fixture_agrees_with_official_ruleset(ruleset: str, document: str) -> None:
    """Our fixtures, each showing one defect of the official ruleset, with Spectral's real output."""
    expected = FIXTURES / f"spectral-{ruleset}" / Path(document).name
    diagnostics = spectral.from_json(json.loads(expected.read_text("utf-8")))
    assert _compare(document, ruleset, diagnostics) == []


def test_every_deviation_names_a_compared_document() -> None:
    corpus_path("expected")
    known = {
        (ruleset, document) for ruleset, document in _expected_outputs() + _test_cases() + _fixture_outputs()
    }
    for document, ruleset, check_id in deviations():
        assert (ruleset, document) in known, (
            f"deviation for {document} ({ruleset}) matches no compared document"
        )
        assert check_id in spectral.compared_checks(ruleset), f"{check_id} is not compared for {ruleset}"


def test_stylish_parser_reads_paths_with_dots_and_brackets() -> None:
    text = (
        ' 62:50  error  nlgov:problem-schema-members  "properties" property must have required property '
        '"detail". These fields are required: status, title and detail.  '
        "paths./openapi.json.get.responses[404].content.application/problem+json.schema.properties\n"
        ' 1:1  error  oas3-api-servers  OpenAPI "servers" must be present and non-empty array.\n'
    )
    first, second = spectral.from_stylish(text)
    assert first.code == "nlgov:problem-schema-members"
    assert first.path == (
        "paths",
        "/openapi.json",
        "get",
        "responses",
        "404",
        "content",
        "application/problem+json",
        "schema",
        "properties",
    )
    assert second.path == ()
    assert second.severity == 0


# Where both fail, our findings include every place the official ruleset reports, except for these checks:
# adr.openapi-version points at `swagger` where Spectral points at the root; adr.date-omit-time-portion
# leaves out names that also say time (docs/deviations.md, "startDateTime"); adr.invalid-input leaves out
# operations whose only input is a path or header parameter, adr.date-time-format date-like names whose
# schema is no string (docs/deviations.md, "Path and header parameters alone", "not a string").
PATHS_DIFFER = {
    "adr.openapi-version",
    "adr.date-omit-time-portion",
    "adr.invalid-input",
    "adr.date-time-format",
}


@pytest.mark.parametrize(("ruleset", "document"), _expected_outputs())
def test_corpus_findings_cover_the_official_places(ruleset: str, document: str) -> None:
    if ruleset == "none":
        corpus_path("expected")
        pytest.skip("no expected outputs in the corpus")
    folder = next(name for name, version in RULESETS.items() if version == ruleset)
    expected = corpus_path("expected", folder, Path(document).name + ".json")
    diagnostics = spectral.from_json(json.loads(expected.read_text("utf-8")))
    results = our_results(document, ruleset) or {}
    missing = {}
    for check_id, mapped in spectral.official_verdicts(diagnostics, ruleset).items():
        result = results.get(check_id)
        if check_id in PATHS_DIFFER or not mapped or result is None or result.status is not Status.FAIL:
            continue
        ours = {tuple(split(f.pointer or "")) for f in result.findings if f.file is None}
        lost = {d.path for d in mapped} - ours
        if lost:
            missing[check_id] = sorted(lost)[:3]
    assert missing == {}
