"""The market catalogue (issue 12 item 1): YAML and CSV, validation errors with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.errors import MonitorError
from cgcomply.monitor.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[1]

GOOD_YAML = """\
defaults:
  profile: cg-basis
suppliers:
  - id: acme
    name: Acme BV
    contact: api@acme.example
    products:
      - id: zaken
        name: Acme Zaken
        version: 2.1.0
        deployments:
          - environment: Productie
            organisation: Gemeente Utrecht
            base_url: https://zaken.acme.example/api/v1
            standards: [zgw-zaken@1.5.1]
            headers_env: {Authorization: ACME_TOKEN}
          - environment: test
            oas_url: https://test.acme.example/api/v1/openapi.json
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_catalogue_loads_with_stable_keys(tmp_path: Path) -> None:
    catalogue = load_catalogue(_write(tmp_path, "markt.yaml", GOOD_YAML))
    assert [d.key for d in catalogue.deployments] == ["acme/zaken/productie", "acme/zaken/test"]
    first = catalogue.deployments[0]
    assert first.standards == ("zgw-zaken@1.5.1",)
    assert first.headers_env == (("Authorization", "ACME_TOKEN"),)
    assert first.product_version == "2.1.0" and first.organisation == "Gemeente Utrecht"
    assert first.host == "zaken.acme.example"
    assert catalogue.deployments[1].base_url is None
    assert len(catalogue.sha256) == 64
    assert catalogue.supplier("acme").name == "Acme BV"


def test_the_same_catalogue_as_csv_gives_the_same_deployments(tmp_path: Path) -> None:
    yaml_catalogue = load_catalogue(_write(tmp_path, "markt.yaml", GOOD_YAML))
    csv_text = (
        "supplier_id,supplier_name,supplier_contact,product_id,product_name,product_version,environment,"
        "organisation,base_url,oas_url,standards,profile,headers_env\n"
        "acme,Acme BV,api@acme.example,zaken,Acme Zaken,2.1.0,Productie,Gemeente Utrecht,"
        "https://zaken.acme.example/api/v1,,zgw-zaken@1.5.1,cg-basis,Authorization=ACME_TOKEN\n"
        "acme,Acme BV,api@acme.example,zaken,Acme Zaken,2.1.0,test,,,"
        "https://test.acme.example/api/v1/openapi.json,,cg-basis,\n"
    )
    csv_catalogue = load_catalogue(_write(tmp_path, "markt.csv", csv_text))
    assert csv_catalogue.deployments == yaml_catalogue.deployments
    assert csv_catalogue.suppliers == yaml_catalogue.suppliers


@pytest.mark.parametrize(
    ("replace", "by", "line", "field", "text"),
    [
        (
            "base_url: https://zaken.acme.example/api/v1",
            "base_url: ftp://zaken",
            14,
            "base_url",
            "not an http(s) URL",
        ),
        ("[zgw-zaken@1.5.1]", "[zaken-1.5]", 15, "standards[0]", "not a standard version"),
        (
            "{Authorization: ACME_TOKEN}",
            "{Authorization: 'Bearer abc'}",
            16,
            "headers_env.Authorization",
            "environment-variable",
        ),
        (
            "          - environment: test\n",
            "          - environment: Productie\n",
            17,
            "deployments[1]",
            "not unique",
        ),
        (
            "        version: 2.1.0\n",
            "        version: 2.1.0\n        colour: red\n",
            11,
            "colour",
            "unknown field",
        ),
        (
            "          - environment: test\n",
            "          - organisation: x\n",
            17,
            "environment",
            "is required",
        ),
    ],
)
def test_every_problem_names_file_line_and_field(
    tmp_path: Path, replace: str, by: str, line: int, field: str, text: str
) -> None:
    assert replace in GOOD_YAML
    path = _write(tmp_path, "markt.yaml", GOOD_YAML.replace(replace, by))
    with pytest.raises(MonitorError) as caught:
        load_catalogue(path)
    rendered = caught.value.render()
    assert rendered.startswith(f"{path}:{line}"), rendered
    assert field in rendered and text in rendered


