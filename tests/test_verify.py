"""``cgcomply verify`` against the bundled example API: the exact verdict per requirement of cg-basis.

The example API runs for real on 127.0.0.1 (HTTPS with a test CA, or plain HTTP in ``http-only``). In its
compliant mode every machine-verifiable requirement passes; each broken mode makes exactly the requirements
that it breaks fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.demo.document import demo_document
from cgcomply.demo.server import start_demo_server
from cgcomply.probes.options import ProbeOptions
from cgcomply.report.base import requirement_reason
from cgcomply.report.model import Verdict
from cgcomply.resources import profiles_dir
from cgcomply.verification import verify_profile

CG_BASIS = profiles_dir() / "cg-basis.yaml"

COMPLIANT: dict[str, Verdict] = {
    "CG-DATA-01": Verdict.PASS,
    "CG-DATA-02": Verdict.MANUAL,  # a person compares the data overview with the information model
    "CG-API-01": Verdict.PASS,
    # adr.http-methods (MUST) is a functional rule in ADR 2.2: a person judges it, so no "voldoet"
    "CG-API-02": Verdict.MANUAL,
    "CG-API-03": Verdict.PASS,
    "CG-API-05": Verdict.PASS,
    "CG-API-06": Verdict.PASS,
}

# Which requirements each broken mode must make fail; every other requirement keeps its compliant verdict.
BROKEN: dict[str, set[str]] = {
    "no-version-header": {"CG-API-03"},
    "redirect-trailing-slash": {"CG-API-02"},
    "plain-errors": {"CG-API-05"},
    "missing-security-headers": {"CG-API-06"},
    "unpublished-document": {"CG-DATA-01", "CG-API-01"},
    "wildcard-cors": {"CG-API-06"},
    "http-only": {"CG-API-06"},
}


def _verify(tmp_path: Path, breaks: tuple[str, ...], *, with_document: bool = False):
    with start_demo_server(port=0, breaks=breaks, workdir=tmp_path / "server") as server:
        document = None
        if with_document:
            path = tmp_path / "openapi.json"
            path.write_text(json.dumps(demo_document(server.base_url)), encoding="utf-8")
            document = str(path)
        options = ProbeOptions(
            cacert=Path(server.ca_path) if server.ca_path else None, rate_per_second=1000.0
        )
        return verify_profile(CG_BASIS, base_url=server.base_url, document=document, options=options)


def _verdicts(report) -> dict[str, Verdict]:
    return {requirement.id: requirement.verdict for requirement in report.requirements}


def test_compliant_example_api_passes_every_machine_verifiable_requirement(tmp_path: Path) -> None:
    report = _verify(tmp_path, ())
    assert _verdicts(report) == COMPLIANT, [
        (r.id, r.verdict, requirement_reason(r, "en")) for r in report.requirements
    ]
    # Knock-out eisen still wait for a person (CG-DATA-02, CG-API-02): not yet decided, exit 3, never 0.
    assert report.exit_code() == 3
    assert report.profile is not None and len(report.profile.sha256) == 64


@pytest.mark.parametrize("mode", sorted(BROKEN))
def test_each_broken_mode_fails_exactly_the_requirements_it_breaks(tmp_path: Path, mode: str) -> None:
    # Without a published document the supplier hands it over with --oas, as a tender would ask.
    report = _verify(tmp_path, (mode,), with_document=mode == "unpublished-document")
    expected = {rid: (Verdict.FAIL if rid in BROKEN[mode] else verdict) for rid, verdict in COMPLIANT.items()}
    assert _verdicts(report) == expected, [
        (r.id, r.verdict, requirement_reason(r, "en")) for r in report.requirements
    ]
    assert report.exit_code() == 1


def test_unpublished_document_without_oas_leaves_static_requirements_undetermined(tmp_path: Path) -> None:
    report = _verify(tmp_path, ("unpublished-document",))
    verdicts = _verdicts(report)
    assert verdicts["CG-API-01"] is Verdict.FAIL
    assert verdicts["CG-API-02"] is Verdict.UNDETERMINED
    requirement = next(r for r in report.requirements if r.id == "CG-API-02")
    assert "openapi.json" in (requirement_reason(requirement, "en") or "")


def test_unreachable_target_is_undetermined_with_exit_code_3(tmp_path: Path) -> None:
    from conftest import free_port

    report = verify_profile(
        CG_BASIS, base_url=f"https://127.0.0.1:{free_port()}/api/v1", document=None, options=ProbeOptions()
    )
    verdicts = _verdicts(report)
    assert verdicts["CG-DATA-02"] is Verdict.MANUAL
    assert {verdicts[rid] for rid in COMPLIANT if rid != "CG-DATA-02"} == {Verdict.UNDETERMINED}
    assert report.exit_code() == 3


def test_verify_cli_writes_json_report_and_exit_code(tmp_path: Path) -> None:
    with start_demo_server(port=0, breaks=("plain-errors",), workdir=tmp_path / "server") as server:
        output = tmp_path / "report.json"
        result = CliRunner().invoke(
            main,
            [
                "verify",
                "--profile",
                "cg-basis",
                "--url",
                server.base_url,
                "--cacert",
                server.ca_path,
                "--rate",
                "1000",
                "--format",
                "json",
                "-o",
                str(output),
            ],
        )
    assert result.exit_code == 1, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["profile"]["id"] == "cg-basis"
    failing = {r["id"] for r in data["requirements"] if r["verdict"] == "fail"}
    assert failing == {"CG-API-05"}
    live = [c for c in data["checks"] if c["kind"] == "live"]
    assert any(c["id"] == "probe.problem-details" and c["status"] == "fail" for c in live)


def test_verify_without_url_or_document_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["verify", "--profile", "cg-basis"])
    assert result.exit_code == 2
    assert "--url" in result.output


def test_tls_probe_carries_the_rule_id_of_the_adr_version() -> None:
    from cgcomply.probes.registry import all_live_checks

    rules = {version: {i.id: i.adr_rule for i in all_live_checks(version)} for version in ("2.0.2", "2.2.0")}
    assert rules["2.0.2"]["probe.tls"] == "/core/transport-security"
    assert rules["2.2.0"]["probe.tls"] == "/core/transport/tls"
    assert "probe.problem-details" not in rules["2.0.2"]  # a 2.2.0 rule


def test_requirement_reasons_come_in_the_language_of_the_report(tmp_path: Path) -> None:
    with start_demo_server(port=0, workdir=tmp_path / "server") as server:
        path = tmp_path / "openapi.json"
        path.write_text(json.dumps(demo_document(server.base_url)), encoding="utf-8")
    report = verify_profile(CG_BASIS, base_url=None, document=str(path), options=ProbeOptions())
    api_01 = next(r for r in report.requirements if r.id == "CG-API-01")
    assert api_01.verdict is Verdict.UNDETERMINED  # probe.publish-openapi needs the live API
    assert "geen --url opgegeven" in (requirement_reason(api_01, "nl") or "")
    assert "no --url given" in (requirement_reason(api_01, "en") or "")
    data_02 = next(r for r in report.requirements if r.id == "CG-DATA-02")
    assert (requirement_reason(data_02, "nl") or "").startswith("handmatig: ")
    assert (requirement_reason(data_02, "en") or "").startswith("manual: ")


def test_verify_resolves_remote_refs_of_the_given_document_through_ref_maps() -> None:
    from conftest import corpus_path

    document = corpus_path("oas", "VNG-Realisatie__Haal-Centraal-BAG-bevragen__openapi.yaml")
    refs = corpus_path("oas-refs")
    maps = [
        "--ref-map",
        f"https://raw.githubusercontent.com/={refs / 'raw.githubusercontent.com'}",
        "--ref-map",
        f"http://schemas.opengis.net/={refs / 'schemas.opengis.net'}",
    ]

    def refs_status(extra: list[str]) -> str:
        result = CliRunner().invoke(
            main, ["verify", "--profile", "cg-basis", "--oas", str(document), "--format", "json", *extra]
        )
        assert result.exit_code in (1, 3), result.output
        data = json.loads(result.stdout)
        return next(c["status"] for c in data["checks"] if c["id"] == "adr.refs-resolve")

    assert refs_status([]) == "error"  # remote refs not allowed: could not decide, not a failure
    assert refs_status(maps) == "pass"


def test_a_catalogue_naming_a_check_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    """The catalogue's list of valid check ids comes from the units (catalog/checkids.py derives it); a
    renamed check would leave a requirement without its verification, so loading fails."""
    import shutil

    from cgcomply.catalog import load_catalog
    from cgcomply.catalog.checkids import KNOWN_CHECKS
    from cgcomply.errors import CatalogError
    from cgcomply.resources import requirements_dir

    assert "adr.version-header" in KNOWN_CHECKS and "probe.tls" in KNOWN_CHECKS
    folder = tmp_path / "catalog"
    shutil.copytree(requirements_dir() / "catalog", folder)
    record = folder / "CG-API-03.yaml"
    record.write_text(record.read_text("utf-8").replace("adr.semver", "adr.no-such-check"), "utf-8")
    with pytest.raises(CatalogError, match=r"adr\.no-such-check"):
        load_catalog(folder)
