"""Read a document's bytes from a file or an http(s) URL, with a size cap and clear error messages.

A URL is fetched through the HTTP layer (:class:`cgcomply.http.SafeClient` of a
:class:`~cgcomply.http.Session`): a total deadline (a server that trickles its answer one byte per second
is cut off), the size cap after decoding every Content-Encoding layer, redirects followed only within the
URL's origin (scheme, host and port: never to 169.254.169.254 or another host or port), no environment
proxy, the host's one rate limit, and only the credentials the session binds to the URL's origin.
Fetched documents are cached in the session (by URL and the headers sent, with a time-to-live), so a
monitoring run over many documents that share ``common.yaml`` fetches it once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cgcomply.errors import DocumentError
from cgcomply.http.redaction import mask_userinfo
from cgcomply.i18n import Text, render

if TYPE_CHECKING:  # the HTTP layer (and httpx) load only when a URL is fetched
    from cgcomply.http import Session
    from cgcomply.http.exchange import Exchange

MAX_REDIRECTS = 5
DEFAULT_TOTAL_TIMEOUT = 60.0


def is_url(source: str) -> bool:
    lowered = source[:8].lower()
    return lowered.startswith("http://") or lowered.startswith("https://")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_file(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a local file; the size is checked before reading."""
    try:
        if path.is_dir():
            raise DocumentError(
                Text(
                    "is een map, geen bestand",
                    "is a folder, not a file",
                ),
                source=source,
            )
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError(
            Text(
                "bestand niet gevonden",
                "file not found",
            ),
            source=source,
        ) from None
    except OSError as error:
        raise DocumentError(
            Text(
                f"kan het bestand niet lezen: {error.strerror or error}",
                f"cannot read the file: {error.strerror or error}",
            ),
            source=source,
        ) from None
    if size > max_bytes:
        raise DocumentError(
            Text(
                f"het bestand is {_megabytes(size)}, boven de groottelimiet van {_megabytes(max_bytes)} "
                "(verhoog die met --max-size)",
                f"the file is {_megabytes(size)}, over the size limit of {_megabytes(max_bytes)} "
                "(raise it with --max-size)",
            ),
            source=source,
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise DocumentError(
            Text(
                f"kan het bestand niet lezen: {error.strerror or error}",
                f"cannot read the file: {error.strerror or error}",
            ),
            source=source,
        ) from None
    if len(data) > max_bytes:
        raise DocumentError(
            Text(
                f"het bestand is groter dan de groottelimiet van {_megabytes(max_bytes)} (verhoog die met --max-size)",
                f"the file is over the size limit of {_megabytes(max_bytes)} (raise it with --max-size)",
            ),
            source=source,
        )
    return data


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    verify: bool | str = True,
    session: Session | None = None,
    total_timeout: float | None = None,
    use_cache: bool = True,
) -> tuple[bytes, str]:
    """GET ``url`` through the session's safe client; return the body and the final URL after
    same-origin redirects.

    ``timeout`` bounds each connect/read, ``total_timeout`` (default 60 s) the whole fetch. ``verify`` is
    True (system CAs) or a CA file or folder; verification is never switched off. The credentials sent are
    those the session binds to the URL's origin (none without a session). Every failure is a
    :class:`DocumentError` that names the URL (its password masked) and the reason.
    """
    from cgcomply.http import HttpOptions, Session, check_url

    session = session or Session()
    shown = session.redact(mask_userinfo(url))
    check_url(url)
    limit = DEFAULT_TOTAL_TIMEOUT if total_timeout is None else total_timeout
    options = HttpOptions(
        connect_timeout=min(timeout, 10.0),
        read_timeout=timeout,
        total_timeout=limit,
        max_body_bytes=max_bytes,
        rate_per_second=10.0,
        cacert=Path(verify) if isinstance(verify, str) else None,
        max_redirects=MAX_REDIRECTS,
    )
    try:
        client = session.client(url, options)
    except DocumentError:
        raise
    except Exception as error:  # a CA file that cannot be used
        message = getattr(error, "message", str(error))
        raise DocumentError(
            Text(
                f"kan de CA-certificaten niet gebruiken: {message}",
                f"cannot use the CA certificates: {message}",
            ),
            source=str(verify),
        ) from None
    with client:
        if use_cache:
            cached = session.fetch_cache.get(url, client.credentials)
            if cached is not None:
                return cached.body, cached.final_url
        exchange = client.request("GET", url, headers={"Accept": _ACCEPT})
        data = _body(exchange, shown, max_bytes, timeout, limit)
        if use_cache:
            session.fetch_cache.put(url, client.credentials, data, exchange.final_url)
    return data, exchange.final_url


