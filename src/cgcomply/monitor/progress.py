"""The progress of a monitor run on the terminal: a bar with counts and the current slowest targets
(rich, when stderr is a terminal), or one plain line per finished target (a log, CI, a pipe)."""

from __future__ import annotations

import sys
import threading
import time
from typing import IO, Any

from cgcomply.monitor.run import RunSummary
from cgcomply.monitor.store.base import TargetOutcome
from cgcomply.monitor.texts import text, word

SLOWEST = 3


class _Tracker:
    """Counts and the targets in flight with their start times (threads report in)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.total = 0
        self.done = 0
        self.running: dict[str, float] = {}

    def slowest(self) -> str:
        now = time.monotonic()
        with self.lock:
            items = sorted(self.running.items(), key=lambda item: item[1])[:SLOWEST]
        return ", ".join(f"{key} {now - started:.0f} s" for key, started in items) or "—"


class PlainProgress:
    """One line per finished target on ``stream``; retries are said too."""

    def __init__(self, lang: str, stream: IO[str] | None = None, *, workers: int = 1) -> None:
        self.lang = lang
        self.workers = workers
        self.stream = stream or sys.stderr
        self.tracker = _Tracker()

    def _say(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def started(self, run_id: int, total: int, already: int, resumed: bool) -> None:
        self.tracker.total, self.tracker.done = total, already
        if resumed:
            self._say(text("run-resumed", self.lang, run=run_id, kept=already, total=total))
        else:
            self._say(text("run-started", self.lang, run=run_id, total=total, workers=self.workers))

    def target_started(self, key: str) -> None:
        with self.tracker.lock:
            self.tracker.running[key] = time.monotonic()

    def target_finished(self, key: str, outcome: TargetOutcome | None, retry: bool) -> None:
        with self.tracker.lock:
            self.tracker.running.pop(key, None)
            if not retry:
                self.tracker.done += 1
            done, total = self.tracker.done, self.tracker.total
        if retry:
            self._say(text("retry-line", self.lang, key=key, error=outcome.error if outcome else "?"))
            return
        verdict = word(outcome.verdict if outcome else None, self.lang)
        extra = ""
        if outcome is not None and outcome.state != "done":
            extra = f" ({word(outcome.state, self.lang)}: {outcome.error})"
        self._say(
            text("target-line", self.lang, done=done, total=total, key=key, verdict=verdict, extra=extra)
        )

    def finished(self, summary: RunSummary) -> None:
        pass


class BarProgress(PlainProgress):
    """A rich progress bar: counts, and the targets in flight longest."""

    def __init__(self, lang: str, stream: IO[str] | None = None, *, workers: int = 1) -> None:
        super().__init__(lang, stream, workers=workers)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.text import Text as RichText

        tracker = self.tracker

        class SlowestColumn(ProgressColumn):
            """The targets in flight longest, with their seconds so far (computed at each refresh)."""

            def render(self, task: Any) -> RichText:
                return RichText(tracker.slowest(), style="yellow")

        self.console = Console(file=self.stream)
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            SlowestColumn(),
            console=self.console,
            transient=False,
        )
        self.task: Any = None

    def started(self, run_id: int, total: int, already: int, resumed: bool) -> None:
        self.tracker.total, self.tracker.done = total, already
        if resumed:
            self.console.print(text("run-resumed", self.lang, run=run_id, kept=already, total=total))
        self.console.print(text("run-started", self.lang, run=run_id, total=total, workers=self.workers))
        self.bar.start()
        self.task = self.bar.add_task(
            text("progress-bar", self.lang), total=total, completed=already, slowest=""
        )

    def target_started(self, key: str) -> None:
        super().target_started(key)
        self._refresh()

    def target_finished(self, key: str, outcome: TargetOutcome | None, retry: bool) -> None:
        with self.tracker.lock:
            self.tracker.running.pop(key, None)
            if not retry:
                self.tracker.done += 1
        if retry or (outcome is not None and outcome.state != "done"):
            state = "transient" if retry else (outcome.state if outcome else "failed")
            self.bar.console.print(f"{key}: {word(state, self.lang)}: {outcome.error if outcome else ''}")
        self._refresh()

    def _refresh(self) -> None:
        if self.task is None:
            return
        self.bar.update(self.task, completed=self.tracker.done)

    def finished(self, summary: RunSummary) -> None:
        self._refresh()
        self.bar.stop()


def progress_for(
    lang: str, *, quiet: bool = False, stream: IO[str] | None = None, workers: int = 1
) -> PlainProgress | None:
    """A bar on a terminal, plain lines elsewhere, nothing with ``quiet``."""
    if quiet:
        return None
    out = stream or sys.stderr
    if out.isatty():
        return BarProgress(lang, out, workers=workers)
    return PlainProgress(lang, out, workers=workers)
