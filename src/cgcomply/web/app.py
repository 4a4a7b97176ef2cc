"""The local web app: ``create_app()`` builds it, :func:`serve` runs it (``cgcomply serve``).

One blueprint per area (:mod:`cgcomply.web.officer` for the procurement officer's pages; the market
dashboard will be another), each with an :class:`Area` (its title and start page) that the home page and
the navigation show.
Safe by default for an app on the officer's own computer: it answers only on the address it was started on
(``TRUSTED_HOSTS``, against DNS rebinding), every form carries a per-session CSRF token (Flask-WTF), request
bodies are bounded, nothing is written to disk, and pages load nothing from another host (a strict
Content-Security-Policy; CSS and JS are served from the package).
"""

from __future__ import annotations

import errno
import ipaddress
import secrets
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import StrictUndefined
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError
from werkzeug.wrappers import Response as BaseResponse

from cgcomply import __version__
from cgcomply.errors import UsageError
from cgcomply.i18n import LANGS, Text
from cgcomply.resources import templates_dir
from cgcomply.tender.templating import inline_html
from cgcomply.web.texts import TEXTS, texts

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_REQUEST_BYTES = 1024 * 1024  # the whole request: an upload or the editor's form
MAX_UPLOAD_BYTES = 256 * 1024  # one profile file

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)


@dataclass(frozen=True, slots=True)
class Area:
    """A part of the app with its own blueprint: its name in both languages and its start page."""

    title: Text
    intro: Text
    endpoint: str


class _App(Flask):
    def select_jinja_autoescape(self, filename: str | None) -> bool:
        return True  # every template of the web app is HTML


def _size(limit: int) -> str:
    return f"{limit // 1024} KB"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The web app. ``config`` overrides Flask settings (tests; ``TRUSTED_HOSTS`` for ``--host``)."""
    app = _App(
        __name__,
        static_folder="static",
        static_url_path="/static",
        template_folder=str(templates_dir()),
    )
    app.jinja_options = {
        **app.jinja_options,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # new on every start: sessions end with the server
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
        MAX_UPLOAD_BYTES=MAX_UPLOAD_BYTES,
        TRUSTED_HOSTS=["127.0.0.1", "localhost"],
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: an officer may take an afternoon over a tender
        SEND_FILE_MAX_AGE_DEFAULT=0,
    )
    if config:
        app.config.update(config)
    csrf = CSRFProtect(app)
    app.jinja_env.filters["inline_html"] = inline_html

    from cgcomply.web import dashboard, officer
    from cgcomply.web.dashboard import api as monitor_api

    areas: list[Area] = []
    for area in (officer, dashboard):
        app.register_blueprint(area.bp)
        areas.append(area.AREA)
    app.extensions["cgcomply.areas"] = areas
    app.register_blueprint(monitor_api.bp)
    csrf.exempt(monitor_api.bp)  # read-only: GET, HEAD and OPTIONS only
    _open_market(app)

    @app.url_value_preprocessor
    def _pull_lang(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def _add_lang(endpoint: str, values: dict[str, Any]) -> None:
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = current_lang()

    @app.context_processor
    def _context() -> dict[str, Any]:
        lang = current_lang()
        return {
            "lang": lang,
            "other_lang": "en" if lang == "nl" else "nl",
            "t": texts(lang),
            "areas": app.extensions["cgcomply.areas"],
            "version": __version__,
        }

    @app.get("/")
    def root() -> BaseResponse:
        return redirect(url_for("home", lang="nl"))

    @app.get("/<any(nl, en):lang>/")
    def home() -> str:
        return render_template("web/home.html.j2")

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", _CSP)  # the JSON API sets its own
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        return _error_page("error_csrf", 400)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        return _error_page("error_413", 413, limit=_size(app.config["MAX_CONTENT_LENGTH"]))

    @app.errorhandler(SecurityError)
    def _untrusted_host(error: SecurityError) -> Response:
        # no page: URLs cannot be built for a Host the app does not answer to
        text = f"{TEXTS['error_host'].nl}\n{TEXTS['error_host'].en}\n"
        return Response(text, status=400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int] | Response:
        if monitor_api.in_api(request.path):
            return monitor_api.http_problem(error)  # problem+json, also for URLs no route matched
        code = error.code or 500
        name = {404: "error_404", 405: "error_405"}.get(code, "error_400")
        return _error_page(name, code)

    return app


def _open_market(app: Flask) -> None:
    """The dashboard's reader of the history store: ``MONITOR_READER`` (tests), or the store at
    ``MONITOR_DB`` (``cgcomply serve --db``), opened without migrating it (the dashboard only reads)."""
    from cgcomply.web.dashboard.data import open_reader

    reader = app.config.get("MONITOR_READER")
    if reader is None and app.config.get("MONITOR_DB"):
        reader = open_reader(str(app.config["MONITOR_DB"]))
    if reader is not None:
        app.extensions["cgcomply.market"] = reader


def current_lang() -> str:
    """The page's language: from the URL (``/nl/...``, ``/en/...``), else Dutch."""
    lang = g.get("lang")
    if lang in LANGS:
        return str(lang)
    first = request.path.strip("/").split("/", 1)[0] if request else ""
    return first if first in LANGS else "nl"


