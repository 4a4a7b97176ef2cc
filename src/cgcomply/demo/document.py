"""The OpenAPI 3.0.3 document of the example Zaken API, and its sample data.

Written to follow ADR 2.2.0 (and the 2.1.0 ``/openapi.json`` path rule): kebab-case paths, camelCase query
keys, ``API-Version`` declared on every 2xx response, a 400 for every operation with parameters,
problem+json errors with status/title/detail, ``info.contact`` with name/url/email, a SemVer version,
``servers`` pointing at the actual port, ``format: date`` for date fields.
"""

from __future__ import annotations

import copy
from typing import Any

API_VERSION = "1.0.0"
BASE_PATH = "/zaken/api/v1"
ALLOWED_ORIGIN = "https://zaken.gemeente.example"

ZAAKTYPEN: list[dict[str, Any]] = [
    {
        "uuid": "5b1e3c1a-6f0c-4a39-9d1e-0a7c4c2f1a01",
        "identificatie": "ZT-OMGEVINGSVERGUNNING",
        "omschrijving": "Aanvraag omgevingsvergunning",
        "doorlooptijdDagen": 56,
        "beginGeldigheid": "2024-01-01",
    },
    {
        "uuid": "5b1e3c1a-6f0c-4a39-9d1e-0a7c4c2f1a02",
        "identificatie": "ZT-PARKEERVERGUNNING",
        "omschrijving": "Aanvraag parkeervergunning bewoners",
        "doorlooptijdDagen": 14,
        "beginGeldigheid": "2023-07-01",
    },
]

ZAKEN: list[dict[str, Any]] = [
    {
        "uuid": "d4c1c6a2-1f0e-4b8e-9a51-3f2b7d0e5c01",
        "identificatie": "ZAAK-2026-0000001",
        "omschrijving": "Dakkapel aan de achterzijde, Molenstraat 12",
        "zaaktype": "5b1e3c1a-6f0c-4a39-9d1e-0a7c4c2f1a01",
        "startdatum": "2026-03-02",
        "einddatum": None,
        "archiefnominatie": "blijvend_bewaren",
    },
    {
        "uuid": "d4c1c6a2-1f0e-4b8e-9a51-3f2b7d0e5c02",
        "identificatie": "ZAAK-2026-0000002",
        "omschrijving": "Parkeervergunning, Kerkplein 3",
        "zaaktype": "5b1e3c1a-6f0c-4a39-9d1e-0a7c4c2f1a02",
        "startdatum": "2026-04-15",
        "einddatum": "2026-04-20",
        "archiefnominatie": "vernietigen",
    },
    {
        "uuid": "d4c1c6a2-1f0e-4b8e-9a51-3f2b7d0e5c03",
        "identificatie": "ZAAK-2026-0000003",
        "omschrijving": "Uitbouw woning, Dorpsweg 7",
        "zaaktype": "5b1e3c1a-6f0c-4a39-9d1e-0a7c4c2f1a01",
        "startdatum": "2026-05-20",
        "einddatum": None,
        "archiefnominatie": "blijvend_bewaren",
    },
]

ARCHIEFNOMINATIES = ["blijvend_bewaren", "vernietigen"]
PAGE_SIZE = 20

_VERSION_HEADER = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
_PAGE_PARAM = {"$ref": "#/components/parameters/page"}


def _ok(schema_ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": _VERSION_HEADER,
        "content": {"application/json": {"schema": {"$ref": schema_ref}}},
    }


def _problem(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/responses/{name}"}


def _page_schema(item_ref: str, description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": ["count", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0, "description": "Aantal resultaten in totaal."},
            "page": {"type": "integer", "minimum": 1, "description": "Nummer van deze pagina."},
            "results": {"type": "array", "items": {"$ref": item_ref}},
        },
    }


