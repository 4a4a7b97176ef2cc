"""`cgcomply lint --format ... -o ...` as a user runs it: report on stdout or in the file, exit code 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = Path(__file__).resolve().parent / "fixtures" / "report" / "openapi.yaml"


def cgcomply(*args: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("cgcomply.linting", reason="cgcomply.linting is not available")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "cgcomply.cli", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_json_on_stdout_names_the_failing_must_rule():
    result = cgcomply("lint", str(DOCUMENT.relative_to(REPO_ROOT)), "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    failing = [c for c in data["checks"] if c["status"] == "fail"]
    assert [c["adr_rule"] for c in failing] == ["/core/version-header"]
    finding = failing[0]["findings"][0]
    file = finding["file"] or data["target"]["document"]  # null: the target document itself
    assert file.endswith("openapi.yaml") and finding["line"] >= 1 and finding["column"] >= 1
    assert data["exit_code"] == 1


@pytest.mark.parametrize("fmt", ["sarif", "junit", "html", "md", "text"])
def test_output_file_keeps_stdout_empty(tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"
    result = cgcomply(
        "lint", str(DOCUMENT.relative_to(REPO_ROOT)), "--format", fmt, "-o", str(target), "--lang", "nl"
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert f"report written to {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    if fmt == "junit":
        assert (
            ET.fromstring(text.encode("utf-8")).find(".//testcase[@name='adr.version-header']/failure")
            is not None
        )
    elif fmt == "sarif":
        failing = [r for r in json.loads(text)["runs"][0]["results"] if r["kind"] == "fail"]
        assert [r["ruleId"] for r in failing] == ["adr.version-header"]
        region = failing[0]["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
    elif fmt == "html":
        assert '<html lang="nl">' in text and "voldoet niet" in text
    else:
        assert "adr.version-header" in text and "\x1b[" not in text
        assert (
            "tests/fixtures/report/openapi.yaml:" in text
        )  # file:line:col, also when lint leaves file unset
