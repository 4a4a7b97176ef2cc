"""Debian's Chromium through Playwright, launched one way for every browser test.

The flags keep Chromium off the network (this machine's closed network refuses its background
connections) and headless as root. Without Chromium or Playwright the test skips with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium() -> Iterator[Any]:
    """Yield a Playwright ``Browser`` on Debian's Chromium, closed afterwards (use inside a fixture)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package 'chromium'; `make test` installs it as root)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (dev dependency) is not installed"
    )
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
