"""The market catalogue: suppliers → products (with a version) → deployments, from YAML or CSV.

A deployment is one running instance of a supplier's product: an environment, a base URL and/or the URL
of its OpenAPI document, the VNG API standards (and versions) it claims, the profile (eisenset) to verify
it with, credentials by environment-variable name (never the secrets themselves), and a contact.
``docs/monitor.md`` describes both file formats. Every problem is a :class:`~cgcomply.errors.MonitorError`
naming the file, the line and the field; all problems of a file are collected and raised at once.

``Deployment.key`` is a stable slug ``supplier/product/environment`` (or the ``key`` the file gives), unique
within the catalogue: the store keeps a deployment's history under it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cgcomply.errors import CgcomplyError, ErrorText, MonitorError
from cgcomply.i18n import Text

DEFAULT_PROFILE = "cg-basis"

#: The columns of the CSV form, in this order when written (``docs/monitor.md``).
CSV_COLUMNS: tuple[str, ...] = (
    "supplier_id",
    "supplier_name",
    "supplier_contact",
    "product_id",
    "product_name",
    "product_version",
    "key",
    "environment",
    "organisation",
    "base_url",
    "oas_url",
    "standards",
    "profile",
    "headers_env",
    "cacert",
    "contact",
)
REQUIRED_CSV_COLUMNS = ("supplier_id", "product_id", "environment")

_SLUG = re.compile(r"[^a-z0-9._-]+")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_STANDARD = re.compile(r"^[a-z0-9][a-z0-9-]*@[0-9A-Za-z.+-]+$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")


@dataclass(frozen=True, slots=True)
class Supplier:
    id: str
    name: str
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    name: str
    supplier_id: str
    version: str | None = None


@dataclass(frozen=True, slots=True)
class Deployment:
    key: str  # "supplier/product/environment", unique in the catalogue
    supplier_id: str
    product_id: str
    product_version: str | None
    organisation: str | None
    environment: str
    base_url: str | None
    oas_url: str | None
    standards: tuple[str, ...] = ()  # "zgw-zaken@1.5.1"
    profile: str = DEFAULT_PROFILE
    headers_env: tuple[tuple[str, str], ...] = ()  # (header name, environment variable)
    contact: str | None = None
    cacert: str | None = None  # a private CA (PEM) for a test environment; absolute path
    demo: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)  # monitor demo only
    # where a claimed standard's API is, when not at base_url: ("zgw-autorisaties@1.0.0", "https://...")
    standard_urls: tuple[tuple[str, str], ...] = ()

    def standard_url(self, standard: str) -> str | None:
        """The base URL of the API of ``standard`` (a claimed standard version): given, else ``base_url``."""
        return dict(self.standard_urls).get(standard, self.base_url)

    @property
    def host(self) -> str:
        """The host the deployment's requests go to (for politeness per host and the progress bar)."""
        url = self.base_url or self.oas_url or ""
        return urlsplit(url).hostname or ""


@dataclass(frozen=True, slots=True)
class WebhookSetting:
    """``webhooks: [{url: ..., secret_env: NAME}]`` at the top of a YAML catalogue: where ``monitor run`` posts
    each run's changes, signed with the secret in environment variable ``secret_env`` (m-ops)."""

    url: str
    secret_env: str = "CGCOMPLY_WEBHOOK_SECRET"


