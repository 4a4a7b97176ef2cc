"""How a document is loaded: size cap, which remote ``$ref`` hosts may be fetched, offline URL maps."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cgcomply.errors import UsageError
from cgcomply.i18n import Text

if TYPE_CHECKING:
    from cgcomply.http import Session
    from cgcomply.oas.parse import ParsedFile

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass
class LoadOptions:
    """Options for :func:`cgcomply.oas.load_document`.

    ``allow_ref_hosts`` names the hosts from which remote ``$ref`` targets may be fetched (``host`` or
    ``host:port``; the root document's own host is allowed too when it was loaded from a URL);
    ``ref_maps`` reads URLs that start with a prefix from a local folder instead (checked
    first, so a mapped URL never touches the network). ``headers`` are credentials for the origin
    (scheme, host and port) of the root document's URL, and are sent only there, never to another origin.
    ``session`` is the HTTP layer's :class:`~cgcomply.http.Session` (limiters, credentials by origin,
    secrets, the cache of fetched documents; a new one per load when None). ``timeout`` bounds each
    connect/read of a fetch, ``total_timeout`` the whole fetch.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    allow_ref_hosts: frozenset[str] = frozenset()
    ref_maps: tuple[tuple[str, Path], ...] = ()
    timeout: float = 10.0
    verify: bool | str = True
    headers: dict[str, str] = field(default_factory=dict)
    session: Session | None = None
    total_timeout: float = 60.0
    # parses one file's bytes (default parse.parse_bytes); cgcomply.standards passes one that reuses
    # parsed copies of sha256-pinned standard documents
    parser: Callable[[bytes, str], ParsedFile] | None = None

    def parse(self, data: bytes, source: str) -> ParsedFile:
        """Parse a file's bytes with ``parser`` or, by default, :func:`cgcomply.oas.parse.parse_bytes`."""
        if self.parser is not None:
            return self.parser(data, source)
        from cgcomply.oas.parse import parse_bytes

        return parse_bytes(data, source)

    @classmethod
    def from_cli(
        cls,
        allow_ref_hosts: Iterable[str] = (),
        ref_maps: Iterable[str] = (),
        max_size_mb: float | None = None,
        **extra: Any,
    ) -> LoadOptions:
        """Build options from the ``lint`` command's ``--allow-ref-host``, ``--ref-map`` and ``--max-size``."""
        if max_size_mb is not None and max_size_mb <= 0:
            raise UsageError(
                Text(
                    f"--max-size moet een positief aantal MB zijn, niet {max_size_mb}",
                    f"--max-size must be a positive number of MB, not {max_size_mb}",
                )
            )
        max_bytes = int(max_size_mb * 1024 * 1024) if max_size_mb is not None else DEFAULT_MAX_BYTES
        hosts = frozenset(_check_host(host) for host in allow_ref_hosts)
        maps = tuple(parse_ref_map(item) for item in ref_maps)
        return cls(max_bytes=max_bytes, allow_ref_hosts=hosts, ref_maps=maps, **extra)


def _check_host(host: str) -> str:
    value = host.strip().lower()
    if not value or "/" in value or " " in value:
        raise UsageError(
            Text(
                f"--allow-ref-host verwacht een hostnaam zoals raw.githubusercontent.com, niet {host!r}",
                f"--allow-ref-host expects a host name such as raw.githubusercontent.com, not {host!r}",
            )
        )
    return value


def parse_ref_map(text: str) -> tuple[str, Path]:
    """``"https://raw.githubusercontent.com/=DIR"`` -> ``(prefix, Path(DIR))``.

    The text is split at the first ``=``; the prefix must be an http(s) URL with a host and the folder
    must exist.
    """
    prefix, sep, folder = text.partition("=")
    if not sep or not prefix or not folder:
        raise UsageError(
            Text(
                f"--ref-map verwacht PREFIX=MAP, bijv. https://raw.githubusercontent.com/=./refs, niet {text!r}",
                f"--ref-map expects PREFIX=DIR, e.g. https://raw.githubusercontent.com/=./refs, not {text!r}",
            )
        )
    parts = urlsplit(prefix)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            Text(
                f"het prefix van --ref-map moet een http://- of https://-URL met een host zijn, niet {prefix!r}",
                f"--ref-map prefix must be an http:// or https:// URL with a host, not {prefix!r}",
            )
        )
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise UsageError(
            Text(
                f"de map van --ref-map bestaat niet of is geen map: {folder}",
                f"--ref-map folder does not exist or is not a folder: {folder}",
            )
        )
    return prefix, path
