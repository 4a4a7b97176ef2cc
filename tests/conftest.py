"""Shared test fixtures: where the corpus is, and helpers for real servers on 127.0.0.1."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = Path(os.environ.get("CGCOMPLY_CORPUS", REPO_ROOT.parent / "shared" / "corpus"))


def corpus_path(*parts: str) -> Path:
    """Path inside ``../shared/corpus``; the test is skipped with a clear reason when it is absent."""
    path = CORPUS_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus not available at {path} (set CGCOMPLY_CORPUS to the shared corpus folder)")
    return path


@pytest.fixture
def corpus_dir() -> Path:
    return corpus_path()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
