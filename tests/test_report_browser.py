"""The HTML report in a real headless browser (Debian's chromium via playwright), served from 127.0.0.1.

What a procurement officer sees: a Dutch verdict per requirement, visible at the top; the page loads
nothing from any other host, and no script from an API response runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import launch_chromium
from cgcomply.report import render
from fixtures.report.samples import verify_report
from servers import serve, static_files

pytestmark = pytest.mark.slow


@pytest.fixture
def served_report(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "rapport.html").write_text(render(verify_report(), "html", "nl"), encoding="utf-8")
    with serve(static_files(tmp_path)) as server:
        yield server.url("/rapport.html")


@pytest.fixture
def browser():
    yield from launch_chromium()


def test_verdicts_are_visible_in_dutch_and_nothing_leaves_localhost(browser, served_report, tmp_path):
    page = browser.new_page(viewport={"width": 1000, "height": 1100})
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # anything for another host is recorded (above) and then stopped here, so it never leaves this machine
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort()
        ),
    )
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(served_report, wait_until="load")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.title().startswith("Rapport API-verificatie")

    expected = {
        "CG-API-01": "voldoet",
        "CG-API-03": "voldoet niet",
        "CG-API-05": "niet vastgesteld",
        "CG-API-07": "handmatig",
    }
    for requirement_id, label in expected.items():
        badge = page.locator(f"#req-{requirement_id} .badge")
        assert badge.is_visible()
        assert badge.inner_text().split(" ", 1)[1] == label
        box = badge.bounding_box()
        assert box is not None and box["width"] > 0
    assert page.locator("#req-CG-API-05").inner_text().count("probe.tls: de verbinding werd geweigerd") == 1
    assert "voldoet niet" in page.locator("#overall").inner_text()

    # the evidence of a failed live check is open and readable; the hostile body is text, not markup
    evidence = page.locator("#check-probe-version-header")
    assert "GET https://api.leverancier.example/zaken/v1/zaken → 200" in evidence.inner_text()
    assert evidence.locator("pre").is_visible()
    assert "<script>alert(1)</script>" in evidence.locator("pre").inner_text()
    assert dialogs == []

    # the link from a requirement to its check's evidence works inside the page
    page.locator("#req-CG-API-03 a").first.click()
    assert page.url.endswith("#check-adr-version-header")

    hosts = {urlsplit(url).hostname for url in requests}
    assert hosts == {"127.0.0.1"}, requests

    if os.environ.get("CGCOMPLY_SCREENSHOT"):
        page.goto(served_report)
        page.screenshot(path=os.environ["CGCOMPLY_SCREENSHOT"], full_page=True)
