"""The requirement families per standard family (CG-STD-10 … CG-STD-13): each names its standards as the
registry does (exact version, pinned document, sha256), in both languages; the bundled profile uses them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cgcomply.catalog.loader import load_catalog
from cgcomply.catalog.profiles import load_profile
from cgcomply.cli import main
from cgcomply.standards.clauses import standards_text
from cgcomply.standards.registry import load_registry
from cgcomply.standards.verifying import standards_named

FAMILIES = {"CG-STD-11": "zgw", "CG-STD-12": "haal-centraal", "CG-STD-13": "common-ground"}


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("requirement_id", ["CG-STD-10", *FAMILIES])
def test_default_names_exactly_the_registry_documents(requirement_id: str) -> None:
    requirement = load_catalog().get(requirement_id)
    default = requirement.parameters["standards"].default
    ids = standards_named(default.nl)
    assert ids and standards_named(default.en) == ids
    expected = standards_text(ids)
    assert _squash(default.nl) == _squash(expected.nl)
    assert _squash(default.en) == _squash(expected.en)
    registry = load_registry()
    family = FAMILIES.get(requirement_id)
    for ident in ids:
        version = registry.get(ident)
        assert family is None or version.family == family, (requirement_id, ident)
    assert requirement.verification.checks == ()  # verified through conform by verify, the rest by hand
    assert requirement.verification.manual is not None


def test_zaakgericht_profile_uses_the_zgw_family() -> None:
    profile = load_profile("cg-zaakgericht")
    item = next(i for i in profile.items if i.id == "CG-STD-11")
    assert standards_named(item.parameters["standards"].nl) == [
        "zgw-zaken@1.5.1",
        "zgw-documenten@1.4.2",
        "zgw-catalogi@1.3.1",
        "zgw-besluiten@1.1.0",
        "zgw-autorisaties@1.0.0",
        "zgw-notificaties@1.0.0",
    ]
    clause = item.clause("nl")
    assert (
        "De Oplossing implementeert als aanbieder van de API's voor Zaakgericht Werken de Zaken API (ZGW) versie 1.5.1"
        in clause
    )
    assert load_registry().get("zgw-zaken@1.5.1").canonical.sha256 in item.clause("en")


def test_cli_clause_prints_the_parameter() -> None:
    result = CliRunner().invoke(
        main, ["standards", "clause", "cg-objects@2.7.0", "hc-brp-personen@2.7", "--format", "yaml"]
    )
    assert result.exit_code == 0, result.output
    assert "Objects API (Common Ground) versie 2.7.0 (cg-objects@2.7.0" in result.output
    bad = CliRunner().invoke(main, ["standards", "clause", "zgw-zaken@9.9.9"])
    assert bad.exit_code == 2 and "bekende versies" in bad.output


def test_list_shows_every_family_with_versions_and_status() -> None:
    result = CliRunner().invoke(main, ["standards", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    rows = rows["standards"] if isinstance(rows, dict) else rows
    families = {row["family"] for row in rows}
    assert {"zgw", "haal-centraal", "common-ground"} <= families
    by_id = {row["id"]: row for row in rows}
    assert by_id["zgw-zaken@1.5.1"]["status"] == "vastgesteld"
    assert by_id["hc-brp-personen@2.7.0"]["status"] == "uitgebracht"
    assert by_id["cg-objects@2.7.0"]["status"] == "vastgesteld"


def test_docs_are_generated_from_the_units() -> None:
    from pathlib import Path

    from cgcomply.standards.views import rules_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "standards.md"
    assert docs.read_text(encoding="utf-8") == rules_markdown(), (
        "regenerate: cgcomply standards rules --format md"
    )
