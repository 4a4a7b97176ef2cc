"""The monitor's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Names are fixed by the monitor's shared design (``/work/COORD.md``, ``docs/monitor.md``); columns may grow,
each growth with an Alembic migration in ``migrations/versions/``. Times are ISO 8601 text in UTC
(``2026-12-02T01:40:00+00:00``), which sorts as time on both databases. A report (``Report.to_dict()``) is
stored in two parts: what belongs to its run (the ``run`` block: run id, start, end, duration) in
``results.report_run``, and the rest, which is the same run after run while nothing changes, once in
``reports``, keyed by its sha256 and compressed (zlib of the canonical JSON); ``results.report_sha256`` is
the sha256 of the whole report, as before. The rows beside a result (checks, requirements, findings,
standards) are what the queries use.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

#: JSON on SQLite, JSONB on PostgreSQL.
Json = JSON().with_variant(JSONB(), "postgresql")

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("status", String(16), nullable=False),  # running | finished | interrupted
    Column("catalogue_sha256", String(64), nullable=False),
    Column("catalogue_source", Text),
    Column("tool_version", String(40), nullable=False),
    Column("options", Json, nullable=False),  # filters, concurrency, retries, retire_after
    Column("targets", Integer, nullable=False, server_default="0"),  # deployments selected for the run
)

deployments = Table(
    "deployments",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("supplier_id", String(200), nullable=False),
    Column("supplier_name", Text, nullable=False),
    Column("product_id", String(200), nullable=False),
    Column("product_name", Text, nullable=False),
    Column("product_version", String(100)),
    Column("organisation", Text),
    Column("environment", String(200), nullable=False),
    Column("base_url", Text),
    Column("oas_url", Text),
    Column("profile", Text, nullable=False),
    Column("standards", Json, nullable=False),
    Column("contact", Text),
    Column("first_seen_run", Integer, ForeignKey("runs.id")),
    Column("last_seen_run", Integer, ForeignKey("runs.id")),
    Column("retired_run", Integer, ForeignKey("runs.id")),  # document gone on N consecutive runs
)

reports = Table(
    "reports",
    metadata,
    Column("sha256", String(64), primary_key=True),  # of the canonical JSON of the run-neutral part
    Column("encoding", String(16), nullable=False),  # "zlib": zlib-compressed UTF-8 canonical JSON
    Column("size", Integer, nullable=False),  # bytes of the canonical JSON before compression
    Column("content", LargeBinary, nullable=False),
)

results = Table(
    "results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("deployment_key", String(300), ForeignKey("deployments.key"), nullable=False),
    Column("state", String(16), nullable=False),  # done | transient | failed
    Column("attempts", Integer, nullable=False),
    Column("verdict", String(16), nullable=False),  # pass | fail | undetermined | manual
    Column("exit_code", Integer),
    Column("profile_id", Text),
    Column("profile_sha256", String(80)),
    Column("report_sha256", String(64)),  # sha256 of the whole report's canonical JSON
    Column("report_content", String(64), ForeignKey("reports.sha256")),  # its run-neutral part
    Column("report_run", Json),  # its run-specific part: {"run": {...}}
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40), nullable=False),
    Column("duration_seconds", Float, nullable=False),
    Column("error", Text),  # why a target is transient or failed (English, for logs)
    Column("document_gone", Boolean, nullable=False, server_default="0"),  # 404/410 on the document
    UniqueConstraint("run_id", "deployment_key"),
)

check_results = Table(
    "check_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("deployment_key", String(300), nullable=False),
    Column("check_id", String(120), nullable=False),
    Column("status", String(20), nullable=False),  # pass | fail | error | not_applicable | manual | accepted
    Column("level", String(10), nullable=False),  # must | should
    Column("adr_rule", String(200)),
    Index("ix_check_results_run_key", "run_id", "deployment_key"),
    Index("ix_check_results_check_run", "check_id", "run_id"),
)

requirement_results = Table(
    "requirement_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("deployment_key", String(300), nullable=False),
    Column("requirement_id", String(120), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("form", String(40)),
    Index("ix_requirement_results_run_key", "run_id", "deployment_key"),
    Index("ix_requirement_results_req_run", "requirement_id", "run_id"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("deployment_key", String(300), nullable=False),
    Column("check_id", String(120), nullable=False),
    Column("stable_id", String(32), nullable=False),  # Finding.stable_id: the same place, run after run
    Column("severity", String(10), nullable=False),
    Column("location", Text, nullable=False),  # Finding.location_key
    Column("message_id", String(200)),
    Index("ix_findings_run_key", "run_id", "deployment_key"),
    Index("ix_findings_stable", "stable_id"),
)

standard_results = Table(
    "standard_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("deployment_key", String(300), nullable=False),
    Column("standard", String(120), nullable=False),  # standard id, e.g. zgw-zaken
    Column("version", String(40), nullable=False),
    Column("verdict", String(40), nullable=False),  # voldoet | voldoet niet | niet vastgesteld (as reported)
    Column("report_sha256", String(64)),
    Index("ix_standard_results_run_key", "run_id", "deployment_key"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("url", Text, nullable=False),  # as posted, secrets masked
    Column("event", String(60), nullable=False),  # monitor.run.finished
    Column("delivery_id", String(40), nullable=False),  # X-Cgcomply-Delivery: the same on every attempt
    Column("state", String(16), nullable=False),  # sending | delivered | failed
    Column("status_code", Integer),  # of the last attempt; None: no response
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("statuses", Json, nullable=False),  # per attempt: status code or None
    Column("last_error", Text),  # why the last attempt failed (English, for logs)
    Column("started_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("delivered_at", String(40)),
    Index("ix_webhook_deliveries_run", "run_id"),
)

#: Rows written with a result, in the order they are deleted when a half-done target is redone.
ROW_TABLES = (check_results, requirement_results, findings, standard_results)
