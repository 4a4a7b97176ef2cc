"""Transport security, as far as the document shows it: server URLs use https."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from cgcomply.checks.adr_versions import ALL
from cgcomply.checks.base import CheckContext, Issue, NotApplicable, pointer_join, static_check
from cgcomply.checks.versioning import server_url
from cgcomply.i18n import Text
from cgcomply.results import Level

_LOOPBACK = ("localhost", "127.0.0.1", "::1", "[::1]")


@static_check(
    id="adr.servers-https",
    adr_rule="/core/transport/tls",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Server-URL's gebruiken https", "Server URLs use https"),
    what=Text(
        "Geen server-URL (op root-, pad- of operatieniveau, variabelen vervangen door hun standaardwaarde) "
        "gebruikt gewoon `http://`. Relatieve URL's (vanaf de eigen origin van het document) en "
        "ontwikkelservers op loopback (`localhost`, `127.0.0.1`) worden niet gemeld; de live controle "
        "probe.tls kijkt naar de echte verbinding.",
        "No server URL (root, path or operation level, variables replaced by their defaults) uses plain "
        "`http://`. Relative URLs (served from the document's own origin) and loopback development servers "
        "(`localhost`, `127.0.0.1`) are not reported; the live probe probe.tls checks the real connection.",
    ),
    why=Text(
        "ADR /core/transport/tls: informatie die API's uitwisselen is beveiligd met TLS-verbindingen, "
        "zonder uitzonderingen: overal en altijd. (ADR 2.0.2: /core/transport-security, de module "
        "transportbeveiliging.)",
        "ADR /core/transport/tls: 'Information exchanged by APIs MUST be secured using TLS-based "
        "connections. No exceptions, so everywhere and always.' (ADR 2.0.2: /core/transport-security, the "
        "transport security module.)",
    ),
    fix=Text(
        "Noem de https://-basis-URL('s) van de API onder `servers`.",
        "List the API's https:// base URL(s) under `servers`.",
    ),
    explanation=Text(
        "Een API is alleen via TLS (https) bereikbaar; het document noemt geen http://-servers.",
        "An API is reachable over TLS (https) only; the document lists no http:// servers.",
    ),
    messages={
        "no-servers": Text("het document noemt geen servers", "the document lists no servers"),
        "plain-http": Text(
            "server-URL {url!r} gebruikt gewoon http; gebruik https",
            "server URL {url!r} uses plain http; use https",
        ),
    },
    variants={"2.0.2": {"adr_rule": "/core/transport-security"}},
)
def servers_https(context: CheckContext) -> Iterator[Issue]:
    if not context.index.all_servers:
        raise NotApplicable("no-servers")
    for server in context.index.all_servers:
        if not isinstance(server.value, dict):
            continue
        url = server_url(server.value)
        if url is None or not url.lower().startswith("http://"):
            continue
        host = (urlsplit(url).hostname or "").lower()
        if host in _LOOPBACK:
            continue
        yield Issue("plain-http", pointer_join(server.pointer, "url"), server.file, {"url": url})