@dataclass(frozen=True, slots=True)
class Catalogue:
    suppliers: tuple[Supplier, ...]
    products: tuple[Product, ...]
    deployments: tuple[Deployment, ...]
    source: str  # the file it was read from
    sha256: str  # of the file's bytes
    webhooks: tuple[WebhookSetting, ...] = ()

    def supplier(self, supplier_id: str) -> Supplier:
        return next(s for s in self.suppliers if s.id == supplier_id)

    def product(self, supplier_id: str, product_id: str) -> Product:
        return next(p for p in self.products if p.supplier_id == supplier_id and p.id == product_id)

    def select(
        self,
        *,
        only: Iterable[str] = (),
        suppliers: Iterable[str] = (),
        standards: Iterable[str] = (),
    ) -> list[Deployment]:
        """The deployments that pass every filter given: ``only`` keys (or key prefixes ending in ``/``,
        or shell patterns), supplier ids, claimed standards (``zgw-zaken`` or ``zgw-zaken@1.5.1``)."""
        from fnmatch import fnmatchcase

        only, suppliers, standards = list(only), set(suppliers), list(standards)
        chosen = []
        for deployment in self.deployments:
            if only and not any(
                deployment.key == pattern
                or (pattern.endswith("/") and deployment.key.startswith(pattern))
                or fnmatchcase(deployment.key, pattern)
                for pattern in only
            ):
                continue
            if suppliers and deployment.supplier_id not in suppliers:
                continue
            if standards and not any(
                claimed == wanted or claimed.split("@", 1)[0] == wanted
                for claimed in deployment.standards
                for wanted in standards
            ):
                continue
            chosen.append(deployment)
        return chosen


def slug(text: str) -> str:
    """``Gemeente Utrecht (productie)`` → ``gemeente-utrecht-productie``."""
    return _SLUG.sub("-", text.strip().lower()).strip("-")


# --------------------------------------------------------------------------- loading


