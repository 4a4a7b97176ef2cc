"""Read a YAML file (profile, requirement record) through cgcomply's one YAML loader, with positions.

The loading is :func:`cgcomply.oas.yaml_load.load_yaml` (rapidyaml, YAML 1.2 core schema, aliases shared
and counted by their expanded size against :data:`~cgcomply.oas.yaml_load.CATALOG_BUDGET`, duplicate keys
refused); this module keeps the catalogue's view of it: every path (``("requirements", 2, "form")``) maps
to the line and column of its value and of its key, asked lazily. Timestamps stay strings
(``2027-01-15``), so the data is plain JSON and hashes the same on every machine. Non-finite numbers
(``.inf``, ``.nan``) are refused, because they have no JSON form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cgcomply.errors import CatalogError, ErrorText, display_path, format_path
from cgcomply.i18n import Text

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(slots=True)
class YamlDocument:
    """Parsed YAML data plus the position of every value and mapping key (asked through :meth:`mark`)."""

    source: str
    data: Any
    locator: Any = field(default=None, repr=False, compare=False)

    def mark(self, path: Path_, *, key: bool = False) -> Mark | None:
        """The mark of ``path`` (its key with ``key=True``), or of its nearest ancestor that has one."""
        tokens = [str(part) for part in path]
        if self.locator is None:
            return None
        if key and tokens:
            found = self.locator.locate(tokens)
            if found is not None:
                return Mark(*found)
        while True:
            found = self.locator.locate_value(tokens)
            if found is not None:
                return Mark(*found)
            if not tokens:
                return None
            tokens.pop()

    def error(
        self, message: str, path: Path_, *, key: bool = False, field_name: str | None = None
    ) -> CatalogError:
        """A :class:`CatalogError` for the value at ``path`` (file, line, column and field path)."""
        mark = self.mark(path, key=key)
        return CatalogError(
            message,
            source=self.source,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field=field_name if field_name is not None else (format_path(path) or None),
        )


def load_yaml(path: Path, source: str | None = None) -> YamlDocument:
    """Parse ``path``; every problem becomes a :class:`CatalogError` with file and line."""
    source = source or display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CatalogError(
            Text(
                "bestand niet gevonden",
                "file not found",
            ),
            source=source,
        ) from None
    except IsADirectoryError:
        raise CatalogError(
            Text(
                "is een map, geen YAML-bestand",
                "is a folder, not a YAML file",
            ),
            source=source,
        ) from None
    except UnicodeDecodeError as error:
        raise CatalogError(
            Text(
                f"geen UTF-8-tekst ({error.reason} bij byte {error.start})",
                f"not UTF-8 text ({error.reason} at byte {error.start})",
            ),
            source=source,
        ) from None
    except OSError as error:
        raise CatalogError(
            Text(
                f"kan niet lezen: {error.strerror}",
                f"cannot read: {error.strerror}",
            ),
            source=source,
        ) from None
    return parse_yaml(text, source)


def _catalog_error(message: ErrorText, **where: Any) -> CatalogError:
    if isinstance(message, Text):
        message = Text(
            message.nl.replace("ongeldige YAML", "YAML-fout", 1),
            message.en.replace("invalid YAML: ", "YAML error: ", 1),
        )
    elif isinstance(message, str) and message.startswith("invalid YAML: "):
        message = "YAML error: " + message.removeprefix("invalid YAML: ")
    return CatalogError(message, **where)


def parse_yaml(text: str, source: str) -> YamlDocument:
    from cgcomply.oas.yaml_load import CATALOG_BUDGET, load_yaml

    loaded = load_yaml(text, source, budget=CATALOG_BUDGET, duplicate_keys="error", error=_catalog_error)
    if loaded is None:
        return YamlDocument(source=source, data=None)
    data, locator = loaded
    document = YamlDocument(source=source, data=data, locator=locator)
    _refuse_non_finite(document, data, (), set())
    return document


def _refuse_non_finite(document: YamlDocument, value: Any, path: Path_, seen: set[int]) -> None:
    """``.inf`` and ``.nan`` have no JSON form; shared (aliased) containers are looked at once."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise document.error(f"YAML error: {value!r} is not a finite number", path)
        return
    if not isinstance(value, (dict, list)) or id(value) in seen:
        return
    seen.add(id(value))
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        _refuse_non_finite(document, item, (*path, key), seen)
