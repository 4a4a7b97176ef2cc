"""tests/servers.py itself: a stalled TLS handshake holds up no other connection."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import httpx

from cgcomply.demo.certs import ThrowawayCA
from servers import ok_json, serve


def test_a_client_that_never_says_hello_does_not_block_the_next_https_request(tmp_path: Path) -> None:
    ca = ThrowawayCA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue("127.0.0.1").load_into(context)
    with serve(ok_json(), tls=context) as server, socket.create_connection(("127.0.0.1", server.port)):
        # the silent connection above is accepted and waits for its ClientHello in a thread of its own
        trust = ssl.create_default_context(cafile=str(ca.write(tmp_path / "ca.pem")))
        response = httpx.get(server.url("/x"), verify=trust, timeout=3.0)
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert server.paths() == ["/x"]
