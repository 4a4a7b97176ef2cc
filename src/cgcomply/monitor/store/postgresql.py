"""The shared store: PostgreSQL through psycopg 3, the same schema as SQLite (``--db postgresql://...``)."""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url


def postgresql_engine(url: str) -> Engine:
    """An engine on ``url`` (``postgresql://user@host:port/db``; the psycopg 3 driver is used)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=10)
