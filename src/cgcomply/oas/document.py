"""An OpenAPI document as loaded: root data, every file reached through ``$ref``, line numbers on demand.

Which documents load (a design choice, see ``oas/__init__``): anything whose top level is a mapping with
an ``openapi`` key (kind ``openapi-3.0``/``openapi-3.1``, or ``unknown`` for other versions), a
``swagger`` key (``swagger-2.0``), or, without either key, with ``paths``, ``info``, ``webhooks`` or
``components`` (kind ``unknown``, so that the checks can report the missing ``openapi`` field the way
the official linter does with ``openapi-root-exists``). Everything else is refused with a
:class:`DocumentError` that says what the file looks like instead (a JSON Schema, a list, ...).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from cgcomply.errors import DocumentError
from cgcomply.i18n import Text
from cgcomply.oas import pointer as jp
from cgcomply.oas.fetch import fetch_url, is_url, read_file
from cgcomply.oas.options import LoadOptions
from cgcomply.oas.parse import ParsedFile
from cgcomply.oas.refs import (
    CYCLE,
    INVALID,
    MISSING,
    REFUSED,
    REMOTE_NOT_ALLOWED,
    UNREACHABLE,
    RefError,
    RefProblem,
    ResolvedRef,
)

API_KEYS = ("paths", "info", "webhooks", "components")
JSON_SCHEMA_KEYS = {"$schema", "$id", "definitions", "$defs", "properties", "type", "allOf", "anyOf", "oneOf"}
# values under these keys are example data or literal values, not OpenAPI structure: no $refs there
_LITERAL_KEYS = frozenset({"example", "default", "const", "enum"})
# objects whose keys are names chosen by the author, not OpenAPI or JSON Schema keywords
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "definitions",
        "$defs",
        "dependentSchemas",
        "paths",
        "webhooks",
        "responses",
        "schemas",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "content",
        "encoding",
        "variables",
        "mapping",
        "scopes",
    }
)
_MAX_POINTER_HOPS = 64
# Local files that a $ref may never read, even from a local document: they are no documents, and reading
# them may block (devices, FIFOs) or show the machine's state (/proc, /sys).
_SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


@dataclass
class _File:
    id: str  # what findings call the file: the root's source, a path relative to the root's folder, or a URL
    key: str  # canonical identity: absolute local path, or URL without fragment
    path: Path | None  # where the bytes were read from (also for a URL mapped by --ref-map)
    url: str | None  # the file's URL when it came from one (relative refs resolve against it)
    parsed: ParsedFile

    @property
    def data(self) -> object:
        return self.parsed.data


class OasDocument:
    """A loaded OpenAPI document. Build it with :func:`load_document` or :func:`load_document_bytes`."""

    def __init__(self, root: _File, kind: str, version: str, options: LoadOptions) -> None:
        self.source = root.id
        self.data: dict = root.data  # type: ignore[assignment]
        self.kind = kind
        self.version = version
        self.options = options
        self._root = root
        self._root_dir = root.path.parent if root.path is not None and root.url is None else None
        self._by_id: dict[str, _File] = {root.id: root}
        self._by_key: dict[str, _File] = {root.key: root}
        self._failed: dict[str, RefError] = {}
        self._resolved: dict[tuple[str, str], ResolvedRef | RefError] = {}
        # where a $ref chain that starts with (file, ref) ends: each chain is walked once, so resolving
        # every reference of a document is linear in the number of references (cycles found once too)
        self._chains: dict[tuple[str, str], ResolvedRef | RefError] = {}
        self._problems: list[RefProblem] | None = None

    # ------------------------------------------------------------------ public API

    @property
    def files(self) -> list[str]:
        """Ids of every file loaded so far (the root first)."""
        return list(self._by_id)

    @property
    def syntax(self) -> str:
        """``"json"`` or ``"yaml"``: how the root file was parsed."""
        return self._root.parsed.syntax

    def file_syntax(self, file: str | None = None) -> str | None:
        """``"json"`` or ``"yaml"``: how a loaded file (default: the root) was parsed; None if not loaded.

        Only YAML can share one object between places (aliases), so only YAML needs care against
        re-walking shared nodes."""
        found = self._by_id.get(file or self.source)
        return found.parsed.syntax if found is not None else None

    def file_data(self, file: str) -> object:
        """Parsed content of a file loaded through ``$ref`` (or the root); raises :class:`RefError`."""
        found = self._by_id.get(file)
        if found is None:
            raise RefError(
                Text(
                    f"bestand {file!r} is door geen enkele $ref geladen",
                    f"file {file!r} has not been loaded by any $ref",
                ),
                source=self.source,
            )
        return found.data

    def nonstring_keys(self, file: str | None = None) -> list[tuple[tuple[int, int], str]]:
        """Mapping keys that the source wrote as numbers, booleans or null (``200:`` unquoted in YAML):
        their (line, column) and text, where the file's loader keeps them (YAML); [] otherwise (JSON keys
        are always strings)."""
        found = self._by_id.get(file or self.source)
        keys = getattr(found.parsed.locator, "nonstring_keys", None) if found is not None else None
        return list(keys or [])

    def locate(self, pointer: str, file: str | None = None) -> tuple[int, int] | None:
        """1-based (line, column) of the JSON pointer's target in ``file`` (default: the root).

        For an object member this is where its key starts, for an array item where the item starts;
        None when the pointer does not exist in the file or the file is not loaded.
        """
        found = self._by_id.get(file or self.source)
        if found is None:
            return None
        return found.parsed.locator.locate(jp.split(pointer))

    def resolve(self, ref: str, base_file: str | None = None) -> ResolvedRef:
        """Resolve one ``$ref`` string written in ``base_file`` (default: the root).

        Loads the target file when needed (local path, ``--ref-map`` folder, or an allowed host) and
        raises :class:`RefError` with a reason when it cannot.
        """
        base_id = base_file or self.source
        if not isinstance(ref, str):
            raise RefError(
                Text(
                    f"$ref moet een string zijn, geen {_describe(ref)}",
                    f"$ref must be a string, not {_describe(ref)}",
                ),
                source=base_id,
                kind=INVALID,
            )
        cache_key = (base_id, ref)
        cached = self._resolved.get(cache_key)
        if cached is None:
            try:
                cached = self._resolve(ref, base_id)
            except RefError as error:
                cached = error
            self._resolved[cache_key] = cached
        if isinstance(cached, RefError):
            raise cached
        return cached

    def deref(self, node: object, file: str | None = None) -> ResolvedRef:
        """Follow a chain of ``$ref`` objects to a value that is not one; a ref cycle raises RefError.

        A ``$ref`` whose value is not a string is not followed (``ref_problems`` reports it).

        Schemas that refer to themselves through properties are not chains and are returned as they
        are (nothing is inlined), so walking them is the caller's job and never loops here.
        """
        current = ResolvedRef(node, file or self.source, None)
        walked: list[tuple[str, str]] = []
        on_chain: set[tuple[str, str]] = set()
        result: ResolvedRef | RefError = current
        while isinstance(current.value, dict) and isinstance(current.value.get("$ref"), str):
            ref = current.value["$ref"]
            key = (current.file, ref)
            known = self._chains.get(key)
            if known is not None:
                result = known
                break
            if key in on_chain:
                result = RefError(
                    Text(
                        "verwijzingscyclus: de $ref-keten komt bij zichzelf terug",
                        "reference cycle: the $ref chain comes back to itself",
                    ),
                    ref=ref,
                    source=current.file,
                    kind=CYCLE,
                    text=Text(
                        "verwijzingskringloop: de keten van $refs komt bij zichzelf terug",
                        "reference cycle: the $ref chain comes back to itself",
                    ),
                )
                break
            on_chain.add(key)
            walked.append(key)
            try:
                current = self.resolve(ref, current.file)
            except RefError as error:
                result = error
                break
            result = current
        for key in walked:
            self._chains[key] = result
        if isinstance(result, RefError):
            raise result
        return result

    def ref_problems(self) -> list[RefProblem]:
        """Every ``$ref`` reachable from the root, resolved once; the ones that fail (cached).

        The whole root file is walked; in other files only the parts that some ``$ref`` reaches.
        """
        if self._problems is None:
            self._problems = self._collect_problems()
        return list(self._problems)

    # ------------------------------------------------------------------ resolution

    def _resolve(self, ref: str, base_id: str) -> ResolvedRef:
        base = self._by_id.get(base_id)
        if base is None:
            raise RefError(
                Text(
                    f"onbekend basisbestand {base_id!r}",
                    f"unknown base file {base_id!r}",
                ),
                ref=ref,
                source=self.source,
                kind=INVALID,
            )
        address, _, fragment = ref.partition("#")
        target = base if address == "" else self._load_target(address, base, ref)
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise RefError(
                Text(
                    f"fragment #{fragment} is geen JSON-pointer (ankers worden niet ondersteund)",
                    f"fragment #{fragment} is not a JSON pointer (anchors are not supported)",
                ),
                ref=ref,
                source=base_id,
                kind=INVALID,
            )
        return self._evaluate(target, pointer, ref, base_id)

    def _evaluate(self, target: _File, pointer: str, ref: str, base_id: str) -> ResolvedRef:
        """The value at ``pointer`` in ``target``, with the file and pointer where it really is.

        A pointer that runs through a reference object follows it (as most tools do); the result then
        names the file and pointer of the followed target.
        """
        value = target.data
        file_id = target.id
        done: list[str] = []  # tokens walked in file_id
        hops = 0
        for token in jp.split(pointer):
            while True:
                if isinstance(value, dict):
                    if token in value:
                        value = value[token]
                        break
                    inner = value.get("$ref")
                    if isinstance(inner, str) and hops < _MAX_POINTER_HOPS:
                        hops += 1
                        followed = self.deref(value, file_id)
                        value, file_id = followed.value, followed.file
                        done = jp.split(followed.pointer or "")
                        continue
                elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                    value = value[int(token)]
                    break
                where = jp.join(done) or "the top level"
                inside = f" in {file_id}" if file_id != target.id else ""
                where_nl = "het hoogste niveau" if where == "the top level" else where
                raise RefError(
                    Text(
                        f"{pointer} bestaat niet in {target.id} (geen {token!r} bij {where}{inside})",
                        f"{pointer} does not exist in {target.id} (no {token!r} at {where}{inside})",
                    ),
                    ref=ref,
                    source=base_id,
                    text=Text(
                        f"{pointer} bestaat niet in {target.id} (geen {token!r} op {where_nl}{inside})",
                        f"{pointer} does not exist in {target.id} (no {token!r} at {where}{inside})",
                    ),
                )
            done.append(token)
        if hops:
            return ResolvedRef(value, file_id, jp.join(done))
        return ResolvedRef(value, file_id, pointer)

    def _load_target(self, address: str, base: _File, ref: str) -> _File:
        """The file a reference's address names, if the origin of the file it is written in may read it.

        A file that came from a URL (the root document, a fetched or ``--ref-map``ped target) reaches only
        http(s) URLs, resolved against its own URL: its own origin, allowed hosts, mapped prefixes. Only a
        file read from the local disk may name other local files, and only regular files outside /proc,
        /sys and /dev. Everything else is refused before anything is opened or fetched.
        """
        try:
            parts = urlsplit(address)
            scheme = parts.scheme.lower()
            if scheme in ("http", "https"):
                parts.port  # noqa: B018 - raises ValueError for a port out of range
            if base.url is not None:
                if scheme == "file":
                    raise RefError(
                        Text(
                            "een document dat van een URL is gelezen mag geen lokale bestanden lezen (file:-URL)",
                            "a document read from a URL may not read local files (file: URL)",
                        ),
                        ref=ref,
                        source=base.id,
                        kind=REFUSED,
                        text=Text(
                            "een document dat van een URL komt mag geen lokale bestanden lezen (file:-URL)",
                            "a document read from a URL may not read local files (file: URL)",
                        ),
                    )
                url = urljoin(base.url, address)
                joined = urlsplit(url)
                if joined.scheme.lower() not in ("http", "https"):
                    raise RefError(
                        Text(
                            f"een document dat van een URL is gelezen mag alleen naar http(s)-URL's verwijzen, niet naar "
                            f"{joined.scheme or 'een pad'}:",
                            f"a document read from a URL may only refer to http(s) URLs, not "
                            f"{joined.scheme or 'a path'}:",
                        ),
                        ref=ref,
                        source=base.id,
                        kind=REFUSED,
                    )
                joined.port  # noqa: B018
                return self._load_url(urlunsplit(joined._replace(fragment="")), ref, base.id)
        except ValueError as error:
            raise RefError(
                Text(
                    f"geen geldige URL: {error}",
                    f"not a valid URL: {error}",
                ),
                ref=ref,
                source=base.id,
                kind=INVALID,
                text=Text(f"geen geldige URL: {error}", f"not a valid URL: {error}"),
            ) from None
        if scheme in ("http", "https"):
            return self._load_url(urlunsplit(parts._replace(fragment="")), ref, base.id)
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise RefError(
                    Text(
                        f"een file:-URL op een andere host ({parts.netloc}) wordt niet gelezen",
                        f"a file: URL on another host ({parts.netloc}) is not read",
                    ),
                    ref=ref,
                    source=base.id,
                    kind=REFUSED,
                )
            return self._load_path(Path(unquote(parts.path)), ref, base.id)
        if scheme and len(scheme) > 1:
            raise RefError(
                Text(
                    f"niet ondersteund URL-schema {scheme}: (alleen http, https en lokale bestanden)",
                    f"unsupported URL scheme {scheme}: (only http, https and local files)",
                ),
                ref=ref,
                source=base.id,
                kind=REFUSED,
            )
        base_dir = base.path.parent if base.path is not None else Path.cwd()
        return self._load_path(base_dir / unquote(address), ref, base.id)

    def _load_path(self, path: Path, ref: str, base_id: str) -> _File:
        try:
            key = os.path.normpath(os.path.abspath(path))
        except ValueError as error:  # a NUL byte in the path
            raise RefError(
                Text(
                    f"geen geldig bestandspad: {error}",
                    f"not a valid file path: {error}",
                ),
                ref=ref,
                source=base_id,
                kind=INVALID,
            ) from None
        return self._load(key, ref, base_id, lambda: self._local_file(Path(key)))

    def _local_file(self, path: Path) -> _File:
        file_id = str(path)
        if self._root_dir is not None:
            file_id = PurePosixPath(Path(os.path.relpath(path, os.path.abspath(self._root_dir)))).as_posix()
        data = _read_target(path, file_id, self.options.max_bytes)
        return _File(file_id, str(path), path, None, self.options.parse(data, file_id))

    def _load_url(self, url: str, ref: str, base_id: str) -> _File:
        return self._load(url, ref, base_id, lambda: self._remote_file(url, ref, base_id))

    def _remote_file(self, url: str, ref: str, base_id: str) -> _File:
        mapped = self._mapped_path(url, ref, base_id)
        if mapped is not None:
            data = _read_target(mapped, url, self.options.max_bytes)
            return _File(url, url, mapped, url, self.options.parse(data, url))
        parts = urlsplit(url)
        if not self._origin_allowed(parts.scheme, parts.hostname, parts.port):
            raise RefError(
                Text(
                    f"externe host niet toegestaan: {parts.hostname}; gebruik --allow-ref-host {parts.hostname} "
                    "of --ref-map PREFIX=MAP",
                    f"remote host not allowed: {parts.hostname}; use --allow-ref-host {parts.hostname} "
                    "or --ref-map PREFIX=DIR",
                ),
                ref=ref,
                source=base_id,
                kind=REMOTE_NOT_ALLOWED,
            )
        try:
            # Credentials: those the session binds to this URL's origin (the root's, by load_document).
            data, final_url = fetch_url(
                url,
                max_bytes=self.options.max_bytes,
                timeout=self.options.timeout,
                verify=self.options.verify,
                session=self.options.session,
                total_timeout=self.options.total_timeout,
            )
        except DocumentError as error:
            raise RefError(
                Text(
                    f"kan niet laden: {error.render('nl')}",
                    f"cannot load {error.render()}",
                ),
                kind=UNREACHABLE,
            ) from None
        return _File(url, url, None, final_url, self.options.parse(data, url))

    def _mapped_path(self, url: str, ref: str, base_id: str) -> Path | None:
        for prefix, folder in self.options.ref_maps:
            if not url.startswith(prefix):
                continue
            rest = url[len(prefix) :]
            if not prefix.endswith("/") and rest and not rest.startswith("/"):
                continue
            rest = unquote(urlsplit(rest).path if "?" in rest else rest).lstrip("/")
            root = Path(os.path.abspath(folder))
            target = Path(os.path.normpath(root / rest))
            if target != root and root not in target.parents:
                raise RefError(
                    Text(
                        f"--ref-map: {url} gaat buiten de map {folder}",
                        f"--ref-map: {url} leaves the folder {folder}",
                    ),
                    ref=ref,
                    source=base_id,
                    kind=INVALID,
                )
            return target
        return None

    def _origin_allowed(self, scheme: str, host: str | None, port: int | None) -> bool:
        """A URL a ``$ref`` may fetch: a host the user allowed (``host`` or ``host:port``), or the root
        document's own origin (scheme, host and port) when the root came from a URL."""
        if not host:
            return False
        host = host.lower()
        allowed = self.options.allow_ref_hosts
        if host in allowed or (port is not None and f"{host}:{port}" in allowed):
            return True
        return _origin(scheme, host, port) in self._root_origins

    @property
    def _root_origins(self) -> set[tuple[str, str, int]]:
        origins: set[tuple[str, str, int]] = set()
        for url in (self.source, self._root.url):
            if url and is_url(url):
                try:
                    parts = urlsplit(url)
                    if parts.hostname:
                        origins.add(_origin(parts.scheme, parts.hostname, parts.port))
                except ValueError:
                    continue
        return origins

    def _load(self, key: str, ref: str, base_id: str, make) -> _File:
        found = self._by_key.get(key)
        if found is not None:
            return found
        failed = self._failed.get(key)
        if failed is None:
            try:
                loaded: _File = make()
            except RefError as error:
                failed = error
            except DocumentError as error:
                shown = Text(f"kan niet laden: {error.render('nl')}", f"cannot load {error.render()}")
                failed = RefError(shown, ref=ref, source=base_id, kind=INVALID)
            else:
                self._by_key[key] = loaded
                self._by_id.setdefault(loaded.id, loaded)
                return loaded
            self._failed[key] = failed
        raise RefError(failed.reason, ref=ref, source=base_id, kind=failed.kind, text=failed.reason_text)

    # ------------------------------------------------------------------ walking every $ref

    def _collect_problems(self) -> list[RefProblem]:
        problems: list[RefProblem] = []
        walked: dict[str, set[str]] = {}
        queue: list[tuple[_File, str, object]] = [(self._root, "", self.data)]
        while queue:
            file, start, node = queue.pop()
            for holder, ref in _iter_refs(node, jp.split(start)):
                if not isinstance(ref, str):
                    problems.append(
                        self._problem(
                            file,
                            _pointer(holder, "$ref"),
                            repr(ref),
                            f"$ref must be a string, not {_describe(ref)}",
                            INVALID,
                        )
                    )
                    continue
                try:
                    target = self.resolve(ref, file.id)
                except RefError as error:
                    problems.append(
                        self._problem(
                            file, _pointer(holder, "$ref"), ref, error.reason, error.kind, error.reason_text
                        )
                    )
                    continue
                if isinstance(target.value, dict) and isinstance(target.value.get("$ref"), str):
                    try:
                        self.deref(target.value, target.file)
                    except RefError as error:
                        if error.cycle:
                            problems.append(
                                self._problem(
                                    file,
                                    _pointer(holder, "$ref"),
                                    ref,
                                    error.reason,
                                    error.kind,
                                    error.reason_text,
                                )
                            )
                            continue
                if target.file == self._root.id or target.pointer is None:
                    continue  # the whole root file is walked anyway
                seen = walked.setdefault(target.file, set())
                if _covered(target.pointer, seen):
                    continue
                seen.add(target.pointer)
                queue.append((self._by_id[target.file], target.pointer, target.value))
        problems.sort(key=lambda p: (p.file != self.source, p.file, p.line or 0, p.column or 0))
        return problems

    def _problem(
        self, file: _File, where: str, ref: str, reason: str, kind: str, text: Text | None = None
    ) -> RefProblem:
        position = file.parsed.locator.locate(jp.split(where))
        line, column = position if position is not None else (None, None)
        return RefProblem(file.id, where, line, column, ref, reason, kind, text)


