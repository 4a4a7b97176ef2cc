#!/usr/bin/env python3
"""Benchmark ``cgcomply lint`` against the official ADR Spectral ruleset (and optionally Redocly).

Every lint runs as its own process; wall time comes from a monotonic clock around spawn and reap, peak
memory from the rusage that ``os.wait4`` returns for that child (Linux folds reaped grandchildren into it).
Tools alternate per round so neither gets a systematically warmer page cache. Results go to
``bench/RESULTS.md`` (for people) and ``bench/results.json`` (for machines).

Standard library only, so that it runs before ``cgcomply`` itself is importable.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / ".work"
NODE_BIN = WORK_DIR / "node_modules" / ".bin"

SPECTRAL_PACKAGE = "@stoplight/spectral-cli"
SPECTRAL_VERSION = "6.16"
REDOCLY_PACKAGE = "@redocly/cli"
REDOCLY_VERSION = "2.77"

TOOLS = ("cgcomply", "spectral", "redocly")
# Exit codes that mean "the linter ran to the end" (0 = clean, 1 = findings). Anything else is a crash.
COMPLETED_EXIT_CODES = (0, 1)
# Redocly must not phone home (telemetry, update check): the only traffic allowed is the npm install.
NODE_ENV_OVERRIDES = {
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "NO_UPDATE_NOTIFIER": "1",
    "NO_COLOR": "1",
}

GOAL_SPEEDUP_VS_SPECTRAL = 10.0
GOAL_SPEEDUP_VS_REDOCLY = 3.0
GOAL_MEMORY_VS_SPECTRAL = 3.0  # a third of Spectral's peak memory or less
GOAL_GITHUB_SECONDS = 1.2
GOAL_SMALL_SECONDS = 0.1  # the 2 KB ADR test case, whole process
GOAL_FOLDER_SPEEDUP = 20.0  # the whole corpus folder against Spectral on the same files


class BenchError(Exception):
    """A problem that stops the benchmark; printed as one line, exit 2."""


@dataclass(frozen=True)
class Document:
    """One benchmark item: a document, or a folder of documents (``files``).

    For a folder, cgcomply is given the folder and Spectral and Redocly the list of its files, each tool in
    one invocation; with ``per_file`` every tool instead runs one process per file, one after the other,
    and a run's wall and CPU time are the sums, its peak memory the largest of those processes.
    """

    key: str
    label: str
    path: Path
    note: str = ""
    files: tuple[Path, ...] = ()
    per_file: bool = False
    #: "lint" (every tool lints the document) or "conform" (cgcomply only: ``cgcomply conform`` of the
    #: document against ``standard``, read offline from ``standards_dir``; issue 11's speed goal)
    kind: str = "lint"
    standard: str = ""
    standards_dir: Path | None = None

    @property
    def size_bytes(self) -> int:
        if self.files:
            return sum(f.stat().st_size for f in self.files)
        return self.path.stat().st_size

    def exists(self) -> bool:
        return self.path.is_dir() if self.files else self.path.is_file()


@dataclass
class Run:
    tool: str
    round: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int
    crashed: bool
    timed_out: bool = False
    findings: int | None = None
    stderr_tail: str = ""
    load_1m: float | None = None  # the machine's 1-minute load average just before this run


@dataclass
class ToolSummary:
    runs: int
    completed_runs: int
    median_wall_s: float | None
    min_wall_s: float | None
    median_cpu_s: float | None
    median_peak_rss_mb: float | None
    max_peak_rss_mb: float | None
    crashed: bool
    exit_codes: list[int]
    findings: int | None
    min_cpu_s: float | None = None


@dataclass
class DocumentResult:
    key: str
    label: str
    path: str
    size_bytes: int
    note: str
    load_before: list[float] = field(default_factory=list)
    load_after: list[float] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    summary: dict[str, ToolSummary] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # runs left out (time budget, crash), with why
    cgcomply_findings: int | None = None  # from one extra, untimed run that keeps the report


# --------------------------------------------------------------------------- paths and documents


def corpus_dir(explicit: str | None) -> Path:
    raw = explicit or os.environ.get("CGCOMPLY_CORPUS") or str(REPO_DIR.parent / "shared" / "corpus")
    path = Path(raw).resolve()
    if not (path / "adr-ruleset").is_dir():
        raise BenchError(
            f"{path}: no corpus here (expected adr-ruleset/ inside); set CGCOMPLY_CORPUS or pass --corpus"
        )
    return path


def adr_short(adr: str) -> str:
    parts = adr.split(".")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        raise BenchError(f"--adr {adr}: expected a version like 2.2 or 2.1.0")
    return ".".join(parts[:2])


def ruleset_path(corpus: Path, adr: str) -> Path:
    path = corpus / "adr-ruleset" / f"linter-{adr_short(adr)}.0.yaml"
    if not path.is_file():
        raise BenchError(f"{path}: official ruleset for ADR {adr} not found in the corpus")
    return path


FOLDER_SUFFIXES = (".json", ".yaml", ".yml")
#: The documents of the issue's benchmark (#10 item 5), in this order; the others run with --doc or --all.
DEFAULT_KEYS = (
    "adr-fixture",
    "openzaak-catalogi",
    "openzaak-zaken",
    "stripe-json",
    "stripe-yaml",
    "github",
    "corpus-oas",
    "corpus-oas-per-file",
    "conform-catalogi",
)
#: Issue 11's conformance speed goal: an ~800 KB implementation against a ~500 KB standard, whole process.
CONFORM_STANDARD = "zgw-catalogi@1.3.1"
CONFORM_STANDARD_FILE = "zgw-catalogi-1.3.1+gemma-zaken.yaml"
CONFORM_IMPL = WORK_DIR / "conform" / "impl-800k.yaml"
GOAL_CONFORM_SECONDS = 1.0


def all_documents(corpus: Path, adr: str) -> list[Document]:
    large = corpus / "oas-large"
    brp = corpus / "oas-multifile" / "BRP-API__Haal-Centraal-BRP-bevragen" / "specificatie"
    brp_files = sum(1 for p in brp.rglob("*") if p.is_file()) if brp.is_dir() else 0
    oas = corpus / "oas"
    files = (
        tuple(sorted(p for p in oas.iterdir() if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()))
        if oas.is_dir()
        else ()
    )
    folder_note = (
        f"{len(files)} documents (every .json/.yaml file of corpus/oas, including an empty file and a JSON "
        "Schema that is no API description: exit code 2 of cgcomply counts as completed for this item)"
    )
    return [
        Document(
            "adr-fixture",
            "ADR test fixture (baseline)",
            corpus / "adr-tests" / adr_short(adr) / "baseline" / "openapi.json",
        ),
        Document(
            "openzaak-catalogi",
            "Open Zaak Catalogi (YAML)",
            corpus / "oas" / "open-zaak__open-zaak__catalogi-openapi.yaml",
        ),
        Document(
            "brp-personen",
            "BRP Personen, multi-file root (YAML, OAS 3.1)",
            brp / "openapi.yaml",
            note=f"root file only; $refs pull in files from a folder of {brp_files} files",
        ),
        Document("discord", "Discord (JSON, OAS 3.1)", large / "discord__discord-api-spec__openapi.json"),
        Document("stripe-json", "Stripe (JSON)", large / "stripe-spec3-2022-04-12.json"),
        Document("stripe-yaml", "Stripe (YAML)", large / "stripe-spec3-2023-09-12.yaml"),
        Document("github", "GitHub (JSON)", large / "github-api.github.com-octokit-openapi-23.0.2.json"),
        Document(
            "openzaak-zaken",
            "Open Zaak Zaken (YAML)",
            corpus
            / "oas-multifile"
            / "VNG-Realisatie__gemma-zaken"
            / "docs"
            / "standaard"
            / "zaken"
            / "zrc"
            / "1.7.x"
            / "1.7.0"
            / "openzaak_zrc.yaml",
        ),
        Document(
            "corpus-oas",
            "Whole corpus/oas folder, one invocation per tool",
            oas,
            note=folder_note,
            files=files,
        ),
        Document(
            "corpus-oas-per-file",
            "Whole corpus/oas folder, one process per file",
            oas,
            note=folder_note,
            files=files,
            per_file=True,
        ),
        Document(
            "conform-catalogi",
            "conform: Open Zaak Catalogi padded to 800 KB vs ZGW Catalogi 1.3.1 (cgcomply only)",
            CONFORM_IMPL,
            note=(
                f"`cgcomply conform IMPL --standard {CONFORM_STANDARD} --standards-dir corpus/standards`; IMPL "
                "is corpus/standards/impl/open-zaak-1.30.0-catalogi.yaml padded with copies of its own "
                f"schemas (`bench/conform_bench.py --write-impl`), the standard {CONFORM_STANDARD_FILE} "
                f"({fmt_size(conform_std_size(corpus))}); the standards cache is warmed by one untimed run "
                "(the normal case after the first run); issue 11's goal is under 1 s whole process"
            ),
            kind="conform",
            standard=CONFORM_STANDARD,
            standards_dir=corpus / "standards",
        ),
    ]


def conform_std_size(corpus: Path) -> int:
    path = corpus / "standards" / CONFORM_STANDARD_FILE
    return path.stat().st_size if path.is_file() else 0


def prepare_conform(commands: Commands, doc: Document) -> None:
    """Write the padded implementation document (once) and warm the standards cache (untimed)."""
    python = str(commands.cgcomply.parent / "python")
    if not doc.path.is_file():
        subprocess.run(
            [
                python,
                str(BENCH_DIR / "conform_bench.py"),
                "--corpus",
                str(doc.standards_dir),
                "--write-impl",
                str(doc.path),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    env = {**os.environ, **conform_env()}
    proc = subprocess.run(
        commands.conform_argv(doc, os.devnull), env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode not in (*COMPLETED_EXIT_CODES, 3):
        raise BenchError(
            f"cgcomply conform failed while warming the cache (exit {proc.returncode}): {proc.stderr[-400:]}"
        )


# --------------------------------------------------------------------------- installing the node tools


def installed_version(package: str) -> str | None:
    manifest = WORK_DIR / "node_modules" / package / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def ensure_node_package(package: str, version: str) -> str:
    """Install ``package@version`` into bench/.work unless a matching version is already there."""
    have = installed_version(package)
    if have is not None and (have == version or have.startswith(version + ".")):
        return have
    npm = shutil.which("npm")
    if npm is None:
        raise BenchError("npm not found on PATH; install Node.js (20+) to benchmark against Spectral/Redocly")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    spec = f"{package}@{version}"
    print(f"installing {spec} into {WORK_DIR} ...", file=sys.stderr, flush=True)
    cmd = [npm, "install", "--prefix", str(WORK_DIR), "--no-audit", "--no-fund", spec]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise BenchError(f"{shlex.join(cmd)} failed (exit {proc.returncode}): " + " | ".join(tail))
    have = installed_version(package)
    if have is None:
        raise BenchError(f"{spec}: npm reported success but {package} is not in {WORK_DIR / 'node_modules'}")
    return have


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Commands:
    cgcomply: Path
    node: str
    ruleset: Path
    adr: str

    def conform_argv(self, doc: Document, out_path: str) -> list[str]:
        """``cgcomply conform`` of the implementation document against the standard, offline."""
        return [
            str(self.cgcomply),
            "conform",
            str(doc.path),
            "--standard",
            doc.standard,
            "--standards-dir",
            str(doc.standards_dir),
            "-o",
            out_path,
        ]

    def argv(self, tool: str, doc: Path | list[Path], out_path: str) -> list[str]:
        """The command for one document, or for a folder (cgcomply: the folder; the others: its files)."""
        if isinstance(doc, list):
            files = [str(f) for f in doc]
            folder = str(doc[0].parent) if doc else "."
        else:
            files = [str(doc)]
            folder = str(doc)
        if tool == "cgcomply":
            return [
                str(self.cgcomply),
                "lint",
                folder,
                "--adr",
                self.adr,
                "--format",
                "json",
                "-o",
                out_path,
            ]
        if tool == "spectral":
            return [
                self.node,
                str(NODE_BIN / "spectral"),
                "lint",
                "-q",
                "-f",
                "json",
                "-r",
                str(self.ruleset),
                *files,
            ]
        if tool == "redocly":
            return [
                self.node,
                str(NODE_BIN / "redocly"),
                "lint",
                "--extends",
                "recommended",
                "--format",
                "json",
                *files,
            ]
        raise ValueError(tool)

    def display(self, tool: str) -> str:
        """The command with DOC as placeholder, paths relative to the repository where possible."""
        argv = self.argv(tool, Path("DOC"), "/dev/null")
        if argv[0] == self.node and shutil.which("node") == self.node:
            argv[0] = "node"
        return " ".join(shlex.quote(relative(a)) for a in argv)


def relative(arg: str) -> str:
    try:
        return str(Path(arg).relative_to(REPO_DIR))
    except ValueError:
        return arg


# --------------------------------------------------------------------------- measuring one process


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int
    timed_out: bool


def measure(
    argv: list[str],
    *,
    stdout_path: str,
    stderr_path: str,
    timeout_s: float,
    extra_env: dict[str, str] | None = None,
) -> Measurement:
    """Run argv as a new process group and measure it until it is reaped."""
    env = {**os.environ, **NODE_ENV_OVERRIDES, **(extra_env or {})}
    file_actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    executable = argv[0] if os.sep in argv[0] else (shutil.which(argv[0]) or argv[0])
    timed_out = threading.Event()
    reaped = threading.Event()
    start = time.perf_counter()
    pid = os.posix_spawn(executable, argv, env, file_actions=file_actions, setpgroup=0)

    def kill_group() -> None:
        if not reaped.is_set():
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)

    timer = threading.Timer(timeout_s, kill_group)
    timer.start()
    try:
        _, status, usage = os.wait4(pid, 0)
    finally:
        reaped.set()
        timer.cancel()
    wall = time.perf_counter() - start
    return Measurement(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024.0,  # Linux reports KiB
        exit_code=os.waitstatus_to_exitcode(status),
        timed_out=timed_out.is_set(),
    )


def count_findings(tool: str, stdout_path: str) -> int | None:
    try:
        text = Path(stdout_path).read_text(encoding="utf-8")
        data = json.loads(text) if text.strip() else None
    except (OSError, ValueError):
        return None
    if tool == "spectral" and isinstance(data, list):
        return len(data)
    if tool == "redocly" and isinstance(data, dict):
        totals = data.get("totals", {})
        return int(totals.get("errors", 0)) + int(totals.get("warnings", 0)) + int(totals.get("ignored", 0))
    return None


def measure_document(
    tool: str, commands: Commands, doc: Document, stdout_path: str, stderr_path: str, timeout_s: float
) -> Measurement:
    """One run of ``tool`` on a document, on a folder in one invocation, or on a folder file by file."""
    if doc.kind == "conform":
        argv = commands.conform_argv(doc, os.devnull)
        return measure(
            argv,
            stdout_path=stdout_path,
            stderr_path=stderr_path,
            timeout_s=timeout_s,
            extra_env=conform_env(),
        )
    if not doc.files:
        argv = commands.argv(tool, doc.path, os.devnull)
        return measure(argv, stdout_path=stdout_path, stderr_path=stderr_path, timeout_s=timeout_s)
    if not doc.per_file:
        argv = commands.argv(tool, list(doc.files), os.devnull)
        return measure(argv, stdout_path=stdout_path, stderr_path=stderr_path, timeout_s=timeout_s)
    wall = cpu = peak = 0.0
    codes: list[int] = []
    timed_out = False
    for path in doc.files:
        m = measure(
            commands.argv(tool, path, os.devnull),
            stdout_path=stdout_path,
            stderr_path=stderr_path,
            timeout_s=timeout_s,
        )
        wall += m.wall_s
        cpu += m.cpu_s
        peak = max(peak, m.peak_rss_mb)
        timed_out = timed_out or m.timed_out
        codes.append(m.exit_code)
    crashes = [code for code in codes if code not in completed_codes(doc, tool)]
    worst = crashes[0] if crashes else max(codes, default=0)
    return Measurement(wall_s=wall, cpu_s=cpu, peak_rss_mb=peak, exit_code=worst, timed_out=timed_out)


def conform_env() -> dict[str, str]:
    """The standards cache of the conform item: its own folder in bench/.work, warmed before timing."""
    return {"CGCOMPLY_CACHE_DIR": str(WORK_DIR / "conform" / "cache")}


def completed_codes(doc: Document, tool: str) -> tuple[int, ...]:
    # cgcomply's exit 3 is a finished run too: "not decided" (a MUST check could not run, e.g. a remote
    # $ref that may not be fetched). The corpus folder holds two documents no tool can lint (an empty
    # file, a JSON Schema): exit 2 from a tool that then reports the rest is a completed run there.
    codes = (*COMPLETED_EXIT_CODES, 3) if tool == "cgcomply" else COMPLETED_EXIT_CODES
    return (*codes, 2) if doc.files else codes


def run_once(
    tool: str, round_no: int, commands: Commands, doc: Document, scratch: Path, timeout_s: float
) -> Run:
    stdout_path = str(scratch / f"{tool}.out")
    stderr_path = str(scratch / f"{tool}.err")
    m = measure_document(tool, commands, doc, stdout_path, stderr_path, timeout_s)
    crashed = m.timed_out or m.exit_code not in completed_codes(doc, tool)
    tail = ""
    if crashed:
        lines = [
            ln
            for ln in Path(stderr_path).read_text(encoding="utf-8", errors="replace").splitlines()
            if ln.strip()
        ]
        if not lines:
            lines = Path(stdout_path).read_text(encoding="utf-8", errors="replace").splitlines()[-3:]
        tail = " | ".join(ln.strip() for ln in lines[-3:])[:400]
        if m.timed_out:
            tail = f"killed after the {timeout_s:.0f} s timeout. " + tail
    return Run(
        tool=tool,
        round=round_no,
        wall_s=round(m.wall_s, 3),
        cpu_s=round(m.cpu_s, 3),
        peak_rss_mb=round(m.peak_rss_mb, 1),
        exit_code=m.exit_code,
        crashed=crashed,
        timed_out=m.timed_out,
        findings=None if crashed or doc.per_file else count_findings(tool, stdout_path),
        stderr_tail=tail,
    )


# --------------------------------------------------------------------------- the benchmark loop


def summarise(runs: list[Run]) -> ToolSummary:
    completed = [r for r in runs if not r.crashed]
    basis = completed or runs
    walls = [r.wall_s for r in basis]
    rss = [r.peak_rss_mb for r in basis]
    cpu = [r.cpu_s for r in basis]
    findings = next((r.findings for r in completed if r.findings is not None), None)
    return ToolSummary(
        runs=len(runs),
        completed_runs=len(completed),
        median_wall_s=round(statistics.median(walls), 3) if walls else None,
        min_wall_s=round(min(walls), 3) if walls else None,
        median_cpu_s=round(statistics.median(cpu), 3) if cpu else None,
        median_peak_rss_mb=round(statistics.median(rss), 1) if rss else None,
        max_peak_rss_mb=round(max(rss), 1) if rss else None,
        crashed=bool(runs) and not completed,
        exit_codes=sorted({r.exit_code for r in runs}),
        findings=findings,
        min_cpu_s=round(min(cpu), 3) if cpu else None,
    )


def tools_for(doc: Document, tools: list[str]) -> list[str]:
    """Every tool lints; only cgcomply conforms (no other tool has VNG's conformance rules)."""
    return [t for t in tools if t == "cgcomply"] if doc.kind == "conform" else tools


def run_benchmark(
    documents: list[Document],
    tools: list[str],
    commands: Commands,
    runs: int,
    timeout_s: float,
    max_minutes: float | None,
    write: Callable[[list[DocumentResult]], None],
) -> list[DocumentResult]:
    """Round by round over every document (round 1 of all, then round 2 of all, ...), so that a run cut
    short still has a row for every document; ``write`` is called after every single process.

    With ``max_minutes`` a run that would end past the budget (judged by the same run's wall time in the
    previous round) is left out and listed in the document's ``skipped``; round 1 always runs."""
    results = [DocumentResult(d.key, d.label, str(d.path), d.size_bytes, d.note) for d in documents]
    deadline = time.monotonic() + max_minutes * 60 if max_minutes else None
    gave_up: set[tuple[str, str]] = set()
    last_wall: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory(prefix="cgcomply-bench-") as tmp:
        scratch = Path(tmp)
        for round_no in range(1, runs + 1):
            for doc, result in zip(documents, results, strict=True):
                mine = tools_for(doc, tools)
                # Alternate the order per round so no tool always runs right after the other warmed the cache.
                order = mine if round_no % 2 == 1 else list(reversed(mine))
                if round_no == 1:
                    print(f"{doc.key} ({fmt_size(doc.size_bytes)})", file=sys.stderr, flush=True)
                    result.load_before = [round(x, 2) for x in os.getloadavg()]
                for tool in order:
                    if (doc.key, tool) in gave_up:
                        result.skipped.append(f"{tool} round {round_no}: not repeated after its crash")
                        continue
                    expected = last_wall.get((doc.key, tool), 0.0)
                    if deadline is not None and round_no > 1 and time.monotonic() + expected > deadline:
                        result.skipped.append(f"{tool} round {round_no}: time budget of {max_minutes:g} min")
                        continue
                    load = round(os.getloadavg()[0], 2)
                    run = run_once(tool, round_no, commands, doc, scratch, timeout_s)
                    run.load_1m = load
                    result.runs.append(run)
                    last_wall[(doc.key, tool)] = run.wall_s
                    status = "CRASH" if run.crashed else "ok"
                    print(
                        f"  {doc.key:20} {tool:9} round {round_no}: {run.wall_s:8.2f} s wall {run.cpu_s:8.2f} s cpu "
                        f"{run.peak_rss_mb:8.1f} MB exit {run.exit_code} {status} (load {load:.1f})",
                        file=sys.stderr,
                        flush=True,
                    )
                    if run.crashed:
                        # A crash is deterministic for these tools; repeating it only burns minutes.
                        gave_up.add((doc.key, tool))
                    result.load_after = [round(x, 2) for x in os.getloadavg()]
                    summarise_result(result, mine)
                    write(results)
                ours = result.summary.get("cgcomply")
                if round_no == 1 and ours is not None and not ours.crashed and not doc.per_file:
                    if doc.kind == "lint":
                        ours.findings = cgcomply_findings(commands, doc, scratch, timeout_s)
                        result.cgcomply_findings = ours.findings
                    write(results)
    return results


def summarise_result(result: DocumentResult, tools: list[str]) -> None:
    for tool in tools:
        tool_runs = [r for r in result.runs if r.tool == tool]
        if tool_runs:
            summary = summarise(tool_runs)
            if tool == "cgcomply" and result.cgcomply_findings is not None:
                summary.findings = result.cgcomply_findings
            result.summary[tool] = summary


def cgcomply_findings(commands: Commands, doc: Document, scratch: Path, timeout_s: float) -> int | None:
    """One extra, untimed cgcomply run that keeps its JSON report, to count findings (a sanity check)."""
    report = scratch / "cgcomply-report.json"
    argv = commands.argv("cgcomply", list(doc.files) if doc.files else doc.path, str(report))
    try:
        subprocess.run(argv, capture_output=True, check=False, timeout=timeout_s)
        data = json.loads(report.read_text(encoding="utf-8"))
        reports = (
            [entry["report"] for entry in data["documents"] if "report" in entry] if doc.files else [data]
        )
        return sum(len(check.get("findings") or []) for one in reports for check in one["checks"])
    except (OSError, ValueError, KeyError, TypeError, subprocess.TimeoutExpired):
        return None


# --------------------------------------------------------------------------- machine description


def read_meminfo_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        return None
    return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def command_output(argv: list[str]) -> str:
    try:
        env = {**os.environ, **NODE_ENV_OVERRIDES}
        proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    lines = [ln.strip() for ln in (proc.stdout or proc.stderr).splitlines() if ln.strip()]
    return lines[0] if lines else f"unavailable (exit {proc.returncode})"


def git_revision() -> str:
    rev = command_output(["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(REPO_DIR), "status", "--porcelain", "--untracked-files=no", "--", "src"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return rev + (" (src/ has uncommitted changes)" if dirty else "")


def machine_info(tools: list[str], commands: Commands, versions: dict[str, str]) -> dict[str, object]:
    info: dict[str, object] = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": read_meminfo_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": command_output([str(commands.cgcomply.parent / "python"), "--version"]),
        "cgcomply_commit": git_revision(),
    }
    if "cgcomply" in tools:
        info["cgcomply"] = command_output([str(commands.cgcomply), "--version"]).rsplit(" ", 1)[-1]
    if "spectral" in tools or "redocly" in tools:
        info["node"] = command_output([commands.node, "--version"])
    for tool in ("spectral", "redocly"):
        if tool in versions:
            info[tool] = versions[tool]
    return info


# --------------------------------------------------------------------------- writing the results


def fmt_s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def fmt_mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def fmt_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB"


def ratio(other: float | None, ours: float | None) -> float | None:
    if other is None or ours is None or ours <= 0:
        return None
    return other / ours


def fmt_ratio(value: float | None, crashed: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}×"
    return f"≥{text} (crash)" if crashed else text


def tool_cell(summary: ToolSummary | None) -> tuple[str, str]:
    if summary is None:
        return "not run", "–"
    wall = fmt_s(summary.median_wall_s)
    if summary.crashed:
        wall = f"crash after {wall}"
    return wall, fmt_mb(summary.median_peak_rss_mb)


#: What stands in the way of a goal that is not met, from the profiles in PROFILE.md (keep them current
#: when the code changes: they are shown only next to a goal the run did not meet).
OBSTACLES: dict[str, str] = {
    "small": "start-up, in callgrind instructions of the whole process (452 M with lazily loaded commands; "
    "0.21 s at 437 M in the last idle run, so ~210 M would be 0.1 s): the interpreter 39 M, click 131 M "
    "(inspect/ast/dis, uuid/platform, typed class bodies), jsonschema_rs ~42 M more (its extension imports "
    "email.utils, socket, decimal), cgcomply's lint path ~200 M (the lint command's ~25 click options, "
    "~45 modules, ~27 dataclasses and their enums); the run itself ~30 M. Interpreter, click and "
    "jsonschema_rs alone are past 0.1 s; see PROFILE.md",
    "github": "the checks (~75 % of the CPU time: the shared index walk, locating ~2,900 findings, compiling "
    "and running the examples' jsonschema-rs bundle, adr.oas-schema on 13 MB, the $ref walk) and JSON "
    "parsing (~10 %); see PROFILE.md",
    "spectral": "on small documents start-up (see the 2 KB goal); on large ones the checks (see PROFILE.md)",
    "redocly": "Redocly's recommended rules are few and its engine is fast; on large documents our checks do "
    "more work (adr.oas-schema, adr.valid-examples over every example); see PROFILE.md",
    "memory": "the parsed document as Python objects plus the index of the checks (GitHub: ~200 MB)",
    "folder": "the checks on the larger ZGW documents; cgcomply spreads the documents over the cores "
    "(--jobs, default all), so on 2 cores the folder takes at best half its one-process time, while 20x "
    "needs about a third of it",
    "conform": "parsing both documents and the comparison of every schema (s-std's standards/ modules)",
}


@dataclass(frozen=True)
class Goal:
    goal: str
    item: str
    measured: str
    met: bool | None  # None: could not be judged (a tool crashed or did not run)
    obstacle: str = ""


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("✔ met" if ok else "✘ not met")


def judge_goals(results: list[DocumentResult], tools: list[str]) -> list[Goal]:
    """Every goal of issue 10 (and issue 11's conform speed) for every item this run measured."""
    goals: list[Goal] = []
    per_file = next((r for r in results if r.key == "corpus-oas-per-file"), None)
    for res in results:
        ours = res.summary.get("cgcomply")
        if ours is None:
            continue
        if ours.crashed:
            goals.append(Goal("cgcomply completes", res.label, f"exit {ours.exit_codes}", False))
            continue
        if res.key == "conform-catalogi":
            ok = ours.median_wall_s is not None and ours.median_wall_s < GOAL_CONFORM_SECONDS
            goals.append(
                Goal(
                    f"under {GOAL_CONFORM_SECONDS:g} s whole process (issue 11)",
                    res.label,
                    f"{fmt_s(ours.median_wall_s)} (CPU {fmt_s(ours.median_cpu_s)})",
                    ok,
                    "" if ok else OBSTACLES["conform"],
                )
            )
            continue
        spectral = res.summary.get("spectral")
        if spectral is not None and res.key != "corpus-oas-per-file":
            speed = ratio(spectral.median_wall_s, ours.median_wall_s)
            if spectral.crashed:
                goals.append(
                    Goal(
                        f"≥{GOAL_SPEEDUP_VS_SPECTRAL:g}× faster than Spectral",
                        res.label,
                        f"Spectral crashed after {fmt_s(spectral.median_wall_s)}; cgcomply finished in "
                        f"{fmt_s(ours.median_wall_s)} ({fmt_ratio(speed, True)})",
                        True,
                    )
                )
            else:
                ok = speed is not None and speed >= GOAL_SPEEDUP_VS_SPECTRAL
                goals.append(
                    Goal(
                        f"≥{GOAL_SPEEDUP_VS_SPECTRAL:g}× faster than Spectral",
                        res.label,
                        f"{fmt_ratio(speed)} ({fmt_s(ours.median_wall_s)} vs {fmt_s(spectral.median_wall_s)})",
                        ok,
                        "" if ok else OBSTACLES["spectral"],
                    )
                )
            mem = ratio(spectral.median_peak_rss_mb, ours.median_peak_rss_mb)
            ok = mem is not None and mem >= GOAL_MEMORY_VS_SPECTRAL
            goals.append(
                Goal(
                    "≤ ⅓ of Spectral's peak memory",
                    res.label,
                    f"{fmt_ratio(mem)} less ({fmt_mb(ours.median_peak_rss_mb)} vs {fmt_mb(spectral.median_peak_rss_mb)}"
                    + (", Spectral's at its crash)" if spectral.crashed else ")"),
                    ok,
                    "" if ok else OBSTACLES["memory"],
                )
            )
        redocly = res.summary.get("redocly")
        if redocly is not None and res.key != "corpus-oas-per-file":
            speed = ratio(redocly.median_wall_s, ours.median_wall_s)
            ok = None if redocly.crashed else (speed is not None and speed >= GOAL_SPEEDUP_VS_REDOCLY)
            goals.append(
                Goal(
                    f"≥{GOAL_SPEEDUP_VS_REDOCLY:g}× faster than Redocly",
                    res.label,
                    f"{fmt_ratio(speed, redocly.crashed)} ({fmt_s(ours.median_wall_s)} vs {fmt_s(redocly.median_wall_s)})",
                    ok,
                    OBSTACLES["redocly"] if ok is False else "",
                )
            )
        if res.key == "github":
            ok = ours.median_wall_s is not None and ours.median_wall_s < GOAL_GITHUB_SECONDS
            goals.append(
                Goal(
                    f"under {GOAL_GITHUB_SECONDS:g} s whole process",
                    res.label,
                    f"{fmt_s(ours.median_wall_s)} (CPU {fmt_s(ours.median_cpu_s)})",
                    ok,
                    "" if ok else OBSTACLES["github"],
                )
            )
        if res.key == "adr-fixture":
            ok = ours.median_wall_s is not None and ours.median_wall_s < GOAL_SMALL_SECONDS
            goals.append(
                Goal(
                    f"under {GOAL_SMALL_SECONDS:g} s whole process",
                    res.label,
                    f"{fmt_s(ours.median_wall_s)} (CPU {fmt_s(ours.median_cpu_s)})",
                    ok,
                    "" if ok else OBSTACLES["small"],
                )
            )
        if res.key == "corpus-oas":
            for other, how in (
                (spectral, "given all files at once"),
                (per_file.summary.get("spectral") if per_file else None, "one process per file"),
            ):
                if other is None:
                    continue
                speed = ratio(other.median_wall_s, ours.median_wall_s)
                ok = None if other.crashed else (speed is not None and speed >= GOAL_FOLDER_SPEEDUP)
                goals.append(
                    Goal(
                        f"folder ≥{GOAL_FOLDER_SPEEDUP:g}× faster than Spectral {how}",
                        "cgcomply lint FOLDER (one invocation)",
                        f"{fmt_ratio(speed, other.crashed)} ({fmt_s(ours.median_wall_s)} vs {fmt_s(other.median_wall_s)})",
                        ok,
                        OBSTACLES["folder"] if ok is False else "",
                    )
                )
    return goals


def goal_lines(results: list[DocumentResult], tools: list[str]) -> list[str]:
    if "cgcomply" not in tools:
        return ["- cgcomply was not measured in this run (`--only spectral`), so no goal can be judged."]
    goals = judge_goals(results, tools)
    met = sum(1 for g in goals if g.met)
    missed = sum(1 for g in goals if g.met is False)
    lines = [
        f"{met} of {len(goals)} goals met, {missed} not met (judged on median wall time and peak memory of this "
        "run; a goal is only meaningful when the load was below the number of cores).",
        "",
        "| Goal | Item | Measured | Result | What stands in the way |",
        "|---|---|---|---|---|",
    ]
    for g in goals:
        lines.append(f"| {g.goal} | {g.item} | {g.measured} | {_verdict(g.met)} | {g.obstacle or ''} |")
    return lines


def write_markdown(
    path: Path,
    payload: dict[str, object],
    results: list[DocumentResult],
    tools: list[str],
    commands: Commands,
) -> None:
    machine = payload["machine"]
    assert isinstance(machine, dict)
    with_redocly = "redocly" in tools
    out: list[str] = [
        "# cgcomply lint vs the official ADR Spectral ruleset",
        "",
        "Generated by `bench/run_bench.py`; see `bench/README.md` for what is measured and how to read it.",
        "",
        f"- Date: {payload['date']}",
        f"- Command: `{payload['command']}`",
        f"- Machine: {machine.get('cpu')}, {machine.get('cores')} cores, {machine.get('ram_gib')} GiB RAM, {machine.get('os')}",
        f"- Versions: cgcomply {machine.get('cgcomply', 'not run')} (commit {machine.get('cgcomply_commit')}), "
        f"{machine.get('python')}, Node {machine.get('node', '–')}, Spectral CLI {machine.get('spectral', 'not run')}"
        + (f", Redocly CLI {machine.get('redocly')}" if with_redocly else ""),
        f"- ADR version {payload['adr']}; official ruleset `{relative_corpus(commands.ruleset)}`; "
        f"{payload['runs']} runs per tool and document, alternating, each a separate process; medians shown.",
        "",
        *([str(payload["caveat"]), ""] if payload.get("caveat") else []),
        "Commands (DOC = the document):",
        "",
    ]
    for tool in tools:
        out.append(f"- {tool}: `{commands.display(tool)}`")
    out.append("")
    header = "| Document | Size | cgcomply wall | cgcomply peak RSS | Spectral wall | Spectral peak RSS | Speed-up | Memory ratio |"
    sep = "|---|---:|---:|---:|---:|---:|---:|---:|"
    if with_redocly:
        header += " Redocly wall | Redocly peak RSS | vs Redocly |"
        sep += "---:|---:|---:|"
    out += [header, sep]
    for res in results:
        ours = res.summary.get("cgcomply")
        spectral = res.summary.get("spectral")
        c_wall, c_mem = tool_cell(ours)
        s_wall, s_mem = tool_cell(spectral)
        usable_ours = ours if ours is not None and not ours.crashed else None
        speed = ratio(
            spectral.median_wall_s if spectral else None, usable_ours.median_wall_s if usable_ours else None
        )
        mem = ratio(
            spectral.median_peak_rss_mb if spectral else None,
            usable_ours.median_peak_rss_mb if usable_ours else None,
        )
        row = (
            f"| {res.label} | {fmt_size(res.size_bytes)} | {c_wall} | {c_mem} | {s_wall} | {s_mem} | "
            f"{fmt_ratio(speed, bool(spectral and spectral.crashed))} | {fmt_ratio(mem)} |"
        )
        if with_redocly:
            redocly = res.summary.get("redocly")
            r_wall, r_mem = tool_cell(redocly)
            r_speed = ratio(
                redocly.median_wall_s if redocly else None, usable_ours.median_wall_s if usable_ours else None
            )
            row += f" {r_wall} | {r_mem} | {fmt_ratio(r_speed, bool(redocly and redocly.crashed))} |"
        out.append(row)
    out += [
        "",
        "Speed-up = Spectral median wall / cgcomply median wall; memory ratio = Spectral peak RSS / cgcomply peak "
        'RSS (both > 1 means cgcomply is better). "≥ … (crash)": Spectral died before finishing, so the real '
        "ratio is at least this.",
        "",
        *cpu_table(results, tools),
        "## Goals",
        "",
        *goal_lines(results, tools),
        "",
        "## Notes",
        "",
    ]
    notes = 0
    for res in results:
        if res.note:
            out.append(f"- {res.label}: {res.note}.")
            notes += 1
        counts = [
            f"{tool} {summary.findings}"
            for tool, summary in res.summary.items()
            if summary.findings is not None
        ]
        if counts:
            out.append(f"- {res.label}: findings reported: {', '.join(counts)}.")
            notes += 1
        if res.skipped:
            out.append(f"- {res.label}: left out: {'; '.join(res.skipped)}.")
            notes += 1
        for run in res.runs:
            if run.crashed:
                out.append(
                    f"- {res.label}: **{run.tool} {'timed out' if run.timed_out else 'crashed'}** in round "
                    f"{run.round} after {run.wall_s:.1f} s, "
                    f"exit {run.exit_code}, peak {run.peak_rss_mb:.0f} MB: `{run.stderr_tail or 'no message'}`"
                )
                notes += 1
    if with_redocly:
        out.append(
            "- Redocly runs its own `recommended` rules, not the ADR rules: the comparison shows the engine, "
            "not equal work."
        )
        notes += 1
    if not notes:
        out.append("- none")
    out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def cpu_table(results: list[DocumentResult], tools: list[str]) -> list[str]:
    """CPU seconds (user + system) per tool: less sensitive than wall time to other load on the machine."""
    out = [
        "CPU time (user + system, median) and the machine's 1-minute load average just before each run "
        "(median and highest over the item's runs); wall times are only comparable when the load is below "
        "the number of cores.",
        "",
        "| Document | Load (median) | Load (max) | Runs | "
        + " | ".join(f"{tool} CPU" for tool in tools)
        + " |",
        "|---|---:|---:|---:|" + "---:|" * len(tools),
    ]
    for res in results:
        cells = []
        for tool in tools:
            summary = res.summary.get(tool)
            cells.append(fmt_s(summary.median_cpu_s) if summary else "–")
        loads = [r.load_1m for r in res.runs if r.load_1m is not None]
        load = f"{statistics.median(loads):.1f}" if loads else "–"
        top = f"{max(loads):.1f}" if loads else "–"
        out.append(f"| {res.label} | {load} | {top} | {len(res.runs)} | " + " | ".join(cells) + " |")
    out.append("")
    return out


def relative_corpus(path: Path) -> str:
    parts = path.parts
    return str(Path(*parts[parts.index("corpus") :])) if "corpus" in parts else str(path)


# --------------------------------------------------------------------------- entry point


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and document (default 3)")
    parser.add_argument(
        "--only", choices=["both", "cgcomply", "spectral"], default="both", help="which tools to run"
    )
    parser.add_argument(
        "--with-redocly",
        action="store_true",
        help=f"also run {REDOCLY_PACKAGE} {REDOCLY_VERSION} lint --extends recommended",
    )
    parser.add_argument(
        "--doc",
        action="append",
        default=None,
        metavar="KEY",
        help="benchmark only this document (repeatable); see --list",
    )
    parser.add_argument("--list", action="store_true", help="list the document keys and exit")
    parser.add_argument(
        "--all", action="store_true", help="every document, not only the default set of the issue"
    )
    parser.add_argument("--adr", default="2.2", help="ADR version for both tools (default 2.2)")
    parser.add_argument(
        "--corpus", default=None, help="corpus folder (default $CGCOMPLY_CORPUS or ../shared/corpus)"
    )
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds before one run is killed (default 600)"
    )
    parser.add_argument(
        "--markdown", type=Path, default=BENCH_DIR / "RESULTS.md", help="where to write the table"
    )
    parser.add_argument(
        "--json", type=Path, default=BENCH_DIR / "results.json", help="where to write raw results"
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=None,
        metavar="M",
        help="time budget: after round 1, leave out runs that would end later than M minutes after the "
        "start (listed in RESULTS.md); default: no budget",
    )
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="only install the node tools, byte-compile cgcomply and write the conform document, then exit",
    )
    parser.add_argument(
        "--render",
        nargs="+",
        type=Path,
        default=None,
        metavar="JSON",
        help="measure nothing: write --markdown and --json from results.json files of earlier runs, merged by item "
        "(an item of a later file replaces the same item of an earlier one)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def compile_bytecode() -> None:
    """Compile cgcomply's modules first, as ``pip install`` does for a wheel.

    The checkout is installed editable, and with ``PYTHONDONTWRITEBYTECODE`` set (as on this workplace's
    machines) every run would otherwise compile ~60 modules from source, which is ~0.07 s of start-up that an
    installed cgcomply never pays.
    """
    subprocess.run(
        [
            str(REPO_DIR / ".venv" / "bin" / "python"),
            "-m",
            "compileall",
            "-q",
            str(REPO_DIR / "src" / "cgcomply"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def write_results(
    args: argparse.Namespace,
    started: str,
    command: str,
    tools: list[str],
    commands: Commands,
    machine: dict[str, object],
    results: list[DocumentResult],
) -> None:
    payload: dict[str, object] = {
        "date": started,
        "command": command,
        "adr": args.adr,
        "runs": args.runs,
        "tools": tools,
        "commands": {tool: commands.display(tool) for tool in tools},
        "machine": machine,
        "documents": [asdict(r) for r in results],
    }
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_markdown(args.markdown, payload, results, tools, commands)


def render_saved(args: argparse.Namespace, corpus: Path) -> int:
    """``--render``: RESULTS.md from saved results.json files, each run judged again by today's rules
    (e.g. cgcomply's exit 3 counts as completed)."""
    payloads = [json.loads(path.read_text(encoding="utf-8")) for path in args.render]
    by_key: dict[str, tuple[dict[str, object], dict[str, object]]] = {}
    for payload in payloads:
        for item in payload["documents"]:
            by_key[item["key"]] = (item, payload)
    known = {d.key: d for d in all_documents(corpus, args.adr)}
    results: list[DocumentResult] = []
    sources: dict[str, list[str]] = {}
    tools: list[str] = []
    for key, (item, payload) in by_key.items():
        doc = known.get(key)
        result = DocumentResult(item["key"], item["label"], item["path"], item["size_bytes"], item["note"])
        result.load_before = item.get("load_before", [])
        result.load_after = item.get("load_after", [])
        result.skipped = item.get("skipped", [])
        result.cgcomply_findings = item.get("cgcomply_findings")
        for raw in item["runs"]:
            run = Run(**raw)
            if doc is not None:
                run.crashed = run.timed_out or run.exit_code not in completed_codes(doc, run.tool)
            result.runs.append(run)
        item_tools = [t for t in TOOLS if any(r.tool == t for r in result.runs)]
        summarise_result(result, item_tools)
        for tool, old in item.get("summary", {}).items():
            if tool in result.summary and result.summary[tool].findings is None:
                result.summary[tool].findings = old.get("findings")
        tools += [t for t in item_tools if t not in tools]
        results.append(result)
        sources.setdefault(str(payload["command"]), []).append(key)
    first = payloads[0]
    machine = dict(first["machine"])  # type: ignore[arg-type]
    commands = Commands(
        cgcomply=REPO_DIR / ".venv" / "bin" / "cgcomply",
        node="node",
        ruleset=ruleset_path(corpus, args.adr),
        adr=args.adr,
    )
    command = "; ".join(f"`{cmd}` for {', '.join(keys)}" for cmd, keys in sources.items())
    payload: dict[str, object] = {
        "date": first["date"],
        "command": f"rendered with --render from: {command}",
        "caveat": (
            "**Re-rendered from saved results, not measured in one run:** the rows come from the runs named "
            "above, which may differ in commit and machine load (a load of 8-20 on 2 cores stretches wall "
            "times 5-15×), so ratios between rows of different runs are not comparable, and wall-time goals "
            "are judged on loaded numbers. The CPU table is the steadier guide."
        ),
        "adr": first["adr"],
        "runs": max(int(p["runs"]) for p in payloads),
        "tools": tools,
        "commands": first["commands"],
        "machine": machine,
        "documents": [asdict(r) for r in results],
    }
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_markdown(args.markdown, payload, results, [t for t in TOOLS if t in tools], commands)
    print(f"wrote {args.markdown} and {args.json}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = corpus_dir(args.corpus)
    if args.render:
        return render_saved(args, corpus)
    documents = all_documents(corpus, args.adr)
    if args.list:
        for doc in documents:
            size = (
                fmt_size(doc.size_bytes)
                if doc.exists()
                else "made by the run"
                if doc.kind == "conform"
                else "missing"
            )
            print(f"{doc.key:20} {size:>9}  {doc.path}")
        return 0
    if args.doc:
        known = {d.key for d in documents}
        unknown = [k for k in args.doc if k not in known]
        if unknown:
            raise BenchError(
                f"unknown document key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        documents = [d for d in documents if d.key in args.doc]
    elif not args.all:
        documents = sorted(
            (d for d in documents if d.key in DEFAULT_KEYS), key=lambda d: DEFAULT_KEYS.index(d.key)
        )

    tools = ["cgcomply", "spectral"] if args.only == "both" else [args.only]
    if args.with_redocly:
        tools.append("redocly")
    if "cgcomply" not in tools:
        documents = [d for d in documents if d.kind != "conform"]
    versions: dict[str, str] = {}
    if "spectral" in tools:
        versions["spectral"] = ensure_node_package(SPECTRAL_PACKAGE, SPECTRAL_VERSION)
    if "redocly" in tools:
        versions["redocly"] = ensure_node_package(REDOCLY_PACKAGE, REDOCLY_VERSION)
    node = shutil.which("node")
    if node is None and any(t in tools for t in ("spectral", "redocly")):
        raise BenchError("node not found on PATH")
    commands = Commands(
        cgcomply=REPO_DIR / ".venv" / "bin" / "cgcomply",
        node=node or "node",
        ruleset=ruleset_path(corpus, args.adr),
        adr=args.adr,
    )
    if "cgcomply" in tools and not commands.cgcomply.exists():
        raise BenchError(f"{commands.cgcomply} not found; run `make setup` first")
    if "cgcomply" in tools:
        # A pip-installed wheel ships compiled bytecode; an editable checkout compiles on first import.
        compile_bytecode()
        for doc in documents:
            if doc.kind == "conform" and (doc.standards_dir or corpus).is_dir():
                prepare_conform(commands, doc)
    if args.prepare:
        print("prepared: node tools, bytecode, conform document and its warm cache", file=sys.stderr)
        return 0
    missing = [d for d in documents if not d.exists()]
    for doc in missing:
        print(f"skipping {doc.key}: {doc.path} not found", file=sys.stderr)
    documents = [d for d in documents if d.exists()]
    if not documents:
        raise BenchError("no documents to benchmark")

    # Versions and the commit are read before the runs: that is the code being measured.
    machine = machine_info(tools, commands, versions)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    clock = time.monotonic()
    command = shlex.join(
        [relative(sys.executable), relative(str(Path(sys.argv[0]).resolve())), *sys.argv[1:]]
    )
    total_runs = args.runs * sum(len(tools_for(d, tools)) for d in documents)

    def write(results: list[DocumentResult]) -> None:
        done = sum(len(r.runs) + len(r.skipped) for r in results)
        minutes = (time.monotonic() - clock) / 60
        state = (
            f" ({minutes:.1f} min)"
            if done >= total_runs
            else f" (partial: {done} of {total_runs} runs after {minutes:.1f} min; rows show the runs so far)"
        )
        write_results(args, started, command + state, tools, commands, machine, results)

    results = run_benchmark(documents, tools, commands, args.runs, args.timeout, args.max_minutes, write)
    write(results)
    revision_after = git_revision()
    if revision_after != machine["cgcomply_commit"]:
        machine["cgcomply_commit"] = (
            f"{machine['cgcomply_commit']} → {revision_after}: src/ changed during the run"
        )
        write(results)
    print(f"wrote {args.markdown} and {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