def load_catalogue(path: str | Path) -> Catalogue:
    """The catalogue in ``path`` (``.yaml``/``.yml`` or ``.csv``); a :class:`MonitorError` names the file,
    line and field of every problem."""
    file = Path(path)
    source = str(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise MonitorError(
            Text(
                "bestand niet gevonden",
                "file not found",
            ),
            source=source,
        ) from None
    except IsADirectoryError:
        raise MonitorError(
            Text(
                "is een map, geen catalogusbestand",
                "is a folder, not a catalogue file",
            ),
            source=source,
        ) from None
    except OSError as error:
        raise MonitorError(
            Text(
                f"kan niet lezen: {error.strerror}",
                f"cannot read: {error.strerror}",
            ),
            source=source,
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MonitorError(
            Text(
                f"geen UTF-8-tekst ({error.reason} bij byte {error.start})",
                f"not UTF-8 text ({error.reason} at byte {error.start})",
            ),
            source=source,
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    builder = _Builder(source, file.resolve().parent)
    if file.suffix.lower() == ".csv":
        _read_csv(text, builder)
    elif file.suffix.lower() in (".yaml", ".yml", ".json"):
        _read_yaml(text, builder)
    else:
        raise MonitorError(
            Text(
                "onbekend catalogusformaat: gebruik een .yaml-, .yml- of .csv-bestand",
                "unknown catalogue format: use a .yaml, .yml or .csv file",
            ),
            source=source,
        )
    return builder.finish(digest)


class _Problems(Exception):
    pass


class _Builder:
    """Collects suppliers, products and deployments with their positions; every problem is kept."""

    def __init__(self, source: str, folder: Path) -> None:
        self.source = source
        self.folder = folder
        self.problems: list[MonitorError] = []
        self.suppliers: dict[str, Supplier] = {}
        self.products: dict[tuple[str, str], Product] = {}
        self.deployments: dict[str, tuple[Deployment, int | None]] = {}
        self.webhooks: list[WebhookSetting] = []

    def problem(self, message: ErrorText, line: int | None, field_name: str | None) -> None:
        self.problems.append(MonitorError(message, source=self.source, line=line, field=field_name))

    def add_supplier(self, supplier: Supplier, line: int | None, where: str) -> None:
        known = self.suppliers.get(supplier.id)
        if known is not None and known != supplier:
            self.problem(
                Text(
                    f"leverancier {supplier.id!r} staat er twee keer in met verschillende gegevens",
                    f"supplier {supplier.id!r} is given twice with different details",
                ),
                line,
                where,
            )
            return
        self.suppliers[supplier.id] = supplier

    def add_product(self, product: Product, line: int | None, where: str) -> None:
        key = (product.supplier_id, product.id)
        known = self.products.get(key)
        if known is not None and known != product:
            self.problem(
                Text(
                    f"product {product.supplier_id}/{product.id} staat er twee keer in met verschillende gegevens",
                    f"product {product.supplier_id}/{product.id} is given twice with different details",
                ),
                line,
                where,
            )
            return
        self.products[key] = product

    def add_deployment(self, deployment: Deployment, line: int | None, where: str) -> None:
        known = self.deployments.get(deployment.key)
        if known is not None:
            first = f" (first at line {known[1]})" if known[1] else ""
            self.problem(
                Text(
                    f"deploymentsleutel {deployment.key!r} is niet uniek{first}; geef elk een eigen 'key'",
                    f"deployment key {deployment.key!r} is not unique{first}; give each a 'key' of its own",
                ),
                line,
                where,
            )
            return
        self.deployments[deployment.key] = (deployment, line)

    def finish(self, digest: str) -> Catalogue:
        if not self.problems and not self.deployments:
            self.problem(
                Text(
                    "de catalogus noemt geen deployments",
                    "the catalogue lists no deployments",
                ),
                None,
                None,
            )
        if self.problems:
            raise CatalogueErrors(self.problems)
        return Catalogue(
            suppliers=tuple(self.suppliers.values()),
            products=tuple(self.products.values()),
            deployments=tuple(item[0] for item in self.deployments.values()),
            source=self.source,
            sha256=digest,
            webhooks=tuple(self.webhooks),
        )

    # ------------------------------------------------------------------ shared field rules

    def deployment(
        self,
        values: Mapping[str, Any],
        *,
        supplier_id: str,
        product: Product,
        line_of: Any,
        where: str,
        defaults: Mapping[str, Any],
    ) -> Deployment | None:
        """A deployment from its fields (``line_of(name)`` gives the line of a field); None on a problem."""
        before = len(self.problems)

        def text(name: str, *, required: bool = False) -> str | None:
            value = values.get(name, defaults.get(name))
            if value is None or (isinstance(value, str) and not value.strip()):
                if required:
                    self.problem(
                        Text(
                            "is verplicht",
                            "is required",
                        ),
                        line_of(name),
                        f"{where}.{name}",
                    )
                return None
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                self.problem(
                    Text(
                        f"moet een tekst zijn, geen {type(value).__name__}",
                        f"must be a text, not {type(value).__name__}",
                    ),
                    line_of(name),
                    f"{where}.{name}",
                )
                return None
            return str(value).strip()

        environment = text("environment", required=True) or ""
        base_url = self._url(text("base_url"), line_of("base_url"), f"{where}.base_url")
        oas_url = self._url(text("oas_url"), line_of("oas_url"), f"{where}.oas_url", documents=True)
        if base_url is None and oas_url is None and len(self.problems) == before:
            self.problem(
                Text(
                    "geef base_url, oas_url of beide",
                    "give base_url, oas_url or both",
                ),
                line_of("environment"),
                where,
            )
        standards, standard_urls = self._standards(
            values.get("standards", defaults.get("standards")), line_of, where
        )
        headers = self._headers(values.get("headers_env", defaults.get("headers_env")), line_of, where)
        cacert = text("cacert")
        if cacert is not None:
            cacert_path = Path(cacert)
            if not cacert_path.is_absolute():
                cacert_path = self.folder / cacert_path
            cacert = str(cacert_path)
        key = text("key")
        if key is None:
            key = "/".join((slug(supplier_id), slug(product.id), slug(environment)))
        elif not _KEY.match(key):
            self.problem(
                Text(
                    "moet een slug in kleine letters zijn zoals 'leverancier/product/omgeving' (a-z, 0-9, '.', '_', '-', '/')",
                    "must be a lower-case slug like 'leverancier/product/omgeving' (a-z, 0-9, '.', '_', '-', '/')",
                ),
                line_of("key"),
                f"{where}.key",
            )
        demo = values.get("demo", {})
        if not isinstance(demo, dict):
            self.problem(
                Text(
                    "moet een mapping zijn",
                    "must be a mapping",
                ),
                line_of("demo"),
                f"{where}.demo",
            )
            demo = {}
        if len(self.problems) != before:
            return None
        return Deployment(
            key=key,
            supplier_id=supplier_id,
            product_id=product.id,
            product_version=product.version,
            organisation=text("organisation"),
            environment=environment,
            base_url=base_url,
            oas_url=oas_url,
            standards=standards,
            standard_urls=standard_urls,
            profile=text("profile") or DEFAULT_PROFILE,
            headers_env=headers,
            contact=text("contact"),
            cacert=cacert,
            demo=dict(demo),
        )

    def _url(self, value: str | None, line: int | None, where: str, *, documents: bool = False) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.hostname:
            return value
        if documents and "://" not in value:  # a local file for a static-only deployment
            path = Path(value)
            return str(path if path.is_absolute() else self.folder / path)
        self.problem(
            Text(
                f"{value!r} is geen http(s)-URL",
                f"{value!r} is not an http(s) URL",
            ),
            line,
            where,
        )
        return None

    def _standards(
        self, value: Any, line_of: Any, where: str
    ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """``[zgw-zaken@1.5.1, zgw-autorisaties@1.0.0=https://host/autorisaties/api/v1]``: the ids, and the
        URLs given for some (a ZGW product serves each component API at a base URL of its own)."""
        if value is None:
            return (), ()
        items = value.replace(";", " ").replace(",", " ").split() if isinstance(value, str) else value
        if not isinstance(items, list):
            self.problem(
                Text(
                    "moet een lijst zijn zoals [zgw-zaken@1.5.1]",
                    "must be a list like [zgw-zaken@1.5.1]",
                ),
                line_of("standards"),
                f"{where}.standards",
            )
            return (), ()
        found: list[str] = []
        urls: list[tuple[str, str]] = []
        for index, item in enumerate(items):
            ident, _, url = item.strip().partition("=") if isinstance(item, str) else ("", "", "")
            if not _STANDARD.match(ident):
                self.problem(
                    Text(
                        f"{item!r} is geen standaardversie zoals 'zgw-zaken@1.5.1' (of 'zgw-zaken@1.5.1=BASE_URL')",
                        f"{item!r} is not a standard version like 'zgw-zaken@1.5.1' (or 'zgw-zaken@1.5.1=BASE_URL')",
                    ),
                    line_of("standards"),
                    f"{where}.standards[{index}]",
                )
                continue
            if url:
                checked = self._url(url, line_of("standards"), f"{where}.standards[{index}]")
                if checked is None:
                    continue
                urls.append((ident, checked))
            found.append(ident)
        return tuple(dict.fromkeys(found)), tuple(urls)

    def _headers(self, value: Any, line_of: Any, where: str) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if isinstance(value, str):  # CSV: "Authorization=ACME_TOKEN;X-Api-Key=ACME_KEY"
            pairs: dict[str, Any] = {}
            for part in value.split(";"):
                if not part.strip():
                    continue
                name, sep, env = part.partition("=")
                if not sep:
                    self.problem(
                        Text(
                            f"{part.strip()!r} is geen HEADER=ENVVAR",
                            f"{part.strip()!r} is not HEADER=ENVVAR",
                        ),
                        line_of("headers_env"),
                        f"{where}.headers_env",
                    )
                    continue
                pairs[name.strip()] = env.strip()
            value = pairs
        if not isinstance(value, dict):
            self.problem(
                Text(
                    "moet headernamen koppelen aan namen van omgevingsvariabelen",
                    "must map header names to environment-variable names",
                ),
                line_of("headers_env"),
                f"{where}.headers_env",
            )
            return ()
        found: list[tuple[str, str]] = []
        for name, env in value.items():
            if not isinstance(name, str) or not _HEADER_NAME.match(name):
                self.problem(
                    Text(
                        f"{name!r} is geen headernaam",
                        f"{name!r} is not a header name",
                    ),
                    line_of("headers_env"),
                    f"{where}.headers_env",
                )
                continue
            if not isinstance(env, str) or not _ENV_NAME.match(env):
                self.problem(
                    Text(
                        f"{env!r} is geen naam van een omgevingsvariabele (het geheim zelf komt nooit in de catalogus)",
                        f"{env!r} is not an environment-variable name (the secret itself never goes in the catalogue)",
                    ),
                    line_of("headers_env"),
                    f"{where}.headers_env.{name}",
                )
                continue
            found.append((name, env))
        return tuple(found)


class CatalogueErrors(MonitorError):
    """Every problem of one catalogue file (each names its file, line and field)."""

    def __init__(self, problems: list[MonitorError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, source=first.source, line=first.line, field=first.field)

    def render(self, lang: str = "en") -> str:
        lines = [problem.render(lang) for problem in getattr(self, "problems", [])]
        if len(lines) <= 1:
            return super().render(lang) if not lines else lines[0]
        head = Text(f"{len(lines)} problemen in de catalogus:", f"{len(lines)} problems in the catalogue:")
        return head.get(lang) + "\n  " + "\n  ".join(lines)


# --------------------------------------------------------------------------- YAML


def _read_yaml(text: str, builder: _Builder) -> None:
    from cgcomply.catalog.yamlnodes import parse_yaml

    try:
        document = parse_yaml(text, builder.source)
    except CgcomplyError as error:
        raise MonitorError(
            error.text or error.message, source=error.source, line=error.line, field=error.field
        ) from None

    def line(path: tuple[str | int, ...], *, key: bool = False) -> int | None:
        mark = document.mark(path, key=key)
        return mark.line if mark else None

    data = document.data
    if not isinstance(data, dict):
        builder.problem(
            Text(
                "de catalogus moet een mapping met 'suppliers' zijn",
                "the catalogue must be a mapping with 'suppliers'",
            ),
            line(()),
            None,
        )
        return
    unknown = sorted(set(data) - {"catalogue", "title", "defaults", "suppliers", "webhooks"})
    for name in unknown:
        builder.problem(
            Text(
                "onbekend veld",
                "unknown field",
            ),
            line((name,), key=True),
            name,
        )
    _webhooks(builder, data.get("webhooks"), line)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        builder.problem(
            Text(
                "moet een mapping zijn",
                "must be a mapping",
            ),
            line(("defaults",)),
            "defaults",
        )
        defaults = {}
    suppliers = data.get("suppliers")
    if not isinstance(suppliers, list):
        builder.problem(
            Text(
                "moet een lijst van leveranciers zijn",
                "must be a list of suppliers",
            ),
            line(("suppliers",)),
            "suppliers",
        )
        return
    for s_index, supplier in enumerate(suppliers):
        s_path: tuple[str | int, ...] = ("suppliers", s_index)
        s_where = f"suppliers[{s_index}]"
        if not isinstance(supplier, dict):
            builder.problem(
                Text(
                    "moet een mapping zijn",
                    "must be a mapping",
                ),
                line(s_path),
                s_where,
            )
            continue
        _unknown(builder, supplier, {"id", "name", "contact", "products"}, s_path, s_where, line)
        supplier_id = _yaml_id(builder, supplier, "id", s_path, s_where, line)
        if supplier_id is None:
            continue
        builder.add_supplier(
            Supplier(
                id=supplier_id,
                name=str(supplier.get("name") or supplier_id),
                contact=_opt(supplier.get("contact")),
            ),
            line(s_path),
            s_where,
        )
        products = supplier.get("products")
        if not isinstance(products, list):
            builder.problem(
                Text(
                    "moet een lijst van producten zijn",
                    "must be a list of products",
                ),
                line((*s_path, "products")),
                f"{s_where}.products",
            )
            continue
        for p_index, product_data in enumerate(products):
            p_path = (*s_path, "products", p_index)
            p_where = f"{s_where}.products[{p_index}]"
            if not isinstance(product_data, dict):
                builder.problem(
                    Text(
                        "moet een mapping zijn",
                        "must be a mapping",
                    ),
                    line(p_path),
                    p_where,
                )
                continue
            _unknown(builder, product_data, {"id", "name", "version", "deployments"}, p_path, p_where, line)
            product_id = _yaml_id(builder, product_data, "id", p_path, p_where, line)
            if product_id is None:
                continue
            product = Product(
                id=product_id,
                name=str(product_data.get("name") or product_id),
                supplier_id=supplier_id,
                version=_opt(product_data.get("version")),
            )
            builder.add_product(product, line(p_path), p_where)
            deployments = product_data.get("deployments")
            if not isinstance(deployments, list) or not deployments:
                builder.problem(
                    Text(
                        "moet een lijst van deployments zijn",
                        "must be a list of deployments",
                    ),
                    line((*p_path, "deployments")),
                    f"{p_where}.deployments",
                )
                continue
            for d_index, values in enumerate(deployments):
                d_path = (*p_path, "deployments", d_index)
                d_where = f"{p_where}.deployments[{d_index}]"
                if not isinstance(values, dict):
                    builder.problem(
                        Text(
                            "moet een mapping zijn",
                            "must be a mapping",
                        ),
                        line(d_path),
                        d_where,
                    )
                    continue
                allowed = {name for name in CSV_COLUMNS if not name.startswith(("supplier_", "product_"))}
                _unknown(builder, values, allowed | {"demo"}, d_path, d_where, line)
                found = builder.deployment(
                    values,
                    supplier_id=supplier_id,
                    product=product,
                    line_of=lambda name, d_path=d_path: line((*d_path, name)),
                    where=d_where,
                    defaults=defaults,
                )
                if found is not None:
                    builder.add_deployment(found, line(d_path), d_where)


def _webhooks(builder: _Builder, value: Any, line: Any) -> None:
    """The optional top-level ``webhooks`` list (m-ops): each ``url`` (http/https) and ``secret_env``."""
    import re

    if value is None:
        return
    if not isinstance(value, list):
        builder.problem(
            Text(
                "moet een lijst zijn zoals [{url: https://..., secret_env: NAME}]",
                "must be a list like [{url: https://..., secret_env: NAME}]",
            ),
            line(("webhooks",)),
            "webhooks",
        )
        return
    for index, item in enumerate(value):
        path: tuple[str | int, ...] = ("webhooks", index)
        where = f"webhooks[{index}]"
        if not isinstance(item, dict):
            builder.problem(
                Text(
                    "moet een mapping met url en secret_env zijn",
                    "must be a mapping with url and secret_env",
                ),
                line(path),
                where,
            )
            continue
        _unknown(builder, item, {"url", "secret_env"}, path, where, line)
        url = item.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            builder.problem(
                Text(
                    "moet een http://- of https://-URL zijn",
                    "must be an http:// or https:// URL",
                ),
                line((*path, "url")),
                f"{where}.url",
            )
            continue
        secret_env = item.get("secret_env", "CGCOMPLY_WEBHOOK_SECRET")
        if not isinstance(secret_env, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", secret_env):
            builder.problem(
                Text(
                    "moet de naam van een omgevingsvariabele zijn",
                    "must be the name of an environment variable",
                ),
                line((*path, "secret_env")),
                f"{where}.secret_env",
            )
            continue
        builder.webhooks.append(WebhookSetting(url, secret_env))


def _unknown(
    builder: _Builder,
    values: dict[str, Any],
    allowed: set[str],
    path: tuple[str | int, ...],
    where: str,
    line: Any,
) -> None:
    for name in sorted(set(values) - allowed, key=str):
        builder.problem(
            Text(
                f"onbekend veld (bekend: {', '.join(sorted(allowed))})",
                f"unknown field (known: {', '.join(sorted(allowed))})",
            ),
            line((*path, name), key=True),
            f"{where}.{name}",
        )


def _yaml_id(
    builder: _Builder, values: dict[str, Any], name: str, path: tuple[str | int, ...], where: str, line: Any
) -> str | None:
    value = values.get(name)
    if value is None or not str(value).strip():
        builder.problem(
            Text(
                "is verplicht",
                "is required",
            ),
            line(path),
            f"{where}.{name}",
        )
        return None
    if not isinstance(value, str) or not slug(value) or slug(value) != value:
        builder.problem(
            Text(
                f"{value!r} moet een slug in kleine letters zijn (a-z, 0-9, '.', '_', '-')",
                f"{value!r} must be a lower-case slug (a-z, 0-9, '.', '_', '-')",
            ),
            line((*path, name)),
            f"{where}.{name}",
        )
        return None
    return value


def _opt(value: Any) -> str | None:
    return None if value is None or not str(value).strip() else str(value).strip()


# --------------------------------------------------------------------------- CSV


def _read_csv(text: str, builder: _Builder) -> None:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [name for name in REQUIRED_CSV_COLUMNS if name not in header]
    if missing:
        builder.problem(
            Text(
                f"ontbrekende kolom(men): {', '.join(missing)}",
                f"missing column(s): {', '.join(missing)}",
            ),
            1,
            None,
        )
        return
    for name in header:
        if name not in CSV_COLUMNS:
            builder.problem(
                Text(
                    f"onbekende kolom (bekend: {', '.join(CSV_COLUMNS)})",
                    f"unknown column (known: {', '.join(CSV_COLUMNS)})",
                ),
                1,
                name,
            )
    if builder.problems:
        return
    for row in reader:
        line = reader.line_num
        where = f"row {line}"
        if None in row:
            builder.problem(
                Text(
                    "meer velden dan kolommen",
                    "more fields than columns",
                ),
                line,
                None,
            )
            continue
        values = {name: (value or "").strip() for name, value in row.items() if name is not None}
        supplier_id, product_id = values.get("supplier_id", ""), values.get("product_id", "")
        bad = False
        for name, value in (("supplier_id", supplier_id), ("product_id", product_id)):
            if not value or slug(value) != value:
                builder.problem(
                    "is required" if not value else f"{value!r} must be a lower-case slug", line, name
                )
                bad = True
        if bad:
            continue
        builder.add_supplier(
            Supplier(
                id=supplier_id,
                name=values.get("supplier_name") or supplier_id,
                contact=values.get("supplier_contact") or None,
            ),
            line,
            "supplier_id",
        )
        product = Product(
            id=product_id,
            name=values.get("product_name") or product_id,
            supplier_id=supplier_id,
            version=values.get("product_version") or None,
        )
        builder.add_product(product, line, "product_id")
        found = builder.deployment(
            {name: value for name, value in values.items() if value},
            supplier_id=supplier_id,
            product=product,
            line_of=lambda name, line=line: line,
            where=where,
            defaults={},
        )
        if found is not None:
            builder.add_deployment(found, line, where)


# --------------------------------------------------------------------------- writing


def catalogue_yaml(
    suppliers: Iterable[Supplier], products: Iterable[Product], deployments: Iterable[Deployment]
) -> str:
    """The YAML form of a catalogue (importers write it); :func:`load_catalogue` reads it back as given."""
    import yaml

    products_by_supplier: dict[str, list[Product]] = {}
    for product in products:
        products_by_supplier.setdefault(product.supplier_id, []).append(product)
    by_product: dict[tuple[str, str], list[Deployment]] = {}
    for deployment in deployments:
        by_product.setdefault((deployment.supplier_id, deployment.product_id), []).append(deployment)
    out: list[dict[str, Any]] = []
    for supplier in suppliers:
        entry: dict[str, Any] = {"id": supplier.id, "name": supplier.name}
        if supplier.contact:
            entry["contact"] = supplier.contact
        entry["products"] = []
        for product in products_by_supplier.get(supplier.id, []):
            item: dict[str, Any] = {"id": product.id, "name": product.name}
            if product.version:
                item["version"] = product.version
            item["deployments"] = [_deployment_dict(d) for d in by_product.get((supplier.id, product.id), [])]
            if item["deployments"]:
                entry["products"].append(item)
        if entry["products"]:
            out.append(entry)
    return yaml.safe_dump({"suppliers": out}, allow_unicode=True, sort_keys=False, width=120)


def _deployment_dict(deployment: Deployment) -> dict[str, Any]:
    data: dict[str, Any] = {"key": deployment.key, "environment": deployment.environment}
    for name in ("organisation", "base_url", "oas_url"):
        value = getattr(deployment, name)
        if value:
            data[name] = value
    if deployment.standards:
        given = dict(deployment.standard_urls)
        data["standards"] = [f"{s}={given[s]}" if s in given else s for s in deployment.standards]
    data["profile"] = deployment.profile
    if deployment.headers_env:
        data["headers_env"] = dict(deployment.headers_env)
    if deployment.cacert:
        data["cacert"] = deployment.cacert
    if deployment.contact:
        data["contact"] = deployment.contact
    if deployment.demo:
        data["demo"] = dict(deployment.demo)
    return data
