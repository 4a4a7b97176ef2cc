"""Hostile behaviours for :func:`servers.serve`: each returns a handler (``Seen -> Reply | Raw``).

Everything is bounded: a bomb is a few KB on the wire, a trickler sends at most ``limit`` bytes, a huge body
at most ``total`` bytes, and every loop ends when the server stops.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from collections.abc import Iterator

from servers import Handler, Raw, Reply, Seen

GIB = 1024**3


def _gzip_of_zeros(size: int) -> bytes:
    """A gzip stream that inflates to ``size`` zero bytes, built in milliseconds.

    After a full flush the compressor's output for each further MiB of zeros is the same bytes, so the
    stream is the first block, that repeated block, the end block and the trailer. The trailer's CRC is
    not the real one (computing it means hashing every byte); a reader sees that only after inflating all
    of it, which is exactly what must never happen."""
    block = b"\0" * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-8]
    count = max(1, size // len(block))
    trailer = struct.pack("<II", 0, (count * len(block)) & 0xFFFFFFFF)
    return first + repeated * (count - 1) + end + trailer


_BOMBS: dict[tuple[int, int], bytes] = {}


def gzip_bomb(decoded_size: int = 4 * GIB, layers: int = 2) -> bytes:
    """A body of ``layers`` gzip layers over ``decoded_size`` zero bytes (4 GiB in two layers: about 10 KB)."""
    key = (decoded_size, layers)
    if key not in _BOMBS:
        data = _gzip_of_zeros(decoded_size)
        for _ in range(layers - 1):
            data = gzip.compress(data, compresslevel=9, mtime=0)
        _BOMBS[key] = data
    return _BOMBS[key]


def gzip_bomb_handler(
    decoded_size: int = 4 * GIB, layers: int = 2, content_type: str = "application/json"
) -> Handler:
    body = gzip_bomb(decoded_size, layers)
    encoding = ", ".join(["gzip"] * layers)

    def handler(seen: Seen) -> Reply:
        return Reply(200, {"Content-Type": content_type, "Content-Encoding": encoding}, body)

    return handler


def deflate_bomb_handler(decoded_size: int = 256 * 1024 * 1024) -> Handler:
    compressor = zlib.compressobj(9)
    parts = []
    block = b"\0" * (1024 * 1024)
    for _ in range(decoded_size // len(block)):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    body = b"".join(parts)

    def handler(seen: Seen) -> Reply:
        return Reply(200, {"Content-Type": "application/json", "Content-Encoding": "deflate"}, body)

    return handler


def trickle_body_handler(pause: float = 1.0, limit: int = 600) -> Handler:
    """Headers at once, then the body one byte per ``pause`` seconds (at most ``limit`` bytes)."""

    def handler(seen: Seen) -> Reply:
        return Reply(
            200,
            {"Content-Type": "application/json", "Content-Length": str(limit)},
            chunks=(b" " for _ in range(limit)),
            pause=pause,
        )

    return handler


def trickle_head_handler(pause: float = 1.0) -> Handler:
    """The status line and headers one byte per ``pause`` seconds (a read timeout never fires)."""

    def handler(seen: Seen) -> Reply:
        return Reply(200, {"Content-Type": "text/plain", "X-Padding": "p" * 500}, b"ok", head_pause=pause)

    return handler


def huge_body_handler(total: int = 1024 * 1024 * 1024, piece: int = 64 * 1024) -> Handler:
    """A streamed body of ``total`` bytes (no Content-Length), piece by piece."""

    def pieces() -> Iterator[bytes]:
        block = b"x" * piece
        for _ in range(total // piece):
            yield block

    def handler(seen: Seen) -> Reply:
        return Reply(200, {"Content-Type": "application/json"}, chunks=pieces())

    return handler


def redirect_handler(location: str, status: int = 302, paths: tuple[str, ...] = ()) -> Handler:
    """``status`` to ``location`` for every path (or only ``paths``; others get ``{}``)."""

    def handler(seen: Seen) -> Reply:
        if not paths or any(seen.path.startswith(path) for path in paths):
            return Reply(status, {"Location": location})
        return Reply(200, {"Content-Type": "application/json"}, b"{}")

    return handler


METADATA_URL = "http://169.254.169.254/latest/meta-data/"


def not_http_handler(data: bytes = b"\x15\x03\x03\x00\x02\x02\x28") -> Handler:
    """Bytes that are not HTTP (a TLS alert), then the connection closes."""

    def handler(seen: Seen) -> Raw:
        return Raw(data)

    return handler
