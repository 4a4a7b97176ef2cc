"""A real market history for the dashboard's tests: m-core's ``monitor demo`` (the bundled example APIs
in their break modes on 127.0.0.1, run twice with a change in between) into a SQLite file, once per test
process."""

from __future__ import annotations

from pathlib import Path

_MADE: dict[str, Path] = {}  # test helper state (per test process): the demo runs once


def demo_db(tmp_path_factory: object) -> Path:
    """The SQLite file of two runs of the demo market (made on first use)."""
    if "db" not in _MADE:
        from cgcomply.monitor.demo import run_demo

        folder = Path(tmp_path_factory.mktemp("monitor-demo"))  # type: ignore[attr-defined]
        run_demo(folder, echo=lambda line: None, tls_scan=False)
        _MADE["db"] = folder / "monitor.sqlite"
    return _MADE["db"]
