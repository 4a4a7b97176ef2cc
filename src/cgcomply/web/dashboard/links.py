"""Where each page of the dashboard lives: one path scheme for the web app and the static site.

:func:`page_path` gives a page's path from the site's root (``nl/market/deployments/acme/zaken/prod/``);
the web app serves it at ``/`` + that path, the static site writes it as a file (``index.html`` for a
path that ends in ``/``) and links relatively, so the site works from any folder, server or ``file://``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import quote, urlencode

PAGES: dict[str, str] = {
    "market": "{lang}/market/",
    "rules": "{lang}/market/rules/",
    "rule": "{lang}/market/rules/{rule}/",
    "runs": "{lang}/market/runs/",
    "product": "{lang}/market/products/{supplier}/{product}/",
    "product_feed": "{lang}/market/products/{supplier}/{product}/feed.atom",
    "deployment": "{lang}/market/deployments/{key}/",
    "report": "{lang}/market/deployments/{key}/report.html",
    "badge": "{lang}/market/badges/{key}.svg",
    "feed": "{lang}/market/feed.atom",
}


def page_path(kind: str, lang: str, **params: str) -> str:
    """The path of a page from the root (no leading ``/``); parameters are URL-quoted (keys keep ``/``)."""
    quoted = {name: quote(str(value), safe="/" if name == "key" else "") for name, value in params.items()}
    return PAGES[kind].format(lang=lang, **quoted)


def file_path(path: str) -> str:
    """The file the static site writes for a page path."""
    return f"{path}index.html" if path.endswith("/") or not path else path


class AppLinks:
    """Links of the web app: absolute paths on the server (``/nl/market/...``)."""

    def __init__(self, lang: str, static: str = "/static/") -> None:
        self.lang = lang
        self.static_prefix = static

    def __call__(
        self, kind: str, query: Mapping[str, str] | None = None, lang: str | None = None, **params: str
    ) -> str:
        url = "/" + page_path(kind, lang or self.lang, **params)
        clean = {k: v for k, v in (query or {}).items() if v}
        return f"{url}?{urlencode(clean)}" if clean else url

    def static(self, filename: str) -> str:
        return self.static_prefix + filename


class SiteLinks:
    """Links of the static site, relative to the page being written (``here``: its page path)."""

    def __init__(self, lang: str, here: str) -> None:
        self.lang = lang
        self.here = here

    def relative(self, target_file: str) -> str:
        start = posixpath.dirname(file_path(self.here)) or "."
        return posixpath.relpath(target_file, start)

    def __call__(
        self, kind: str, query: Mapping[str, str] | None = None, lang: str | None = None, **params: str
    ) -> str:
        return self.relative(file_path(page_path(kind, lang or self.lang, **params)))

    def static(self, filename: str) -> str:
        return self.relative(f"static/{filename}")
