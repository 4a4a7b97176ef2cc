"""The one YAML loader of cgcomply: rapidyaml (C++) parses, YAML 1.2's core schema types the scalars.

Documents (``oas/``), profiles and requirement records (``catalog/``) all load through :func:`load_yaml`.
It returns JSON-compatible data and a :class:`YamlLocator` that gives the line and column of any
JSON pointer into it. What the data looks like follows the official ADR linter (Spectral, whose parser
``@stoplight/yaml`` reads YAML 1.2 with the core schema), so that both tools judge the same values:

- plain scalars are typed by the 1.2 core schema: ``null``/``Null``/``NULL``/``~``/empty are null,
  ``true``/``True``/``TRUE``/``false``/``False``/``FALSE`` are booleans, ``[-+]?[0-9]+``, ``0o17`` and
  ``0x1F`` are integers (``0612345678`` is the integer 612345678), ``1.5``, ``1e3``, ``.5``, ``.inf``,
  ``.nan`` are floats; everything else is a string. YAML 1.1 forms are strings now: ``yes``/``no``/
  ``on``/``off``/``y``/``n``, ``1_000``, ``0b101``, ``1:30``, and timestamps (``2021-01-01``) always
  were. Quoted and block scalars are strings;
- mapping keys are strings, made from the typed key as Spectral makes them (``String(value)`` in
  JavaScript): ``200:`` is ``"200"``, ``1.0:`` is ``"1"``, ``~:`` is ``"null"``, ``True:`` is ``"true"``.
  Keys that were not strings in the source are listed in :attr:`YamlLocator.nonstring_keys`;
- the standard tags ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null`` are honoured (Spectral
  ignores them, see the note on deviations); other tags are ignored;
- anchors and aliases give the *same* Python object (shared, never copied); an anchor may be defined
  again (YAML 1.2), an alias refers to the last one before it; merge keys ``<<`` are honoured, keys
  written in the mapping itself win over merged ones;
- duplicate keys: the last one wins (as in Spectral), or an error with ``duplicate_keys="error"``;
- a **budget on the expanded size**: every node counts 1 plus the length of its text, and an alias counts
  the whole expanded size of what it refers to; a document over the budget is an error at the alias that
  crosses it (a 661-byte "billion laughs" file stops after a few microseconds, not after 7 GB);
- integers of more than 4,300 digits, NUL and other control characters are errors with a line.

Line numbers cost nothing until they are asked for: the rapidyaml tree (C++ memory, invisible to the
garbage collector) is kept, and a lookup walks it along the pointer, taking the offset of the key or item
from the address of its text in the parsed buffer.

When rapidyaml rejects a text, libyaml (PyYAML's C parser) is asked for its error message and line,
which name the problem better; if libyaml accepts what rapidyaml rejected, rapidyaml's message is given.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from cgcomply.errors import CgcomplyError, DocumentError, ErrorText, format_path
from cgcomply.i18n import Text

Position = tuple[int, int]
ErrorFactory = Callable[..., CgcomplyError]

#: Expanded-size budget for OpenAPI documents (a node counts 1 plus the length of its text). The checks
#: never expand aliases (each shared node is validated once), so a document whose aliases expand to a few
#: hundred million nodes still lints (tests/test_checks_hostile.py has one of 1.7e9); the budget stops the
#: exponential ones ("billion laughs" of ten levels and more) at once, before anything can expand them.
DOCUMENT_BUDGET = 10_000_000_000
#: Expanded-size budget for profiles and requirement records: small files, whose validation (jsonschema)
#: and hashing do walk every expanded node.
CATALOG_BUDGET = 2_000_000

_MAX_INT_DIGITS = 4300  # CPython's limit for int(str); more digits is refused with a line

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), as @stoplight/yaml-ast-parser
# implements it in determineScalarType.
_NULLS = frozenset(("null", "Null", "NULL", "~", ""))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OTHER = re.compile(r"0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = {".inf": 1, ".Inf": 1, ".INF": 1, "+.inf": 1, "+.Inf": 1, "+.INF": 1, "-.inf": -1, "-.Inf": -1}
_INF["-.INF"] = -1
_NANS = frozenset((".nan", ".NaN", ".NAN"))
# A plain scalar whose first character is not one of these is a string: no regex runs for it.
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfF")
_MAYBE_SPECIAL_KEY = _MAYBE_TYPED | {"<"}  # and the merge key <<
# Characters YAML does not allow in a stream (c-printable): C0 controls but tab, LF and CR; DEL; C1
# controls but NEL; surrogates; U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

_TAGS = ("!!str", "!!int", "!!float", "!!bool", "!!null")


def _js_number(value: float) -> str:
    """A float as JavaScript's ``String(number)`` writes it (keys are made that way by Spectral)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    fraction = fraction.rstrip("0")
    digits = (whole + fraction).lstrip("0")
    stripped = digits.rstrip("0")
    # value = int(stripped) * 10 ** (n - k), k digits (ECMAScript Number::toString)
    k = len(stripped)
    n = int(exponent or 0) - len(fraction) + (len(digits) - k) + k
    if k <= n <= 21:
        return sign + stripped + "0" * (n - k)
    if 0 < n <= 21:
        return sign + stripped[:n] + "." + stripped[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + stripped
    power = n - 1
    rest = "." + stripped[1:] if k > 1 else ""
    return f"{sign}{stripped[0]}{rest}e{'+' if power > 0 else '-'}{abs(power)}"


def _key_text(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return _js_number(value)
    return str(value)


class _Ryml:
    """rapidyaml's module and the flags used, imported on first use (it is not needed for JSON)."""

    def __init__(self) -> None:
        ryml, raw = _import_ryml()

        self.module = ryml
        self.raw = raw
        self.NONE = ryml.NONE
        self.MAP = ryml.MAP
        self.SEQ = ryml.SEQ
        self.CONTAINER = ryml.MAP | ryml.SEQ
        self.VALQUO = ryml.VALQUO
        self.KEYQUO = ryml.KEYQUO
        self.VAL_BLOCK = ryml.VAL_LITERAL | ryml.VAL_FOLDED
        self.VALREF = ryml.VALREF
        self.VALANCH = ryml.VALANCH
        self.VALTAG = ryml.VALTAG
        self.KEYREF = ryml.KEYREF
        self.KEYANCH = ryml.KEYANCH
        self.KEYTAG = ryml.KEYTAG
        self.SPECIAL = ryml.VALREF | ryml.VALANCH | ryml.VALTAG | ryml.KEYREF | ryml.KEYANCH | ryml.KEYTAG
        self.STREAM = ryml.STREAM
        self.DOC = ryml.DOC
        self.VAL = ryml.VAL


_RYML: _Ryml | None = None


def _import_ryml() -> tuple[Any, Any]:
    """Import rapidyaml without paying for ``deprecation`` (which pulls in ``packaging``, ``datetime`` and
    ``textwrap``, two thirds of rapidyaml's import time), used there only to decorate functions we never
    call. While ``ryml`` is imported a minimal stand-in is offered; it is removed again afterwards, so a
    later ``import deprecation`` anywhere gets the real package."""
    import types

    shim = None
    if "deprecation" not in sys.modules:
        shim = types.ModuleType("deprecation")

        def deprecated(*args: object, **kwargs: object) -> Callable[[Any], Any]:
            return lambda function: function

        shim.deprecated = deprecated  # type: ignore[attr-defined]
        sys.modules["deprecation"] = shim
    try:
        import ryml
        import ryml._ryml as raw
    finally:
        if shim is not None and sys.modules.get("deprecation") is shim:
            del sys.modules["deprecation"]
    return ryml, raw


def _ryml() -> _Ryml:
    global _RYML  # a cache of an imported module's constants, not state of a run
    if _RYML is None:
        _RYML = _Ryml()
    return _RYML


class _Errors:
    """Makes errors of the caller's type (DocumentError for documents, CatalogError for profiles)."""

    def __init__(self, factory: ErrorFactory, source: str, lines: _Lines) -> None:
        self.factory = factory
        self.source = source
        self.lines = lines

    def at(self, message: ErrorText, offset: int | None = None) -> CgcomplyError:
        if offset is None:
            return self.factory(message, source=self.source)
        line, column = self.lines.position(offset)
        return self.factory(message, source=self.source, line=line, column=column)


class _Lines:
    """Byte offset in the UTF-8 buffer -> 1-based (line, column in characters)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts: list[int] | None = None

    def position(self, offset: int) -> Position:
        if self._starts is None:
            starts = [0]
            find = self._data.find
            at = find(b"\n")
            while at >= 0:
                starts.append(at + 1)
                at = find(b"\n", at + 1)
            self._starts = starts
        line = bisect.bisect_right(self._starts, offset)
        start = self._starts[line - 1]
        column = len(self._data[start:offset].decode("utf-8", errors="replace")) + 1
        return line, column


def check_characters(text: str, source: str, factory: ErrorFactory = DocumentError) -> None:
    """Refuse NUL and the other characters YAML forbids, naming the line (rapidyaml would stop at a NUL)."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    char = found.group()
    name = "a NUL byte (0x00)" if char == "\x00" else f"the control character U+{ord(char):04X}"
    name_nl = "een NUL-byte (0x00)" if char == "\x00" else f"het stuurteken U+{ord(char):04X}"
    raise factory(
        Text(
            f"de tekst bevat {name_nl}, wat YAML niet toestaat; verwijder het of schrijf het als escape in een "
            'string tussen dubbele aanhalingstekens ("\\x00")',
            f"the text contains {name}, which YAML does not allow; remove it or write it as an escape in a "
            'double-quoted string ("\\x00")',
        ),
        source=source,
        line=line,
        column=column,
    )


# Descriptor 2 is one per process: parses that capture it take turns (the web app parses in threads).
_STDERR_LOCK = threading.Lock()


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its parse errors on file descriptor 2 before it raises; keep them off the screen.

    Anything else written to descriptor 2 meanwhile (another thread) is written out again afterwards.
    """
    with suppress(AttributeError, ValueError, OSError):
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            captured = capture.read()
            if captured:
                kept = [
                    line
                    for line in captured.splitlines(keepends=True)
                    if b"ERROR: [parse]" not in line and b"(detected here)" not in line
                ]
                if kept:
                    os.write(2, b"".join(kept))


def _libyaml_error(text: str, errors: _Errors) -> CgcomplyError | None:
    """libyaml's error for ``text`` (message and line), or None when libyaml accepts it."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    source = errors.source
    try:
        yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as error:
        return _marked_error(error, text, errors)
    except yaml.YAMLError as error:
        return errors.factory(
            Text(
                f'ongeldige YAML (de parser meldt: "{error}")',
                f"invalid YAML: {error}",
            ),
            source=source,
        )
    except RecursionError:
        return errors.factory(
            Text(
                "ongeldige YAML: te diep genest",
                "invalid YAML: nested too deeply",
            ),
            source=source,
        )
    return None


def _marked_error(error: Any, text: str, errors: _Errors) -> CgcomplyError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "cannot be parsed"
    if error.context:
        context = error.context
        first = error.context_mark
        if first is not None and mark is not None and (first.line, first.column) != (mark.line, mark.column):
            context = f"{context} (started at line {first.line + 1}, column {first.column + 1})"
        problem = f"{context}: {problem}"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    hint = Text("", "")
    if "\\t" in problem or "'\\t'" in problem or "\t" in problem:
        hint = Text(
            " (een tab; YAML staat geen tabs toe voor inspringen, gebruik spaties)",
            " (a tab character; YAML does not allow tabs for indentation, use spaces)",
        )
    elif line is not None:
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1][: (column or 1)]:
            hint = Text(
                " (de regel bevat een tab; YAML staat geen tabs toe voor inspringen, gebruik spaties)",
                " (the line contains a tab; YAML does not allow tabs for indentation, use spaces)",
            )
    return errors.factory(
        Text(
            f'ongeldige YAML (de parser meldt: "{problem}"){hint.nl}',
            f"invalid YAML: {problem}{hint.en}",
        ),
        source=errors.source,
        line=line,
        column=column,
    )


class _RapidyamlRefused(Exception):
    """rapidyaml rejected a text that libyaml accepts: load it with libyaml instead."""


def parse_tree(text: str, source: str, factory: ErrorFactory = DocumentError) -> tuple[Any, bytes, bytearray]:
    """rapidyaml's tree of ``text``, its UTF-8 bytes and the buffer the tree points into."""
    check_characters(text, source, factory)
    data = text.encode("utf-8", errors="surrogatepass")
    r = _ryml()
    tree = r.module.Tree()
    buffer = bytearray(data)
    try:
        with _STDERR_LOCK, _quiet_stderr():
            r.module.parse_in_place(buffer, tree)
    except Exception as error:  # rapidyaml raises its own ExceptionParse (and ExceptionBasic)
        errors = _Errors(factory, source, _Lines(data))
        found = _libyaml_error(text, errors)
        if found is not None:
            raise found from None
        raise _RapidyamlRefused(str(getattr(error, "msg", "") or error)) from None
    return tree, data, buffer


class _Builder:
    """Builds the data of one rapidyaml tree; see the module docstring for the rules."""

    def __init__(
        self, tree: Any, data: bytes, buffer: bytearray, errors: _Errors, budget: int, duplicates: str
    ) -> None:
        self.r = _ryml()
        self.tree = tree
        self.handle = tree.this
        self.data = data
        self.buffer = buffer
        self.errors = errors
        self.budget = budget
        self.duplicates_error = duplicates == "error"
        self.anchors: dict[str, tuple[object, int]] = {}  # name -> (value, expanded size)
        self.in_progress: set[str] = set()
        self.size = 0  # expanded size so far
        self.nonstring_keys: list[int] = []  # node ids of keys that were not strings in the source
        self.addresses: _Addresses | None = None

    # ----------------------------------------------------------------- positions (for errors only)

    def offset_of(self, node: int, *, key: bool = False) -> int | None:
        if self.addresses is None:
            self.addresses = _Addresses(self.buffer)
        return _node_offset(self.r, self.handle, self.data, self.addresses, node, key=key)

    def error_at(self, message: ErrorText, node: int, *, key: bool = False) -> CgcomplyError:
        return self.errors.at(message, self.offset_of(node, key=key))

    def path_of(self, node: int) -> tuple[str | int, ...]:
        """The data path of a node (for error messages): keys of mappings, indexes of sequences."""
        r = self.r
        raw = r.raw
        handle = self.handle
        path: list[str | int] = []
        while True:
            parent = raw.Tree_parent(handle, node)
            if parent == r.NONE or not raw.Tree_type(handle, parent) & r.CONTAINER:
                break
            if raw.Tree_type(handle, parent) & r.MAP:
                kind = raw.Tree_type(handle, node)
                path.append(_loaded_key(str(raw.Tree_key(handle, node), "utf-8"), kind))
            else:
                path.append(raw.Tree_child_pos(handle, parent, node))
            node = parent
        return tuple(reversed(path))

    # ----------------------------------------------------------------- scalars

    def scalar(self, node: int, kind: int, text: str) -> object:
        """The value of a scalar node (flags ``kind``) written as ``text``."""
        r = self.r
        if kind & r.VALTAG:
            tag = str(r.raw.Tree_val_tag(self.handle, node), "utf-8")
            if tag in _TAGS or tag.startswith("tag:yaml.org,2002:"):
                return self.tagged(node, tag, text)
        if kind & r.VALQUO or kind & r.VAL_BLOCK:
            return text
        return self.plain(node, text)

    def plain(self, node: int, text: str, *, key: bool = False) -> object:
        if text in _NULLS:
            return None
        value = _BOOLS.get(text)
        if value is not None:
            return value
        if _INT.match(text):
            if len(text) > _MAX_INT_DIGITS:
                raise self.error_at(
                    Text(
                        f"een geheel getal van {len(text)} cijfers; meer dan {_MAX_INT_DIGITS} cijfers kunnen niet worden gelezen "
                        "(zet het tussen aanhalingstekens als het tekst is)",
                        f"an integer of {len(text)} digits; more than {_MAX_INT_DIGITS} digits cannot be read "
                        "(quote it if it is meant as text)",
                    ),
                    node,
                    key=key,
                )
            return int(text)
        if _INT_OTHER.match(text):
            return int(text, 0)
        if _FLOAT.match(text):
            return float(text)
        sign = _INF.get(text)
        if sign is not None:
            return float("inf") * sign
        if text in _NANS:
            return float("nan")
        return text

    def tagged(self, node: int, tag: str, text: str) -> object:
        name = tag.rsplit(":", 1)[-1].lstrip("!")
        if name == "str":
            return text
        value = self.plain(node, text)
        if name == "null" and value is None:
            return None
        if name == "bool" and isinstance(value, bool):
            return value
        if name == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if name == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return value if name not in ("null", "bool", "int", "float") else text

    # ----------------------------------------------------------------- nodes

    def value(self, node: int, kind: int) -> object:
        """The value of any node; ``kind`` is its type flags."""
        r = self.r
        if kind & r.SPECIAL:
            if kind & r.VALREF:
                return self.alias(node)
            if kind & r.VALANCH:
                name = str(r.raw.Tree_val_anchor(self.handle, node), "utf-8")
                self.in_progress.add(name)
                before = self.size
                result = self.plain_value(node, kind)
                self.in_progress.discard(name)
                self.anchors[name] = (result, self.size - before)
                return result
        return self.plain_value(node, kind)

    def plain_value(self, node: int, kind: int) -> object:
        r = self.r
        if kind & r.MAP:
            return self.mapping(node)
        if kind & r.SEQ:
            return self.sequence(node)
        view = r.raw.Tree_val(self.handle, node)
        if view is None:
            self.size += 1
            return None
        text = str(view, "utf-8")
        self.size += 1 + len(text)
        if kind & (r.SPECIAL | r.VALQUO | r.VAL_BLOCK) or text[:1] in _MAYBE_TYPED or not text:
            return self.scalar(node, kind, text)
        return text

    def alias(self, node: int) -> object:
        r = self.r
        name = str(r.raw.Tree_val_ref(self.handle, node), "utf-8")
        if name in self.in_progress:
            raise self.error_at(
                Text(
                    "recursieve YAML-alias (een anker dat zichzelf bevat)",
                    "recursive YAML alias (an anchor that contains itself)",
                ),
                node,
            )
        found = self.anchors.get(name)
        if found is None:
            raise self.error_at(
                Text(
                    f"de alias *{name} verwijst naar geen anker &{name} ervoor",
                    f"the alias *{name} refers to no anchor &{name} before it",
                ),
                node,
            )
        value, size = found
        self.size += size
        if self.size > self.budget:
            raise self.error_at(
                Text(
                    f"de YAML groeit via zijn aliassen uit tot meer dan {self.budget:,} knopen en tekens "
                    f"(de alias *{name} telt {size:,}); zo'n groot document wordt geweigerd",
                    f"the YAML expands to more than {self.budget:,} nodes and characters through its aliases "
                    f"(the alias *{name} counts {size:,}); a document this large is refused",
                ),
                node,
            )
        return value

    def key(self, node: int, kind: int) -> str:
        r = self.r
        handle = self.handle
        if kind & r.KEYREF:
            name = str(r.raw.Tree_key_ref(handle, node), "utf-8")
            found = self.anchors.get(name)
            if found is None or isinstance(found[0], (dict, list)):
                raise self.error_at(
                    Text(
                        "een sleutel van een mapping moet een enkele waarde zijn, geen lijst of mapping",
                        "a mapping key must be a plain value, not a list or mapping",
                    ),
                    node,
                    key=True,
                )
            return _key_text(found[0])
        text = str(r.raw.Tree_key(handle, node), "utf-8")
        self.size += 1 + len(text)
        if kind & r.KEYQUO or not (text[:1] in _MAYBE_TYPED or not text):
            return text
        value = self.plain(node, text, key=True)
        if isinstance(value, str):
            return value
        self.nonstring_keys.append(node)
        return _key_text(value)

    def mapping(self, node: int) -> dict[str, object]:
        r = self.r
        raw = r.raw
        handle = self.handle
        tree_type, first, following, val = (
            raw.Tree_type,
            raw.Tree_first_child,
            raw.Tree_next_sibling,
            raw.Tree_val,
        )
        container, special, quoted = r.CONTAINER, r.SPECIAL | r.VALQUO | r.VAL_BLOCK, r.KEYQUO
        none = r.NONE
        maybe_typed = _MAYBE_TYPED
        maybe_special_key = _MAYBE_SPECIAL_KEY
        result: dict[str, object] = {}
        merged: list[dict[str, object]] | None = None
        seen_keys = 0
        self.size += 1
        child = first(handle, node)
        while child != none:
            kind = tree_type(handle, child)
            view = raw.Tree_key(handle, child)
            key = str(view, "utf-8")
            if kind & (quoted | r.KEYREF) or key[:1] in maybe_special_key or not key:
                if key == "<<" and not kind & quoted:
                    merged = merged or []
                    merged.extend(self.merge_sources(child, kind))
                    child = following(handle, child)
                    continue
                key = self.key(child, kind)
            else:
                self.size += 1 + len(key)
            seen_keys += 1
            if kind & container or kind & special:
                item = self.value(child, kind)
            else:
                text_view = val(handle, child)
                if text_view is None:
                    self.size += 1
                    item = None
                else:
                    text = str(text_view, "utf-8")
                    self.size += 1 + len(text)
                    if kind & special or text[:1] in maybe_typed or not text:
                        item = self.scalar(child, kind, text)
                    else:
                        item = text
            if key in result:
                if self.duplicates_error:
                    error = self.error_at(
                        Text(
                            f"dubbele sleutel {key!r}",
                            f"duplicate key {key!r}",
                        ),
                        child,
                        key=True,
                    )
                    error.field = format_path((*self.path_of(node), key))
                    raise error
                del result[key]  # the last one wins, at its own place in the order
            result[key] = item
            child = following(handle, child)
        if merged:
            combined: dict[str, object] = {}
            for source in reversed(merged):  # the first source wins
                combined.update(source)
            combined.update(result)  # keys written in the mapping win over merged ones
            result = combined
        return result

    def merge_sources(self, node: int, kind: int) -> list[dict[str, object]]:
        value = self.value(node, kind)
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise self.error_at(
                Text(
                    "een merge-sleutel (<<) heeft een mapping of een lijst van mappings nodig",
                    "a merge key (<<) needs a mapping or a list of mappings",
                ),
                node,
            )
        return sources  # type: ignore[return-value]

    def sequence(self, node: int) -> list[object]:
        r = self.r
        raw = r.raw
        handle = self.handle
        tree_type, first, following, val = (
            raw.Tree_type,
            raw.Tree_first_child,
            raw.Tree_next_sibling,
            raw.Tree_val,
        )
        container, special = r.CONTAINER, r.SPECIAL | r.VALQUO | r.VAL_BLOCK
        none = r.NONE
        maybe_typed = _MAYBE_TYPED
        result: list[object] = []
        append = result.append
        self.size += 1
        child = first(handle, node)
        while child != none:
            kind = tree_type(handle, child)
            if kind & container or kind & special:
                append(self.value(child, kind))
            else:
                text_view = val(handle, child)
                if text_view is None:
                    self.size += 1
                    append(None)
                else:
                    text = str(text_view, "utf-8")
                    self.size += 1 + len(text)
                    append(text if text[:1] not in maybe_typed and text else self.plain(child, text))
            child = following(handle, child)
        return result


def load_yaml(
    text: str,
    source: str,
    *,
    budget: int = DOCUMENT_BUDGET,
    duplicate_keys: str = "last",
    error: ErrorFactory = DocumentError,
) -> tuple[object, YamlLocator] | None:
    """Data and locator of a YAML text; None when it holds no document (only comments or blanks).

    Every problem raises ``error`` (a :class:`~cgcomply.errors.CgcomplyError` type) with the line.
    """
    try:
        tree, data, buffer = parse_tree(text, source, error)
    except _RapidyamlRefused:
        return _load_with_libyaml(text, source, budget, duplicate_keys, error)  # type: ignore[return-value]
    r = _ryml()
    handle = tree.this
    root = r.raw.Tree_root_id(handle)
    kind = r.raw.Tree_type(handle, root)
    if kind & r.STREAM == r.STREAM:
        documents = [child for child in r.module.children(tree, root)]
        if len(documents) > 1:
            errors = _Errors(error, source, _Lines(data))
            raise _libyaml_error(text, errors) or errors.at(
                Text(
                    "ongeldige YAML: verwachtte één document in de stroom, vond er meer",
                    "invalid YAML: expected a single document in the stream, found more",
                )
            )
        if not documents:
            return None
        root = documents[0]
        kind = r.raw.Tree_type(handle, root)
    if not kind & r.CONTAINER and _only_comments(text):
        return None
    errors = _Errors(error, source, _Lines(data))
    builder = _Builder(tree, data, buffer, errors, budget, duplicate_keys)
    try:
        value = builder.value(root, kind)
    except RecursionError:
        raise error("YAML is nested too deeply", source=source) from None
    if builder.size > budget:
        raise error(
            f"the YAML expands to more than {budget:,} nodes and characters; a document this large is refused",
            source=source,
        )
    locator = YamlLocator(tree, data, buffer, root, value, builder.nonstring_keys)
    return value, locator


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


# --------------------------------------------------------------------------- offsets of nodes


class _BufferApi:
    """``PyObject_GetBuffer``/``PyBuffer_Release`` through ctypes: the address of a memoryview's memory."""

    def __init__(self) -> None:
        import ctypes

        class PyBuffer(ctypes.Structure):
            _fields_ = [
                ("buf", ctypes.c_void_p),
                ("obj", ctypes.c_void_p),
                ("len", ctypes.c_ssize_t),
                ("itemsize", ctypes.c_ssize_t),
                ("readonly", ctypes.c_int),
                ("ndim", ctypes.c_int),
                ("format", ctypes.c_char_p),
                ("shape", ctypes.c_void_p),
                ("strides", ctypes.c_void_p),
                ("suboffsets", ctypes.c_void_p),
                ("internal", ctypes.c_void_p),
            ]

        pointer = ctypes.POINTER(PyBuffer)
        # own prototypes, not ctypes.pythonapi's shared ones (whose argtypes anyone may change)
        self.get = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.py_object, pointer, ctypes.c_int)(
            ("PyObject_GetBuffer", ctypes.pythonapi)
        )
        self.release = ctypes.PYFUNCTYPE(None, pointer)(("PyBuffer_Release", ctypes.pythonapi))
        self.struct = PyBuffer
        self.byref = ctypes.byref

    def address(self, view: memoryview) -> int:
        info = self.struct()
        if self.get(view, self.byref(info), 0) != 0:  # pragma: no cover (a memoryview always exports)
            raise ValueError("no buffer")
        try:
            return int(info.buf or 0)
        finally:
            self.release(self.byref(info))


