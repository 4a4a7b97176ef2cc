"""Content-Encoding decoded under a cap, layer by layer, never more than :data:`PIECE` bytes at a time.

httpx decodes a chunk in one call, so a 6.8 KB body with ``Content-Encoding: gzip, gzip`` becomes 4 GiB in
memory before any size check can run. :func:`decode` instead pulls every layer through
``zlib.decompressobj(...).decompress(data, max_length)``: each layer hands on at most :data:`PIECE` bytes
per step, so memory stays bounded by a few pieces per layer whatever the ratio, and the caller stops
reading at its cap.

Supported: ``identity``, ``gzip``/``x-gzip`` (several members too), ``deflate`` (zlib or raw). Anything
else raises :class:`UnsupportedEncoding`; the client only asks for ``gzip, deflate``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

PIECE = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"
SUPPORTED = frozenset({"identity", "gzip", "x-gzip", "deflate"})


class DecodingError(ValueError):
    """A body that cannot be decoded. ``key`` and ``params`` name its text (``http.exchange:encoding.<key>``,
    in Dutch and English); ``str()`` is the English one, for callers of the library."""

    def __init__(self, key: str, english: str, **params: str) -> None:
        super().__init__(english)
        self.key = key
        self.params = params


class UnsupportedEncoding(DecodingError):
    """A Content-Encoding this layer does not decode."""


class BadEncoding(DecodingError):
    """The body is not valid data of its declared Content-Encoding."""


def encodings(header: str | None) -> list[str]:
    """The layers of a ``Content-Encoding`` header in the order they were applied (identity dropped)."""
    layers = [part.strip().lower() for part in (header or "").split(",") if part.strip()]
    unknown = [layer for layer in layers if layer not in SUPPORTED]
    if unknown:
        names = ", ".join(unknown)
        raise UnsupportedEncoding("unsupported", f"Content-Encoding {names} is not supported", names=names)
    return [layer for layer in layers if layer != "identity"]


def _inflate(pieces: Iterable[bytes], layer: str) -> Iterator[bytes]:
    wbits = zlib.MAX_WBITS | 16 if layer in ("gzip", "x-gzip") else zlib.MAX_WBITS
    decompressor = zlib.decompressobj(wbits)
    first = True
    for piece in pieces:
        data = piece
        while data:
            try:
                out = decompressor.decompress(data, PIECE)
            except zlib.error as error:
                if first and layer == "deflate" and wbits > 0:
                    # Some servers send raw deflate without the zlib header (httpx allows it too).
                    wbits = -zlib.MAX_WBITS
                    decompressor = zlib.decompressobj(wbits)
                    continue
                raise BadEncoding(
                    "invalid", f"the body is not valid {layer} data ({error})", layer=layer, error=str(error)
                ) from None
            first = False
            if out:
                yield out
            data = decompressor.unconsumed_tail
            if decompressor.eof:
                rest = decompressor.unused_data
                if not rest.strip(b"\0"):
                    data = b""
                    continue
                if layer == "deflate":
                    raise BadEncoding("trailing", "data after the end of the deflate stream")
                decompressor = zlib.decompressobj(wbits)  # the next gzip member
                data = rest
    if not decompressor.eof and not first:
        tail = decompressor.flush()
        if tail:
            yield tail


def decode(raw: Iterable[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """The decoded body, as pieces of at most :data:`PIECE` bytes (identity: the raw chunks)."""
    stream: Iterable[bytes] = raw
    for layer in reversed(encodings(content_encoding)):  # the last one applied comes off first
        stream = _inflate(stream, layer)
    yield from stream
