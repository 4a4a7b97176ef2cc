"""The bundled example supplier API (``cgcomply demo-server``): a small ZGW-flavoured Zaken API.

Standard library only (:class:`http.server.ThreadingHTTPServer`), bound to 127.0.0.1, HTTPS by default with
a certificate from a test CA made at start (:mod:`cgcomply.demo.certs`). It follows the NL GOV API Design
Rules 2.2.0 (see :mod:`cgcomply.demo.document`), unless broken on purpose with one or more named modes
(:data:`BREAK_MODES`), so that every live probe can be shown to pass and to fail.

Routes under ``/zaken/api/v1``: ``/zaken`` (query ``page``, ``zaaktype``, ``startdatum``,
``archiefnominatie``), ``/zaken/{uuid}``, ``/zaaktypen`` (``page``), ``/openapi.json``, ``/openapi.yaml``
and the base path itself (an index). GET and HEAD answer; OPTIONS answers CORS preflights; other methods
get 405. Every request is recorded in :attr:`DemoServer.requests` (method, path, headers), which the
safety tests use to prove what the prober sends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import signal
import ssl
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from cgcomply.demo import zgw
from cgcomply.demo.certs import make_test_certificates
from cgcomply.demo.document import (
    ALLOWED_ORIGIN,
    API_VERSION,
    ARCHIEFNOMINATIES,
    BASE_PATH,
    PAGE_SIZE,
    ZAAKTYPEN,
    ZAKEN,
    demo_document,
)
from cgcomply.errors import UsageError
from cgcomply.i18n import Text

HOST = "127.0.0.1"

BREAK_MODES: dict[str, str] = {
    "no-version-header": "no API-Version header on any response (/core/version-header)",
    "redirect-trailing-slash": "a path with a trailing slash redirects (301) instead of 404 (/core/no-trailing-slash)",
    "plain-errors": "errors as text/plain instead of problem+json (/core/error-handling/problem-details)",
    "missing-security-headers": "no security headers at all (/core/transport/security-headers)",
    "unpublished-document": "no openapi.json or openapi.yaml under the base path (/core/publish-openapi)",
    "wildcard-cors": "Access-Control-Allow-Origin: * on every API response (/core/transport/cors)",
    "http-only": "plain HTTP, no TLS (/core/transport/tls)",
    zgw.BREAK_MODE: "the Autorisaties API 1.0.0 subset deviates from the standard (conform: zgw-autorisaties@1.0.0)",
}

SECURITY_HEADERS: dict[str, str] = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Route:
    """What the handler answers for a path: a JSON body (status 200) and the query keys it accepts."""

    kind: str  # index, zaken, zaak, zaaktypen, openapi-json, openapi-yaml
    query_keys: frozenset[str] = frozenset()
    item_id: str | None = None


def check_modes(breaks: Iterable[str]) -> tuple[str, ...]:
    """The modes in ``breaks``; an unknown one is a UsageError that lists the known modes."""
    modes = tuple(dict.fromkeys(mode.strip() for mode in breaks if mode.strip()))
    unknown = [mode for mode in modes if mode not in BREAK_MODES]
    if unknown:
        raise UsageError(
            Text(
                f"onbekende modus {', '.join(unknown)}; kies uit: {', '.join(BREAK_MODES)}",
                f"unknown mode {', '.join(unknown)}; choose from: {', '.join(BREAK_MODES)}",
            ),
            field="--break",
        )
    return modes


class _Problem(Exception):
    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, port: int, breaks: tuple[str, ...], ssl_context: ssl.SSLContext | None) -> None:
        self.breaks = frozenset(breaks)
        self.ssl_context = ssl_context
        self.requests: list[RecordedRequest] = []
        self.log = False
        self.record_lock = threading.Lock()
        self.document: dict[str, Any] = {}
        self.document_json = b""
        self.document_yaml = b""
        self.zgw_document_json = b""
        super().__init__((HOST, port), _Handler)

    def set_document(self, document: dict[str, Any]) -> None:
        self.document = document
        self.document_json = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        self.document_yaml = yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake happens here, in the connection's own thread, with a timeout: a client that
        # connects and says nothing cannot block the accept loop.
        if self.ssl_context is None:
            self.RequestHandlerClass(request, client_address, self)  # type: ignore[arg-type]  # typeshed: Self
            return
        request.settimeout(10)
        try:
            wrapped = self.ssl_context.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return
        try:
            self.RequestHandlerClass(wrapped, client_address, self)  # type: ignore[arg-type]  # typeshed: Self
        finally:
            with contextlib.suppress(OSError):
                wrapped.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that go away (or speak plain HTTP to the TLS port) are normal here; stay quiet.
        error = sys.exc_info()[1]
        if isinstance(error, OSError | ssl.SSLError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    timeout = 15  # idle keep-alive connections are closed after this
    server_version = "zaken-api"
    sys_version = ""

    # ------------------------------------------------------------------ plumbing

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _record(self) -> None:
        with self.server.record_lock:
            self.server.requests.append(RecordedRequest(self.command, self.path, dict(self.headers.items())))

    @property
    def breaks(self) -> frozenset[str]:
        return self.server.breaks

    def _common_headers(self, *, document: bool = False) -> None:
        if "no-version-header" not in self.breaks:
            self.send_header("API-Version", API_VERSION)
        if "missing-security-headers" not in self.breaks:
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            if self.server.ssl_context is not None:
                self.send_header("Strict-Transport-Security", HSTS)
        headers = getattr(self, "headers", None)  # absent when the request line itself was malformed
        origin = headers.get("Origin") if headers is not None else None
        if document or "wildcard-cors" in self.breaks:
            self.send_header("Access-Control-Allow-Origin", "*")
        elif origin == ALLOWED_ORIGIN:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        *,
        document: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self._common_headers(document=document)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, data: Any, status: int = 200) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json")

    def _send_problem(self, problem: _Problem, extra: dict[str, str] | None = None) -> None:
        if "plain-errors" in self.breaks:
            body = f"{problem.status} {problem.title}: {problem.detail}\n".encode()
            self._send(problem.status, body, "text/plain; charset=utf-8", extra=extra)
            return
        data = {
            "type": "about:blank",
            "title": problem.title,
            "status": problem.status,
            "detail": problem.detail,
            "instance": urlsplit(getattr(self, "path", "") or "").path,
            **problem.extra,
        }
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(problem.status, body, "application/problem+json", extra=extra)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own errors (malformed request, unknown method, URI too long) as
        problem details with the usual headers, instead of its HTML page."""
        self.close_connection = True
        title = message or self.responses.get(code, ("Fout",))[0]
        self._send_problem(_Problem(code, title, explain or title), extra={"Connection": "close"})

    # ------------------------------------------------------------------ methods

    def do_GET(self) -> None:
        self._record()
        try:
            self._answer_get()
        except _Problem as problem:
            self._send_problem(problem)

    do_HEAD = do_GET

    def do_OPTIONS(self) -> None:
        self._record()
        try:
            self._route(urlsplit(self.path).path)
        except _Redirect as redirect:
            self._send(301, b"", "text/plain", extra={"Location": redirect.location})
            return
        except _Problem as problem:
            self._send_problem(problem)
            return
        self.send_response(204)
        self.send_header("Allow", ALLOWED_METHODS)
        self.send_header("Content-Length", "0")
        origin = self.headers.get("Origin")
        cors_allowed = "wildcard-cors" in self.breaks or origin == ALLOWED_ORIGIN or self._is_document_path()
        if origin and self.headers.get("Access-Control-Request-Method") and cors_allowed:
            self.send_header("Access-Control-Allow-Methods", ALLOWED_METHODS)
            self.send_header("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type")
            self.send_header("Access-Control-Max-Age", "600")
        self._common_headers(document=self._is_document_path())
        self.end_headers()

    def _refuse_method(self) -> None:
        self._record()
        self.close_connection = True  # the request body (if any) is not read
        self._send_problem(
            _Problem(
                405,
                "Methode niet toegestaan",
                f"{self.command} is niet toegestaan; deze API is alleen-lezen.",
            ),
            extra={"Allow": ALLOWED_METHODS, "Connection": "close"},
        )

    do_POST = do_PUT = do_PATCH = do_DELETE = do_TRACE = _refuse_method

    # ------------------------------------------------------------------ routing

    def _is_document_path(self) -> bool:
        return urlsplit(self.path).path in (f"{BASE_PATH}/openapi.json", f"{BASE_PATH}/openapi.yaml")

    def _route(self, path: str) -> Route:
        if path != "/" and path.endswith("/"):
            if "redirect-trailing-slash" in self.breaks:
                raise _Redirect(path.rstrip("/"))
            raise _Problem(404, "Niet gevonden", f"{path} bestaat niet (een URI eindigt niet op een slash).")
        if path == BASE_PATH:
            return Route("index")
        if not path.startswith(BASE_PATH + "/"):
            raise _Problem(404, "Niet gevonden", f"{path} bestaat niet.")
        rest = path[len(BASE_PATH) + 1 :]
        if rest in ("openapi.json", "openapi.yaml") and "unpublished-document" not in self.breaks:
            return Route("openapi-" + rest.rsplit(".", 1)[1])
        if rest == "zaken":
            return Route("zaken", frozenset({"page", "zaaktype", "startdatum", "archiefnominatie"}))
        if rest == "zaaktypen":
            return Route("zaaktypen", frozenset({"page"}))
        if rest.startswith("zaken/") and "/" not in rest[len("zaken/") :]:
            return Route("zaak", item_id=rest[len("zaken/") :])
        raise _Problem(404, "Niet gevonden", f"{path} bestaat niet.")

    def _answer_zgw(self, path: str, query: str) -> None:
        """The Autorisaties API 1.0.0 subset (:mod:`cgcomply.demo.zgw`)."""
        if path == f"{zgw.ZGW_BASE_PATH}/openapi.json":
            self._send(200, self.server.zgw_document_json, "application/json", document=True)
            return
        base = f"{self._scheme()}://{self.headers.get('Host', HOST)}{zgw.ZGW_BASE_PATH}"
        try:
            status, body, extra = zgw.answer(
                path, parse_qsl(query, keep_blank_values=True), self.headers, base, self.breaks
            )
        except zgw.ZgwProblem as problem:
            raise _Problem(problem.status, problem.title, problem.detail, **problem.extra) from None
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._send(status, data, "application/json", extra=extra)

    def _answer_get(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == zgw.ZGW_BASE_PATH or parts.path.startswith(zgw.ZGW_BASE_PATH + "/"):
            self._answer_zgw(parts.path, parts.query)
            return
        try:
            route = self._route(parts.path)
        except _Redirect as redirect:
            self._send(301, b"", "text/plain", extra={"Location": redirect.location})
            return
        query = parse_qsl(parts.query, keep_blank_values=True)
        if route.kind == "openapi-json":
            self._send(200, self.server.document_json, "application/json", document=True)
            return
        if route.kind == "openapi-yaml":
            self._send(200, self.server.document_yaml, "application/yaml", document=True)
            return
        invalid = [
            {"name": key, "code": "unknown", "reason": "Deze queryparameter bestaat niet."}
            for key, _ in query
            if key not in route.query_keys
        ]
        values = {key: value for key, value in query if key in route.query_keys}
        invalid.extend(_validate(values))
        if invalid:
            raise _Problem(
                400,
                "Ongeldige invoer",
                "Een of meer queryparameters zijn ongeldig.",
                invalidParams=invalid,
            )
        if route.kind == "index":
            base = f"{self._scheme()}://{self.headers.get('Host', HOST)}{BASE_PATH}"
            self._send_json(
                {
                    "zaken": f"{base}/zaken",
                    "zaaktypen": f"{base}/zaaktypen",
                    "openapi": f"{base}/openapi.json",
                }
            )
        elif route.kind == "zaken":
            self._send_json(_page(_filter_zaken(values), values))
        elif route.kind == "zaaktypen":
            self._send_json(_page(ZAAKTYPEN, values))
        else:
            self._send_json(_zaak(route.item_id or ""))

    def _scheme(self) -> str:
        return "https" if self.server.ssl_context is not None else "http"


class _Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def _validate(values: dict[str, str]) -> list[dict[str, str]]:
    invalid = []
    if "page" in values and not (values["page"].isdigit() and int(values["page"]) >= 1):
        invalid.append({"name": "page", "code": "invalid", "reason": "Een geheel getal vanaf 1."})
    if "zaaktype" in values:
        try:
            uuid.UUID(values["zaaktype"])
        except ValueError:
            invalid.append({"name": "zaaktype", "code": "invalid", "reason": "Een uuid."})
    if "startdatum" in values:
        try:
            if len(values["startdatum"]) != 10:
                raise ValueError
            dt.date.fromisoformat(values["startdatum"])
        except ValueError:
            invalid.append({"name": "startdatum", "code": "invalid", "reason": "Een datum (JJJJ-MM-DD)."})
    if "archiefnominatie" in values and values["archiefnominatie"] not in ARCHIEFNOMINATIES:
        invalid.append(
            {
                "name": "archiefnominatie",
                "code": "invalid",
                "reason": f"Een van {', '.join(ARCHIEFNOMINATIES)}.",
            }
        )
    return invalid


def _filter_zaken(values: dict[str, str]) -> list[dict[str, Any]]:
    result = ZAKEN
    for key in ("zaaktype", "startdatum", "archiefnominatie"):
        if key in values:
            result = [zaak for zaak in result if zaak[key] == values[key]]
    return result


def _page(items: list[dict[str, Any]], values: dict[str, str]) -> dict[str, Any]:
    page = int(values.get("page", "1"))
    start = (page - 1) * PAGE_SIZE
    return {"count": len(items), "page": page, "results": items[start : start + PAGE_SIZE]}


def _zaak(item_id: str) -> dict[str, Any]:
    try:
        wanted = str(uuid.UUID(item_id))
    except ValueError:
        raise _Problem(
            400,
            "Ongeldige invoer",
            "De uuid in het pad is geen geldige uuid.",
            invalidParams=[{"name": "uuid", "code": "invalid", "reason": "Een uuid."}],
        ) from None
    for zaak in ZAKEN:
        if zaak["uuid"] == wanted:
            return zaak
    raise _Problem(404, "Niet gevonden", f"Er is geen zaak met uuid {wanted}.")


# ---------------------------------------------------------------------- lifecycle


@dataclass
class DemoServer:
    """A running example API. ``base_url`` is the API base; ``ca_path`` the CA to trust (None over HTTP)."""

    base_url: str
    ca_path: str | None
    port: int
    breaks: tuple[str, ...]
    _server: _DemoHTTPServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _tempdir: Path | None = field(default=None, repr=False)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far (a copy)."""
        with self._server.record_lock:
            return list(self._server.requests)

    @property
    def document(self) -> dict[str, Any]:
        return self._server.document

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _ssl_context(workdir: Path) -> tuple[ssl.SSLContext, Path]:
    certificates = make_test_certificates(workdir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")  # TLS 1.2: only what NCSC rates sufficient or better
    context.load_cert_chain(certificates.cert_path, certificates.key_path)
    return context, certificates.ca_path


def start_demo_server(
    port: int = 0,
    breaks: Iterable[str] = (),
    tls: bool = True,
    workdir: Path | str | None = None,
    *,
    log: bool = False,
) -> DemoServer:
    """Start the example API on 127.0.0.1 in a background thread (``port=0``: a free port).

    ``breaks`` are names from :data:`BREAK_MODES`; ``http-only`` (or ``tls=False``) serves plain HTTP.
    The certificates go into ``workdir`` (kept), or into a temporary folder removed by :meth:`stop`."""
    modes = check_modes(breaks)
    use_tls = tls and "http-only" not in modes
    tempdir: Path | None = None
    ca_path: Path | None = None
    context: ssl.SSLContext | None = None
    if use_tls:
        if workdir is None:
            tempdir = Path(tempfile.mkdtemp(prefix="cgcomply-demo-"))
            folder = tempdir
        else:
            folder = Path(workdir)
        context, ca_path = _ssl_context(folder)
    try:
        server = _DemoHTTPServer(port, modes, context)
    except OSError as error:
        if tempdir is not None:
            shutil.rmtree(tempdir, ignore_errors=True)
        raise UsageError(
            Text(
                f"kan niet luisteren op {HOST}:{port}: {error.strerror or error}",
                f"cannot listen on {HOST}:{port}: {error.strerror or error}",
            ),
            field="--port",
        ) from None
    server.log = log
    actual_port = server.server_address[1]
    scheme = "https" if context is not None else "http"
    base_url = f"{scheme}://{HOST}:{actual_port}{BASE_PATH}"
    server.set_document(demo_document(base_url))
    zgw_url = f"{scheme}://{HOST}:{actual_port}{zgw.ZGW_BASE_PATH}"
    server.zgw_document_json = json.dumps(
        zgw.zgw_document(zgw_url, frozenset(modes)), ensure_ascii=False, indent=2
    ).encode()
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"cgcomply-demo-{actual_port}",
        daemon=True,
    )
    thread.start()
    return DemoServer(
        base_url=base_url,
        ca_path=str(ca_path) if ca_path else None,
        port=actual_port,
        breaks=modes,
        _server=server,
        _thread=thread,
        _tempdir=tempdir,
    )


def serve_forever_cli(port: int, breaks: Iterable[str], list_modes: bool) -> None:
    """``cgcomply demo-server``: print the base URL and CA path, serve until Ctrl-C."""
    if list_modes:
        width = max(len(name) for name in BREAK_MODES)
        for name, text in BREAK_MODES.items():
            print(f"{name:<{width}}  {text}")
        return
    modes = check_modes(breaks)
    workdir = Path(tempfile.mkdtemp(prefix="cgcomply-demo-"))
    try:
        server = start_demo_server(port=port, breaks=modes, workdir=workdir, log=True)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        print(f"Voorbeeld-API / example API: {server.base_url}")
        print(f"OpenAPI: {server.base_url}/openapi.json")
        if server.ca_path:
            print(f"Test-CA: {server.ca_path}")
            print(f"Try: cgcomply probe {server.base_url} --cacert {server.ca_path}")
        else:
            print(f"Try: cgcomply probe {server.base_url}")
        if server.breaks:
            print(f"Broken on purpose: {', '.join(server.breaks)}")
        print("Stop with Ctrl-C.", flush=True)
        while True:
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