_BUFFER_API: _BufferApi | None = None


class _Addresses:
    """The offset of a rapidyaml scalar's text in the parsed buffer, from the address of its memory."""

    def __init__(self, buffer: bytearray) -> None:
        global _BUFFER_API  # ctypes prototypes, made once per process; no state of a run
        if _BUFFER_API is None:
            _BUFFER_API = _BufferApi()
        self._api = _BUFFER_API
        self._length = len(buffer)
        self._base = self._api.address(memoryview(buffer))

    def offset(self, view: memoryview | None) -> int | None:
        if view is None:
            return None
        offset = self._api.address(view) - self._base
        return offset if 0 <= offset <= self._length else None


_SPACE = b" \t\r\n"


def _back(data: bytes, offset: int) -> int:
    """Offset of the last non-blank byte before ``offset`` (-1 if none)."""
    offset -= 1
    while offset >= 0 and data[offset] in _SPACE:
        offset -= 1
    return offset


def _properties_start(
    r: _Ryml, handle: Any, addresses: _Addresses, node: int, kind: int, key: bool
) -> int | None:
    """Where the anchor or tag written before a key or value starts (libyaml starts the node there)."""
    starts: list[int | None] = []
    anchor = (r.KEYANCH, r.raw.Tree_key_anchor) if key else (r.VALANCH, r.raw.Tree_val_anchor)
    tag = (r.KEYTAG, r.raw.Tree_key_tag) if key else (r.VALTAG, r.raw.Tree_val_tag)
    if kind & anchor[0]:
        offset = addresses.offset(anchor[1](handle, node))
        starts.append(offset - 1 if offset else offset)  # the view starts after '&'
    if kind & tag[0]:
        starts.append(addresses.offset(tag[1](handle, node)))
    found = [start for start in starts if start is not None]
    return min(found) if found else None


