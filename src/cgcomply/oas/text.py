"""Bytes to text (BOMs, UTF-8/16/32) and offsets to 1-based line and column."""

from __future__ import annotations

import bisect
import codecs
import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from cgcomply.errors import DocumentError
from cgcomply.i18n import Text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, source: str) -> str:
    """Decode a document; a byte order mark picks the encoding, otherwise UTF-8 is required."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            encoding = name
            break
    else:
        _refuse_utf16_without_bom(data, source)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        bad = data[error.start : error.start + 1].hex()
        raise DocumentError(
            Text(
                f"geen {encoding.upper()}-tekst (byte 0x{bad} is niet te decoderen); sla het document op als UTF-8",
                f"not {encoding.upper()} text (byte 0x{bad} cannot be decoded); save the document as UTF-8",
            ),
            source=source,
            line=line,
            column=column,
        ) from None


def _refuse_utf16_without_bom(data: bytes, source: str) -> None:
    """UTF-16/32 text without a byte order mark has a NUL next to every ASCII character (RFC 4627 §3)."""
    head = data[:4]
    if len(head) < 4 or b"\x00" not in head:
        return
    if head[0] == 0 and head[1] == 0 and head[2] == 0:
        name = "UTF-32 (big-endian)"
    elif head[1] == 0 and head[2] == 0 and head[3] == 0:
        name = "UTF-32 (little-endian)"
    elif head[0] == 0 and head[2] == 0:
        name = "UTF-16 (big-endian)"
    elif head[1] == 0 and head[3] == 0:
        name = "UTF-16 (little-endian)"
    else:
        return
    raise DocumentError(
        Text(
            f"het bestand is {name}-tekst zonder byte order mark, geen UTF-8; sla het document op als UTF-8",
            f"the file is {name} text without a byte order mark, not UTF-8; save the document as UTF-8",
        ),
        source=source,
        line=1,
        column=1,
    )


class LineIndex:
    """Maps a character offset to a 1-based (line, column); built on first use.

    Lines end at ``\\n`` (so CRLF counts once); a text with only ``\\r`` line ends uses ``\\r``.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            newline = "\n" if "\n" in self._text or "\r" not in self._text else "\r"
            # Line starts: 0, then the offset after each line end (finding them copies no text, which
            # splitting into lines does: twice as fast on GitHub's 13 MB); one past the end closes it.
            starts = [0]
            starts.extend(map(re.Match.end, re.finditer(newline, self._text)))  # C all the way
            starts.append(len(self._text) + 1)
            self._starts = starts
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


# The collector is one per process, so its pause is counted per process: the first parser to enter
# pauses it, the last to leave restores what it found. (Process-wide state because gc itself is.)
_GC_LOCK = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parser creates millions of objects.

    The collector would otherwise run again and again over the growing tree: on Stripe's 4 MB YAML
    this takes compose + build from about 2 s to about 0.6 s. Nothing cyclic is created meanwhile.
    Parsers in several threads share one pause: the collector runs again as soon as the last one is done,
    and never stays off because one thread left while another was still parsing.
    """
    global _gc_pauses, _gc_was_enabled
    with _GC_LOCK:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
