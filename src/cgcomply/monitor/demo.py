"""``cgcomply monitor demo``: the market monitor on the bundled example API, the way ``cgcomply demo`` runs
one API.

It reads ``examples/monitor/catalogue.yaml`` (shipped in the package), starts one example API
(:func:`cgcomply.demo.server.start_demo_server`) per deployment on a free 127.0.0.1 port in the break modes
the deployment's ``demo:`` block names, writes the catalogue it runs (real ports, each server's test CA)
to the output folder, runs it, makes the change between the runs (``then`` modes, ``flapping`` servers
stopped), runs it again and prints the diff. :class:`DemoMarket` is also what the tests use to stand up a
market of example APIs.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from cgcomply.errors import MonitorError
from cgcomply.i18n import Text


def example_catalogue() -> Path:
    from cgcomply.resources import data_dir

    return data_dir("examples") / "monitor" / "catalogue.yaml"


@dataclass
class _Slot:
    """One deployment of the demo market: its place in the YAML data and its server."""

    path: tuple[int, int, int]  # supplier, product, deployment index
    breaks: list[str]
    then: list[str] | None
    down: bool
    flapping: bool
    server: Any = None
    port: int = 0
    ca_path: str | None = None


@dataclass
class DemoMarket:
    """Example APIs started for a catalogue with ``demo:`` blocks, and the catalogue that points at them."""

    source: Path
    folder: Path
    data: dict[str, Any]
    slots: list[_Slot] = field(default_factory=list)

    @classmethod
    def from_file(cls, source: Path, folder: Path) -> DemoMarket:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        market = cls(source=source, folder=folder, data=data)
        for s, supplier in enumerate(data.get("suppliers") or []):
            for p, product in enumerate(supplier.get("products") or []):
                for d, deployment in enumerate(product.get("deployments") or []):
                    demo = deployment.get("demo") or {}
                    market.slots.append(
                        _Slot(
                            path=(s, p, d),
                            breaks=list(demo.get("break") or []),
                            then=list(demo["then"]) if "then" in demo else None,
                            down=bool(demo.get("down")),
                            flapping=bool(demo.get("flapping")),
                        )
                    )
        return market

    def _deployment(self, slot: _Slot) -> dict[str, Any]:
        s, p, d = slot.path
        deployment: dict[str, Any] = self.data["suppliers"][s]["products"][p]["deployments"][d]
        return deployment

    def start(self) -> Path:
        """Start the servers of the first run; write and return the catalogue in use."""
        import socket

        for slot in self.slots:
            if slot.down:
                with socket.socket() as sock:  # a free port nothing will listen on
                    sock.bind(("127.0.0.1", 0))
                    slot.port = sock.getsockname()[1]
                continue
            self._serve(slot, slot.breaks)
        return self.write()

    def change(self) -> list[str]:
        """The change between the runs; what changed, as ``key: before → after`` lines."""
        said: list[str] = []
        for slot in self.slots:
            key = self._key(slot)
            if slot.flapping and slot.server is not None:
                slot.server.stop()
                slot.server = None
                said.append(f"{key}: down")
            elif slot.then is not None and slot.server is not None and slot.then != slot.breaks:
                slot.server.stop()
                self._serve(slot, slot.then, port=slot.port)
                said.append(f"{key}: {'+'.join(slot.breaks) or 'ok'} → {'+'.join(slot.then) or 'ok'}")
        self.write()
        return said

    def stop(self) -> None:
        for slot in self.slots:
            if slot.server is not None:
                slot.server.stop()
                slot.server = None

    def _key(self, slot: _Slot) -> str:
        from cgcomply.monitor.catalogue import slug

        s, p, _ = slot.path
        supplier = self.data["suppliers"][s]
        product = supplier["products"][p]
        deployment = self._deployment(slot)
        return str(
            deployment.get("key")
            or f"{supplier['id']}/{product['id']}/{slug(str(deployment['environment']))}"
        )

    def _serve(self, slot: _Slot, breaks: list[str], port: int = 0) -> None:
        from cgcomply.demo.server import start_demo_server

        workdir = self.folder / "certs" / f"{slot.path[0]}-{slot.path[1]}-{slot.path[2]}"
        workdir.mkdir(parents=True, exist_ok=True)
        slot.server = start_demo_server(port=port, breaks=breaks, workdir=workdir)
        slot.port = slot.server.port
        slot.ca_path = slot.server.ca_path

    def write(self) -> Path:
        data = copy.deepcopy(self.data)
        for slot in self.slots:
            s, p, d = slot.path
            deployment = data["suppliers"][s]["products"][p]["deployments"][d]
            deployment.pop("demo", None)
            url = urlsplit(str(deployment["base_url"]))
            plain = slot.server is not None and slot.ca_path is None  # http-only
            scheme = "http" if plain or url.scheme == "http" else "https"
            deployment["base_url"] = urlunsplit((scheme, f"127.0.0.1:{slot.port}", url.path, "", ""))
            if slot.ca_path:
                deployment["cacert"] = slot.ca_path
        target = self.folder / "catalogue.yaml"
        header = f"# written by cgcomply monitor demo from {self.source.name}: the example APIs on their real ports\n"
        target.write_text(
            header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        return target


@contextmanager
def demo_market(source: Path, folder: Path) -> Iterator[tuple[DemoMarket, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    market = DemoMarket.from_file(source, folder)
    try:
        path = market.start()
        yield market, path
    finally:
        market.stop()


def run_demo(
    out_dir: Path,
    *,
    db: str | None = None,
    lang: str = "nl",
    echo: Callable[[str], None] = print,
    source: Path | None = None,
    tls_scan: bool = True,
) -> tuple[int, int]:
    """Run the demo; returns the ids of its two runs."""
    from cgcomply.monitor.catalogue import load_catalogue
    from cgcomply.monitor.diff import diff_runs
    from cgcomply.monitor.progress import progress_for
    from cgcomply.monitor.run import RunOptions, run_monitor
    from cgcomply.monitor.store import open_store
    from cgcomply.monitor.texts import text
    from cgcomply.monitor.views import diff_text, run_summary_text

    out_dir.mkdir(parents=True, exist_ok=True)
    if db is None:
        db_path = out_dir / "monitor.sqlite"
        for suffix in ("", "-wal", "-shm"):  # the demo's own database starts empty each time
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        db = str(db_path)
    shutil.rmtree(out_dir / "certs", ignore_errors=True)
    options = RunOptions(retries=1, retry_delay=0.5, tls_scan=tls_scan, resume=False)
    runs: list[int] = []
    with demo_market(source or example_catalogue(), out_dir) as (market, path), open_store(db) as store:
        echo(text("demo-servers", lang, count=sum(1 for slot in market.slots if slot.server), path=str(path)))
        for number in (1, 2):
            if number == 2:
                echo(text("demo-change", lang, changes="; ".join(market.change())))
            echo(text("demo-run", lang, number=number))
            catalogue = load_catalogue(path)
            summary = run_monitor(
                catalogue, store, options, progress=progress_for(lang, workers=options.concurrency)
            )
            runs.append(summary.run_id)
            previous = runs[0] if number == 2 else None
            diff = diff_runs(store, previous, summary.run_id) if previous is not None else None
            echo(run_summary_text(summary, diff, lang))
        if len(runs) != 2:  # pragma: no cover - run_monitor raises otherwise
            raise MonitorError(
                Text(
                    "de demo heeft zijn twee runs niet voltooid",
                    "the demo did not complete its two runs",
                )
            )
        echo("")
        echo(diff_text(diff_runs(store, runs[0], runs[1]), lang))
        echo(text("demo-done", lang, db=db))
    return runs[0], runs[1]
