"""Options that bound what the live prober may do (DESIGN.md, "Probing a supplier's API safely")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cgcomply.http import HttpOptions


@dataclass(slots=True)
class ProbeOptions:
    allow_unsafe_methods: bool = False  # POST/PUT/PATCH/DELETE only with this
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    max_body_bytes: int = 5 * 1024 * 1024  # cap on every body read
    max_document_bytes: int = 64 * 1024 * 1024  # cap on reading the published OpenAPI document
    max_request_seconds: float = 30.0  # wall-clock limit per request (a trickling body stops here)
    max_concurrency: int = 4  # per host
    rate_per_second: float = 10.0  # per host
    extra_headers: dict[str, str] = field(default_factory=dict)  # credentials: sent to the target origin only
    # Credentials for other origins the user names (--header-env-for ORIGIN NAME=ENVVAR): origin -> headers
    origin_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    trust_env: bool = False  # environment proxies and CA bundle (off: what we test is what we say)
    cacert: Path | None = None  # private CA for the supplier's test environment
    conformance: bool = False  # schemathesis run, opt-in
    conformance_max_requests: int = 200
    conformance_max_seconds: float = 60.0
    tls_scan: bool = True
    # CORS is only conclusive when the intended clients are known (ADR /core/transport/cors).
    # None: unknown (a wildcard is then reported as manual); False: not an open API (wildcard fails);
    # True: a truly open API (wildcard allowed).
    cors_open_api: bool | None = None
    cors_allowed_origins: tuple[str, ...] = ()  # origins that must be allowed (echoed), if known
    debug: bool = False  # a probe that crashes raises instead of reporting "error" (CLI: CGCOMPLY_DEBUG)

    def http_options(self, *, max_body_bytes: int | None = None) -> HttpOptions:
        """The bounds of the HTTP layer's clients for this run."""
        return HttpOptions(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            total_timeout=self.max_request_seconds,
            max_body_bytes=self.max_body_bytes if max_body_bytes is None else max_body_bytes,
            rate_per_second=self.rate_per_second,
            max_concurrency=self.max_concurrency,
            allow_unsafe_methods=self.allow_unsafe_methods,
            cacert=self.cacert,
            trust_env=self.trust_env,
        )
