"""Politeness across the whole run (issue 12 item 2): the per-host concurrency limit holds for all the
targets on one host together, because every target is verified through one shared Session."""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack
from pathlib import Path

from tests.monitor_helpers import catalogue_file
from tests.servers import Reply, Seen, serve

from cgcomply.monitor.catalogue import load_catalogue
from cgcomply.monitor.run import RunOptions, run_monitor
from cgcomply.monitor.store import open_store


class InFlight:
    """Counts the requests being answered at once, over several servers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.seen = 0

    def __call__(self, request: Seen) -> Reply:
        with self.lock:
            self.now += 1
            self.seen += 1
            self.most = max(self.most, self.now)
        time.sleep(0.02)  # long enough for a second request to arrive if one were sent
        with self.lock:
            self.now -= 1
        return Reply(
            404, {"Content-Type": "application/problem+json"}, b'{"status": 404, "title": "Not Found"}'
        )


def _most_at_once(tmp_path: Path, per_host: int) -> InFlight:
    counter = InFlight()
    with ExitStack() as stack:
        servers = [stack.enter_context(serve(counter)) for _ in range(3)]  # three ports, one host: 127.0.0.1
        path = catalogue_file(
            tmp_path / f"c{per_host}.yaml",
            [
                {"environment": f"e{n}", "base_url": f"http://127.0.0.1:{s.server_address[1]}/api/v1"}
                for n, s in enumerate(servers)
            ],
        )
        options = RunOptions(
            concurrency=3, per_host_concurrency=per_host, per_host_rate=200, tls_scan=False, retries=0
        )
        with open_store(tmp_path / f"m{per_host}.sqlite") as store:
            summary = run_monitor(load_catalogue(path), store, options)
            assert summary.stored == 3
    return counter


def test_the_per_host_limit_holds_across_all_targets_on_that_host(tmp_path: Path) -> None:
    limited = _most_at_once(tmp_path, per_host=1)
    assert limited.seen >= 6  # every target was asked something
    assert limited.most == 1  # never two requests at once to 127.0.0.1, over the three targets
    loose = _most_at_once(tmp_path, per_host=3)  # the control: the three targets do run at once
    assert loose.most > 1
