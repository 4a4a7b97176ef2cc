"""Issue 7 items 1 and 8: what a ``$ref`` may read depends on where its document came from.

A document fetched from a URL reaches only http(s) URLs (its own origin, allowed hosts); a local document
may name local files, but only regular ones. Every refused reference is a failing finding of
adr.refs-resolve, with the reason, and nothing is opened. One malformed URL is one finding.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cgcomply.linting import lint_document
from cgcomply.oas import load_document
from cgcomply.results import Status
from servers import Reply, Seen, json_reply, serve

SECRET = "geheim-5f3a9c"  # content of a local file that must never show up in a report


def _document(refs: list[str]) -> dict:
    properties = {f"p{i}": {"$ref": ref} for i, ref in enumerate(refs)}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": {"A": {"type": "object", "properties": properties}}},
    }


@dataclass
class Routes:
    """What the test server answers (path -> JSON body; 404 for anything else) and the paths it was asked."""

    routes: dict[str, bytes] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    def __call__(self, request: Seen) -> Reply:
        self.seen.append(request.path)
        body = self.routes.get(request.path)
        return Reply(404) if body is None else json_reply(body)


@pytest.fixture
def server() -> Iterator[tuple[str, Routes]]:
    # No cache to clear: fetched documents are cached per HTTP session, and every run has its own.
    routes = Routes()
    with serve(routes) as running:
        yield running.url(), routes


def _secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.json"
    path.write_text(json.dumps({"S": {"enum": [SECRET]}}), "utf-8")
    return path


def _refs_result(report_checks: list) -> object:
    return next(result for result in report_checks if result.id == "adr.refs-resolve")


def _everything_said(report) -> str:
    return json.dumps(report.to_dict(), default=str) if hasattr(report, "to_dict") else repr(report)


def test_document_from_a_url_cannot_read_local_files(server, tmp_path: Path) -> None:
    base, handler = server
    secret = _secret_file(tmp_path)
    refs = [f"file://{secret}#/S", f"file://localhost{secret}#/S", "file:///etc/passwd", "file:///dev/stdin"]
    handler.routes["/openapi.json"] = json.dumps(_document(refs)).encode()
    report = lint_document(f"{base}/openapi.json", "2.2.0")
    result = _refs_result(report.checks)
    assert result.status is Status.FAIL
    assert len(result.findings) == 4
    assert all(
        "is refused: a document read from a URL may not read local files" in str(f.message)
        for f in result.findings
    )
    assert SECRET not in _everything_said(report)


def test_relative_refs_of_a_url_document_stay_on_its_origin(server) -> None:
    base, handler = server
    handler.routes["/openapi.json"] = json.dumps(
        _document(["/etc/passwd", "../../proc/self/environ"])
    ).encode()
    report = lint_document(f"{base}/openapi.json", "2.2.0")
    result = _refs_result(report.checks)
    assert result.status is Status.ERROR  # fetched from the same origin (404), never read locally
    assert "could not be fetched (../../proc/self/environ, /etc/passwd)" in str(result.reason or "")
    assert sorted(handler.seen) == ["/etc/passwd", "/openapi.json", "/proc/self/environ"]


def test_document_from_a_url_reaches_other_origins_only_when_allowed(server) -> None:
    base, handler = server
    other_port = base.replace("127.0.0.1", "localhost")  # another host name: another origin
    handler.routes["/openapi.json"] = json.dumps(_document([f"{other_port}/common.json#/X"])).encode()
    handler.routes["/common.json"] = b'{"X": {"type": "string"}}'
    report = lint_document(f"{base}/openapi.json", "2.2.0")
    result = _refs_result(report.checks)
    assert result.status is Status.ERROR  # not fetched, so not judged; never passed
    assert "localhost" in str(result.reason or "")
    assert handler.seen == ["/openapi.json"]


def test_other_schemes_are_refused_from_a_url_document(server) -> None:
    base, handler = server
    handler.routes["/openapi.json"] = json.dumps(_document(["ftp://127.0.0.1/x.json", "data:,{}"])).encode()
    result = _refs_result(lint_document(f"{base}/openapi.json", "2.2.0").checks)
    assert result.status is Status.FAIL
    assert all("is refused" in str(f.message) for f in result.findings)


def test_local_document_reads_regular_files_only(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    secret = _secret_file(tmp_path)
    refs = [f"{secret.name}#/S", "pipe.json#/S", "/dev/zero#/S", "/proc/self/environ", "file:///dev/stdin"]
    (tmp_path / "openapi.json").write_text(json.dumps(_document(refs)), "utf-8")
    result = _refs_result(lint_document(str(tmp_path / "openapi.json"), "2.2.0").checks)
    assert result.status is Status.FAIL
    reasons = sorted(str(f.message) for f in result.findings)
    assert len(reasons) == 4  # the regular file resolves
    assert sum("is not a regular file" in r for r in reasons) == 1
    assert sum("is a system file" in r for r in reasons) == 3


def test_a_fifo_named_by_a_ref_does_not_hang_the_cli(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "openapi.json").write_text(json.dumps(_document(["pipe.json#/S", "/dev/stdin"])), "utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cgcomply.cli import main; main()",
            "lint",
            str(tmp_path / "openapi.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.PIPE,
    )
    assert done.returncode == 1, done.stderr
    assert "adr.refs-resolve" in done.stdout and "Traceback" not in done.stderr


def test_one_malformed_url_is_one_finding(tmp_path: Path) -> None:
    refs = ["http://127.0.0.1:99999/x.json", "http://[::1/x.json", "#/components/schemas/A"]
    (tmp_path / "openapi.json").write_text(json.dumps(_document(refs)), "utf-8")
    result = _refs_result(lint_document(str(tmp_path / "openapi.json"), "2.2.0").checks)
    assert result.status is Status.FAIL
    messages = sorted(str(f.message) for f in result.findings)
    assert len(messages) == 2 and all("not a valid URL" in m for m in messages), messages


def test_refused_targets_leave_the_document_usable(tmp_path: Path) -> None:
    (tmp_path / "openapi.json").write_text(json.dumps(_document(["/dev/zero"])), "utf-8")
    document = load_document(str(tmp_path / "openapi.json"))
    [problem] = document.ref_problems()
    assert problem.kind == "refused" and problem.pointer == "/components/schemas/A/properties/p0/$ref"


def test_refs_no_file_can_have_are_one_finding_each(tmp_path: Path) -> None:
    refs = ["x\x00y.json", "\ud800.json#/S", "#/components/schemas/A"]
    (tmp_path / "openapi.json").write_text(json.dumps(_document(refs)), "utf-8")
    result = _refs_result(lint_document(str(tmp_path / "openapi.json"), "2.2.0").checks)
    assert result.status is Status.FAIL
    assert len(result.findings) == 2 and all(
        "not a valid file name" in str(f.message) for f in result.findings
    )


def test_ref_reasons_are_said_in_dutch_and_english(tmp_path: Path) -> None:
    from cgcomply.i18n import render

    refs = ["#/components/schemas/Bestaatniet", "/dev/zero"]
    (tmp_path / "openapi.json").write_text(json.dumps(_document(refs)), "utf-8")
    result = _refs_result(lint_document(str(tmp_path / "openapi.json"), "2.2.0").checks)
    dutch = sorted(render(f.message, "nl") for f in result.findings)
    english = sorted(render(f.message, "en") for f in result.findings)
    assert "bestaat niet in" in dutch[0] and "is een systeembestand" in dutch[1]
    assert "does not exist in" in english[0] and "is a system file" in english[1]
