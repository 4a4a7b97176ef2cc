"""``cgcomply monitor demo`` (issue 12 item 1/6): the example market run twice with a change, the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.monitor.store import open_store


@pytest.mark.slow
def test_the_monitor_demo_runs_twice_and_prints_the_diff(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["monitor", "demo", "--out", str(out), "--no-tls-scan", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "example APIs started on 127.0.0.1" in result.output
    assert "run 2 of 2" in result.output
    assert "between the runs: voorbeeld/zaken-api/productie: ok → missing-security-headers" in result.output
    assert "regressed (1):\n  voorbeeld/zaken-api/productie" in result.output
    assert "improved (1):\n  voorbeeld/zaken-api/test" in result.output
    assert "10/10" in result.output  # the plain progress lines (not a terminal)
    assert (out / "catalogue.yaml").exists()
    with open_store(out / "monitor.sqlite") as store:
        assert [run.status for run in store.runs()] == ["finished", "finished"]
        flapping = store.result(2, "wankel/zaken-api/wisselvallig", with_report=False)
        assert flapping is not None and flapping.state == "transient" and flapping.verdict == "undetermined"
