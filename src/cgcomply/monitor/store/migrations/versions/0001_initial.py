"""The monitor store's first schema: runs, deployments, results and the rows beside each result.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("catalogue_sha256", sa.String(64), nullable=False),
        sa.Column("catalogue_source", sa.Text),
        sa.Column("tool_version", sa.String(40), nullable=False),
        sa.Column("options", Json, nullable=False),
        sa.Column("targets", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_table(
        "deployments",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("supplier_id", sa.String(200), nullable=False),
        sa.Column("supplier_name", sa.Text, nullable=False),
        sa.Column("product_id", sa.String(200), nullable=False),
        sa.Column("product_name", sa.Text, nullable=False),
        sa.Column("product_version", sa.String(100)),
        sa.Column("organisation", sa.Text),
        sa.Column("environment", sa.String(200), nullable=False),
        sa.Column("base_url", sa.Text),
        sa.Column("oas_url", sa.Text),
        sa.Column("profile", sa.Text, nullable=False),
        sa.Column("standards", Json, nullable=False),
        sa.Column("contact", sa.Text),
        sa.Column("first_seen_run", sa.Integer),
        sa.Column("last_seen_run", sa.Integer),
        sa.Column("retired_run", sa.Integer),
        sa.PrimaryKeyConstraint("key", name="pk_deployments"),
        sa.ForeignKeyConstraint(["first_seen_run"], ["runs.id"], name="fk_deployments_first_seen_run_runs"),
        sa.ForeignKeyConstraint(["last_seen_run"], ["runs.id"], name="fk_deployments_last_seen_run_runs"),
        sa.ForeignKeyConstraint(["retired_run"], ["runs.id"], name="fk_deployments_retired_run_runs"),
    )
    op.create_table(
        "results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("deployment_key", sa.String(300), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("exit_code", sa.Integer),
        sa.Column("profile_id", sa.Text),
        sa.Column("profile_sha256", sa.String(80)),
        sa.Column("report_sha256", sa.String(64)),
        sa.Column("report", Json),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40), nullable=False),
        sa.Column("duration_seconds", sa.Float, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("document_gone", sa.Boolean, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_results"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_results_run_id_runs"),
        sa.ForeignKeyConstraint(
            ["deployment_key"], ["deployments.key"], name="fk_results_deployment_key_deployments"
        ),
        sa.UniqueConstraint("run_id", "deployment_key", name="uq_results_run_id_deployment_key"),
    )
    op.create_table(
        "check_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("deployment_key", sa.String(300), nullable=False),
        sa.Column("check_id", sa.String(120), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("adr_rule", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_check_results"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_check_results_run_id_runs"),
    )
    op.create_index("ix_check_results_run_key", "check_results", ["run_id", "deployment_key"])
    op.create_index("ix_check_results_check_run", "check_results", ["check_id", "run_id"])
    op.create_table(
        "requirement_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("deployment_key", sa.String(300), nullable=False),
        sa.Column("requirement_id", sa.String(120), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("form", sa.String(40)),
        sa.PrimaryKeyConstraint("id", name="pk_requirement_results"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_requirement_results_run_id_runs"),
    )
    op.create_index("ix_requirement_results_run_key", "requirement_results", ["run_id", "deployment_key"])
    op.create_index("ix_requirement_results_req_run", "requirement_results", ["requirement_id", "run_id"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("deployment_key", sa.String(300), nullable=False),
        sa.Column("check_id", sa.String(120), nullable=False),
        sa.Column("stable_id", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("message_id", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_findings_run_id_runs"),
    )
    op.create_index("ix_findings_run_key", "findings", ["run_id", "deployment_key"])
    op.create_index("ix_findings_stable", "findings", ["stable_id"])
    op.create_table(
        "standard_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("deployment_key", sa.String(300), nullable=False),
        sa.Column("standard", sa.String(120), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("verdict", sa.String(40), nullable=False),
        sa.Column("report_sha256", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_standard_results"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name="fk_standard_results_run_id_runs"),
    )
    op.create_index("ix_standard_results_run_key", "standard_results", ["run_id", "deployment_key"])


def downgrade() -> None:
    for index, table in (
        ("ix_standard_results_run_key", "standard_results"),
        ("ix_findings_stable", "findings"),
        ("ix_findings_run_key", "findings"),
        ("ix_requirement_results_req_run", "requirement_results"),
        ("ix_requirement_results_run_key", "requirement_results"),
        ("ix_check_results_check_run", "check_results"),
        ("ix_check_results_run_key", "check_results"),
    ):
        op.drop_index(index, table_name=table)
    for table in ("standard_results", "findings", "requirement_results", "check_results", "results"):
        op.drop_table(table)
    op.drop_table("deployments")
    op.drop_table("runs")
