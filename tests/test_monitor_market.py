"""Issue 12 "done when": a catalogue of 50 example deployments (good, broken in each break mode,
unreachable, flapping) run twice with a change in between gives the right diff. On SQLite here; the same
function runs on PostgreSQL in ``test_monitor_postgres.py`` (m-web and m-ops extend it for the feed,
badges and exports)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cgcomply.demo.server import BREAK_MODES
from cgcomply.monitor.catalogue import load_catalogue
from cgcomply.monitor.demo import DemoMarket
from cgcomply.monitor.diff import RunDiff, diff_runs
from cgcomply.monitor.run import RunOptions, run_monitor
from cgcomply.monitor.store import open_store
from cgcomply.monitor.store.base import Store

SUPPLIERS = 5
MODES = [mode for mode in BREAK_MODES if mode != "zgw-deviation"]  # 7 modes that the probes see
FIXED = "no-version-header"  # fixed between the runs


def market_catalogue(path: Path) -> Path:
    """50 deployments: per supplier one good that breaks (a regression), one in each break mode (the one
    without API-Version is fixed: an improvement), one unreachable, one flapping (up, then down)."""
    suppliers: list[dict[str, Any]] = []
    for number in range(SUPPLIERS):
        deployments: list[dict[str, Any]] = [
            {"environment": "goed", "demo": {"break": [], "then": ["missing-security-headers"]}},
        ]
        deployments += [
            {"environment": mode, "demo": {"break": [mode], **({"then": []} if mode == FIXED else {})}}
            for mode in MODES
        ]
        deployments += [
            {"environment": "onbereikbaar", "demo": {"down": True}},
            {"environment": "wisselvallig", "demo": {"flapping": True}},
        ]
        for deployment in deployments:
            scheme = "http" if deployment["demo"].get("break") == ["http-only"] else "https"
            deployment["base_url"] = f"{scheme}://127.0.0.1:1/zaken/api/v1"
        suppliers.append(
            {
                "id": f"leverancier-{number}",
                "name": f"Leverancier {number}",
                "products": [{"id": "zaken", "name": "Zaken", "version": "1.0", "deployments": deployments}],
            }
        )
    path.write_text(yaml.safe_dump({"suppliers": suppliers}, sort_keys=False), encoding="utf-8")
    return path


def run_market_twice(tmp_path: Path, db: str) -> tuple[Store, RunDiff]:
    """Serve the 50, run, change, run again; the store (open: the caller closes it) and the diff."""
    source = market_catalogue(tmp_path / "markt.yaml")
    options = RunOptions(
        tls_scan=False, retries=1, retry_delay=0.2, per_host_rate=500, per_host_concurrency=16, resume=False
    )
    market = DemoMarket.from_file(source, tmp_path / "in-use")
    (tmp_path / "in-use").mkdir()
    store = open_store(db)
    try:
        path = market.start()
        first = run_monitor(load_catalogue(path), store, options)
        market.change()
        second = run_monitor(load_catalogue(path), store, options)
    finally:
        market.stop()
    assert first.stored == second.stored == 50
    return store, diff_runs(store, first.run_id, second.run_id)


def check_market_diff(store: Store, diff: RunDiff) -> None:
    suppliers = [f"leverancier-{n}" for n in range(SUPPLIERS)]
    regressed = {t.key for t in diff.regressed}
    improved = {t.key for t in diff.improved}
    assert regressed == {f"{s}/zaken/goed" for s in suppliers}
    assert improved == {f"{s}/zaken/{FIXED}" for s in suppliers}
    assert diff.counts() == {"improved": 5, "regressed": 5, "unchanged": 40, "new": 0, "gone": 0}
    assert len(diff.targets) == 50
    for supplier in suppliers:
        flapping = diff.target(f"{supplier}/zaken/wisselvallig")
        assert (
            not flapping.confirmed
            and flapping.after == "undetermined"
            and flapping.after_state == "transient"
        )
        assert (
            flapping.kind == "unchanged"
        )  # "niet vastgesteld" both times: without the TLS scan even a good API is
        assert flapping.checks == []  # an outage is not a regression per rule
        broken = diff.target(f"{supplier}/zaken/goed")
        assert broken.confirmed and broken.after == "fail"
        assert {c.rule_id for c in broken.changed_checks()} == {"probe.security-headers"}
        fixed = diff.target(f"{supplier}/zaken/{FIXED}")
        assert {c.rule_id: c.kind for c in fixed.changed_checks()} == {"probe.version-header": "improved"}
        unreachable = diff.target(f"{supplier}/zaken/onbereikbaar")
        assert (unreachable.kind, unreachable.after) == ("unchanged", "undetermined")
        for mode in [m for m in MODES if m != FIXED]:
            assert diff.target(f"{supplier}/zaken/{mode}").kind == "unchanged"
    by_check = {summary.rule_id: summary.counts for summary in diff.checks}
    assert by_check["probe.security-headers"]["regressed"] == 5
    assert (
        by_check["probe.version-header"]["improved"] == 5
        and by_check["probe.version-header"]["regressed"] == 0
    )
    # the broken modes fail what they break, in both runs
    earlier, latest = store.check_rows(diff.run_a), store.check_rows(diff.run_b)
    for supplier in suppliers:
        assert earlier[f"{supplier}/zaken/no-version-header"]["probe.version-header"] == "fail"
        assert latest[f"{supplier}/zaken/no-version-header"]["probe.version-header"] == "pass"
        assert latest[f"{supplier}/zaken/missing-security-headers"]["probe.security-headers"] == "fail"
        # plain HTTP without the TLS scan: probe.tls cannot decide, so never a pass
        assert store.result(diff.run_b, f"{supplier}/zaken/http-only").verdict != "pass"  # type: ignore[union-attr]
        assert latest[f"{supplier}/zaken/redirect-trailing-slash"]["probe.no-trailing-slash"] == "fail"
        assert latest[f"{supplier}/zaken/plain-errors"]["probe.problem-details"] == "fail"
        assert latest[f"{supplier}/zaken/wildcard-cors"]["probe.cors"] != "pass"
        assert latest[f"{supplier}/zaken/unpublished-document"]["probe.publish-openapi"] == "fail"
    gone = [r for r in store.results(diff.run_b) if r.document_gone]
    assert {r.deployment_key for r in gone} == {f"{s}/zaken/unpublished-document" for s in suppliers}
    [failing] = [
        f for f in store.failing_since("probe.security-headers") if f.deployment_key.endswith("/goed")
    ][:1]
    assert failing.since_run == diff.run_b and failing.runs == 1


@pytest.mark.slow
def test_fifty_deployments_run_twice_with_a_change_give_the_right_diff_on_sqlite(tmp_path: Path) -> None:
    store, diff = run_market_twice(tmp_path, str(tmp_path / "monitor.sqlite"))
    try:
        check_market_diff(store, diff)
    finally:
        store.close()
