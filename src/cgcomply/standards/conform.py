"""Static conformance: does an implementation's OpenAPI document implement a standard version's?

``conform_document`` loads both documents (the standard's from the registry's pinned, sha256-checked
copy), normalises them (:mod:`cgcomply.standards.normalise`), runs the rule families
(:mod:`cgcomply.standards.rules`) over every operation the two share, and returns a
:class:`ConformReport`: each difference with its stable code, severity, JSON pointer and line in both
documents, and the standard document that was used (URL, sha256, variant).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cgcomply import __version__
from cgcomply.i18n import Text
from cgcomply.oas import LoadOptions, OasDocument, load_document_bytes
from cgcomply.oas.fetch import is_url
from cgcomply.standards.normalise import Side, align
from cgcomply.standards.registry import Registry, StandardVersion, load_registry
from cgcomply.standards.rules import bodies, operations, parameters, security
from cgcomply.standards.rules.base import ERROR, INFO, WARNING, CompareContext, Difference
from cgcomply.standards.store import RAW, DocumentStore, LoadedStandard, ParsedCache, open_standard

VERDICTS = {
    "voldoet": Text("voldoet", "conforms"),
    "voldoet niet": Text("voldoet niet", "does not conform"),
    "niet vastgesteld": Text("niet vastgesteld", "not determined"),
}
#: The process exit code per verdict (0 voldoet, 1 voldoet niet, 3 niet vastgesteld), as for ``verify``.
EXIT_CODES = {"voldoet": 0, "voldoet niet": 1, "niet vastgesteld": 3}
_RAW_URL = re.compile(rb"https://raw\.githubusercontent\.com/[^\s'\"#>]+")


@dataclass
class ConformReport:
    standard: StandardVersion
    variant: str
    document_url: str
    document_sha256: str
    document_local: str
    implementation: str
    implementation_sha256: str
    implementation_version: str | None
    differences: list[Difference]
    operations_compared: int
    operations_in_standard: int
    strip: tuple[int, int]
    missing_refs: list[str] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))

    def counts(self) -> dict[str, int]:
        counts = {ERROR: 0, WARNING: 0, INFO: 0}
        for difference in self.differences:
            counts[difference.severity] += 1
        return counts

    @property
    def undetermined(self) -> bool:
        return any(d.code == "ref-unresolved" for d in self.differences) or (
            self.operations_in_standard > 0 and self.operations_compared == 0
        )

    @property
    def verdict(self) -> str:
        if self.counts()[ERROR]:
            return "voldoet niet"
        if self.undetermined:
            return "niet vastgesteld"
        return "voldoet"

    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "tool": {"name": "cgcomply", "version": __version__},
            "created": self.created,
            "standard": {
                "id": self.standard.id,
                "title": self.standard.title,
                "version": self.standard.version,
                "status": self.standard.status,
                "variant": self.variant,
                "document": {"url": self.document_url, "sha256": self.document_sha256},
                "extensions": self.standard.conformance.extensions,
            },
            "implementation": {
                "source": self.implementation,
                "sha256": self.implementation_sha256,
                "info_version": self.implementation_version,
            },
            "verdict": self.verdict,
            "verdict_text": VERDICTS[self.verdict].render(lang),
            "counts": self.counts(),
            "operations": {"in_standard": self.operations_in_standard, "compared": self.operations_compared},
            "unresolved_refs": self.missing_refs,
            "differences": [
                {
                    "code": d.code,
                    "severity": d.severity,
                    "family": d.rule.family,
                    "where": d.where,
                    "message": d.text(lang),
                    "standard": _loc(d.std, d.std_line),
                    "implementation": _loc(d.impl, d.impl_line),
                }
                for d in self.differences
            ],
        }


def _loc(loc: Any, line: int | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {"file": loc.file, "pointer": loc.pointer, "line": line}


_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


def compare_documents(
    std_doc: OasDocument, impl_doc: OasDocument, standard_version: str, extensions: str
) -> tuple[list[Difference], int, int, tuple[int, int]]:
    """The differences between two loaded documents (the library core; no registry involved)."""
    std = Side(std_doc, "standard")
    impl = Side(impl_doc, "implementation")
    strip = align(std, impl)
    std.index_operations(strip[0])
    impl.index_operations(strip[1])
    ctx = CompareContext(std, impl, extensions)
    operations.run(ctx, standard_version)
    compared = 0
    for key, s_op in std.operations.items():
        i_op = impl.operations.get(key)
        if i_op is None:
            continue
        compared += 1
        parameters.compare_operation(ctx, s_op, i_op)
        bodies.compare_operation(ctx, s_op, i_op)
        security.compare_operation(ctx, s_op, i_op)
    for difference in ctx.found:
        if difference.std is not None:
            difference.std_line = std.locate(difference.std)
        if difference.impl is not None:
            difference.impl_line = impl.locate(difference.impl)
    found = sorted(ctx.found, key=lambda d: (_ORDER[d.severity], d.code, d.where))
    return found, compared, len(std.operations), strip


def _implementation_tree(
    data: bytes, registry: Registry, store: DocumentStore
) -> tuple[Path | None, list[str]]:
    """Serve the registry documents that an implementation's raw GitHub ``$ref``s name (by pinned or tag
    URL) from verified local copies; the rest stay as the user's load options say."""
    wanted = {match.decode("utf-8", "replace") for match in _RAW_URL.findall(data)}
    if not wanted:
        return None, []
    index: dict[str, Any] = {}
    for version in registry.versions:
        for doc in version.documents:
            for url in (doc.url, doc.tag_url):
                if url:
                    index[url.lower()] = doc
    for _, doc in registry.dependencies:
        index[doc.url.lower()] = doc
    by_url = registry.by_url()
    for version in registry.versions:  # mutable aliases the registry pins (.../master/.../current_version)
        for doc in version.documents:
            for need in doc.refs:
                target = by_url.get(need.pinned_url or "")
                if target is not None:
                    index.setdefault(need.url.lower(), target)
    root = Path(tempfile.mkdtemp(prefix="cgcomply-impl-refs-"))
    missing: list[str] = []
    for url in sorted(wanted):
        known = index.get(url.lower())
        if known is None:
            continue
        try:
            local = store.locate(known.url, known.sha256, known.size)
        except Exception:
            missing.append(url)
            continue
        link = root / url[len(RAW) :]
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            link.symlink_to(local.resolve())
        except OSError:
            shutil.copyfile(local, link)
    return root, missing


