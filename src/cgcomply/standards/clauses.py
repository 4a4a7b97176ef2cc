"""The tender text that names standard versions exactly: "de Zaken API (ZGW) versie 1.5.1 (zgw-zaken@1.5.1,
document <pinned URL>, sha256 <hash>)", in Dutch and English, from the registry.

The requirement families ``CG-STD-10`` … ``CG-STD-13`` take this text as their ``standards`` parameter;
``cgcomply standards clause ID...`` prints it for a profile, and a test checks that every bundled record
and profile names exactly the registry's documents.
"""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.registry import Registry, StandardVersion, load_registry

FAMILY_NAMES = {
    "zgw": Text("ZGW", "ZGW"),
    "haal-centraal": Text("Haal Centraal", "Haal Centraal"),
    "common-ground": Text("Common Ground", "Common Ground"),
    "klantinteractie": Text("Klantinteractie", "Customer interaction"),
    "ods": Text("ODS", "ODS"),
}


def _one(version: StandardVersion, lang: str) -> str:
    family = FAMILY_NAMES.get(version.family)
    title = version.title
    if family is not None and family.get(lang) not in title:
        title = f"{title} ({family.get(lang)})"
    doc = version.canonical
    if lang == "en":
        return (
            f"the {title} version {version.version} ({version.id}, document {doc.url}, sha256 {doc.sha256})"
        )
    return f"de {title} versie {version.version} ({version.id}, document {doc.url}, sha256 {doc.sha256})"


def standards_text(ids: list[str], registry: Registry | None = None) -> Text:
    """The ``standards`` parameter for these standard versions (ids as ``cgcomply standards show`` takes)."""
    registry = registry or load_registry()
    versions = [registry.get(ident) for ident in ids]
    parts: dict[str, list[str]] = {lang: [_one(v, lang) for v in versions] for lang in ("nl", "en")}

    def join(items: list[str], word: str) -> str:
        if len(items) <= 1:
            return "".join(items)
        return "; ".join(items[:-1]) + f" {word} " + items[-1]

    return Text(join(parts["nl"], "en"), join(parts["en"], "and"))
