"""Alembic environment of the monitor store: always run on the connection the store hands over.

``cgcomply.monitor.store.migrate`` puts an open connection in ``config.attributes["connection"]``; there is
no ``alembic.ini`` and no URL here, so the same migrations run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from alembic import context

from cgcomply.monitor.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the store runs these migrations
    raise RuntimeError("the monitor store's migrations run through cgcomply.monitor.store.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
