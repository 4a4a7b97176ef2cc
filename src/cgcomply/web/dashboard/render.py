"""What every dashboard template gets, in the web app and in the static site alike."""

from __future__ import annotations

from typing import Any

from cgcomply.monitor.badge import badge
from cgcomply.web.dashboard.pages import SYMBOLS
from cgcomply.web.dashboard.texts import DashboardTexts

APP_LAYOUT = "web/base.html.j2"
SITE_LAYOUT = "web/dashboard/site_base.html.j2"

#: Template per page kind.
TEMPLATES: dict[str, str] = {
    "market": "web/dashboard/market.html.j2",
    "deployment": "web/dashboard/deployment.html.j2",
    "product": "web/dashboard/product.html.j2",
    "rules": "web/dashboard/rules.html.j2",
    "rule": "web/dashboard/rule.html.j2",
    "runs": "web/dashboard/runs.html.j2",
}


def page_context(page: str, view: Any, lang: str, link: Any, *, static: bool) -> dict[str, Any]:
    """The context of one page: its view object, the texts (``d``), the link maker and the layout."""
    context: dict[str, Any] = {
        "page": page,
        "view": view,
        "d": DashboardTexts(lang),
        "link": link,
        "layout": SITE_LAYOUT if static else APP_LAYOUT,
        "static": static,
        "symbols": SYMBOLS,
    }
    if page == "deployment" and view is not None:
        latest = view.history[0] if view.history else None
        context["badge_title"] = badge(
            latest.verdict if latest else None, latest.date if latest else None, lang
        ).title
    return context
