"""Issue 7 item 2 (document side): hostile documents end quickly and in bounded memory, exit 1-3.

Each document is generated here (small text, large meaning): 10,000-reference $ref chains and cycles,
nested YAML aliases inside schemas and inside examples. Each is linted by the CLI in a child process
that reports its own peak memory; the child is killed after a generous bound, so a regression fails the
test instead of hanging it. (The bound is a hang guard, not a timing assertion.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peak_memory import run_cli_measured

HANG_GUARD_S = 120
MEMORY_LIMIT_MB = 500


def _lint(path: Path) -> tuple[int, str, float]:
    run = run_cli_measured(["lint", "--format", "json", str(path)], timeout=HANG_GUARD_S)
    return run.code, run.stdout, run.peak_mb


def _openapi(schemas: dict) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def _statuses(stdout: str) -> dict[str, str]:
    report = json.loads(stdout)
    return {check["id"]: check["status"] for check in report["checks"]}


def _chain(n: int, cycle: bool) -> dict:
    schemas: dict = {f"s{i}": {"$ref": f"#/components/schemas/s{i + 1}"} for i in range(n)}
    if cycle:
        schemas[f"s{n - 1}"] = {"$ref": "#/components/schemas/s0"}
    else:
        schemas[f"s{n}"] = {"type": "string"}
    return _openapi(schemas)


@pytest.mark.parametrize("cycle", [False, True], ids=["chain", "cycle"])
def test_ten_thousand_ref_chain_or_cycle(tmp_path: Path, cycle: bool) -> None:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(_chain(10_000, cycle)), "utf-8")
    code, stdout, peak = _lint(path)
    assert code in (1, 2, 3)
    assert peak < MEMORY_LIMIT_MB
    statuses = _statuses(stdout)
    assert statuses["adr.refs-resolve"] == ("fail" if cycle else "pass")


def _alias_schemas(depth: int, fan: int = 9) -> str:
    lines = [
        "openapi: 3.0.3",
        "info: {title: t, version: 1.0.0}",
        "paths: {}",
        "components:",
        "  schemas:",
        "    L0: &a0 {type: object, properties: {x: {type: string, example: abc}}}",
    ]
    for i in range(1, depth + 1):
        members = ", ".join(f"p{j}: *a{i - 1}" for j in range(fan))
        lines.append(f"    L{i}: &a{i} {{type: object, properties: {{{members}}}}}")
    lines.append("    Broken: {type: objekt, properties: {a: *a2, b: *a2}}")
    return "\n".join(lines) + "\n"


def test_nested_aliases_in_schemas_are_validated_once(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text(_alias_schemas(7), "utf-8")  # 9**7 = 4.8 million properties once expanded
    code, stdout, peak = _lint(path)
    assert code == 1 and peak < MEMORY_LIMIT_MB
    report = json.loads(stdout)
    schema = next(c for c in report["checks"] if c["id"] == "adr.oas-schema")
    assert schema["status"] == "fail"
    pointers = {f["pointer"] for f in schema["findings"]}
    assert pointers == {"/components/schemas/Broken/type"}  # once, at its place; the aliases are fine


def test_nested_aliases_in_an_example_are_not_expanded(tmp_path: Path) -> None:
    lines = ["openapi: 3.0.3", "info: {title: t, version: 1.0.0}", "paths: {}", "x-data:"]
    lines.append("  e0: &e0 [1, 2, 3, 4, 5, 6, 7, 8, 9]")
    for i in range(1, 9):
        lines.append(f"  e{i}: &e{i} [{', '.join([f'*e{i - 1}'] * 9)}]")
    lines += [
        "components:",
        "  schemas:",
        "    A: {type: array, example: *e8}",
        "    B: {type: string, example: 5}",
    ]
    path = tmp_path / "openapi.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code, stdout, peak = _lint(path)
    assert code == 1 and peak < MEMORY_LIMIT_MB
    assert _statuses(stdout)["adr.valid-examples"] == "fail"  # B's example is judged; A's is too large


def test_a_child_reports_its_own_peak_not_its_parents() -> None:
    ballast = bytearray(300 * 1024 * 1024)  # touch 300 MiB in this process before the child starts
    for index in range(0, len(ballast), 4096):
        ballast[index] = 1
    run = run_cli_measured(["--version"])
    del ballast
    assert run.code == 0, run.stderr
    assert run.peak_mb < 200, f"{run.peak_mb:.0f} MiB"  # with ru_maxrss this reads over 300