def _read_target(path: Path, file_id: str, max_bytes: int) -> bytes:
    """The bytes of a local file that a ``$ref`` names: regular files only, never a device, a FIFO, a
    socket or anything under /proc, /sys or /dev (opened without blocking and checked on the open file)."""
    try:
        real = os.path.realpath(path)
        os.fsencode(real)
    except (ValueError, UnicodeError):  # a NUL byte or a lone surrogate: no file has that name
        raise RefError(
            Text(
                f"kan {file_id!r} niet laden: geen geldige bestandsnaam",
                f"cannot load {file_id!r}: not a valid file name",
            ),
            kind=INVALID,
            text=Text(
                f"kan {file_id!r} niet laden: geen geldige bestandsnaam",
                f"cannot load {file_id!r}: not a valid file name",
            ),
        ) from None
    if any(real == folder or real.startswith(folder + "/") for folder in _SYSTEM_FOLDERS):
        raise RefError(
            Text(
                f"{file_id} is een systeembestand ({real}), geen document",
                f"{file_id} is a system file ({real}), not a document",
            ),
            kind=REFUSED,
            text=Text(
                f"{file_id} is een systeembestand ({real}), geen document",
                f"{file_id} is a system file ({real}), not a document",
            ),
        )
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise RefError(
            Text(
                f"kan {file_id} niet laden: bestand niet gevonden",
                f"cannot load {file_id}: file not found",
            ),
            kind=MISSING,
            text=Text(
                f"kan {file_id} niet laden: bestand niet gevonden", f"cannot load {file_id}: file not found"
            ),
        ) from None
    except IsADirectoryError:
        raise RefError(
            Text(
                f"kan {file_id} niet laden: is een map, geen bestand",
                f"cannot load {file_id}: is a folder, not a file",
            ),
            kind=MISSING,
        ) from None
    except OSError as error:
        raise RefError(
            Text(
                f"kan {file_id} niet laden: {error.strerror or error}",
                f"cannot load {file_id}: {error.strerror or error}",
            ),
            kind=INVALID,
        ) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise RefError(
                Text(
                    f"kan {file_id} niet laden: is een map, geen bestand",
                    f"cannot load {file_id}: is a folder, not a file",
                ),
                kind=MISSING,
            )
        if not stat.S_ISREG(info.st_mode):
            raise RefError(
                Text(
                    f"{file_id} is geen gewoon bestand (een apparaat, FIFO of socket)",
                    f"{file_id} is not a regular file (a device, FIFO or socket)",
                ),
                kind=REFUSED,
                text=Text(
                    f"{file_id} is geen gewoon bestand (een apparaat, FIFO of socket)",
                    f"{file_id} is not a regular file (a device, FIFO or socket)",
                ),
            )
        if info.st_size > max_bytes:
            raise RefError(
                Text(
                    f"kan {file_id} niet laden: het bestand is {info.st_size / 1048576:.1f} MB, boven de groottelimiet "
                    f"van {max_bytes / 1048576:.1f} MB (verhoog die met --max-size)",
                    f"cannot load {file_id}: the file is {info.st_size / 1048576:.1f} MB, over the size limit "
                    f"of {max_bytes / 1048576:.1f} MB (raise it with --max-size)",
                ),
                kind=INVALID,
            )
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise RefError(
            Text(
                f"kan {file_id} niet laden: {error.strerror or error}",
                f"cannot load {file_id}: {error.strerror or error}",
            ),
            kind=INVALID,
        ) from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > max_bytes:
        raise RefError(
            Text(
                f"kan {file_id} niet laden: boven de groottelimiet (verhoog die met --max-size)",
                f"cannot load {file_id}: over the size limit (raise it with --max-size)",
            ),
            kind=INVALID,
        )
    return data


