"""One file's text to data plus a locator: JSON through ``json``, everything else through rapidyaml."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from cgcomply.errors import DocumentError
from cgcomply.i18n import Text
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
        raise DocumentError(
            Text(
                "het bestand is leeg",
                "the file is empty",
            ),
            source=source,
        )
    looks_json = stripped[0] in "{["
    name = source.split("?", 1)[0].split("#", 1)[0].lower()
    if looks_json:
        try:
            with gc_paused():
                value = json.loads(text)
        except json.JSONDecodeError as error:
            if name.endswith(".json"):
                raise DocumentError(
                    Text(
                        f"ongeldige JSON: {error.msg}",
                        f"invalid JSON: {error.msg}",
                    ),
                    source=source,
                    line=error.lineno,
                    column=error.colno,
                ) from None
            # not named .json: it may be YAML flow style (comments, unquoted keys); libyaml decides
        except RecursionError:
            raise DocumentError(
                Text(
                    "ongeldige JSON: te diep genest",
                    "invalid JSON: nested too deeply",
                ),
                source=source,
            ) from None
        except ValueError as error:  # int() refuses more than 4,300 digits
            raise _huge_integer(text, source, error) from None
        else:
            from cgcomply.oas.json_locate import JsonLocator

            return ParsedFile(value, "json", JsonLocator(text))
    from cgcomply.oas.yaml_load import load_yaml

    with gc_paused():
        loaded = load_yaml(text, source)
    if loaded is None:
        raise DocumentError(
            Text(
                "het bestand bevat geen YAML-document (alleen commentaar of lege regels)",
                "the file holds no YAML document (only comments or blank lines)",
            ),
            source=source,
        )
    data, locator = loaded
    return ParsedFile(data, "yaml", locator)


def _huge_integer(text: str, source: str, error: ValueError) -> DocumentError:
    import re

    found = re.search(r"[0-9]{4301,}", text)
    if found is None:
        return DocumentError(Text(f"ongeldige JSON: {error}", f"invalid JSON: {error}"), source=source)
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return DocumentError(
        Text(
            f"een geheel getal van {len(found.group())} cijfers; meer dan 4300 cijfers kunnen niet worden "
            "gelezen (zet het tussen aanhalingstekens als het tekst is)",
            f"an integer of {len(found.group())} digits; more than 4300 digits cannot be read "
            "(quote it if it is meant as text)",
        ),
        source=source,
        line=line,
        column=column,
    )
