"""The dashboard's read-only JSON API under ``/monitor/api/v1`` (its OpenAPI document: ``api_document.py``).

It follows the NL GOV API Design Rules 2.2.0 itself: ``API-Version`` on every response, the ADR's security
headers (``frame-ancestors 'none'``, ``X-Frame-Options: DENY``, HSTS over HTTPS), problem+json for every
error (400 for a bad or unknown query parameter, 404 for an unknown resource or a path with a trailing
slash, 405 for any method but GET, HEAD and OPTIONS), ``openapi.json`` open to every origin and the rest
to none (no CORS headers). Error texts are Dutch, or English when ``Accept-Language`` asks for it.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from cgcomply.i18n import Text
from cgcomply.web.dashboard import api_data, pages
from cgcomply.web.dashboard.api_document import (
    API_VERSION,
    BASE_PATH,
    MAX_NUMBER,
    SEVERITIES,
    VERDICTS,
    api_document,
)
from cgcomply.web.dashboard.data import MarketReader

bp = Blueprint("monitor_api", __name__, url_prefix=BASE_PATH)

SECURITY_HEADERS: dict[str, str] = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000"

_TEXTS: dict[str, Text] = {
    "bad_request": Text("Ongeldige invoer", "Invalid input"),
    "not_found": Text("Niet gevonden", "Not found"),
    "method": Text("Methode niet toegestaan", "Method not allowed"),
    "unavailable": Text("Geen meetgeschiedenis", "No history of runs"),
    "unknown_param": Text("Onbekende queryparameter", "Unknown query parameter"),
    "bad_param": Text("Ongeldige waarde", "Invalid value"),
    "detail_params": Text(
        "Een of meer queryparameters zijn ongeldig.", "One or more query parameters are invalid."
    ),
    "detail_not_found": Text("Deze resource bestaat niet.", "This resource does not exist."),
    "detail_method": Text(
        "Deze API is alleen te lezen: gebruik GET, HEAD of OPTIONS.",
        "This API is read-only: use GET, HEAD or OPTIONS.",
    ),
    "detail_unavailable": Text(
        "De toepassing is gestart zonder --db; er is niets te tonen.",
        "The application was started without --db; there is nothing to show.",
    ),
    "integer": Text(
        "moet een geheel getal van 1 tot en met {limit} zijn", "must be a whole number from 1 to {limit}"
    ),
    "enum": Text("moet een van {values} zijn", "must be one of {values}"),
    "too_long": Text("is te lang (hoogstens {limit} tekens)", "is too long (at most {limit} characters)"),
    "not_known": Text("deze parameter kent de API niet", "the API does not know this parameter"),
}

FILTER_PARAMS = ("q", "supplier", "organisation", "standard", "verdict")


class _Invalid(Exception):
    def __init__(self, params: list[dict[str, str]]) -> None:
        super().__init__("invalid parameters")
        self.params = params


def _lang() -> str:
    accepted = request.headers.get("Accept-Language", "")
    return "en" if accepted.strip().lower().startswith("en") else "nl"


def _json(data: Any, status: int = 200, media: str = "application/json") -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, mimetype=media)


def problem(status: int, title: str, detail: str, invalid: list[dict[str, str]] | None = None) -> Response:
    """A problem details (RFC 9457) response."""
    data: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    data["instance"] = request.path
    if invalid:
        data["invalidParams"] = invalid
    response = _json(data, status, "application/problem+json")
    _add_headers(response)
    return response


def http_problem(error: HTTPException) -> Response:
    """The API's answer to an HTTP error (also for URLs no route matched: the app calls this)."""
    lang = _lang()
    code = error.code or 500
    if code == 405:
        response = problem(405, _TEXTS["method"].get(lang), _TEXTS["detail_method"].get(lang))
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
        return response
    if code == 503:
        return problem(503, _TEXTS["unavailable"].get(lang), _TEXTS["detail_unavailable"].get(lang))
    if code == 404:
        return problem(404, _TEXTS["not_found"].get(lang), _TEXTS["detail_not_found"].get(lang))
    return problem(code, error.name, error.description or error.name)


def in_api(path: str) -> bool:
    return path == BASE_PATH or path.startswith(BASE_PATH + "/")


def _add_headers(response: Response) -> None:
    response.headers["API-Version"] = API_VERSION
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS


@bp.after_request
def _headers(response: Response) -> Response:
    _add_headers(response)
    if request.path == f"{BASE_PATH}/openapi.json":
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(_Invalid)
def _invalid(error: _Invalid) -> Response:
    lang = _lang()
    return problem(400, _TEXTS["bad_request"].get(lang), _TEXTS["detail_params"].get(lang), error.params)