def _node_offset(
    r: _Ryml, handle: Any, data: bytes, addresses: _Addresses, node: int, *, key: bool = False
) -> int | None:
    """Byte offset where a node (or its key) starts, as libyaml's start mark has it."""
    raw = r.raw
    kind = raw.Tree_type(handle, node)
    if key:
        if kind & r.KEYREF:
            view = raw.Tree_key_ref(handle, node)
            offset = addresses.offset(view)
            return offset - 1 if offset else offset
        offset = addresses.offset(raw.Tree_key(handle, node))
        if offset is not None and kind & r.KEYQUO and offset > 0:
            offset -= 1
        props = _properties_start(r, handle, addresses, node, kind, True)
        if props is not None and (offset is None or props < offset):
            data_char = data[props : props + 1]
            offset = props if data_char in (b"&", b"!") else offset
        return offset
    props = _properties_start(r, handle, addresses, node, kind, False)
    if kind & r.VALREF:
        offset = addresses.offset(raw.Tree_val_ref(handle, node))
        return offset - 1 if offset else offset
    if kind & r.CONTAINER:
        child = raw.Tree_first_child(handle, node)
        if child == r.NONE:
            return props
        first = _node_offset(r, handle, data, addresses, child, key=bool(kind & r.MAP))
        if first is None:
            return props
        before = _back(data, first)
        opener = data[before : before + 1]
        if (opener == b"{" and kind & r.MAP) or (opener in (b"[", b"-") and kind & r.SEQ):
            first = before
        return props if props is not None and props < first else first
    view = raw.Tree_val(handle, node)
    offset = addresses.offset(view)
    if offset is None:
        return props
    if kind & r.VAL_BLOCK:
        header = data.rfind(b"\n", 0, max(_back(data, offset), 0))
        line_start = header + 1
        line_end = data.find(b"\n", line_start)
        line = data[line_start : line_end if line_end >= 0 else len(data)]
        marker = max(line.rfind(b"|"), line.rfind(b">"))
        if marker >= 0:
            offset = line_start + marker
    elif kind & r.VALQUO and offset > 0:
        offset -= 1  # the opening quote
    return props if props is not None and props < offset else offset


