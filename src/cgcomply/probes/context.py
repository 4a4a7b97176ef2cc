"""What every live probe receives: :class:`ProbeContext`.

A probe is a function ``run(ctx: ProbeContext) -> CheckResult``. The context holds:

``base_url``
    The API base URL without a trailing slash, e.g. ``https://api.example.org/zaken/api/v1``.
``options``
    The :class:`~cgcomply.probes.options.ProbeOptions` (timeouts, caps, credentials, CORS parameters ...).
``client``
    The :class:`~cgcomply.http.SafeClient` for the target origin. Probes that speak HTTP use it
    (through :meth:`ProbeContext.fetch`, which caches identical requests within one run). A request to
    another origin of the target's host (the TLS probe's plain-HTTP request) goes through
    :meth:`ProbeContext.client_for`; work that does not speak HTTP (TLS handshakes) takes the host's
    limiter from :meth:`ProbeContext.limiter`, so one rate limit per host holds for everything.
``session``
    The run's :class:`~cgcomply.http.Session` (redaction secrets, host limiters, credentials by origin).
``document``
    The OpenAPI document as a parsed ``dict`` (given by the user, or fetched from ``<base>/openapi.json``
    by the publish-openapi probe), or ``None``. ``document_version`` is its ``info.version``.
``document_url`` / ``document_bytes`` / ``document_exchange``
    Where the published document was fetched from, its raw bytes and the exchange (None when not fetched).
``unreachable`` / ``unreachable_kind`` / ``auth_refused``
    Set by the runner when the target cannot be reached at all, or refuses every request with 401/403;
    probes are then not run (each gets status ``error`` with this reason).

Helpers pick what to request from the document (each a :class:`Planned` GET): :meth:`collection` (a
parameterless GET path), :meth:`unknown_item` (an unknown resource under it), :meth:`unknown_route` (a path
no API declares), :meth:`invalid_queries` (bad query parameters, several). :meth:`get` sends one with the
header parameters its operation requires and the document gives one value for (``Accept-Crs: EPSG:4326``):
without them a server answers 412, which is not the answer a probe asks for.
The context is created by :func:`cgcomply.probes.runner.run_live_checks`; a probe never closes the client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from cgcomply.http import Exchange, HostLimiter, Origin, SafeClient, Session
from cgcomply.i18n import Message, Text
from cgcomply.probes.options import ProbeOptions

FOREIGN_ORIGIN = "https://cgcomply-probe.invalid"
UNKNOWN_ID = "cgcomply-probe-unknown-0"
UNKNOWN_UUID = "00000000-0000-4000-8000-00000000c0de"
UNKNOWN_INTEGER = "987654321"
UNKNOWN_ROUTE = "cgcomply-probe-unknown-route-0"
UNKNOWN_QUERY_KEY = "cgcomplyUnknownParameter"
DOCUMENT_PATHS = ("/openapi.json", "/openapi.yaml")
MAX_INVALID_PARAMETERS = 5  # distinct declared query parameters tried with an impossible value
ACCEPT_JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
# Header names a document's parameters cannot set: OpenAPI ignores Accept, Content-Type and Authorization
# as header parameters, the transport owns the others, and credentials come only from the user.
_NOT_SENDABLE = frozenset(
    {
        "accept",
        "authorization",
        "connection",
        "content-length",
        "content-type",
        "cookie",
        "host",
        "origin",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_MAX_HEADER_VALUE = 256


@dataclass(frozen=True, slots=True)
class InvalidQuery:
    """A request meant to be rejected with 400: one query parameter with a value that cannot be valid."""

    name: str
    value: str
    declared: bool  # True: a declared, typed parameter with a wrong value; False: an unknown parameter
    reason: Text  # why the value is invalid, for messages


@dataclass(frozen=True, slots=True)
class Planned:
    """A GET the probes send, chosen from the document: the URL, the document path it was chosen from
    (``/zaken/{uuid}``; None for a URL the document does not declare) and what it is for."""

    url: str
    template: str | None
    what: Text


@dataclass(slots=True)
class ProbeContext:
    base_url: str
    options: ProbeOptions
    client: SafeClient
    document: dict[str, Any] | None = None
    document_url: str | None = None
    document_bytes: bytes | None = None
    document_exchange: Exchange | None = None
    unreachable: Message | None = None  # why the target gave no answer at all (``http.errors:*``)
    unreachable_kind: str | None = None  # refused, dns, timeout, tls, connect
    auth_refused: str | None = None
    auth_refused_requests: tuple[Message, Message] | None = (
        None  # (document request, base URL request), described
    )
    _cache: dict[tuple[Any, ...], Exchange] = field(default_factory=dict)
    _clients: dict[tuple[Origin, bool], SafeClient] = field(default_factory=dict)

    @property
    def session(self) -> Session:
        return self.client.session

    def redact(self, text: str) -> str:
        return self.client.redact(text)

    def client_for(self, url: str, *, credentials: bool = False) -> SafeClient:
        """A client for the origin of ``url`` (the target's own client for the target origin). Another
        origin gets only the credentials the user bound to it, and none with ``credentials=False``."""
        origin = Origin.of(url)
        if origin == self.client.origin and credentials:
            return self.client
        key = (origin, credentials)
        if key not in self._clients:
            self._clients[key] = self.session.client(
                url, self.options.http_options(), credentials=credentials
            )
        return self._clients[key]

    def limiter(self, host: str | None = None) -> HostLimiter:
        """The session's limiter of ``host`` (default: the target's), for work outside an HTTP client."""
        return self.session.limiter(host or self.host, self.options.http_options())

    def close(self) -> None:
        """Close the extra clients (the runner closes the target's client)."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    # ------------------------------------------------------------------ target facts

    @property
    def host(self) -> str:
        return self.client.origin.host

    @property
    def port(self) -> int:
        return self.client.origin.port

    @property
    def is_https(self) -> bool:
        return self.client.origin.scheme == "https"

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    @property
    def document_version(self) -> str | None:
        info = self.document.get("info") if isinstance(self.document, dict) else None
        version = info.get("version") if isinstance(info, dict) else None
        return str(version) if version is not None else None

    def url(self, path: str = "") -> str:
        """The absolute URL of a path relative to the base URL (``/zaken`` -> ``<base>/zaken``)."""
        if not path:
            return self.base_url
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # ------------------------------------------------------------------ requests

    def fetch(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        *,
        credentials: bool = True,
        follow_redirects: bool = True,
        max_body_bytes: int | None = None,
    ) -> Exchange:
        """:meth:`SafeClient.request`, answered from a per-run cache when asked the same thing twice."""
        key = (
            method.upper(),
            url,
            tuple(sorted((headers or {}).items())),
            credentials,
            follow_redirects,
            max_body_bytes,
        )
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self.client.request(
                method,
                url,
                headers=headers,
                credentials=credentials,
                follow_redirects=follow_redirects,
                max_body_bytes=max_body_bytes,
            )
        return cached

    def get_json(self, url: str, template: str | None = None) -> Exchange:
        """``GET url`` asking for JSON; with ``template`` (the document's path of the operation) also the
        header parameters that operation requires with a value the document gives
        (:meth:`operation_headers`)."""
        headers = {"Accept": ACCEPT_JSON}
        if template is not None:
            headers["Accept"] = self.accept_for(template)
            headers.update(self.operation_headers(template))
        return self.fetch("GET", url, headers)

    def accept_for(self, path: str, method: str = "get") -> str:
        """``Accept`` for the operation at ``path``: the JSON media types its 2xx responses declare
        (``application/hal+json`` where that is all it serves, so that it need not answer 406), else
        ``application/json``, and ``application/problem+json`` for its errors."""
        template = self.template_of(path)
        item = self.resolve(self._paths().get(template)) if template is not None else None
        operation = self.resolve(item.get(method)) if isinstance(item, dict) else None
        responses = self.resolve(operation.get("responses")) if isinstance(operation, dict) else None
        types: list[str] = []
        for status, response in responses.items() if isinstance(responses, dict) else ():
            response = self.resolve(response)
            content = response.get("content") if isinstance(response, dict) else None
            if not str(status).startswith("2") or not isinstance(content, dict):
                continue
            for media in content:
                media = str(media).split(";", 1)[0].strip().lower()
                if "json" in media and _TOKEN.fullmatch(media.replace("/", "-")) and media not in types:
                    types.append(media)
        types = types[:4] or [ACCEPT_JSON]
        if PROBLEM_JSON not in types:
            types.append(PROBLEM_JSON)
        return ", ".join(types)

    def get(self, planned: Planned) -> Exchange:
        return self.get_json(planned.url, planned.template)

    # ------------------------------------------------------------------ choosing what to request

    def resolve(self, node: Any, depth: int = 0) -> Any:
        """Follow a local ``$ref`` (``#/...``) in the document; other refs stay as they are."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 20:
            ref = node["$ref"]
            if not ref.startswith("#/") or not isinstance(self.document, dict):
                return node
            target: Any = self.document
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or part not in target:
                    return node
                target = target[part]
            node, depth = target, depth + 1
        return node

    def _paths(self) -> dict[str, Any]:
        paths = self.document.get("paths") if isinstance(self.document, dict) else None
        return paths if isinstance(paths, dict) else {}

    def template_of(self, path: str) -> str | None:
        """The document's key for ``path`` (``/zaken`` may be declared as ``/zaken/``), or None."""
        paths = self._paths()
        for candidate in (path, path + "/", path.rstrip("/")):
            if candidate in paths:
                return candidate
        return None

    def _parameters(self, path: str, method: str = "get") -> list[dict[str, Any]]:
        template = self.template_of(path)
        item = self.resolve(self._paths().get(template)) if template is not None else None
        if not isinstance(item, dict):
            return []
        operation = self.resolve(item.get(method))
        params: dict[tuple[str, str], dict[str, Any]] = {}
        for source in (
            item.get("parameters"),
            operation.get("parameters") if isinstance(operation, dict) else None,
        ):
            for raw in source if isinstance(source, list) else []:
                param = self.resolve(raw)
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    params[(str(param.get("in")), param["name"])] = param
        return list(params.values())

    def operation_headers(self, path: str, method: str = "get") -> dict[str, str]:
        """The header parameters the operation at ``path`` declares as required, with the one value the
        document allows (an enum of one) or else its example or default: ``{"Accept-Crs": "EPSG:4326"}``;
        without those, the first value of an enum, or a value that fits a plain schema (a uuid, a number,
        a string without a pattern). A server may refuse a request without them (412, or a 400 that would
        pass for the answer to a bad parameter), which says nothing about the rule a probe tests. Headers
        the user gave (credentials) win; transport headers and values that are not one short line are
        never taken from a document."""
        given = {name.lower() for name in self.options.extra_headers}
        headers: dict[str, str] = {}
        for param in self._parameters(path, method):
            name = param.get("name")
            if param.get("in") != "header" or param.get("required") is not True or not isinstance(name, str):
                continue
            if not _TOKEN.fullmatch(name) or name.lower() in _NOT_SENDABLE or name.lower() in given:
                continue
            value = self._declared_value(param)
            if value is not None:
                headers[name] = value
        return headers

    def _declared_value(self, param: dict[str, Any]) -> str | None:
        schema = self.resolve(param.get("schema"))
        schema = schema if isinstance(schema, dict) else {}
        candidates: list[Any] = []
        if isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1:
            candidates.append(schema["enum"][0])
        if "const" in schema:
            candidates.append(schema["const"])
        candidates.append(param.get("example"))
        examples = param.get("examples")
        if isinstance(examples, dict):
            for example in examples.values():
                example = self.resolve(example)
                if isinstance(example, dict):
                    candidates.append(example.get("value"))
        candidates.extend([schema.get("example"), schema.get("default")])
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            candidates.append(schema["examples"][0])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            candidates.append(schema["enum"][0])  # any value the document allows
        candidates.append(_made_up_value(schema))
        for value in candidates:
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, int | float | str):
                text = str(value)
                if text and len(text) <= _MAX_HEADER_VALUE and text.isprintable():
                    return text
        return None

    def _get_paths(self) -> list[str]:
        result = []
        for path, item in self._paths().items():
            item = self.resolve(item)
            if isinstance(path, str) and path.startswith("/") and isinstance(item, dict) and "get" in item:
                result.append(path)
        return result

    def collection_path(self) -> str | None:
        """A GET path without path parameters and without required query parameters (shortest first)."""
        candidates = []
        for path in self._get_paths():
            if "{" in path or path.rstrip("/") in DOCUMENT_PATHS or path == "/":
                continue
            if any(p.get("required") is True for p in self._parameters(path) if p.get("in") != "header"):
                continue
            candidates.append(path.rstrip("/"))
        candidates.sort(key=lambda p: (p.count("/"), len(p), p))
        return candidates[0] if candidates else None

    def collection(self) -> Planned | None:
        """GET of :meth:`collection_path`, with the headers its operation requires."""
        path = self.collection_path()
        if path is None:
            return None
        return Planned(
            self.url(path), self.template_of(path), Text(f"collectie {path}", f"collection {path}")
        )

    def unknown_route(self) -> Planned:
        """A path under the base URL that no API declares (``<base>/cgcomply-probe-unknown-route-0``)."""
        return Planned(
            self.url(f"/{UNKNOWN_ROUTE}"),
            None,
            Text("onbekende route onder de basis-URL", "unknown route under the base URL"),
        )

    def unknown_item(self) -> Planned:
        """A resource that should not exist: an item of the collection with an id that fits the declared
        parameter type, else (no such path in the document) :meth:`unknown_route`."""
        collection = self.collection_path()
        if collection:
            pattern = re.compile(re.escape(collection) + r"/\{([^}/]+)\}/?")
            for path in sorted(self._get_paths()):
                match = pattern.fullmatch(path)
                if not match:
                    continue
                param = next(
                    (
                        p
                        for p in self._parameters(path)
                        if p.get("in") == "path" and p.get("name") == match[1]
                    ),
                    {},
                )
                schema = self.resolve(param.get("schema")) if isinstance(param, dict) else None
                schema = schema if isinstance(schema, dict) else {}
                if schema.get("format") == "uuid":
                    value = UNKNOWN_UUID
                elif schema.get("type") == "integer":
                    value = UNKNOWN_INTEGER
                else:
                    value = UNKNOWN_ID
                return Planned(
                    self.url(f"{collection}/{value}"),
                    path,
                    Text(f"onbekende {match[1]} in {path}", f"unknown {match[1]} in {path}"),
                )
        return self.unknown_route()

    def invalid_queries(self, limit: int = MAX_INVALID_PARAMETERS) -> list[tuple[Planned, InvalidQuery]]:
        """Requests on the collection path that should get 400: up to ``limit`` distinct declared, typed
        query parameters, each with an impossible value (one of each kind first: a number, an enum, a date,
        a uuid, a boolean, then more); when the document declares none, one unknown parameter. Empty
        without a collection path."""
        collection = self.collection_path()
        if collection is None:
            return []
        template = self.template_of(collection)
        by_kind: dict[str, list[InvalidQuery]] = {}
        for param in self._parameters(collection):
            if param.get("in") != "query":
                continue
            schema = self.resolve(param.get("schema"))
            bad = _impossible_value(schema if isinstance(schema, dict) else {})
            if bad:
                value, kind, reason = bad
                by_kind.setdefault(kind, []).append(InvalidQuery(param["name"], value, True, reason))
        chosen: list[InvalidQuery] = []
        queues = list(by_kind.values())
        while queues and len(chosen) < limit:
            for queue in list(queues):
                if len(chosen) < limit:
                    chosen.append(queue.pop(0))
                if not queue:
                    queues.remove(queue)
        if not by_kind:
            chosen = [
                InvalidQuery(
                    UNKNOWN_QUERY_KEY,
                    "1",
                    False,
                    Text("de parameter is niet gedeclareerd", "the parameter is not declared"),
                )
            ]
        result = []
        for query in chosen:
            url = self.url(collection) + "?" + urlencode({query.name: query.value})
            given = f"{query.name}={query.value}"
            result.append((Planned(url, template, Text(given, given)), query))
        return result


