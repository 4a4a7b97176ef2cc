"""Inline `code` spans in catalogue and template texts, shown as code in every format."""

from __future__ import annotations


def split_code(text: str) -> list[tuple[str, bool]]:
    """``"a `b` c"`` -> ``[("a ", False), ("b", True), (" c", False)]``; an unpaired backtick stays text."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # odd number of backticks: leave the last one as it is
        pieces[-2] = pieces[-2] + "`" + pieces.pop()
    return [(piece, index % 2 == 1) for index, piece in enumerate(pieces) if piece]
