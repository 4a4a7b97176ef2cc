"""``cgcomply tender``: every format is parsed back and must hold every requirement of the profile with its
clause, its verification and the profile's hash."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from cgcomply.catalog import load_profile
from cgcomply.cli import main
from cgcomply.resources import profiles_dir
from cgcomply.tender.render import default_file_name, render_tender

PROFILES = ["cg-basis", "cg-zaakgericht"]


def _words(text: str) -> str:
    """Text without Markdown code marks and with collapsed whitespace, to compare clause texts."""
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_markdown_holds_every_requirement(name, lang):
    profile = load_profile(name)
    result = _run("tender", name, "--format", "md", "--lang", lang, "-o", "-")
    assert result.exit_code == 0
    text = result.stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, tok in enumerate(tokens) if tok.type == "heading_open"]
    h4 = [
        tokens[i + 1].content
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tok.tag == "h4"
    ]
    assert headings[0].startswith("Programma van Eisen" if lang == "nl" else "Statement of Requirements")
    by_theme = [item.id for theme in ("data", "api", "standards") for item in profile.items_by_theme(theme)]
    assert [heading.split()[1] for heading in h4] == by_theme
    quotes = [tokens[i + 2].content for i, tok in enumerate(tokens) if tok.type == "blockquote_open"]
    assert len(quotes) == len(profile.items)
    flat = _words(text)
    for item in profile.items:
        assert _words(item.clause(lang)) in flat, item.id
        for check in item.requirement.verification.checks:
            assert f"`{check}`" in text
    assert text.count(profile.hash_label) >= 3  # table, intro, annex, footer
    assert "{{" not in text and "[door Inschrijver" not in text.split("## 1.")[0]
    code_blocks = [tok.content for tok in tokens if tok.type == "fence"]
    assert any(f"cgcomply verify --profile {name}.yaml" in block for block in code_blocks)


# --------------------------------------------------------------------------- HTML


class _StrictHtml(HTMLParser):
    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.lang: str | None = None
        self.articles: list[str] = []
        self.text: list[str] = []
        self.external: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "article":
            self.articles.append(attributes["data-requirement"])
        for key in ("src", "href"):
            if attributes.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(attributes[key])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_is_valid_self_contained_and_complete(name, lang, tmp_path):
    profile = load_profile(name)
    target = tmp_path / "pve.html"
    result = _run("tender", name, "--format", "html", "--lang", lang, "-o", str(target))
    assert result.exit_code == 0 and result.stderr.strip().splitlines()[-1] == str(target)
    parser = _StrictHtml()
    parser.feed(target.read_text("utf-8"))
    parser.close()
    assert parser.doctype and not parser.errors and not parser.stack
    assert parser.lang == lang
    by_theme = [item.id for theme in ("data", "api", "standards") for item in profile.items_by_theme(theme)]
    assert parser.articles == by_theme
    assert not parser.external  # self-contained: no external resources
    text = _words("".join(parser.text))
    for item in profile.items:
        assert _words(item.clause(lang)) in text, item.id
        for check in item.requirement.verification.checks:
            assert check in text
    assert profile.hash_label in text


def test_html_escapes_catalogue_text():
    html = render_tender(load_profile("cg-basis"), "html", "nl")
    assert "<code>Access-Control-Allow-Origin: *</code>" in html
    assert "frame-ancestors &#39;none&#39;" in html or "frame-ancestors &#x27;none&#x27;" in html


# --------------------------------------------------------------------------- Word


@pytest.mark.parametrize("name", PROFILES)
def test_docx_uses_word_styles_and_holds_every_requirement(name, tmp_path):
    profile = load_profile(name)
    target = tmp_path / "x.docx"
    result = _run("tender", str(profiles_dir() / f"{name}.yaml"), "--format", "docx", "-o", str(target))
    assert result.exit_code == 0
    document = Document(str(target))
    styles = [paragraph.style.name for paragraph in document.paragraphs]
    assert styles[0] == "Title"
    assert {"Heading 1", "Heading 2", "Heading 3", "List Number"} <= set(styles)
    h3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert sorted(text.split()[1] for text in h3) == sorted(item.id for item in profile.items)
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert [text.split()[0] for text in numbered] == [item.id for item in profile.items]
    assert all(table.style.name == "Table Grid" for table in document.tables)
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    cells = _words(cells)
    for item in profile.items:
        assert _words(item.clause("nl")) in cells, item.id
        for check in item.requirement.verification.checks:
            assert check in cells
    assert profile.hash_label in cells
    assert profile.hash_label in document.sections[0].footer.paragraphs[0].text
    assert profile.hash_label in document.core_properties.keywords
    assert document.core_properties.language == "nl"


# --------------------------------------------------------------------------- Excel


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_xlsx_matrix_has_rows_dropdown_and_frozen_header(name, lang, tmp_path):
    profile = load_profile(name)
    target = tmp_path / "matrix.xlsx"
    assert _run("tender", name, "--format", "xlsx", "--lang", lang, "-o", str(target)).exit_code == 0
    workbook = load_workbook(target)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[1] == "ID" and len(header) == 12
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rows] == [item.id for item in profile.items]
    for row, item in zip(rows, profile.items, strict=True):
        assert row[4] in (
            "eis",
            "wens",
            "kwaliteitsvraag",
            "uitvoeringsvoorwaarde",
            "requirement",
            "wish",
            "quality question",
            "performance condition",
        )
        assert row[5] == item.points
        assert row[6] == item.clause(lang)
        for check in item.requirement.verification.checks:
            assert check in row[8]
        assert row[9] is None  # the supplier fills it in
    assert sheet.freeze_panes == "A2"
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    validation = validations[0]
    expected = (
        ["voldoet", "voldoet deels", "voldoet niet", "n.v.t."]
        if lang == "nl"
        else ["complies", "partly complies", "does not comply", "n/a"]
    )
    assert validation.type == "list" and validation.formula1 == '"' + ",".join(expected) + '"'
    assert str(validation.sqref) == f"J2:J{len(profile.items) + 1}"
    assert sheet.column_dimensions["G"].width >= 60
    assert sheet["G2"].alignment.wrap_text
    profile_sheet = workbook.worksheets[1]
    values = {row[0]: row[1] for row in profile_sheet.iter_rows(values_only=True)}
    assert profile.hash_label in values.values()
    assert workbook.properties.subject == profile.hash_label


# --------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("name", PROFILES)
def test_json_has_resolved_requirements(name):
    profile = load_profile(name)
    result = _run("tender", name, "--format", "json", "-o", "-")
    data = json.loads(result.stdout)
    assert data["profile"]["hash"] == profile.hash_label
    assert data["profile"]["sha256"] == profile.sha256
    assert [entry["id"] for entry in data["requirements"]] == [item.id for item in profile.items]
    for entry, item in zip(data["requirements"], profile.items, strict=True):
        assert entry["clause"] == {"nl": item.clause("nl"), "en": item.clause("en")}
        assert "{{" not in json.dumps(entry)
        assert entry["verification"]["checks"] == list(item.requirement.verification.checks)
        assert entry["verification"]["mode"] == item.requirement.verification_mode
        assert entry["form"] == item.form and entry["points"] == item.points
    assert data["award"]["total_points"] == profile.total_points
    assert data["profile"]["catalog"] == {"id": profile.catalog_id, "version": profile.catalog_version}
    assert data["profile"]["requirement_versions"] == profile.requirement_versions
    assert data["catalog"]["requirements"] >= 20


# --------------------------------------------------------------------------- output handling


def test_binary_format_to_stdout_is_a_usage_error():
    result = _run("tender", "cg-basis", "--format", "docx", "-o", "-")
    assert result.exit_code == 2
    assert "binary" in result.stderr and "-o FILE" in result.stderr


def test_default_output_file_in_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    profile = load_profile("cg-basis")
    for fmt in ("md", "xlsx"):
        result = _run("tender", "cg-basis", "--format", fmt)
        assert result.exit_code == 0
        expected = tmp_path / default_file_name(profile, fmt, "nl")
        assert result.stderr.strip().splitlines()[-1] == str(expected)
        assert expected.stat().st_size > 1000
    assert zipfile.is_zipfile(tmp_path / "cg-basis-eisenmatrix.xlsx")


def test_unwritable_output_is_reported(tmp_path):
    result = _run("tender", "cg-basis", "--format", "md", "-o", str(tmp_path / "missing" / "x.md"))
    assert result.exit_code == 2 and "cannot write the document" in result.stderr


def test_documents_are_reproducible():
    profile = load_profile("cg-basis")
    assert render_tender(profile, "md", "nl") == render_tender(profile, "md", "nl")
    first = Document(io.BytesIO(render_tender(profile, "docx", "nl")))
    assert first.paragraphs[0].text.startswith("Programma van Eisen")


def test_manual_requirement_shows_what_a_person_reviews():
    profile = load_profile("cg-basis")
    markdown = render_tender(profile, "md", "nl")
    section = markdown.split("CG-DATA-02 Volledige ontsluiting")[2]
    assert "**Verificatie:** handmatig" in section.split("####")[0]
    assert "Handmatige beoordeling: Vergelijk het gegevensoverzicht" in section.split("####")[0]


def test_open_base_url_is_marked_for_the_tenderer(tmp_path):
    profile = load_profile("cg-basis")
    assert profile.base_url is None
    text = render_tender(profile, "md", "nl")
    assert "[door Inschrijver op te geven basis-URL]/openapi.json" in text
    given = Path(__file__).parent / "fixtures" / "catalog" / "valid-minimal.yaml"
    assert "https://api.test.example/v1" in render_tender(load_profile(given), "md", "en")
