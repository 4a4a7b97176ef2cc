"""Profile validation that catches an officer's mistakes (issue 13.4) and a hash that binds the requirement
records (issue 9.1): every error of a file at once with its line, dates, placeholders, typed parameters,
award points, format limits, ``--catalog``, ``--strict``, ``profile export``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.catalog import (
    ProfileErrors,
    check_profile,
    dump_profile_yaml,
    load_catalog,
    load_profile,
    parse_profile,
    profile_text,
)
from cgcomply.cli import main
from cgcomply.resources import requirements_dir

BASE = """\
id: test-tender
version: 1.0.0
title: {nl: Toets, en: Test}
municipality: Gemeente Toetsstad
tender: {name: Toetsaanbesteding}
adr_version: 2.2.0
award: {quality_points: 15, price_points: 30}
dates:
  publication: "2027-02-01"
  questions_deadline: "2027-02-15"
  submission_deadline: "2027-03-01"
requirements:
  - {id: CG-API-01, form: eis}
  - {id: CG-DATA-04, form: kwaliteitsvraag, points: 15}
  - {id: CG-DATA-03, form: uitvoeringsvoorwaarde, parameters: {export_days: "10"}}
"""


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _lines(check) -> list[str]:
    return [error.render() for error in check.errors]


def test_the_base_profile_is_valid_without_warnings():
    check = check_profile("base.yaml", text=BASE)
    assert check.ok and not check.warnings, _lines(check)
    assert check.profile.award.quality_points == 15 and check.profile.award.price_points == 30


def test_every_error_of_a_file_at_once_each_with_its_line():
    text = (
        BASE.replace('publication: "2027-02-01"', "publication: 2027-13-45")
        .replace("{id: CG-API-01, form: eis}", "{id: CG-API-01, form: kwaliteitsvraag}")
        .replace('export_days: "10"', 'export_days: "tien"')
        .replace("quality_points: 15", "quality_points: 20")
        + "  - {id: CG-NOPE-01}\n"
    )
    check = check_profile("bad.yaml", text=text)
    assert not check.ok and check.profile is None
    lines = _lines(check)
    assert len(lines) == 5, lines
    assert any(
        line.startswith("bad.yaml:9:16: dates.publication:") and "2027-13-45" in line for line in lines
    )
    assert any(line.startswith("bad.yaml:13:") and "allowed forms" in line for line in lines), lines
    assert any(line.startswith("bad.yaml:15:") and "'tien' is not a whole number" in line for line in lines)
    assert any(
        line.startswith("bad.yaml:7:25: award.quality_points:") and "add up to 15" in line for line in lines
    )
    assert any(line.startswith("bad.yaml:16:") and "CG-NOPE-01" in line for line in lines)
    # the lines come in file order, and in Dutch too
    assert [error.line for error in check.errors] == sorted(error.line for error in check.errors)
    assert "is geen geheel getal" in ProfileErrors(check.errors).render_lang("nl")
    with pytest.raises(ProfileErrors) as raised:
        parse_profile(text, "bad.yaml")
    assert len(raised.value.errors) == 5


def test_the_cli_prints_every_error_and_exits_2(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BASE.replace('"2027-02-15"', '"2027-03-20"').replace('"2027-02-01"', '"2027-04-01"'))
    result = _run("profile", "validate", str(path), "--lang", "en")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3, (
        result.stderr
    )  # questions and submission before publication; questions after submission
    assert any(
        "dates.questions_deadline" in line and "must be after submission deadline" not in line
        for line in errors
    )
    assert any(
        "dates.submission_deadline" in line and "must be after questions deadline (2027-03-20)" in line
        for line in errors
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('"2027-03-01"', '"2027-01-15"', "submission deadline (2027-01-15) must be after publication"),
        ('"2027-02-15"', '"2027-03-05"', "submission deadline (2027-03-01) must be after questions deadline"),
        ('"2027-02-01"', '"2027-02-30"', "'2027-02-30' is not a real date"),
        ('export_days: "10"', "export_days: 1000", "1000 is outside the range 1 to 365"),
        ('export_days: "10"', "export_days: 12", None),  # a whole number is fine unquoted
        ('export_days: "10"', 'exit_days: "10"', "CG-DATA-03 has no parameter 'exit_days'"),
        ("points: 15}", "points: 15, parameters: {exit_plan_days: ' 60 '}}", None),
        ("form: eis}", "form: eis, points: 5}", "points only apply to the forms wens and kwaliteitsvraag"),
        ("{name: Toetsaanbesteding}", "{name: " + "x" * 256 + "}", "256 characters, too long: at most 255"),
        ("Gemeente Toetsstad", "G" * 300, "Word core property 'author'"),
    ],
)
def test_single_mistakes(old, new, words):
    assert old in BASE
    check = check_profile("one.yaml", text=BASE.replace(old, new))
    if words is None:
        assert check.ok, _lines(check)
    else:
        assert not check.ok and any(words in line for line in _lines(check)), _lines(check)


def test_placeholders_are_warnings_and_errors_with_strict(tmp_path):
    text = BASE.replace("Gemeente Toetsstad", "'[naam gemeente]'").replace(
        "Toetsaanbesteding", "'Aanbesteding <naam>'"
    )
    check = check_profile("ph.yaml", text=text)
    assert check.ok and len(check.warnings) == 2
    assert check.warnings[0].render().startswith("ph.yaml:4:15: municipality:")
    strict = check_profile("ph.yaml", text=text, strict=True)
    assert not strict.ok and len(strict.errors) == 2
    path = tmp_path / "ph.yaml"
    path.write_text(text, encoding="utf-8")
    target = tmp_path / "pve.md"
    result = _run("tender", str(path), "-o", str(target))
    assert result.exit_code == 0 and "warning: " in result.stderr and "[naam gemeente]" in result.stderr
    strict_run = _run("tender", str(path), "--strict", "-o", str(target))
    assert strict_run.exit_code == 2 and strict_run.stderr.count("fout: ") == 2  # Dutch, the default
    missing = check_profile("nomun.yaml", text=BASE.replace("municipality: Gemeente Toetsstad\n", ""))
    assert missing.ok and "no municipality" in missing.warnings[0].message


def test_tender_name_over_255_characters_is_exit_2_with_a_line(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(BASE.replace("Toetsaanbesteding", "Lang" * 70), encoding="utf-8")
    result = _run("tender", str(path), "--format", "docx", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2
    assert f"{path}:5:16: tender.name: 280 tekens, te lang" in result.stderr  # Dutch, the default
    assert not (tmp_path / "x.docx").exists()


def test_bilingual_parameter_values():
    text = BASE.replace(
        "form: eis}",
        "form: eis}\n  - {id: CG-API-11, parameters: {vng_standards: {nl: de ZGW-API's, en: the ZGW APIs}}}",
    )
    profile = parse_profile(text)
    item = next(item for item in profile.items if item.id == "CG-API-11")
    assert "de ZGW-API's" in item.clause("nl") and "the ZGW APIs" in item.clause("en")
    assert "de ZGW-API's" not in item.clause("en")


def test_dump_profile_yaml_round_trips():
    profile = parse_profile(BASE)
    again = parse_profile(dump_profile_yaml(profile.data), "dumped.yaml")
    assert again.sha256 == profile.sha256


# --------------------------------------------------------------------------- the hash (issue 9.1)


def test_hash_normalises_values():
    profile = parse_profile(BASE)
    assert parse_profile(BASE.replace("adr_version: 2.2.0", "adr_version: 2.2")).sha256 == profile.sha256
    assert parse_profile(BASE.replace("adr_version: 2.2.0", "adr_version: '2.2'")).sha256 == profile.sha256
    assert parse_profile(BASE.replace('export_days: "10"', "export_days: 10")).sha256 == profile.sha256
    # the default form written out is the same profile
    assert (
        parse_profile(BASE.replace("{id: CG-API-01, form: eis}", "{id: CG-API-01}")).sha256 == profile.sha256
    )
    assert parse_profile(BASE.replace('"10"', '"11"')).sha256 != profile.sha256
    assert parse_profile(BASE.replace("adr_version: 2.2.0", "adr_version: 2.1.0")).sha256 != profile.sha256


def _copy_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(requirements_dir() / "catalog", target)
    return target


def test_editing_a_clause_in_a_copied_catalogue_changes_the_hash(tmp_path):
    catalog_dir = _copy_catalog(tmp_path)
    same = load_profile("cg-basis", load_catalog(catalog_dir))
    assert same.sha256 == load_profile("cg-basis").sha256  # a faithful copy hashes the same
    record = catalog_dir / "CG-API-03.yaml"
    record.write_text(
        record.read_text("utf-8").replace("Semantic Versioning", "Semantische versies"), "utf-8"
    )
    edited = load_profile("cg-basis", load_catalog(catalog_dir))
    assert edited.sha256 != same.sha256
    # and on the command line, with --catalog
    plain = _run("profile", "validate", "cg-basis")
    other = _run("profile", "validate", "cg-basis", "--catalog", str(catalog_dir))
    assert plain.exit_code == other.exit_code == 0
    assert same.hash_label in plain.stdout and edited.hash_label in other.stdout


def test_hash_binds_evidence_checks_and_the_catalogue_version(tmp_path):
    catalog_dir = _copy_catalog(tmp_path)
    base = load_profile("cg-basis", load_catalog(catalog_dir)).sha256
    record = catalog_dir / "CG-API-03.yaml"
    original = record.read_text("utf-8")
    record.write_text(original.replace("when: acceptatie", "when: periodiek", 1), "utf-8")
    assert load_profile("cg-basis", load_catalog(catalog_dir)).sha256 != base
    record.write_text(original, "utf-8")
    meta = catalog_dir / "catalog.yaml"
    meta.write_text(meta.read_text("utf-8").replace("version: ", "version: 9"), "utf-8")
    changed = load_profile("cg-basis", load_catalog(catalog_dir))
    assert changed.sha256 != base and changed.catalog_version.startswith("9")
    canonical = changed.canonical
    first = canonical["requirements"][0]
    assert {"id", "version", "texts", "evidence", "checks", "adr_rules", "manual"} <= set(first)
    levels = {check["level"] for entry in canonical["requirements"] for check in entry["checks"]}
    assert levels <= {"must", "should", "not in this ADR version"} and "must" in levels


def test_requirement_versions_are_on_the_profile():
    profile = load_profile("cg-zaakgericht")
    versions = profile.requirement_versions
    assert list(versions) == [item.id for item in profile.items]
    assert all(version.count(".") == 2 for version in versions.values())


def test_tender_and_verify_take_catalog(tmp_path):
    catalog_dir = _copy_catalog(tmp_path)
    record = catalog_dir / "CG-API-03.yaml"
    record.write_text(
        record.read_text("utf-8").replace("Semantic Versioning", "Semantische-versie-eis"), "utf-8"
    )
    result = _run("tender", "cg-basis", "--catalog", str(catalog_dir), "-o", "-")
    assert result.exit_code == 0 and "Semantische-versie-eis" in result.stdout
    missing = _run("verify", "--profile", "cg-basis", "--catalog", str(tmp_path / "nope"), "--oas", "x.json")
    assert missing.exit_code == 2 and "map van de eisencatalogus niet gevonden" in missing.stderr


def test_profile_export_writes_the_packaged_profile(tmp_path):
    target = tmp_path / "cg-basis.yaml"
    result = _run("profile", "export", "cg-basis", "-o", str(target))
    assert result.exit_code == 0 and target.read_text("utf-8") == profile_text("cg-basis")
    assert load_profile(target).sha256 == load_profile("cg-basis").sha256
    unknown = _run("profile", "export", "nope", "-o", str(target))
    assert unknown.exit_code == 2 and "cg-zaakgericht" in unknown.stderr


# --------------------------------------------------------------------------- text defects of issue 13


def test_catalogue_text_defects_are_gone():
    catalog = load_catalog()
    for requirement in catalog:
        for anchor in requirement.anchors.other:
            for text in (anchor.nl, anchor.en):
                assert text.count("(") == text.count(")"), (requirement.id, text)  # no flow sequence split
    assert "(Stb. 2023, 179)" in catalog.get("CG-API-06").anchors.other[0].nl
    assert "leveranciersafhankelijkheid" in catalog.get("CG-DATA-03").rationale.nl
    listing = _run("requirements", "list", "--format", "json")
    assert listing.exit_code == 0 and "{{" not in listing.stdout and "{%" not in listing.stdout
    shown = _run("requirements", "show", "CG-API-03")
    assert "(knock-out), standaardvorm" in shown.stdout and ") (standaard)" not in shown.stdout


def test_the_english_tender_has_english_anchors_and_values():
    markdown = _run("tender", "cg-zaakgericht", "--lang", "en", "-o", "-").stdout
    for dutch in (
        "HTTPS en HSTS",
        "3.1 geaccepteerd",
        "volgens de NCSC",
        "Besluit beveiligde verbinding met",
        "Bij inschrijving",
        "de API's voor Zaakgericht Werken",
        "Dataverordening",
        "februari",
    ):
        assert dutch not in markdown, dutch
    assert "the VNG APIs for case-oriented work" in markdown and "1 February 2027" in markdown


def test_changed_records_have_a_new_version():
    catalog = load_catalog()
    assert catalog.get("CG-API-06").version == "1.1.0"
    assert load_profile("cg-basis").requirement_versions["CG-API-06"] == "1.1.0"
