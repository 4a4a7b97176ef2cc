"""SVG charts of history, drawn on the server: no JavaScript, no library from a CDN, readable offline.

Two shapes: :func:`verdict_strip` (one coloured block per run, with its verdict written in the block's
``<title>`` and in the table beside it), and :func:`adoption_chart` (a line of the share of deployments
that pass a rule, per run, with the counts at every point). Each chart has ``role="img"``, a ``<title>``
and a ``<desc>`` that says in words what it shows; the pages put the same numbers in a table, so nothing
is only in the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from cgcomply.monitor.badge import COLOURS

WIDTH = 640
HEIGHT = 180
MARGIN_LEFT = 44
MARGIN_RIGHT = 12
MARGIN_TOP = 14
MARGIN_BOTTOM = 34
AXIS = "#555555"
GRID = "#d0d0d0"
LINE = "#154273"


@dataclass(frozen=True, slots=True)
class StripPoint:
    label: str  # the run (date) under the block
    verdict: str  # pass | fail | undetermined | manual | none
    title: str  # what the block's tooltip and screen reader say


@dataclass(frozen=True, slots=True)
class AdoptionPoint:
    label: str
    passed: int
    total: int
    title: str


def verdict_strip(points: Sequence[StripPoint], title: str, description: str) -> str:
    """One block per run, coloured by verdict (the verdict is also in each block's title)."""
    count = max(1, len(points))
    inner = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    step = inner / count
    height = 70
    parts = [_open(WIDTH, height + 30, title, description)]
    for index, point in enumerate(points):
        x = MARGIN_LEFT + index * step
        colour = COLOURS.get(point.verdict, COLOURS["none"])
        parts.append(
            f'<rect x="{x + 1:.1f}" y="10" width="{max(step - 2, 2):.1f}" height="{height - 20}" fill="{colour}">'
            f"<title>{escape(point.title)}</title></rect>"
        )
        if _show_label(index, count):
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height + 6}" font-size="11" text-anchor="middle" '
                f'fill="{AXIS}">{escape(point.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def adoption_chart(points: Sequence[AdoptionPoint], title: str, description: str) -> str:
    """The share (0-100 %) of deployments that pass, per run, as a line with a dot per run."""
    inner_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    inner_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    parts = [_open(WIDTH, HEIGHT, title, description)]
    for percent in (0, 50, 100):
        y = MARGIN_TOP + inner_h * (1 - percent / 100)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="{AXIS}">'
            f"{percent}%</text>"
        )
    count = len(points)
    coords: list[tuple[float, float]] = []
    for index, point in enumerate(points):
        share = point.passed / point.total if point.total else 0.0
        x = MARGIN_LEFT + (inner_w * (index + 0.5) / count if count else 0)
        y = MARGIN_TOP + inner_h * (1 - share)
        coords.append((x, y))
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for index, ((x, y), point) in enumerate(zip(coords, points, strict=True)):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE}"><title>{escape(point.title)}</title></circle>'
        )
        if _show_label(index, count):
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 12}" font-size="11" text-anchor="middle" fill="{AXIS}">'
                f"{escape(point.label)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _show_label(index: int, count: int) -> bool:
    """Labels under at most about 8 runs: the first, the last, and evenly between."""
    if count <= 8:
        return True
    stride = max(1, round(count / 8))
    return index == count - 1 or (index % stride == 0 and count - 1 - index >= stride / 2)


def _open(width: int, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label={quoteattr(title)} '
        f'font-family="system-ui, sans-serif"><title>{escape(title)}</title><desc>{escape(description)}</desc>'
    )
