"""The market dashboard in the web app (#12 items 5, 6, 8), on a real history: two runs of the example
market (``monitor demo``) in a SQLite file, read through the Flask test client; and the JSON API checked by
``cgcomply verify`` (with the schemathesis conformance run) against the app served over HTTPS."""

from __future__ import annotations

import json
import re
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from cgcomply.monitor.store import open_store
from cgcomply.web.app import create_app, make_server
from cgcomply.web.dashboard.api_document import api_document
from cgcomply.web.dashboard.data import MarketReader
from monitor_market import demo_db

ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
REGRESSED = "voorbeeld/zaken-api/productie"  # loses its security headers between the runs
IMPROVED = "voorbeeld/zaken-api/test"  # starts sending API-Version


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_db(tmp_path_factory)


@pytest.fixture(scope="module")
def client(db: Path) -> Any:
    app = create_app({"MONITOR_DB": str(db), "TESTING": True})
    return app.test_client()


@pytest.fixture(scope="module")
def reader(db: Path) -> MarketReader:
    return MarketReader.of(open_store(str(db), upgrade=False))


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/nl/market/deployments/([^"]+)/">', html)


def test_market_page_shows_every_deployment_with_verdict_text(client: Any, reader: MarketReader) -> None:
    response = client.get("/nl/market/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    keys = [t.key for t in reader.targets() if not t.retired]
    assert len(keys) == 10
    assert sorted(_rows(html)) == sorted(keys)
    assert "voldoet niet" in html and "niet vastgesteld" in html
    assert "CG-API-06" in html  # a requirement column
    assert "10 van 10 installaties getoond" in html
    english = client.get("/en/market/").get_data(as_text=True)
    assert "The market at a glance" in english and "not determined" in english
    assert 'lang="en"' in english


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"supplier": "voorbeeld"}, {REGRESSED, IMPROVED}),
        ({"q": "wankel"}, {"wankel/zaken-api/onbereikbaar", "wankel/zaken-api/wisselvallig"}),
        ({"q": "gebrekkig plain"}, {"gebrekkig/zaken-api/plain-errors"}),
        ({"verdict": "pass"}, set()),
        ({"supplier": "voorbeeld", "verdict": "fail"}, {REGRESSED}),
    ],
)
def test_filters_are_applied_on_the_server(client: Any, query: dict[str, str], expected: set[str]) -> None:
    html = client.get("/nl/market/", query_string=query).get_data(as_text=True)
    assert set(_rows(html)) == expected
    if not expected:
        assert 'id="no-match" class="notice">' in html  # the notice is shown, not hidden
    # the form keeps what was chosen
    for name, value in query.items():
        if name == "q":
            assert f'value="{value}"' in html
        else:
            assert f'<option value="{value}" selected>' in html


def test_deployment_page_has_history_chart_badge_and_report(client: Any, reader: MarketReader) -> None:
    html = client.get(f"/nl/market/deployments/{REGRESSED}/").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert html.count("<rect ") >= 2  # one block per run
    assert f'src="/nl/market/badges/{REGRESSED}.svg"' in html
    assert f'src="/nl/market/deployments/{REGRESSED}/report.html"' in html
    assert (
        "CG-API-06" in html and "was niet vastgesteld in de meting ervoor" in html
    )  # what changed since the run before
    report = client.get(f"/nl/market/deployments/{REGRESSED}/report.html")
    assert report.status_code == 200 and report.mimetype == "text/html"
    text = report.get_data(as_text=True)
    latest = reader.history(REGRESSED)[-1]
    assert latest.report_sha256 and "cg-basis" in text
    assert "Verdict per requirement" not in text and "Oordeel per eis" in text  # Dutch renderer
    assert (
        client.get(f"/en/market/deployments/{REGRESSED}/report.html")
        .get_data(as_text=True)
        .count("Verdict per requirement")
    )


def test_badges_say_verdict_and_date(client: Any, reader: MarketReader) -> None:
    for key in (REGRESSED, IMPROVED):
        latest = reader.history(key)[-1]
        response = client.get(f"/en/market/badges/{key}.svg")
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        root = ET.fromstring(response.get_data())
        title = root.findtext(f"{SVG}title") or ""
        word = {"fail": "fail", "undetermined": "not determined"}[latest.verdict or ""]
        assert title == f"API rules: {word} on {(latest.finished_at or '')[:10]}"
    assert client.get("/nl/market/badges/nobody/x/y.svg").status_code == 404


