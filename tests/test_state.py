"""Per-run state that is not HTTP: the garbage-collector pause and the debug flag (issue 8 item 3)."""

from __future__ import annotations

import gc
import re
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from cgcomply.oas.text import gc_paused
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.runner import _run_one
from cgcomply.probes.version_header import CHECK
from cgcomply.results import Status

SRC = Path(__file__).resolve().parents[1] / "src" / "cgcomply"


def test_parsers_in_two_threads_share_one_gc_pause_and_the_collector_comes_back() -> None:
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with gc_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with gc_paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first left": False}  # still paused: the second parser is not done
    assert gc.isenabled()  # the last one out restored it


def test_a_pause_restores_a_collector_the_caller_had_switched_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _raise(ctx: object) -> None:
    raise RuntimeError("boom")


_crash = SimpleNamespace(run=_raise)  # a probe unit whose function crashes


def test_the_debug_flag_is_an_option_not_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CGCOMPLY_DEBUG", "1")  # library code must not read it
    result = _run_one(_crash, CHECK, SimpleNamespace(options=ProbeOptions()))
    assert result.status is Status.ERROR and "boom" in str(result.reason)
    with pytest.raises(RuntimeError):
        _run_one(_crash, CHECK, SimpleNamespace(options=ProbeOptions(debug=True)))


# Files that read the environment. The CLI may; the others are named with why (or whose they are).
ENVIRONMENT_READERS = {
    "cli.py": "the command line reads CGCOMPLY_LANG, CGCOMPLY_DEBUG and the --header-env variables",
    "probes/cli_options.py": "builds ProbeOptions for the CLI from --header-env NAME=ENVVAR",
    "report/__init__.py": "write_report (the CLI's output) honours NO_COLOR on a terminal",
    "http/options.py": "trust_env=True (asked for) reads SSL_CERT_FILE as httpx would",
    "standards/store.py": "h-standards: CGCOMPLY_CACHE_DIR for the standards document cache",
    "standards/conform.py": "h-standards: CGCOMPLY_NO_PARSE_CACHE",
    "monitor/cli.py": "m-core: monitor run passes os.environ for the credentials a catalogue names by variable",
    "lint_many.py": "h-yaml: CGCOMPLY_DEBUG re-raises a document's crash (to become an option as in probes)",
}


def test_only_the_named_files_read_the_environment() -> None:
    readers = set()
    for path in SRC.rglob("*.py"):
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text("utf-8")):
            readers.add(path.relative_to(SRC).as_posix())
    assert readers <= set(ENVIRONMENT_READERS), sorted(readers - set(ENVIRONMENT_READERS))