_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "Zaken API (voorbeeld van een leverancier)",
        "version": API_VERSION,
        "description": "Voorbeeld-API in de stijl van de ZGW Zaken API, gebundeld met cgcomply. Hij volgt de "
        "NL GOV API Design Rules 2.2.0, tenzij hij met --break bewust wordt gebroken.",
        "contact": {
            "name": "Servicedesk Zaaksysteem Voorbeeld B.V.",
            "url": "https://zaaksysteem-voorbeeld.example/servicedesk",
            "email": "servicedesk@zaaksysteem-voorbeeld.example",
        },
        "license": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    },
    "servers": [{"url": "https://127.0.0.1:8443/zaken/api/v1", "description": "Lokale voorbeeld-API"}],
    "tags": [
        {"name": "zaken", "description": "Zaken: aanvragen, meldingen en andere dossiers."},
        {"name": "zaaktypen", "description": "Soorten zaken die de gemeente behandelt."},
        {"name": "documentatie", "description": "De beschrijving van deze API."},
    ],
    "paths": {
        "/zaken": {
            "get": {
                "operationId": "zakenList",
                "summary": "Alle zaken opvragen",
                "tags": ["zaken"],
                "parameters": [
                    _PAGE_PARAM,
                    {
                        "name": "zaaktype",
                        "in": "query",
                        "description": "Alleen zaken van dit zaaktype (uuid).",
                        "schema": {"type": "string", "format": "uuid"},
                    },
                    {
                        "name": "startdatum",
                        "in": "query",
                        "description": "Alleen zaken die op deze datum zijn gestart.",
                        "schema": {"type": "string", "format": "date"},
                    },
                    {
                        "name": "archiefnominatie",
                        "in": "query",
                        "description": "Alleen zaken met deze archiefnominatie.",
                        "schema": {"type": "string", "enum": ARCHIEFNOMINATIES},
                    },
                ],
                "responses": {
                    "200": _ok("#/components/schemas/ZaakPagina", "Een pagina met zaken."),
                    "400": _problem("BadRequest"),
                },
            }
        },
        "/zaken/{uuid}": {
            "get": {
                "operationId": "zaakRead",
                "summary": "Een zaak opvragen",
                "tags": ["zaken"],
                "parameters": [
                    {
                        "name": "uuid",
                        "in": "path",
                        "required": True,
                        "description": "De uuid van de zaak.",
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {
                    "200": _ok("#/components/schemas/Zaak", "De zaak."),
                    "400": _problem("BadRequest"),
                    "404": _problem("NotFound"),
                },
            }
        },
        "/zaaktypen": {
            "get": {
                "operationId": "zaaktypenList",
                "summary": "Alle zaaktypen opvragen",
                "tags": ["zaaktypen"],
                "parameters": [_PAGE_PARAM],
                "responses": {
                    "200": _ok("#/components/schemas/ZaaktypePagina", "Een pagina met zaaktypen."),
                    "400": _problem("BadRequest"),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapiRead",
                "summary": "Deze beschrijving van de API (OpenAPI, JSON)",
                "tags": ["documentatie"],
                "responses": {
                    "200": {
                        "description": "Het OpenAPI-document.",
                        "headers": {
                            **_VERSION_HEADER,
                            "Access-Control-Allow-Origin": {
                                "description": "Iedereen mag het document lezen.",
                                "schema": {"type": "string", "enum": ["*"]},
                            },
                        },
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "headers": {
            "API-Version": {
                "description": "De volledige versie van de API (SemVer).",
                "schema": {"type": "string", "example": API_VERSION},
            }
        },
        "parameters": {
            "page": {
                "name": "page",
                "in": "query",
                "description": "Paginanummer, vanaf 1.",
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            }
        },
        "responses": {
            "BadRequest": {
                "description": "Ongeldige invoer, bijvoorbeeld een onbekende of ongeldige queryparameter.",
                "headers": _VERSION_HEADER,
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
            },
            "NotFound": {
                "description": "De gevraagde resource bestaat niet.",
                "headers": _VERSION_HEADER,
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
            },
        },
        "schemas": {
            "Zaak": {
                "type": "object",
                "required": ["uuid", "identificatie", "zaaktype", "startdatum"],
                "properties": {
                    "uuid": {"type": "string", "format": "uuid"},
                    "identificatie": {"type": "string", "example": "ZAAK-2026-0000001"},
                    "omschrijving": {"type": "string"},
                    "zaaktype": {"type": "string", "format": "uuid"},
                    "startdatum": {"type": "string", "format": "date", "example": "2026-03-02"},
                    "einddatum": {"type": "string", "format": "date", "nullable": True},
                    "archiefnominatie": {"type": "string", "enum": ARCHIEFNOMINATIES},
                },
            },
            "Zaaktype": {
                "type": "object",
                "required": ["uuid", "identificatie", "omschrijving"],
                "properties": {
                    "uuid": {"type": "string", "format": "uuid"},
                    "identificatie": {"type": "string"},
                    "omschrijving": {"type": "string"},
                    "doorlooptijdDagen": {"type": "integer", "minimum": 0},
                    "beginGeldigheid": {"type": "string", "format": "date", "example": "2024-01-01"},
                },
            },
            "ZaakPagina": _page_schema("#/components/schemas/Zaak", "Een pagina met zaken."),
            "ZaaktypePagina": _page_schema("#/components/schemas/Zaaktype", "Een pagina met zaaktypen."),
            "Problem": {
                "type": "object",
                "description": "Problem details (RFC 9457).",
                "required": ["status", "title", "detail"],
                "properties": {
                    "type": {"type": "string", "format": "uri", "example": "about:blank"},
                    "title": {"type": "string", "example": "Niet gevonden"},
                    "status": {"type": "integer", "example": 404},
                    "detail": {"type": "string", "example": "Er is geen zaak met deze uuid."},
                    "instance": {"type": "string"},
                    "invalidParams": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/InvalidParam"},
                    },
                },
            },
            "InvalidParam": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}


def demo_document(server_url: str) -> dict[str, Any]:
    """A fresh copy of the document with ``servers`` set to ``server_url`` (scheme, host, port, base path)."""
    document = copy.deepcopy(_DOCUMENT)
    document["servers"][0]["url"] = server_url
    return document