def _origin(scheme: str, host: str, port: int | None) -> tuple[str, str, int]:
    scheme = scheme.lower()
    return (scheme, host.lower(), port if port is not None else (443 if scheme == "https" else 80))


def _covered(pointer: str, seen: set[str]) -> bool:
    if pointer in seen:
        return True
    probe = pointer
    while probe:
        probe = probe.rpartition("/")[0]
        if probe in seen:
            return True
    return "" in seen


_Path = tuple[str, "_Path"] | None  # a pointer as a linked list, innermost token first


def _pointer(path: _Path, last: str) -> str:
    tokens = [last]
    while path is not None:
        tokens.append(path[0])
        path = path[1]
    return jp.join(reversed(tokens))


def _iter_refs(node: object, start: list[str]):
    """(path of the object holding ``$ref``, its value) for every reference object under ``node``.

    Example values and literals (``example``, ``default``, ``enum``, ``const``, an Example's ``value``,
    JSON Schema ``examples`` lists) are not searched. In maps whose keys are names (``properties``,
    ``responses``, ``schemas``, ...) a key called ``$ref`` is a name unless its value is a string, and
    names such as ``default`` or ``example`` are searched like any other.
    """
    root: _Path = None
    for token in start:
        root = (token, root)
    stack: list[tuple[object, _Path]] = [(node, root)]
    visited: set[int] = set()
    containers = (dict, list)
    while stack:
        current, path = stack.pop()
        if id(current) in visited:
            continue  # the same object reached twice (YAML aliases)
        visited.add(id(current))
        if current.__class__ is dict:
            names = path is not None and path[0] in _NAME_MAPS
            if "$ref" in current:
                ref = current["$ref"]
                if not names or isinstance(ref, str):
                    yield path, ref
            for key, value in current.items():
                if value.__class__ not in containers:
                    continue
                if not names:
                    if key in _LITERAL_KEYS or (key == "examples" and value.__class__ is list):
                        continue
                    if (
                        key == "value"
                        and path is not None
                        and path[1] is not None
                        and path[1][0] == "examples"
                    ):
                        continue  # the literal value of an Example Object
                stack.append((value, (key, path)))
        elif current.__class__ is list:
            for index, value in enumerate(current):
                if value.__class__ in containers:
                    stack.append((value, (str(index), path)))


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string"


