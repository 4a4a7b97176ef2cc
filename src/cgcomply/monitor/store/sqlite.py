"""The embedded store: one SQLite file in WAL mode (readers never block the writer), with a busy timeout
so that a dashboard reading and a run writing wait for each other instead of failing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 30_000


def sqlite_engine(path: str | Path) -> Engine:
    """An engine on the SQLite file ``path`` (created when missing), WAL, busy timeout, foreign keys on."""
    engine = create_engine(
        f"sqlite+pysqlite:///{Path(path)}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe with WAL
        cursor.close()

    return engine
