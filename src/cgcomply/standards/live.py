"""Live conformance, read-only: does the running API answer as the standard's document says?

Only GET and HEAD, through the project's safe HTTP client (:class:`cgcomply.http.SafeClient`: one origin,
rate and concurrency limits, deadlines, body caps, credentials only to the target), within a request and
time budget. The standard's own schemas are the reference, never the implementation's document.

Each check is a record in :data:`LIVE_CHECKS` (id, texts in Dutch and English) and gives ``voldoet``,
``voldoet niet`` or ``niet vastgesteld`` with the requests that prove it. An API without data to read gives
``niet vastgesteld`` for everything that needs data, never a pass.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cgcomply.oas import OasDocument, RefError
from cgcomply.standards.normalise import Node, Operation, Side
from cgcomply.standards.registry import StandardVersion
from cgcomply.standards.text import Text

PASS, FAIL, UNDETERMINED = "voldoet", "voldoet niet", "niet vastgesteld"


@dataclass(frozen=True, slots=True)
class LiveCheck:
    id: str
    title: Text


LIVE_CHECKS: dict[str, LiveCheck] = {
    check.id: check
    for check in (
        LiveCheck(
            "live.document-version",
            Text(
                "Gepubliceerd document claimt de versie van de standaard",
                "Published document claims the standard's version",
            ),
        ),
        LiveCheck(
            "live.operations-answer",
            Text(
                "Elke GET/HEAD-operatie van de standaard antwoordt",
                "Every GET/HEAD operation of the standard answers",
            ),
        ),
        LiveCheck(
            "live.response-schema",
            Text(
                "Antwoorden voldoen aan de schema's van de standaard",
                "Responses validate against the standard's schemas",
            ),
        ),
        LiveCheck(
            "live.api-version",
            Text(
                "API-version gelijk aan de versie van de standaard",
                "API-version equals the standard's version",
            ),
        ),
        LiveCheck(
            "live.crs",
            Text("Content-Crs bij Accept-Crs, 412 zonder", "Content-Crs with Accept-Crs, 412 without"),
        ),
        LiveCheck(
            "live.pagination", Text("Paginering volgens de standaard", "Pagination as the standard says")
        ),
        LiveCheck(
            "live.filters",
            Text(
                "Filters geaccepteerd, ongeldige waarde geeft 400 met problem details",
                "Filters accepted, an invalid value gives 400 with problem details",
            ),
        ),
        LiveCheck("live.etag", Text("ETag en 304 op If-None-Match", "ETag and 304 on If-None-Match")),
        LiveCheck(
            "live.head",
            Text("HEAD geeft de headers van GET zonder body", "HEAD gives GET's headers without a body"),
        ),
        LiveCheck("live.unauthenticated", Text("401 zonder credentials", "401 without credentials")),
    )
}


@dataclass
class LiveResult:
    id: str
    status: str
    detail: Text
    evidence: list[str] = field(default_factory=list)

    def to_dict(self, lang: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": LIVE_CHECKS[self.id].title.render(lang),
            "status": self.status,
            "detail": self.detail.render(lang),
            "evidence": self.evidence[:20],
        }


@dataclass
class LiveReport:
    base_url: str
    standard: StandardVersion
    results: list[LiveResult]
    requests: int
    seconds: float

    @property
    def verdict(self) -> str:
        statuses = {result.status for result in self.results}
        if FAIL in statuses:
            return FAIL
        if UNDETERMINED in statuses or not self.results:
            return UNDETERMINED
        return PASS

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "standard": self.standard.id,
            "verdict": self.verdict,
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "checks": [result.to_dict(lang) for result in self.results],
        }


class BudgetExceeded(Exception):
    pass


@dataclass
class Budget:
    max_requests: int = 200
    max_seconds: float = 60.0
    used: int = 0
    started: float = field(default_factory=time.monotonic)

    def spend(self) -> None:
        if self.used >= self.max_requests or time.monotonic() - self.started > self.max_seconds:
            raise BudgetExceeded()
        self.used += 1


# ---------------------------------------------------------------------------------------- schemas


def json_schema(side: Side, node: Node) -> dict[str, Any]:
    """The OpenAPI 3.0/3.1 schema at ``node`` as a JSON Schema (2020-12) with every ``$ref`` in ``$defs``
    (recursion stays a reference). ``nullable`` becomes a ``null`` type; OpenAPI-only keywords are dropped."""
    defs: dict[str, Any] = {}
    names: dict[tuple[str, str], str] = {}

    def convert(current: Node, depth: int) -> Any:
        value = current.value
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            try:
                target = side.deref(current)
            except RefError:
                return {}
            key = (target.loc.file, target.loc.pointer)
            name = names.get(key)
            if name is None:
                name = names[key] = f"s{len(names)}"
                defs[name] = {}
                defs[name] = inline(target, depth + 1)
            return {"$ref": f"#/$defs/{name}"}
        return inline(current, depth)

    def inline(current: Node, depth: int) -> Any:
        schema = current.value
        if isinstance(schema, bool):
            return schema
        if not isinstance(schema, dict) or depth > 64:
            return {}
        out: dict[str, Any] = {}
        nullable = schema.get("nullable") is True
        kind = schema.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"] if nullable else kind
        elif isinstance(kind, list):
            out["type"] = kind
        if "enum" in schema and isinstance(schema["enum"], list):
            values = list(schema["enum"])
            if nullable and None not in values:
                values.append(None)
            out["enum"] = values
        for keyword in ("maxLength", "minLength", "maximum", "minimum", "maxItems", "minItems", "pattern"):
            if keyword in schema:
                out[keyword] = schema[keyword]
        if schema.get("format") in ("date", "date-time", "uuid", "email"):
            out["format"] = schema["format"]
        props = schema.get("properties")
        if isinstance(props, dict):
            out["properties"] = {
                str(k): convert(Node(v, current.loc.child("properties", k)), depth + 1)
                for k, v in props.items()
            }
        if isinstance(schema.get("required"), list):
            out["required"] = [str(r) for r in schema["required"]]
        if "items" in schema:
            out["items"] = convert(Node(schema["items"], current.loc.child("items")), depth + 1)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict | bool):
            out["additionalProperties"] = (
                extra
                if isinstance(extra, bool)
                else convert(Node(extra, current.loc.child("additionalProperties")), depth + 1)
            )
        for combiner in ("allOf", "oneOf", "anyOf"):
            members = schema.get(combiner)
            if isinstance(members, list):
                out[combiner] = [
                    convert(Node(m, current.loc.child(combiner, i)), depth + 1) for i, m in enumerate(members)
                ]
        if nullable and "type" not in out and any(c in out for c in ("allOf", "oneOf", "anyOf")):
            return {"anyOf": [{"type": "null"}, out]}
        return out

    root = convert(node, 0)
    if not isinstance(root, dict):
        return {}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **root, "$defs": defs}


def _validate(schema: dict[str, Any], data: Any, limit: int = 5) -> list[str]:
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    problems = []
    for error in validator.iter_errors(data):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        problems.append(f"{where}: {error.message[:200]}")
        if len(problems) >= limit:
            break
    return problems


def _response_schema(side: Side, op: Operation, status: str = "200") -> Node | None:
    try:
        responses = side.deref(Node(op.node.value.get("responses"), op.node.loc.child("responses")))
        if not isinstance(responses.value, dict) or status not in responses.value:
            return None
        response = side.deref(Node(responses.value[status], responses.loc.child(status)))
        content = response.value.get("content") if isinstance(response.value, dict) else None
    except RefError:
        return None
    if not isinstance(content, dict):
        return None
    for media, entry in content.items():
        if str(media).endswith("json") and isinstance(entry, dict) and "schema" in entry:
            return Node(entry["schema"], response.loc.child("content", media, "schema"))
    return None


# ---------------------------------------------------------------------------------------- the run


@dataclass
class _Run:
    base: str
    client: Any  # cgcomply.http.SafeClient
    budget: Budget
    log: list[str] = field(default_factory=list)

    def get(
        self,
        url: str,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        credentials: bool = True,
    ) -> Any:
        self.budget.spend()
        exchange = self.client.request(method, url, headers=dict(headers or {}), credentials=credentials)
        self.log.append(f"{method} {exchange.redact(url)} -> {exchange.status or exchange.error_kind}")
        return exchange


def _url(base: str, path: str) -> str:
    return base.rstrip("/") + path


def _ops(side: Side, method: str) -> Iterator[Operation]:
    for op in side.operations.values():
        if op.method == method:
            yield op


def live_conformance(
    base_url: str,
    standard: StandardVersion,
    std_document: OasDocument,
    *,
    headers: Mapping[str, str] | None = None,
    max_requests: int = 200,
    max_seconds: float = 60.0,
    cacert: str | None = None,
    timeout: float = 10.0,
) -> LiveReport:
    """Run the live checks against ``base_url`` (the API root, e.g. ``https://host/zaken/api/v1``)."""
    from pathlib import Path

    from cgcomply.http import HttpOptions, Session

    side = Side(std_document, "standard")
    side.index_operations(0)
    session = Session()
    if headers:
        session.bind_credentials(base_url, headers)
    options = HttpOptions(
        read_timeout=timeout, total_timeout=max(timeout * 2, 10.0), cacert=Path(cacert) if cacert else None
    )
    budget = Budget(max_requests, max_seconds)
    started = time.monotonic()
    client = session.client(base_url, options)
    run = _Run(base_url, client, budget)
    results: list[LiveResult] = []
    try:
        for check in (_document, _collections, _unauthenticated):
            try:
                results.extend(check(run, side, standard))
            except BudgetExceeded:
                results.append(
                    LiveResult(
                        "live.operations-answer",
                        UNDETERMINED,
                        Text(
                            "budget van verzoeken of tijd op; niet alles getest",
                            "request or time budget used up; not everything tested",
                        ),
                    )
                )
                break
    finally:
        client.close()
    merged: dict[str, LiveResult] = {}
    for result in results:  # one result per check id: the worst status wins
        known = merged.get(result.id)
        if known is None or _rank(result.status) > _rank(known.status):
            if known is not None:
                result.evidence = known.evidence + result.evidence
            merged[result.id] = result
        else:
            known.evidence.extend(result.evidence)
    ordered = [merged[i] for i in LIVE_CHECKS if i in merged]
    return LiveReport(base_url, standard, ordered, budget.used, time.monotonic() - started)


def _rank(status: str) -> int:
    return {PASS: 0, UNDETERMINED: 1, FAIL: 2}[status]


def _document(run: _Run, side: Side, standard: StandardVersion) -> list[LiveResult]:
    for name in ("openapi.json", "openapi.yaml"):
        exchange = run.get(_url(run.base, "/" + name))
        if exchange.status == 200 and exchange.body:
            try:
                import yaml

                data = json.loads(exchange.body) if name.endswith("json") else yaml.safe_load(exchange.body)
            except Exception:
                data = None
            version = (data.get("info") or {}).get("version") if isinstance(data, dict) else None
            evidence = [exchange.describe()]
            if str(version) == standard.version:
                return [
                    LiveResult(
                        "live.document-version",
                        PASS,
                        Text(f"{name}: info.version {version}", f"{name}: info.version {version}"),
                        evidence,
                    )
                ]
            return [
                LiveResult(
                    "live.document-version",
                    FAIL,
                    Text(
                        f"{name} claimt versie {version}, de standaard is {standard.version}",
                        f"{name} claims version {version}, the standard is {standard.version}",
                    ),
                    evidence,
                )
            ]
    return [
        LiveResult(
            "live.document-version",
            FAIL,
            Text(
                "geen openapi.json of openapi.yaml onder de basis-URL",
                "no openapi.json or openapi.yaml under the base URL",
            ),
            run.log[-2:],
        )
    ]


_FIXED = re.compile(r"\{[^}]*\}")


def _collections(run: _Run, side: Side, standard: StandardVersion) -> list[LiveResult]:
    results: list[LiveResult] = []
    items: dict[str, dict[str, Any]] = {}  # collection path -> first item
    answered: list[str] = []
    missing: list[str] = []
    denied: list[str] = []
    schema_fail: list[str] = []
    schema_ok = 0
    version_bad: list[str] = []
    versions_seen = 0
    lists = [op for op in _ops(side, "get") if not _FIXED.search(op.path)]
    for op in lists:
        url = _url(run.base, op.path)
        send = {"Accept-Crs": "EPSG:4326"} if ("header", "accept-crs") in op.params else {}
        exchange = run.get(url, headers=send)
        _version(exchange, standard, version_bad)
        versions_seen += exchange.status is not None
        if exchange.status in (401, 403):
            denied.append(f"GET {op.path}: {exchange.status}")
            continue
        if exchange.status in (404, 405) or exchange.status is None or exchange.status >= 500:
            missing.append(f"GET {op.path}: {exchange.status or exchange.error_kind}")
            continue
        answered.append(f"GET {op.path}: {exchange.status}")
        body = exchange.json() if exchange.status == 200 else None
        schema = _response_schema(side, op)
        if schema is not None and body is not None:
            problems = _validate(json_schema(side, schema), body)
            if problems:
                schema_fail.append(f"GET {op.path}: " + "; ".join(problems))
            else:
                schema_ok += 1
        rows = body.get("results") if isinstance(body, dict) else body if isinstance(body, list) else None
        if isinstance(rows, list) and rows and isinstance(rows[0], dict):
            items[op.path] = rows[0]
        results.extend(_pagination(run, op, body, url))
        results.extend(_filters(run, side, op, url, items.get(op.path)))
        results.extend(_crs(run, side, op, url))
    details = [op for op in _ops(side, "get") if _FIXED.search(op.path)]
    detail_done = 0
    for op in details:
        collection = op.path.rsplit("/", 1)[0]
        item = items.get(collection)
        found = item.get("url") if isinstance(item, dict) else None
        if (
            not isinstance(found, str)
            or _FIXED.search(collection)
            or not found.startswith(run.base.rstrip("/"))
        ):
            continue
        url = found
        exchange = run.get(url)
        _version(exchange, standard, version_bad)
        if exchange.status in (404, 405) or exchange.status is None or exchange.status >= 500:
            missing.append(f"GET {op.path}: {exchange.status or exchange.error_kind}")
            continue
        detail_done += 1
        answered.append(f"GET {op.path}: {exchange.status}")
        body = exchange.json() if exchange.status == 200 else None
        schema = _response_schema(side, op)
        if schema is not None and body is not None:
            problems = _validate(json_schema(side, schema), body)
            if problems:
                schema_fail.append(f"GET {op.path}: " + "; ".join(problems))
            else:
                schema_ok += 1
        results.extend(_etag_and_head(run, side, op, url, exchange))
    # operations
    if missing:
        results.append(
            LiveResult(
                "live.operations-answer",
                FAIL,
                Text(f"{len(missing)} operaties antwoorden niet", f"{len(missing)} operations do not answer"),
                missing,
            )
        )
    elif denied and not answered:
        results.append(
            LiveResult(
                "live.operations-answer",
                UNDETERMINED,
                Text("geen toegang (401/403): geef credentials mee", "no access (401/403): pass credentials"),
                denied,
            )
        )
    elif answered:
        untested = len(details) - detail_done
        if untested:
            results.append(
                LiveResult(
                    "live.operations-answer",
                    UNDETERMINED,
                    Text(
                        f"{untested} detailoperaties niet getest: geen gegevens om te lezen",
                        f"{untested} detail operations not tested: no data to read",
                    ),
                    answered,
                )
            )
        else:
            results.append(
                LiveResult(
                    "live.operations-answer",
                    PASS,
                    Text(f"{len(answered)} operaties antwoorden", f"{len(answered)} operations answer"),
                    answered,
                )
            )
    # schemas
    if schema_fail:
        results.append(
            LiveResult(
                "live.response-schema",
                FAIL,
                Text(
                    f"{len(schema_fail)} antwoorden wijken af van het schema van de standaard",
                    f"{len(schema_fail)} responses deviate from the standard's schema",
                ),
                schema_fail,
            )
        )
    elif not items:
        results.append(
            LiveResult(
                "live.response-schema",
                UNDETERMINED,
                Text(
                    "geen gegevens om te lezen: lege lijsten bewijzen niets",
                    "no data to read: empty lists prove nothing",
                ),
                answered[:5],
            )
        )
    elif schema_ok:
        results.append(
            LiveResult(
                "live.response-schema",
                PASS,
                Text(f"{schema_ok} antwoorden gevalideerd", f"{schema_ok} responses validated"),
                answered[:5],
            )
        )
    # API-version
    if version_bad:
        results.append(
            LiveResult(
                "live.api-version",
                FAIL,
                Text(
                    f"API-version wijkt af of ontbreekt ({len(version_bad)}x)",
                    f"API-version differs or is missing ({len(version_bad)}x)",
                ),
                version_bad,
            )
        )
    elif versions_seen:
        results.append(
            LiveResult(
                "live.api-version",
                PASS,
                Text(f"API-version {standard.version}", f"API-version {standard.version}"),
            )
        )
    return results


def _version(exchange: Any, standard: StandardVersion, bad: list[str]) -> None:
    if exchange.status is None:
        return
    value = exchange.header("API-version")
    if value != standard.version:
        bad.append(f"{exchange.method} {exchange.url}: API-version {value!r}")


def _pagination(run: _Run, op: Operation, body: Any, url: str) -> list[LiveResult]:
    if ("query", "page") not in op.params:
        return []
    if not isinstance(body, dict):
        return [
            LiveResult(
                "live.pagination",
                FAIL,
                Text(f"GET {op.path}: geen gepagineerd object", f"GET {op.path}: not a paginated object"),
            )
        ]
    missing = [key for key in ("count", "next", "previous", "results") if key not in body]
    if missing:
        return [
            LiveResult(
                "live.pagination",
                FAIL,
                Text(
                    f"GET {op.path}: ontbreekt {', '.join(missing)}",
                    f"GET {op.path}: lacks {', '.join(missing)}",
                ),
            )
        ]
    first = run.get(url + ("&" if "?" in url else "?") + "page=1")
    other = first.json()
    if (
        not isinstance(other, dict)
        or other.get("count") != body.get("count")
        or other.get("results") != body.get("results")
    ):
        return [
            LiveResult(
                "live.pagination",
                FAIL,
                Text(
                    f"GET {op.path}?page=1 is niet gelijk aan zonder page",
                    f"GET {op.path}?page=1 differs from no page",
                ),
                [first.describe()],
            )
        ]
    return [
        LiveResult(
            "live.pagination",
            PASS,
            Text(
                f"GET {op.path}: count/next/previous/results, page=1 gelijk",
                f"GET {op.path}: count/next/previous/results, page=1 equal",
            ),
        )
    ]


def _filters(run: _Run, side: Side, op: Operation, url: str, item: dict[str, Any] | None) -> list[LiveResult]:
    out: list[LiveResult] = []
    tried = 0
    for (where, name), param in op.params.items():
        if where != "query" or name in ("page", "expand", "fields", "ordering", "pageSize") or tried >= 2:
            continue
        schema = param.value.get("schema") if isinstance(param.value, dict) else None
        if not isinstance(schema, dict):
            continue
        try:
            schema = side.deref(Node(schema, param.loc.child("schema"))).value
        except RefError:
            continue
        kind, fmt = schema.get("type"), schema.get("format")
        if kind not in ("integer", "boolean") and fmt not in ("uri", "date", "date-time", "uuid"):
            continue
        tried += 1
        value = (
            item.get(name)
            if isinstance(item, dict) and isinstance(item.get(name), str | int | bool)
            else None
        )
        if value is not None:
            ok = run.get(f"{url}?{name}={json.dumps(value) if isinstance(value, bool) else value}")
            if ok.status != 200:
                out.append(
                    LiveResult(
                        "live.filters",
                        FAIL,
                        Text(
                            f"GET {op.path}?{name}=<waarde uit de lijst>: {ok.status}",
                            f"GET {op.path}?{name}=<value from the list>: {ok.status}",
                        ),
                        [ok.describe()],
                    )
                )
        bad = run.get(f"{url}?{name}=ongeldig%20%7Bwaarde%7D")
        problem = bad.json() if bad.media_type == "application/problem+json" else None
        if bad.status != 400 or not isinstance(problem, dict) or "invalidParams" not in problem:
            out.append(
                LiveResult(
                    "live.filters",
                    FAIL,
                    Text(
                        f"GET {op.path}?{name}=ongeldig: {bad.status} {bad.media_type or '-'} (400 met problem+json en invalidParams verwacht)",
                        f"GET {op.path}?{name}=invalid: {bad.status} {bad.media_type or '-'} (400 with problem+json and invalidParams expected)",
                    ),
                    [bad.describe()],
                )
            )
        else:
            out.append(
                LiveResult(
                    "live.filters",
                    PASS,
                    Text(
                        f"GET {op.path}?{name}: geaccepteerd, ongeldig geeft 400",
                        f"GET {op.path}?{name}: accepted, invalid gives 400",
                    ),
                )
            )
    return out


def _crs(run: _Run, side: Side, op: Operation, url: str) -> list[LiveResult]:
    if ("header", "accept-crs") not in op.params:
        return []
    with_crs = run.get(url, headers={"Accept-Crs": "EPSG:4326"})
    without = run.get(url)
    out = []
    if with_crs.status == 200 and not with_crs.header("Content-Crs"):
        out.append(
            LiveResult(
                "live.crs",
                FAIL,
                Text(
                    f"GET {op.path}: geen Content-Crs bij Accept-Crs",
                    f"GET {op.path}: no Content-Crs with Accept-Crs",
                ),
                [with_crs.describe()],
            )
        )
    declared = isinstance(op.node.value.get("responses"), dict) and "412" in op.node.value["responses"]
    if declared and without.status != 412:
        out.append(
            LiveResult(
                "live.crs",
                FAIL,
                Text(
                    f"GET {op.path} zonder Accept-Crs: {without.status}, de standaard declareert 412",
                    f"GET {op.path} without Accept-Crs: {without.status}, the standard declares 412",
                ),
                [without.describe()],
            )
        )
    if not out:
        out.append(
            LiveResult(
                "live.crs",
                PASS,
                Text(f"GET {op.path}: Content-Crs en 412", f"GET {op.path}: Content-Crs and 412"),
            )
        )
    return out


def _etag_and_head(run: _Run, side: Side, op: Operation, url: str, got: Any) -> list[LiveResult]:
    out = []
    etag = got.header("ETag")
    if not etag:
        out.append(
            LiveResult(
                "live.etag",
                FAIL,
                Text(f"GET {op.path}: geen ETag", f"GET {op.path}: no ETag"),
                [got.describe()],
            )
        )
    else:
        again = run.get(url, headers={"If-None-Match": etag})
        if again.status != 304:
            out.append(
                LiveResult(
                    "live.etag",
                    FAIL,
                    Text(
                        f"GET {op.path} met If-None-Match: {again.status} in plaats van 304",
                        f"GET {op.path} with If-None-Match: {again.status} instead of 304",
                    ),
                    [again.describe()],
                )
            )
        else:
            out.append(
                LiveResult(
                    "live.etag", PASS, Text(f"GET {op.path}: ETag en 304", f"GET {op.path}: ETag and 304")
                )
            )
    head_op = op.key.replace("GET ", "HEAD ", 1) in side.operations
    if head_op:
        head = run.get(url, method="HEAD")
        differ = [
            name for name in ("API-version", "ETag", "Content-Type") if head.header(name) != got.header(name)
        ]
        if head.status != got.status or differ or head.body:
            out.append(
                LiveResult(
                    "live.head",
                    FAIL,
                    Text(
                        f"HEAD {op.path}: {head.status}, andere headers: {', '.join(differ) or '-'}",
                        f"HEAD {op.path}: {head.status}, other headers: {', '.join(differ) or '-'}",
                    ),
                    [head.describe()],
                )
            )
        else:
            out.append(
                LiveResult(
                    "live.head",
                    PASS,
                    Text(f"HEAD {op.path}: headers van GET", f"HEAD {op.path}: GET's headers"),
                )
            )
    return out


def _unauthenticated(run: _Run, side: Side, standard: StandardVersion) -> list[LiveResult]:
    secured = [
        op
        for op in _ops(side, "get")
        if not _FIXED.search(op.path) and (op.node.value.get("security") or side.global_security)
    ]
    if not secured:
        return []
    op = secured[0]
    exchange = run.get(_url(run.base, op.path), credentials=False)
    if exchange.status == 401:
        return [
            LiveResult(
                "live.unauthenticated",
                PASS,
                Text(f"GET {op.path} zonder credentials: 401", f"GET {op.path} without credentials: 401"),
                [exchange.describe()],
            )
        ]
    return [
        LiveResult(
            "live.unauthenticated",
            FAIL,
            Text(
                f"GET {op.path} zonder credentials: {exchange.status} (401 verwacht)",
                f"GET {op.path} without credentials: {exchange.status} (401 expected)",
            ),
            [exchange.describe()],
        )
    ]