def test_all_problems_of_a_file_come_at_once_and_the_cli_exits_2(tmp_path: Path) -> None:
    broken = (
        GOOD_YAML.replace("ftp", "x")
        .replace("base_url: https://zaken.acme.example/api/v1", "base_url: ftp://zaken")
        .replace("[zgw-zaken@1.5.1]", "[nope]")
    )
    path = _write(tmp_path, "markt.yaml", broken)
    result = CliRunner(env={"CGCOMPLY_LANG": "en"}).invoke(main, ["monitor", "validate", str(path)])
    assert result.exit_code == 2
    assert "2 problems" in result.output and ":14" in result.output and ":15" in result.output
    assert "Traceback" not in result.output


def test_csv_problems_name_the_row_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "markt.csv",
        "supplier_id,product_id,environment,base_url,colour\nacme,zaken,prod,https://a.example/v1,red\n",
    )
    with pytest.raises(MonitorError, match=r"markt.csv:1: colour: unknown column"):
        load_catalogue(path)
    path = _write(
        tmp_path,
        "markt.csv",
        "supplier_id,product_id,environment,base_url\nacme,zaken,prod,https://a.example/v1\nAcme!,zaken,prod,x\n",
    )
    with pytest.raises(MonitorError, match=r"markt.csv:3: supplier_id: 'Acme!' must be a lower-case slug"):
        load_catalogue(path)


def test_broken_yaml_and_missing_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(MonitorError, match="file not found"):
        load_catalogue(tmp_path / "missing.yaml")
    path = _write(tmp_path, "markt.yaml", "suppliers: [\n")
    with pytest.raises(MonitorError, match=r"markt.yaml:\d+"):
        load_catalogue(path)
    with pytest.raises(MonitorError, match="no deployments"):
        load_catalogue(_write(tmp_path, "leeg.yaml", "suppliers: []\n"))
    with pytest.raises(MonitorError, match="unknown catalogue format"):
        load_catalogue(_write(tmp_path, "markt.txt", "x"))


def test_filters_select_by_key_supplier_and_standard(tmp_path: Path) -> None:
    catalogue = load_catalogue(_write(tmp_path, "markt.yaml", GOOD_YAML))
    assert [d.key for d in catalogue.select(only=["acme/zaken/test"])] == ["acme/zaken/test"]
    assert [d.key for d in catalogue.select(only=["acme/*"])] == ["acme/zaken/productie", "acme/zaken/test"]
    assert [d.key for d in catalogue.select(standards=["zgw-zaken"])] == ["acme/zaken/productie"]
    assert [d.key for d in catalogue.select(standards=["zgw-zaken@1.5.1"])] == ["acme/zaken/productie"]
    assert catalogue.select(suppliers=["other"]) == []


def test_the_example_catalogue_is_valid() -> None:
    catalogue = load_catalogue(ROOT / "examples" / "monitor" / "catalogue.yaml")
    assert len(catalogue.deployments) == 10
    assert {d.demo.get("flapping") for d in catalogue.deployments} == {None, True}


def test_a_claimed_standard_may_name_the_base_url_of_its_api(tmp_path: Path) -> None:
    text = GOOD_YAML.replace(
        "[zgw-zaken@1.5.1]", "[zgw-zaken@1.5.1, 'zgw-autorisaties@1.0.0=https://ac.acme.example/api/v1']"
    )
    deployment = load_catalogue(_write(tmp_path, "markt.yaml", text)).deployments[0]
    assert deployment.standards == ("zgw-zaken@1.5.1", "zgw-autorisaties@1.0.0")
    assert deployment.standard_url("zgw-autorisaties@1.0.0") == "https://ac.acme.example/api/v1"
    assert deployment.standard_url("zgw-zaken@1.5.1") == "https://zaken.acme.example/api/v1"  # base_url
    bad = GOOD_YAML.replace("[zgw-zaken@1.5.1]", "['zgw-zaken@1.5.1=ftp://x']")
    with pytest.raises(MonitorError, match=r"markt.yaml:15: .*standards\[0\]: 'ftp://x' is not an http"):
        load_catalogue(_write(tmp_path, "markt.yaml", bad))
