"""A small ZGW subset in the example API: the Autorisaties API 1.0.0 under ``/autorisaties/api/v1``.

The document is written here (not copied from the standard) so that it describes the same contract as
VNG's Autorisaties API 1.0.0: the same seven operations, parameters, statuses, response headers,
schemas and scopes. The server answers the read side (GET/HEAD ``/applicaties``,
``/applicaties/{uuid}``, ``/applicaties/consumer``) with ETag/304, pagination, problem details, and 401
without the demo token; the write operations are documented and answered with 405 (the demo is
read-only). ``cgcomply conform`` against ``zgw-autorisaties@1.0.0`` finds no error.

Break mode ``zgw-deviation`` deviates from the standard on purpose, statically and live: ``label`` is no
longer required in ``Applicatie``, a response returns ``component: "xyz"`` (outside the standard's enum)
without ``label``, and ``/applicaties/consumer`` is gone.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

ZGW_BASE_PATH = "/autorisaties/api/v1"
ZGW_VERSION = "1.0.0"
DEMO_TOKEN = "demo-token"  # send "Authorization: Bearer demo-token"
BREAK_MODE = "zgw-deviation"

_ERROR_STATUSES = ("400", "401", "403", "404", "406", "409", "410", "415", "429", "500")
_VERSION_HEADER = {
    "API-version": {
        "schema": {"type": "string"},
        "description": "Geeft een specifieke API-versie aan in de context van een specifieke aanroep.",
    }
}
_VERTROUWELIJKHEID = [
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
]


def _errors(*statuses: str) -> dict[str, Any]:
    out = {}
    for status in statuses:
        schema = "ValidatieFout" if status == "400" else "Fout"
        out[status] = {
            "description": {"400": "Bad request", "401": "Unauthorized", "404": "Not found"}.get(
                status, "Fout"
            ),
            "headers": _VERSION_HEADER,
            "content": {"application/problem+json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }
    return out


def _ok(
    schema: dict[str, Any], status: str = "200", extra_headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        status: {
            "description": "OK",
            "headers": {**_VERSION_HEADER, **(extra_headers or {})},
            "content": {"application/json": {"schema": schema}},
        }
    }


_APPLICATIE = {"$ref": "#/components/schemas/Applicatie"}
_BODY = {"$ref": "#/components/requestBodies/Applicatie"}
_READ = [{"JWT-Claims": ["autorisaties.lezen"]}]
_WRITE = [{"JWT-Claims": ["autorisaties.bijwerken"]}]
_NO_400 = tuple(s for s in _ERROR_STATUSES if s != "400")
_NO_404 = tuple(s for s in _ERROR_STATUSES if s != "404")


def _uri(max_length: int = 1000, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "format": "uri", "maxLength": max_length, **extra}


def _text(max_length: int | None = None, **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "minLength": 1, **extra}
    if max_length:
        schema["maxLength"] = max_length
    return schema


def _component(name: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "allOf": [
            {"$ref": "#/components/schemas/AutorisatieBase"},
            {"$ref": f"#/components/schemas/{name}Autorisatie"},
        ],
    }


_SCHEMAS: dict[str, Any] = {
    "AutorisatieBase": {
        "type": "object",
        "required": ["component", "scopes"],
        "discriminator": {"propertyName": "component"},
        "properties": {
            "component": {
                "type": "string",
                "enum": ["ac", "nrc", "zrc", "ztc", "drc", "brc"],
                "description": "Component waarop de autorisatie van toepassing is.",
            },
            "componentWeergave": {"type": "string", "readOnly": True, "minLength": 1},
            "scopes": {"type": "array", "items": {"type": "string", "maxLength": 100, "minLength": 1}},
        },
    },
    "zrcAutorisatie": {
        "type": "object",
        "properties": {
            "zaaktype": _uri(),
            "maxVertrouwelijkheidaanduiding": {"type": "string", "enum": _VERTROUWELIJKHEID},
        },
    },
    "drcAutorisatie": {
        "type": "object",
        "properties": {
            "informatieobjecttype": _uri(),
            "maxVertrouwelijkheidaanduiding": {"type": "string", "enum": _VERTROUWELIJKHEID},
        },
    },
    "brcAutorisatie": {"type": "object", "properties": {"besluittype": _uri()}},
    "nrcAutorisatie": {"type": "object", "properties": {}},
    "ztcAutorisatie": {"type": "object", "properties": {}},
    "acAutorisatie": {"type": "object", "properties": {}},
    "Applicatie": {
        "type": "object",
        "required": ["clientIds", "label"],
        "properties": {
            "url": _uri(readOnly=True, minLength=1),
            "clientIds": {"type": "array", "items": _text(50)},
            "label": _text(100),
            "heeftAlleAutorisaties": {"type": "boolean"},
            "autorisaties": {"type": "array", "items": {"$ref": "#/components/schemas/AutorisatieBase"}},
        },
    },
    "Fout": {
        "type": "object",
        "required": ["code", "title", "status", "detail", "instance"],
        "properties": {
            "type": {"type": "string"},
            "code": _text(),
            "title": _text(),
            "status": {"type": "integer"},
            "detail": _text(),
            "instance": _text(),
        },
    },
    "FieldValidationError": {
        "type": "object",
        "required": ["name", "code", "reason"],
        "properties": {"name": _text(), "code": _text(), "reason": _text()},
    },
}
_SCHEMAS["ValidatieFout"] = copy.deepcopy(_SCHEMAS["Fout"])
_SCHEMAS["ValidatieFout"]["required"].append("invalidParams")
_SCHEMAS["ValidatieFout"]["properties"]["invalidParams"] = {
    "type": "array",
    "items": {"$ref": "#/components/schemas/FieldValidationError"},
}
for _name in ("zrc", "drc", "brc", "nrc", "ztc", "ac"):
    _SCHEMAS[_name] = _component(_name, {})

_PAGE = {
    "type": "object",
    "required": ["count", "results"],
    "properties": {
        "count": {"type": "integer"},
        "next": {"type": "string", "format": "uri", "nullable": True},
        "previous": {"type": "string", "format": "uri", "nullable": True},
        "results": {"type": "array", "items": _APPLICATIE},
    },
}


def zgw_document(server_url: str, breaks: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The Autorisaties API 1.0.0 document of the demo, ``servers`` set to ``server_url``."""
    uuid_param = {
        "name": "uuid",
        "in": "path",
        "required": True,
        "description": "Unique resource identifier (UUID4)",
        "schema": {"type": "string", "format": "uuid"},
    }
    paths: dict[str, Any] = {
        "/applicaties": {
            "get": {
                "operationId": "applicatie_list",
                "summary": "Geef een collectie van applicaties, met ingesloten autorisaties.",
                "parameters": [
                    {
                        "name": "clientIds",
                        "in": "query",
                        "required": False,
                        "description": "Meerdere waarden gescheiden door komma's.",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "description": "Een pagina binnen de gepagineerde set resultaten.",
                        "schema": {"type": "integer"},
                    },
                ],
                "security": _READ,
                "responses": {**_ok(_PAGE), **_errors(*_NO_404)},
            },
            "post": {
                "operationId": "applicatie_create",
                "summary": "Registreer een applicatie met een set van autorisaties.",
                "requestBody": _BODY,
                "security": _WRITE,
                "responses": {
                    **_ok(
                        _APPLICATIE,
                        "201",
                        {
                            "Location": {
                                "schema": {"type": "string", "format": "uri"},
                                "description": "URL waar de resource leeft.",
                            }
                        },
                    ),
                    **_errors(*_NO_404),
                },
            },
        },
        "/applicaties/consumer": {
            "get": {
                "operationId": "applicatie_consumer",
                "summary": "Vraag een applicatie op, op basis van clientId.",
                "parameters": [
                    {
                        "name": "clientId",
                        "in": "query",
                        "required": True,
                        "description": "Het client ID.",
                        "schema": {"type": "string"},
                    }
                ],
                "security": _READ,
                "responses": {**_ok({"type": "array", "items": _APPLICATIE}), **_errors(*_NO_400)},
            }
        },
        "/applicaties/{uuid}": {
            "parameters": [uuid_param],
            "get": {
                "operationId": "applicatie_read",
                "security": _READ,
                "responses": {**_ok(_APPLICATIE), **_errors(*_NO_400)},
            },
            "put": {
                "operationId": "applicatie_update",
                "requestBody": _BODY,
                "security": _WRITE,
                "responses": {**_ok(_APPLICATIE), **_errors(*_ERROR_STATUSES)},
            },
            "patch": {
                "operationId": "applicatie_partial_update",
                "requestBody": _BODY,
                "security": _WRITE,
                "responses": {**_ok(_APPLICATIE), **_errors(*_ERROR_STATUSES)},
            },
            "delete": {
                "operationId": "applicatie_delete",
                "security": _WRITE,
                "responses": {
                    "204": {"description": "No content", "headers": _VERSION_HEADER},
                    **_errors(*_NO_400),
                },
            },
        },
    }
    schemas = copy.deepcopy(_SCHEMAS)
    if BREAK_MODE in breaks:
        del paths["/applicaties/consumer"]
        schemas["Applicatie"]["required"] = ["clientIds"]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Autorisaties API",
            "version": ZGW_VERSION,
            "description": "Voorbeeldimplementatie van de Autorisaties API 1.0.0 (VNG, ZGW), alleen-lezen.",
            "contact": {"email": "api@leverancier.example", "url": "https://leverancier.example"},
            "license": {"name": "EUPL 1.2", "url": "https://opensource.org/licenses/EUPL-1.2"},
        },
        "servers": [{"url": server_url}],
        "security": [{"JWT-Claims": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"JWT-Claims": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
            "requestBodies": {
                "Applicatie": {"required": True, "content": {"application/json": {"schema": _APPLICATIE}}}
            },
            "schemas": schemas,
        },
    }


