"""``cgcomply lint DOC_OR_URL...``: many documents (files, URLs, folders, globs) in one process.

Start-up (imports, the checks' registry, the OpenAPI meta-schema) is paid once for the whole run instead
of once per document. Every document gets its own report, exactly as ``cgcomply lint DOC`` makes it; a
document that cannot be loaded gets its error instead (and exit code 2), and a crash in one document is
recorded (exit code 4) without losing the others. :class:`LintRun` holds them in order and renders them
together: the text and Markdown formats one report after another and a summary table, JSON one object with
every report and the summary, SARIF one log with a run per document, JUnit one ``<testsuites>`` with the
suites of every document. The run's exit code is the worst of its documents, in the order 4 (internal
error), 2 (bad input), 1 (a MUST rule fails), 3 (not determined), 0.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cgcomply.errors import ERROR_PREFIX, CgcomplyError, UsageError
from cgcomply.i18n import Text

if TYPE_CHECKING:
    from cgcomply.linting import LintOptions
    from cgcomply.report.model import Report

#: File name endings that a folder argument picks up.
DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")
#: Exit codes from worst to best.
_SEVERITY = (4, 2, 1, 3, 0)
_GLOB_CHARS = frozenset("*?[")

_TEXT = {
    "nl": {
        "summary": "Samenvatting: {count} documenten",
        "document": "document",
        "exit": "exitcode",
        "fails": "MUST faalt",
        "result": "resultaat",
        "error": "niet te lezen",
        "crash": "interne fout",
        "ok": "geen MUST-regel faalt",
        "fail": "een MUST-regel faalt",
        "undetermined": "niet vastgesteld",
        "worst": "Exitcode van de hele run (de slechtste): {code}",
        "progress": "[{done}/{total}] {source}",
    },
    "en": {
        "summary": "Summary: {count} documents",
        "document": "document",
        "exit": "exit code",
        "fails": "MUST fails",
        "result": "result",
        "error": "cannot be read",
        "crash": "internal error",
        "ok": "no MUST rule fails",
        "fail": "a MUST rule fails",
        "undetermined": "not determined",
        "worst": "Exit code of the whole run (the worst): {code}",
        "progress": "[{done}/{total}] {source}",
    },
}


def is_many(arguments: Iterable[str]) -> bool:
    """True when the arguments name more than one document, a folder or a glob (the multi-report form)."""
    arguments = list(arguments)
    if len(arguments) != 1:
        return True
    (argument,) = arguments
    return not _is_url(argument) and (Path(argument).is_dir() or _is_glob(argument))


def expand(arguments: Iterable[str]) -> list[str]:
    """The documents the arguments name, in order, each once: URLs and files as given, folders by
    their ``.json``/``.yaml``/``.yml`` files (recursively, sorted, hidden ones left out), glob patterns by
    their matches (``**`` crosses folders). A folder or pattern that names no document is a usage error."""
    found: list[str] = []
    seen: set[str] = set()

    def add(item: str) -> None:
        key = item if _is_url(item) else os.path.normpath(os.path.abspath(item))
        if key not in seen:
            seen.add(key)
            found.append(item)

    for argument in arguments:
        if _is_url(argument):
            add(argument)
            continue
        path = Path(argument)
        if path.is_dir():
            files = sorted(
                str(item)
                for item in path.rglob("*")
                if item.suffix.lower() in DOCUMENT_SUFFIXES
                and item.is_file()
                and not any(part.startswith(".") for part in item.relative_to(path).parts)
            )
            if not files:
                raise UsageError(
                    Text(
                        "geen .json-, .yaml- of .yml-bestanden in deze map",
                        "no .json, .yaml or .yml files in this folder",
                    ),
                    source=argument,
                )
            for item in files:
                add(item)
        elif _is_glob(argument) and not path.exists():
            matches = sorted(item for item in glob.glob(argument, recursive=True) if Path(item).is_file())
            if not matches:
                raise UsageError(
                    Text(
                        f"geen bestand past bij dit patroon: {argument}",
                        f"no file matches this pattern: {argument}",
                    )
                )
            for item in matches:
                add(item)
        else:
            add(argument)
    return found


def _is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _is_glob(text: str) -> bool:
    return any(char in _GLOB_CHARS for char in text)


#: What a document without a report and without an error line shows.
UNREADABLE = Text("kan niet worden gelezen", "cannot be read")


@dataclass(slots=True)
class DocumentOutcome:
    """One document of a run: its report, or the error that kept it from being linted."""

    source: str
    report: Report | None = None
    error: str | None = None  # the rendered error line (file:line: message), English
    exit_code: int = 0
    seconds: float = 0.0
    error_text: Text | None = None  # the same line in both languages (what the renderers show)

    def error_in(self, lang: str) -> str | None:
        """The error line in ``lang``."""
        return self.error_text.get(lang) if self.error_text is not None else self.error

    def to_dict(self, lang: str) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "source": self.source,
            "exit_code": self.exit_code,
            "seconds": round(self.seconds, 3),
        }
        if self.error is not None:
            entry["error"] = self.error_in(lang)
        if self.report is not None:
            from cgcomply.report import render

            entry["report"] = json.loads(render(self.report, "json", lang))
        return entry


@dataclass(slots=True)
class LintRun:
    """The reports of many documents linted in one run, and their summary."""

    adr_version: str
    documents: list[DocumentOutcome] = field(default_factory=list)

    def exit_code(self) -> int:
        """The worst exit code of the documents: 4, then 2, 1, 3, 0 (0 for an empty run)."""
        codes = {document.exit_code for document in self.documents}
        return next((code for code in _SEVERITY if code in codes), 0)

    def summary(self) -> dict[str, Any]:
        counts: dict[str, int] = {"documents": len(self.documents)}
        for name, code in (("no_must_fails", 0), ("must_fails", 1), ("unreadable", 2), ("undetermined", 3)):
            counts[name] = sum(1 for document in self.documents if document.exit_code == code)
        counts["internal_errors"] = sum(1 for document in self.documents if document.exit_code == 4)
        counts["exit_code"] = self.exit_code()
        return counts

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "kind": "cgcomply-lint-run",
            "adr_version": self.adr_version,
            "exit_code": self.exit_code(),
            "summary": self.summary(),
            "documents": [document.to_dict(lang) for document in self.documents],
        }


def lint_many(
    sources: Iterable[str],
    adr_version: str,
    options: LintOptions | None = None,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    debug: bool = False,
    jobs: int = 1,
    timeout: float | None = None,
) -> LintRun:
    """Lint every document in ``sources``; see the module docstring.

    ``jobs`` > 1 lints them in that many worker processes (forked from this one, so start-up is paid once);
    the run is the same as with ``jobs=1``: the same reports in the same order. A worker lints one document
    at a time, so at most ``jobs`` documents are in flight. A document whose worker dies (a signal, the
    memory running out) or takes longer than ``timeout`` seconds gets that error (exit 4) and a fresh
    worker takes the next document: no result is lost.

    A document whose lint crashes is recorded as an internal error (exit 4) and the others go on; with
    ``debug`` (the CLI sets it from ``CGCOMPLY_DEBUG``) the crash is raised instead, for its traceback, and
    the documents are linted in this process.
    """
    from cgcomply.results import normalise_adr_version

    version = normalise_adr_version(adr_version)
    sources = list(sources)
    run = LintRun(adr_version=version)
    if jobs > 1 and len(sources) > 1 and not debug and _can_fork():
        run.documents.extend(_lint_in_workers(sources, version, options, jobs, progress, timeout))
        return run
    for index, source in enumerate(sources, start=1):
        if progress is not None:
            progress(index, len(sources), source)
        run.documents.append(_lint_one(source, version, options, debug))
    return run


def _lint_one(source: str, version: str, options: LintOptions | None, debug: bool) -> DocumentOutcome:
    """One document's outcome: its report, or its error (a crash is exit 4 unless ``debug``)."""
    from cgcomply.linting import lint_document

    started = time.perf_counter()
    outcome = DocumentOutcome(source=source)
    try:
        outcome.report = lint_document(source, version, options)
        outcome.exit_code = outcome.report.exit_code()
    except CgcomplyError as error:
        outcome.error = error.render()
        outcome.error_text = Text(error.render("nl"), error.render("en"))
        outcome.exit_code = error.exit_code
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:  # one document's crash must not lose the others
        if debug:
            raise
        outcome.error = f"{source}: internal error: {type(error).__name__}: {error}"
        outcome.exit_code = 4
    outcome.seconds = time.perf_counter() - started
    return outcome


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _worker(connection: Any, version: str, options: LintOptions | None) -> None:
    """A worker process: lint each ``(index, source)`` it receives and send back the outcome."""
    import pickle
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the parent, which stops the workers
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        index, source = task
        outcome = _lint_one(source, version, options, False)
        try:
            payload = pickle.dumps((index, outcome), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # a report that cannot travel is this document's error, not a lost one
            outcome = DocumentOutcome(
                source=source,
                error=f"{source}: internal error: {type(error).__name__}: {error}",
                exit_code=4,
                seconds=outcome.seconds,
            )
            payload = pickle.dumps((index, outcome), protocol=pickle.HIGHEST_PROTOCOL)
        connection.send_bytes(payload)


@dataclass(slots=True)
class _Slot:
    """One worker of the pool and the document it is linting (if any)."""

    process: Any
    connection: Any
    task: tuple[int, str] | None = None
    started: float = 0.0


def _lint_in_workers(
    sources: list[str],
    version: str,
    options: LintOptions | None,
    jobs: int,
    progress: Callable[[int, int, str], None] | None,
    timeout: float | None,
) -> list[DocumentOutcome]:
    import multiprocessing
    import pickle
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    results: list[DocumentOutcome | None] = [None] * len(sources)
    pending = list(enumerate(sources))
    pending.reverse()  # pop() takes them in order
    done = 0

    def start() -> _Slot:
        sys.stdout.flush()
        sys.stderr.flush()
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, version, options), daemon=True)
        process.start()
        child.close()
        return _Slot(process=process, connection=parent)

    def give(slot: _Slot) -> None:
        if pending:
            slot.task = pending.pop()
            slot.started = time.monotonic()
            slot.connection.send(slot.task)
        else:
            slot.task = None

    def finish(index: int, outcome: DocumentOutcome) -> None:
        nonlocal done
        results[index] = outcome
        done += 1
        if progress is not None:
            progress(done, len(sources), outcome.source)

    def lost(slot: _Slot, reason: str) -> None:
        assert slot.task is not None
        index, source = slot.task
        finish(
            index,
            DocumentOutcome(
                source=source,
                error=f"{source}: {reason}",
                exit_code=4,
                seconds=time.monotonic() - slot.started,
            ),
        )
        slot.task = None

    slots = [start() for _ in range(min(jobs, len(sources)))]
    try:
        for slot in slots:
            give(slot)
        while any(slot.task is not None for slot in slots):
            busy = [slot for slot in slots if slot.task is not None]
            wait_for: float | None = None
            if timeout is not None:
                now = time.monotonic()
                wait_for = max(0.0, min(slot.started + timeout - now for slot in busy))
            ready = wait(
                [slot.connection for slot in busy] + [slot.process.sentinel for slot in busy], wait_for
            )
            for position, slot in enumerate(slots):
                if slot.task is None:
                    continue
                replace = False
                if slot.connection in ready:
                    try:
                        index, outcome = pickle.loads(slot.connection.recv_bytes())
                    except (EOFError, OSError):
                        slot.process.join()
                        lost(slot, _died(slot.process.exitcode))
                        replace = True
                    else:
                        slot.task = None
                        finish(index, outcome)
                elif slot.process.sentinel in ready:
                    slot.process.join()
                    lost(slot, _died(slot.process.exitcode))
                    replace = True
                elif timeout is not None and time.monotonic() - slot.started >= timeout:
                    slot.process.kill()
                    slot.process.join()
                    lost(slot, f"internal error: no result within {timeout:g} s; the worker was stopped")
                    replace = True
                if replace:
                    slot.connection.close()
                    if pending:
                        slots[position] = slot = start()
                if slot.task is None and slot.process.is_alive():
                    give(slot)
    finally:
        for slot in slots:
            with contextlib.suppress(OSError, ValueError):
                slot.connection.send(None)
        for slot in slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join()
            slot.connection.close()
    return [outcome for outcome in results if outcome is not None]


