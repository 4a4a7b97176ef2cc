"""JSON pointers (RFC 6901): split, join, escape."""

from __future__ import annotations


def escape(token: str) -> str:
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    if "~" not in token:
        return token
    return token.replace("~1", "/").replace("~0", "~")


def split(pointer: str) -> list[str]:
    """``"/paths/~1zaken/get"`` -> ``["paths", "/zaken", "get"]``; ``""`` -> ``[]``.

    A pointer without the leading ``/`` is read as if it had one; the URI fragment form
    (``"#/paths/~1zaken"``, percent-encoded) is accepted too.
    """
    if pointer.startswith("#"):
        from urllib.parse import unquote

        pointer = unquote(pointer[1:])
    if pointer == "":
        return []
    body = pointer[1:] if pointer.startswith("/") else pointer
    return [unescape(token) for token in body.split("/")]


def join(tokens) -> str:
    return "".join("/" + escape(str(token)) for token in tokens)