def test_market_feed_has_an_entry_per_change(client: Any) -> None:
    response = client.get("/nl/market/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.get_data())
    entries = {
        (e.find(f"{ATOM}link").get("href"), e.find(f"{ATOM}category").get("term"))  # type: ignore[union-attr]
        for e in root.findall(f"{ATOM}entry")
    }
    assert (f"/nl/market/deployments/{REGRESSED}/", "regressed") in entries
    assert (f"/nl/market/deployments/{IMPROVED}/", "improved") in entries
    assert not any("gebrekkig" in href for href, _ in entries)  # unchanged deployments make no entry
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{name}"), name
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") == "http://localhost/"


def test_product_feed_holds_only_its_deployments(client: Any) -> None:
    root = ET.fromstring(client.get("/en/market/products/voorbeeld/zaken-api/feed.atom").get_data())
    hrefs = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert sorted(hrefs) == sorted(f"/en/market/deployments/{k}/" for k in (REGRESSED, IMPROVED))
    gebrekkig = ET.fromstring(client.get("/en/market/products/gebrekkig/zaken-api/feed.atom").get_data())
    assert gebrekkig.findall(f"{ATOM}entry") == []
    assert client.get("/en/market/products/nobody/zaken-api/feed.atom").status_code == 404


def test_product_rule_and_runs_pages(client: Any, reader: MarketReader) -> None:
    product = client.get("/nl/market/products/gebrekkig/zaken-api/").get_data(as_text=True)
    assert "Gebrekkig Zaken" in product and "gebrekkig/zaken-api/plain-errors" in product
    assert 'class="chart"' in product
    rules = client.get("/en/market/rules/").get_data(as_text=True)
    assert "probe.version-header" in rules and "CG-API-03" in rules
    rule = client.get("/en/market/rules/probe.version-header/")
    assert rule.status_code == 200
    points = reader.adoption("probe.version-header")
    assert len(points) == 2
    html = rule.get_data(as_text=True)
    assert f"{points[-1].passed} of {points[-1].total}" in html
    runs = client.get("/nl/market/runs/").get_data(as_text=True)
    assert runs.count("<tr><td>") == 2
    for missing in (
        "/nl/market/rules/no.such-rule/",
        "/nl/market/products/x/y/",
        "/nl/market/deployments/x/y/z/",
    ):
        assert client.get(missing).status_code == 404


def test_without_a_database_the_dashboard_says_how_to_start() -> None:
    client = create_app({"TESTING": True}).test_client()
    response = client.get("/nl/market/")
    assert response.status_code == 503
    assert "cgcomply serve --db" in response.get_data(as_text=True)
    api = client.get("/monitor/api/v1/targets")
    assert api.status_code == 503 and api.mimetype == "application/problem+json"


def test_serve_refuses_a_file_that_is_not_a_monitor_database(tmp_path: Path) -> None:
    bogus = tmp_path / "other.sqlite"
    import sqlite3

    sqlite3.connect(bogus).execute("CREATE TABLE x (a)").connection.commit()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cgcomply.cli import main; main()",
            "serve",
            "--port",
            "0",
            "--db",
            str(bogus),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "geen monitordatabase" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- the JSON API


def test_api_answers_with_the_latest_verdicts(client: Any, reader: MarketReader) -> None:
    response = client.get("/monitor/api/v1/targets")
    assert response.status_code == 200 and response.headers["API-Version"] == "1.0.0"
    data = response.get_json()
    assert data["count"] == 10 and len(data["results"]) == 10
    row = next(r for r in data["results"] if r["key"] == REGRESSED)
    assert row["id"] == REGRESSED.replace("/", "~")
    assert row["latest"]["verdict"] == "fail" and row["latest"]["runId"] == 2
    assert {"id": "CG-API-06", "verdict": "fail"} in row["latest"]["requirements"]
    one = client.get(f"/monitor/api/v1/targets/{row['id']}").get_json()
    assert one == row
    history = client.get(f"/monitor/api/v1/targets/{row['id']}/verdicts").get_json()
    assert [v["runId"] for v in history["results"]] == [2, 1]
    filtered = client.get("/monitor/api/v1/targets?supplier=voorbeeld&verdict=fail").get_json()
    assert [r["key"] for r in filtered["results"]] == [REGRESSED]
    runs = client.get("/monitor/api/v1/runs").get_json()
    assert [r["id"] for r in runs["results"]] == [2, 1]
    assert sum(runs["results"][0]["counts"].values()) == 10
    run = client.get("/monitor/api/v1/runs/1").get_json()
    assert run["status"] == "finished"
    verdicts = client.get("/monitor/api/v1/runs/1/verdicts?q=voorbeeld").get_json()
    assert {v["targetId"] for v in verdicts["results"]} == {
        REGRESSED.replace("/", "~"),
        IMPROVED.replace("/", "~"),
    }


def test_api_findings_and_facets(client: Any, reader: MarketReader) -> None:
    everything = client.get("/monitor/api/v1/findings").get_json()
    total, _ = reader.findings(2, limit=1)
    assert everything["count"] == total > 0 and everything["pageSize"] == 100
    assert len(everything["results"]) == min(100, total)
    one = client.get(
        "/monitor/api/v1/findings",
        query_string={
            "target": REGRESSED.replace("/", "~"),
            "checkId": "probe.security-headers",
            "severity": "error",
        },
    ).get_json()
    assert one["count"] >= 1
    assert {(f["targetId"], f["checkId"], f["severity"]) for f in one["results"]} == {
        (REGRESSED.replace("/", "~"), "probe.security-headers", "error")
    }
    page_two = client.get("/monitor/api/v1/findings?page=2").get_json()
    assert page_two["page"] == 2 and len(page_two["results"]) == max(0, min(100, total - 100))
    assert client.get("/monitor/api/v1/findings?run=1").get_json()["results"][0]["runId"] == 1
    assert client.get("/monitor/api/v1/findings?run=99").status_code == 404
    facets = client.get("/monitor/api/v1/facets").get_json()
    assert facets["runId"] == 2
    assert {f["value"]: f["count"] for f in facets["suppliers"]} == {
        "gebrekkig": 6,
        "voorbeeld": 2,
        "wankel": 2,
    }
    assert sum(f["count"] for f in facets["verdicts"]) == 10


@pytest.mark.parametrize(
    ("path", "status", "names"),
    [
        ("/monitor/api/v1/targets?page=0", 400, ["page"]),
        ("/monitor/api/v1/targets?page=abc&colour=red", 400, ["page", "colour"]),
        ("/monitor/api/v1/targets?verdict=great", 400, ["verdict"]),
        ("/monitor/api/v1/runs/abc", 400, ["runId"]),
        ("/monitor/api/v1/runs/99999999999999999999999", 400, ["runId"]),
        ("/monitor/api/v1/runs/999", 404, []),
        ("/monitor/api/v1/targets/", 404, []),
        ("/monitor/api/v1/targets/nobody~x~y", 404, []),
        ("/monitor/api/v1/nothing-here", 404, []),
    ],
)
def test_api_errors_are_problem_details(client: Any, path: str, status: int, names: list[str]) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.headers["API-Version"] == "1.0.0"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert [p["name"] for p in body.get("invalidParams", [])] == names


def test_api_is_read_only_and_cors_closed_except_the_document(client: Any) -> None:
    response = client.post("/monitor/api/v1/targets")
    assert response.status_code == 405 and response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]
    targets = client.get("/monitor/api/v1/targets", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in targets.headers
    assert targets.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in targets.headers["Content-Security-Policy"]
    document = client.get("/monitor/api/v1/openapi.json")
    assert document.headers["Access-Control-Allow-Origin"] == "*"
    assert document.get_json()["servers"][0]["url"] == "http://localhost/monitor/api/v1"
    english = client.get("/monitor/api/v1/targets?page=0", headers={"Accept-Language": "en-GB"}).get_json()
    assert english["title"] == "Invalid input"


def test_lint_of_the_api_document_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(api_document("https://127.0.0.1:8443/monitor/api/v1")), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cgcomply.cli import main; main()",
            "lint",
            str(path),
            "--adr",
            "2.2.0",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    statuses = {c["status"] for c in report["checks"]}
    assert "fail" not in statuses and "error" not in statuses


@pytest.fixture(scope="module")
def https_api(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app with the dashboard served over HTTPS on 127.0.0.1 (a test CA); yields (base URL, CA file)."""
    from cgcomply.demo.certs import make_test_certificates

    certificates = make_test_certificates(tmp_path_factory.mktemp("api-certs"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")
    context.load_cert_chain(certificates.cert_path, certificates.key_path)
    server = make_server("127.0.0.1", 0, db=str(db), ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_port}/monitor/api/v1", str(certificates.ca_path)
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


@pytest.mark.slow
def test_verify_of_the_api_shows_no_failed_check_or_requirement(
    https_api: tuple[str, str], tmp_path: Path
) -> None:
    base, ca = https_api
    out = tmp_path / "verify.json"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cgcomply.cli import main; main()",
            "verify",
            "--profile",
            "cg-basis",
            "--url",
            base,
            "--cacert",
            ca,
            "--conformance",
            "--format",
            "json",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    failed = [c["id"] for c in report["checks"] if c["status"] in ("fail", "error")]
    assert failed == [], json.dumps([c for c in report["checks"] if c["id"] in failed])[:3000]
    verdicts = {r["id"]: r["verdict"] for r in report["requirements"]}
    assert "fail" not in verdicts.values() and "undetermined" not in verdicts.values(), verdicts
    assert (
        verdicts["CG-API-06"] == "pass" and verdicts["CG-API-03"] == "pass"
    )  # TLS, headers, CORS; versioning
    live = {c["id"]: c["status"] for c in report["checks"] if c["kind"] == "live"}
    assert live["probe.conformance"] == "pass"  # schemathesis found every answer as documented
    assert live["probe.tls"] == "pass" and live["probe.version-header"] == "pass"
    # exit 3: only the rules a person must judge are left (manual), none failed
    assert result.returncode == 3, result.stderr[-2000:]
