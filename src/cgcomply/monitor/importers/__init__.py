"""Importers: make a market catalogue from another register's export (``cgcomply monitor import``).

A family: ``base.py`` holds the shared part, one file per source: ``softwarecatalogus.py`` (a GEMMA
Softwarecatalogus CSV export) and ``don_register.py`` (DON's API register, the JSON of ``GET /apis``).
``docs/monitor.md`` describes the columns and fields each reads.
"""

from __future__ import annotations

from pathlib import Path

from cgcomply.errors import MonitorError
from cgcomply.i18n import Text
from cgcomply.monitor.importers.base import Importer, ImportResult, write_catalogue


def importers() -> dict[str, type[Importer]]:
    """The importers by the name ``--from`` takes."""
    from cgcomply.monitor.importers.don_register import DonRegisterImporter
    from cgcomply.monitor.importers.softwarecatalogus import SoftwarecatalogusImporter

    return {kind.name: kind for kind in (SoftwarecatalogusImporter, DonRegisterImporter)}


def import_file(kind: str, path: Path, output: Path, *, profile: str = "cg-basis") -> ImportResult:
    """Read ``path`` with the importer ``kind`` and write the catalogue ``output`` (YAML)."""
    found = importers().get(kind)
    if found is None:
        raise MonitorError(
            Text(
                f"onbekende bron {kind!r}; kies uit: {', '.join(importers())}",
                f"unknown source {kind!r}; choose from: {', '.join(importers())}",
            ),
            field="--from",
        )
    imported = found(profile=profile).read(path)
    return write_catalogue(imported, output, path)


__all__ = ["ImportResult", "Importer", "import_file", "importers"]