def conform_document(
    implementation: str,
    standard_id: str,
    *,
    variant: str | None = None,
    standards_dir: Path | None = None,
    offline: bool = False,
    load_options: LoadOptions | None = None,
    registry: Registry | None = None,
    parse_cache: bool = True,
) -> ConformReport:
    """Compare an implementation's document (file or URL) with a standard version from the registry.

    ``parse_cache=False`` parses the standard's documents afresh instead of reading the parsed copies in
    the cache folder (for measuring, or when the cache folder is read-only)."""
    registry = registry or load_registry()
    version = registry.get(standard_id)
    store = DocumentStore(standards_dir=standards_dir, offline=offline)
    options = load_options or LoadOptions()
    parser = None
    if parse_cache:
        known = {doc.sha256 for doc in registry.by_url().values()}
        parser = ParsedCache(known)
    loaded: LoadedStandard = open_standard(version, registry, store, variant, parser)
    tree: Path | None = None
    try:
        if is_url(implementation):
            from cgcomply.oas.fetch import fetch_url

            data, _ = fetch_url(
                implementation,
                max_bytes=options.max_bytes,
                timeout=options.timeout,
                verify=options.verify,
                session=options.session,
                total_timeout=options.total_timeout,
                use_cache=False,
            )
        else:
            from cgcomply.oas.fetch import read_file

            data = read_file(Path(implementation).expanduser(), implementation, options.max_bytes)
        tree, _ = _implementation_tree(data, registry, store)
        if tree is not None:
            options = dataclasses.replace(options, ref_maps=(*options.ref_maps, (RAW, tree)))
        if parser is not None and options.parser is None:
            options = dataclasses.replace(options, parser=parser)
        impl_doc = load_document_bytes(data, implementation, options)
        found, compared, total, strip = compare_documents(
            loaded.document, impl_doc, version.version, version.conformance.extensions
        )
    finally:
        loaded.close()
        if tree is not None:
            shutil.rmtree(tree, ignore_errors=True)
    info = impl_doc.data.get("info") if isinstance(impl_doc.data, dict) else None
    return ConformReport(
        standard=version,
        variant=loaded.document_info.variant,
        document_url=loaded.document_info.url,
        document_sha256=loaded.document_info.sha256,
        document_local=str(loaded.local_path),
        implementation=implementation,
        implementation_sha256=hashlib.sha256(data).hexdigest() if data else "",
        implementation_version=str(info.get("version")) if isinstance(info, dict) else None,
        differences=found,
        operations_compared=compared,
        operations_in_standard=total,
        strip=strip,
        missing_refs=loaded.missing_refs,
    )


