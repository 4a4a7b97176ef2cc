"""The monitor's texts are bilingual with the same placeholders, and every key the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.i18n import catalog_problems
from cgcomply.monitor.progress import PlainProgress
from cgcomply.monitor.store.base import TargetOutcome
from cgcomply.monitor.texts import TEXTS, VERDICT_TEXTS

MONITOR = Path(__file__).resolve().parents[1] / "src" / "cgcomply" / "monitor"


def test_every_monitor_text_is_in_dutch_and_english_with_the_same_placeholders() -> None:
    assert catalog_problems(None, TEXTS) == []
    assert catalog_problems(None, VERDICT_TEXTS) == []


def test_every_text_key_used_in_the_monitor_exists() -> None:
    used = set()
    for path in MONITOR.rglob("*.py"):
        source = path.read_text("utf-8")
        if "from cgcomply.monitor.texts import" in source:  # catalogue.py has a text() of its own
            used |= set(re.findall(r'\btext\(\s*"([a-z0-9-]+)"', source))
    assert used and used <= set(TEXTS), sorted(used - set(TEXTS))


def test_validate_speaks_dutch_by_default_and_english_when_asked() -> None:
    catalogue = Path(__file__).resolve().parents[1] / "examples" / "monitor" / "catalogue.yaml"
    dutch = CliRunner().invoke(main, ["monitor", "validate", str(catalogue)])
    english = CliRunner().invoke(main, ["monitor", "validate", str(catalogue), "--lang", "en"])
    assert "3 leveranciers, 3 producten, 10 deployments" in dutch.output
    assert "3 suppliers, 3 products, 10 deployments" in english.output


def test_plain_progress_says_each_target_and_each_retry(tmp_path: Path) -> None:
    import io

    stream = io.StringIO()
    progress = PlainProgress("en", stream, workers=4)
    progress.started(7, 2, 0, False)
    progress.target_started("a/b/c")
    assert progress.tracker.slowest().startswith("a/b/c ")
    outcome = TargetOutcome(
        "a/b/c", "transient", 1, "undetermined", "t0", "t1", 0.1, error="unreachable: refused"
    )
    progress.target_finished("a/b/c", outcome, True)
    progress.target_started("a/b/c")
    progress.target_finished("a/b/c", outcome, False)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "run 7: 2 deployments (4 at once)"
    assert lines[1] == "a/b/c: temporary failure (unreachable: refused); retried later in the run"
    assert lines[2] == "1/2 a/b/c: undetermined (temporary failure: unreachable: refused)"
