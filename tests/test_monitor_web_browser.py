"""The market dashboard and its static site in a real browser (Chromium through Playwright): pages load
without console errors and without asking another host, the filters work with and without JavaScript, the
keyboard reaches the controls, the static site works from ``file://``. Screenshots go to
``CGCOMPLY_SCREENSHOT_DIR`` when set (they were looked at; see the note of m-web)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import launch_chromium
from monitor_market import demo_db

pytestmark = pytest.mark.slow

REGRESSED = "voorbeeld/zaken-api/productie"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_db(tmp_path_factory)


@pytest.fixture(scope="module")
def server(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``cgcomply serve --db DB`` on a free port of 127.0.0.1; yields its base URL. Its log goes to a file
    (a pipe nobody reads fills up and blocks the server)."""
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    command = [
        sys.executable,
        "-c",
        "from cgcomply.cli import main; main()",
        "serve",
        "--port",
        "0",
        "--db",
        str(db),
    ]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stderr=log, text=True)
    try:
        deadline = time.monotonic() + 60
        match = None
        while match is None and time.monotonic() < deadline and process.poll() is None:
            match = re.search(r"(http://127\.0\.0\.1:\d+)/", log_path.read_text(encoding="utf-8"))
            if match is None:
                time.sleep(0.1)
        assert match, f"cgcomply serve did not print its address: {log_path.read_text(encoding='utf-8')!r}"
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def site(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cgcomply.monitor.site import write_site
    from cgcomply.web.dashboard.data import open_reader

    reader = open_reader(str(db))
    try:
        return write_site(reader, tmp_path_factory.mktemp("site")).directory
    finally:
        reader.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CGCOMPLY_SCREENSHOT_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watch:
    """Console errors, page errors and failed requests of a page; only 127.0.0.1 and file:// may load."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("requestfailed", lambda request: self.errors.append(f"failed: {request.url}"))
        page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme == "file" or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.foreign == []


def _visible_rows(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#matrix tbody tr:not([hidden]) th[scope=row] > a", "links => links.map(a => a.textContent.trim())"
    )


def _painted(page: Any) -> None:
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_every_page_of_the_dashboard_loads_cleanly(browser: Any, server: str, shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    pages = {
        "01-market-nl": "/nl/market/",
        "02-market-en": "/en/market/",
        "03-deployment": f"/nl/market/deployments/{REGRESSED}/",
        "04-product": "/nl/market/products/voorbeeld/zaken-api/",
        "05-rules": "/en/market/rules/",
        "06-rule": "/nl/market/rules/probe.version-header/",
        "07-runs": "/nl/market/runs/",
    }
    for name, path in pages.items():
        response = page.goto(server + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        assert page.locator("h1").count() == 1
        _painted(page)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=name != "03-deployment")
    # the deployment page embeds the latest report (the report's own HTML renderer) and its badge
    page.goto(f"{server}/nl/market/deployments/{REGRESSED}/")
    frame = page.frame_locator("iframe.report")
    assert "Oordeel per eis" in frame.locator("body").inner_text()
    width = page.eval_on_selector("img[src$='.svg']", "img => img.complete && img.naturalWidth")
    assert width and width > 50
    page.locator("#report").scroll_into_view_if_needed()
    _painted(page)
    page.screenshot(path=str(shots / "03b-deployment-report.png"))
    # the language switch keeps the page
    page.get_by_role("link", name="English").click()
    assert page.url == f"{server}/en/market/deployments/{REGRESSED}/"
    assert page.locator("h1").inner_text() == f"Deployment {REGRESSED}"
    watch.assert_clean()
    page.close()


def test_filters_work_as_you_type_and_on_submit(browser: Any, server: str, shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(f"{server}/nl/market/")
    assert len(_visible_rows(page)) == 10
    page.get_by_label("Zoeken").fill("wankel")
    assert sorted(_visible_rows(page)) == ["wankel/zaken-api/onbereikbaar", "wankel/zaken-api/wisselvallig"]
    assert page.locator("#market-summary").inner_text().startswith("2 van 10 installaties getoond")
    page.get_by_label("Zoeken").fill("")
    page.get_by_label("Leverancier").select_option("voorbeeld")
    page.get_by_label("Oordeel").select_option("fail")
    assert _visible_rows(page) == [REGRESSED]
    _painted(page)
    page.screenshot(path=str(shots / "08-filtered.png"))
    page.get_by_label("Oordeel").select_option("pass")
    assert _visible_rows(page) == []
    assert page.locator("#no-match").is_visible()
    # submitting asks the server, which filters the same way (and the URL can be shared)
    page.get_by_role("button", name="Filter toepassen").click()
    page.wait_for_url(re.compile(r".*verdict=pass.*"))
    assert page.locator("#matrix tbody tr").count() == 0
    assert page.get_by_label("Oordeel").input_value() == "pass"
    page.get_by_role("link", name="Alles tonen").click()
    page.wait_for_url(f"{server}/nl/market/")
    assert len(_visible_rows(page)) == 10
    watch.assert_clean()
    page.close()


def test_filters_work_without_javascript(browser: Any, server: str, shots: Path) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{server}/en/market/")
    page.get_by_label("Supplier").select_option("gebrekkig")
    page.get_by_label("Search").fill("cors")
    page.get_by_role("button", name="Apply filter").click()
    page.wait_for_url(re.compile(r".*supplier=gebrekkig.*"))
    rows = page.locator("#matrix tbody th[scope=row] > a").all_inner_texts()  # no evaluate: scripts are off
    assert rows == ["gebrekkig/zaken-api/wildcard-cors"]
    assert page.locator("#market-summary").inner_text().startswith("1 of 10 deployments shown")
    page.screenshot(path=str(shots / "09-no-js-filtered.png"))
    page.goto(f"{server}/en/market/rules/probe.version-header/")
    assert page.locator("svg.chart").count() == 1  # the chart needs no script
    watch.assert_clean()
    context.close()


def test_the_keyboard_reaches_the_filters_and_the_links(browser: Any, server: str, shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto(f"{server}/nl/market/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")  # skip to the content
    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        )
        if reached[-1] == "f-verdict":
            break
    for control in ("f-q", "f-supplier", "f-organisation", "f-standard", "f-verdict"):
        assert control in reached
    assert reached.index("f-q") < reached.index("f-verdict")  # in reading order
    for _ in range(4):  # back from the verdict to the search field
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "f-q"
    page.keyboard.type("plain")
    page.keyboard.press("Tab")  # leave the field: the filter has applied while typing
    assert _visible_rows(page) == ["gebrekkig/zaken-api/plain-errors"]
    for _ in range(40):  # the table region scrolls with the keyboard, then its first link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#matrix tbody') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent") == "gebrekkig/zaken-api/plain-errors"
    _painted(page)
    page.screenshot(path=str(shots / "10-keyboard-focus.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/nl/market/deployments/gebrekkig/zaken-api/plain-errors/")
    watch.assert_clean()
    page.close()


def test_the_static_site_works_offline_from_files(browser: Any, site: Path, shots: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name=re.compile("Nederlands")).click()
    assert page.url.endswith("/nl/market/index.html")
    assert len(_visible_rows(page)) == 10
    page.get_by_label("Zoeken").fill("productie")
    assert _visible_rows(page) == [REGRESSED]
    _painted(page)
    page.screenshot(path=str(shots / "11-static-filtered.png"), full_page=True)
    page.get_by_role("link", name=REGRESSED).click()
    assert page.url.endswith(f"/nl/market/deployments/{REGRESSED}/index.html")
    width = page.eval_on_selector("img[src$='.svg']", "img => img.complete && img.naturalWidth")
    assert width and width > 50
    assert page.locator("svg.chart rect").count() == 2
    _painted(page)
    page.screenshot(path=str(shots / "12-static-deployment.png"), full_page=True)
    # every page of the site in both languages loads without an error (links were checked file by file)
    for html in sorted(site.glob("*/market/**/index.html"))[:60]:
        page.goto(html.as_uri())
        assert page.locator("h1").count() == 1, html
    page.goto((site / "en" / "market" / "rules" / "index.html").as_uri())
    page.get_by_role("link", name="probe.version-header").click()
    assert page.locator("svg.chart circle").count() == 2
    watch.assert_clean()
    page.close()


def test_the_static_site_without_javascript_shows_every_row(browser: Any, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "nl" / "market" / "index.html").as_uri())
    assert page.locator("form[data-filter]").is_hidden()  # no filter that would not work
    assert page.locator("#matrix tbody tr").count() == 10
    context.close()
