"""Corpus tests fail, not skip, in CI when the corpus is missing (issue 8 item 8)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _run(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    test = tmp_path / "test_needs_corpus.py"
    test.write_text(
        "from conftest import corpus_path\n\n\ndef test_it():\n    corpus_path('nothing-here')\n", "utf-8"
    )
    env = {"PATH": "/usr/bin:/bin", "CGCOMPLY_CORPUS": str(tmp_path / "no-corpus")}
    if ci:
        env["CI"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(TESTS), str(test)],
        cwd=TESTS,
        env={**env, "PYTHONPATH": str(TESTS)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_missing_corpus_skips_locally_and_fails_in_ci(tmp_path: Path) -> None:
    local = _run(tmp_path, ci=False)
    assert local.returncode == 0 and "1 skipped" in local.stdout, local.stdout
    ci = _run(tmp_path, ci=True)
    assert ci.returncode == 1 and "1 failed" in ci.stdout and "CI is set" in ci.stdout, ci.stdout
