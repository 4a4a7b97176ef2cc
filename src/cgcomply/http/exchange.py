"""One request and what came back: :class:`Exchange` (never an exception for what the server did)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from cgcomply.http.errors import UNREACHABLE_KINDS
from cgcomply.http.redaction import Redactor
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
    error: str | None = None  # transport failure, redacted
    error_kind: str | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)  # followed hops: (status, location)
    blocked_redirect: str | None = None  # a Location on another origin, not followed (redacted)
    request_headers: dict[str, str] = field(default_factory=dict)  # as sent, redacted

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

    def describe(self) -> str:
        """``GET https://... -> 404`` or ``GET https://... -> error: ...`` for messages. Redirects are
        named with their targets: followed ones (``GET https://host/a -> 302 -> https://host/b -> 404``) and
        the last one when it was not followed (``GET http://host/v1 -> 301 -> http://host/v1/``)."""
        outcome = f"error: {self.error}" if self.error else str(self.status)
        target = self.blocked_redirect or self.header("location")
        if not self.error and self.status is not None and 300 <= self.status < 400 and target:
            outcome += f" -> {target}"
        hops = "".join(f"{status} -> {location} -> " for status, location in self.redirects)
        return self.redact(f"{self.method} {self.url} -> {hops}{outcome}")

    def evidence(self, header_names: tuple[str, ...] | None = None, note: str | None = None) -> Evidence:
        """The exchange as report evidence: relevant response headers, body trimmed, credentials masked."""
        names = header_names or EVIDENCE_HEADERS
        headers = {name: self.headers[name] for name in names if name in self.headers}
        text = self.body[: EVIDENCE_BODY_CHARS * 2].decode("utf-8", errors="replace")
        if len(text) > EVIDENCE_BODY_CHARS:
            text = text[:EVIDENCE_BODY_CHARS] + "…"
        notes = [part for part in (note, self.transport_note()) if part]
        return Evidence(
            method=self.method,
            url=self.redact(self.url),
            status=self.status,
            headers=self.redactor.headers(headers),
            body=self.redact(text) if text else None,
            request_headers=dict(self.request_headers),
            note=self.redact("; ".join(notes)) if notes else None,
        )

    def transport_note(self) -> str | None:
        parts: list[str] = []
        if self.error:
            parts.append(f"no response: {self.error}")
        if self.redirects:
            hops = ", ".join(f"{status} -> {location}" for status, location in self.redirects)
            parts.append(f"redirects followed: {hops}")
        if self.blocked_redirect:
            parts.append(f"redirect to another origin not followed: {self.blocked_redirect}")
        if self.truncated:
            parts.append(f"body {self.cut_off or 'incomplete'}; read stopped after {len(self.body)} bytes")
        return "; ".join(parts) or None
