"""The OpenAPI 3.0.3 document of the dashboard's read-only JSON API (``/monitor/api/v1``).

Written to pass cgcomply's own ADR 2.2.0 checks (``cgcomply lint``; a test runs it, and ``cgcomply verify``
against the running API): kebab-case paths without a trailing slash, camelCase query keys, ``API-Version``
on every response, a 400 for every operation with parameters, problem+json errors, ``info.contact``, a
SemVer version, ``servers`` set to the address the app answers on, ``format: date-time`` for times.
"""

from __future__ import annotations

import copy
from typing import Any

API_VERSION = "1.0.0"
BASE_PATH = "/monitor/api/v1"
PAGE_SIZE = 100
MAX_NUMBER = 1_000_000_000  # the largest page or run number the API accepts (fits every database integer)
VERDICTS = ["pass", "fail", "undetermined", "manual", "none"]
SEVERITIES = ["error", "warning", "info", "hint"]

_VERSION_HEADER = {"API-Version": {"$ref": "#/components/headers/API-Version"}}


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": _VERSION_HEADER,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _param(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


def _problem(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


def _page(item: str, description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": ["count", "page", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0, "description": "Aantal resultaten in totaal."},
            "page": {"type": "integer", "minimum": 1, "description": "Nummer van deze pagina."},
            "pageSize": {"type": "integer", "minimum": 1, "description": "Resultaten per pagina."},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


def _get(
    operation_id: str, summary: str, tag: str, parameters: list[Any], ok: dict[str, Any], *, not_found: bool
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": ok}
    if parameters:
        responses["400"] = _problem("BadRequest")
    if not_found:
        responses["404"] = _problem("NotFound")
    operation: dict[str, Any] = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if parameters:
        operation["parameters"] = parameters
    operation["responses"] = responses
    return {"get": operation}


_FILTERS = [_param("q"), _param("supplier"), _param("organisation"), _param("standard"), _param("verdict")]

_NULLABLE_TEXT = {"type": "string", "nullable": True}

_DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "cgcomply marktmonitor API",
        "version": API_VERSION,
        "description": "Alleen-lezen JSON-API van de marktmonitor van cgcomply: de installaties (targets) van "
        "leveranciers, de metingen (runs), het oordeel per installatie en meting, de bevindingen per controle, "
        "en facetten om op te filteren. Dezelfde gegevens als het dashboard (cgcomply serve --db).",
        "contact": {
            "name": "cgcomply",
            "url": "https://gitdocumentatie.logius.nl/publicatie/api/adr/",
            "email": "cgcomply@example.org",
        },
        "license": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
    },
    "servers": [{"url": "http://127.0.0.1:8000" + BASE_PATH, "description": "Lokale marktmonitor"}],
    "tags": [
        {
            "name": "targets",
            "description": "Installaties van producten van leveranciers, met hun laatste oordeel.",
        },
        {"name": "runs", "description": "Metingen van de hele markt, met het oordeel per installatie."},
        {"name": "findings", "description": "Bevindingen per controle, installatie en meting."},
        {"name": "facets", "description": "Waarden om op te filteren, met aantallen."},
        {"name": "documentatie", "description": "De beschrijving van deze API."},
    ],
    "paths": {
        "/targets": _get(
            "targetsList",
            "Alle installaties met hun laatste oordeel",
            "targets",
            [_param("page"), *_FILTERS],
            _ok("TargetPagina", "Een pagina met installaties."),
            not_found=False,
        ),
        "/targets/{targetId}": _get(
            "targetRead",
            "Eén installatie met haar laatste oordeel",
            "targets",
            [_param("targetId")],
            _ok("Target", "De installatie."),
            not_found=True,
        ),
        "/targets/{targetId}/verdicts": _get(
            "targetVerdictsList",
            "Het oordeel van één installatie per meting (geschiedenis)",
            "targets",
            [_param("targetId"), _param("page")],
            _ok("OordeelPagina", "Een pagina met oordelen, de nieuwste meting eerst."),
            not_found=True,
        ),
        "/runs": _get(
            "runsList",
            "Alle metingen, de nieuwste eerst",
            "runs",
            [_param("page")],
            _ok("RunPagina", "Een pagina met metingen."),
            not_found=False,
        ),
        "/runs/{runId}": _get(
            "runRead",
            "Eén meting met de aantallen per oordeel",
            "runs",
            [_param("runId")],
            _ok("Run", "De meting."),
            not_found=True,
        ),
        "/runs/{runId}/verdicts": _get(
            "runVerdictsList",
            "Het oordeel per installatie in één meting",
            "runs",
            [_param("runId"), _param("page"), *_FILTERS],
            _ok("OordeelPagina", "Een pagina met oordelen."),
            not_found=True,
        ),
        "/findings": _get(
            "findingsList",
            "Bevindingen van een meting (standaard de laatste)",
            "findings",
            [_param("page"), _param("run"), _param("target"), _param("checkId"), _param("severity")],
            _ok("BevindingPagina", "Een pagina met bevindingen."),
            not_found=True,
        ),
        "/facets": _get(
            "facetsRead",
            "Waarden om op te filteren, met aantallen (laatste meting)",
            "facets",
            [],
            _ok("Facetten", "De facetten."),
            not_found=False,
        ),
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
                "description": f"Paginanummer, vanaf 1 ({PAGE_SIZE} resultaten per pagina).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER, "default": 1},
            },
            "q": {
                "name": "q",
                "in": "query",
                "description": "Zoekwoorden; alle moeten voorkomen in sleutel, namen, organisatie of adres.",
                "schema": {"type": "string", "maxLength": 200},
            },
            "supplier": {
                "name": "supplier",
                "in": "query",
                "description": "Alleen installaties van deze leverancier (id).",
                "schema": {"type": "string", "maxLength": 200},
            },
            "organisation": {
                "name": "organisation",
                "in": "query",
                "description": "Alleen installaties van deze organisatie.",
                "schema": {"type": "string", "maxLength": 200},
            },
            "standard": {
                "name": "standard",
                "in": "query",
                "description": "Alleen installaties die deze standaardversie claimen, bijvoorbeeld zgw-zaken@1.5.1.",
                "schema": {"type": "string", "maxLength": 200},
            },
            "verdict": {
                "name": "verdict",
                "in": "query",
                "description": "Alleen installaties met dit oordeel.",
                "schema": {"type": "string", "enum": VERDICTS},
            },
            "run": {
                "name": "run",
                "in": "query",
                "description": "Het nummer van de meting; zonder: de laatste.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
            },
            "target": {
                "name": "target",
                "in": "query",
                "description": "Alleen bevindingen van deze installatie (targetId).",
                "schema": {"type": "string", "maxLength": 300},
            },
            "checkId": {
                "name": "checkId",
                "in": "query",
                "description": "Alleen bevindingen van deze controle, bijvoorbeeld probe.version-header.",
                "schema": {"type": "string", "maxLength": 120},
            },
            "severity": {
                "name": "severity",
                "in": "query",
                "description": "Alleen bevindingen met deze ernst.",
                "schema": {"type": "string", "enum": SEVERITIES},
            },
            "targetId": {
                "name": "targetId",
                "in": "path",
                "required": True,
                "description": "De sleutel van de installatie met ~ in plaats van /, bijvoorbeeld acme~zaken~productie.",
                "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._~-]*$", "maxLength": 300},
            },
            "runId": {
                "name": "runId",
                "in": "path",
                "required": True,
                "description": "Het nummer van de meting.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER},
            },
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
            "Target": {
                "type": "object",
                "description": "Een installatie (deployment) van een product van een leverancier.",
                "required": ["id", "key", "supplier", "product", "standards", "retired"],
                "properties": {
                    "id": {"type": "string", "example": "acme~zaken~productie"},
                    "key": {"type": "string", "example": "acme/zaken/productie"},
                    "supplier": {"$ref": "#/components/schemas/Naam"},
                    "product": {"$ref": "#/components/schemas/Product"},
                    "organisation": _NULLABLE_TEXT,
                    "environment": _NULLABLE_TEXT,
                    "baseUrl": {"type": "string", "format": "uri", "nullable": True},
                    "oasUrl": {"type": "string", "format": "uri", "nullable": True},
                    "profile": _NULLABLE_TEXT,
                    "standards": {"type": "array", "items": {"type": "string", "example": "zgw-zaken@1.5.1"}},
                    "retired": {"type": "boolean"},
                    "latest": {"$ref": "#/components/schemas/Oordeel"},
                },
            },
            "Naam": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            },
            "Product": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "version": _NULLABLE_TEXT,
                },
            },
            "Oordeel": {
                "type": "object",
                "description": "Het oordeel over één installatie in één meting.",
                "nullable": True,
                "required": ["runId", "targetId", "state", "verdict", "requirements", "standards"],
                "properties": {
                    "runId": {"type": "integer", "minimum": 1},
                    "targetId": {"type": "string"},
                    "state": {"type": "string", "enum": ["done", "transient", "failed"]},
                    "verdict": {"type": "string", "enum": VERDICTS},
                    "exitCode": {"type": "integer", "nullable": True},
                    "finishedAt": {"type": "string", "format": "date-time", "nullable": True},
                    "reportSha256": _NULLABLE_TEXT,
                    "requirements": {"type": "array", "items": {"$ref": "#/components/schemas/EisOordeel"}},
                    "standards": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/StandaardOordeel"},
                    },
                },
            },
            "EisOordeel": {
                "type": "object",
                "required": ["id", "verdict"],
                "properties": {
                    "id": {"type": "string", "example": "CG-API-03"},
                    "verdict": {"type": "string", "enum": VERDICTS},
                },
            },
            "StandaardOordeel": {
                "type": "object",
                "required": ["standard", "verdict"],
                "properties": {
                    "standard": {"type": "string", "example": "zgw-zaken@1.5.1"},
                    "verdict": {"type": "string", "enum": VERDICTS},
                },
            },
            "Run": {
                "type": "object",
                "description": "Een meting van de markt.",
                "required": ["id", "startedAt", "status", "counts"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "startedAt": {"type": "string", "format": "date-time"},
                    "finishedAt": {"type": "string", "format": "date-time", "nullable": True},
                    "status": {"type": "string", "enum": ["running", "finished", "interrupted"]},
                    "toolVersion": _NULLABLE_TEXT,
                    "counts": {"$ref": "#/components/schemas/Aantallen"},
                },
            },
            "Aantallen": {
                "type": "object",
                "description": "Aantal installaties per oordeel.",
                "required": ["pass", "fail", "undetermined", "manual"],
                "properties": {name: {"type": "integer", "minimum": 0} for name in VERDICTS[:-1]},
            },
            "Bevinding": {
                "type": "object",
                "required": ["runId", "targetId", "checkId", "stableId", "severity"],
                "properties": {
                    "runId": {"type": "integer", "minimum": 1},
                    "targetId": {"type": "string"},
                    "checkId": {"type": "string", "example": "probe.version-header"},
                    "stableId": {"type": "string", "description": "Dezelfde plek, meting na meting."},
                    "severity": {"type": "string", "enum": SEVERITIES},
                    "location": _NULLABLE_TEXT,
                },
            },
            "Facet": {
                "type": "object",
                "required": ["value", "label", "count"],
                "properties": {
                    "value": {"type": "string"},
                    "label": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                },
            },
            "Facetten": {
                "type": "object",
                "description": "Waarden om de installaties op te filteren, met het aantal in de laatste meting.",
                "required": ["suppliers", "organisations", "standards", "verdicts"],
                "properties": {
                    "runId": {"type": "integer", "minimum": 1, "nullable": True},
                    "suppliers": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}},
                    "organisations": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}},
                    "standards": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}},
                    "verdicts": {"type": "array", "items": {"$ref": "#/components/schemas/Facet"}},
                },
            },
            "TargetPagina": _page("Target", "Een pagina met installaties."),
            "RunPagina": _page("Run", "Een pagina met metingen."),
            "OordeelPagina": _page("Oordeel", "Een pagina met oordelen."),
            "BevindingPagina": _page("Bevinding", "Een pagina met bevindingen."),
            "Problem": {
                "type": "object",
                "description": "Problem details (RFC 9457).",
                "required": ["status", "title", "detail"],
                "properties": {
                    "type": {"type": "string", "format": "uri", "example": "about:blank"},
                    "title": {"type": "string", "example": "Niet gevonden"},
                    "status": {"type": "integer", "example": 404},
                    "detail": {"type": "string", "example": "Er is geen installatie met deze sleutel."},
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


def api_document(server_url: str) -> dict[str, Any]:
    """A fresh copy of the document with ``servers`` set to ``server_url`` (scheme, host, port, base path)."""
    document = copy.deepcopy(_DOCUMENT)
    document["servers"][0]["url"] = server_url
    return document
