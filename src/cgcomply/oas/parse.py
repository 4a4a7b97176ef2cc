"""One file's text to data plus a locator: JSON through ``json``, everything else through libyaml."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from cgcomply.errors import DocumentError
from cgcomply.oas.text import decode, gc_paused


class Locator(Protocol):
    def locate(self, tokens: list[str]) -> tuple[int, int] | None: ...


@dataclass
class ParsedFile:
    data: object
    syntax: str  # "json" or "yaml"
    locator: Locator


def parse_bytes(data: bytes, source: str) -> ParsedFile:
    """Parse one file's bytes. Empty or unparseable text raises :class:`DocumentError` with a line."""
    return parse_text(decode(data, source), source)


def parse_text(text: str, source: str) -> ParsedFile:
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        raise DocumentError("the file is empty", source=source)
    looks_json = stripped[0] in "{["
    name = source.split("?", 1)[0].split("#", 1)[0].lower()
    if looks_json:
        try:
            with gc_paused():
                value = json.loads(text)
        except json.JSONDecodeError as error:
            if name.endswith(".json"):
                raise DocumentError(
                    f"invalid JSON: {error.msg}", source=source, line=error.lineno, column=error.colno
                ) from None
            # not named .json: it may be YAML flow style (comments, unquoted keys); libyaml decides
        except RecursionError:
            raise DocumentError("invalid JSON: nested too deeply", source=source) from None
        else:
            from cgcomply.oas.json_locate import JsonLocator

            return ParsedFile(value, "json", JsonLocator(text))
    from cgcomply.oas.yaml_load import build, compose

    with gc_paused():
        root = compose(text, source)
        if root is None:
            raise DocumentError(
                "the file holds no YAML document (only comments or blank lines)", source=source
            )
        data, locator = build(root, source)
        del root  # the node tree is freed here; the locator keeps a compact index
    return ParsedFile(data, "yaml", locator)