class YamlLocator:
    """1-based (line, column) of a JSON pointer's target in the YAML text.

    Object members are located at their key, array items at the item (as libyaml marks them). The walk
    follows the loaded data through the rapidyaml tree, including aliases (to where the anchor is written)
    and merge keys (to the merged mapping).
    """

    def __init__(
        self, tree: Any, data: bytes, buffer: bytearray, root: int, value: object, nonstring: list[int]
    ) -> None:
        self._tree = tree  # keeps the C++ tree (and the buffer its text lives in) alive
        self._buffer = buffer
        self._data = data
        self._root = root
        self._value = value
        self._lines = _Lines(data)
        self._addresses: _Addresses | None = None
        self._members: dict[int, dict[str, int]] = {}
        self._anchors: dict[str, list[int]] | None = None
        self._nonstring = nonstring

    # ----------------------------------------------------------------- public

    def locate(self, tokens: list[str]) -> Position | None:
        """Position of the member key or array item at ``tokens``; the root's position for ``[]``."""
        found = self.node_at(tokens)
        if found is None:
            return None
        node, as_key = found
        return self._position(node, key=as_key)

    def locate_value(self, tokens: list[str]) -> Position | None:
        """Position of the value at ``tokens`` (for a member its value, not its key; an empty value is
        placed at its key)."""
        found = self.node_at(tokens)
        if found is None:
            return None
        node, as_key = found
        position = self._position(self._target(node), key=False)
        if position is None and as_key:
            return self._position(node, key=True)
        return position

    def to_index(self) -> IndexedLocator:
        """The positions of every member key and item, recorded once into an :class:`IndexedLocator`
        (aliased containers once, at their anchor)."""
        r = _ryml()
        raw = r.raw
        handle = self._tree.this
        positions: dict[int, dict[str, Position] | list[Position]] = {}
        containers: list[object] = []

        def walk(value: object, node: int) -> None:
            node = self._target(node)
            if id(value) in positions:
                return
            if isinstance(value, dict) and raw.Tree_type(handle, node) & r.MAP:
                members = self._members_of(node)
                where: dict[str, Position] = {}
                positions[id(value)] = where
                containers.append(value)
                for key, item in value.items():
                    child = members.get(key)
                    if child is None:
                        continue
                    found = self._position(child, key=True)
                    if found is not None:
                        where[key] = found
                    walk(item, child)
            elif isinstance(value, list) and raw.Tree_type(handle, node) & r.SEQ:
                items: list[Position] = []
                positions[id(value)] = items
                containers.append(value)
                child = raw.Tree_first_child(handle, node)
                for item in value:
                    if child == r.NONE:
                        break
                    items.append(self._position(child, key=False) or (0, 0))
                    walk(item, child)
                    child = raw.Tree_next_sibling(handle, child)

        walk(self._value, self._root)
        root = self._position(self._root, key=False) or (1, 1)
        return IndexedLocator(self._value, positions, root, containers, self.nonstring_keys)

    @property
    def nonstring_keys(self) -> list[tuple[Position, str]]:
        """Keys written as numbers, booleans or null (``200:`` unquoted): position and key text."""
        r = _ryml()
        handle = self._tree.this
        found = []
        for node in self._nonstring:
            position = self._position(node, key=True)
            if position is not None:
                found.append((position, str(r.raw.Tree_key(handle, node), "utf-8")))
        return found

    # ----------------------------------------------------------------- walking

    def node_at(self, tokens: list[str]) -> tuple[int, bool] | None:
        """(node id, whether the position is the node's key) for ``tokens``."""
        r = _ryml()
        handle = self._tree.this
        node = self._root
        current = self._value
        as_key = False
        for token in tokens:
            node = self._target(node)
            kind = r.raw.Tree_type(handle, node)
            if isinstance(current, dict) and kind & r.MAP:
                if token not in current:
                    return None
                child = self._members_of(node).get(token)
                if child is None:
                    return None
                node, current, as_key = child, current[token], True
            elif isinstance(current, list) and kind & r.SEQ:
                if not token.isdigit() or int(token) >= len(current):
                    return None
                child = r.raw.Tree_child(handle, node, int(token))
                if child == r.NONE:
                    return None
                node, current, as_key = child, current[int(token)], False
            else:
                return None
        return node, as_key

    def _target(self, node: int) -> int:
        """An alias node's anchor node (the last anchor of that name before it); other nodes as they are."""
        r = _ryml()
        handle = self._tree.this
        seen = 0
        while r.raw.Tree_type(handle, node) & r.VALREF and seen < 64:
            name = str(r.raw.Tree_val_ref(handle, node), "utf-8")
            candidates = self._anchor_nodes().get(name, [])
            index = bisect.bisect_left(candidates, node) - 1
            if index < 0:
                return node
            node = candidates[index]
            seen += 1
        return node

    def _anchor_nodes(self) -> dict[str, list[int]]:
        if self._anchors is None:
            r = _ryml()
            handle = self._tree.this
            anchors: dict[str, list[int]] = {}
            for node in range(r.raw.Tree_size(handle)):
                if r.raw.Tree_type(handle, node) & r.VALANCH:
                    name = str(r.raw.Tree_val_anchor(handle, node), "utf-8")
                    anchors.setdefault(name, []).append(node)
            for nodes in anchors.values():
                nodes.sort()
            self._anchors = anchors
        return self._anchors

    def _members_of(self, node: int) -> dict[str, int]:
        """Key (as loaded) -> child node of a mapping node, merge keys included (explicit keys win)."""
        found = self._members.get(node)
        if found is not None:
            return found
        r = _ryml()
        raw = r.raw
        handle = self._tree.this
        explicit: dict[str, int] = {}
        merged: dict[str, int] = {}
        merge_nodes: list[int] = []
        for child in r.module.children(self._tree, node):
            kind = raw.Tree_type(handle, child)
            key_view = raw.Tree_key_ref(handle, child) if kind & r.KEYREF else raw.Tree_key(handle, child)
            key = str(key_view, "utf-8")
            if key == "<<" and not kind & r.KEYQUO:
                merge_nodes.append(child)
                continue
            explicit.pop(key, None)
            explicit[_loaded_key(key, kind)] = child
        for merge in merge_nodes:
            target = self._target(merge)
            sources = (
                [self._target(item) for item in r.module.children(self._tree, target)]
                if raw.Tree_type(handle, target) & r.SEQ
                else [target]
            )
            for source in sources:
                for key, child in self._members_of(source).items():
                    merged.setdefault(key, child)
        merged.update(explicit)
        self._members[node] = merged
        return merged

    def _position(self, node: int, *, key: bool) -> Position | None:
        if self._addresses is None:
            self._addresses = _Addresses(self._buffer)
        r = _ryml()
        handle = self._tree.this
        offset = _node_offset(r, handle, self._data, self._addresses, node, key=key)
        if offset is None and not key:
            offset = self._empty_item_offset(node)
        if offset is None:
            return None
        return self._lines.position(offset)

    def _empty_item_offset(self, node: int) -> int | None:
        """Where an empty ``{}``/``[]`` item of a sequence starts: found back from the next item, or the
        sequence's own position when it is the last item."""
        r = _ryml()
        raw = r.raw
        handle = self._tree.this
        assert self._addresses is not None
        parent = raw.Tree_parent(handle, node)
        if parent == r.NONE:
            return None
        data = self._data
        # the next node in document order: the next sibling of this node or of its nearest ancestor
        current, following = node, raw.Tree_next_sibling(handle, node)
        while following == r.NONE and current != self._root:
            current = raw.Tree_parent(handle, current)
            if current == r.NONE:
                break
            following = raw.Tree_next_sibling(handle, current)
        end = len(data)
        if following != r.NONE:
            container = raw.Tree_parent(handle, following)
            is_member = container != r.NONE and bool(raw.Tree_type(handle, container) & r.MAP)
            after = _node_offset(r, handle, data, self._addresses, following, key=is_member)
            end = after if after is not None else -1
        if end >= 0:
            at = _back(data, end)
            for _ in range(32):  # back over the next item's '-' or ',' and the closers of flow containers
                char = data[at : at + 1]
                if char in (b"-", b","):
                    at = _back(data, at)
                    continue
                if char in (b"}", b"]"):
                    opener = _back(data, at)
                    if data[opener : opener + 1] in (b"{", b"["):
                        return opener
                    at = opener
                    continue
                break
        return (
            _node_offset(r, handle, data, self._addresses, parent, key=False)
            if parent != self._root
            else None
        )


