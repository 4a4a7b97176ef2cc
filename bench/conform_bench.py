#!/usr/bin/env python3
"""Time ``cgcomply conform`` of an ~800 KB implementation document against a ~500 KB standard, whole process.

The implementation is Open Zaak 1.30.0's Catalogi document (491 KB) padded to 800 KB with copies of its
own component schemas under other names (so it stays a real document of that size); the standard is
Catalogi 1.3.1, GEMMA file (513 KB), read offline from the corpus. Each run is a fresh
``cgcomply conform`` process; wall time and the process's CPU time (user+sys) are recorded. "cold" runs
have no parsed copy of the standard in the cache, "warm" runs reuse it (the normal case after the
first run). Appends one line per invocation to ``bench/conform-results.txt``.

    .venv/bin/python bench/conform_bench.py [--runs 5] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET = 800 * 1024


def padded_implementation(corpus: Path, out: Path) -> int:
    source = corpus / "impl" / "open-zaak-1.30.0-catalogi.yaml"
    data = yaml.load(source.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    schemas = data["components"]["schemas"]
    names = list(schemas)
    copy = 0
    text = yaml.dump(
        data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True
    )
    while len(text.encode()) < TARGET:
        for name in names[:40]:
            schemas[f"{name}Copy{copy}"] = schemas[name]
        copy += 1
        text = yaml.dump(
            data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True
        )
    out.write_text(text, encoding="utf-8")
    return len(text.encode())


def run_once(cli: Path, impl: Path, corpus: Path, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [
            str(cli),
            "conform",
            str(impl),
            "--standard",
            "zgw-catalogi@1.3.1",
            "--standards-dir",
            str(corpus),
            "-o",
            os.devnull,
        ],
        env=env,
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"conform failed ({result.returncode}): {result.stderr.decode()[:500]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("CGCOMPLY_CORPUS", REPO.parent / "shared" / "corpus")) / "standards",
    )
    parser.add_argument(
        "--write-impl",
        type=Path,
        default=None,
        metavar="PATH",
        help="only write the padded ~800 KB implementation document to PATH (bench/run_bench.py uses it)",
    )
    args = parser.parse_args()
    if args.write_impl is not None:
        args.write_impl.parent.mkdir(parents=True, exist_ok=True)
        print(padded_implementation(args.corpus, args.write_impl))
        return 0
    cli = Path(sys.executable).parent / "cgcomply"
    work = Path(tempfile.mkdtemp(prefix="cgcomply-conform-bench-"))
    try:
        impl = work / "impl-800k.yaml"
        size = padded_implementation(args.corpus, impl)
        std_size = (args.corpus / "zgw-catalogi-1.3.1+gemma-zaken.yaml").stat().st_size
        env = dict(os.environ, CGCOMPLY_CACHE_DIR=str(work / "cache"))
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "cgcomply")], check=False
        )
        cold, warm = [], []
        for _ in range(args.runs):
            shutil.rmtree(work / "cache", ignore_errors=True)
            cold.append(run_once(cli, impl, args.corpus, env))
            warm.append(run_once(cli, impl, args.corpus, env))
        load = os.getloadavg()[0]
        line = (
            f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} conform impl {size // 1024} KB vs std {std_size // 1024} KB, "
            f"{args.runs} runs: warm median wall {statistics.median(w for w, _ in warm):.2f} s "
            f"(cpu {statistics.median(c for _, c in warm):.2f} s, min wall {min(w for w, _ in warm):.2f} s); "
            f"cold median wall {statistics.median(w for w, _ in cold):.2f} s (cpu {statistics.median(c for _, c in cold):.2f} s); "
            f"load {load:.1f}, {os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(line)
        with (HERE / "conform-results.txt").open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
