"""The importers' shared part: what an importer returns, and how its result becomes a catalogue file.

An importer (one file per source beside this one) reads one export and yields suppliers, products and
deployments in the catalogue's own dataclasses, plus what it skipped and why. :func:`write_catalogue` writes
them as a YAML catalogue and reads it back with :func:`~cgcomply.monitor.catalogue.load_catalogue`, so an
import never produces a file that ``monitor run`` refuses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from cgcomply.errors import MonitorError
from cgcomply.i18n import Text
from cgcomply.monitor.catalogue import Deployment, Product, Supplier, catalogue_yaml, load_catalogue, slug


@dataclass(slots=True)
class Imported:
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    products: dict[tuple[str, str], Product] = field(default_factory=dict)
    deployments: dict[str, Deployment] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # "file:line: why", in the order met

    def add(self, supplier: Supplier, product: Product, deployment: Deployment) -> None:
        self.suppliers.setdefault(supplier.id, supplier)
        self.products.setdefault((product.supplier_id, product.id), product)
        key = deployment.key
        number = 2
        while key in self.deployments:  # the same product and environment twice: keep both, keys apart
            key = f"{deployment.key}-{number}"
            number += 1
        if key != deployment.key:
            from dataclasses import replace

            deployment = replace(deployment, key=key)
        self.deployments[key] = deployment


@dataclass(frozen=True, slots=True)
class ImportResult:
    suppliers: int
    products: int
    deployments: int
    skipped: tuple[str, ...]


class Importer(ABC):
    """One source format. Subclasses set :attr:`name` and implement :meth:`read`."""

    name: ClassVar[str] = ""

    def __init__(self, *, profile: str = "cg-basis") -> None:
        self.profile = profile

    @abstractmethod
    def read(self, path: Path) -> Imported:
        """Read one export file; problems with the file raise :class:`~cgcomply.errors.MonitorError`."""

    @staticmethod
    def read_text(path: Path) -> str:
        try:
            return path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise MonitorError(
                Text(
                    "bestand niet gevonden",
                    "file not found",
                ),
                source=str(path),
            ) from None
        except IsADirectoryError:
            raise MonitorError(
                Text(
                    "is een map, geen exportbestand",
                    "is a folder, not an export file",
                ),
                source=str(path),
            ) from None
        except UnicodeDecodeError as error:
            raise MonitorError(
                Text(
                    f"geen UTF-8-tekst ({error.reason} bij byte {error.start})",
                    f"not UTF-8 text ({error.reason} at byte {error.start})",
                ),
                source=str(path),
            ) from None
        except OSError as error:
            raise MonitorError(
                Text(
                    f"kan niet lezen: {error.strerror}",
                    f"cannot read: {error.strerror}",
                ),
                source=str(path),
            ) from None


def environment_name(text: str | None, fallback: str) -> str:
    """``Productie-omgeving`` → ``productie-omgeving``; empty → ``fallback``."""
    return slug(text or "") or fallback


def write_catalogue(imported: Imported, output: Path, source: Path) -> ImportResult:
    if not imported.deployments:
        reasons = "; ".join(imported.skipped[:3])
        raise MonitorError(
            Text(
                f"geen enkele deployment kon worden geïmporteerd{': ' + reasons if reasons else ''}",
                f"no deployment could be imported{': ' + reasons if reasons else ''}",
            ),
            source=str(source),
        )
    text = f"# imported by cgcomply monitor import from {source.name}\n" + catalogue_yaml(
        imported.suppliers.values(), imported.products.values(), imported.deployments.values()
    )
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise MonitorError(
            Text(
                f"kan niet schrijven: {error.strerror}",
                f"cannot write: {error.strerror}",
            ),
            source=str(output),
        ) from None
    catalogue = load_catalogue(output)  # what monitor run will read: it must load
    return ImportResult(
        suppliers=len(catalogue.suppliers),
        products=len(catalogue.products),
        deployments=len(catalogue.deployments),
        skipped=tuple(imported.skipped),
    )


def first(values: Iterable[str | None]) -> str | None:
    for value in values:
        if value and value.strip():
            return value.strip()
    return None
