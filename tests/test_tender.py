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
    assert {"Heading 1", "Heading 2", "Heading 3", "TOC 1"} <= set(styles)
    h3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert sorted(text.split()[1] for text in h3) == sorted(item.id for item in profile.items)
    overview = document.tables[1]  # after the metadata table: number, id, title, form
    assert [row.cells[1].text for row in overview.rows[1:]] == [text.split()[1] for text in h3]
    assert [row.cells[0].text for row in overview.rows[1:]] == [text.split()[0] for text in h3]
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
    assert document.core_properties.language == "nl-NL"


# --------------------------------------------------------------------------- Excel


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_xlsx_matrix_can_only_be_filled_in(name, lang, tmp_path):
    profile = load_profile(name)
    target = tmp_path / "matrix.xlsx"
    assert _run("tender", name, "--format", "xlsx", "--lang", lang, "-o", str(target)).exit_code == 0
    workbook = load_workbook(target)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[1] == "ID" and len(header) == 12
    rows = list(sheet.iter_rows(min_row=2, max_row=len(profile.items) + 1))
    document = render_tender(profile, "md", lang)
    numbers = re.findall(r"^#### (\d+\.\d+\.\d+) (CG-\S+)", document, flags=re.M)
    assert [(row[0].value, row[1].value) for row in rows] == numbers  # the document's numbering, 2.1.4
    items = {item.id: item for item in profile.items}
    for row in rows:
        item = items[row[1].value]
        assert row[5].value == item.points
        assert row[6].value == item.clause(lang)
        for check in item.requirement.verification.checks:
            assert check in row[8].value
        assert all(cell.value is None for cell in row[9:])  # the tenderer fills them in
        # only the answer cells are unlocked
        assert [cell.protection.locked for cell in row] == [True] * 9 + [False] * 3
    # protection on (sheet and workbook structure); A4 landscape, fit to width
    assert sheet.protection.sheet and workbook.security.lockStructure
    assert (
        int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        and sheet.page_setup.orientation == "landscape"
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows == "$1:$1"
    # the points total below the rows, a number, not a formula
    total_row = len(profile.items) + 2
    assert sheet.cell(total_row, 6).value == profile.total_points
    # no formula cells anywhere
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    # validations per row as intended
    by_cell: dict[str, object] = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            by_cell[cell_range.coord] = validation
    for index, row in enumerate(rows, start=2):
        item = items[row[1].value]
        answer = by_cell[f"J{index}"]
        if item.form == "eis":
            expected = '"voldoet,voldoet niet"' if lang == "nl" else '"complies,does not comply"'
            assert answer.type == "list" and answer.formula1 == expected
        elif item.form == "wens":
            assert answer.type == "list" and f"({item.points} " in answer.formula1
            assert answer.formula1.count(",") == 1 and "(0 " in answer.formula1
        elif item.form == "uitvoeringsvoorwaarde":
            assert answer.type == "list" and answer.formula1.count(",") == 1
        else:
            assert answer.type == "textLength" and answer.operator == "lessThanOrEqual"
            link = by_cell[f"L{index}"]
            assert link.type == "textLength" and link.formula1 == "1" and not link.allow_blank
        assert "deels" not in (answer.formula1 or "") and "n.v.t." not in (answer.formula1 or "")
    assert sheet.freeze_panes == "A2"
    profile_sheet = workbook.worksheets[1]
    values = {row[0]: row[1] for row in profile_sheet.iter_rows(values_only=True)}
    assert profile.hash_label in values.values()
    assert workbook.properties.subject == profile.hash_label
    dates = [value for value in values.values() if hasattr(value, "year")]
    assert len(dates) == len(profile.dates)  # real dates, not text


def test_profile_text_is_never_a_formula_and_never_raw_html(tmp_path):
    """Issue 7 item 4: a municipality named =HYPERLINK(...) is text in Excel, and profile text is escaped in
    HTML and Markdown."""
    hostile = {
        "municipality": '=HYPERLINK("http://evil.example","klik")',
        "reference": "+SUM(1;2)",
        "contact": "@cmd",
        "name": "-1+1 <script>alert(1)</script> [x](javascript:alert(1))",
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "id: hostile\nversion: 1.0.0\ntitle: {nl: T, en: T}\nadr_version: 2.2.0\n"
        f"municipality: '{hostile['municipality']}'\n"
        f"tender: {{name: '{hostile['name']}', reference: '{hostile['reference']}', contact: '{hostile['contact']}'}}\n"
        "requirements:\n  - {id: CG-API-11, parameters: {vng_standards: '=1+2 <b>vet</b>'}}\n",
        encoding="utf-8",
    )
    profile = load_profile(path)
    workbook = load_workbook(io.BytesIO(render_tender(profile, "xlsx", "nl")))
    seen = set()
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                    seen.add(cell.value)
    assert hostile["municipality"] in seen and hostile["reference"] in seen and hostile["contact"] in seen
    with zipfile.ZipFile(io.BytesIO(render_tender(profile, "xlsx", "nl"))) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml
    html = render_tender(profile, "html", "nl")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>vet</b>" not in html
    markdown = render_tender(profile, "md", "nl")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "<b>vet</b>" not in markdown
    assert "](javascript:" not in markdown


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
    assert "binair" in result.stderr and "-o BESTAND" in result.stderr


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
    assert result.exit_code == 2 and "kan het document niet schrijven" in result.stderr


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


def test_annex_shows_profile_export_for_a_bundled_profile(tmp_path):
    assert "cgcomply profile export cg-basis -o cg-basis.yaml" in render_tender(
        load_profile("cg-basis"), "md", "nl"
    )
    own = tmp_path / "eigen.yaml"
    own.write_text((profiles_dir() / "cg-basis.yaml").read_text("utf-8").replace("id: cg-basis", "id: eigen"))
    assert "profile export" not in render_tender(load_profile(own), "md", "nl")


def test_library_functions_for_the_web_page():
    from cgcomply.tender import FORMATS, media_type, render_tender_bytes

    profile = load_profile("cg-basis")
    for fmt in FORMATS:
        data = render_tender_bytes(profile, fmt, "en")
        assert isinstance(data, bytes) and len(data) > 1000
        assert media_type(fmt)
    assert media_type("docx").endswith("wordprocessingml.document")


def test_pyproject_has_project_urls():
    import tomllib

    data = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))
    urls = data["project"]["urls"]
    assert urls and all(url.startswith("https://") for url in urls.values())
