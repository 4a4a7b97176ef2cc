"""Line and column of a JSON pointer in JSON text, without a second parse tree.

The locator walks the raw text along the pointer only. At each object or array on the way it records
where every member starts (once, cached); values that are not on the way are skipped with the C JSON
scanner, which parses them and throws the result away. A lookup therefore costs at most a few passes of
``json``'s C scanner over the containers on the path, and nothing at all when no line is asked for.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re

from cgcomply.oas.text import LineIndex, gc_paused

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_scan_value = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # typeshed: a class
_scan_string = json.decoder.scanstring  # type: ignore[attr-defined]  # the C scanner, not in typeshed


class JsonLocator:
    """Finds where a JSON pointer's target starts in JSON text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = LineIndex(text)
        # value offset -> {key: (key offset, value offset)} or [item offsets]
        self._members: dict[int, dict[str, tuple[int, int]] | list[int] | None] = {}

    def locate(self, tokens: list[str]) -> tuple[int, int] | None:
        """1-based (line, column) of the member key (objects) or the item (arrays); None if absent."""
        offset = self._skip_whitespace(0)
        where = offset
        for token in tokens:
            members = self._members_at(offset)
            if isinstance(members, dict):
                found = members.get(token)
                if found is None:
                    return None
                where, offset = found
            elif isinstance(members, list):
                if not token.isdigit() or int(token) >= len(members):
                    return None
                where = offset = members[int(token)]
            else:
                return None
        return self._lines.position(where)

    def _skip_whitespace(self, offset: int) -> int:
        return _WHITESPACE.match(self._text, offset).end()  # type: ignore[union-attr]

    def _members_at(self, offset: int) -> dict[str, tuple[int, int]] | list[int] | None:
        if offset in self._members:
            return self._members[offset]
        try:
            with gc_paused():
                members = self._scan_container(offset)
        except (StopIteration, ValueError, IndexError):
            members = None
        self._members[offset] = members
        return members

    def _scan_container(self, offset: int) -> dict[str, tuple[int, int]] | list[int] | None:
        text = self._text
        opener = text[offset] if offset < len(text) else ""
        if opener == "{":
            keys: dict[str, tuple[int, int]] = {}
            position = self._skip_whitespace(offset + 1)
            if text[position] == "}":
                return keys
            while True:
                key_offset = position
                if text[position] != '"':
                    return keys
                key, position = _scan_string(text, position + 1)
                position = self._skip_whitespace(position)
                if text[position] != ":":
                    return keys
                value_offset = self._skip_whitespace(position + 1)
                keys[key] = (key_offset, value_offset)
                _, position = _scan_value(text, value_offset)
                position = self._skip_whitespace(position)
                if text[position] != ",":
                    return keys
                position = self._skip_whitespace(position + 1)
        if opener == "[":
            items: list[int] = []
            position = self._skip_whitespace(offset + 1)
            if text[position] == "]":
                return items
            while True:
                items.append(position)
                _, position = _scan_value(text, position)
                position = self._skip_whitespace(position)
                if text[position] != ",":
                    return items
                position = self._skip_whitespace(position + 1)
        return None
