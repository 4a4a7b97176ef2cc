"""Line and column of a JSON pointer in JSON text, without a second parse tree.

The locator walks the raw text along the pointer only. At each object or array on the way it records
where every member starts (once, cached); the member that the pointer goes on into is scanned the same way
while its parent is (so each container on the path is read once, not once per level below it), and values
that are not on the way are skipped with the C JSON scanner, which parses them and throws the result away.
A lookup therefore costs about one pass of ``json``'s C scanner over the containers on the path, and
nothing at all when no line is asked for.
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
# Containers this close to the root are indexed member by member when their parent is scanned (see
# JsonLocator._skip_value): the root is depth 0, `paths` and `components` 1, path items and
# `components/schemas` 2.
_EAGER_DEPTH = 2


class JsonLocator:
    """Finds where a JSON pointer's target starts in JSON text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines = LineIndex(text)
        # value offset -> {key: (key offset, value offset)} or [item offsets]
        self._members: dict[int, dict[str, tuple[int, int]] | list[int] | None] = {}
        # value offset -> the offset after that container (for each one in _members that was scanned)
        self._ends: dict[int, int] = {}

    def locate(self, tokens: list[str]) -> tuple[int, int] | None:
        """1-based (line, column) of the member key (objects) or the item (arrays); None if absent."""
        offset = self._skip_whitespace(0)
        where = offset
        for depth, token in enumerate(tokens):
            members = self._members_at(offset, depth, tokens[depth:])
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

    def _members_at(
        self, offset: int, depth: int, path: list[str]
    ) -> dict[str, tuple[int, int]] | list[int] | None:
        """The members of the container at ``offset``; ``path`` (its token first) is where the lookup goes
        on, so that the containers along it are indexed in the same pass."""
        if offset in self._members:
            return self._members[offset]
        try:
            with gc_paused():
                members, end = self._scan_container(offset, depth, path[1:])
            self._ends[offset] = end
        except (StopIteration, ValueError, IndexError):
            members = None
        self._members[offset] = members
        return members

    def _index_value(self, offset: int, depth: int, path: list[str]) -> int:
        """The offset after the value at ``offset``, which the lookup goes on into: a container is
        indexed (and remembered) instead of skipped, since the next step reads its members anyway."""
        if self._text[offset] not in "{[":
            return self._skip_value(offset, depth)
        end = self._ends.get(offset)
        if end is None:
            members, end = self._scan_container(offset, depth, path)
            self._members[offset] = members
            self._ends[offset] = end
        return end

    def _skip_value(self, offset: int, depth: int) -> int:
        """The offset after the value at ``offset``. A container near the root is scanned member by member
        (and remembered) rather than parsed and thrown away: the root, ``paths`` and ``components`` hold
        nearly the whole text, and parsing them at every level of a pointer would read it three or four
        times. Deeper values are skipped with the C scanner."""
        if depth <= _EAGER_DEPTH and self._text[offset] in "{[":
            end = self._ends.get(offset)
            if end is None:
                members, end = self._scan_container(offset, depth, [])
                self._members[offset] = members
                self._ends[offset] = end
            return end
        return _scan_value(self._text, offset)[1]

    def _scan_container(
        self, offset: int, depth: int, path: list[str]
    ) -> tuple[dict[str, tuple[int, int]] | list[int] | None, int]:
        """The members of the container at ``offset`` (depth: how many pointer tokens from the root) and
        the offset after it; the member named by ``path[0]`` is indexed along ``path[1:]``."""
        text = self._text
        wanted = path[0] if path else None
        rest = path[1:]
        opener = text[offset] if offset < len(text) else ""
        if opener == "{":
            keys: dict[str, tuple[int, int]] = {}
            position = self._skip_whitespace(offset + 1)
            if text[position] == "}":
                return keys, position + 1
            while True:
                key_offset = position
                if text[position] != '"':
                    return keys, position
                key, position = _scan_string(text, position + 1)
                position = self._skip_whitespace(position)
                if text[position] != ":":
                    return keys, position
                value_offset = self._skip_whitespace(position + 1)
                keys[key] = (key_offset, value_offset)
                if key == wanted:
                    end = self._index_value(value_offset, depth + 1, rest)
                else:
                    end = self._skip_value(value_offset, depth + 1)
                position = self._skip_whitespace(end)
                if text[position] != ",":
                    return keys, position + 1
                position = self._skip_whitespace(position + 1)
        if opener == "[":
            items: list[int] = []
            position = self._skip_whitespace(offset + 1)
            if text[position] == "]":
                return items, position + 1
            wanted_item = int(wanted) if wanted is not None and wanted.isdigit() else -1
            while True:
                if len(items) == wanted_item:
                    end = self._index_value(position, depth + 1, rest)
                else:
                    end = self._skip_value(position, depth + 1)
                items.append(position)
                position = self._skip_whitespace(end)
                if text[position] != ",":
                    return items, position + 1
                position = self._skip_whitespace(position + 1)
        return None, offset
