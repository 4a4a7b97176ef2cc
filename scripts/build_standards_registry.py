#!/usr/bin/env python3
"""Build ``standards/registry.json`` (the registry of VNG API standard versions) from the research corpus.

Input: ``REGISTRY.tsv`` and ``MANIFEST.tsv`` of the standards corpus (``../shared/corpus/standards`` by
default) and, where the corpus holds a document, the document itself (to list the external ``$ref``s it
really has). Output: metadata only -- pinned raw URLs, sha256, sizes, statuses, variants, the documents
each document's ``$ref``s need, conformance notes. No standard document is copied.

Run from the repository root::

    python scripts/build_standards_registry.py [--corpus DIR] [--out standards/registry.json]

The output is deterministic (sorted, no timestamps), so re-running it on the same corpus changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import yaml

RAW = "https://raw.githubusercontent.com/"

# REGISTRY.tsv status -> registry status (see standards/README.md)
STATUS = {
    "vastgesteld": "vastgesteld",
    "vastgesteld (community)": "vastgesteld",
    "released-tag-only": "uitgebracht",
    "released": "uitgebracht",
    "released (tag v2.0.0)": "uitgebracht",
    "concept": "concept",
    "concept (RC)": "concept",
    "beproeving": "beproeving",
    "superseded": "vervangen",
    "superseded-in-git": "vervangen",
    "vervallen": "vervallen",
    "deprecated": "deprecated",
}

FAMILIES = {
    "zgw-": "zgw",
    "hc-": "haal-centraal",
    "cg-": "common-ground",
    "kic-": "klantinteractie",
    "klantinteracties": "klantinteractie",
    "open-product": "common-ground",
    "verwerkingenlogging": "common-ground",
    "ori": "ods",
    "rba": "common-ground",
    "referentielijsten": "zgw",
}

# The standard's own rule on extensions. Sources: research/standards.md section 3, item 4.
NOT_ALLOWED_SOURCE = {
    "zgw-catalogi": "gemma-zaken docs/standaard/catalogi/ztc/1.3.x/1.3.3/specification.md",
    "zgw-documenten": "gemma-zaken docs/standaard/documenten (specification.md)",
    "zgw-besluiten": "gemma-zaken docs/standaard/besluiten (specification.md)",
    "zgw-autorisaties": "gemma-zaken docs/standaard/autorisaties (specification.md)",
    "kic-contactmomenten": "gemma-zaken docs/standaard/contactmomenten (specification.md)",
    "kic-klanten": "gemma-zaken docs/standaard/klanten (specification.md)",
    "kic-verzoeken": "gemma-zaken docs/standaard/verzoeken (specification.md)",
}

NOT_ALLOWED = {
    "extensions": "not-allowed",
    "nl": (
        "De standaard zegt: het is NIET TOEGESTAAN om uitbreidingen op operaties in welke vorm dan ook "
        "toe te voegen. Toevoegingen van de implementatie worden als waarschuwing gemeld (als informatie "
        "wanneer ze met x-experimental gemarkeerd zijn)."
    ),
    "en": (
        "The standard says: adding extensions to operations in any form is NOT ALLOWED. The "
        "implementation's additions are reported as warnings (as information when they are marked "
        "x-experimental)."
    ),
}
ZAKEN = {
    "extensions": "not-stated",
    "nl": (
        "De specificatie zegt: de openapi.yaml MOET volledig geïmplementeerd zijn. Over uitbreidingen zegt "
        "zij niets; toevoegingen van de implementatie worden als informatie gemeld."
    ),
    "en": (
        "The specification says: the openapi.yaml MUST be implemented completely. It says nothing about "
        "extensions; the implementation's additions are reported as information."
    ),
    "source": "gemma-zaken docs/standaard/zaken/zrc/1.7.x/1.7.0/specification.md",
}
UNSTATED = {
    "extensions": "not-stated",
    "nl": (
        "De standaard zegt niets over uitbreidingen; toevoegingen van de implementatie worden als "
        "informatie gemeld."
    ),
    "en": "The standard says nothing about extensions; the implementation's additions are reported as information.",
}

# mutable aliases written in standard documents -> the dependency row that pins them
ALIASES = {
    RAW
    + "VNG-Realisatie/gemma-zaken/master/api-specificatie/ztc/current_version/openapi.yaml": "dep-gemma-ztc-current",
    RAW + "VNG-Realisatie/API-Kennisbank/master/common/common.yaml": "dep-api-kennisbank-common",
}


def family(standard: str) -> str:
    for prefix, name in FAMILIES.items():
        if standard.startswith(prefix):
            return name
    return "other"


def version_of(text: str) -> tuple[str, str | None]:
    """'2.0.0 (archived)' -> ('2.0.0', 'archived'); '1.1.0 (as linked by Open Zaak)' -> ('1.1.0', ...)."""
    match = re.match(r"^([0-9][^\s(]*)\s*(?:\((.*)\))?$", text.strip())
    if not match:
        return text.strip(), None
    return match.group(1), match.group(2)


def variant_name(row: dict[str, str]) -> str:
    repo = row["repo"].split("/", 1)[1]
    ref = row["ref"]
    if ref.startswith("tag "):
        return f"{repo}-tag"
    if ref.startswith("branch "):
        return f"{repo}-branch"
    return repo


def pinned_url(repo: str, commit: str, path: str) -> str:
    return f"{RAW}{repo}/{commit}/{path}".replace(" ", "%20").replace("'", "%27")


def external_refs(row: dict[str, str], corpus: Path, manifest_by_sha: dict[str, str]) -> list[str]:
    """The external $ref addresses a document uses: read from the corpus copy when there is one,
    otherwise from the TSV notes."""
    name = manifest_by_sha.get(row["sha256"])
    refs: set[str] = set()
    if name:
        data = yaml.load((corpus / name).read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and not ref.startswith("#"):
                    refs.add(ref.split("#", 1)[0])
                stack.extend(value for key, value in node.items() if key not in ("example", "examples"))
            elif isinstance(node, list):
                stack.extend(node)
        return sorted(refs)
    match = re.search(r"external \$refs: (.*)$", row["notes"])
    if match:
        refs.update(part.strip() for part in match.group(1).split(","))
    return sorted(refs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/standards"))
    parser.add_argument("--out", type=Path, default=Path("standards/registry.json"))
    args = parser.parse_args()
    corpus: Path = args.corpus
    rows = list(csv.DictReader((corpus / "REGISTRY.tsv").open(encoding="utf-8"), delimiter="\t"))
    manifest = list(csv.DictReader((corpus / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    manifest_by_sha = {m["sha256"]: m["file"] for m in manifest}

    # every known file: (repo, commit, path) -> document record (standards, dependencies, ref-tree files)
    known: dict[tuple[str, str, str], dict[str, object]] = {}

    def doc_record(repo: str, commit: str, path: str, sha: str, size: int, extra: dict[str, object]) -> dict:
        record = {
            "repo": repo,
            "commit": commit,
            "path": path,
            "url": pinned_url(repo, commit, path),
            "sha256": sha,
            "size": size,
        }
        record.update(extra)
        known.setdefault((repo.lower(), commit, path), record)
        return record

    for m in manifest:
        source = m["source"]
        repo, _, rest = source.partition("@")
        commit, _, path = rest.partition(":")
        doc_record(repo, commit, path, m["sha256"], int(m["size_bytes"]), {})

    versions: dict[tuple[str, str], dict[str, object]] = {}
    dependencies: dict[str, dict[str, object]] = {}
    skipped: list[str] = []
    docs_by_row: list[tuple[dict[str, str], dict[str, object]]] = []
    for row in rows:
        version, qualifier = version_of(row["version"])
        extra = {
            "variant": variant_name(row),
            "ref": " ".join(row["ref"].split(" ")[:2])
            if row["ref"].startswith(("tag ", "branch "))
            else "commit",
            "tag_url": row["raw_url"]
            if row["raw_url"] != pinned_url(row["repo"], row["commit"], row["path"])
            else None,
            "git_blob": row["git_blob"],
            "openapi": row["openapi"],
            "info_version": row["info_version"],
            "info_title": row["info_title"],
            "paths": int(row["n_paths"] or 0),
            "operations": int(row["n_operations"] or 0),
            "notes": row["notes"],
        }
        record = doc_record(
            row["repo"], row["commit"], row["path"], row["sha256"], int(row["size_bytes"]), {}
        )
        record = {**record, **{k: v for k, v in extra.items() if v is not None}}
        status = row["status"]
        if status == "stray":
            skipped.append(f"{row['standard']} {row['version']}: stray file, not a standard version")
            continue
        if status == "dependency":
            dependencies[row["standard"]] = {"id": row["standard"], "title": row["title"], "document": record}
            docs_by_row.append((row, record))
            continue
        key = (row["standard"], version)
        entry = versions.get(key)
        if entry is None:
            entry = versions[key] = {
                "id": f"{row['standard']}@{version}",
                "standard": row["standard"],
                "family": family(row["standard"]),
                "title": row["title"],
                "version": version,
                "status": None,
                "status_source": None,
                "documents": [],
            }
        canonical = status not in ("alt-variant", "mislabelled")
        if canonical:
            if entry["status"] is not None:
                skipped.append(f"{entry['id']}: second canonical row ({status}) kept as a variant")
                canonical = False
            else:
                entry["status"] = STATUS[status]
                entry["status_source"] = status
        record["canonical"] = canonical
        if qualifier:
            record["qualifier"] = qualifier
        if status == "mislabelled":
            record["qualifier"] = f"{qualifier}; info.version {row['info_version']}"
        entry["documents"].append(record)
        docs_by_row.append((row, record))

    # the documents each document's $refs need
    by_id = {d["id"]: d["document"] for d in dependencies.values()}
    for row, record in docs_by_row:
        needs = []
        for ref in external_refs(row, corpus, manifest_by_sha):
            target = urljoin(record["url"], ref)  # type: ignore[arg-type]
            pin = None
            if target in ALIASES and ALIASES[target] in by_id:
                pin = by_id[ALIASES[target]]
            elif target.startswith(RAW):
                owner, repo, commit, path = target[len(RAW) :].split("/", 3)
                pin = known.get((f"{owner}/{repo}".lower(), commit, path))
            need: dict[str, object] = {"ref": ref, "url": target}
            if pin is not None:
                need.update({"pinned_url": pin["url"], "sha256": pin["sha256"], "size": pin["size"]})
            else:
                need["unpinned"] = True
            needs.append(need)
        record["refs"] = needs

    standards = []
    for entry in versions.values():
        if entry["status"] is None:  # only variants: the first becomes canonical
            first = entry["documents"][0]
            first["canonical"] = True
            entry["status"] = "uitgebracht"
            entry["status_source"] = "variant only"
        entry["documents"].sort(key=lambda d: (not d["canonical"], d["variant"]))
        names: dict[str, int] = {}
        for doc in entry["documents"]:  # the same repository twice: the later ones get -alt, -alt2
            count = names.get(doc["variant"], 0)
            names[doc["variant"]] = count + 1
            if count:
                doc["variant"] += "-alt" if count == 1 else f"-alt{count}"
        std = entry["standard"]
        if std in NOT_ALLOWED_SOURCE:
            entry["conformance"] = {**NOT_ALLOWED, "source": NOT_ALLOWED_SOURCE[std]}
        elif std == "zgw-zaken":
            entry["conformance"] = ZAKEN
        else:
            entry["conformance"] = UNSTATED
        standards.append(entry)

    def sort_key(entry: dict) -> tuple:
        parts = re.split(r"[.\-+]", entry["version"])
        return (entry["standard"], [(0, int(p)) if p.isdigit() else (1, p) for p in parts])

    standards.sort(key=sort_key)
    out = {
        "_about": (
            "Registry of VNG API standard versions. Generated by scripts/build_standards_registry.py from "
            "the research corpus (REGISTRY.tsv, MANIFEST.tsv); do not edit by hand."
        ),
        "format": 1,
        "standards": standards,
        "dependencies": sorted(dependencies.values(), key=lambda d: d["id"]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{args.out}: {len(standards)} standard versions, {len(dependencies)} dependencies", file=sys.stderr
    )
    for line in skipped:
        print(f"  note: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
