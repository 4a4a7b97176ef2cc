"""The monitor's history store: :func:`open_store` on a SQLite file or a PostgreSQL URL.

``open_store("monitor.sqlite")`` or ``open_store("postgresql://user@127.0.0.1:5432/monitor")`` gives a
:class:`~cgcomply.monitor.store.base.Store` whose schema is at the newest migration (made or upgraded on
open; on PostgreSQL under an advisory lock, so that two processes opening one database do not race).
"""

from __future__ import annotations

from pathlib import Path

from cgcomply.errors import MonitorError
from cgcomply.monitor.store.base import Store

__all__ = ["Store", "head_revision", "migrate", "open_store"]

MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_ID = 0x6367_6D6F  # "cgmo": the advisory lock of the store's migrations on PostgreSQL


def open_store(url_or_path: str | Path, *, upgrade: bool = True) -> Store:
    """A store on ``url_or_path``: a ``postgresql://`` URL, a ``sqlite:///`` URL or a file path."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    text = str(url_or_path)
    if text.startswith(("postgresql:", "postgres:", "postgresql+")):
        from cgcomply.monitor.store.postgresql import postgresql_engine

        try:
            engine = postgresql_engine(text)
            shown = make_url(text).render_as_string(hide_password=True)
        except (ArgumentError, ValueError) as error:
            raise MonitorError(f"not a usable database URL: {error}", field="--db") from None
    else:
        from cgcomply.monitor.store.sqlite import sqlite_engine

        path = Path(text.removeprefix("sqlite:///")) if text.startswith("sqlite:") else Path(text)
        if path.is_dir():
            raise MonitorError("is a folder; give a database file such as monitor.sqlite", source=str(path))
        if not path.parent.exists():
            raise MonitorError("its folder does not exist", source=str(path))
        engine = sqlite_engine(path)
        shown = str(path)
    store = Store(engine, shown)
    if upgrade:
        from alembic.util import CommandError

        try:
            migrate(store)
        except CommandError as error:  # e.g. a revision this cgcomply does not know: made by a newer one
            store.close()
            raise MonitorError(
                f"the database's schema is not one this cgcomply knows ({error}); use the cgcomply that made it "
                "or a newer one",
                source=shown,
            ) from None
        except SQLAlchemyError as error:
            store.close()
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise MonitorError(f"cannot open the monitor database: {reason}", source=shown) from None
    return store


def head_revision() -> str:
    """The newest schema revision of the migrations shipped with this cgcomply."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise RuntimeError("no migrations shipped")
    return head


def migrate(store: Store, revision: str = "head") -> None:
    """Bring the store's schema to ``revision`` with the Alembic migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with store.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        current = MigrationContext.configure(connection).get_current_heads()
        wanted = set(script.get_heads()) if revision == "head" else {revision}
        if set(current) == wanted:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
