"""Transport security, as far as the document shows it: server URLs use https."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from cgcomply.checks.base import CheckContext, Issue, NotApplicable, pointer_join, static_check
from cgcomply.checks.versioning import server_url
from cgcomply.checks.versions import ALL
from cgcomply.results import Level

_LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")


@static_check(
    id="adr.servers-https",
    adr_rule="/core/transport/tls",
    level=Level.MUST,
    adr_versions=ALL,
    title="Server URLs use https",
    title_nl="Server-URL's gebruiken https",
    what=(
        "No server URL (root, path or operation level, variables replaced by their defaults) uses plain "
        "`http://`. Relative URLs (served from the document's own origin) and loopback development servers "
        "(`localhost`, `127.0.0.1`) are not reported; the live probe probe.tls checks the real connection."
    ),
    why=(
        "ADR /core/transport/tls: 'Information exchanged by APIs MUST be secured using TLS-based "
        "connections. No exceptions, so everywhere and always.' (ADR 2.0.2: /core/transport-security, the "
        "transport security module.)"
    ),
    fix="List the API's https:// base URL(s) under `servers`.",
    explanation_nl="Een API is alleen via TLS (https) bereikbaar; het document noemt geen http://-servers.",
    variants={"2.0.2": {"adr_rule": "/core/transport-security"}},
)
def servers_https(context: CheckContext) -> Iterator[Issue]:
    if not context.index.all_servers:
        raise NotApplicable("the document lists no servers")
    for server in context.index.all_servers:
        if not isinstance(server.value, dict):
            continue
        url = server_url(server.value)
        if url is None or not url.lower().startswith("http://"):
            continue
        host = (urlsplit(url).hostname or "").lower()
        if host in _LOOPBACK:
            continue
        yield Issue(
            f"server URL {url!r} uses plain http; use https", pointer_join(server.pointer, "url"), server.file
        )