def _died(exitcode: int | None) -> str:
    """Why a worker stopped without a result: the signal that ended it, or its exit code."""
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"internal error: the worker linting this document stopped ({name})"
    return f"internal error: the worker linting this document stopped (exit code {exitcode})"


# --------------------------------------------------------------------------- rendering


def render_run(run: LintRun, fmt: str, lang: str = "en", *, color: bool = False) -> str:
    """The whole run in format ``fmt``: text, md, json, sarif or junit (html holds one report only)."""
    from cgcomply.report import render
    from cgcomply.report.base import check_lang

    lang = check_lang(lang)
    if fmt == "json":
        return json.dumps(run.to_dict(lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return _sarif(run, lang)
    if fmt == "junit":
        return _junit(run, lang)
    if fmt in ("text", "md"):
        parts = []
        for index, document in enumerate(run.documents, start=1):
            heading = f"[{index}/{len(run.documents)}] {document.source}"
            parts.append(f"## {heading}\n\n" if fmt == "md" else f"{'=' * 3} {heading}\n")
            if document.report is not None:
                parts.append(render(document.report, fmt, lang, color=color))
            else:
                parts.append(f"{ERROR_PREFIX.get(lang)}: {document.error_in(lang)}\n")
            parts.append("\n")
        parts.append(_summary_table(run, lang, markdown=fmt == "md"))
        return "".join(parts)
    raise UsageError(
        Text(
            f"--format {fmt} bevat één rapport; gebruik voor meerdere documenten text, md, json, sarif of junit",
            f"--format {fmt} holds one report; for several documents use text, md, json, sarif or junit",
        ),
        field="--format",
    )


def _result_text(document: DocumentOutcome, words: dict[str, str]) -> str:
    if document.exit_code == 2:
        return words["error"]
    if document.exit_code == 4:
        return words["crash"]
    return {0: words["ok"], 1: words["fail"], 3: words["undetermined"]}.get(document.exit_code, "")


def _summary_table(run: LintRun, lang: str, *, markdown: bool) -> str:
    words = _TEXT[lang]
    rows = []
    for document in run.documents:
        fails = ""
        if document.report is not None:
            from cgcomply.results import Level, Status

            fails = str(
                sum(
                    1
                    for check in document.report.checks
                    if check.status is Status.FAIL and check.info.level is Level.MUST
                )
            )
        rows.append((document.source, str(document.exit_code), fails, _result_text(document, words)))
    header = (words["document"], words["exit"], words["fails"], words["result"])
    lines = [words["summary"].format(count=len(run.documents)), ""]
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|---|---:|---:|---|")
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    else:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(header)).rstrip())
        lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines += ["", words["worst"].format(code=run.exit_code()), ""]
    return "\n".join(lines)


