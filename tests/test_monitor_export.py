"""``cgcomply monitor export`` (issue 12 item 7): the latest verdicts as CSV, JSON, Excel and a
Softwarecatalogus compliancy file, read back from the files, on SQLite and on PostgreSQL.

The market: two suppliers on example APIs served on 127.0.0.1 (good, broken, down, and one that claims the
ZGW Autorisaties standard and is verified against it), run twice; the second run checks only part of the
market, so the export must take each deployment's verdict from the newest run that has one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from tests.monitor_helpers import dead_url, http_servers

from cgcomply.cli import main
from cgcomply.demo import zgw
from cgcomply.errors import UsageError
from cgcomply.monitor.catalogue import load_catalogue
from cgcomply.monitor.exports import ExportFilters, collect, export
from cgcomply.monitor.exports.base import COLUMNS
from cgcomply.monitor.run import RunOptions, run_monitor
from cgcomply.monitor.store import open_store
from conftest import corpus_path
from postgres import PostgresServer

BASE = "https://monitor.vng.example/markt"
EVIL = '=HYPERLINK("http://evil.example","klik")'


@dataclass
class Market:
    db: str
    first_run: int
    second_run: int


def _catalogue(path: Path, good: str, broken: str, autorisaties: str) -> Path:
    data = {
        "defaults": {"profile": "cg-basis"},
        "suppliers": [
            {
                "id": "acme",
                "name": "Acme BV",
                "products": [
                    {
                        "id": "zaken",
                        "name": "Acme Zaken",
                        "version": "2.1",
                        "deployments": [
                            {"environment": "prod", "organisation": "Gemeente Alfa", "base_url": good},
                            {"environment": "test", "organisation": "Gemeente Alfa", "base_url": broken},
                        ],
                    },
                    {
                        "id": "autorisaties",
                        "name": "Acme Autorisaties",
                        "version": "1.0",
                        "deployments": [
                            {
                                "environment": "prod",
                                "organisation": "Gemeente Beta",
                                "base_url": autorisaties,
                                "standards": ["zgw-autorisaties@1.0.0", "zgw-zaken@1.5.1"],
                            }
                        ],
                    },
                ],
            },
            {
                "id": "beta",
                "name": EVIL,  # a name a spreadsheet would evaluate: must stay text
                "products": [
                    {
                        "id": "docs",
                        "name": "Beta Docs",
                        "version": "0.9",
                        "deployments": [
                            {
                                "environment": "prod",
                                "organisation": "Gemeente Beta",
                                "base_url": dead_url(),
                                "standards": ["zgw-documenten@1.4.2"],
                            }
                        ],
                    }
                ],
            },
        ],
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def _build(db: str, folder: Path) -> Market:
    standards = corpus_path("standards")
    options = RunOptions(tls_scan=False, retries=0, retry_delay=0.1, standards_dir=str(standards))
    with http_servers([[], ["no-version-header"], []]) as (good, broken, other):
        autorisaties = other.base_url.replace("/zaken/api/v1", zgw.ZGW_BASE_PATH)
        catalogue = load_catalogue(
            _catalogue(folder / "catalogue.yaml", good.base_url, broken.base_url, autorisaties)
        )
        with open_store(db) as store:
            first = run_monitor(catalogue, store, options)
            second = run_monitor(catalogue, store, replace(options, only=("acme/zaken/*",)))
    return Market(db, first.run_id, second.run_id)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def market(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Market]:
    folder = tmp_path_factory.mktemp("market")
    if request.param == "sqlite":
        yield _build(str(folder / "monitor.sqlite"), folder)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database("export")
    try:
        yield _build(server.url(name), folder)
    finally:
        server.drop_database(name)


def _verdicts(market: Market) -> dict[str, tuple[str, int]]:
    with open_store(market.db) as store:
        latest = {r.deployment_key: (r.verdict, r.run_id) for r in store.results(market.first_run)}
        latest.update({r.deployment_key: (r.verdict, r.run_id) for r in store.results(market.second_run)})
    return latest


def test_latest_verdict_per_deployment_from_the_newest_run_that_checked_it(market: Market) -> None:
    with open_store(market.db) as store:
        data = collect(store, report_base_url=BASE)
    rows = {row.deployment.key: row for row in data.rows}
    assert set(rows) == {"acme/zaken/prod", "acme/zaken/test", "acme/autorisaties/prod", "beta/docs/prod"}
    assert {key: (row.verdict, row.result.run_id) for key, row in rows.items() if row.result} == _verdicts(
        market
    )
    assert rows["acme/zaken/prod"].result.run_id == market.second_run  # type: ignore[union-attr]
    assert rows["beta/docs/prod"].result.run_id == market.first_run  # type: ignore[union-attr]
    assert rows["acme/zaken/test"].verdict == "fail"
    assert rows["beta/docs/prod"].verdict == "undetermined"  # unreachable: never a pass
    assert [run.id for run in data.runs] == [market.first_run, market.second_run]
    assert rows["acme/zaken/prod"].report_url == f"{BASE}/nl/market/deployments/acme/zaken/prod/report.html"
    verified = {s.ident: s.verdict for s in rows["acme/autorisaties/prod"].standard_verdicts}
    assert verified["zgw-zaken@1.5.1"] == "voldoet niet"  # an Autorisaties API is no Zaken API
    assert verified["zgw-autorisaties@1.0.0"] in {"voldoet", "voldoet niet", "niet vastgesteld"}


def test_csv_has_one_row_per_deployment_with_its_url_and_is_formula_safe(
    market: Market, tmp_path: Path
) -> None:
    out = tmp_path / "verdicts.csv"
    with open_store(market.db) as store:
        result = export(store, "csv", out, report_base_url=BASE)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert result.records == len(rows) == 4
    assert list(rows[0]) == [column.key for column in COLUMNS]
    by_key = {row["deployment"]: row for row in rows}
    assert {key: row["verdict"] for key, row in by_key.items()} == {
        k: v for k, (v, _) in _verdicts(market).items()
    }
    assert by_key["acme/zaken/test"]["verdict_text"] == "voldoet niet"
    assert by_key["acme/zaken/prod"]["base_url"].startswith("http://127.0.0.1:")
    assert by_key["beta/docs/prod"]["supplier"] == "'" + EVIL  # Excel would run it; the quote keeps it text
    assert by_key["beta/docs/prod"]["state"] == "tijdelijk niet bereikbaar"
    assert by_key["acme/autorisaties/prod"]["standards"] == "zgw-autorisaties@1.0.0 zgw-zaken@1.5.1"


def test_filters_by_supplier_and_organisation(market: Market, tmp_path: Path) -> None:
    with open_store(market.db) as store:
        acme = collect(store, ExportFilters(suppliers=("ACME",)))
        beta = collect(store, ExportFilters(suppliers=(EVIL,)))  # by name too
        alfa = collect(store, ExportFilters(organisations=("gemeente alfa",)))
        both = collect(store, ExportFilters(suppliers=("acme",), organisations=("Gemeente Beta",)))
    assert {r.deployment.key for r in acme.rows} == {
        "acme/zaken/prod",
        "acme/zaken/test",
        "acme/autorisaties/prod",
    }
    assert [r.deployment.key for r in beta.rows] == ["beta/docs/prod"]
    assert {r.deployment.key for r in alfa.rows} == {"acme/zaken/prod", "acme/zaken/test"}
    assert [r.deployment.key for r in both.rows] == ["acme/autorisaties/prod"]


def test_json_export_reads_back(market: Market, tmp_path: Path) -> None:
    out = tmp_path / "verdicts.json"
    with open_store(market.db) as store:
        export(store, "json", out, lang="en", filters=ExportFilters(organisations=("Gemeente Beta",)))
    data = json.loads(out.read_text("utf-8"))
    assert data["format"] == "cgcomply-monitor-export" and data["lang"] == "en"
    assert data["filters"]["organisations"] == ["Gemeente Beta"]
    rows = {row["deployment"]: row for row in data["deployments"]}
    assert set(rows) == {"acme/autorisaties/prod", "beta/docs/prod"}
    assert rows["beta/docs/prod"]["verdict_text"] == "not determined"
    assert rows["acme/autorisaties/prod"]["standards"] == ["zgw-autorisaties@1.0.0", "zgw-zaken@1.5.1"]
    assert rows["acme/autorisaties/prod"]["standard_verdicts"][0]["standard"] == "zgw-autorisaties"
    assert rows["beta/docs/prod"]["report_url"] is None  # no --report-base-url


def test_xlsx_cells_are_text_never_formulas(market: Market, tmp_path: Path) -> None:
    out = tmp_path / "verdicts.xlsx"
    with open_store(market.db) as store:
        export(store, "xlsx", out, report_base_url=BASE)
    book = openpyxl.load_workbook(out)
    sheet = book["Oordelen"]
    header = [cell.value for cell in sheet[1]]
    assert header == [column.heading.nl for column in COLUMNS]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 4
    formulas = [c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    by_key = {row[0].value: row for row in rows}
    evil = by_key["beta/docs/prod"][header.index("Leverancier")]
    assert evil.value == EVIL and evil.data_type == "s" and evil.quotePrefix
    link = by_key["acme/zaken/prod"][header.index("Link naar het rapport")]
    assert link.hyperlink is not None and link.hyperlink.target == link.value
    assert by_key["acme/zaken/prod"][header.index("Run")].value == market.second_run  # a number
    assert by_key["acme/zaken/test"][header.index("Oordeel")].value == "voldoet niet"
    meta = {row[0].value: row[1].value for row in book["Export"].iter_rows()}
    assert meta["Deployments"] == 4


def test_softwarecatalogus_upsert_per_product_version_and_standard_version(
    market: Market, tmp_path: Path
) -> None:
    out = tmp_path / "compliancy.json"
    with open_store(market.db) as store:
        result = export(store, "softwarecatalogus", out, report_base_url=BASE)
        deciding = store.result(market.second_run, "acme/zaken/test", with_report=False)
    records = json.loads(out.read_text("utf-8"))
    assert result.records == len(records)
    by = {(r["module"], r["moduleVersie"], r["_standaard"], r["_versie"]): r for r in records}
    adr = by[("zaken", "2.1", "nlgov-adr", "2.2.0")]
    # one product version, two deployments: prod passes or not, test fails; one failure decides
    assert adr["status"] == "Niet ondersteund" and adr["_oordeel"] == "voldoet niet"
    assert adr["bewijs"] == f"{BASE}/nl/market/deployments/acme/zaken/test/report.html"
    assert {d["deployment"] for d in adr["_deployments"]} == {"acme/zaken/prod", "acme/zaken/test"}
    assert adr["standaardversie"] == "NL GOV API Design Rules 2.2.0"
    assert deciding is not None and adr["_rapport_sha256"] == deciding.report_sha256
    assert adr["_datum"] == deciding.finished_at
    verified = by[("autorisaties", "1.0", "zgw-autorisaties", "1.0.0")]
    assert verified["status"] in {"Ondersteund", "Niet ondersteund", "Niet getest"}
    assert verified["_oordeel"] == {"Ondersteund": "voldoet", "Niet ondersteund": "voldoet niet"}.get(
        verified["status"], "niet vastgesteld"
    )
    assert verified["_rapport_sha256"] and verified["bewijs"].endswith("/acme/autorisaties/prod/report.html")
    zaken = by[("autorisaties", "1.0", "zgw-zaken", "1.5.1")]
    assert zaken["status"] == "Niet ondersteund" and "Zaken" in zaken["standaardversie"]
    claimed = by[("docs", "0.9", "zgw-documenten", "1.4.2")]  # claimed by an API that could not be checked
    assert claimed["status"] == "Niet getest" and claimed["_oordeel"] == "niet vastgesteld"
    down = by[("docs", "0.9", "nlgov-adr", "2.2.0")]
    assert down["status"] == "Niet getest"  # unreachable: never Ondersteund
    assert all(r["id"] == "" for r in records)


def test_softwarecatalogus_as_csv_and_needs_the_report_address(market: Market, tmp_path: Path) -> None:
    out = tmp_path / "compliancy.csv"
    with open_store(market.db) as store:
        export(store, "softwarecatalogus", out, report_base_url=BASE)
        with pytest.raises(UsageError, match="--report-base-url"):
            export(store, "softwarecatalogus", tmp_path / "x.json")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"module", "moduleVersie", "standaardversie", "status", "bewijs", "_rapport_sha256"} <= set(
        rows[0]
    )
    assert any(r["_leverancier"] == "'" + EVIL for r in rows)


def test_the_command(market: Market, tmp_path: Path) -> None:
    out = tmp_path / "acme.csv"
    runner = CliRunner()
    done = runner.invoke(
        main,
        ["monitor", "export", "--db", market.db, "--format", "csv", "-o", str(out), "--supplier", "acme"],
    )
    assert done.exit_code == 0, done.output
    assert "3 regel(s) geschreven" in done.output
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 3
    english = runner.invoke(
        main,
        [
            "monitor",
            "export",
            "--db",
            market.db,
            "--format",
            "json",
            "-o",
            str(tmp_path / "a.json"),
            "--lang",
            "en",
        ],
    )
    assert english.exit_code == 0 and "4 record(s) written" in english.output
    missing = runner.invoke(
        main,
        [
            "monitor",
            "export",
            "--db",
            market.db,
            "--format",
            "softwarecatalogus",
            "-o",
            str(tmp_path / "s.json"),
        ],
    )
    assert (
        missing.exit_code == 2 and "--report-base-url" in missing.output and "Traceback" not in missing.output
    )


def test_a_missing_database_or_folder_is_a_clear_error(tmp_path: Path) -> None:
    runner = CliRunner()
    gone = runner.invoke(
        main, ["monitor", "export", "--db", str(tmp_path / "nope.sqlite"), "--format", "csv", "-o", "x.csv"]
    )
    assert gone.exit_code == 2 and "nope.sqlite" in gone.output and not (tmp_path / "nope.sqlite").exists()
    db = tmp_path / "m.sqlite"
    open_store(db).close()
    folder = runner.invoke(
        main, ["monitor", "export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "no" / "x.csv")]
    )
    assert folder.exit_code == 2 and "de map bestaat niet" in folder.output