def _error_page(name: str, status: int, **params: Any) -> tuple[str, int]:
    message = texts(current_lang())(name, **params)
    return render_template("web/error.html.j2", message=message, status=status), status


# --------------------------------------------------------------------------- serving


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def trusted_hosts(host: str) -> list[str] | None:
    """The Host names the app answers to when bound to ``host`` (``None``: any, for 0.0.0.0 / ::)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = ["127.0.0.1", "localhost"]
    if host not in names:
        names.append(f"[{host}]" if ":" in host else host)
    return names


def make_server(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    app: Flask | None = None,
    *,
    db: str | None = None,
    ssl_context: Any = None,
) -> Any:
    """A threaded WSGI server bound to ``host:port`` (port 0: a free one); errors become UsageError.
    ``db``: the monitor's history store the dashboard shows; ``ssl_context``: serve HTTPS."""
    from werkzeug.serving import make_server as werkzeug_server

    app = app or create_app({"TRUSTED_HOSTS": trusted_hosts(host), "MONITOR_DB": db})
    _check_address(host, port)  # werkzeug prints and exits on a taken port; say it our way first
    try:
        return werkzeug_server(host, port, app, threaded=True, ssl_context=ssl_context)
    except OSError as error:
        raise UsageError(
            Text(
                f"kan niet luisteren op {host}:{port}: {error.strerror or error}",
                f"cannot listen on {host}:{port}: {error.strerror or error}",
            )
        ) from None
    except (SystemExit, ValueError) as error:
        raise UsageError(
            Text(
                f"kan niet luisteren op {host}:{port}: {error}",
                f"cannot listen on {host}:{port}: {error}",
            )
        ) from None


def _check_address(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = error.strerror or str(error)
            hint = "; give another with --port" if error.errno == errno.EADDRINUSE else ""
            raise UsageError(
                Text(
                    f"kan niet luisteren op {host}:{port}: {reason}{hint}",
                    f"cannot listen on {host}:{port}: {reason}{hint}",
                )
            ) from None


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, db: str | None = None) -> None:
    """Run the app until Ctrl+C, printing its address (``cgcomply serve [--db DB]``)."""
    server = make_server(host, port, db=db)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{server.server_port}/"
    sys.stderr.write(f"cgcomply {__version__}: {address}  (Ctrl+C om te stoppen / to stop)\n")
    if not _is_loopback(host):
        sys.stderr.write(
            f"waarschuwing: {host} is niet alleen deze computer; anderen in het netwerk kunnen de pagina openen\n"
            f"warning: {host} is not only this computer; others on the network can open the page\n"
        )
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
