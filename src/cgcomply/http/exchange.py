"""One request and what came back: :class:`Exchange` (never an exception for what the server did)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from cgcomply.http.errors import UNREACHABLE_KINDS
from cgcomply.http.redaction import Redactor
from cgcomply.i18n import Catalog, Message, Param, Text, freeze, joined, map_strings
from cgcomply.results import Evidence

EVIDENCE_BODY_CHARS = 2048

# Response headers that live checks look at; evidence shows these unless a probe names others.
EVIDENCE_HEADERS: tuple[str, ...] = (
    "content-type",
    "content-length",
    "api-version",
    "location",
    "cache-control",
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "vary",
    "www-authenticate",
)

#: The texts of what an exchange says about itself (``http.exchange:<key>``): the evidence note (transport
#: failure, redirects, a cut-off body) and the request line of :meth:`Exchange.describe`. Methods, URLs,
#: status codes and the server's words are parameters.
MESSAGES: Catalog = freeze(
    {
        "request": Text("{method} {url} -> {hops}{outcome}", "{method} {url} -> {hops}{outcome}"),
        "hop": Text("{status} -> {location} -> ", "{status} -> {location} -> "),
        "outcome-redirect": Text("{status} -> {location}", "{status} -> {location}"),
        "outcome-error": Text("fout: {error}", "error: {error}"),
        "no-response": Text("geen antwoord: {error}", "no response: {error}"),
        "redirects": Text("doorverwijzingen gevolgd: {hops}", "redirects followed: {hops}"),
        "blocked-redirect": Text(
            "doorverwijzing naar een andere origin niet gevolgd: {location}",
            "redirect to another origin not followed: {location}",
        ),
        "truncated": Text(
            "body {why}; lezen gestopt na {size} bytes", "body {why}; read stopped after {size} bytes"
        ),
        "incomplete": Text("onvolledig", "incomplete"),
        "cut.cap": Text(
            "langer dan de limiet van {cap} bytes (na decoderen)",
            "longer than the cap of {cap} bytes (after decoding)",
        ),
        "cut.cap-declared": Text(
            "langer dan de limiet van {cap} bytes (Content-Length {declared})",
            "longer than the cap of {cap} bytes (Content-Length {declared})",
        ),
        "cut.deadline": Text(
            "niet compleet binnen de totale termijn van {seconds} s",
            "not complete within the total deadline of {seconds} s",
        ),
        "cut.encoding": Text("niet te decoderen: {detail}", "not decodable: {detail}"),
        "encoding.unsupported": Text(
            "Content-Encoding {names} wordt niet ondersteund", "Content-Encoding {names} is not supported"
        ),
        "encoding.invalid": Text(
            "de body is geen geldige {layer}-data ({error})", "the body is not valid {layer} data ({error})"
        ),
        "encoding.trailing": Text(
            "er staan gegevens na het einde van de deflate-stroom", "data after the end of the deflate stream"
        ),
        "cut.broken": Text(
            "afgebroken: de verbinding werd verbroken ({error})",
            "cut off: the connection broke off ({error})",
        ),
    }
)


def exchange_message(key: str, /, **params: Param) -> Message:
    """The message ``http.exchange:<key>``."""
    return Message(f"http.exchange:{key}", params)


# Why a body is incomplete (Exchange.cut_off_kind)
CUT_CAP = "cap"  # longer than the cap (after decoding)
CUT_DEADLINE = "deadline"  # not complete within the total deadline
CUT_BROKEN = "broken"  # the connection broke off
CUT_ENCODING = "encoding"  # the Content-Encoding could not be decoded


@dataclass(slots=True)
class Exchange:
    """One request (after same-origin redirects) and its response, or why nothing came back."""

    method: str
    url: str  # the URL asked for
    final_url: str  # the URL that answered (differs after followed redirects)
    redactor: Redactor = field(default_factory=Redactor, repr=False, compare=False)
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""  # decoded (Content-Encoding removed), at most the cap
    truncated: bool = False  # the body is incomplete: over the cap, over the deadline, or broken off
    # why, as words that follow "the body is": "longer than the cap of 5242880 bytes (after decoding)",
    # "not complete within the total deadline of 30 s", "cut off: the connection broke off (...)",
    # "not decodable: Content-Encoding br is not supported"
    cut_off: str | None = None
    cut_off_kind: str | None = None  # CUT_CAP, CUT_DEADLINE, CUT_BROKEN or CUT_ENCODING
    cut_off_message: Message | None = None  # cut_off as a message (``http.exchange:cut.*``)
    error: str | None = None  # transport failure, redacted, in English (for logs; see error_message)
    error_kind: str | None = None
    error_message: Message | None = None  # the transport failure as a message (``http.errors:*``)
    redirects: list[tuple[int, str]] = field(default_factory=list)  # followed hops: (status, location)
    blocked_redirect: str | None = None  # a Location on another origin, not followed (redacted)
    request_headers: dict[str, str] = field(default_factory=dict)  # as sent, redacted

    def fail(self, kind: str, message: Message) -> None:
        """Record a transport failure: its kind, its message and (for logs) its English text."""
        self.error_kind, self.error_message, self.error = kind, message, str(message)

    @property
    def failed(self) -> bool:
        """True when no HTTP response arrived (or redirects could not be resolved)."""
        return self.error is not None

    @property
    def unreachable(self) -> bool:
        return self.error_kind in UNREACHABLE_KINDS

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def media_type(self) -> str:
        """``Content-Type`` without parameters, lower case ('' when absent)."""
        return (self.headers.get("content-type") or "").split(";", 1)[0].strip().lower()

    def json(self) -> Any | None:
        """The body parsed as JSON, or None when it is not JSON (or truncated)."""
        if self.truncated or not self.body:
            return None
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None

    def looks_like_html(self) -> bool:
        head = self.body[:512].lstrip().lower()
        return self.media_type in ("text/html", "application/xhtml+xml") or head.startswith(
            (b"<!doctype html", b"<html")
        )

    def redact(self, text: str) -> str:
        return self.redactor.redact(text)

    def describe(self) -> Message:
        """``GET https://... -> 404`` or ``GET https://... -> error: ...`` for messages (``str()`` of it is
        the English text). Redirects are named with their targets: followed ones (``GET https://host/a ->
        302 -> https://host/b -> 404``) and the last one when it was not followed (``GET http://host/v1 ->
        301 -> http://host/v1/``)."""
        outcome: Param
        target = self.blocked_redirect or self.header("location")
        if self.error:
            outcome = exchange_message("outcome-error", error=self._error_message())
        elif self.status is not None and 300 <= self.status < 400 and target:
            outcome = exchange_message("outcome-redirect", status=self.status, location=target)
        else:
            outcome = str(self.status)
        hops = "".join(f"{status} -> {location} -> " for status, location in self.redirects)
        message = exchange_message("request", method=self.method, url=self.url, hops=hops, outcome=outcome)
        return map_strings(message, self.redact)

    def _error_message(self) -> Message:
        if self.error_message is not None:
            return self.error_message
        return Message("note:quoted", {"text": self.error or ""})  # set by hand (a test, old code)

    def evidence(self, header_names: tuple[str, ...] | None = None, note: Message | None = None) -> Evidence:
        """The exchange as report evidence: relevant response headers, body trimmed, credentials masked."""
        names = header_names or EVIDENCE_HEADERS
        headers = {name: self.headers[name] for name in names if name in self.headers}
        text = self.body[: EVIDENCE_BODY_CHARS * 2].decode("utf-8", errors="replace")
        if len(text) > EVIDENCE_BODY_CHARS:
            text = text[:EVIDENCE_BODY_CHARS] + "…"
        notes = joined((note, self.transport_note()))
        return Evidence(
            method=self.method,
            url=self.redact(self.url),
            status=self.status,
            headers=self.redactor.headers(headers),
            body=self.redact(text) if text else None,
            request_headers=dict(self.request_headers),
            note=map_strings(notes, self.redact) if notes is not None else None,
        )

    def transport_note(self) -> Message | None:
        """What the transport adds to the evidence: no response and why, redirects, a cut-off body."""
        parts: list[Message | None] = []
        if self.error:
            parts.append(exchange_message("no-response", error=self._error_message()))
        if self.redirects:
            hops = ", ".join(f"{status} -> {location}" for status, location in self.redirects)
            parts.append(exchange_message("redirects", hops=hops))
        if self.blocked_redirect:
            parts.append(exchange_message("blocked-redirect", location=self.blocked_redirect))
        if self.truncated:
            why: Message = self.cut_off_message or (
                Message("note:quoted", {"text": self.cut_off})
                if self.cut_off
                else exchange_message("incomplete")
            )
            parts.append(exchange_message("truncated", why=why, size=len(self.body)))
        return joined(parts)
