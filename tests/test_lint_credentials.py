"""Issue 9 item 9: ``lint`` of a protected document takes ``--cacert``, ``--header-env``, ``--header-file``
and ``--header-env-for`` as ``probe`` does, with the same scoping: the credential goes to the document's
origin only; another origin (a remote ``$ref`` host) gets one only when named with ``--header-env-for``.

The servers are real HTTPS servers on two ports of 127.0.0.1 (two origins) with a throw-away CA (``demo/certs.py``).
"""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.servers import Reply, Seen, Server, serve

from cgcomply.demo.certs import DemoCertificates, make_test_certificates

TOKEN = "Bearer lint-geheim-7c1e"
REF_TOKEN = "Bearer ref-geheim-91ab"


def _context(certs: DemoCertificates) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs.cert_path, certs.key_path)
    return context


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> DemoCertificates:
    return make_test_certificates(tmp_path_factory.mktemp("certs"))


def _guarded(token: str, body: dict[str, object]) -> object:
    def handler(seen: Seen) -> Reply:
        if seen.header("Authorization") != token:
            return Reply(401, {"Content-Type": "application/problem+json"}, b'{"title": "unauthorized"}')
        return Reply(200, {"Content-Type": "application/json"}, json.dumps(body).encode())

    return handler


def _document(ref_base: str) -> dict[str, object]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Beschermd", "version": "1.0.0", "description": "Een beschermd document."},
        "servers": [{"url": "https://api.example.nl/v1"}],
        "paths": {},
        "components": {"schemas": {"Zaak": {"$ref": f"{ref_base}/common.json#/Zaak"}}},
    }


@pytest.fixture()
def servers(certs: DemoCertificates) -> Iterator[tuple[Server, Server]]:
    common = {"Zaak": {"type": "object", "properties": {"id": {"type": "string"}}}}
    context = _context(certs)
    with serve(_guarded(REF_TOKEN, common), tls=context) as refs:
        ref_base = refs.url().rstrip("/")
        with serve(_guarded(TOKEN, _document(ref_base)), tls=context) as docs:
            yield docs, refs


def _lint(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "cgcomply.cli", "lint", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CGCOMPLY_LANG": "en", **env},
        cwd=cwd,
        timeout=120,
    )


def test_header_env_and_cacert_reach_the_document_and_only_its_origin(
    servers: tuple[Server, Server], certs: DemoCertificates, tmp_path: Path
) -> None:
    docs, refs = servers
    url = docs.url("/openapi.json")
    # Without the credential: the document answers 401, a clear error naming the URL, exit 2.
    denied = _lint([url, "--cacert", str(certs.ca_path)], {}, tmp_path)
    assert denied.returncode == 2, denied.stderr
    assert "401" in denied.stderr and "Traceback" not in denied.stderr
    # Without --cacert the private CA is not trusted: exit 2 as well.
    untrusted = _lint([url, "--header-env", "Authorization=DOC_TOKEN"], {"DOC_TOKEN": TOKEN}, tmp_path)
    assert untrusted.returncode == 2, untrusted.stderr
    # With both: the document is read; the $ref host (another origin) gets no credential, so the ref
    # cannot be read there (401) and the secret of the document never goes to it.
    ok = _lint(
        [
            url,
            "--cacert",
            str(certs.ca_path),
            "--header-env",
            "Authorization=DOC_TOKEN",
            "--allow-ref-host",
            f"127.0.0.1:{refs.port}",
            "--format",
            "json",
        ],
        {"DOC_TOKEN": TOKEN},
        tmp_path,
    )
    assert ok.returncode in (0, 1, 3), ok.stderr
    report = json.loads(ok.stdout)
    assert report["target"]["document"] == url
    assert all(s.header("Authorization") in (None, TOKEN) for s in docs.seen)
    assert any(s.header("Authorization") == TOKEN for s in docs.seen)
    assert refs.seen and all(s.header("Authorization") is None for s in refs.seen)
    refs_check = next(c for c in report["checks"] if c["id"] == "adr.refs-resolve")
    assert refs_check["status"] in ("fail", "error")
    assert TOKEN.split()[1] not in ok.stdout + ok.stderr


def test_header_env_for_names_the_ref_origin(
    servers: tuple[Server, Server], certs: DemoCertificates, tmp_path: Path
) -> None:
    docs, refs = servers
    header_file = tmp_path / "headers.txt"
    header_file.write_text(
        f"# credentials of the test environment\nAuthorization: {TOKEN}\n", encoding="utf-8"
    )
    ref_origin = refs.url().rstrip("/")
    result = _lint(
        [
            docs.url("/openapi.json"),
            "--cacert",
            str(certs.ca_path),
            "--header-file",
            str(header_file),
            "--header-env-for",
            ref_origin,
            "Authorization=REF_TOKEN",
            "--allow-ref-host",
            "127.0.0.1:" + str(refs.port),
            "--format",
            "json",
        ],
        {"REF_TOKEN": REF_TOKEN},
        tmp_path,
    )
    assert result.returncode in (0, 1, 3), result.stderr
    report = json.loads(result.stdout)
    refs_check = next(c for c in report["checks"] if c["id"] == "adr.refs-resolve")
    assert refs_check["status"] == "pass", json.dumps(refs_check)
    assert {s.header("Authorization") for s in refs.seen} == {REF_TOKEN}
    assert {s.header("Authorization") for s in docs.seen} == {TOKEN}
    for secret in (TOKEN.split()[1], REF_TOKEN.split()[1]):
        assert secret not in result.stdout + result.stderr


def test_credentials_for_documents_on_two_origins_are_refused(tmp_path: Path) -> None:
    result = _lint(
        ["https://127.0.0.1:9/a.json", "https://127.0.0.2:9/b.json", "--header-env", "Authorization=T"],
        {"T": "x"},
        tmp_path,
    )
    assert result.returncode == 2
    assert "--header-env-for" in result.stderr and "Traceback" not in result.stderr


def test_missing_environment_variable_is_a_usage_error(tmp_path: Path) -> None:
    result = _lint(
        ["https://127.0.0.1:9/a.json", "--header-env", "Authorization=NOT_SET_ANYWHERE"], {}, tmp_path
    )
    assert result.returncode == 2
    assert "NOT_SET_ANYWHERE" in result.stderr and "--header-env" in result.stderr