_ACCEPT = "application/json, application/yaml, application/x-yaml, text/yaml, text/plain;q=0.9, */*;q=0.5"


def _body(exchange: Exchange, url: str, max_bytes: int, timeout: float, limit: float) -> bytes:
    """The document's bytes, or the DocumentError that says why there are none."""
    from cgcomply.http.exchange import CUT_CAP, CUT_DEADLINE, CUT_ENCODING

    if exchange.failed:
        raise DocumentError(_failure(exchange, timeout, limit), source=url)
    if exchange.blocked_redirect:
        raise DocumentError(
            Text(
                f"doorverwezen (HTTP {exchange.status}) naar {exchange.blocked_redirect}, een andere origin; niet gevolgd "
                "(een document wordt alleen opgehaald van de origin waar het werd gevraagd: schema, host en poort)",
                f"redirected (HTTP {exchange.status}) to {exchange.blocked_redirect}, another origin; not followed "
                "(a document is fetched only from the origin it was asked from: scheme, host and port)",
            ),
            source=url,
        )
    status = exchange.status or 0
    if 300 <= status < 400:
        raise DocumentError(
            Text(
                f"doorverwijzing zonder bruikbare Location-header (HTTP {status})",
                f"redirect without a usable Location header (HTTP {status})",
            ),
            source=url,
        )
    if status >= 400:
        from http import HTTPStatus  # here: only an HTTP error needs the phrases

        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        raise DocumentError(f"HTTP {status} {reason}".rstrip(), source=url)
    if exchange.truncated:
        if exchange.cut_off_kind == CUT_CAP:
            raise DocumentError(
                Text(
                    f"het antwoord is na decoderen groter dan de groottelimiet van {_megabytes(max_bytes)} "
                    "(verhoog die met --max-size)",
                    f"the response is over the size limit of {_megabytes(max_bytes)} after decoding "
                    "(raise it with --max-size)",
                ),
                source=url,
            )
        if exchange.cut_off_kind == CUT_DEADLINE:
            raise DocumentError(
                Text(
                    f"het antwoord is niet compleet binnen de totale termijn van {limit:g} s",
                    f"the response is not complete within the total deadline of {limit:g} s",
                ),
                source=url,
            )
        if exchange.cut_off_kind == CUT_ENCODING:
            raise DocumentError(
                Text(
                    f"het antwoord is {render(exchange.cut_off_message, 'nl') if exchange.cut_off_message else exchange.cut_off}",
                    f"the response is {exchange.cut_off}",
                ),
                source=url,
            )
        raise DocumentError(
            Text(
                f"het antwoord is {exchange.cut_off or 'onvolledig'}",
                f"the response is {exchange.cut_off or 'incomplete'}",
            ),
            source=url,
        )
    content_type = exchange.media_type
    if content_type.startswith(("image/", "audio/", "video/", "font/")) or content_type in (
        "application/pdf",
        "application/zip",
        "application/gzip",
    ):
        raise DocumentError(
            Text(
                f"het antwoord is geen tekst (Content-Type {content_type})",
                f"the response is not text (Content-Type {content_type})",
            ),
            source=url,
        )
    if content_type == "text/html":
        raise DocumentError(
            Text(
                "het antwoord is een HTML-pagina (Content-Type text/html), geen OpenAPI-document",
                "the response is an HTML page (Content-Type text/html), not an OpenAPI document",
            ),
            source=url,
        )
    data = exchange.body
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            Text(
                "het antwoord is geen tekst (het bevat NUL-bytes)",
                "the response is not text (it contains NUL bytes)",
            ),
            source=url,
        )
    return data


def _failure(exchange: Exchange, timeout: float, limit: float) -> Text:
    kind, error = exchange.error_kind, exchange.error or "no response"
    said = (
        Text(render(exchange.error_message, "nl"), render(exchange.error_message, "en"))
        if exchange.error_message is not None
        else Text(exchange.error or "geen antwoord", error)
    )
    if kind == "timeout":
        connect = "connect" in error
        return Text(
            f"time-out {'bij het verbinden ' if connect else ''}na {timeout:g} s",
            f"timed out {'connecting ' if connect else ''}after {timeout:g} s",
        )
    if kind == "deadline":
        return Text(
            f"time-out: niet compleet binnen de totale termijn van {limit:g} s",
            f"timed out: not complete within the total deadline of {limit:g} s",
        )
    if kind in ("dns", "refused", "tls", "connect", "reset"):
        return Text(f"kan niet verbinden: {said.nl}", f"cannot connect: {said.en}")
    if kind in ("redirect-loop", "too-many-redirects"):
        return said
    return Text(f"verzoek mislukt: {said.nl}", f"request failed: {said.en}")
