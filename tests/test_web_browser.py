"""The officer's page end to end in a real browser (Debian's Chromium through Playwright).

The real server (``cgcomply serve --port 0``) runs on 127.0.0.1 in a child process. The officer starts
from a bundled profile, makes different choices, downloads the Word document (read back with python-docx)
and the profile (validated back with the same hash the page showed); the keyboard reaches every control;
the page works without JavaScript; nothing is loaded from another host and the console stays clean.

Screenshots go to ``$CGCOMPLY_SCREENSHOT_DIR`` when set (to look at them), else to the test's tmp folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import launch_chromium
from cgcomply.catalog import load_profile, load_profile_text
from cgcomply.catalog.loader import load_catalog

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``cgcomply serve`` on a free port of 127.0.0.1; yields its base URL."""
    command = [sys.executable, "-c", "from cgcomply.cli import main; main()", "serve", "--port", "0"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert match, f"cgcomply serve did not print its address: {line!r}"
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CGCOMPLY_SCREENSHOT_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watch:
    """Console errors, page errors and every request of a page (only 127.0.0.1 may be asked)."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.hosts: set[str | None] = set()
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname))
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort()
            ),
        )

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.hosts <= {"127.0.0.1"}, self.hosts


def _painted(page: Any) -> None:
    """Wait for two animation frames, so a screenshot shows what was just scrolled to (no sleeping)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _docx_text(path: Path) -> tuple[list[str], str]:
    """The requirement ids of the document's headings, and all its text (paragraphs, tables, properties)."""
    from docx import Document

    document = Document(str(path))
    headings = [
        match.group(1)
        for paragraph in document.paragraphs
        if paragraph.style is not None and paragraph.style.name.startswith("Heading")
        for match in [re.search(r"\b(CG-[A-Z]+-\d+)\b", paragraph.text)]
        if match
    ]
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    parts.extend([document.core_properties.title or "", document.core_properties.subject or ""])
    return headings, "\n".join(parts)


def test_the_officer_makes_downloads_and_checks_a_tender(browser, server, shots, tmp_path):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)

    page.goto(f"{server}/nl/tender/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.screenshot(path=str(shots / "01-start.png"), full_page=True)
    page.locator("#bundled-cg-basis a.button").click()
    page.wait_for_load_state()
    assert page.locator("#profile-hash").inner_text() == load_profile("cg-basis").hash_label

    # different choices: two requirements out, one wish in, an eis turned into a wens, other points
    page.get_by_label("Naam van de gemeente (opdrachtgever)").fill("Gemeente Teststad")
    page.locator("#f-tender-name").fill("Zaaksysteem Teststad 2027")
    page.locator("#f-date-publication").fill("2027-03-01")
    page.locator("#req-CG-API-05-selected").uncheck()
    page.locator("#req-CG-API-06-selected").uncheck()
    page.locator("#req-CG-API-14-selected").check()
    page.locator("#req-CG-API-14-form").select_option("wens")
    page.locator("#req-CG-API-14-points").fill("12")
    page.locator("#req-CG-API-03-form").select_option("wens")
    page.locator("#req-CG-API-03-points").fill("7")
    # the running total, as the officer goes (JavaScript), before anything is sent
    assert page.locator("#total-points").inner_text() == "19 punten"
    total = len(load_catalog().requirements)  # the catalogue grows (CG-STD-10); the page counts it
    assert page.locator("#selected-count").inner_text() == f"6 van {total} eisen gekozen"
    assert page.locator("#stale").is_visible()
    page.locator("#card-CG-API-03").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "02-choices.png"))

    page.get_by_role("button", name="Controleren en voorbeeld tonen").click()
    page.wait_for_load_state()
    shown_hash = page.locator("#profile-hash").inner_text()
    assert shown_hash.startswith("sha256:") and shown_hash != load_profile("cg-basis").hash_label
    assert page.locator("#total-points").inner_text() == "19 punten"  # the server's total agrees
    preview = page.frame_locator("iframe.preview")
    assert "Gemeente Teststad" in preview.locator("body").inner_text()
    page.locator("#valid").scroll_into_view_if_needed()
    preview.locator("h1").first.wait_for()
    _painted(page)
    page.screenshot(path=str(shots / "03-preview.png"))

    with page.expect_download() as download_info:
        page.locator("#download-docx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    docx_path = tmp_path / download.suggested_filename
    download.save_as(str(docx_path))
    headings, text = _docx_text(docx_path)
    assert {"CG-API-01", "CG-API-03", "CG-API-14", "CG-DATA-01"} <= set(headings)
    assert "CG-API-05" not in headings and "CG-API-06" not in headings
    assert "Gemeente Teststad" in text
    assert shown_hash in text

    with page.expect_download() as download_info:
        page.locator("#download-yaml").click()
    yaml_path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(str(yaml_path))
    profile = load_profile(yaml_path)  # what `cgcomply profile validate` does
    assert profile.hash_label == shown_hash
    assert {item.id: (item.form, item.points) for item in profile.items}["CG-API-03"] == ("wens", 7)

    for fmt in ("xlsx", "html", "md"):
        with page.expect_download() as download_info:
            page.locator(f"#download-{fmt}").click()
        assert download_info.value.suggested_filename.endswith(f".{fmt}")
        assert download_info.value.failure() is None

    # English: the switch keeps what was filled in
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#f-municipality").input_value() == "Gemeente Teststad"
    assert page.locator("#profile-hash").inner_text() == shown_hash
    assert page.locator("#total-points").inner_text() == "19 points"
    page.screenshot(path=str(shots / "04-english.png"))
    watch.assert_clean()
    context.close()


def test_errors_from_the_profile_layer_stand_next_to_their_fields(browser, server, shots):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page)
    page.goto(f"{server}/nl/tender/edit?start=cg-zaakgericht")
    page.locator("#f-tender-name").fill("")
    page.locator("#req-CG-DATA-07-points").fill("0")
    page.locator("#f-tender-name").press("Enter")  # Enter submits the check, in the same language
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"  # focus moves to the errors
    assert (
        page.locator("#f-tender-name-error").is_visible()
        or page.locator("#req-CG-DATA-07-points-error").is_visible()
    )
    first = summary.locator("a").first
    target = first.get_attribute("href")
    assert target and page.locator(target).get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(shots / "05-errors.png"))
    first.click()
    assert page.evaluate("document.activeElement.id") == target.lstrip("#")
    watch.assert_clean()
    page.close()


_FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex]';
  const found = [...document.querySelectorAll(selector)]
    .filter(el => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0
                  && getComputedStyle(el).visibility !== 'hidden');
  return found.map((el, index) => {
    el.dataset.kb = String(index);
    return index + ' ' + (el.id || el.name || el.textContent.trim().slice(0, 40));
  });
}"""
_ACTIVE = """() => {
  const el = document.activeElement;
  return el && el.dataset.kb !== undefined ? el.dataset.kb + ' ' + (el.id || el.name || el.textContent.trim().slice(0, 40)) : '';
}"""


def test_the_keyboard_reaches_every_control(browser, server, shots):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page)
    page.goto(f"{server}/nl/tender/edit?start=cg-basis")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # every fold open
    controls = page.evaluate(_FOCUSABLE)
    assert len(controls) > 100
    reached: list[str] = []
    for _ in range(len(controls) * 3):
        page.keyboard.press("Tab")
        active = page.evaluate(_ACTIVE)
        if reached and active and active == reached[0]:
            break  # round the page once
        reached.append(active)
    missing = [name for name in controls if name not in reached]
    assert missing == []
    in_order = [name for name in reached if name]
    assert in_order == sorted(in_order, key=lambda name: int(name.split(" ", 1)[0]))  # in reading order
    # a checkbox toggles with the space bar, a form with the arrow keys; the total follows
    page.locator("#req-CG-API-14-selected").focus()
    page.keyboard.press("Space")
    assert page.locator("#req-CG-API-14-selected").is_checked()
    assert page.locator("#total-points").inner_text() == "10 punten"
    _painted(page)
    page.locator("#card-CG-API-14").screenshot(path=str(shots / "06-focus.png"))
    watch.assert_clean()
    page.close()


def test_the_essential_flow_works_without_javascript(browser, server, shots, tmp_path):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{server}/en/tender/")
    page.locator("#bundled-cg-zaakgericht a.button").click()
    page.wait_for_load_state()
    page.locator("#req-CG-DATA-08-selected").uncheck()  # a 20-point quality question out
    page.locator("#f-municipality").fill("Gemeente Zonder Script")
    page.get_by_role("button", name="Update").click()
    page.wait_for_load_state()
    # the award's quality points (80) no longer add up: the error stands at that field, in English
    assert "add up to 60" in page.locator("#f-award-quality-error").inner_text()
    page.locator("#f-award-quality").fill("60")
    page.get_by_role("button", name="Update").click()
    page.wait_for_load_state()
    expected = load_profile("cg-zaakgericht").total_points - 20
    assert page.locator("#total-points").inner_text() == f"{expected} points"
    shown_hash = page.locator("#profile-hash").inner_text()
    with page.expect_download() as download_info:
        page.locator("#download-yaml").click()
    path = tmp_path / "profile.yaml"
    download_info.value.save_as(str(path))
    profile = load_profile_text(path.read_text("utf-8"), "profile.yaml")
    assert profile.hash_label == shown_hash
    assert "CG-DATA-08" not in {item.id for item in profile.items}
    assert profile.municipality == "Gemeente Zonder Script"
    page.screenshot(path=str(shots / "07-no-javascript.png"))
    watch.assert_clean()
    context.close()


def test_an_uploaded_profile_with_a_mistake_is_fixed_in_the_form(browser, server, shots, tmp_path):
    bad = tmp_path / "kapot.yaml"
    bad.write_text(
        "id: kapot\nversion: '1'\ntitle: {nl: Kapot, en: Broken}\nadr_version: 2.2.0\ntender: {name: t}\n"
        "requirements:\n  - id: CG-API-01\n  - id: CG-API-03\n    form: kwaliteitsvraag\n",
        encoding="utf-8",
    )
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page)
    page.goto(f"{server}/nl/tender/")
    page.get_by_label("Profielbestand (YAML)").set_input_files(str(bad))
    page.get_by_role("button", name="Profiel openen").click()
    page.wait_for_load_state()
    error = page.locator("#req-CG-API-03-form-error")
    assert error.is_visible() and "kapot.yaml, regel 9" in error.inner_text()
    assert page.locator("#req-CG-API-03-form").get_attribute("aria-invalid") == "true"
    page.locator("#card-CG-API-03").scroll_into_view_if_needed()
    _painted(page)
    page.screenshot(path=str(shots / "08-upload-error-at-field.png"))
    page.locator("#req-CG-API-03-form").select_option("wens")
    page.get_by_role("button", name="Controleren en voorbeeld tonen").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").count() == 0
    assert page.locator("#profile-hash").inner_text().startswith("sha256:")
    watch.assert_clean()
    page.close()


def test_a_file_that_is_not_a_profile_is_reported_at_the_upload_field(browser, server, shots, tmp_path):
    bad = tmp_path / "geen-profiel.yaml"
    bad.write_text("id: x\nrequirements: [\n  - a: b: c\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page)
    page.goto(f"{server}/nl/tender/")
    page.get_by_label("Profielbestand (YAML)").set_input_files(str(bad))
    page.get_by_role("button", name="Profiel openen").click()
    page.wait_for_load_state()
    error = page.locator("#upload-error")
    assert error.is_visible() and re.search(r"geen-profiel\.yaml:\d+:\d+: YAML-fout", error.inner_text())
    assert page.locator("#upload-file").get_attribute("aria-invalid") == "true"
    error.scroll_into_view_if_needed()
    _painted(page)
    page.screenshot(path=str(shots / "09-bad-upload.png"))
    watch.assert_clean()
    page.close()
