"""The static site (``cgcomply monitor site``, #12 items 5 and 6): written from two runs of the demo
market, every link and image in it resolves to a file, the feeds are valid Atom with the right entries,
the badges are SVG with the verdict, and the app serves the same pages at the same paths."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit
from xml.etree import ElementTree as ET

import pytest

from cgcomply.web.app import create_app
from monitor_market import demo_db

ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
REGRESSED = "voorbeeld/zaken-api/productie"
IMPROVED = "voorbeeld/zaken-api/test"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.external: list[str] = []  # hyperlinks to documentation elsewhere (the ADR in reports)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src", "action"):
            value = values.get(name)
            if not value or value.startswith(("data:", "mailto:")):
                continue
            if tag == "a" and urlsplit(value).scheme == "https":
                self.external.append(value)  # a link to read, never loaded by the page
            else:
                self.links.append(value)


def _parse(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = demo_db(tmp_path_factory)
    out = tmp_path_factory.mktemp("site") / "markt"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cgcomply.cli import main; main()",
            "monitor",
            "site",
            "--db",
            str(db),
            "-o",
            str(out),
            "--base-url",
            "https://example.org/markt",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "pages" in result.stderr and "pagina's" in result.stderr
    return out


def test_every_link_and_image_of_the_site_resolves_to_a_file(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    checked = 0
    ids: dict[Path, set[str]] = {}
    for page in pages:
        parsed = _parse(page.read_text(encoding="utf-8"))
        for link in parsed.links:
            assert not urlsplit(link).scheme and not link.startswith("/"), f"{page}: {link} is not relative"
            path, fragment = urldefrag(link)
            target = (page.parent / unquote(path.split("?")[0])).resolve() if path else page
            assert target.is_file(), f"{page.relative_to(site)}: {link} -> {target} missing"
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target.read_text(encoding="utf-8")).ids
                assert fragment in ids[target], f"{page}: #{fragment}"
            checked += 1
    assert checked > 1000
    market = _parse((site / "nl" / "market" / "index.html").read_text(encoding="utf-8"))
    assert market.external == []  # the dashboard's own pages link only inside the site


def test_site_has_both_languages_and_every_deployment(site: Path) -> None:
    for lang in ("nl", "en"):
        market = (site / lang / "market" / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in market
        for key in (REGRESSED, IMPROVED, "gebrekkig/zaken-api/plain-errors"):
            assert (site / lang / "market" / "deployments" / key / "index.html").is_file()
            assert (site / lang / "market" / "badges" / f"{key}.svg").is_file()
        report = (site / lang / "market" / "deployments" / REGRESSED / "report.html").read_text(
            encoding="utf-8"
        )
        assert ("Oordeel per eis" if lang == "nl" else "Verdict per requirement") in report
    assert "voldoet niet" in (site / "nl" / "market" / "index.html").read_text(encoding="utf-8")
    assert "not determined" in (site / "en" / "market" / "index.html").read_text(encoding="utf-8")
    # the language switch of a deep page leads to the same page in the other language
    deep = (site / "nl" / "market" / "deployments" / REGRESSED / "index.html").read_text(encoding="utf-8")
    assert (
        'href="../../../../../../en/market/deployments/voorbeeld/zaken-api/productie/index.html" hreflang="en"'
        in deep
    )
    for name in ("web.css", "dashboard.css", "dashboard.js"):
        assert (site / "static" / name).is_file()
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert 'src="http' not in everything and 'rel="stylesheet" href="http' not in everything


def test_feeds_are_atom_with_an_entry_per_change(site: Path) -> None:
    market = ET.parse(site / "en" / "market" / "feed.atom").getroot()
    assert market.tag == f"{ATOM}feed"
    assert market.get("{http://www.w3.org/XML/1998/namespace}base") == "https://example.org/markt/en/market/"
    for name in ("id", "title", "updated", "author"):
        assert market.find(f"{ATOM}{name}") is not None
    entries = market.findall(f"{ATOM}entry")
    terms = {
        e.find(f"{ATOM}link").get("href"): e.find(f"{ATOM}category").get("term")  # type: ignore[union-attr]
        for e in entries
    }
    assert terms == {
        f"deployments/{REGRESSED}/index.html": "regressed",
        f"deployments/{IMPROVED}/index.html": "improved",
    }
    for href in terms:  # relative to the feed: they resolve in the site
        assert (site / "en" / "market" / href).is_file()
    regressed = next(e for e in entries if REGRESSED in (e.findtext(f"{ATOM}title") or ""))
    assert "CG-API-06" in (regressed.findtext(f"{ATOM}summary") or "")
    product = ET.parse(
        site / "nl" / "market" / "products" / "voorbeeld" / "zaken-api" / "feed.atom"
    ).getroot()
    assert len(product.findall(f"{ATOM}entry")) == 2
    assert product.findtext(f"{ATOM}title") == "cgcomply marktmonitor: Voorbeeld Zaken API"
    quiet = ET.parse(site / "nl" / "market" / "products" / "gebrekkig" / "zaken-api" / "feed.atom").getroot()
    assert quiet.findall(f"{ATOM}entry") == [] and quiet.findtext(f"{ATOM}updated")
    # entry ids are the same when the site is written again (a reader sees each change once)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)


def test_badges_show_the_latest_verdict(site: Path) -> None:
    nl = ET.parse(site / "nl" / "market" / "badges" / f"{REGRESSED}.svg").getroot()
    assert nl.tag == f"{SVG}svg" and (nl.findtext(f"{SVG}title") or "").startswith(
        "API-regels: voldoet niet op 20"
    )
    en = ET.parse(site / "en" / "market" / "badges" / f"{IMPROVED}.svg").getroot()
    assert (en.findtext(f"{SVG}title") or "").startswith("API rules: not determined on 20")


def test_the_app_serves_the_same_paths_and_every_link_of_it_resolves(
    site: Path, tmp_path_factory: Any
) -> None:
    client = create_app({"MONITOR_DB": str(demo_db(tmp_path_factory)), "TESTING": True}).test_client()
    seen: set[str] = set()
    queue = ["/nl/market/", "/en/market/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if response.mimetype != "text/html" or url.endswith("report.html"):
            continue
        for link in _parse(response.get_data(as_text=True)).links:
            path = urldefrag(link)[0]
            if path.startswith(("/nl/market/", "/en/market/", "/static/")):
                queue.append(path)
    market_pages = {u for u in seen if "/market/" in u and "?" not in u}
    assert len(market_pages) > 100
    # each app page is a file of the static site at the same path
    for url in market_pages:
        relative = url.lstrip("/")
        assert (site / (relative + "index.html" if relative.endswith("/") else relative)).is_file(), url