def _loaded_key(text: str, kind: int) -> str:
    """The key as :class:`_Builder` loads it (for the locator's lookups)."""
    r = _ryml()
    if kind & r.KEYQUO or not (text[:1] in _MAYBE_TYPED or not text):
        return text
    value: object
    if text in _NULLS:
        value = None
    elif text in _BOOLS:
        value = _BOOLS[text]
    elif _INT.match(text):
        value = int(text) if len(text) <= _MAX_INT_DIGITS else text
    elif _INT_OTHER.match(text):
        value = int(text, 0)
    elif _FLOAT.match(text):
        value = float(text)
    elif text in _INF:
        value = float("inf") * _INF[text]
    elif text in _NANS:
        value = float("nan")
    else:
        value = text
    return _key_text(value)


# --------------------------------------------------------------------------- the libyaml fallback
#
# rapidyaml refuses a few texts that libyaml (and Spectral's parser) accept, for example a double-quoted
# scalar whose continuation line is indented less than its key, as PyYAML's own emitter writes them
# (corpus/standards/zgw-zaken-1.5.1+gemma-zaken.yaml, line 14930). Those are loaded from libyaml's node
# tree by the same rules; the implicit resolvers are switched off so that plain scalars come as written.


def _load_with_libyaml(
    text: str, source: str, budget: int, duplicate_keys: str, factory: ErrorFactory
) -> tuple[object, YamlLocator | IndexedLocator] | None:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class PlainLoader(base):  # type: ignore[misc,valid-type]
        yaml_implicit_resolvers: dict[str, list[Any]] = {}  # noqa: RUF012 (PyYAML's class attribute)

    errors = _Errors(factory, source, _Lines(text.encode("utf-8", errors="surrogatepass")))
    try:
        root = yaml.compose(text, Loader=PlainLoader)
    except yaml.MarkedYAMLError as error:
        raise _marked_error(error, text, errors) from None
    except yaml.YAMLError as error:
        raise factory(
            Text(
                f'ongeldige YAML (de parser meldt: "{error}")',
                f"invalid YAML: {error}",
            ),
            source=source,
        ) from None
    except RecursionError:
        raise factory(
            Text(
                "ongeldige YAML: te diep genest",
                "invalid YAML: nested too deeply",
            ),
            source=source,
        ) from None
    if root is None:
        return None
    try:
        return _NodeBuilder(factory, source, budget, duplicate_keys).build(root)
    except RecursionError:
        raise factory(
            Text(
                "YAML is te diep genest",
                "YAML is nested too deeply",
            ),
            source=source,
        ) from None