# ---------------------------------------------------------------------------------------- static + live


@dataclass
class StandardVerdict:
    """One standard version checked on one target: the static comparison and/or the live run."""

    standard: StandardVersion
    static: ConformReport | None
    live: Any  # cgcomply.standards.live.LiveReport | None
    problems: list[str] = field(default_factory=list)  # why a part could not run (niet vastgesteld)

    @property
    def verdict(self) -> str:
        parts = [p.verdict for p in (self.static, self.live) if p is not None]
        if "voldoet niet" in parts:
            return "voldoet niet"
        if self.problems or not parts or "niet vastgesteld" in parts:
            return "niet vastgesteld"
        return "voldoet"

    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "standard": self.standard.id,
            "verdict": self.verdict,
            "verdict_text": VERDICTS[self.verdict].render(lang),
            "problems": self.problems,
            "static": self.static.to_dict(lang) if self.static else None,
            "live": self.live.to_dict(lang) if self.live else None,
        }


def conform_target(
    standard_id: str,
    *,
    document: str | None = None,
    base_url: str | None = None,
    variant: str | None = None,
    standards_dir: Path | None = None,
    offline: bool = False,
    load_options: LoadOptions | None = None,
    headers: dict[str, str] | None = None,
    max_requests: int = 200,
    max_seconds: float = 60.0,
    cacert: str | None = None,
) -> StandardVerdict:
    """Static conformance of ``document`` (default: ``<base_url>/openapi.json``) and live conformance of
    ``base_url``. A part that cannot run (document unreachable) makes the verdict ``niet vastgesteld``."""
    from cgcomply.errors import CgcomplyError
    from cgcomply.standards.live import live_conformance

    registry = load_registry()
    version = registry.get(standard_id)
    problems: list[str] = []
    static: ConformReport | None = None
    source = document or (base_url.rstrip("/") + "/openapi.json" if base_url else None)
    options = load_options or LoadOptions()
    if source is not None:
        if base_url and headers:
            from cgcomply.http import Session

            session = options.session or Session()
            session.bind_credentials(base_url, headers)
            options = dataclasses.replace(options, session=session)
        if cacert and options.verify is True:
            options = dataclasses.replace(options, verify=cacert)
        try:
            static = conform_document(
                source,
                standard_id,
                variant=variant,
                standards_dir=standards_dir,
                offline=offline,
                load_options=options,
                registry=registry,
            )
        except CgcomplyError as error:
            if document is not None:
                raise
            problems.append(error.render())
    live = None
    if base_url:
        store = DocumentStore(standards_dir=standards_dir, offline=offline)
        loaded = open_standard(version, registry, store, variant)
        try:
            live = live_conformance(
                base_url,
                version,
                loaded.document,
                headers=headers,
                max_requests=max_requests,
                max_seconds=max_seconds,
                cacert=cacert,
            )
        finally:
            loaded.close()
    return StandardVerdict(version, static, live, problems)
