"""The registry of VNG API standards (data in the package), the document store (cache and offline folder)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.errors import DocumentError, UsageError
from cgcomply.standards.registry import STATUSES, StandardDocument, load_registry
from cgcomply.standards.store import DocumentStore, open_standard
from servers import serve, static_files

REPO = Path(__file__).resolve().parents[1]
STANDARDS_CORPUS = Path(os.environ.get("CGCOMPLY_CORPUS", REPO.parent / "shared" / "corpus")) / "standards"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CGCOMPLY_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cgcomply-cache"))


def standards_corpus() -> Path:
    if not STANDARDS_CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the standards corpus is missing at {STANDARDS_CORPUS}")
        pytest.skip(f"standards corpus not available at {STANDARDS_CORPUS}")
    return STANDARDS_CORPUS


def test_registry_shape() -> None:
    registry = load_registry()
    ids = [version.id for version in registry.versions]
    assert len(ids) == len(set(ids))
    assert {"zgw-zaken@1.5.1", "zgw-documenten@1.4.2", "zgw-catalogi@1.3.1", "zgw-autorisaties@1.0.0"} <= set(
        ids
    )
    assert {version.family for version in registry.versions} >= {"zgw", "haal-centraal", "common-ground"}
    for version in registry.versions:
        assert version.status in STATUSES, version.id
        assert sum(doc.canonical for doc in version.documents) == 1, version.id
        variants = [doc.variant for doc in version.documents]
        assert len(variants) == len(set(variants)), version.id
        for doc in version.documents:
            assert re.fullmatch(r"[0-9a-f]{64}", doc.sha256)
            # pinned by commit, never by tag or branch
            assert f"/{doc.commit}/" in doc.url and re.fullmatch(r"[0-9a-f]{40}", doc.commit), doc.url
    zaken = registry.get("zgw-zaken@1.5.1")
    assert zaken.status == "vastgesteld"
    assert zaken.canonical.variant == "gemma-zaken"
    assert zaken.canonical.sha256.startswith("132eaa29")
    assert zaken.document("zaken-api-tag").sha256.startswith("2944c846")
    # the GEMMA file refs the mutable current_version alias; the registry pins it
    (need,) = zaken.canonical.refs
    assert "/master/" in need.url and need.pinned_url and "/master/" not in need.pinned_url
    assert registry.get("zgw-catalogi@1.3.1").conformance.extensions == "not-allowed"
    assert registry.get("zgw-zaken@1.2.1").status == "vervallen"
    assert registry.get("kic-klanten@1.0.0").status == "deprecated"
    assert registry.get("zgw-zaken").version == "1.7.0"  # newest vastgesteld


def test_registry_errors_name_what_is_known() -> None:
    registry = load_registry()
    with pytest.raises(UsageError, match=r"known versions: .*1\.5\.1"):
        registry.get("zgw-zaken@9.9.9")
    with pytest.raises(UsageError, match="unknown standard 'nope'"):
        registry.get("nope@1.0.0")
    with pytest.raises(UsageError, match="known variants: gemma-zaken, zaken-api-tag"):
        registry.get("zgw-zaken@1.5.1").document("other")


def test_registry_data_is_what_the_script_builds(tmp_path: Path) -> None:
    corpus = standards_corpus()
    out = tmp_path / "registry.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "build_standards_registry.py"),
            "--corpus",
            str(corpus),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert json.loads(out.read_text()) == json.loads((REPO / "standards" / "registry.json").read_text())


def test_no_standard_document_in_the_repository() -> None:
    registry = load_registry()
    shas = {doc.sha256 for version in registry.versions for doc in version.documents}
    for path in (REPO / "standards").rglob("*"):
        if path.is_file():
            assert hashlib.sha256(path.read_bytes()).hexdigest() not in shas
            assert path.suffix in (".json", ".md")


def test_cli_list_and_show() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["standards", "list"])
    assert result.exit_code == 0, result.output
    assert "zgw-zaken@1.5.1" in result.output and "hc-brp-personen@2.7.0" in result.output
    assert "cg-objects@2.7.0" in result.output and "vervallen" in result.output
    result = runner.invoke(main, ["standards", "list", "--family", "zgw", "--format", "json"])
    rows = json.loads(result.output)
    assert rows and all(row["family"] == "zgw" for row in rows)
    result = runner.invoke(main, ["standards", "show", "zgw-zaken@1.5.1", "--lang", "en"])
    assert result.exit_code == 0
    assert "132eaa29d4ff5460b88ee1960c8e7c0c96f719542ccba490515068f121a2cb43" in result.output
    assert "zaken-api-tag" in result.output and "current_version" in result.output
    result = runner.invoke(main, ["standards", "show", "zgw-zaken@0.0.1"])
    assert result.exit_code == 2 and "bekende versies" in result.output


def test_offline_folder_finds_and_verifies(tmp_path: Path) -> None:
    corpus = standards_corpus()
    registry = load_registry()
    store = DocumentStore(standards_dir=corpus)
    loaded = open_standard(registry.get("zgw-zaken@1.7.0"), registry, store)
    try:
        assert loaded.missing_refs == []
        assert loaded.document.ref_problems() == []  # relative cross-standard refs resolve offline
        assert loaded.document.source.startswith(
            "https://raw.githubusercontent.com/VNG-Realisatie/gemma-zaken/36de868e"
        )
    finally:
        loaded.close()
    # a folder where the file has other bytes: refused, never used
    copy = tmp_path / "zgw-notificaties-1.0.0.yaml"
    copy.write_bytes(
        (corpus / "zgw-notificaties-1.0.0.yaml").read_bytes().replace(b"Notificaties", b"Notifikaties", 1)
    )
    with pytest.raises(DocumentError, match="no file with sha256"):
        open_standard(registry.get("zgw-notificaties@1.0.0"), registry, DocumentStore(standards_dir=tmp_path))


@pytest.fixture
def file_server(tmp_path: Path):
    root = tmp_path / "www"
    root.mkdir()
    with serve(static_files(root)) as server:
        yield root, server.url()


def _doc(url: str, data: bytes) -> StandardDocument:
    return StandardDocument(
        variant="x",
        canonical=True,
        repo="o/r",
        commit="c" * 40,
        path="openapi.yaml",
        url=url,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def test_cache_fetches_once_and_checks_sha256(file_server, tmp_path: Path) -> None:
    root, base = file_server
    data = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
    (root / "doc.yaml").write_bytes(data)
    cache = tmp_path / "cache"
    store = DocumentStore(cache=cache)
    doc = _doc(f"{base}/doc.yaml", data)
    path = store.locate(doc.url, doc.sha256, doc.size)
    assert path.read_bytes() == data and cache in path.parents
    (root / "doc.yaml").unlink()  # the second run reads the cache, not the network
    assert DocumentStore(cache=cache).locate(doc.url, doc.sha256, doc.size) == path
    # a server that sends other bytes: refused and not cached
    (root / "bad.yaml").write_bytes(data + b"# changed\n")
    bad = _doc(f"{base}/bad.yaml", data)
    with pytest.raises(DocumentError, match="registry pins"):
        DocumentStore(cache=cache).locate(bad.url, bad.sha256, bad.size)
    assert not any(p.name == "bad.yaml" for p in cache.rglob("*"))
    with pytest.raises(DocumentError, match="downloading is off"):
        DocumentStore(cache=cache, offline=True).locate(bad.url, bad.sha256, bad.size)


def test_cache_folder_follows_xdg(monkeypatch, tmp_path: Path) -> None:
    from cgcomply.standards.store import cache_dir

    monkeypatch.delenv("CGCOMPLY_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "cgcomply" / "standards"
    monkeypatch.setenv("CGCOMPLY_CACHE_DIR", str(tmp_path / "own"))
    assert cache_dir() == tmp_path / "own" / "standards"


def test_cli_rules_lists_every_rule_and_live_check() -> None:
    from cgcomply.standards.live import LIVE_CHECKS
    from cgcomply.standards.rules import all_rules

    result = CliRunner().invoke(main, ["standards", "rules", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {row["code"] for row in data["static"]} == set(all_rules())
    assert {row["id"] for row in data["live"]} == {check.id for check in LIVE_CHECKS}
    assert {"operation-missing", "response-property-optional", "security-scopes-differ"} <= set(all_rules())
