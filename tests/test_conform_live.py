"""Live conformance, read-only, against the example API's Autorisaties API 1.0.0 subset (real server on
127.0.0.1), and the static comparison of the document it publishes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.demo.server import start_demo_server
from cgcomply.demo.zgw import DEMO_TOKEN, ZGW_BASE_PATH
from cgcomply.standards.conform import conform_target

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CGCOMPLY_CORPUS", REPO.parent / "shared" / "corpus")) / "standards"
AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CGCOMPLY_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cgcomply-cache"))


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the standards corpus is missing at {CORPUS}")
        pytest.skip(f"standards corpus not available at {CORPUS}")
    return CORPUS


def _base(server) -> str:
    return server.base_url.replace("/zaken/api/v1", ZGW_BASE_PATH)


def _statuses(result) -> dict[str, str]:
    return {check.id: check.status for check in result.live.results}


def test_faithful_subset_conforms_statically_and_live(corpus: Path) -> None:
    with start_demo_server() as server:
        result = conform_target(
            "zgw-autorisaties@1.0.0",
            base_url=_base(server),
            standards_dir=corpus,
            headers=AUTH,
            cacert=server.ca_path,
        )
        sent = server.requests
    assert result.static is not None and result.static.differences == []
    assert _statuses(result) == {
        "live.document-version": "voldoet",
        "live.operations-answer": "voldoet",
        "live.response-schema": "voldoet",
        "live.api-version": "voldoet",
        "live.pagination": "voldoet",
        "live.filters": "voldoet",  # clientIds with a value from the list, obeyed
        "live.unauthenticated": "voldoet",
        "live.unauthenticated-401": "voldoet",
    }  # no live.etag / live.head / live.expand: Autorisaties 1.0.0 declares no ETag, HEAD or expand
    assert result.verdict == "voldoet" and result.exit_code() == 0
    assert {request.method for request in sent} <= {"GET", "HEAD"}  # read-only
    assert result.live.requests <= 200


def test_break_mode_deviates_statically_and_live(corpus: Path) -> None:
    with start_demo_server(breaks=("zgw-deviation",)) as server:
        result = conform_target(
            "zgw-autorisaties@1.0.0",
            base_url=_base(server),
            standards_dir=corpus,
            headers=AUTH,
            cacert=server.ca_path,
        )
    codes = sorted(d.code for d in result.static.differences if d.severity == "error")
    assert codes == ["operation-missing", "response-property-optional"]
    statuses = _statuses(result)
    assert statuses["live.operations-answer"] == "voldoet niet"  # /applicaties/consumer is gone
    assert statuses["live.response-schema"] == "voldoet niet"
    schema = next(c for c in result.live.results if c.id == "live.response-schema")
    assert any("'xyz' is not one of" in line for line in schema.evidence_in("en"))
    assert result.verdict == "voldoet niet" and result.exit_code() == 1


def test_without_credentials_nothing_is_passed(corpus: Path) -> None:
    """401 everywhere: the checks that need data are niet vastgesteld, never a pass."""
    with start_demo_server() as server:
        result = conform_target(
            "zgw-autorisaties@1.0.0", base_url=_base(server), standards_dir=corpus, cacert=server.ca_path
        )
    statuses = _statuses(result)
    assert statuses["live.operations-answer"] == "niet vastgesteld"
    assert statuses["live.response-schema"] == "niet vastgesteld"
    assert "live.etag" not in statuses
    assert result.verdict == "niet vastgesteld" and result.exit_code() == 3


def test_request_budget_is_kept(corpus: Path) -> None:
    with start_demo_server() as server:
        result = conform_target(
            "zgw-autorisaties@1.0.0",
            base_url=_base(server),
            standards_dir=corpus,
            headers=AUTH,
            cacert=server.ca_path,
            max_requests=3,
        )
        live_requests = [
            r
            for r in server.requests
            if r.path.startswith(ZGW_BASE_PATH) and not r.path.endswith("openapi.json")
        ]
    assert result.live.requests <= 3
    assert len(live_requests) <= 3
    assert result.verdict != "voldoet"


def test_cli_conform_url(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_TOKEN_HEADER", f"Bearer {DEMO_TOKEN}")
    with start_demo_server(breaks=("zgw-deviation",)) as server:
        result = CliRunner().invoke(
            main,
            [
                "conform",
                "--standard",
                "zgw-autorisaties@1.0.0",
                "--url",
                _base(server),
                "--standards-dir",
                str(corpus),
                "--header-env",
                "Authorization=DEMO_TOKEN_HEADER",
                "--cacert",
                server.ca_path,
                "--format",
                "json",
            ],
        )
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "voldoet niet"
    assert data["live"]["verdict"] == "voldoet niet"
    assert data["static"]["standard"]["document"]["sha256"].startswith("1d51fe4d")
    assert DEMO_TOKEN not in result.output  # the credential never appears in a report


@pytest.mark.parametrize(("breaks", "expected"), [((), "voldoet"), (("zgw-deviation",), "voldoet niet")])
def test_verify_profile_gives_a_verdict_per_standard(
    corpus: Path, tmp_path: Path, monkeypatch, breaks, expected
) -> None:
    """verify --profile cg-zaakgericht --url <the example API> finds each standard's API by its
    conventional root, without --standard-url: the Autorisaties API 1.0.0 subset conforms (or not, with
    the break); the example's own "Zaken API (voorbeeld)" at /zaken/api/v1 is found but is no Zaken API
    1.5.1; the four standards the example does not offer stay niet vastgesteld, with the roots tried."""
    monkeypatch.setenv("DEMO_TOKEN_HEADER", f"Bearer {DEMO_TOKEN}")
    out = tmp_path / "report.json"
    with start_demo_server(breaks=breaks) as server:
        result = CliRunner().invoke(
            main,
            [
                "verify",
                "--profile",
                "cg-zaakgericht",
                "--url",
                server.base_url,
                "--standards-dir",
                str(corpus),
                "--header-env",
                "Authorization=DEMO_TOKEN_HEADER",
                "--cacert",
                server.ca_path,
                "--format",
                "json",
                "-o",
                str(out),
            ],
        )
        sent = server.requests
    assert result.exit_code == 1, result.output
    assert {request.method for request in sent} <= {"GET", "HEAD", "OPTIONS"}
    data = json.loads(out.read_text())
    rows = {row["standard_id"] + "@" + row["version"]: row for row in data["standards"]}
    assert {i: r["verdict"] for i, r in rows.items()} == {
        "zgw-zaken@1.5.1": "voldoet niet",
        "zgw-documenten@1.4.2": "niet vastgesteld",
        "zgw-catalogi@1.3.1": "niet vastgesteld",
        "zgw-besluiten@1.1.0": "niet vastgesteld",
        "zgw-autorisaties@1.0.0": expected,
        "zgw-notificaties@1.0.0": "niet vastgesteld",
    }
    row = rows["zgw-autorisaties@1.0.0"]
    for key in ("product", "standard", "version", "verdict", "date", "report_sha256", "link"):
        assert row[key], key
    assert row["base_url"] == _base(server)
    assert row["link"].startswith(
        "https://raw.githubusercontent.com/VNG-Realisatie/autorisaties-api/f5dcc279"
    )
    assert row["document_sha256"].startswith("1d51fe4d")
    zaken = rows["zgw-zaken@1.5.1"]["details"]
    assert zaken["static"]["implementation"]["info_version"] == "1.0.0"
    assert any(
        c["id"] == "live.document-version" and c["status"] == "voldoet niet" for c in zaken["live"]["checks"]
    )
    documenten = rows["zgw-documenten@1.4.2"]
    assert (
        documenten["base_url"] is None
        and "/documenten/api/v1/openapi.json: 404" in documenten["reason"]["en"]
    )
    requirement = next(r for r in data["requirements"] if r["id"] == "CG-STD-11")
    assert requirement["verdict"] == "fail"
    assert DEMO_TOKEN not in out.read_text()


def test_verify_standard_url_overrides_discovery(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """--standard-url names a root by hand; without --url nothing is discovered (niet vastgesteld)."""
    monkeypatch.setenv("DEMO_TOKEN_HEADER", f"Bearer {DEMO_TOKEN}")
    profile = tmp_path / "p.yaml"
    text = (REPO / "requirements" / "profiles" / "cg-zaakgericht.yaml").read_text(encoding="utf-8")
    profile.write_text(text, encoding="utf-8")
    out = tmp_path / "report.json"
    with start_demo_server() as server:
        result = CliRunner().invoke(
            main,
            [
                "verify",
                "--profile",
                str(profile),
                "--oas",
                server.base_url + "/openapi.json",
                "--standard-url",
                f"zgw-autorisaties@1.0.0={_base(server)}",
                "--standards-dir",
                str(corpus),
                "--header-env",
                "Authorization=DEMO_TOKEN_HEADER",
                "--cacert",
                server.ca_path,
                "--format",
                "json",
                "-o",
                str(out),
            ],
        )
    assert result.exit_code in (1, 3), result.output
    rows = {row["standard_id"]: row for row in json.loads(out.read_text())["standards"]}
    assert rows["zgw-autorisaties"]["verdict"] == "voldoet"
    assert rows["zgw-zaken"]["verdict"] == "niet vastgesteld"
    assert rows["zgw-zaken"]["reason"]["nl"] == "geen --url of --standard-url opgegeven"


def test_discovery_candidates() -> None:
    from cgcomply.standards.discovery import candidates

    assert candidates("zgw-catalogi", "https://h/open-zaak/zaken/api/v1/") == [
        "https://h/open-zaak/catalogi/api/v1"
    ]
    assert candidates("zgw-zaken", "https://h/zaken/api/v1") == ["https://h/zaken/api/v1"]
    assert candidates("zgw-notificaties", "https://h/zaken/api/v1") == [
        "https://h/notificaties/api/v1",
        "https://h/api/v1",
    ]
    assert candidates("zgw-notificaties", "https://h/api/v1")[0] == "https://h/api/v1"
    assert candidates("cg-objects", "https://objecten.h") == [
        "https://objecten.h/objects/api/v2",
        "https://objecten.h/api/v2",
    ]
    assert candidates("ori", "https://h") == []


def test_profile_names_the_registry_documents() -> None:
    """The tender text of cg-zaakgericht names each standard's exact version with the registry's document."""
    from cgcomply.catalog.profiles import load_profile
    from cgcomply.standards.registry import load_registry
    from cgcomply.standards.verifying import standards_named

    item = next(i for i in load_profile("cg-zaakgericht").items if i.id == "CG-STD-11")
    text = item.parameters["standards"]
    ids = standards_named(text.nl)
    assert len(ids) == 6 and standards_named(text.en) == ids
    registry = load_registry()
    for ident in ids:
        doc = registry.get(ident).canonical
        assert doc.url in text.nl and doc.sha256 in text.nl and doc.url in text.en
    assert doc.url in item.clause("nl")


def test_an_unreachable_api_is_not_determined_never_failed(corpus: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port that nothing listens on: every request is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = conform_target(
        "zgw-autorisaties@1.0.0",
        base_url=f"http://127.0.0.1:{port}{ZGW_BASE_PATH}",
        standards_dir=corpus,
        max_requests=20,
    )
    assert result.live is not None and result.live.results
    assert set(_statuses(result).values()) == {"niet vastgesteld"}
    assert result.live.verdict == "niet vastgesteld"
    assert all(check.message.id == "live:unreachable" for check in result.live.results)
    assert "voldoet niet" not in json.dumps(result.live.to_dict("nl"), ensure_ascii=False)
