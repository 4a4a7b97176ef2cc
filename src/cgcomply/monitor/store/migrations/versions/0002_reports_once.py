"""Each distinct report stored once: a ``reports`` table keyed by sha256, compressed; existing rows moved.

Until 0001 every result carried its whole report (``results.report``, ``Report.to_dict()`` as JSON), about
50-60 KB per deployment per run, even when nothing had changed since the run before. From here a report is
split into what belongs to its run (the top-level ``run`` block: run id, start, end, duration), kept in
``results.report_run``, and the rest, which stays the same run after run while the API does not change:
that part is stored once in ``reports`` (sha256 of its canonical JSON, zlib-compressed) and referred to by
``results.report_content``. ``results.report_sha256`` keeps its meaning: the sha256 of the whole report.

The upgrade moves every existing report in batches (bounded memory) and then drops ``results.report``;
the downgrade puts the whole reports back. The helpers are copied here on purpose: a migration must keep
doing what it did when the code around it changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")
BATCH = 200
RUN_KEYS = ("run",)

_results = sa.table(
    "results",
    sa.column("id", sa.Integer),
    sa.column("report", Json),
    sa.column("report_content", sa.String),
    sa.column("report_run", Json),
)
_reports = sa.table(
    "reports",
    sa.column("sha256", sa.String),
    sa.column("encoding", sa.String),
    sa.column("size", sa.Integer),
    sa.column("content", sa.LargeBinary),
)


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _insert_report_once(connection: Any, sha256: str, text: bytes) -> None:
    values = {"sha256": sha256, "encoding": "zlib", "size": len(text), "content": zlib.compress(text, 6)}
    statement: Any
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        statement = postgresql_insert(_reports).values(**values).on_conflict_do_nothing()
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(_reports).values(**values).on_conflict_do_nothing()
    connection.execute(statement)


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("encoding", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_reports"),
    )
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("report_content", sa.String(64)))
        batch.add_column(sa.Column("report_run", Json))
        batch.create_foreign_key(
            "fk_results_report_content_reports", "reports", ["report_content"], ["sha256"]
        )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(_results.c.id, _results.c.report)
            .where(sa.and_(_results.c.id > last, _results.c.report.is_not(None)))
            .order_by(_results.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for row_id, data in rows:
            last = row_id
            if isinstance(data, str):  # a driver that hands JSON back as text
                data = json.loads(data)
            run_part = {key: data[key] for key in RUN_KEYS if key in data}
            rest = {key: value for key, value in data.items() if key not in RUN_KEYS}
            text = _canonical(rest)
            sha256 = hashlib.sha256(text).hexdigest()
            _insert_report_once(connection, sha256, text)
            connection.execute(
                sa.update(_results)
                .where(_results.c.id == row_id)
                .values(report_content=sha256, report_run=run_part)
            )
    with op.batch_alter_table("results") as batch:
        batch.drop_column("report")


def downgrade() -> None:
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("report", Json))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(_results.c.id, _results.c.report_run, _reports.c.encoding, _reports.c.content)
            .join(_reports, _reports.c.sha256 == _results.c.report_content)
            .where(_results.c.id > last)
            .order_by(_results.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for row_id, run_part, encoding, content in rows:
            last = row_id
            if encoding != "zlib":
                raise RuntimeError(f"report of result {row_id}: unknown encoding {encoding!r}")
            data = json.loads(zlib.decompress(content).decode("utf-8"))
            data.update(run_part or {})
            connection.execute(sa.update(_results).where(_results.c.id == row_id).values(report=data))
    with op.batch_alter_table("results") as batch:
        batch.drop_constraint("fk_results_report_content_reports", type_="foreignkey")
        batch.drop_column("report_run")
        batch.drop_column("report_content")
    op.drop_table("reports")
