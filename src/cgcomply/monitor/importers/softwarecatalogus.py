"""GEMMA Softwarecatalogus CSV export → catalogue (``monitor import --from softwarecatalogus``).

The export is ``;``-separated (``,`` is accepted too) with a header row. Read columns (``docs/monitor.md``):

* ``Leverancier ID``, ``Leverancier Naam`` (required: the name), ``Pakket ID``, ``Pakket Naam`` (required),
  ``Pakketversie Naam``, ``Pakketversie Status`` (rows ``Teruggetrokken`` are skipped);
* where the export has them (the new catalogue's *dienst* / *koppeling*): ``Endpoint URL`` (the base URL),
  ``API documentatie URL`` (the OpenAPI document), ``Omgeving``, ``Organisatie``, ``Standaardversies``
  (``Zaken API 1.5.1`` or ``zgw-zaken@1.5.1``, separated by ``,`` ``;`` or ``|``), ``Contact``.

A row without an endpoint or document URL cannot be monitored: it is skipped with its line and the reason.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from cgcomply.errors import MonitorError
from cgcomply.i18n import Text
from cgcomply.monitor.catalogue import Deployment, Product, Supplier, slug
from cgcomply.monitor.importers.base import Imported, Importer, environment_name

REQUIRED = ("Leverancier Naam", "Pakket Naam")
WITHDRAWN = ("teruggetrokken",)
URL_COLUMNS = ("Endpoint URL", "Endpoint url", "Base URL")
DOCUMENT_COLUMNS = ("API documentatie URL", "API-documentatie URL", "OAS URL", "OpenAPI URL")


def _standard_ids(text: str) -> tuple[list[str], list[str]]:
    """Standard ids from names or ids; (found, not recognised)."""
    from cgcomply.standards.registry import load_registry

    registry = load_registry()
    by_title = {f"{v.title} {v.version}".lower(): v.id for v in registry.versions}
    found: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,;|]", text):
        name = part.strip()
        if not name:
            continue
        if "@" in name:
            found.append(name)
        elif name.lower() in by_title:
            found.append(by_title[name.lower()])
        else:
            unknown.append(name)
    return found, unknown


class SoftwarecatalogusImporter(Importer):
    name = "softwarecatalogus"

    def read(self, path: Path) -> Imported:
        text = self.read_text(path)
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise MonitorError(
                Text(
                    f"geen Softwarecatalogus-export: kolom(men) ontbreken: {', '.join(missing)}",
                    f"not a Softwarecatalogus export: missing column(s) {', '.join(missing)}",
                ),
                source=str(path),
                line=1,
            )
        imported = Imported()
        for row in reader:
            line = reader.line_num
            values = {name: (value or "").strip() for name, value in row.items() if name}
            where = f"{path.name}:{line}"
            supplier_name, product_name = values.get("Leverancier Naam", ""), values.get("Pakket Naam", "")
            if not supplier_name or not product_name:
                imported.skipped.append(f"{where}: no Leverancier Naam or Pakket Naam")
                continue
            if values.get("Pakketversie Status", "").lower() in WITHDRAWN:
                imported.skipped.append(
                    f"{where}: {product_name} {values.get('Pakketversie Naam', '')} is withdrawn"
                )
                continue
            base_url = next((values[c] for c in URL_COLUMNS if values.get(c)), None)
            oas_url = next((values[c] for c in DOCUMENT_COLUMNS if values.get(c)), None)
            if not base_url and not oas_url:
                imported.skipped.append(f"{where}: {product_name}: no Endpoint URL or API documentatie URL")
                continue
            supplier = Supplier(
                id=slug(values.get("Leverancier ID") or supplier_name) or "leverancier",
                name=supplier_name,
                contact=values.get("Contact") or None,
            )
            version = values.get("Pakketversie Naam") or None
            product = Product(
                id=slug(values.get("Pakket ID") or product_name) or "pakket",
                name=product_name,
                supplier_id=supplier.id,
                version=version,
            )
            standards, unknown = _standard_ids(values.get("Standaardversies", ""))
            if unknown:
                imported.skipped.append(
                    f"{where}: standard version(s) not in the registry, left out: {', '.join(unknown)}"
                )
            environment = environment_name(values.get("Omgeving"), "productie")
            organisation = values.get("Organisatie") or None
            parts = [supplier.id, product.id, environment]
            if organisation:
                parts[2] = environment_name(f"{organisation}-{environment}", environment)
            imported.add(
                supplier,
                product,
                Deployment(
                    key="/".join(parts),
                    supplier_id=supplier.id,
                    product_id=product.id,
                    product_version=version,
                    organisation=organisation,
                    environment=environment,
                    base_url=base_url,
                    oas_url=oas_url,
                    standards=tuple(standards),
                    profile=self.profile,
                    contact=values.get("Contact") or None,
                ),
            )
        return imported
