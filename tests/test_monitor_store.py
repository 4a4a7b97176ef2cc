"""The monitor's store (issue 12 item 3): migrations, WAL, one result per target and run, the read API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.monitor_helpers import catalogue_file

from cgcomply.errors import MonitorError
from cgcomply.monitor.catalogue import load_catalogue
from cgcomply.monitor.store import open_store
from cgcomply.monitor.store.base import TargetOutcome
from cgcomply.monitor.store.tables import metadata


def test_the_migrations_make_exactly_the_tables_of_the_code(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = open_store(tmp_path / "m.sqlite")
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    store.close()
    assert differences == []


def test_sqlite_runs_in_wal_mode_and_a_second_open_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]
    open_store(path).close()
    with sqlite3.connect(path) as connection:  # as if a newer cgcomply had migrated it further
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(MonitorError, match="schema is not one this cgcomply knows"):
        open_store(path)


def test_a_bad_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MonitorError, match="its folder does not exist"):
        open_store(tmp_path / "nowhere" / "m.sqlite")
    (tmp_path / "not.sqlite").write_text("this is not a database", encoding="utf-8")
    with pytest.raises(MonitorError, match="cannot open the monitor database"):
        open_store(tmp_path / "not.sqlite")
    with pytest.raises(MonitorError, match="cannot open the monitor database"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def _outcome(key: str, verdict: str = "fail", gone: bool = False) -> TargetOutcome:
    return TargetOutcome(
        deployment_key=key,
        state="done",
        attempts=1,
        verdict=verdict,
        started_at="2026-12-02T01:00:00+00:00",
        finished_at="2026-12-02T01:00:01+00:00",
        duration_seconds=1.0,
        document_gone=gone,
    )


def test_a_target_is_stored_once_per_run_and_retired_after_n_runs_gone(tmp_path: Path) -> None:
    catalogue = load_catalogue(
        catalogue_file(tmp_path / "c.yaml", [{"environment": "prod", "base_url": "https://a.example/v1"}])
    )
    key = catalogue.deployments[0].key
    with open_store(tmp_path / "m.sqlite") as store:
        runs = []
        for number in range(3):
            run_id = store.start_run(catalogue, {}, 1, f"2026-12-0{number + 1}T00:00:00+00:00")
            store.record_deployments(catalogue, catalogue.deployments, run_id)
            assert store.save_result(run_id, _outcome(key, gone=True), retire_after=2)
            assert not store.save_result(run_id, _outcome(key, verdict="pass"), retire_after=2)  # not twice
            store.finish_run(run_id, "finished", f"2026-12-0{number + 1}T00:01:00+00:00")
            runs.append(run_id)
            retired = store.deployment(key).retired_run  # type: ignore[union-attr]
            assert retired == (None if number == 0 else runs[1])
        assert [r.verdict for r in store.results(runs[0])] == ["fail"]
        assert [p.verdict for p in store.history(key)] == ["fail", "fail", "fail"]
        run_id = store.start_run(catalogue, {}, 1, "2026-12-04T00:00:00+00:00")
        store.save_result(run_id, _outcome(key, verdict="pass"), retire_after=2)
        assert store.deployment(key).retired_run is None  # type: ignore[union-attr]  # back: not retired


def test_the_dashboard_site_feed_badges_exports_and_api_read_only_through_the_store() -> None:
    """One read API (issue 12 review, D6): no SQL beside ``Store`` in what reads the history."""
    import re

    import cgcomply

    package = Path(cgcomply.__file__).parent
    readers = [
        *sorted((package / "web" / "dashboard").glob("*.py")),
        *sorted((package / "monitor" / "exports").glob("*.py")),
        package / "monitor" / "site.py",
        package / "monitor" / "feed.py",
        package / "monitor" / "badge.py",
        package / "monitor" / "views.py",
        package / "monitor" / "diff.py",
    ]
    sql = re.compile(r"\bfrom sqlalchemy\b|\bimport sqlalchemy\b|\bSELECT\s|\.engine\b")
    found = [
        f"{path.relative_to(package)}:{number}: {line.strip()}"
        for path in readers
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if sql.search(line) and "SQLAlchemyError" not in line
    ]
    assert found == []


def test_the_dashboard_refuses_a_database_of_an_older_schema_with_how_to_upgrade(tmp_path: Path) -> None:
    from cgcomply.errors import UsageError
    from cgcomply.monitor.store import migrate
    from cgcomply.web.dashboard.data import open_reader

    path = tmp_path / "old.sqlite"
    old = open_store(path, upgrade=False)
    migrate(old, "0001")
    old.close()
    with pytest.raises(UsageError, match="upgrade it once with: cgcomply monitor runs --db DB"):
        open_reader(str(path))
    open_store(path).close()  # what `monitor runs` does: migrate on open
    open_reader(str(path)).close()
