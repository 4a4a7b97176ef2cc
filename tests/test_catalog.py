"""The packaged requirement catalogue and profiles: content, model, hash and name resolution."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from cgcomply.catalog import load_catalog, load_profile, packaged_profiles
from cgcomply.catalog.checkids import KNOWN_ADR_RULES, LIVE_CHECKS, STATIC_CHECKS
from cgcomply.catalog.hashing import content_sha256
from cgcomply.cli import main
from cgcomply.resources import profiles_dir, requirements_dir

FIXTURES = Path(__file__).parent / "fixtures" / "catalog"
ID_PATTERN = re.compile(r"^CG-(DATA|API|STD)-\d{2}$")


def test_catalogue_has_at_least_twenty_requirements_over_three_themes():
    catalog = load_catalog()
    counts = catalog.counts()
    assert len(catalog) >= 20
    assert all(counts[theme]["total"] >= 5 for theme in ("data", "api", "standards"))
    assert all(ID_PATTERN.match(requirement.id) for requirement in catalog)
    assert sum(count["automated"] for count in counts.values()) >= 5


def test_every_record_is_complete_and_consistent():
    for requirement in load_catalog():
        assert requirement.title_nl and requirement.title_en
        assert requirement.default_form in requirement.forms_allowed
        assert set(requirement.clauses) == set(requirement.forms_allowed), requirement.id
        assert requirement.evidence, requirement.id
        for check in requirement.verification.checks:
            assert check in STATIC_CHECKS | LIVE_CHECKS, (requirement.id, check)
        for rule in requirement.verification.adr_rules + requirement.anchors.adr_rules:
            assert rule in KNOWN_ADR_RULES, (requirement.id, rule)
        assert Path(requirement.source).stem == requirement.id
        mode = requirement.verification_mode
        if mode == "automated":
            assert requirement.verification.manual is None and requirement.verification.checks
        elif mode == "manual":
            assert not requirement.verification.checks and requirement.verification.manual_nl
        else:
            assert requirement.verification.checks and requirement.verification.manual_en


def test_clauses_name_standards_with_or_equivalent():
    """A clause that names the ADR or another listed standard says 'of gelijkwaardig' / 'or equivalent'."""
    for requirement in load_catalog():
        if not requirement.anchors.forum_standaardisatie:
            continue
        for form, clause in requirement.clauses.items():
            if form == "kwaliteitsvraag":
                continue
            assert "gelijkwaardig" in clause.nl, (requirement.id, form)
            assert "equivalent" in clause.en, (requirement.id, form)


def test_verification_mode_property():
    catalog = load_catalog()
    assert catalog.get("CG-API-03").verification_mode == "automated"
    assert catalog.get("CG-API-10").verification_mode == "partial"
    assert catalog.get("CG-DATA-04").verification_mode == "manual"
    assert catalog.get("cg-api-03") is catalog.get("CG-API-03")


def test_load_catalog_is_cached():
    assert load_catalog() is load_catalog()


def test_cg_basis_is_the_agreed_baseline():
    profile = load_profile(profiles_dir() / "cg-basis.yaml")
    ids = [item.id for item in profile.items]
    assert ids == [
        "CG-DATA-01",
        "CG-DATA-02",
        "CG-API-01",
        "CG-API-02",
        "CG-API-03",
        "CG-API-05",
        "CG-API-06",
    ]
    assert profile.adr_version == "2.2.0"
    assert profile.probe == {"cors_open_api": False, "cors_allowed_origins": []}
    checks = {check for item in profile.items for check in item.requirement.verification.checks}
    expected = {
        "probe.publish-openapi", "adr.openapi-version", "adr.oas-schema", "adr.refs-resolve",
        "adr.uri-version", "adr.version-header", "adr.semver", "probe.version-header", "probe.uri-version",
        "adr.problem-details", "adr.invalid-input", "probe.problem-details", "probe.invalid-input",
        "probe.no-trailing-slash", "probe.tls", "probe.security-headers", "probe.cors",
    }  # fmt: skip
    assert expected <= checks
    # The machine-verified requirements are fully automated; the organisational one is manual.
    modes = {item.id: item.requirement.verification_mode for item in profile.items}
    assert modes.pop("CG-DATA-02") == "manual"
    assert set(modes.values()) == {"automated"}
    assert all(item.form == "eis" for item in profile.items)
    assert re.fullmatch(r"[0-9a-f]{64}", profile.sha256)
    assert profile.hash_label == f"sha256:{profile.sha256}"


def test_zaakgericht_profile_has_award_criteria_and_parameters():
    profile = load_profile("cg-zaakgericht")
    assert len(profile.items) >= 20
    assert {item.form for item in profile.items} == {
        "eis",
        "wens",
        "kwaliteitsvraag",
        "uitvoeringsvoorwaarde",
    }
    assert profile.total_points == sum(item.points for item in profile.scored_items)
    export = next(item for item in profile.items if item.id == "CG-DATA-03")
    assert "binnen 10 werkdagen" in export.clause("nl")
    assert "within 10 working days" in export.clause("en")
    assert profile.probe["cors_allowed_origins"] == ["https://zaken.voorbeeldstad.example"]
    assert profile.municipality == "Gemeente Voorbeeldstad"


def test_packaged_profile_name_resolves_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert {"cg-basis", "cg-zaakgericht"} <= set(packaged_profiles())
    assert load_profile("cg-basis").source.endswith("cg-basis.yaml")
    result = CliRunner().invoke(main, ["tender", "cg-basis", "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"]["id"] == "cg-basis"


def test_clause_placeholders_are_filled_from_the_profile():
    profile = load_profile(FIXTURES / "valid-minimal.yaml")
    assert profile.adr_version == "2.1.0"  # "2.1" normalised
    clause = profile.items[0].clause("nl")
    assert "versie 2.1.0" in clause and "{{" not in clause
    assert profile.items[0].form == "eis"  # the default form
    assert profile.base_url == "https://api.test.example/v1"


def test_profile_hash_ignores_comments_order_and_quoting(tmp_path):
    original = load_profile(FIXTURES / "valid-minimal.yaml")
    reformatted = tmp_path / "valid-minimal.yaml"
    reformatted.write_text(
        "# another comment\n"
        "requirements: [{id: CG-API-03}]\n"
        "base_url: 'https://api.test.example/v1'\n"
        "municipality: Gemeente Test\n"
        "tender:\n  name: Testaanbesteding\n"
        'adr_version: "2.1"\n'
        "title:\n  en: Minimal\n  nl: Minimaal\n"
        "version: 0.1.0\nid: valid-minimal\n",
        encoding="utf-8",
    )
    assert load_profile(reformatted).sha256 == original.sha256
    changed = tmp_path / "changed.yaml"
    changed.write_text(reformatted.read_text("utf-8").replace("Gemeente Test", "Gemeente Anders"), "utf-8")
    assert load_profile(changed).sha256 != original.sha256
    assert original.sha256 == content_sha256(original.canonical)


def test_profile_with_own_catalog(tmp_path):
    folder = tmp_path / "catalog"
    folder.mkdir()
    source = requirements_dir() / "catalog" / "CG-API-03.yaml"
    (folder / "CG-API-03.yaml").write_text(source.read_text("utf-8"), "utf-8")
    catalog = load_catalog(folder)
    assert list(catalog.requirements) == ["CG-API-03"]
    profile = load_profile(FIXTURES / "valid-minimal.yaml", catalog=catalog)
    assert profile.items[0].requirement is catalog.get("CG-API-03")


def test_requirements_cli_list_and_show():
    runner = CliRunner()
    listed = runner.invoke(main, ["requirements", "list", "--format", "json"])
    assert listed.exit_code == 0
    records = json.loads(listed.stdout)
    assert len(records) == len(load_catalog())
    api = runner.invoke(main, ["requirements", "list", "--theme", "api", "--format", "json"])
    assert {record["theme"] for record in json.loads(api.stdout)} == {"api"}
    table = runner.invoke(main, ["requirements", "list"])
    assert table.exit_code == 0 and "CG-STD-01" in table.stdout
    shown = runner.invoke(main, ["requirements", "show", "CG-API-05", "--format", "json"])
    record = json.loads(shown.stdout)
    assert record["verification"]["checks"] == [
        "adr.problem-details", "adr.invalid-input", "probe.problem-details", "probe.invalid-input"
    ]  # fmt: skip
    english = runner.invoke(main, ["requirements", "show", "CG-API-05", "--lang", "en"])
    assert english.exit_code == 0 and "problem details" in english.stdout
    unknown = runner.invoke(main, ["requirements", "show", "CG-API-77"])
    assert unknown.exit_code == 2
    assert "onbekende eis 'CG-API-77'" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_profile_cli_validate_and_show():
    runner = CliRunner()
    profile = load_profile("cg-basis")
    valid = runner.invoke(main, ["profile", "validate", str(profiles_dir() / "cg-basis.yaml")])
    assert valid.exit_code == 0
    assert profile.hash_label in valid.stdout.splitlines()
    shown = runner.invoke(main, ["profile", "show", "cg-zaakgericht"])
    assert shown.exit_code == 0 and "CG-DATA-08" in shown.stdout
    assert load_profile("cg-zaakgericht").hash_label in shown.stdout
    as_json = runner.invoke(main, ["profile", "show", "cg-basis", "--format", "json"])
    assert json.loads(as_json.stdout)["profile"]["sha256"] == profile.sha256
