"""``monitor import`` (issue 12 item 1): a Softwarecatalogus CSV export and DON's API register JSON."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.monitor.catalogue import load_catalogue

FIXTURES = Path(__file__).parent / "fixtures" / "monitor"


def test_a_softwarecatalogus_export_becomes_a_catalogue(tmp_path: Path) -> None:
    output = tmp_path / "markt.yaml"
    result = CliRunner().invoke(
        main,
        [
            "monitor",
            "import",
            "--from",
            "softwarecatalogus",
            str(FIXTURES / "softwarecatalogus-export.csv"),
            "-o",
            str(output),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 deployments of 2 suppliers" in result.output
    assert (
        "withdrawn" in result.output
        and "no Endpoint URL" in result.output
        and "Onbekende Standaard" in result.output
    )
    catalogue = load_catalogue(output)
    by_key = {d.key: d for d in catalogue.deployments}
    production = by_key["acme/acme-zaken/gemeente-utrecht-productie"]
    assert production.standards == ("zgw-zaken@1.5.1", "zgw-documenten@1.4.2")
    assert production.product_version == "2.1.0" and production.organisation == "Gemeente Utrecht"
    assert production.oas_url == "https://zaken.acme.example/api/v1/openapi.json"
    assert by_key["beta/beta-dms/acceptatie"].base_url is None
    assert catalogue.supplier("beta").name == "Beta Systemen"


def test_the_don_register_becomes_a_catalogue_with_a_deployment_per_server(tmp_path: Path) -> None:
    output = tmp_path / "don.yaml"
    result = CliRunner().invoke(
        main,
        [
            "monitor",
            "import",
            "--from",
            "don-register",
            str(FIXTURES / "don-register-apis.json"),
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    catalogue = load_catalogue(output)
    keys = sorted(d.key for d in catalogue.deployments)
    assert keys == [
        "gm0344/7a2c6b0e-zaken-utrecht/productie",
        "gm0344/7a2c6b0e-zaken-utrecht/test-omgeving",
        "zb000123/b91d-kadaster-bag/productie",
    ]
    bag = next(d for d in catalogue.deployments if d.key.startswith("zb000123"))
    assert bag.base_url is None and bag.oas_url == "https://api.kadaster.example/bag/v2/openapi.yaml"
    assert bag.product_version == "2.9.0" and bag.contact == "bag@kadaster.example"
    assert (
        "retired in the register" in result.output
        or "buiten" in result.output
        or "c00-retired" in result.output
    )


def test_bad_exports_are_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"apis": [1,', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["monitor", "import", "--from", "don-register", str(bad), "-o", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 2 and "bad.json:1" in result.output and "geen JSON" in result.output
    csv = tmp_path / "bad.csv"
    csv.write_text("Naam;Iets\nx;y\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["monitor", "import", "--from", "softwarecatalogus", str(csv), "-o", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 2 and "bad.csv:1" in result.output and "Leverancier Naam" in result.output
