"""$ref resolution: local pointers, relative files, cycles, problems at their line, remote refs over HTTP."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import free_port

from cgcomply.errors import DocumentError
from cgcomply.http import Session
from cgcomply.oas import LoadOptions, RefError, load_document, load_document_bytes
from servers import Reply, Seen, Server, serve

FIXTURES = Path(__file__).parent / "fixtures" / "oas"
MULTI = FIXTURES / "multi" / "openapi.yaml"


# ---------------------------------------------------------------- local files


def test_resolve_local_pointer_and_relative_files():
    doc = load_document(MULTI)
    fout = doc.resolve("common.json#/components/responses/Fout")
    assert fout.file == "common.json"
    assert fout.pointer == "/components/responses/Fout"
    assert fout.value["description"] == "Fout"
    dier = doc.resolve("schemas/dier.yaml#/Dier")
    assert dier.file == "schemas/dier.yaml"
    assert dier.value["properties"]["naam"] == {"type": "string"}
    # relative to the file the $ref is written in
    poot = doc.resolve("#/Poot", base_file="schemas/dier.yaml")
    assert (poot.file, poot.pointer) == ("schemas/dier.yaml", "/Poot")
    back = doc.resolve("../common.json#/components/schemas/Fout", base_file="schemas/dier.yaml")
    assert back.file == "common.json"
    whole = doc.resolve("common.json")
    assert whole.pointer == "" and "components" in whole.value
    assert set(doc.files) == {str(MULTI), "common.json", "schemas/dier.yaml"}
    assert doc.file_data("common.json") is whole.value


def test_locate_in_a_referenced_file():
    doc = load_document(MULTI)
    doc.resolve("common.json#/components/responses/Fout")
    doc.resolve("schemas/dier.yaml#/Dier")
    assert doc.locate("/components/schemas/Fout/properties/dier", "common.json") == (18, 11)
    assert doc.locate("/Poot/properties/teen/$ref", "schemas/dier.yaml") == (16, 7)
    assert doc.locate("/Dier", "not-loaded.yaml") is None


def test_deref_follows_chains_and_stops_at_cycles():
    doc = load_document(MULTI)
    responses = doc.data["paths"]["/dieren"]["get"]["responses"]
    target = doc.deref(responses["400"])
    assert (target.file, target.pointer) == ("common.json", "/components/responses/Fout")
    plain = doc.deref({"type": "string"}, "common.json")
    assert (plain.file, plain.pointer) == ("common.json", None)
    with pytest.raises(RefError) as info:
        doc.deref(doc.data["components"]["schemas"]["Kring"])
    assert info.value.cycle
    assert "cycle" in info.value.reason


def test_self_referencing_schemas_resolve_without_looping():
    doc = load_document(MULTI)
    boom = doc.resolve("#/components/schemas/Boom").value
    items = boom["properties"]["kinderen"]["items"]
    assert doc.deref(items).value is boom
    assert (
        doc.resolve("#/components/schemas/Boom/properties/kinderen/items/properties").value
        is boom["properties"]
    )


def test_ref_problems_name_file_line_and_reason():
    doc = load_document(MULTI)
    problems = doc.ref_problems()
    got = {(p.file, p.pointer): p for p in problems}
    root = str(MULTI)
    base = "/paths/~1ontbrekend/get/responses"
    assert "file not found" in got[(root, f"{base}/200/$ref")].reason
    assert got[(root, f"{base}/200/$ref")].line == 23
    assert got[(root, f"{base}/200/$ref")].column == 11
    assert "does not exist" in got[(root, f"{base}/404/$ref")].reason
    assert (
        "/components/responses/Ontbreekt does not exist in common.json"
        in got[(root, f"{base}/500/$ref")].reason
    )
    remote = got[(root, f"{base}/503/$ref")]
    assert "remote host not allowed: specs.example.org" in remote.reason
    assert "--allow-ref-host" in remote.reason and "--ref-map" in remote.reason
    assert "not a JSON pointer" in got[(root, f"{base}/504/$ref")].reason
    assert "cycle" in got[(root, "/components/schemas/Kring/$ref")].reason
    assert (
        "cycle" in got[(root, "/components/responses/Onbekend/content/application~1json/schema/$ref")].reason
    )
    teen = got[("schemas/dier.yaml", "/Poot/properties/teen/$ref")]
    assert (teen.line, teen.column, teen.ref) == (16, 7, "#/Teen")
    # not reported: refs in example data, a property named $ref, and an unreachable part of a file
    assert not any("example" in p.pointer for p in problems)
    assert not any(p.pointer.startswith("/components/schemas/Boom") for p in problems)
    assert not any(p.pointer.startswith("/Ongebruikt") for p in problems)
    assert len(problems) == 9
    kinds = {p.pointer.rsplit("/", 2)[-2]: p.kind for p in problems if p.pointer.startswith(base)}
    assert kinds == {
        "200": "missing",
        "404": "missing",
        "500": "missing",
        "503": "remote-not-allowed",
        "504": "invalid",
    }
    assert got[(root, "/components/schemas/Kring/$ref")].kind == "cycle"
    assert doc.ref_problems() == problems  # cached


def test_resolve_errors_raise_ref_error():
    doc = load_document(MULTI)
    with pytest.raises(RefError, match="does not exist"):
        doc.resolve("#/components/nothing")
    with pytest.raises(RefError, match="file not found"):
        doc.resolve("nope.yaml#/x")
    with pytest.raises(RefError, match="unsupported URL scheme"):
        doc.resolve("ftp://example.org/x.yaml")
    with pytest.raises(RefError, match="must be a string"):
        doc.resolve({"type": "object"})  # type: ignore[arg-type]
    with pytest.raises(RefError, match="not been loaded"):
        doc.file_data("elsewhere.yaml")


def test_broken_referenced_file_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "broken.yaml").write_text("a: [\n")
    (tmp_path / "root.yaml").write_text(
        "openapi: 3.0.0\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'broken.yaml#/a'\n"
    )
    doc = load_document(tmp_path / "root.yaml")
    [problem] = doc.ref_problems()
    assert problem.line == 6
    assert "cannot load broken.yaml:2" in problem.reason and "invalid YAML" in problem.reason
    assert problem.kind == "invalid"


def test_non_string_ref_is_a_problem():
    doc = load_document_bytes(b'{"openapi": "3.0.0", "paths": {}, "x": {"$ref": 5}}', "x.json")
    [problem] = doc.ref_problems()
    assert problem.pointer == "/x/$ref" and "must be a string" in problem.reason


def test_ref_map_reads_urls_from_a_folder():
    options = LoadOptions(ref_maps=(("https://specs.example.org/", FIXTURES / "remote"),))
    doc = load_document(MULTI, options)
    target = doc.resolve("https://specs.example.org/common.yaml#/components/responses/Fout")
    assert target.file == "https://specs.example.org/common.yaml"
    # a relative ref inside the mapped file resolves against its URL, and through the map again
    inner = doc.deref(target.value["content"]["application/problem+json"]["schema"], target.file)
    assert inner.file == "https://specs.example.org/sub/fout.yaml"
    assert doc.locate("/Fout/properties/detail", inner.file) == (6, 5)
    with pytest.raises(RefError, match="leaves the folder"):
        doc.resolve("https://specs.example.org/../../etc/passwd")


# ---------------------------------------------------------------- remote refs over HTTP on 127.0.0.1


class _Requests:
    """What the server received: ``seen`` as (path, headers)."""

    def __init__(self, server: Server) -> None:
        self.server = server

    @property
    def seen(self) -> list[tuple[str, dict[str, str]]]:
        return [(item.path, item.headers) for item in self.server.seen]


def _serve(context: ssl.SSLContext | None = None) -> Iterator[tuple[str, _Requests]]:
    remote = FIXTURES / "remote"
    yaml_type = {"Content-Type": "application/yaml"}
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/specs/openapi.yaml": (200, yaml_type, (remote / "openapi.yaml").read_bytes()),
        "/specs/common.yaml": (200, yaml_type, (remote / "common.yaml").read_bytes()),
        "/specs/sub/fout.yaml": (200, yaml_type, (remote / "sub" / "fout.yaml").read_bytes()),
        "/html": (200, {"Content-Type": "text/html"}, b"<html><body>login</body></html>"),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"),
        "/huge": (200, {"Content-Type": "application/json", "Content-Length": "999999999"}, b"{}"),
        "/elsewhere": (302, {"Location": "http://localhost:1/x.yaml"}, b""),
        "/latest": (302, {"Location": "/specs/openapi.yaml"}, b""),
        "/slow": (200, yaml_type, b"openapi: 3.0.0\n"),
    }

    def handler(seen: Seen) -> Reply:
        if seen.path == "/slow":
            time.sleep(1.5)  # longer than the tests' read timeout of 0.5 s
        status, headers, body = routes.get(seen.path, (404, {"Content-Type": "text/plain"}, b"nope"))
        if "Content-Length" in headers:  # a declared length the body does not have
            return Reply(status, headers, chunks=[body])
        return Reply(status, headers, body)

    with serve(handler, tls=context) as server:
        yield server.url(), _Requests(server)


@pytest.fixture
def server() -> Iterator[tuple[str, _Requests]]:
    yield from _serve()


def _root_with_ref(ref: str) -> bytes:
    return (
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        f"        '400':\n          $ref: '{ref}'\n"
    ).encode()


def test_remote_ref_refused_without_allow_list(server):
    base, handler = server
    doc = load_document_bytes(
        _root_with_ref(f"{base}/specs/common.yaml#/components/responses/Fout"), "r.yaml"
    )
    [problem] = doc.ref_problems()
    assert "remote host not allowed: 127.0.0.1" in problem.reason
    assert problem.line == 8
    assert handler.seen == []  # nothing was fetched


def test_remote_ref_fetched_from_allowed_host(server):
    base, handler = server
    session = Session()  # the caller's: shared by both documents below
    options = LoadOptions(allow_ref_hosts=frozenset({"127.0.0.1"}), session=session)
    doc = load_document_bytes(
        _root_with_ref(f"{base}/specs/common.yaml#/components/responses/Fout"), "r.yaml", options
    )
    assert doc.ref_problems() == []
    assert f"{base}/specs/sub/fout.yaml" in doc.files  # the relative ref inside the remote file
    fetched = [path for path, _ in handler.seen]
    assert fetched.count("/specs/common.yaml") == 1  # cached, although it is reached twice
    # a second document in the same session uses the session's cache
    again = load_document_bytes(_root_with_ref(f"{base}/specs/common.yaml#/components"), "s.yaml", options)
    assert again.ref_problems() == []
    assert [path for path, _ in handler.seen].count("/specs/common.yaml") == 1
    # another session (another run) fetches it again: nothing is cached in the process
    fresh = replace(options, session=Session())
    assert (
        load_document_bytes(
            _root_with_ref(f"{base}/specs/common.yaml#/components"), "t.yaml", fresh
        ).ref_problems()
        == []
    )
    assert [path for path, _ in handler.seen].count("/specs/common.yaml") == 2


def test_remote_ref_allowed_by_host_and_port(server):
    base, _ = server
    port = base.rsplit(":", 1)[1]
    options = LoadOptions(allow_ref_hosts=frozenset({f"127.0.0.1:{port}"}))
    doc = load_document_bytes(_root_with_ref(f"{base}/specs/common.yaml#/components"), "r.yaml", options)
    assert doc.ref_problems() == []


def test_remote_ref_failures_are_problems(server):
    base, _ = server
    options = LoadOptions(allow_ref_hosts=frozenset({"127.0.0.1"}), timeout=0.5)
    cases = {
        "/missing.yaml": "HTTP 404",
        "/html": "HTML page",
        "/image": "not text",
        "/huge": "over the size limit",
        "/elsewhere": "redirected (HTTP 302) to http://localhost:1/x.yaml, another origin; not followed",
        "/slow": "timed out",
    }
    for path, reason in cases.items():
        doc = load_document_bytes(_root_with_ref(f"{base}{path}#/x"), "r.yaml", options)
        [problem] = doc.ref_problems()
        assert reason in problem.reason, (path, problem.reason)
        assert problem.kind == "unreachable"  # could not be checked (a redirect elsewhere too)
        assert f"{base}{path}" in problem.reason


def test_root_document_from_url_resolves_relative_refs_against_it(server):
    base, handler = server
    options = LoadOptions(
        allow_ref_hosts=frozenset({"127.0.0.1"}), headers={"Authorization": "Bearer secret"}
    )
    doc = load_document(f"{base}/specs/openapi.yaml", options)
    assert doc.source == f"{base}/specs/openapi.yaml"
    assert doc.kind == "openapi-3.1"
    assert doc.ref_problems() == []
    assert doc.locate("/paths/~1a/get/responses/400") == (9, 9)
    assert f"{base}/specs/common.yaml" in doc.files
    # the root's headers go to the root's host (here the same host serves the refs)
    assert all(headers.get("Authorization") == "Bearer secret" for _, headers in handler.seen)


def test_refs_on_the_root_urls_own_host_need_no_allow_list(server):
    base, handler = server
    doc = load_document(f"{base}/specs/openapi.yaml")
    assert doc.ref_problems() == []
    assert f"{base}/specs/sub/fout.yaml" in doc.files
    other = base.replace("127.0.0.1", "localhost")
    with pytest.raises(RefError, match="remote host not allowed: localhost") as info:
        doc.resolve(f"{other}/specs/common.yaml")
    assert info.value.kind == "remote-not-allowed"
    assert all(path.startswith("/specs/") for path, _ in handler.seen)


def test_root_document_behind_a_redirect_resolves_refs_against_the_final_url(server):
    base, handler = server
    doc = load_document(f"{base}/latest", LoadOptions(allow_ref_hosts=frozenset({"127.0.0.1"})))
    assert doc.source == f"{base}/latest"
    assert doc.ref_problems() == []
    assert f"{base}/specs/common.yaml" in doc.files
    assert [path for path, _ in handler.seen][:2] == ["/latest", "/specs/openapi.yaml"]


def test_root_headers_are_not_sent_to_other_ref_hosts(server):
    base, handler = server
    other = base.replace("127.0.0.1", "localhost")
    options = LoadOptions(
        allow_ref_hosts=frozenset({"localhost"}), headers={"Authorization": "Bearer secret"}
    )
    doc = load_document_bytes(
        _root_with_ref(f"{other}/specs/common.yaml#/components"), f"{base}/r.yaml", options
    )
    doc.ref_problems()
    assert handler.seen and all("Authorization" not in headers for _, headers in handler.seen)


def test_url_root_failures_are_document_errors(server):
    base, _ = server
    options = LoadOptions(timeout=0.5)
    with pytest.raises(DocumentError, match="HTTP 404") as info:
        load_document(f"{base}/missing.yaml", options)
    assert info.value.source == f"{base}/missing.yaml"
    with pytest.raises(DocumentError, match="HTML page"):
        load_document(f"{base}/html", options)
    with pytest.raises(DocumentError, match="timed out"):
        load_document(f"{base}/slow", options)
    with pytest.raises(DocumentError, match="over the size limit"):
        load_document(f"{base}/huge", options)
    closed = f"http://127.0.0.1:{free_port()}/openapi.json"
    with pytest.raises(DocumentError, match=r"connection refused|cannot connect") as info:
        load_document(closed, options)
    assert info.value.source == closed


def test_connect_failures_are_named():
    import httpx

    from cgcomply.http import classify_transport_error

    def kind(cause: OSError) -> tuple[str, str]:
        error = httpx.ConnectError("failed")
        error.__cause__ = cause
        found, message = classify_transport_error(error)
        return found, str(message)

    assert kind(OSError("[Errno -2] Name or service not known"))[1].startswith("DNS lookup failed")
    assert kind(ConnectionRefusedError("[Errno 111] Connection refused")) == ("refused", "connection refused")
    assert kind(ssl.SSLError("[SSL: WRONG_VERSION_NUMBER] wrong version"))[1].startswith("TLS error")


def test_tls_verification_for_url_sources(tmp_path):
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate.configure_cert(context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    serving = _serve(context)
    base, _ = next(serving)
    try:
        with pytest.raises(DocumentError, match=r"TLS|certificate") as info:
            load_document(f"{base}/specs/openapi.yaml", LoadOptions(timeout=2))
        assert base in info.value.render()
        doc = load_document(f"{base}/specs/openapi.yaml", LoadOptions(timeout=2, verify=str(ca_file)))
        assert doc.kind == "openapi-3.1"
    finally:
        serving.close()


def test_pointer_through_a_reference_names_the_real_place():
    doc = load_document(MULTI)
    # /components/responses/... in the root is a $ref into common.json; walk on through it
    target = doc.resolve("#/paths/~1dieren/get/responses/400/content")
    assert target.file == "common.json"
    assert target.pointer == "/components/responses/Fout/content"
    assert "application/problem+json" in target.value
    with pytest.raises(RefError, match="no 'nope'"):
        doc.resolve("#/paths/~1dieren/get/responses/400/nope")
