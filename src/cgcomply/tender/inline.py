"""Inline marks in catalogue and template texts: `code` and **bold**, shown as such in every format.

Markdown keeps them as they are; HTML turns them into ``<code>`` and ``<strong>``; Word into runs in a
monospace or bold font. Inside `code` nothing else is a mark.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*")


def split_marks(text: str) -> list[tuple[str, str | None]]:
    """``"a `b` **c**"`` -> ``[("a ", None), ("b", "code"), (" ", None), ("c", "bold")]``."""
    parts: list[tuple[str, str | None]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], None))
        if match.group(1) is not None:
            parts.append((match.group(1), "code"))
        else:
            parts.append((match.group(2), "bold"))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], None))
    return parts


def plain(text: str) -> str:
    """The text without marks."""
    return "".join(part for part, _ in split_marks(text))
