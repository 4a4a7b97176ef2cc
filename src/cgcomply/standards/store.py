"""Standard documents on disk: fetched on demand into the user's cache, or read from ``--standards-dir``.

Every document is checked against the registry's sha256 before it is used; nothing is copied into the
repository. The cache keeps the repository layout (``<cache>/<owner>/<repo>/<commit>/<path>``), so a
cache folder can itself be given as ``--standards-dir``. An offline folder may also be the research
corpus: a file is found by that layout, by ``<repo>-<commit[:8]>/<path>``, or else by size and sha256.

A standard document is loaded with the project's OpenAPI loader under its pinned URL, so relative
``$ref``s resolve to the pinned URLs of their targets; those, and the mutable aliases the registry
pins (``.../gemma-zaken/master/.../current_version/openapi.yaml``), are served from a per-run folder of
links to the verified files (``--ref-map``), never from the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cgcomply.errors import DocumentError, UsageError
from cgcomply.i18n import Text
from cgcomply.oas import LoadOptions, OasDocument, load_document_bytes
from cgcomply.oas.parse import ParsedFile
from cgcomply.standards.registry import Registry, StandardDocument, StandardVersion

RAW = "https://raw.githubusercontent.com/"
_SUFFIXES = (".yaml", ".yml", ".json")


def cache_dir() -> Path:
    """``$CGCOMPLY_CACHE_DIR/standards``, else the platform's user cache folder (XDG on Linux)."""
    override = os.environ.get("CGCOMPLY_CACHE_DIR")
    if override:
        return Path(override).expanduser() / "standards"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cgcomply")) / "standards"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _relative(url: str) -> str | None:
    """``owner/repo/ref/path`` of a raw GitHub URL, unquoted; ``host/path`` for another http(s) URL."""
    if url.startswith(RAW):
        return unquote(url[len(RAW) :])
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or ".." in parts.path.split("/"):
        return None
    return unquote(parts.netloc.replace(":", "_") + parts.path)


def download(url: str, max_bytes: int) -> bytes:
    """The one function through which standard documents come from the network (the project's document
    fetcher: size cap, timeouts, redirect rules)."""
    from cgcomply.oas.fetch import fetch_url

    data, _ = fetch_url(url, max_bytes=max_bytes, timeout=30.0, verify=True)
    return data


@dataclass
class DocumentStore:
    """Finds verified local copies of registry documents: offline folder, or the cache (+ download)."""

    standards_dir: Path | None = None
    cache: Path = field(default_factory=cache_dir)
    offline: bool = False  # never download (implied by standards_dir)
    _size_index: dict[int, list[Path]] | None = None
    _verified: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.standards_dir is not None:
            if not self.standards_dir.is_dir():
                raise UsageError(
                    Text(
                        f"--standards-dir: geen map: {self.standards_dir}",
                        f"--standards-dir: not a folder: {self.standards_dir}",
                    )
                )
            self.offline = True

    def locate(self, url: str, sha256: str, size: int | None) -> Path:
        """A local file with exactly these bytes, or :class:`DocumentError` saying why not."""
        found = self._verified.get(sha256)
        if found is not None:
            return found
        relative = _relative(url)
        if self.standards_dir is not None:
            path = self._find_offline(relative, sha256, size)
            if path is None:
                raise DocumentError(
                    Text(
                        f"geen bestand met sha256 {sha256[:12]}… in --standards-dir {self.standards_dir}",
                        f"no file with sha256 {sha256[:12]}… in --standards-dir {self.standards_dir}",
                    ),
                    source=url,
                )
        else:
            if relative is None:
                raise DocumentError(
                    Text(
                        "geen http(s)-URL die in de cache kan",
                        "not an http(s) URL that can be cached",
                    ),
                    source=url,
                )
            path = self.cache / relative
            if not (path.is_file() and _sha256(path) == sha256):
                if self.offline:
                    raise DocumentError(
                        Text(
                            "niet in de cache en downloaden staat uit (--offline)",
                            "not in the cache and downloading is off (--offline)",
                        ),
                        source=url,
                    )
                self._fetch_into(url, path, sha256, size)
        self._verified[sha256] = path
        return path

    def _find_offline(self, relative: str | None, sha256: str, size: int | None) -> Path | None:
        assert self.standards_dir is not None
        candidates: list[Path] = []
        if relative is not None:
            parts = relative.split("/", 3)
            if len(parts) == 4:
                owner, repo, ref, path = parts
                candidates.append(self.standards_dir / owner / repo / ref / path)
                candidates.append(self.standards_dir / f"{repo}-{ref[:8]}" / path)
        for candidate in candidates:
            if (
                candidate.is_file()
                and (size is None or candidate.stat().st_size == size)
                and _sha256(candidate) == sha256
            ):
                return candidate
        for candidate in self._by_size(size):
            if _sha256(candidate) == sha256:
                return candidate
        return None

    def _by_size(self, size: int | None) -> list[Path]:
        if self._size_index is None:
            index: dict[int, list[Path]] = {}
            assert self.standards_dir is not None
            for root, _, names in os.walk(self.standards_dir):
                for name in names:
                    if name.endswith(_SUFFIXES):
                        path = Path(root) / name
                        index.setdefault(path.stat().st_size, []).append(path)
            self._size_index = index
        if size is None:
            return [path for paths in self._size_index.values() for path in paths]
        return self._size_index.get(size, [])

    def _fetch_into(self, url: str, path: Path, sha256: str, size: int | None) -> None:
        limit = (size or 32 * 1024 * 1024) + 1024
        data = download(url, limit)
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            raise DocumentError(
                Text(
                    f"gedownload document heeft sha256 {digest[:12]}…, het register legt {sha256[:12]}… vast; niet gebruikt",
                    f"downloaded document has sha256 {digest[:12]}…, the registry pins {sha256[:12]}…; not used",
                ),
                source=url,
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)