def _version_text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    return str(value)


def classify(data: object, source: str) -> tuple[str, str]:
    """(kind, version) of a parsed root, or a :class:`DocumentError` for what is clearly no API description."""
    if not isinstance(data, dict):
        raise DocumentError(
            Text(
                f"het hoogste niveau is {_describe(data)}, geen mapping; een OpenAPI-document begint met `openapi:`",
                f"the top level is {_describe(data)}, not a mapping; an OpenAPI document starts with `openapi:`",
            ),
            source=source,
            line=1,
        )
    if "openapi" in data:
        version = _version_text(data["openapi"])
        if version.startswith("3.0"):
            return "openapi-3.0", version
        if version.startswith("3.1"):
            return "openapi-3.1", version
        return "unknown", version
    if "swagger" in data:
        version = _version_text(data["swagger"])
        return ("swagger-2.0" if version.startswith("2.") else "unknown"), version
    if any(key in data for key in API_KEYS):
        return "unknown", ""
    if "$schema" in data or (data and set(data) <= JSON_SCHEMA_KEYS | {"description", "title", "required"}):
        schema = data.get("$schema")
        said = f" (`$schema: {schema}`)" if isinstance(schema, str) else ""
        raise DocumentError(
            Text(
                f"dit is een JSON Schema{said}, geen OpenAPI-document: het heeft geen sleutel `openapi` of `swagger`",
                f"this is a JSON Schema{said}, not an OpenAPI document: it has no `openapi` or `swagger` key",
            ),
            source=source,
            line=1,
        )
    keys = ", ".join(list(map(str, data))[:8]) or "none"
    raise DocumentError(
        Text(
            f"geen OpenAPI-document: het heeft geen sleutel `openapi` of `swagger` (sleutels op het hoogste niveau: {keys})",
            f"not an OpenAPI document: it has no `openapi` or `swagger` key (top-level keys: {keys})",
        ),
        source=source,
        line=1,
    )


