"""Origins (scheme, host, port) and the checks every outbound URL passes before anything is sent.

:func:`check_url` refuses what :func:`urllib.parse.urlsplit` and httpx would read differently or not at all:
a port out of range (``http://127.0.0.1:99999/x`` must not become port 34463), two ports
(``http://h:80:80/x``), an unclosed IPv6 bracket (``http://[::1``), a scheme other than http(s), no host.
Every refusal is an :class:`~cgcomply.http.errors.BadURLError` that names the URL (userinfo password
masked) and exits 2 on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

import httpx

from cgcomply.http.errors import BadURLError
from cgcomply.http.redaction import mask_userinfo
from cgcomply.i18n import Text

DEFAULT_PORTS = {"http": 80, "https": 443}


def check_url(url: str) -> SplitResult:
    """``urlsplit(url)`` of an http(s) URL with a host and a valid port; else :class:`BadURLError`."""
    shown = mask_userinfo(url)
    if any(ch in url for ch in "\r\n\t\0 "):
        raise BadURLError(
            Text(
                f"de URL {shown!r} bevat witruimte of stuurtekens",
                f"the URL {shown!r} contains white space or control characters",
            )
        )
    try:
        parts = urlsplit(url)
    except ValueError as error:  # "Invalid IPv6 URL"
        raise BadURLError(
            Text(
                f"de URL {shown!r} is misvormd: {error}",
                f"the URL {shown!r} is malformed: {error}",
            )
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURLError(
            Text(
                f"geen http://- of https://-URL: {shown!r}",
                f"not an http:// or https:// URL: {shown!r}",
            )
        )
    if not parts.hostname:
        raise BadURLError(
            Text(
                f"de URL {shown!r} heeft geen host",
                f"the URL {shown!r} has no host",
            )
        )
    hostport = parts.netloc.rpartition("@")[2]
    if hostport.startswith("["):
        close = hostport.find("]")
        rest = hostport[close + 1 :] if close >= 0 else ""
    else:
        rest = hostport[hostport.find(":") :] if ":" in hostport else ""
        if rest.count(":") > 1:
            raise BadURLError(
                Text(
                    f"de URL {shown!r} heeft meer dan één poort",
                    f"the URL {shown!r} has more than one port",
                )
            )
    if rest and not rest.startswith(":"):
        raise BadURLError(
            Text(
                f"de URL {shown!r} heeft tekst na de host: {rest!r}",
                f"the URL {shown!r} has text after the host: {rest!r}",
            )
        )
    port_text = rest[1:]
    if port_text and not port_text.isdigit():
        raise BadURLError(
            Text(
                f"de poort van {shown!r} is geen getal: {port_text!r}",
                f"the port of {shown!r} is not a number: {port_text!r}",
            )
        )
    if port_text and not 0 < int(port_text) <= 65535:
        raise BadURLError(
            Text(
                f"de poort van {shown!r} valt buiten het bereik (1-65535): {port_text}",
                f"the port of {shown!r} is out of range (1-65535): {port_text}",
            )
        )
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise BadURLError(
            Text(
                f"de URL {shown!r} is misvormd: {error}",
                f"the URL {shown!r} is malformed: {error}",
            )
        ) from None
    if port_text and parsed.port not in (int(port_text), None):
        raise BadURLError(
            Text(
                f"de URL {shown!r} is dubbelzinnig (poort {port_text})",
                f"the URL {shown!r} is ambiguous (port {port_text})",
            )
        )
    return parts


@dataclass(frozen=True, slots=True, order=True)
class Origin:
    """``scheme://host:port`` as RFC 6454 compares them (lower case, default port filled in)."""

    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin:
        """The origin of ``url``; :class:`BadURLError` when it is not a usable http(s) URL."""
        parts = check_url(url)
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower()
        return cls(scheme, host, parts.port or DEFAULT_PORTS[scheme])

    @classmethod
    def parse(cls, text: str) -> Origin:
        """An origin the user names (``https://api.example.org`` or with a port); a path is refused."""
        parts = check_url(text.strip())
        if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
            shown = mask_userinfo(text)
            raise BadURLError(
                Text(
                    f"een origin is scheme://host[:poort] zonder pad, query of gebruiker: {shown!r}",
                    f"an origin is scheme://host[:port] without path, query or user: {shown!r}",
                )
            )
        return cls.of(text.strip())

    @property
    def host_for_url(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    def url(self, path: str = "") -> str:
        """``scheme://host[:port]path`` (the port left out when it is the scheme's default)."""
        port = "" if DEFAULT_PORTS.get(self.scheme) == self.port else f":{self.port}"
        return f"{self.scheme}://{self.host_for_url}{port}{path}"

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host_for_url}:{self.port}"
