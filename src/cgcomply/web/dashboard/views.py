"""Routes of the market dashboard (read-only): each reads its arguments, calls one function of
:mod:`cgcomply.web.dashboard.pages`, and renders its template.

``GET /<lang>/market/``                              the market at a glance (filters in the query)
``GET /<lang>/market/products/<supplier>/<id>/``     one product; ``feed.atom`` its Atom feed
``GET /<lang>/market/deployments/<key>/``            one deployment; ``report.html`` its latest report
``GET /<lang>/market/badges/<key>.svg``              its badge
``GET /<lang>/market/rules/`` and ``rules/<id>/``    adoption per check and requirement
``GET /<lang>/market/runs/``                         every run
``GET /<lang>/market/feed.atom``                     the Atom feed of the whole market
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request

from cgcomply.web.dashboard import feeds, pages
from cgcomply.web.dashboard.data import MarketReader
from cgcomply.web.dashboard.links import AppLinks
from cgcomply.web.dashboard.render import TEMPLATES, page_context
from cgcomply.web.dashboard.texts import DashboardTexts

bp = Blueprint("dashboard", __name__, url_prefix="/<any(nl, en):lang>/market")

READER_KEY = "cgcomply.market"


def reader() -> MarketReader | None:
    """The app's reader of the history store (``None``: started without ``--db``)."""
    found = current_app.extensions.get(READER_KEY)
    return found if isinstance(found, MarketReader) else None


def _lang() -> str:
    from cgcomply.web.app import current_lang

    return current_lang()


def _links() -> AppLinks:
    return AppLinks(_lang(), static=(current_app.static_url_path or "/static").rstrip("/") + "/")


def _page(page: str, view: Any) -> str:
    if view is None:
        abort(404)
    return render_template(TEMPLATES[page], **page_context(page, view, _lang(), _links(), static=False))


def _need_reader() -> MarketReader:
    found = reader()
    if found is None:
        abort(503)
    return found


@bp.get("/")
def market() -> str | tuple[str, int]:
    found = reader()
    if found is None:
        message = DashboardTexts(_lang()).no_store
        return render_template("web/error.html.j2", message=message, status=503), 503
    filters = pages.Filters.of(request.args)
    return _page("market", pages.market(found, _lang(), filters))


@bp.get("/products/<supplier>/<product>/")
def product(supplier: str, product: str) -> str:
    return _page("product", pages.product(_need_reader(), _lang(), supplier, product))


@bp.get("/deployments/<path:key>/")
def deployment(key: str) -> str:
    return _page("deployment", pages.deployment(_need_reader(), _lang(), key))


@bp.get("/deployments/<path:key>/report.html")
def report(key: str) -> Response:
    html = pages.report_html(_need_reader(), _lang(), key)
    if html is None:
        abort(404)
    return Response(html, mimetype="text/html")


@bp.get("/rules/")
def rules() -> str:
    return _page("rules", pages.rules(_need_reader(), _lang()))


@bp.get("/rules/<rule>/")
def rule(rule: str) -> str:
    return _page("rule", pages.rule(_need_reader(), _lang(), rule))


@bp.get("/runs/")
def runs() -> str:
    return _page("runs", pages.runs(_need_reader(), _lang()))


@bp.get("/badges/<path:key>.svg")
def badge(key: str) -> Response:
    svg = feeds.deployment_badge(_need_reader(), _lang(), key)
    if svg is None:
        abort(404)
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/feed.atom")
def feed() -> Response:
    data = feeds.market_feed(_need_reader(), _lang(), _links(), base=request.url_root)
    return Response(data, mimetype="application/atom+xml")


@bp.get("/products/<supplier>/<product>/feed.atom")
def product_feed(supplier: str, product: str) -> Response:
    data = feeds.product_feed(_need_reader(), _lang(), _links(), supplier, product, base=request.url_root)
    if data is None:
        abort(404)
    return Response(data, mimetype="application/atom+xml")
