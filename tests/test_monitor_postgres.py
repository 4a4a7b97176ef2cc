"""The monitor's store on a real PostgreSQL (tests/postgres.py, 127.0.0.1): the same migrations and
schema as SQLite, the kill -9 resume over 200 targets, and the 50-deployment diff (issue 12 item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.monitor_helpers import catalogue_file
from tests.test_monitor_market import check_market_diff, run_market_twice
from tests.test_monitor_resume import kill_at_half_and_resume

from cgcomply.monitor.catalogue import load_catalogue
from cgcomply.monitor.store import open_store
from cgcomply.monitor.store.base import TargetOutcome
from cgcomply.monitor.store.tables import metadata


def test_the_migrations_make_the_tables_of_the_code_on_postgresql(fresh_postgres_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = open_store(fresh_postgres_url)
    try:
        assert store.dialect == "postgresql"
        with store.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        assert "***" in store.url and "@127.0.0.1" in store.url  # the password is never shown
    finally:
        store.close()
    open_store(fresh_postgres_url).close()  # a second open finds the schema at head


def test_one_result_per_target_and_run_on_postgresql(fresh_postgres_url: str, tmp_path: Path) -> None:
    catalogue = load_catalogue(
        catalogue_file(tmp_path / "c.yaml", [{"environment": "prod", "base_url": "https://a.example/v1"}])
    )
    key = catalogue.deployments[0].key
    outcome = TargetOutcome(
        deployment_key=key,
        state="done",
        attempts=1,
        verdict="fail",
        started_at="2026-12-02T01:00:00+00:00",
        finished_at="2026-12-02T01:00:01+00:00",
        duration_seconds=1.0,
    )
    with open_store(fresh_postgres_url) as store:
        run_id = store.start_run(catalogue, {"only": []}, 1, "2026-12-02T01:00:00+00:00")
        store.record_deployments(catalogue, catalogue.deployments, run_id)
        assert store.save_result(run_id, outcome)
        assert not store.save_result(run_id, outcome)
        assert store.count_results(run_id) == 1
        assert store.resumable_run(catalogue.sha256, {"only": []}).id == run_id  # type: ignore[union-attr]


@pytest.mark.slow
def test_a_killed_run_resumes_to_exactly_200_results_on_postgresql(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    kill_at_half_and_resume(tmp_path, fresh_postgres_url)


@pytest.mark.slow
def test_fifty_deployments_run_twice_give_the_right_diff_on_postgresql(
    fresh_postgres_url: str, tmp_path: Path
) -> None:
    store, diff = run_market_twice(tmp_path, fresh_postgres_url)
    try:
        check_market_diff(store, diff)
    finally:
        store.close()
