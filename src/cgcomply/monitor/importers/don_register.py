"""DON's API register → catalogue (``monitor import --from don-register``).

Reads the JSON of ``GET /apis`` (a JSON array, or one page ``{"apis": [...]}`` / ``{"results": [...]}``):
per API ``id``, ``oasUrl``, ``title``, ``contact{name,url,email}``, ``organisation{uri,label}``,
``lifecycle{status,version,...}`` and ``servers[{url,description}]`` (the detail view's). The organisation
offering the API is the supplier, the API the product (its ``lifecycle.version`` the version), and each
server a deployment (its ``description`` the environment); an API without servers becomes one deployment
with only its document. APIs whose lifecycle status is ``retired`` are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cgcomply.errors import MonitorError
from cgcomply.i18n import Text
from cgcomply.monitor.catalogue import Deployment, Product, Supplier, slug
from cgcomply.monitor.importers.base import Imported, Importer, environment_name, first


class DonRegisterImporter(Importer):
    name = "don-register"

    def read(self, path: Path) -> Imported:
        text = self.read_text(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise MonitorError(
                Text(
                    f"geen JSON: {error.msg}",
                    f"not JSON: {error.msg}",
                ),
                source=str(path),
                line=error.lineno,
                column=error.colno,
            ) from None
        if isinstance(data, dict):
            data = data.get("apis", data.get("results", data.get("data")))
        if not isinstance(data, list):
            raise MonitorError(
                Text(
                    "verwacht de JSON-array van GET /apis",
                    "expected the JSON array of GET /apis",
                ),
                source=str(path),
            )
        imported = Imported()
        for index, api in enumerate(data):
            where = f"{path.name}: [{index}]"
            if not isinstance(api, dict):
                imported.skipped.append(f"{where}: not an object")
                continue
            ident = str(api.get("id") or "").strip()
            title = str(api.get("title") or ident).strip()
            where = f"{path.name}: [{index}] {ident or title}"
            lifecycle = _mapping(api.get("lifecycle"))
            if str(lifecycle.get("status", "")).lower() == "retired":
                imported.skipped.append(f"{where}: retired in the register")
                continue
            organisation = _mapping(api.get("organisation"))
            label = first([organisation.get("label"), organisation.get("uri")])
            if not ident or not label:
                imported.skipped.append(f"{where}: no id or organisation")
                continue
            uri = str(organisation.get("uri") or "")
            supplier_id = slug(uri.rstrip("/").rsplit("/", 1)[-1]) if uri else slug(label)
            contact = _mapping(api.get("contact"))
            contact_text = first([contact.get("email"), contact.get("url"), contact.get("name")])
            supplier = Supplier(id=supplier_id or slug(label), name=str(label), contact=None)
            version = str(lifecycle.get("version") or "").strip() or None
            product = Product(id=slug(ident) or "api", name=title, supplier_id=supplier.id, version=version)
            oas_url = str(api.get("oasUrl") or "").strip() or None
            servers = [s for s in api.get("servers") or [] if isinstance(s, dict) and s.get("url")]
            if not servers and not oas_url:
                imported.skipped.append(f"{where}: no oasUrl and no servers")
                continue
            targets: list[tuple[str | None, str]] = [
                (
                    str(server["url"]).strip(),
                    environment_name(str(server.get("description") or ""), f"server-{n + 1}"),
                )
                for n, server in enumerate(servers)
            ] or [(None, "productie")]
            for base_url, environment in targets:
                if base_url is not None and not base_url.startswith(("http://", "https://")):
                    imported.skipped.append(f"{where}: server {base_url!r} is not an http(s) URL")
                    continue
                imported.add(
                    supplier,
                    product,
                    Deployment(
                        key=f"{supplier.id}/{product.id}/{environment}",
                        supplier_id=supplier.id,
                        product_id=product.id,
                        product_version=version,
                        organisation=str(label),
                        environment=environment,
                        base_url=base_url,
                        oas_url=oas_url,
                        profile=self.profile,
                        contact=contact_text,
                    ),
                )
        return imported


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
