"""Run the CLI in a child process and measure that child's own peak memory.

Not ``ru_maxrss``: on Linux a process keeps across ``exec`` the high-water mark of the process it was
forked from, so a child of a 545 MB pytest worker reports at least 545 MB whatever it did (the CI failure
of 2026-12-02). ``VmHWM`` in ``/proc/self/status`` belongs to the child's own address space, which
``exec`` creates new; the child writes it to a file when the CLI returns or raises.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_RUNNER = """
import sys
peak_file = sys.argv.pop(1)
try:
    from cgcomply.cli import main
    main(sys.argv[1:])
finally:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    with open(peak_file, "w", encoding="ascii") as out:
        out.write(line.split()[1])  # kB
"""


@dataclass(frozen=True)
class MeasuredRun:
    code: int
    stdout: str
    stderr: str
    peak_mb: float  # the child's own peak resident set size in MiB


def run_cli_measured(
    args: list[str], *, timeout: float = 120.0, env: dict[str, str] | None = None
) -> MeasuredRun:
    """Run ``cgcomply ARGS`` in a fresh interpreter; ``timeout`` is a hang guard, not a timing assertion."""
    with tempfile.TemporaryDirectory(prefix="cgcomply-peak-") as folder:
        peak_file = Path(folder) / "peak"
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(peak_file), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        if not peak_file.exists():
            raise AssertionError(
                f"the child wrote no peak memory (exit {done.returncode}): {done.stderr[-2000:]}"
            )
        peak_mb = int(peak_file.read_text("ascii")) / 1024
    return MeasuredRun(done.returncode, done.stdout, done.stderr, peak_mb)
