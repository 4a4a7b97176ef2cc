"""Webhook deliveries stored: one row per webhook and run (state, status code, attempts, last error).

Until 0002 a webhook's delivery was only printed after the run; a failed delivery left no trace in the
history. From here ``monitor.webhooks.notify_run`` writes a row before the first attempt (``sending``) and
updates it after every attempt, ending ``delivered`` or ``failed``; ``monitor runs`` and the dashboard's
runs page show them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("event", sa.String(60), nullable=False),
        sa.Column("delivery_id", sa.String(40), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("statuses", Json, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("delivered_at", sa.String(40)),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_webhook_deliveries_run_id_runs"),
    )
    op.create_index("ix_webhook_deliveries_run", "webhook_deliveries", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_run", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