@dataclass
class LoadedStandard:
    """A standard version's document, loaded, with what it took to load it."""

    version: StandardVersion
    document_info: StandardDocument
    document: OasDocument
    local_path: Path
    missing_refs: list[str]  # external ref URLs with no verified local copy (their schemas are not compared)
    _tree: tempfile.TemporaryDirectory[str] | None = None

    def close(self) -> None:
        if self._tree is not None:
            self._tree.cleanup()
            self._tree = None


def _needed(
    doc: StandardDocument, registry: Registry
) -> list[tuple[str, str | None, str | None, int | None]]:
    """(url as referenced, pinned url, sha256, size) of every document reachable through external refs."""
    index = registry.by_url()
    result: list[tuple[str, str | None, str | None, int | None]] = []
    seen: set[str] = {doc.url}
    queue = [doc]
    while queue:
        current = queue.pop()
        for need in current.refs:
            key = need.url
            if key in seen:
                continue
            seen.add(key)
            result.append((need.url, need.pinned_url, need.sha256, need.size))
            target = index.get(need.pinned_url or "")
            if target is not None and target.url not in seen:
                seen.add(target.url)
                queue.append(target)
    return result


def open_standard(
    version: StandardVersion,
    registry: Registry,
    store: DocumentStore,
    variant: str | None = None,
    parser: ParsedCache | None = None,
) -> LoadedStandard:
    """Find (or fetch), verify and load the standard's document; its external refs come from the store.

    ``parser`` (a :class:`ParsedCache`) reuses parsed copies of the pinned documents."""
    info = version.document(variant)
    path = store.locate(info.url, info.sha256, info.size)
    tree = tempfile.TemporaryDirectory(prefix="cgcomply-standards-")
    missing: list[str] = []
    try:
        root = Path(tree.name)
        for url, pinned, sha, size in _needed(info, registry):
            relative = _relative(url) if url.startswith(RAW) else None
            if relative is None or sha is None or pinned is None:
                missing.append(url)
                continue
            try:
                local = store.locate(pinned, sha, size)
            except DocumentError:
                missing.append(url)
                continue
            for target in {relative, _relative(pinned) or relative}:
                link = root / target
                link.parent.mkdir(parents=True, exist_ok=True)
                if not link.exists():
                    try:
                        link.symlink_to(local.resolve())
                    except OSError:
                        shutil.copyfile(local, link)
        options = LoadOptions(ref_maps=((RAW, root),), max_bytes=64 * 1024 * 1024, parser=parser)
        data = path.read_bytes()
        document = load_document_bytes(data, info.url, options)
    except BaseException:
        tree.cleanup()
        raise
    return LoadedStandard(version, info, document, path, missing, tree)


# ---------------------------------------------------------------------------------------- parsed copies

_PARSED_FORMAT = 1


class ParsedCache:
    """Reuses parsed copies of sha256-pinned standard documents (``<cache>/parsed/<sha256>.marshal``).

    A standard document never changes under its sha256, so its parse (data plus the YAML line index) is
    kept with :mod:`marshal` (plain values only; it builds no objects of other types) and read back in a
    fraction of the parse time. Any other bytes (the implementation's document) are parsed as usual. A
    copy that is unreadable, of another format or another cgcomply version is ignored and rewritten.
    """

    def __init__(self, known: set[str], folder: Path | None = None) -> None:
        self.known = known
        self.folder = folder if folder is not None else cache_dir().parent / "parsed"

    def __call__(self, data: bytes, source: str) -> ParsedFile:
        from cgcomply.oas.parse import parse_bytes

        digest = hashlib.sha256(data).hexdigest()
        if digest not in self.known:
            return parse_bytes(data, source)
        path = self.folder / f"{digest}.marshal"
        loaded = self._read(path, digest)
        if loaded is not None:
            return loaded
        parsed = parse_bytes(data, source)
        self._write(path, digest, parsed)
        return parsed

    def _read(self, path: Path, digest: str) -> ParsedFile | None:
        import marshal

        from cgcomply import __version__
        from cgcomply.oas.parse import ParsedFile
        from cgcomply.oas.yaml_load import IndexedLocator

        try:
            blob = path.read_bytes()
            head, version, sha, data, containers, positions, root = marshal.loads(blob)
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if head != _PARSED_FORMAT or version != __version__ or sha != digest:
            return None
        index = {id(container): where for container, where in zip(containers, positions, strict=True)}
        return ParsedFile(data, "yaml", IndexedLocator(data, index, tuple(root), containers))

    def _write(self, path: Path, digest: str, parsed: ParsedFile) -> None:
        import marshal

        from cgcomply import __version__

        locator = parsed.locator
        to_index = getattr(locator, "to_index", None)
        if parsed.syntax != "yaml" or (to_index is None and not hasattr(locator, "positions")):
            return  # JSON parses fast anyway; an unknown locator is not copied
        indexed: Any = to_index() if to_index is not None else locator
        containers, positions, root = indexed.containers, indexed.positions, indexed.root
        try:
            payload: Any = (
                _PARSED_FORMAT,
                __version__,
                digest,
                parsed.data,
                containers,
                [positions[id(container)] for container in containers],
                root,
            )
            blob = marshal.dumps(payload)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temp, path)
        except (OSError, ValueError, KeyError):
            return  # a cache that cannot be written only costs time
