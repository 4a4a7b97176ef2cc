"""The SVG badge and the Atom feed writer of the monitor (#12 item 6), read back with XML parsers."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from cgcomply.monitor import badge as badges
from cgcomply.monitor.feed import ATOM_NS, Entry, Feed, atom_feed, rfc3339, stable_id

SVG = "{http://www.w3.org/2000/svg}"
A = f"{{{ATOM_NS}}}"


@pytest.mark.parametrize("verdict", ["pass", "fail", "undetermined", "manual", None])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_badge_is_svg_with_title_and_readable_text(verdict: str | None, lang: str) -> None:
    svg = badges.badge_svg(verdict, "2026-12-02T01:30:00+00:00", lang)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    assert root.get("aria-label") == title.text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    word = badges.VERDICT_TEXTS[verdict or "none"].get(lang)
    assert texts[0] == badges.LABEL.get(lang)
    assert texts[1] is not None and texts[1].startswith(word)
    if verdict is None:
        assert "2026" not in svg  # no date on a badge without a result
    else:
        assert "2026-12-02" in texts[1] and "2026-12-02" in title.text
        assert "01:30" not in svg
    # the width grows with the text: each half is wider than its text
    rects = root.findall(f"{SVG}rect")
    assert float(rects[0].get("width", 0)) > badges.text_width(texts[0] or "")
    assert float(rects[1].get("width", 0)) > badges.text_width(texts[1] or "")
    assert int(root.get("width", 0)) == sum(int(r.get("width", 0)) for r in rects)


def test_badge_texts_in_both_languages_differ_per_verdict() -> None:
    for lang in ("nl", "en"):
        words = {badges.VERDICT_TEXTS[v].get(lang) for v in badges.VERDICTS}
        assert len(words) == len(badges.VERDICTS)
    assert badges.badge("fail", "2026-12-02", "nl").message == "voldoet niet · 2026-12-02"
    assert badges.badge("fail", "2026-12-02", "en").message == "fail · 2026-12-02"
    assert badges.badge("pass", "2026-12-02", "en").title == "API rules: pass on 2026-12-02"
    for text in [badges.LABEL, badges.TITLE, badges.TITLE_NO_DATE, *badges.VERDICT_TEXTS.values()]:
        assert text.problems() == []


def test_badge_colours_have_enough_contrast() -> None:
    assert badges.contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert badges.contrast_ratio("#777777", "#ffffff") < 4.5  # the measure can fail
    for colour in [*badges.COLOURS.values(), badges.LABEL_COLOUR]:
        assert badges.contrast_ratio(badges.TEXT_COLOUR, colour) >= 4.5, colour
    # the verdicts differ in colour too, not only in text
    assert len(set(badges.COLOURS.values())) == len(badges.COLOURS)


def test_badge_refuses_an_unknown_verdict_and_escapes() -> None:
    with pytest.raises(ValueError, match="unknown verdict"):
        badges.badge_svg("great")
    svg = badges.badge_svg("pass", "<2026>", "nl")
    ET.fromstring(svg)  # still well-formed
    assert "<2026>" not in svg


def _feed(entries: list[Entry]) -> Feed:
    return Feed(
        id=stable_id("market"),
        title="Markt & <standaarden>",
        updated="2026-12-02T01:00:00+00:00",
        author="cgcomply",
        subtitle="Wijzigingen",
        self_link="feed.atom",
        alternate_link="index.html",
        base="https://example.org/markt/",
        entries=entries,
    )


def test_atom_feed_has_required_elements() -> None:
    entries = [
        Entry(
            id=stable_id("run-2", "acme/zaken/prod"),
            title="acme/zaken/prod: voldoet niet (was voldoet)",
            updated="2026-12-02 01:00:00",
            summary="Verslechterd: CG-API-03",
            link="deployments/acme/zaken/prod/",
            categories=("regressed",),
            content_lines=("CG-API-03: voldoet -> voldoet niet", "a < b & c"),
        ),
        Entry(id=stable_id("run-2", "b"), title="b", updated="2026-12-01", summary="s"),
    ]
    data = atom_feed(_feed(entries))
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(data)
    assert root.tag == f"{A}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{name}") is not None, name
    assert root.findtext(f"{A}author/{A}name") == "cgcomply"
    assert root.findtext(f"{A}title") == "Markt & <standaarden>"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
    assert links == {"self": "feed.atom", "alternate": "index.html"}
    found = root.findall(f"{A}entry")
    assert len(found) == 2
    rfc = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
    for entry in found:
        assert (entry.findtext(f"{A}id") or "").startswith("urn:uuid:")
        assert entry.findtext(f"{A}title")
        assert rfc.match(entry.findtext(f"{A}updated") or ""), entry.findtext(f"{A}updated")
        assert entry.findtext(f"{A}summary")
    first = found[0]
    assert first.find(f"{A}category").get("term") == "regressed"  # type: ignore[union-attr]
    assert first.findtext(f"{A}content") == "CG-API-03: voldoet -> voldoet niet\na < b & c"
    assert rfc.match(root.findtext(f"{A}updated") or "")
    assert len({e.findtext(f"{A}id") for e in found}) == 2


def test_ids_are_stable_and_distinct() -> None:
    assert stable_id("a", "b") == stable_id("a", "b")
    assert stable_id("a", "b") != stable_id("ab")
    assert atom_feed(_feed([])) == atom_feed(_feed([]))


def test_rfc3339() -> None:
    assert rfc3339("2026-12-02") == "2026-12-02T00:00:00Z"
    assert rfc3339("2026-12-02T01:02:03") == "2026-12-02T01:02:03Z"
    assert rfc3339("2026-12-02T01:02:03+00:00") == "2026-12-02T01:02:03+00:00"
    assert rfc3339("2026-12-02T01:02:03Z") == "2026-12-02T01:02:03Z"
