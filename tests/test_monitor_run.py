"""``monitor run`` (issue 12 items 2-4): verify a catalogue through the library, store every row, retry
temporary failures, resume, diff, timelines and adoption. Real example APIs on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.monitor_helpers import catalogue_file, dead_url, http_servers

import cgcomply
from cgcomply.cli import main
from cgcomply.demo.server import start_demo_server
from cgcomply.monitor.catalogue import load_catalogue
from cgcomply.monitor.diff import diff_runs
from cgcomply.monitor.run import MonitorRun, RunOptions, run_monitor
from cgcomply.monitor.store import open_store

FAST = RunOptions(tls_scan=False, retry_delay=0.1, retries=1)


def test_a_run_stores_each_report_with_its_check_requirement_and_finding_rows(tmp_path: Path) -> None:
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
        sessions: list[Any] = []

        def verify(*args: Any, **kwargs: Any) -> cgcomply.Report:
            sessions.append(kwargs["session"])
            return cgcomply.verify(*args, **kwargs)

        with open_store(tmp_path / "m.sqlite") as store:
            summary = MonitorRun(catalogue, store, FAST, verify=verify).execute()
            assert summary.status == "finished" and summary.stored == 3
            assert len({id(session) for session in sessions}) == 1  # one Session: per-host limits shared
            results = {r.deployment_key: r for r in store.results(summary.run_id)}
            assert set(results) == {"acme/zaken/good", "acme/zaken/broken", "acme/zaken/down"}
            down = results["acme/zaken/down"]
            assert (down.state, down.verdict, down.attempts) == ("transient", "undetermined", 2)
            assert "unreachable" in (down.error or "")
            broken_row = store.result(summary.run_id, "acme/zaken/broken")
            assert broken_row is not None and broken_row.report is not None
            report = broken_row.report
            assert broken_row.verdict == "fail" and broken_row.exit_code == report.exit_code() == 1
            assert broken_row.report_sha256 and len(broken_row.report_sha256) == 64
            checks = store.check_rows(summary.run_id)
            assert checks["acme/zaken/broken"]["probe.version-header"] == "fail"
            assert checks["acme/zaken/good"]["probe.version-header"] == "pass"
            assert store.requirement_rows(summary.run_id)["acme/zaken/broken"] == {
                r.id: r.verdict.value for r in report.requirements
            }
            stored_ids = sorted(
                f["stable_id"] for f in store.finding_rows(summary.run_id, "acme/zaken/broken")
            )
            expected = sorted(i for check in report.checks for i in check.finding_ids(report.target.url))
            assert stored_ids == expected and stored_ids
            assert store.deployment("acme/zaken/good").first_seen_run == summary.run_id  # type: ignore[union-attr]


def test_a_temporary_failure_is_retried_later_in_the_run_and_then_counts(tmp_path: Path) -> None:
    """The target is down at its first attempt and up at the retry: stored once, as done."""
    url = dead_url()
    port = int(url.split(":")[2].split("/")[0])
    path = catalogue_file(tmp_path / "c.yaml", [{"environment": "flapping", "base_url": url}])
    servers: list[Any] = []

    class StartOnRetry:
        def started(self, *args: Any) -> None: ...
        def target_started(self, key: str) -> None: ...
        def finished(self, summary: Any) -> None: ...

        def target_finished(self, key: str, outcome: Any, retry: bool) -> None:
            if retry and not servers:
                servers.append(start_demo_server(port=port, breaks=["http-only"]))

    try:
        with open_store(tmp_path / "m.sqlite") as store:
            summary = run_monitor(
                load_catalogue(path),
                store,
                RunOptions(tls_scan=False, retry_delay=0.1),
                progress=StartOnRetry(),
            )
            [row] = store.results(summary.run_id)
            assert (row.state, row.attempts, summary.retried) == ("done", 2, 1)
            assert row.verdict != "pass" or row.exit_code == 0
    finally:
        for server in servers:
            server.stop()


def test_an_interrupted_run_resumes_without_redoing_or_duplicating(tmp_path: Path) -> None:
    with http_servers([[], [], [], []]) as servers:
        path = catalogue_file(
            tmp_path / "c.yaml",
            [{"environment": f"e{i}", "base_url": s.base_url} for i, s in enumerate(servers)],
        )
        catalogue = load_catalogue(path)
        calls: list[str] = []

        def dies_on_the_third(*args: Any, **kwargs: Any) -> cgcomply.Report:
            calls.append(kwargs["url"])
            if len(calls) == 3:
                raise KeyboardInterrupt
            return cgcomply.verify(*args, **kwargs)

        options = RunOptions(tls_scan=False, concurrency=1)
        with open_store(tmp_path / "m.sqlite") as store:
            with pytest.raises(KeyboardInterrupt):
                MonitorRun(catalogue, store, options, verify=dies_on_the_third).execute()
            [run] = store.runs()
            assert run.status == "interrupted" and store.count_results(run.id) == 2
            again: list[str] = []

            def counting(*args: Any, **kwargs: Any) -> cgcomply.Report:
                again.append(kwargs["url"])
                return cgcomply.verify(*args, **kwargs)

            summary = MonitorRun(catalogue, store, options, verify=counting).execute()
            assert summary.resumed and summary.run_id == run.id and summary.kept == 2
            assert len(again) == 2 and not set(again) & set(calls[:2])  # finished targets not redone
            assert store.count_results(run.id) == 4 and [r.status for r in store.runs()] == ["finished"]
            fresh = MonitorRun(catalogue, store, options).execute()  # a finished run is not resumed
            assert fresh.run_id != run.id and not fresh.resumed


def test_two_runs_with_a_change_give_the_diff_timelines_and_adoption(tmp_path: Path) -> None:
    db = tmp_path / "m.sqlite"
    good = start_demo_server(breaks=["http-only"])
    broken = start_demo_server(breaks=["http-only", "no-version-header"])
    try:
        deployments = [
            {"environment": "good", "base_url": good.base_url},
            {"environment": "broken", "base_url": broken.base_url},
        ]
        path = catalogue_file(tmp_path / "c.yaml", deployments)
        runner = CliRunner()
        arguments = ["monitor", "run", str(path), "--db", str(db), "--no-tls-scan", "--quiet", "--lang", "en"]
        first = runner.invoke(main, arguments)
        assert first.exit_code == 0, first.output
        assert "first run in this database" in first.output
        # the change: the good one loses its version header, the broken one is fixed
        good_port, broken_port = good.port, broken.port
        good.stop()
        broken.stop()
        good = start_demo_server(port=good_port, breaks=["http-only", "no-version-header"])
        broken = start_demo_server(port=broken_port, breaks=["http-only"])
        second = runner.invoke(main, arguments)
        assert second.exit_code == 0, second.output
        assert "1 improved, 1 regressed" in second.output
        assert (
            "regressed:\n  acme/zaken/good" in second.output
            and "improved:\n  acme/zaken/broken" in second.output
        )
    finally:
        good.stop()
        broken.stop()
    with open_store(db) as store:
        diff = diff_runs(store, 1, 2)
        assert diff.target("acme/zaken/good").kind == "regressed"
        assert diff.target("acme/zaken/broken").kind == "improved"
        checks = {c.rule_id: c for c in diff.target("acme/zaken/good").checks}
        assert (checks["probe.version-header"].before, checks["probe.version-header"].after) == (
            "pass",
            "fail",
        )
        assert checks["adr.openapi-version"].kind == "unchanged"
        [point_1, point_2] = store.adoption("probe.version-header")
        assert (point_1.passing, point_1.failing, point_2.passing, point_2.failing) == (1, 1, 1, 1)
        [failing] = store.failing_since("probe.version-header")
        assert (failing.deployment_key, failing.since_run, failing.runs) == ("acme/zaken/good", 2, 1)
        assert failing.supplier_name == "Acme BV"
    out = CliRunner().invoke(main, ["monitor", "diff", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["counts"]["improved"] == 1 and data["counts"]["regressed"] == 1
    text = CliRunner().invoke(main, ["monitor", "diff", "--db", str(db), "1", "2"])
    assert "slechter (1):\n  acme/zaken/good" in text.output  # Dutch by default
    history = CliRunner().invoke(
        main, ["monitor", "history", "--db", str(db), "acme/zaken/broken", "--lang", "en"]
    )
    assert "run 1" in history.output and "run 2" in history.output
    rule = CliRunner().invoke(
        main, ["monitor", "adoption", "--db", str(db), "probe.version-header", "--format", "json"]
    )
    assert json.loads(rule.output)["failing_since"][0]["deployment_key"] == "acme/zaken/good"
    runs = CliRunner().invoke(main, ["monitor", "runs", "--db", str(db)])
    assert "run 1: klaar" in runs.output and "2/2" in runs.output


def test_bad_options_and_empty_selections_exit_2(tmp_path: Path) -> None:
    path = catalogue_file(tmp_path / "c.yaml", [{"environment": "x", "base_url": "https://a.example/v1"}])
    runner = CliRunner()
    result = runner.invoke(
        main, ["monitor", "run", str(path), "--db", str(tmp_path / "m.sqlite"), "--supplier", "none"]
    )
    assert result.exit_code == 2 and "geen deployment" in result.output
    result = runner.invoke(main, ["monitor", "run", str(path), "--concurrency", "0"])
    assert result.exit_code == 2 and "--concurrency" in result.output
    result = runner.invoke(main, ["monitor", "diff", "--db", str(tmp_path / "m.sqlite")])
    assert result.exit_code == 2 and "twee voltooide runs" in result.output


@pytest.mark.parametrize(("breaks", "expected"), [((), "voldoet"), (("zgw-deviation",), "voldoet niet")])
def test_a_claimed_standard_version_gets_its_own_verdict_row(
    corpus_dir: Path, tmp_path: Path, breaks: tuple[str, ...], expected: str
) -> None:
    """A deployment claims the Autorisaties API 1.0.0 at its own base URL (``id=URL`` in the catalogue),
    with its token by environment variable: the monitor runs conform for it and stores the verdict."""
    from cgcomply.demo.zgw import DEMO_TOKEN, ZGW_BASE_PATH

    with start_demo_server(breaks=breaks) as server:
        autorisaties = server.base_url.replace("/zaken/api/v1", ZGW_BASE_PATH)
        path = catalogue_file(
            tmp_path / "c.yaml",
            [
                {
                    "environment": "test",
                    "base_url": server.base_url,
                    "cacert": server.ca_path,
                    "profile": "cg-zaakgericht",
                    "standards": [f"zgw-autorisaties@1.0.0={autorisaties}"],
                    "headers_env": {"Authorization": "DEMO_TOKEN_HEADER"},
                }
            ],
        )
        catalogue = load_catalogue(path)
        assert catalogue.deployments[0].standard_url("zgw-autorisaties@1.0.0") == autorisaties
        options = RunOptions(tls_scan=False, standards_dir=str(corpus_dir))
        with open_store(tmp_path / "m.sqlite") as store:
            summary = run_monitor(
                catalogue, store, options, environ={"DEMO_TOKEN_HEADER": f"Bearer {DEMO_TOKEN}"}
            )
            rows = {(r["standard"], r["version"]): r for r in store.standard_rows(summary.run_id)}
            assert rows[("zgw-autorisaties", "1.0.0")]["verdict"] == expected
            assert ("zgw-zaken", "1.5.1") in rows  # named by the profile: a row too (its verdict is verify's)
            report = store.result(summary.run_id, "acme/zaken/test").report  # type: ignore[union-attr]
            assert report is not None and DEMO_TOKEN not in json.dumps(report.to_dict())


def test_a_credential_variable_that_is_not_set_fails_that_target_only(tmp_path: Path) -> None:
    with http_servers([[]]) as (server,):
        path = catalogue_file(
            tmp_path / "c.yaml",
            [
                {
                    "environment": "a",
                    "base_url": server.base_url,
                    "headers_env": {"Authorization": "NOT_SET_X"},
                },
                {"environment": "b", "base_url": server.base_url},
            ],
        )
        with open_store(tmp_path / "m.sqlite") as store:
            summary = run_monitor(load_catalogue(path), store, FAST, environ={})
            rows = {r.deployment_key: r for r in store.results(summary.run_id)}
    assert (rows["acme/zaken/a"].state, rows["acme/zaken/a"].verdict) == ("failed", "undetermined")
    assert "NOT_SET_X" in (rows["acme/zaken/a"].error or "")
    assert rows["acme/zaken/b"].state == "done"