_APPLICATIES: list[dict[str, Any]] = [
    {
        "uuid": "5a5d1f3e-2d7c-4c57-9b8e-0c2a4f0e1a01",
        "clientIds": ["zaaksysteem-voorbeeldstad"],
        "label": "Zaaksysteem Voorbeeldstad",
        "heeftAlleAutorisaties": False,
        "autorisaties": [
            {
                "component": "zrc",
                "componentWeergave": "Zaken API",
                "scopes": ["zaken.lezen", "zaken.bijwerken"],
                "zaaktype": "https://catalogi.voorbeeldstad.example/api/v1/zaaktypen/1b9a3b4e-8f2d-4a51-9d42-3f3c0b1e7a10",
                "maxVertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            }
        ],
    },
    {
        "uuid": "5a5d1f3e-2d7c-4c57-9b8e-0c2a4f0e1a02",
        "clientIds": ["burgerportaal"],
        "label": "Burgerportaal",
        "heeftAlleAutorisaties": False,
        "autorisaties": [
            {
                "component": "drc",
                "componentWeergave": "Documenten API",
                "scopes": ["documenten.lezen"],
                "informatieobjecttype": "https://catalogi.voorbeeldstad.example/api/v1/informatieobjecttypen/77c7a1d2-3b1f-4d6e-8a8b-5e3f9c2d1b20",
                "maxVertrouwelijkheidaanduiding": "openbaar",
            }
        ],
    },
]


class ZgwProblem(Exception):
    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def _public(item: dict[str, Any], base: str, breaks: frozenset[str]) -> dict[str, Any]:
    out = {key: value for key, value in item.items() if key != "uuid"}
    out = {"url": f"{base}/applicaties/{item['uuid']}", **copy.deepcopy(out)}
    if BREAK_MODE in breaks and item is _APPLICATIES[0]:
        del out["label"]
        out["autorisaties"][0]["component"] = "xyz"
    return out


def answer(
    path: str, query: list[tuple[str, str]], headers: Any, base: str, breaks: frozenset[str]
) -> tuple[int, Any, dict[str, str]]:
    """(status, JSON body, extra headers) for a GET/HEAD under :data:`ZGW_BASE_PATH`; raises ZgwProblem."""
    auth = headers.get("Authorization") if headers is not None else None
    if auth != f"Bearer {DEMO_TOKEN}":
        raise ZgwProblem(
            401,
            "Niet geautoriseerd",
            "Geef een geldig token mee (Authorization: Bearer ...).",
            code="not_authenticated",
        )
    rest = path[len(ZGW_BASE_PATH) :]
    values = dict(query)
    if rest == "/applicaties":
        allowed = {"clientIds", "page"}
        invalid = [
            {"name": key, "code": "unknown", "reason": "Deze queryparameter bestaat niet."}
            for key, _ in query
            if key not in allowed
        ]
        page = values.get("page", "1")
        if not (page.isdigit() and int(page) >= 1):
            invalid.append({"name": "page", "code": "invalid", "reason": "Een geheel getal vanaf 1."})
        if invalid:
            raise ZgwProblem(
                400,
                "Ongeldige invoer",
                "Een of meer queryparameters zijn ongeldig.",
                code="invalid",
                invalidParams=invalid,
            )
        wanted = set(filter(None, values.get("clientIds", "").split(",")))
        items = [a for a in _APPLICATIES if not wanted or wanted & set(a["clientIds"])]
        if int(page) > 1:
            raise ZgwProblem(404, "Niet gevonden", "Deze pagina bestaat niet.", code="not_found")
        return (
            200,
            {
                "count": len(items),
                "next": None,
                "previous": None,
                "results": [_public(a, base, breaks) for a in items],
            },
            {},
        )
    if rest == "/applicaties/consumer" and BREAK_MODE not in breaks:
        client = values.get("clientId")
        if not client:
            raise ZgwProblem(
                400,
                "Ongeldige invoer",
                "clientId is verplicht.",
                code="invalid",
                invalidParams=[{"name": "clientId", "code": "required", "reason": "Verplicht."}],
            )
        found = [_public(item, base, breaks) for item in _APPLICATIES if client in item["clientIds"]]
        if not found:
            raise ZgwProblem(
                404, "Niet gevonden", f"Geen applicatie met clientId {client}.", code="not_found"
            )
        return 200, found, {}
    if rest.startswith("/applicaties/") and rest.count("/") == 2:
        wanted_id = rest.rsplit("/", 1)[1]
        for item in _APPLICATIES:
            if item["uuid"] == wanted_id:
                return _detail(item, base, breaks, headers)
        raise ZgwProblem(404, "Niet gevonden", f"Geen applicatie met uuid {wanted_id}.", code="not_found")
    raise ZgwProblem(404, "Niet gevonden", f"{path} bestaat niet.", code="not_found")


def _detail(
    item: dict[str, Any], base: str, breaks: frozenset[str], headers: Any
) -> tuple[int, Any, dict[str, str]]:
    body = _public(item, base, breaks)
    etag = '"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16] + '"'
    if headers is not None and headers.get("If-None-Match") == etag:
        return 304, None, {"ETag": etag}
    return 200, body, {"ETag": etag}
