"""Each distinct report stored once (issue 12 review): the run-neutral part of a report in ``reports``,
keyed by sha256 and compressed, its run part with the result; read back exactly; migration 0002 moves the
reports of a 0001 database there (and back), on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text
from tests.monitor_helpers import catalogue_file, dead_url, http_servers

import cgcomply
from cgcomply.monitor.catalogue import load_catalogue
from cgcomply.monitor.run import MonitorRun, RunOptions
from cgcomply.monitor.store import migrate, open_store
from cgcomply.monitor.store.base import Store, pack_report, report_json, unpack_report
from cgcomply.monitor.store.tables import deployments, metadata, reports, runs
from cgcomply.report.model import Report

FAST = RunOptions(tls_scan=False, retry_delay=0.1, retries=1, resume=False)


def _run_twice(tmp_path: Path, db: str) -> tuple[Store, list[Report], list[int]]:
    """Three deployments (good, broken, unreachable) run twice without a change; the reports verify gave."""
    made: list[Report] = []

    def verify(*args: Any, **kwargs: Any) -> Report:
        report = cgcomply.verify(*args, **kwargs)
        made.append(report)
        return report

    store = open_store(db)
    with http_servers([[], ["no-version-header"]]) as (good, broken):
        path = catalogue_file(
            tmp_path / "c.yaml",
            [
                {"environment": "good", "base_url": good.base_url},
                {"environment": "broken", "base_url": broken.base_url},
                {"environment": "down", "base_url": dead_url()},
            ],
        )
        catalogue = load_catalogue(path)
        run_ids = [MonitorRun(catalogue, store, FAST, verify=verify).execute().run_id for _ in range(2)]
    return store, made, run_ids


def _check_stored_once(store: Store, made: list[Report], run_ids: list[int]) -> None:
    # every report verify gave is read back exactly (same canonical JSON, same sha256 as stored)
    read = {
        row.report_sha256: row
        for run_id in run_ids
        for row in store.results(run_id, with_reports=True)
        if row.report_data is not None
    }
    originals = {report_json(report.to_dict())[1]: report for report in made}
    assert len(read) == 6 and set(read) <= set(originals)  # of the unreachable one, its last attempt
    for digest, row in read.items():
        report = originals[digest]
        assert report_json(row.report_data or {})[0] == report_json(report.to_dict())[0]
        assert Report.from_dict(row.report_data or {}).to_dict() == report.to_dict()
        single = store.result(row.run_id, row.deployment_key)
        assert single is not None and single.report_data == row.report_data
    # the two runs differ only in their run block: three contents for six results, compressed
    first = {r.deployment_key: r.report_data for r in store.results(run_ids[0], with_reports=True)}
    second = {r.deployment_key: r.report_data for r in store.results(run_ids[1], with_reports=True)}
    for key in first:
        assert first[key] is not None and second[key] is not None
        assert first[key]["run"]["id"] != second[key]["run"]["id"]  # type: ignore[index]
    stats = store.report_stats()
    assert stats["results"] == 6 and stats["distinct"] == 3
    assert stats["stored_bytes"] * 4 < stats["json_bytes"]
    without = store.results(run_ids[0])
    assert all(row.report_data is None and row.report_sha256 for row in without)


def test_each_distinct_report_is_stored_once_and_read_back_exactly(tmp_path: Path) -> None:
    store, made, run_ids = _run_twice(tmp_path, str(tmp_path / "m.sqlite"))
    try:
        _check_stored_once(store, made, run_ids)
    finally:
        store.close()


def test_each_distinct_report_is_stored_once_on_postgresql(fresh_postgres_url: str, tmp_path: Path) -> None:
    store, made, run_ids = _run_twice(tmp_path, fresh_postgres_url)
    try:
        _check_stored_once(store, made, run_ids)
    finally:
        store.close()


def test_pack_and_unpack_give_back_the_report() -> None:
    data = {"schema_version": 3, "run": {"id": "r1", "started_at": "x"}, "checks": [{"id": "a", "n": 1.5}]}
    packed = pack_report(data)
    assert packed.run_part == {"run": {"id": "r1", "started_at": "x"}}
    assert packed.sha256 == report_json(data)[1] and packed.content_sha256 != packed.sha256
    assert unpack_report("zlib", packed.content, packed.run_part) == data
    other = pack_report({**data, "run": {"id": "r2", "started_at": "y"}})
    assert other.content_sha256 == packed.content_sha256 and other.sha256 != packed.sha256
    with pytest.raises(ValueError, match="unknown encoding"):
        unpack_report("lz4", packed.content, None)


def _old_database(url: str, source: Store, run_ids: list[int]) -> list[dict[str, Any]]:
    """A database at revision 0001 holding ``source``'s runs as 0001 stored them: the whole report in
    ``results.report``. Returns the result rows written."""
    old = open_store(url, upgrade=False)
    migrate(old, "0001")
    written: list[dict[str, Any]] = []
    with source.engine.connect() as reading, old.engine.begin() as writing:
        for row in reading.execute(select(runs).order_by(runs.c.id)):
            writing.execute(insert(runs).values(**row._mapping))
        for row in reading.execute(select(deployments)):
            writing.execute(insert(deployments).values(**row._mapping))
        for run_id in run_ids:
            for result in source.results(run_id, with_reports=True):
                values = {
                    name: getattr(result, name)
                    for name in (
                        "run_id",
                        "deployment_key",
                        "state",
                        "attempts",
                        "verdict",
                        "exit_code",
                        "profile_id",
                        "profile_sha256",
                        "report_sha256",
                        "started_at",
                        "finished_at",
                        "duration_seconds",
                        "error",
                        "document_gone",
                    )
                }
                values["report"] = result.report_data
                written.append(values)
        from sqlalchemy import column, table

        from cgcomply.monitor.store.tables import Json

        old_results = table("results", *[column(name) for name in written[0] if name != "report"])
        old_results.append_column(column("report", Json))
        writing.execute(insert(old_results), written)
        if writing.dialect.name == "postgresql":  # the ids were copied: move the sequence past them
            writing.execute(text("SELECT setval('runs_id_seq', (SELECT MAX(id) FROM runs))"))
    old.close()
    return written


def _check_migration(url: str, source: Store, run_ids: list[int]) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    written = _old_database(url, source, run_ids)
    store = open_store(url)  # migrates 0001 -> head
    try:
        with store.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
            assert connection.execute(select(func.count()).select_from(reports)).scalar_one() == 3
            assert "report" not in {c["name"] for c in _columns(connection, "results")}
        for values in written:
            row = store.result(values["run_id"], values["deployment_key"])
            assert row is not None and row.report_data == values["report"]
            assert report_json(row.report_data or {})[1] == values["report_sha256"]
        assert store.report_stats()["distinct"] == 3
        # what the migrated store writes next finds the moved contents: nothing new for the same report
        _downgrade(store, "0001")  # and back: the whole reports again in results.report
        with store.engine.connect() as connection:
            back = {
                (r.run_id, r.deployment_key): r.report
                for r in connection.execute(text("SELECT run_id, deployment_key, report FROM results"))
            }
            assert "reports" not in _tables(connection)
        for values in written:
            found = back[(values["run_id"], values["deployment_key"])]
            assert (json.loads(found) if isinstance(found, str) else found) == values["report"]
    finally:
        store.close()


def _downgrade(store: Store, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from cgcomply.monitor.store import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _columns(connection: Any, table: str) -> list[dict[str, Any]]:
    from sqlalchemy import inspect

    return list(inspect(connection).get_columns(table))


def _tables(connection: Any) -> list[str]:
    from sqlalchemy import inspect

    return list(inspect(connection).get_table_names())


def test_migration_0002_moves_the_reports_of_an_old_database_and_back(tmp_path: Path) -> None:
    source, _, run_ids = _run_twice(tmp_path, str(tmp_path / "new.sqlite"))
    try:
        _check_migration(str(tmp_path / "old.sqlite"), source, run_ids)
    finally:
        source.close()


def test_migration_0002_on_postgresql(fresh_postgres_url: str, tmp_path: Path) -> None:
    source, _, run_ids = _run_twice(tmp_path, str(tmp_path / "new.sqlite"))
    try:
        _check_migration(fresh_postgres_url, source, run_ids)
    finally:
        source.close()
