"""Bad input: every broken profile or catalogue file gives one message with file, line and field, exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.catalog import load_catalog, load_profile
from cgcomply.cli import main
from cgcomply.errors import CatalogError
from cgcomply.resources import requirements_dir

FIXTURES = Path(__file__).parent / "fixtures" / "catalog"
CATALOG = requirements_dir() / "catalog"


def _validate(path: Path | str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["profile", "validate", str(path), "--lang", "en"])
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one clear message
    return result.exit_code, lines[0]


@pytest.mark.parametrize(
    ("fixture", "where", "words"),
    [
        ("bad-yaml.yaml", ":9:1: ", "quoted scalar (started at line 6, column 9)"),
        ("unknown-id.yaml", ":8:9: requirements[1].id: ", "unknown requirement id 'CG-API-99'"),
        (
            "bad-form.yaml",
            ":9:11: requirements[1].form: ",
            "CG-API-06 cannot be used as 'wens'; allowed forms: eis",
        ),
        ("missing-field.yaml", ":1:1: tender: ", "required field is missing"),
        ("wrong-type.yaml", ":10:13: requirements[1].points: ", "expected integer, got string 'veel'"),
    ],
)
def test_bad_profile_fixture(fixture, where, words):
    code, message = _validate(FIXTURES / fixture)
    assert code == 2
    assert message.startswith(f"error: {Path('tests/fixtures/catalog') / fixture}{where}") or (
        f"{fixture}{where}" in message
    ), message
    assert words in message


def _profile(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(
        "id: test\nversion: 1.0.0\ntitle: {nl: Test, en: Test}\nadr_version: 2.2.0\ntender: {name: Test}\n"
        + body,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "line", "field", "words"),
    [
        (
            "requirements:\n  - {id: CG-API-01}\n  - {id: CG-API-01}\n",
            8,
            "requirements[1].id",
            "listed twice",
        ),
        ("requirements:\n  - {id: CG-API-01, points: 5}\n", 7, "requirements[0].points", "points only apply"),
        (
            "requirements:\n  - {id: CG-DATA-04, form: kwaliteitsvraag, points: 0}\n",
            7,
            "requirements[0].points",
            "minimum of 1",
        ),
        (
            "requirements:\n  - {id: CG-API-04, parameters: {months: '3'}}\n",
            7,
            "requirements[0].parameters.months",
            "has no parameter 'months'",
        ),
        (
            "requirements:\n  - {id: CG-API-01, colour: red}\n",
            7,
            "requirements[0].colour",
            "unknown field 'colour'",
        ),
        (
            "base_url: ftp://x.example\nrequirements:\n  - {id: CG-API-01}\n",
            6,
            "base_url",
            "absolute http(s) URL",
        ),
        (
            "dates: {submission_deadline: 15-01-2027}\nrequirements:\n  - {id: CG-API-01}\n",
            6,
            "dates.submission_deadline",
            "must be a date",
        ),
        (
            "probe: {cors_open_api: maybe}\nrequirements:\n  - {id: CG-API-01}\n",
            6,
            "probe.cors_open_api",
            "expected boolean or null",
        ),
        ("requirements: []\n", 6, "requirements", "at least 1 item"),
        (
            "requirements:\n  - {id: CG-API-01}\nrequirements:\n  - {id: CG-API-02}\n",
            8,
            "requirements",
            "duplicate key 'requirements'",
        ),
    ],
)
def test_semantic_and_schema_errors_name_line_and_field(tmp_path, body, line, field, words):
    code, message = _validate(_profile(tmp_path, body))
    assert code == 2
    assert f"profile.yaml:{line}:" in message, message
    assert f": {field}: " in message, message
    assert words in message


def test_bad_adr_version(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_text(
        "id: test\nversion: 1.0.0\ntitle: {nl: T, en: T}\nadr_version: 1.0\ntender: {name: T}\n"
        "requirements:\n  - {id: CG-API-01}\n",
        encoding="utf-8",
    )
    code, message = _validate(path)
    assert code == 2 and "profile.yaml:4:14: adr_version: unknown ADR version '1.0'" in message


def test_missing_profile_file_lists_packaged_profiles(tmp_path):
    code, message = _validate(tmp_path / "nope.yaml")
    assert code == 2 and "profile not found" in message and "cg-basis" in message
    code, message = _validate("no-such-profile")
    assert code == 2 and "no-such-profile: profile not found" in message


def test_empty_and_non_mapping_profiles(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    code, message = _validate(empty)
    assert code == 2 and "expected object, got null" in message
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    code, message = _validate(listing)
    assert code == 2 and "list.yaml:1:1:" in message and "expected object" in message


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: gemeente-\xe9\n".encode("latin-1"))
    code, message = _validate(path)
    assert code == 2 and "not UTF-8" in message


def test_tender_reports_profile_errors_the_same_way():
    result = CliRunner().invoke(
        main, ["tender", str(FIXTURES / "unknown-id.yaml"), "--format", "docx", "-o", "x"]
    )
    assert result.exit_code == 2
    assert "unknown-id.yaml:8:9: requirements[1].id" in result.stderr


# --------------------------------------------------------------------------- catalogue files


def _catalog_copy(tmp_path: Path, *ids: str) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for requirement_id in ids:
        shutil.copy(CATALOG / f"{requirement_id}.yaml", folder / f"{requirement_id}.yaml")
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(
        number for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line
    )


def _catalog_error(folder: Path) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    return caught.value


def test_catalogue_unknown_check_id(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    record = folder / "CG-API-03.yaml"
    _edit(record, "checks: [adr.uri-version,", "checks: [adr.uri-versions,")
    error = _catalog_error(folder)
    assert error.source.endswith("CG-API-03.yaml")
    assert error.line == _line_of(record, "adr.uri-versions")
    assert error.field == "verification.checks[0]"
    assert "unknown check id 'adr.uri-versions'" in error.message


def test_catalogue_functional_rule_as_check(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    _edit(folder / "CG-API-03.yaml", "checks: [adr.uri-version,", "checks: [adr.changelog, adr.uri-version,")
    error = _catalog_error(folder)
    assert "functional ADR rule" in error.message and error.field == "verification.checks[0]"


def test_catalogue_duplicate_id(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    shutil.copy(folder / "CG-API-03.yaml", folder / "extra.yaml")
    error = _catalog_error(folder)
    assert "duplicate requirement id 'CG-API-03'" in error.message
    assert error.source.endswith("extra.yaml") and error.line == 1 and error.field == "id"


def test_catalogue_id_must_match_file_and_theme(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    _edit(folder / "CG-API-03.yaml", "id: CG-API-03", "id: CG-API-04")
    assert "does not match the file name" in _catalog_error(folder).message
    _edit(folder / "CG-API-03.yaml", "id: CG-API-04", "id: CG-API-03")
    _edit(folder / "CG-API-03.yaml", "theme: api", "theme: data")
    error = _catalog_error(folder)
    assert "does not fit id" in error.message and error.field == "theme"


def test_catalogue_form_without_clause_and_default_not_allowed(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    record = folder / "CG-API-03.yaml"
    _edit(record, "allowed: [eis, wens]", "allowed: [eis, wens, kwaliteitsvraag]")
    error = _catalog_error(folder)
    assert error.field == "clauses.kwaliteitsvraag" and "has no clause text" in error.message
    _edit(record, "allowed: [eis, wens, kwaliteitsvraag]", "allowed: [wens]")
    error = _catalog_error(folder)
    assert error.field == "forms.default" and "not in forms.allowed" in error.message


def test_catalogue_missing_field_and_wrong_type(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    record = folder / "CG-API-03.yaml"
    _edit(record, "  default: eis\n", "")
    error = _catalog_error(folder)
    assert error.field == "forms.default" and error.message.startswith("required field is missing")
    assert error.line == _line_of(record, "allowed: [eis, wens]")
    _edit(record, "  allowed: [eis, wens]\n", "  allowed: [eis, wens]\n  default: eis\n")
    _edit(record, "  points: 5\n", "  points: vijf\n")
    error = _catalog_error(folder)
    assert error.field == "forms.points" and "expected integer, got string 'vijf'" in error.message


def test_catalogue_unknown_placeholder_and_bad_template(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    record = folder / "CG-API-03.yaml"
    _edit(
        record,
        "Design Rules versie {{ adr_version }} (of gelijkwaardig): de versie",
        "versie {{ adr_versie }}:",
    )
    error = _catalog_error(folder)
    assert error.field == "clauses.eis.nl" and "unknown placeholder {{ adr_versie }}" in error.message
    lines = record.read_text("utf-8").splitlines()
    clauses_at = lines.index("clauses:")
    eis_nl = next(n for n in range(clauses_at, len(lines)) if lines[n].strip() == "nl: >-") + 1
    assert (error.line, error.column) == (eis_nl, 9)  # the block scalar of clauses.eis.nl
    _edit(record, "versie {{ adr_versie }}:", "versie {{ adr_version }:")
    error = _catalog_error(folder)
    assert error.field == "clauses.eis.nl" and "placeholder error" in error.message


def test_catalogue_unknown_adr_rule(tmp_path):
    folder = _catalog_copy(tmp_path, "CG-API-03")
    _edit(
        folder / "CG-API-03.yaml",
        "adr_rules: [/core/uri-version, /core/version-header, /core/semver]\n  gibit",
        "adr_rules: [/core/uri-versioning]\n  gibit",
    )
    error = _catalog_error(folder)
    assert error.field == "anchors.adr_rules[0]" and "unknown ADR rule id" in error.message


def test_catalogue_folder_problems(tmp_path):
    assert "not found" in _catalog_error(tmp_path / "missing").message
    (tmp_path / "empty").mkdir()
    assert "no requirement files" in _catalog_error(tmp_path / "empty").message


def test_profile_against_broken_catalogue_text_is_reported_with_the_requirement_file(tmp_path):
    """A placeholder that only fails when rendered (a filter on a string) names the requirement file."""
    folder = _catalog_copy(tmp_path, "CG-API-03")
    record = folder / "CG-API-03.yaml"
    _edit(record, "(of gelijkwaardig): de versie", "(of gelijkwaardig{{ adr_version.nope() }}): de versie")
    catalog = load_catalog(folder)
    with pytest.raises(CatalogError) as caught:
        load_profile(FIXTURES / "valid-minimal.yaml", catalog=catalog)
    assert caught.value.source.endswith("CG-API-03.yaml")
    assert caught.value.field == "clauses.eis.nl"
    assert caught.value.line is not None


def test_broken_packaged_catalogue_is_one_line_on_the_command_line(tmp_path, monkeypatch):
    """The CLI path: a broken catalogue file gives exit 2 and one message, never a traceback."""
    from cgcomply.catalog import loader

    root = tmp_path / "requirements"
    folder = root / "catalog"
    folder.mkdir(parents=True)
    record = folder / "CG-API-03.yaml"
    shutil.copy(CATALOG / "CG-API-03.yaml", record)
    _edit(record, "theme: api\n", "theme: [api\n")
    monkeypatch.setattr(loader, "requirements_dir", lambda: root)
    loader._packaged_catalog.cache_clear()
    try:
        result = CliRunner().invoke(main, ["requirements", "list"])
    finally:
        monkeypatch.undo()
        loader._packaged_catalog.cache_clear()
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "CG-API-03.yaml:" in line and "YAML-fout" in line and line.startswith("fout: ")
    assert load_catalog().get("CG-API-03").theme == "api"  # the real catalogue again
