"""Atom 1.0 feeds (RFC 4287) of the market's changes: one for the whole market, one per product.

:func:`atom_feed` writes a feed from :class:`Feed` and :class:`Entry` values with the standard library's
ElementTree (every text escaped by it; no template can produce broken XML). Each feed and entry has the
elements RFC 4287 requires (``id``, ``title``, ``updated``; an ``author`` on the feed) and a ``link``;
ids are ``urn:uuid:`` values derived (UUID 5) from what the entry is about, so they stay the same when
the feed is written again. What goes into the entries (one per change of a deployment between two runs)
is decided by :mod:`cgcomply.monitor.site` from the run diffs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from cgcomply import __version__

ATOM_NS = "http://www.w3.org/2005/Atom"
#: The namespace of the UUID 5 ids of feeds and entries (itself a UUID 5 of the project's name).
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:cgcomply:monitor")


def stable_id(*parts: str) -> str:
    """A ``urn:uuid:`` id that depends only on ``parts`` (feeds and entries keep their id when rewritten)."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, chr(31).join(parts))}"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    updated: str  # RFC 3339 timestamp (ISO 8601 with a time zone)
    summary: str
    link: str | None = None  # the page the entry is about (relative links resolve against the feed's base)
    categories: tuple[str, ...] = ()  # e.g. "regressed", "improved"
    content_lines: tuple[str, ...] = ()  # the details, one per line (a text content)


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    title: str
    updated: str
    author: str
    lang: str = "nl"
    subtitle: str | None = None
    self_link: str | None = None  # where the feed itself lives
    alternate_link: str | None = None  # the HTML page the feed belongs to
    base: str | None = None  # xml:base for relative links (a static site published anywhere)
    entries: Sequence[Entry] = field(default_factory=tuple)


def rfc3339(timestamp: str) -> str:
    """``timestamp`` (ISO 8601) with a time zone, as Atom requires: a naive one is taken as UTC."""
    text = timestamp.strip().replace(" ", "T", 1)
    if text.endswith("Z") or (text[-6:-5] in ("+", "-") and ":" in text[-6:]):
        return text
    if len(text) == 10:  # a date only
        return f"{text}T00:00:00Z"
    return f"{text}Z"


def atom_feed(feed: Feed) -> bytes:
    """The feed as an Atom 1.0 document (UTF-8, with an XML declaration)."""
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(_q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": feed.lang})
    if feed.base:
        root.set("{http://www.w3.org/XML/1998/namespace}base", feed.base)
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", rfc3339(feed.updated))
    author = ET.SubElement(root, _q("author"))
    _text(author, "name", feed.author)
    ET.SubElement(root, _q("generator"), {"version": __version__}).text = "cgcomply"
    if feed.self_link:
        ET.SubElement(
            root, _q("link"), {"rel": "self", "href": feed.self_link, "type": "application/atom+xml"}
        )
    if feed.alternate_link:
        ET.SubElement(
            root, _q("link"), {"rel": "alternate", "href": feed.alternate_link, "type": "text/html"}
        )
    for entry in feed.entries:
        _entry(root, entry)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(root: ET.Element, entry: Entry) -> None:
    element = ET.SubElement(root, _q("entry"))
    _text(element, "id", entry.id)
    _text(element, "title", entry.title)
    _text(element, "updated", rfc3339(entry.updated))
    if entry.link:
        ET.SubElement(element, _q("link"), {"rel": "alternate", "href": entry.link, "type": "text/html"})
    for term in entry.categories:
        ET.SubElement(element, _q("category"), {"term": term})
    _text(element, "summary", entry.summary)
    if entry.content_lines:
        content = ET.SubElement(element, _q("content"), {"type": "text"})
        content.text = "\n".join(entry.content_lines)


def newest(timestamps: Iterable[str], default: str) -> str:
    """The latest of ``timestamps`` (ISO 8601, compared as RFC 3339 text), or ``default`` when empty."""
    values = sorted(rfc3339(t) for t in timestamps if t)
    return values[-1] if values else rfc3339(default)


def _q(name: str) -> str:
    return f"{{{ATOM_NS}}}{name}"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, _q(name))
    element.text = value
    return element
