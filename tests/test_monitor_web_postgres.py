"""The dashboard, the feed, the badges, the JSON API and the static site on PostgreSQL: the demo market
run twice into a throwaway PostgreSQL (``tests/postgres.py``) reads the same as on SQLite."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from cgcomply.monitor.site import write_site
from cgcomply.web.app import create_app
from cgcomply.web.dashboard.data import open_reader

pytestmark = pytest.mark.slow

ATOM = "{http://www.w3.org/2005/Atom}"
REGRESSED = "voorbeeld/zaken-api/productie"
IMPROVED = "voorbeeld/zaken-api/test"


def test_dashboard_api_feed_and_site_on_postgresql(fresh_postgres_url: str, tmp_path: Path) -> None:
    from cgcomply.monitor.demo import run_demo

    run_demo(tmp_path / "demo", db=fresh_postgres_url, echo=lambda line: None, tls_scan=False)
    client = create_app({"MONITOR_DB": fresh_postgres_url, "TESTING": True}).test_client()
    html = client.get("/nl/market/").get_data(as_text=True)
    assert "10 van 10 installaties getoond" in html and REGRESSED in html
    targets = client.get("/monitor/api/v1/targets?supplier=voorbeeld").get_json()
    verdicts = {t["key"]: t["latest"]["verdict"] for t in targets["results"]}
    assert verdicts == {REGRESSED: "fail", IMPROVED: "undetermined"}
    assert client.get("/monitor/api/v1/runs").get_json()["count"] == 2
    findings = client.get("/monitor/api/v1/findings?checkId=probe.security-headers&page=1").get_json()
    assert findings["count"] > 0
    feed = ET.fromstring(client.get("/en/market/feed.atom").get_data())
    terms = {e.find(f"{ATOM}category").get("term") for e in feed.findall(f"{ATOM}entry")}  # type: ignore[union-attr]
    assert terms == {"improved", "regressed"}
    assert client.get(f"/nl/market/deployments/{REGRESSED}/report.html").status_code == 200
    assert client.get("/en/market/rules/probe.version-header/").status_code == 200
    reader = open_reader(fresh_postgres_url)
    try:
        result = write_site(reader, tmp_path / "site")
    finally:
        reader.close()
    assert result.badges == 20 and result.feeds == 8
    assert (result.directory / "en" / "market" / "deployments" / REGRESSED / "report.html").is_file()
