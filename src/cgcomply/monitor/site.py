"""The static site of the market monitor (``cgcomply monitor site [--db DB] -o DIR``).

It writes the dashboard's pages (the same templates and the same library functions per page as the web
app, :mod:`cgcomply.web.dashboard.pages`) in Dutch and English, the latest report of every deployment (the
report's own HTML renderer), a badge per deployment, the Atom feeds of the market and of each product, and
the CSS and the small filter script. Every link is relative, so the folder can be published on any web
server or opened from disk (``file://``); nothing is loaded from another host.

Layout (the web app serves the same paths)::

    index.html                                   links to nl/market/ and en/market/
    static/web.css, dashboard.css, dashboard.js
    <lang>/market/index.html                     the market at a glance
    <lang>/market/feed.atom                      changes of the whole market
    <lang>/market/rules/index.html, rules/<id>/index.html
    <lang>/market/runs/index.html
    <lang>/market/products/<supplier>/<product>/index.html, feed.atom
    <lang>/market/deployments/<key>/index.html, report.html
    <lang>/market/badges/<key>.svg
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from cgcomply import __version__
from cgcomply.errors import UsageError
from cgcomply.i18n import LANGS, Text
from cgcomply.report.model import now_iso
from cgcomply.resources import templates_dir
from cgcomply.web.dashboard import feeds, pages
from cgcomply.web.dashboard.data import MarketReader
from cgcomply.web.dashboard.links import SiteLinks, file_path, page_path
from cgcomply.web.dashboard.render import TEMPLATES, page_context
from cgcomply.web.texts import texts

STATIC_FILES = ("web.css", "dashboard.css", "dashboard.js")


@dataclass(frozen=True, slots=True)
class SiteResult:
    directory: Path
    pages: int  # HTML pages written (reports included)
    feeds: int
    badges: int


class _Writer:
    def __init__(self, reader: MarketReader, out: Path, base_url: str | None) -> None:
        self.reader = reader
        self.out = out
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.generated = now_iso()[:16].replace("T", " ") + " UTC"
        self.env = Environment(
            loader=FileSystemLoader(str(templates_dir())),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.pages = self.feeds = self.badges = 0

    def write(self, path: str, data: str | bytes) -> None:
        target = self.out / file_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)

    def page(self, kind: str, view: Any, lang: str, path: str) -> None:
        link = SiteLinks(lang, path)
        other = "en" if lang == "nl" else "nl"
        context = page_context(kind, view, lang, link, static=True)
        context.update(
            lang=lang,
            other_lang=other,
            other_lang_href=link.relative(file_path(other + path[len(lang) :])),
            t=texts(lang),
            version=__version__,
            generated=self.generated,
        )
        self.write(path, self.env.get_template(TEMPLATES[kind]).render(context))
        self.pages += 1

    def site(self) -> None:
        targets = self.reader.targets()
        checks, requirements = self.reader.rule_ids()
        products = sorted({(t.supplier_id, t.product_id) for t in targets})
        for lang in LANGS:
            self.page("market", pages.market(self.reader, lang), lang, page_path("market", lang))
            self.page("rules", pages.rules(self.reader, lang), lang, page_path("rules", lang))
            self.page("runs", pages.runs(self.reader, lang), lang, page_path("runs", lang))
            for rule_id in [*checks, *requirements]:
                view = pages.rule(self.reader, lang, rule_id)
                if view is not None:
                    self.page("rule", view, lang, page_path("rule", lang, rule=rule_id))
            for supplier_id, product_id in products:
                path = page_path("product", lang, supplier=supplier_id, product=product_id)
                self.page("product", pages.product(self.reader, lang, supplier_id, product_id), lang, path)
                feed_path = page_path("product_feed", lang, supplier=supplier_id, product=product_id)
                data = feeds.product_feed(
                    self.reader,
                    lang,
                    SiteLinks(lang, feed_path),
                    supplier_id,
                    product_id,
                    base=self._base(feed_path),
                )
                if data is not None:
                    self.write(feed_path, data)
                    self.feeds += 1
            for target in targets:
                path = page_path("deployment", lang, key=target.key)
                self.page("deployment", pages.deployment(self.reader, lang, target.key), lang, path)
                report = pages.report_html(self.reader, lang, target.key)
                if report is not None:
                    self.write(page_path("report", lang, key=target.key), report)
                    self.pages += 1
                badge = feeds.deployment_badge(self.reader, lang, target.key)
                if badge is not None:
                    self.write(page_path("badge", lang, key=target.key), badge)
                    self.badges += 1
            feed_path = page_path("feed", lang)
            self.write(
                feed_path,
                feeds.market_feed(self.reader, lang, SiteLinks(lang, feed_path), base=self._base(feed_path)),
            )
            self.feeds += 1
        self.static()

    def _base(self, path: str) -> str | None:
        """``xml:base`` of a feed: the feed's folder under ``--base-url`` (links in it are relative)."""
        if not self.base_url:
            return None
        folder = path.rsplit("/", 1)[0] + "/"
        return self.base_url + folder

    def static(self) -> None:
        source = Path(__file__).resolve().parents[1] / "web" / "static"
        (self.out / "static").mkdir(parents=True, exist_ok=True)
        for name in STATIC_FILES:
            shutil.copyfile(source / name, self.out / "static" / name)
        index = self.env.get_template("web/dashboard/site_index.html.j2").render(
            t=texts("nl"),
            links=[(lang, file_path(page_path("market", lang))) for lang in LANGS],
            version=__version__,
            generated=self.generated,
        )
        (self.out / "index.html").write_text(index, encoding="utf-8")
        self.pages += 1


def write_site(reader: MarketReader, out: Path | str, *, base_url: str | None = None) -> SiteResult:
    """Write the static site of the history ``reader`` reads into folder ``out`` (made when missing).

    ``base_url`` is where the site will be published (``https://example.org/markt/``): the feeds then
    carry it as ``xml:base``; without it every link is relative to the file it is in."""
    directory = Path(out)
    if directory.exists() and not directory.is_dir():
        raise UsageError(
            Text(
                f"{directory} is een bestand; geef een map voor de site",
                f"{directory} is a file; give a folder for the site",
            ),
            field="-o",
        )
    directory.mkdir(parents=True, exist_ok=True)
    writer = _Writer(reader, directory, base_url)
    writer.site()
    return SiteResult(directory=directory, pages=writer.pages, feeds=writer.feeds, badges=writer.badges)