def _root_file(source: str, data: bytes, options: LoadOptions, final_url: str | None) -> _File:
    if len(data) > options.max_bytes:
        raise DocumentError(
            Text(
                f"het document is {len(data) / 1048576:.1f} MB, boven de groottelimiet van "
                f"{options.max_bytes / 1048576:.1f} MB (verhoog die met --max-size)",
                f"the document is {len(data) / 1048576:.1f} MB, over the size limit of "
                f"{options.max_bytes / 1048576:.1f} MB (raise it with --max-size)",
            ),
            source=source,
        )
    parsed = options.parse(data, source)
    if is_url(source):
        key = urlunsplit(urlsplit(source)._replace(fragment=""))
        return _File(source, key, None, final_url or source, parsed)
    path = Path(os.path.abspath(Path(source).expanduser()))
    return _File(source, str(path), path, None, parsed)


def _load_root(data: bytes, source: str, options: LoadOptions, final_url: str | None = None) -> OasDocument:
    root = _root_file(source, data, options, final_url)
    kind, version = classify(root.data, root.id)
    return OasDocument(root, kind, version, options)


def load_document_bytes(data: bytes, source: str, options: LoadOptions | None = None) -> OasDocument:
    """Load a document from bytes already in memory; ``source`` names it and is the base for relative refs."""
    return _load_root(data, str(source), options or LoadOptions())


def load_document(source: str | Path, options: LoadOptions | None = None) -> OasDocument:
    """Load an OpenAPI document from a file path or an http(s) URL.

    For a URL, relative ``$ref``s resolve against the URL the document was finally served from (after
    redirects); ``source`` stays the URL as given.
    """
    options = options or LoadOptions()
    text = str(source)
    if is_url(text):
        from cgcomply.http import Session

        session = options.session or Session()
        if options.headers:
            session.bind_credentials(text, options.headers)  # the root's origin only
        options = replace(options, session=session)
        data, final_url = fetch_url(
            text,
            max_bytes=options.max_bytes,
            timeout=options.timeout,
            verify=options.verify,
            session=session,
            total_timeout=options.total_timeout,
            use_cache=False,
        )
        return _load_root(data, text, options, final_url)
    data = read_file(Path(text).expanduser(), text, options.max_bytes)
    return _load_root(data, text, options)