def _reader() -> MarketReader:
    from cgcomply.web.dashboard.views import reader

    found = reader()
    if found is None:
        from werkzeug.exceptions import ServiceUnavailable

        raise ServiceUnavailable()
    return found


def _args(allowed: tuple[str, ...]) -> dict[str, str]:
    """The query's parameters, each checked; unknown ones and bad values are a 400 listing all of them."""
    lang = _lang()
    invalid: list[dict[str, str]] = []
    found: dict[str, str] = {}
    for name in request.args:
        values = request.args.getlist(name)
        if name not in allowed:
            invalid.append({"name": name, "code": "unknown", "reason": _TEXTS["not_known"].get(lang)})
            continue
        value = values[-1]
        reason = _check(name, value, lang)
        if reason:
            invalid.append({"name": name, "code": "invalid", "reason": reason})
        else:
            found[name] = value
    if invalid:
        raise _Invalid(invalid)
    return found


def _check(name: str, value: str, lang: str) -> str | None:
    if name in ("page", "run"):
        return None if _whole(value) else _TEXTS["integer"].render(lang, limit=MAX_NUMBER)
    if name == "verdict" and value not in VERDICTS:
        return _TEXTS["enum"].render(lang, values=", ".join(VERDICTS))
    if name == "severity" and value not in SEVERITIES:
        return _TEXTS["enum"].render(lang, values=", ".join(SEVERITIES))
    limit = 300 if name == "target" else 200
    if len(value) > limit:
        return _TEXTS["too_long"].render(lang, limit=limit)
    return None


def _whole(value: str) -> bool:
    """A whole number from 1 to :data:`MAX_NUMBER` (a bigger one does not fit the database's integers)."""
    return value.isascii() and value.isdigit() and len(value) <= 10 and 1 <= int(value) <= MAX_NUMBER


def _path_int(name: str, value: str) -> int:
    if not _whole(value):
        reason = _TEXTS["integer"].render(_lang(), limit=MAX_NUMBER)
        raise _Invalid([{"name": name, "code": "invalid", "reason": reason}])
    return int(value)


def _answer(data: Any) -> Response:
    if data is None:
        return http_problem(_NotFound())
    return _json(data)


class _NotFound(HTTPException):
    code = 404


def _filters(args: dict[str, str]) -> pages.Filters:
    return pages.Filters.of(args)


def _page(args: dict[str, str]) -> int:
    return int(args.get("page", "1"))


@bp.get("")
def index() -> Response:
    """The base path: what the API offers."""
    _args(())
    root = request.url_root.rstrip("/") + BASE_PATH
    return _json(
        {
            "title": "cgcomply marktmonitor API",
            "version": API_VERSION,
            "links": {
                name: f"{root}/{name}" for name in ("targets", "runs", "findings", "facets", "openapi.json")
            },
        }
    )


@bp.get("/openapi.json")
def openapi() -> Response:
    _args(())
    return _json(api_document(request.url_root.rstrip("/") + BASE_PATH))


@bp.get("/targets")
def targets() -> Response:
    args = _args(("page", *FILTER_PARAMS))
    return _json(api_data.targets(_reader(), _filters(args), _page(args)))


@bp.get("/targets/<target>")
def target(target: str) -> Response:
    _args(())
    return _answer(api_data.target(_reader(), target))


@bp.get("/targets/<target>/verdicts")
def target_verdicts(target: str) -> Response:
    args = _args(("page",))
    return _answer(api_data.target_verdicts(_reader(), target, _page(args)))


@bp.get("/runs")
def runs() -> Response:
    args = _args(("page",))
    return _json(api_data.runs(_reader(), _page(args)))


@bp.get("/runs/<run_id>")
def run(run_id: str) -> Response:
    _args(())
    return _answer(api_data.run(_reader(), _path_int("runId", run_id)))


@bp.get("/runs/<run_id>/verdicts")
def run_verdicts(run_id: str) -> Response:
    args = _args(("page", *FILTER_PARAMS))
    number = _path_int("runId", run_id)
    return _answer(api_data.run_verdicts(_reader(), number, _filters(args), _page(args)))


@bp.get("/findings")
def findings() -> Response:
    args = _args(("page", "run", "target", "checkId", "severity"))
    data = api_data.findings(
        _reader(),
        _page(args),
        int(args["run"]) if "run" in args else None,
        args.get("target"),
        args.get("checkId"),
        args.get("severity"),
    )
    return _answer(data)


@bp.get("/facets")
def facets() -> Response:
    _args(())
    return _json(api_data.facets(_reader()))