def _made_up_value(schema: dict[str, Any]) -> str | None:
    """A value of a required header the document gives none for, when its schema is plain enough to be
    sure it fits; None otherwise (a pattern, an unknown format)."""
    kind = schema.get("type")
    form = schema.get("format")
    if "pattern" in schema or isinstance(kind, list):
        return None
    if form == "uuid":
        return UNKNOWN_UUID
    if kind in ("integer", "number"):
        minimum = schema.get("minimum")
        return str(minimum) if isinstance(minimum, int) and not isinstance(minimum, bool) else "1"
    if kind == "boolean":
        return "false"
    if kind not in (None, "string") or form not in (None, "date", "date-time"):
        return None
    if form == "date":
        return "2000-01-01"
    if form == "date-time":
        return "2000-01-01T00:00:00Z"
    value = "cgcomply-probe"
    low, high = schema.get("minLength", 0), schema.get("maxLength", len(value))
    if isinstance(low, int) and isinstance(high, int) and low <= len(value) <= high:
        return value
    return None


def _impossible_value(schema: dict[str, Any]) -> tuple[str, str, Text] | None:
    """``(value, kind, reason)``: a value the schema cannot accept, or None when there is none to be sure
    of (a free string)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind in ("integer", "number"):
        word = {"integer": "geheel getal", "number": "getal"}[kind]
        return "not-a-number", "number", Text(f"{word} verwacht", f"{kind} expected")
    if kind == "boolean":
        return "not-a-boolean", "boolean", Text("boolean verwacht", "boolean expected")
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return "cgcomply-not-in-enum", "enum", Text("waarde buiten de enum", "value outside the enum")
    if schema.get("format") in ("date", "date-time"):
        form = schema["format"]
        word = {"date": "datum", "date-time": "datum-tijd"}[form]
        return "not-a-date", "date", Text(f"{word} verwacht", f"{form} expected")
    if schema.get("format") == "uuid":
        return "not-a-uuid", "uuid", Text("uuid verwacht", "uuid expected")
    return None