class _NodeBuilder:
    def __init__(self, factory: ErrorFactory, source: str, budget: int, duplicate_keys: str) -> None:
        import yaml

        self.yaml = yaml
        self.factory = factory
        self.source = source
        self.budget = budget
        self.duplicates_error = duplicate_keys == "error"
        self.memo: dict[int, tuple[object, int]] = {}
        self.in_progress: set[int] = set()
        self.positions: dict[int, dict[str, Position] | list[Position]] = {}
        self.keep: list[object] = []
        self.size = 0
        self.nonstring: list[tuple[Position, str]] = []
        self.typer = _Builder.__new__(_Builder)  # only its scalar rules are used
        self.typer.errors = _Errors(factory, source, _Lines(b""))

    def error_at(self, node: Any, message: ErrorText) -> CgcomplyError:
        mark = node.start_mark
        return self.factory(message, source=self.source, line=mark.line + 1, column=mark.column + 1)

    def plain(self, node: Any, text: str) -> object:
        if _INT.match(text) and len(text) > _MAX_INT_DIGITS:
            raise self.error_at(
                node,
                Text(
                    f"een geheel getal van {len(text)} cijfers; meer dan {_MAX_INT_DIGITS} cijfers kunnen niet worden gelezen "
                    "(zet het tussen aanhalingstekens als het tekst is)",
                    f"an integer of {len(text)} digits; more than {_MAX_INT_DIGITS} digits cannot be read "
                    "(quote it if it is meant as text)",
                ),
            )
        return _Builder.plain(self.typer, 0, text)

    def scalar(self, node: Any) -> object:
        text = node.value
        self.size += 1 + len(text)
        tag = node.tag
        plain = not node.style  # the C parser gives '' for plain scalars, the Python one None
        if tag == "tag:yaml.org,2002:str":
            return self.plain(node, text) if plain else text
        if tag.startswith("tag:yaml.org,2002:"):
            name = tag.rsplit(":", 1)[-1]
            value = self.plain(node, text)
            if (name == "null" and value is None) or (name == "bool" and isinstance(value, bool)):
                return value
            if name == "int" and isinstance(value, int) and not isinstance(value, bool):
                return value
            if name == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
            return value if name not in ("null", "bool", "int", "float") else text
        return self.plain(node, text) if plain else text  # other tags are ignored

    def key(self, node: Any) -> str:
        if not isinstance(node, self.yaml.ScalarNode):
            raise self.error_at(
                node,
                Text(
                    "een sleutel van een mapping moet een enkele waarde zijn, geen lijst of mapping",
                    "a mapping key must be a plain value, not a list or mapping",
                ),
            )
        text = node.value
        self.size += 1 + len(text)
        if node.style:
            return text
        value = self.plain(node, text)
        if isinstance(value, str):
            return value
        mark = node.start_mark
        self.nonstring.append(((mark.line + 1, mark.column + 1), text))
        return _key_text(value)

    def value(self, node: Any) -> object:
        if isinstance(node, self.yaml.ScalarNode):
            return self.scalar(node)
        ident = id(node)
        found = self.memo.get(ident)
        if found is not None:  # an alias: counts its whole expanded size again
            self.size += found[1]
            if self.size > self.budget:
                raise self.error_at(
                    node,
                    Text(
                        f"de YAML groeit via zijn aliassen uit tot meer dan {self.budget:,} knopen en tekens; "
                        "zo'n groot document wordt geweigerd",
                        f"the YAML expands to more than {self.budget:,} nodes and characters through its aliases; "
                        "a document this large is refused",
                    ),
                )
            return found[0]
        if ident in self.in_progress:
            raise self.error_at(
                node,
                Text(
                    "recursieve YAML-alias (een anker dat zichzelf bevat)",
                    "recursive YAML alias (an anchor that contains itself)",
                ),
            )
        self.in_progress.add(ident)
        before = self.size
        self.size += 1
        result: object
        if isinstance(node, self.yaml.SequenceNode):
            result = [self.value(item) for item in node.value]
            where: dict[str, Position] | list[Position] = [
                (item.start_mark.line + 1, item.start_mark.column + 1) for item in node.value
            ]
        else:
            mapping: dict[str, object] = {}
            where = {}
            merged: dict[str, object] = {}
            merged_where: dict[str, Position] = {}
            merges = []
            for key_node, value_node in node.value:
                if (
                    isinstance(key_node, self.yaml.ScalarNode)
                    and not key_node.style
                    and key_node.value == "<<"
                ):
                    merges.append(value_node)
                    continue
                key = self.key(key_node)
                if key in mapping:
                    if self.duplicates_error:
                        raise self.error_at(
                            key_node,
                            Text(
                                f"dubbele sleutel {key!r}",
                                f"duplicate key {key!r}",
                            ),
                        )  # no field: rare path
                    del mapping[key]
                mapping[key] = self.value(value_node)
                mark = key_node.start_mark
                where[key] = (mark.line + 1, mark.column + 1)
            for merge in merges:
                sources = merge.value if isinstance(merge, self.yaml.SequenceNode) else [merge]
                for source_node in reversed(sources):
                    data = self.value(source_node)
                    if not isinstance(data, dict):
                        raise self.error_at(
                            source_node,
                            Text(
                                "een merge-sleutel (<<) heeft een mapping of een lijst van mappings nodig",
                                "a merge key (<<) needs a mapping or a list of mappings",
                            ),
                        )
                    merged.update(data)
                    merged_where.update(self.positions[id(data)])  # type: ignore[arg-type]
            if merges:
                merged.update(mapping)
                merged_where.update(where)
                mapping, where = merged, merged_where
            result = mapping
        self.in_progress.discard(ident)
        self.memo[ident] = (result, self.size - before)
        self.positions[id(result)] = where
        self.keep.append(result)
        return result

    def build(self, root: Any) -> tuple[object, IndexedLocator]:
        data = self.value(root)
        start = root.start_mark
        return data, IndexedLocator(
            data, self.positions, (start.line + 1, start.column + 1), self.keep, self.nonstring
        )


