"""The Word document as a Dutch office expects it (issue 13.1): A4, nl-NL / en-GB styles, page numbers from
fields, a real table-of-contents field, repeating header rows, Dutch dates, document properties, styles
instead of direct formatting; and converted with LibreOffice headless to PDF: A4 pages, "pagina X van Y",
every requirement id in the text, and a table of contents that fills with page numbers when the field is
updated (as Word does on open)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from cgcomply.catalog import load_profile
from cgcomply.tender.render import render_tender

HERE = Path(__file__).resolve().parent
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
SYSTEM_PYTHON = "/usr/bin/python3"  # LibreOffice's uno module (python3-uno) is installed for this Python


def _docx(name: str, lang: str) -> bytes:
    content = render_tender(load_profile(name), "docx", lang)
    assert isinstance(content, bytes)
    return content


def test_word_structure_nl():
    profile = load_profile("cg-zaakgericht")
    data = _docx("cg-zaakgericht", "nl")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)

    styles_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert '<w:lang w:val="nl-NL"' in styles_xml and "en-US" not in styles_xml
    settings_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode("utf-8")
    assert '<w:updateFields w:val="true"/>' in settings_xml

    footer = section.footer._element.xml
    assert "pagina " in footer and " van " in footer
    assert " PAGE " in footer and " NUMPAGES " in footer
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body and "PAGEREF _Toc000001" in body
    assert body.count("<w:tblHeader") >= 3  # overview, scale and award tables
    assert "1 februari 2027" in body and "2027-02-01" not in body

    properties = document.core_properties
    assert properties.title == profile.tender_name
    assert properties.author == "Gemeente Voorbeeldstad"
    assert profile.hash_label in properties.keywords and profile.hash_label in properties.comments
    assert properties.language == "nl-NL"
    custom = zipfile.ZipFile(io.BytesIO(data)).read("docProps/custom.xml").decode("utf-8")
    assert 'name="Opdrachtgever"' in custom and "Gemeente Voorbeeldstad" in custom
    assert profile.hash_label in custom

    # no direct formatting where a style serves: runs carry a style, never their own font, size, colour or bold
    for run in document.element.body.iter(qn("w:r")):
        properties_element = run.find(qn("w:rPr"))
        if properties_element is None:
            continue
        direct = {child.tag for child in properties_element} - {qn("w:rStyle"), qn("w:noProof")}
        assert not direct, run.xml[:300]
    used = {paragraph.style.name for paragraph in document.paragraphs}
    used |= {
        p.style.name for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
    }
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "TOC 1", "TOC 2", "Eistekst", "Opdracht"} <= used


def test_word_structure_en_uses_en_gb_and_english_dates():
    data = _docx("cg-zaakgericht", "en")
    styles_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert '<w:lang w:val="en-GB"' in styles_xml
    document = Document(io.BytesIO(data))
    assert "page " in document.sections[0].footer._element.xml
    assert "1 February 2027" in document.element.body.xml
    assert document.core_properties.language == "en-GB"


# --------------------------------------------------------------------------- LibreOffice -> PDF


def _need(tool: str | None, name: str) -> None:
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing; make test installs it in CI")
        pytest.skip(f"{name} is not installed (apt-get install libreoffice-writer-nogui poppler-utils)")


def _convert(docx: Path, out_dir: Path) -> Path:
    """``libreoffice --headless --convert-to pdf`` with a private profile (other runs may hold the default)."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            str(LIBREOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = out_dir / (docx.stem + ".pdf")
    assert pdf.is_file()
    return pdf


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return text.stdout.split("\f")[:-1]


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        [str(PDFINFO), "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "lang"), [("cg-zaakgericht", "nl"), ("cg-basis", "en")])
def test_pdf_from_libreoffice_is_a4_with_page_numbers_and_every_requirement(name, lang, tmp_path):
    _need(LIBREOFFICE, "LibreOffice")
    _need(PDFTOTEXT, "pdftotext (poppler-utils)")
    profile = load_profile(name)
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(_docx(name, lang))
    pdf = _convert(docx, tmp_path)
    pages = _pages(pdf)
    sizes = _page_sizes(pdf)
    assert len(sizes) == len(pages) >= (12 if name == "cg-zaakgericht" else 5)
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in sizes), sizes  # A4 portrait
    word = "pagina" if lang == "nl" else "page"
    of = "van" if lang == "nl" else "of"
    for number, page in enumerate(pages, start=1):
        assert f"{word} {number} {of} {len(pages)}" in page, number
    text = re.sub(r"\s+", " ", " ".join(pages))
    for item in profile.items:
        assert item.id in text
    assert profile.hash_label in text.replace(" ", "") or profile.sha256 in text.replace(" ", "")


@pytest.mark.slow
def test_the_table_of_contents_fills_with_page_numbers_when_updated(tmp_path):
    """LibreOffice does not update a TOC field on --convert-to; Word does on open (w:updateFields). Here
    LibreOffice updates the document's indexes through UNO, as Word would, and the page numbers in the table
    of contents must be the pages the headings are on."""
    _need(LIBREOFFICE, "LibreOffice")
    _need(PDFTOTEXT, "pdftotext (poppler-utils)")
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("python3-uno is missing; make test installs it in CI")
        pytest.skip("LibreOffice's Python bridge (python3-uno) is not installed for /usr/bin/python3")
    docx = tmp_path / "z.docx"
    docx.write_bytes(_docx("cg-zaakgericht", "nl"))
    pdf = tmp_path / "z.pdf"
    result = subprocess.run(
        [SYSTEM_PYTHON, str(HERE / "lo_update_toc.py"), str(docx), str(pdf), str(tmp_path / "lo-profile")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "1"  # one index: the table of contents
    pages = _pages(pdf)
    toc = re.findall(r"^\s*(\S.*?)\.{4,}\s*(\d+)\s*$", pages[0] + pages[1], flags=re.M)
    titles = [title.strip() for title, _ in toc]
    assert titles[:2] == ["1. Inleiding", "2. Eisen per thema"] and "3. Gunningscriteria" in titles
    for title, page in toc:
        on_page = pages[int(page) - 1]
        assert re.search(rf"^\s*{re.escape(title.strip())}\s*$", on_page, flags=re.M), (title, page)
