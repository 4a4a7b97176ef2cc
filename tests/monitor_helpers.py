"""Helpers for the monitor tests: a market of example APIs on loopback and catalogues that point at them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import yaml

from cgcomply.demo.server import DemoServer, start_demo_server


def catalogue_file(path: Path, deployments: Sequence[dict[str, Any]], *, supplier: str = "acme") -> Path:
    """A catalogue of one supplier and product with ``deployments`` (dicts as in the YAML)."""
    data = {
        "suppliers": [
            {
                "id": supplier,
                "name": supplier.title() + " BV",
                "products": [
                    {"id": "zaken", "name": "Zaken", "version": "1.0", "deployments": list(deployments)}
                ],
            }
        ]
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@contextmanager
def http_servers(modes: Sequence[Sequence[str]]) -> Iterator[list[DemoServer]]:
    """Example APIs over plain HTTP (fast: no TLS), one per list of break modes."""
    with ExitStack() as stack:
        yield [stack.enter_context(start_demo_server(breaks=["http-only", *m])) for m in modes]


def dead_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/zaken/api/v1"
