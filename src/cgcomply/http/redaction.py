"""Keep credentials out of every output: reports, logs, evidence and error messages.

A :class:`Redactor` belongs to one :class:`~cgcomply.http.session.Session` (never to the process), so two
runs with different credentials never see each other's secrets. It masks:

* the value of every header that carries credentials by name (:data:`CREDENTIAL_HEADERS`) and of every
  header the user supplied (:meth:`Redactor.headers`);
* every secret value the user supplied, wherever it appears in free text: a URL and its query string
  (also percent-encoded), a response body that echoes it, an exception message (:meth:`Redactor.redact`);
* the password of any ``user:password@`` in a URL (:func:`mask_userinfo`, which needs no registration).
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import Any, TypeVar
from urllib.parse import quote, quote_plus

MASK = "***"
T = TypeVar("T")

CREDENTIAL_HEADERS: frozenset[str] = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
        "x-csrf-token",
        "ocp-apim-subscription-key",
    }
)

# scheme://user:password@  (the password part is what is masked; a user name alone stays)
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@?#]*):([^/\s@?#]*)@")


def mask_userinfo(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` replaced by ``***``."""
    if "@" not in text:
        return text
    return _USERINFO.sub(lambda m: f"{m.group(1)}:{MASK}@", text)


def _variants(value: str) -> set[str]:
    """A secret as it may appear in text: as given, percent-encoded (query strings, paths)."""
    return {value, quote(value, safe=""), quote_plus(value, safe=""), quote(value)}


class Redactor:
    """The secrets of one session, masked in every text that leaves it."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._ordered: tuple[str, ...] = ()
        self.add_all(secrets)

    def add(self, value: str) -> None:
        """Remember a credential value; a bearer token is also masked without its scheme word."""
        value = value.strip()
        if not value:
            return
        found = _variants(value)
        scheme, _, rest = value.partition(" ")
        if rest.strip() and scheme.lower() in ("bearer", "basic", "token", "apikey", "digest"):
            found |= _variants(rest.strip())
        with self._lock:
            self._secrets |= found
            self._ordered = tuple(sorted(self._secrets, key=len, reverse=True))

    def add_all(self, values: Iterable[str]) -> None:
        for value in values:
            self.add(value)

    def add_url(self, url: str) -> None:
        """Register the userinfo password (and user) of ``url``, if any."""
        from urllib.parse import unquote, urlsplit

        try:
            parts = urlsplit(url)
        except ValueError:
            return
        if parts.password:
            self.add(parts.password)
            self.add(unquote(parts.password))

    @property
    def secrets(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._secrets)

    def redact(self, text: str) -> str:
        """``text`` with every registered secret and every URL password replaced by ``***``."""
        if not text:
            return text
        for secret in self._ordered:
            if secret in text:
                text = text.replace(secret, MASK)
        return mask_userinfo(text)

    def redact_object(self, value: T) -> T:
        """``value`` with every string inside it redacted: dataclasses (a new instance where a field
        changed, so frozen ones work too), lists, tuples and dicts, walked to the leaves; other values
        (numbers, enums, None) as they are."""
        return _redact_object(self, value, 0)

    def headers(self, headers: Mapping[str, str], extra_names: Iterable[str] = ()) -> dict[str, str]:
        """A copy of ``headers`` with credential header values masked (by name and by registered value)."""
        sensitive = CREDENTIAL_HEADERS | {name.lower() for name in extra_names}
        return {
            name: (MASK if name.lower() in sensitive else self.redact(value))
            for name, value in headers.items()
        }


_PLAIN = (int, float, bool, type(None))


@cache
def _init_fields(cls: type) -> tuple[str, ...]:
    """The ``init`` fields of a dataclass (looked up once per class: reports hold thousands)."""
    return tuple(item.name for item in dataclasses.fields(cls) if item.init)


def _redact_object(redactor: Redactor, value: Any, depth: int) -> Any:
    cls = value.__class__
    if cls is str:  # the common case first (a StrEnum is no plain str: it stays as it is, below)
        return redactor.redact(value)
    if cls in _PLAIN or depth > 60:
        return value
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return redactor.redact(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _init_fields(cls):
            old = getattr(value, name)
            new = _redact_object(redactor, old, depth + 1)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, list):
        items = [_redact_object(redactor, item, depth + 1) for item in value]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        items = [_redact_object(redactor, item, depth + 1) for item in value]
        return tuple(items) if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, Mapping):
        redacted = {key: _redact_object(redactor, item, depth + 1) for key, item in value.items()}
        if not any(redacted[k] is not v for k, v in value.items()):
            return value
        if isinstance(value, MappingProxyType):  # frozen message parameters stay frozen
            return MappingProxyType(redacted)
        try:
            return type(value)(redacted)  # type: ignore[call-arg]
        except TypeError:
            return redacted
    return value


# The redactor of the run this context works for. A ContextVar holds one value per thread (and per
# asyncio task), so two runs in two threads never share it; it is set by the run (:func:`redacting`) and
# lets deep code (a probe's message, an error line) mask without passing the session around.
_current: ContextVar[Redactor | None] = ContextVar("cgcomply_redactor", default=None)


@contextmanager
def redacting(redactor: Redactor) -> Iterator[Redactor]:
    """Make ``redactor`` the one :func:`redact` uses in this context until the block ends."""
    token = _current.set(redactor)
    try:
        yield redactor
    finally:
        _current.reset(token)


def current_redactor() -> Redactor | None:
    return _current.get()


def redact(text: str) -> str:
    """``text`` masked by the current run's redactor (URL passwords are masked even outside a run)."""
    redactor = _current.get()
    return redactor.redact(text) if redactor is not None else mask_userinfo(text)