class IndexedLocator:
    """A locator from a recorded index: ``positions[id(container)]`` gives the place of every member key
    (a dict) or item (a list) of that container. The libyaml fallback builds one while it loads; any
    :class:`YamlLocator` gives one with :meth:`YamlLocator.to_index` (plain values only, so it can be
    kept with :mod:`marshal`, as the standards' cache of parsed documents does)."""

    def __init__(
        self,
        data: object,
        positions: dict[int, dict[str, Position] | list[Position]],
        root: Position,
        containers: list[object],
        nonstring: list[tuple[Position, str]] | None = None,
    ) -> None:
        self._data = data
        self.containers = containers  # holds the indexed containers, so their ids are never reused
        self.positions = positions
        self.root = root
        self.nonstring_keys = nonstring or []

    def locate(self, tokens: list[str]) -> Position | None:
        current = self._data
        where = self.root
        for token in tokens:
            index = self.positions.get(id(current))
            if index is None:
                return None
            if isinstance(current, dict) and isinstance(index, dict):
                if token not in current or token not in index:
                    return None
                where = index[token]
                current = current[token]
            elif isinstance(current, list) and isinstance(index, list):
                if not token.isdigit() or int(token) >= len(current) or int(token) >= len(index):
                    return None
                where = index[int(token)]
                current = current[int(token)]
            else:
                return None
        return where

    def locate_value(self, tokens: list[str]) -> Position | None:
        return self.locate(tokens)


def published_as_json(body: bytes, source: str, max_bytes: int) -> object:
    """A YAML document a server publishes (``openapi.yaml``), as the JSON value it stands for.

    For comparing it with the server's ``openapi.json``: the aliases are expanded (that is what JSON
    holds), so the budget is tied to the size a JSON document may have (``max_bytes``): a few hundred bytes
    of nested aliases are refused with :class:`~cgcomply.errors.DocumentError` instead of expanding to
    gigabytes (issue 7: 606 bytes, 7.8 GB through ``yaml.load`` and ``json.dumps``).
    """
    import json

    from cgcomply.oas.text import decode

    loaded = load_yaml(decode(body, source), source, budget=2 * max_bytes + 1_000_000)
    if loaded is None:
        raise DocumentError(
            Text(
                "het bestand bevat geen YAML-document",
                "the file holds no YAML document",
            ),
            source=source,
        )
    return json.loads(json.dumps(loaded[0], allow_nan=False))
