"""Keep credentials out of every output: reports, logs, evidence and error messages.

Two layers:

* header names that carry credentials (``Authorization``, ``Cookie``, ``X-API-Key`` ...) and every header
  the user supplied with ``--header-env``/``--header-file`` have their value replaced by ``***`` in recorded
  request headers (:func:`redact_headers`);
* every secret *value* the user supplied is registered (:func:`register_secret`) and replaced by ``***``
  wherever it appears in free text (:func:`redact`): a URL, a response body that echoes it, an exception
  message.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

MASK = "***"

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

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str) -> None:
    """Remember a credential value so that :func:`redact` masks it everywhere (values < 4 chars too)."""
    value = value.strip()
    if not value:
        return
    with _lock:
        _secrets.add(value)
        # A bearer token is also masked without its scheme word.
        scheme, _, rest = value.partition(" ")
        if rest.strip() and scheme.lower() in ("bearer", "basic", "token", "apikey"):
            _secrets.add(rest.strip())


def register_secrets(values: Iterable[str]) -> None:
    for value in values:
        register_secret(value)


def redact(text: str) -> str:
    """``text`` with every registered credential value replaced by ``***`` (longest first)."""
    if not text:
        return text
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_headers(headers: Mapping[str, str], extra_names: Iterable[str] = ()) -> dict[str, str]:
    """A copy of ``headers`` with credential header values masked (by name and by registered value)."""
    sensitive = CREDENTIAL_HEADERS | {name.lower() for name in extra_names}
    return {name: (MASK if name.lower() in sensitive else redact(value)) for name, value in headers.items()}
