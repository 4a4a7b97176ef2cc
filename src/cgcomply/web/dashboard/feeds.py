"""The Atom feeds (whole market, per product) and the badges, from the history store.

An entry is one change of one deployment between two consecutive runs: its verdict improved or
regressed, a requirement's or a standard's verdict changed, it is new, or it was no longer measured.
Unchanged deployments make no entry. The newest :data:`MAX_ENTRIES` entries are kept (DON's register
keeps 50 per API, too). Entry ids depend on the run and the deployment only, so a reader sees each
change once however often the feed is written.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from cgcomply.monitor.badge import badge_svg
from cgcomply.monitor.feed import Entry, Feed, atom_feed, newest, stable_id
from cgcomply.web.dashboard.data import MarketReader, RunInfo
from cgcomply.web.dashboard.pages import day, verdict_key
from cgcomply.web.dashboard.texts import DashboardTexts

MAX_ENTRIES = 50
MAX_RUN_PAIRS = 20  # how far back the feed looks


@dataclass(frozen=True, slots=True)
class Change:
    """One deployment that changed between two consecutive runs (from :func:`cgcomply.monitor.diff.diff_runs`)."""

    run: RunInfo
    key: str
    kind: str  # improved | regressed | new | gone
    before: str | None
    after: str | None
    confirmed: bool  # False: the later result is a temporary failure after its retries, not a regression
    improved: tuple[str, ...]
    regressed: tuple[str, ...]


def changes(reader: MarketReader, keys: set[str] | None = None) -> list[Change]:
    """The changes between consecutive finished runs (the last :data:`MAX_RUN_PAIRS`), newest run first."""
    from cgcomply.monitor.diff import diff_runs

    runs = [run for run in reader.runs() if run.status == "finished"]
    found: list[Change] = []
    for earlier, later in list(itertools.pairwise(runs))[-MAX_RUN_PAIRS:]:
        diff = diff_runs(reader.store, earlier.id, later.id)
        for target in diff.targets:
            if target.kind == "unchanged" or (keys is not None and target.key not in keys):
                continue
            found.append(
                Change(
                    run=later,
                    key=target.key,
                    kind=target.kind,
                    before=target.before,
                    after=target.after,
                    confirmed=target.confirmed,
                    improved=tuple(c.rule_id for c in target.changed_requirements() if c.kind == "improved"),
                    regressed=tuple(
                        c.rule_id for c in target.changed_requirements() if c.kind == "regressed"
                    ),
                )
            )
    found.sort(key=lambda c: (c.run.id, c.key), reverse=True)
    return found


def _entry(d: DashboardTexts, change: Change, link: Any) -> Entry:
    after = d.verdict(change.after)
    if change.kind == "new":
        title = d("feed_entry_new", deployment=change.key, verdict=after)
    elif change.kind == "gone":
        title = d("feed_entry_gone", deployment=change.key)
    else:
        title = d("feed_entry_title", deployment=change.key, verdict=after, before=d.verdict(change.before))
    if not change.confirmed:
        title = d("feed_unconfirmed", title=title)
    summary = d(
        "feed_summary",
        run=change.run.id,
        kind=d.verdict(change.kind),
        improved=", ".join(change.improved) or d.none_text,
        regressed=", ".join(change.regressed) or d.none_text,
    )
    lines = tuple([f"+ {rid}" for rid in change.improved] + [f"- {rid}" for rid in change.regressed])
    return Entry(
        id=stable_id("change", str(change.run.id), change.key),
        title=title,
        updated=change.run.finished_at or change.run.started_at,
        summary=summary,
        link=link("deployment", key=change.key),
        categories=(change.kind,) if change.confirmed else (change.kind, "unconfirmed"),
        content_lines=lines,
    )


def _feed(
    reader: MarketReader,
    lang: str,
    link: Any,
    *,
    feed_id: str,
    title: str,
    self_link: str,
    alternate: str,
    keys: set[str] | None,
    base: str | None,
) -> bytes:
    d = DashboardTexts(lang)
    found = changes(reader, keys)[:MAX_ENTRIES]
    entries = [_entry(d, change, link) for change in found]
    latest = reader.latest_run()
    fallback = (latest.finished_at or latest.started_at) if latest else "1970-01-01T00:00:00Z"
    return atom_feed(
        Feed(
            id=feed_id,
            title=title,
            subtitle=d.feed_subtitle,
            updated=newest((e.updated for e in entries), fallback),
            author="cgcomply",
            lang=lang,
            self_link=self_link,
            alternate_link=alternate,
            base=base,
            entries=entries,
        )
    )


def market_feed(reader: MarketReader, lang: str, link: Any, base: str | None = None) -> bytes:
    """The feed of the whole market."""
    return _feed(
        reader,
        lang,
        link,
        feed_id=stable_id("feed", "market", lang),
        title=DashboardTexts(lang).feed_title,
        self_link=link("feed"),
        alternate=link("market"),
        keys=None,
        base=base,
    )


def product_feed(
    reader: MarketReader, lang: str, link: Any, supplier_id: str, product_id: str, base: str | None = None
) -> bytes | None:
    """The feed of one product's deployments (``None``: no such product)."""
    targets = [t for t in reader.targets() if t.product_id == product_id and t.supplier_id == supplier_id]
    if not targets:
        return None
    return _feed(
        reader,
        lang,
        link,
        feed_id=stable_id("feed", "product", supplier_id, product_id, lang),
        title=DashboardTexts(lang)("feed_product_title", product=targets[0].product_name),
        self_link=link("product_feed", supplier=supplier_id, product=product_id),
        alternate=link("product", supplier=supplier_id, product=product_id),
        keys={t.key for t in targets},
        base=base,
    )


def deployment_badge(reader: MarketReader, lang: str, key: str) -> str | None:
    """The badge of a deployment: the verdict and date of its latest result (``None``: unknown key)."""
    if reader.target(key) is None:
        return None
    history = reader.history(key)
    latest = history[-1] if history else None
    return badge_svg(
        verdict_key(latest) if latest else None, day(latest.finished_at) if latest else None, lang
    )
