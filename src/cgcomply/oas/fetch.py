"""Read a document's bytes from a file or an http(s) URL, with a size cap and clear error messages.

Fetched URLs are cached in this process (by URL, bounded in total size), so a monitoring run over many
documents that share ``common.yaml`` fetches it once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from cgcomply.errors import DocumentError

_CACHE_LIMIT = 128 * 1024 * 1024
_cache: OrderedDict[str, tuple[bytes, str]] = OrderedDict()  # url -> (body, final URL)
_cache_size = 0
_cache_lock = threading.Lock()
MAX_REDIRECTS = 5


def is_url(source: str) -> bool:
    lowered = source[:8].lower()
    return lowered.startswith("http://") or lowered.startswith("https://")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_file(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a local file; the size is checked before reading."""
    try:
        if path.is_dir():
            raise DocumentError("is a folder, not a file", source=source)
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError("file not found", source=source) from None
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error.strerror or error}", source=source) from None
    if size > max_bytes:
        raise DocumentError(
            f"the file is {_megabytes(size)}, over the size limit of {_megabytes(max_bytes)} "
            "(raise it with --max-size)",
            source=source,
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error.strerror or error}", source=source) from None
    if len(data) > max_bytes:
        raise DocumentError(
            f"the file is over the size limit of {_megabytes(max_bytes)} (raise it with --max-size)",
            source=source,
        )
    return data


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    verify: bool | str,
    headers: dict[str, str] | None = None,
    allowed_host=None,
    use_cache: bool = True,
) -> tuple[bytes, str]:
    """GET ``url`` with httpx; return the body and the final URL after redirects.

    ``allowed_host(host, port) -> bool``, when given, is asked before following a redirect (the
    ``$ref`` allow-list); without it redirects are followed. Every failure is a :class:`DocumentError`
    that names the URL and the reason (DNS, refused, timeout, TLS, HTTP status, size, not text).
    """
    if use_cache:
        with _cache_lock:
            cached = _cache.get(url)
            if cached is not None:
                _cache.move_to_end(url)
                return cached
    import httpx

    current = url
    try:
        with httpx.Client(timeout=timeout, verify=_tls_context(verify), follow_redirects=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current, headers=headers or {}) as response:
                    if response.is_redirect:
                        target = response.next_request.url if response.next_request else None
                        if target is None:
                            raise DocumentError(
                                f"redirect without a Location header (HTTP {response.status_code})",
                                source=url,
                            )
                        if allowed_host is not None and not allowed_host(target.host, target.port):
                            raise DocumentError(
                                f"redirected to {target}, whose host is not allowed", source=url
                            )
                        if headers and target.host != httpx.URL(current).host:
                            headers = None  # never send credentials to another host
                        current = str(target)
                        continue
                    data = _read_body(response, url, max_bytes)
                    break
            else:
                raise DocumentError(f"more than {MAX_REDIRECTS} redirects", source=url)
    except httpx.ConnectTimeout:
        raise DocumentError(f"timed out connecting after {timeout:g} s", source=url) from None
    except httpx.TimeoutException:
        raise DocumentError(f"timed out after {timeout:g} s", source=url) from None
    except httpx.ConnectError as error:
        raise DocumentError(f"cannot connect: {_connect_reason(error)}", source=url) from None
    except httpx.HTTPError as error:
        raise DocumentError(f"request failed: {type(error).__name__}: {error}", source=url) from None
    except (ValueError, OSError) as error:
        raise DocumentError(f"request failed: {error}", source=url) from None
    if use_cache:
        _remember(url, data, current)
    return data, current


def _tls_context(verify: bool | str):
    """httpx's ``verify``: True/False, or a CA bundle file or folder made into an SSL context."""
    if isinstance(verify, bool):
        return verify
    import ssl

    path = Path(verify)
    try:
        if path.is_dir():
            return ssl.create_default_context(capath=str(path))
        return ssl.create_default_context(cafile=str(path))
    except (OSError, ssl.SSLError) as error:
        raise DocumentError(f"cannot use the CA certificates: {error}", source=verify) from None


def _read_body(response, url: str, max_bytes: int) -> bytes:
    if response.status_code >= 400:
        raise DocumentError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip(), source=url)
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise DocumentError(
            f"the response is {_megabytes(int(declared))}, over the size limit of {_megabytes(max_bytes)} "
            "(raise it with --max-size)",
            source=url,
        )
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type.startswith(("image/", "audio/", "video/", "font/")) or content_type in (
        "application/pdf",
        "application/zip",
        "application/gzip",
    ):
        raise DocumentError(f"the response is not text (Content-Type {content_type})", source=url)
    if content_type == "text/html":
        raise DocumentError(
            "the response is an HTML page (Content-Type text/html), not an OpenAPI document", source=url
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise DocumentError(
                f"the response is over the size limit of {_megabytes(max_bytes)} (raise it with --max-size)",
                source=url,
            )
        chunks.append(chunk)
    data = b"".join(chunks)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("the response is not text (it contains NUL bytes)", source=url)
    return data


def _connect_reason(error: Exception) -> str:
    text = str(error)
    lowered = text.lower()
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or ("temporary failure in name resolution" in lowered)
        or "getaddrinfo" in lowered
        or "no address associated" in lowered
    ):
        return f"DNS lookup failed ({text})"
    if "refused" in lowered:
        return f"connection refused ({text})"
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"TLS error ({text})"
    return text or type(error).__name__


def _remember(url: str, data: bytes, final_url: str) -> None:
    global _cache_size
    if len(data) > _CACHE_LIMIT:
        return
    with _cache_lock:
        if url in _cache:
            return
        _cache[url] = (data, final_url)
        _cache_size += len(data)
        while _cache_size > _CACHE_LIMIT and _cache:
            _, (dropped, _) = _cache.popitem(last=False)
            _cache_size -= len(dropped)


def clear_cache() -> None:
    """Forget every fetched URL (tests use this)."""
    global _cache_size
    with _cache_lock:
        _cache.clear()
        _cache_size = 0
