"""SVG badges per deployment: the verdict of its latest result and the date, in the style of shields.io.

``badge_svg(verdict, date, lang)`` returns a small, self-contained SVG (no fonts, scripts or links to load)
that reads without colour: the verdict is written out (``voldoet``, ``voldoet niet``, ``niet vastgesteld``,
``handmatig``, or ``geen resultaat`` before a first run), the image has a ``<title>`` and an ``aria-label``
with the whole sentence, and every colour pair has a contrast ratio of at least 4.5:1 (WCAG AA for text;
a test computes it). Text widths are measured with a table of Verdana widths, as shields.io does, so the
badge fits its text without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from cgcomply.i18n import Text

#: What a badge can say. ``none``: the deployment has no result yet (never a pass).
VERDICTS: tuple[str, ...] = ("pass", "fail", "undetermined", "manual", "none")

LABEL = Text("API-regels", "API rules")
VERDICT_TEXTS: dict[str, Text] = {
    "pass": Text("voldoet", "pass"),
    "fail": Text("voldoet niet", "fail"),
    "undetermined": Text("niet vastgesteld", "not determined"),
    "manual": Text("handmatig", "manual"),
    "none": Text("geen resultaat", "no result"),
}
TITLE = Text("{label}: {verdict} op {date}", "{label}: {verdict} on {date}")
TITLE_NO_DATE = Text("{label}: {verdict}", "{label}: {verdict}")

#: Background of the right half per verdict; the text is white on all of them (contrast >= 4.5:1).
COLOURS: dict[str, str] = {
    "pass": "#1a7f37",
    "fail": "#b00020",
    "undetermined": "#8a4b00",
    "manual": "#6b2c91",
    "none": "#4f4f4f",
}
LABEL_COLOUR = "#2b2b2b"
TEXT_COLOUR = "#ffffff"

# Advance widths of Verdana at 11 px (as shields.io measures), per character; others count as "m"-ish.
_NARROW = {"i": 3.1, "l": 3.1, "j": 3.4, "f": 3.9, "t": 4.3, "r": 4.7, " ": 3.9, ".": 3.9, ",": 3.9, ":": 4.5}
_DIGIT = 7.0
_WIDE = {"m": 10.7, "w": 9.0, "M": 9.9, "W": 11.1, "-": 5.0, "·": 4.5}
_UPPER = 7.6
_LOWER = 6.7
FONT_SIZE = 11
PADDING = 6
HEIGHT = 20


def text_width(text: str) -> float:
    """The width in px of ``text`` in Verdana 11 px (close enough to fit; never shorter than the text)."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += _NARROW[char]
        elif char in _WIDE:
            width += _WIDE[char]
        elif char.isdigit():
            width += _DIGIT
        elif char.isupper():
            width += _UPPER
        else:
            width += _LOWER
    return width


@dataclass(frozen=True, slots=True)
class Badge:
    """What a badge shows, in one language."""

    label: str
    message: str
    colour: str
    title: str


def badge(verdict: str | None, date: str | None = None, lang: str = "nl") -> Badge:
    """The badge's texts for a verdict (``pass``, ``fail``, ``undetermined``, ``manual``; ``None``: no
    result yet) and the date (ISO ``YYYY-MM-DD`` or a timestamp, of which the date is shown)."""
    key = verdict if verdict in VERDICT_TEXTS else "none"
    if verdict is not None and verdict not in VERDICT_TEXTS:
        raise ValueError(f"unknown verdict {verdict!r}; one of {', '.join(VERDICTS[:-1])}")
    label = LABEL.get(lang)
    word = VERDICT_TEXTS[key].get(lang)
    day = date[:10] if date else None
    message = f"{word} · {day}" if day and key != "none" else word
    if day and key != "none":
        title = TITLE.render(lang, label=label, verdict=word, date=day)
    else:
        title = TITLE_NO_DATE.render(lang, label=label, verdict=word)
    return Badge(label=label, message=message, colour=COLOURS[key], title=title)


def badge_svg(verdict: str | None, date: str | None = None, lang: str = "nl") -> str:
    """The badge as an SVG document (UTF-8 text)."""
    shown = badge(verdict, date, lang)
    left = round(text_width(shown.label) + 2 * PADDING)
    right = round(text_width(shown.message) + 2 * PADDING)
    total = left + right
    baseline = 14
    title = escape(shown.title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{HEIGHT}" '
        f'viewBox="0 0 {total} {HEIGHT}" role="img" aria-label={quoteattr(shown.title)}>'
        f"<title>{title}</title>"
        f'<rect width="{left}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{shown.colour}"/>'
        f'<g fill="{TEXT_COLOUR}" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" '
        f'font-size="{FONT_SIZE}" text-anchor="middle">'
        f'<text x="{left / 2:g}" y="{baseline}">{escape(shown.label)}</text>'
        f'<text x="{left + right / 2:g}" y="{baseline}">{escape(shown.message)}</text>'
        "</g></svg>\n"
    )


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