def _sarif(run: LintRun, lang: str) -> str:
    """One SARIF log, one run per document (SARIF 2.1.0 §3.13.4 allows any number of runs)."""
    from cgcomply.report import render

    log: dict[str, Any] | None = None
    runs: list[Any] = []
    for document in run.documents:
        if document.report is not None:
            single = json.loads(render(document.report, "sarif", lang))
            if log is None:
                log = {key: value for key, value in single.items() if key != "runs"}
            runs.extend(single.get("runs", []))
        else:
            runs.append(_sarif_error_run(document, lang))
    if log is None:
        log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0"}
    log["runs"] = runs
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _sarif_error_run(document: DocumentOutcome, lang: str) -> dict[str, Any]:
    from cgcomply import __version__

    return {
        "tool": {"driver": {"name": "cgcomply", "version": __version__, "rules": []}},
        "invocations": [
            {
                "executionSuccessful": False,
                "exitCode": document.exit_code,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": document.error_in(lang) or UNREADABLE.get(lang)}}
                ],
            }
        ],
        "artifacts": [{"location": {"uri": Path(document.source).as_posix()}}],
        "results": [],
    }


def _junit(run: LintRun, lang: str) -> str:
    """One ``<testsuites>`` with every document's suites; a document that cannot be read is a suite with
    one erroring test case."""
    import xml.etree.ElementTree as ElementTree

    from cgcomply.report import render

    root = ElementTree.Element("testsuites", name="cgcomply")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for document in run.documents:
        suites: list[ElementTree.Element] = []
        if document.report is not None:
            single = ElementTree.fromstring(render(document.report, "junit", lang))
            suites = list(single) if single.tag == "testsuites" else [single]
        else:
            suite = ElementTree.Element("testsuite", name="load", tests="1", failures="0", errors="1")
            case = ElementTree.SubElement(suite, "testcase", name="load", classname=document.source)
            shown = document.error_in(lang) or UNREADABLE.get(lang)
            error = ElementTree.SubElement(case, "error", message=shown)
            error.text = shown
            suites = [suite]
        for suite in suites:
            suite.set("name", f"{document.source} ({suite.get('name', '')})")
            for key in totals:
                totals[key] += int(suite.get(key, "0") or 0)
            root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def write_run(run: LintRun, fmt: str, output: str | None, lang: str) -> None:
    """Write the run's report to stdout or to ``output`` (one line on stderr says where it went)."""
    from cgcomply.report import use_color

    to_stdout = output in (None, "-")
    text = render_run(run, fmt, lang, color=to_stdout and fmt == "text" and use_color(sys.stdout))
    if to_stdout:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(str(output))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(
            Text(
                f"kan het rapport niet schrijven: {error.strerror or error}",
                f"cannot write the report: {error.strerror or error}",
            ),
            source=str(path),
        ) from None
    print(f"{fmt} report of {len(run.documents)} documents written to {output}", file=sys.stderr)


def terminal_progress(lang: str) -> Callable[[int, int, str], None] | None:
    """A progress line on stderr when it is a terminal (rewritten in place), else None."""
    if not sys.stderr.isatty():
        return None
    words = _TEXT[lang if lang in _TEXT else "en"]

    def show(done: int, total: int, source: str) -> None:
        line = words["progress"].format(done=done, total=total, source=source)
        width = 100
        sys.stderr.write("\r" + line[:width].ljust(width) + ("\n" if done == total else ""))
        sys.stderr.flush()

    return show
