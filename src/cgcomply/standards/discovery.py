"""Where a supplier's API for a standard lives: the conventional API roots, and finding one from ``--url``.

``verify --profile P --url https://host/zaken/api/v1`` needs, for every standard the profile names, the
root of the API that implements it. Suppliers follow the layout of the reference implementations (Open
Zaak: ``/zaken/api/v1``, ``/catalogi/api/v1``, ...; Open Notificaties: ``/api/v1``; Objects:
``/api/v2``), so the root is found by replacing the known root at the end of ``--url`` (or appending to
it) and asking ``<root>/openapi.json`` (GET, through :class:`cgcomply.http.SafeClient`). The API found
must call itself by the standard's title (``info.title`` of the standard's documents, "(...)" ignored);
an API under another title, or none, leaves the standard ``niet vastgesteld`` with the roots tried,
never a pass and never a guess. ``--standard-url ID=URL`` names a root by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from cgcomply.i18n import Text
from cgcomply.standards.registry import Registry, StandardVersion

#: The conventional API roots per standard (the layout of the reference implementations), most usual first.
API_ROOTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "zgw-zaken": ("zaken/api/v1",),
        "zgw-documenten": ("documenten/api/v1",),
        "zgw-catalogi": ("catalogi/api/v1",),
        "zgw-besluiten": ("besluiten/api/v1",),
        "zgw-autorisaties": ("autorisaties/api/v1",),
        "zgw-notificaties": ("notificaties/api/v1", "api/v1"),
        "referentielijsten": ("referentielijsten/api/v1", "api/v1"),
        "cg-objects": ("objects/api/v2", "api/v2"),
        "cg-objecttypes": ("objecttypes/api/v2", "api/v2"),
        "open-producten": ("producten/api/v1",),
        "open-producttypen": ("producttypen/api/v1",),
        "hc-brp-personen": ("haalcentraal/api/brp",),
        "hc-brp-historie": ("haalcentraal/api/brphistorie",),
        "hc-brp-bewoning": ("haalcentraal/api/bewoning",),
        "hc-reisdocumenten": ("haalcentraal/api/reisdocumenten",),
        "hc-bag": ("lvbag/individuelebevragingen/v2",),
        "hc-brk": ("kadaster/brk/bevragen/v2",),
        "hc-woz": ("haalcentraal/api/wozbevragen",),
        "kic-klanten": ("klanten/api/v1",),
        "kic-contactmomenten": ("contactmomenten/api/v1",),
        "kic-verzoeken": ("verzoeken/api/v1",),
        "klantinteracties": ("klantinteracties/api/v1",),
    }
)

_PAREN = re.compile(r"\([^)]*\)")


def roots_of(standard: str) -> tuple[str, ...]:
    return API_ROOTS.get(standard, ())


def _all_roots() -> list[str]:
    return sorted({root for roots in API_ROOTS.values() for root in roots}, key=len, reverse=True)


def candidates(standard: str, base_url: str) -> list[str]:
    """The API roots to try for ``standard`` from ``base_url`` (``--url``), most likely first."""
    base = base_url.rstrip("/")
    own = roots_of(standard)
    matched = next((root for root in _all_roots() if base.endswith("/" + root)), None)
    found: list[str] = [base] if matched in own else []
    prefix = base[: -len(matched) - 1] if matched else base
    for root in own:
        url = f"{prefix}/{root}"
        if url not in found:
            found.append(url)
    return found


def _esc(text: str) -> str:
    """Content quoted inside a :class:`Text` (a template): braces doubled."""
    return text.replace("{", "{{").replace("}", "}}")


def normalise_title(title: str) -> str:
    return " ".join(_PAREN.sub(" ", title).lower().split())


def titles_of(version: StandardVersion, registry: Registry) -> frozenset[str]:
    """Every title the standard's documents give themselves (any version), normalised."""
    titles = {normalise_title(version.title)}
    for other in registry.versions:
        if other.standard == version.standard:
            titles.update(normalise_title(doc.info_title) for doc in other.documents if doc.info_title)
    titles.discard("")
    return frozenset(titles)


@dataclass(frozen=True, slots=True)
class Found:
    """What discovery found for one standard: the root to check, or why there is none."""

    base_url: str | None
    reason: Text  # what was found (or not), for the report
    tried: tuple[str, ...] = ()


def discover(
    version: StandardVersion,
    registry: Registry,
    base_url: str,
    *,
    headers: Mapping[str, str] | None = None,
    cacert: str | None = None,
    timeout: float = 10.0,
) -> Found:
    """Find the root of the API at ``base_url``'s host that implements ``version``'s standard."""
    from cgcomply.http import HttpOptions, Session

    tried = candidates(version.standard, base_url)
    if not tried:
        return Found(
            None,
            Text(
                f"geen gebruikelijke API-root bekend voor {version.standard}; geef --standard-url "
                f"{version.id}=BASIS-URL",
                f"no conventional API root known for {version.standard}; give --standard-url "
                f"{version.id}=BASE-URL",
            ),
        )
    wanted = titles_of(version, registry)
    session = Session()
    options = HttpOptions(
        read_timeout=timeout, total_timeout=max(timeout * 2, 10.0), cacert=Path(cacert) if cacert else None
    )
    seen: list[str] = []
    if headers:
        session.bind_credentials(base_url, headers)
    client = session.client(base_url, options)
    try:
        for root in tried:
            exchange = client.request("GET", root + "/openapi.json")
            data = exchange.json() if exchange.status == 200 else None
            info = data.get("info") if isinstance(data, dict) else None
            if not isinstance(info, dict):
                seen.append(
                    _esc(f"{exchange.redact(root)}/openapi.json: {exchange.status or exchange.error_kind}")
                )
                continue
            raw_title = str(info.get("title") or "")
            title, claimed = _esc(raw_title), _esc(str(info.get("version")))
            if normalise_title(raw_title) in wanted:
                return Found(
                    root,
                    Text(
                        f"gevonden onder {exchange.redact(root)} ({title}, info.version {claimed})",
                        f"found at {exchange.redact(root)} ({title}, info.version {claimed})",
                    ),
                    tuple(tried),
                )
            seen.append(_esc(f"{exchange.redact(root)}: {json.dumps(raw_title, ensure_ascii=False)}"))
    except Exception as error:  # a target that cannot be reached at all: say so, never a traceback
        seen.append(_esc(f"{type(error).__name__}: {error}"))
    finally:
        client.close()
    listing = "; ".join(seen)
    return Found(
        None,
        Text(
            f"geen {version.title} gevonden ({listing}); geef --standard-url {version.id}=BASIS-URL",
            f"no {version.title} found ({listing}); give --standard-url {version.id}=BASE-URL",
        ),
        tuple(tried),
    )
