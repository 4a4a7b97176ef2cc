"""Issue 9 item 8: the CI examples in ``docs/ci/`` run as written.

The test reads ``docs/ci/github-actions.yml`` and ``docs/ci/gitlab-ci.yml`` as YAML, takes their shell
steps (all but the installation, which this environment has done), and runs them with bash as the CI
runner would, with the job's variables and only the test environment's address, CA and token put in:
against the bundled example API started with ``cgcomply demo-server``. Then it checks what the CI system
would pick up: the SARIF file for code scanning, the JUnit file for GitLab's test report, the HTML and JSON
reports as artifacts, and the exit code the job ends with (a failing example API fails the job).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from cgcomply import load_profile
from test_report_sarif import official_sarif_schema

CI_DIR = Path(__file__).resolve().parent.parent / "docs" / "ci"
BIN = str(Path(sys.executable).parent)  # where this environment's `cgcomply` lives
TOKEN = "Bearer ci-voorbeeld-token-3f9a"


@dataclass
class DemoApi:
    base_url: str
    ca_path: str


@contextmanager
def demo_server(*breaks: str) -> Iterator[DemoApi]:
    """``cgcomply demo-server --port 0`` as a user starts it; its address and CA read from what it prints."""
    args = [os.path.join(BIN, "cgcomply"), "demo-server", "--port", "0"]
    for mode in breaks:
        args += ["--break", mode]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base_url = ca_path = None
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("Voorbeeld-API / example API:"):
                base_url = line.split(":", 1)[1].strip()
            elif line.startswith("Test-CA:"):
                ca_path = line.split(":", 1)[1].strip()
            elif line.startswith("Stop with Ctrl-C"):
                break
        assert base_url and ca_path, process.stderr.read() if process.stderr else ""
        yield DemoApi(base_url, ca_path)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((CI_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _environment(variables: dict[str, Any], api: DemoApi, tmp_path: Path) -> dict[str, str]:
    """The job's variables as written, with the test environment's address, CA and token put in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CGCOMPLY_")}
    env.update({str(k): "" if v is None else str(v) for k, v in variables.items()})
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env["CGCOMPLY_URL"] = api.base_url
    env["CGCOMPLY_CACERT"] = api.ca_path
    env["HOME"] = str(tmp_path)
    return env


def _bash(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _cgcomply_lines(script: str) -> list[str]:
    return [line for line in script.splitlines() if re.search(r"(^|\s|\|\|\s*)cgcomply\s", line)]


def _run_github(
    api: DemoApi, tmp_path: Path
) -> tuple[dict[Any, Any], list[subprocess.CompletedProcess[str]]]:
    workflow = _load("github-actions.yml")
    job = workflow["jobs"]["cgcomply"]
    env = _environment(job.get("env", {}), api, tmp_path)
    results = []
    for step in job["steps"]:
        script = step.get("run")
        if script is None or "pip install" in script:
            continue  # actions (checkout, upload) and the installation
        step_env = dict(env)
        for name, value in (step.get("env") or {}).items():
            text = str(value)
            secret = re.fullmatch(r"\$\{\{\s*secrets\.(\w+)\s*\}\}", text)
            step_env[name] = TOKEN if secret else text
        result = _bash(script, step_env, tmp_path)
        results.append(result)
        if result.returncode != 0:
            break  # the job stops at a failing step
    return job, results


def _run_gitlab(api: DemoApi, tmp_path: Path) -> tuple[dict[Any, Any], int, str]:
    job = _load("gitlab-ci.yml")["cgcomply"]
    env = _environment(job.get("variables", {}), api, tmp_path)
    env["API_TOKEN"] = TOKEN  # the masked CI/CD variable
    assert all("pip install" in line for line in job.get("before_script", []))
    code, output = 0, ""
    for line in job["script"]:  # one shell per job; a failing line ends it with its code
        result = _bash(line, env, tmp_path)
        output += result.stdout + result.stderr
        if result.returncode != 0:
            code = result.returncode
            break
    return job, code, output


def test_the_ci_files_are_yaml_with_cgcomply_commands_that_show_profile_export() -> None:
    github = _load("github-actions.yml")
    steps = github["jobs"]["cgcomply"]["steps"]
    commands = [line for step in steps for line in _cgcomply_lines(step.get("run", ""))]
    assert any("cgcomply profile export" in c for c in commands)
    assert any("cgcomply verify" in c for c in commands)
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    assert github["permissions"]["security-events"] == "write"
    gitlab = _load("gitlab-ci.yml")["cgcomply"]
    lines = [line for item in gitlab["script"] for line in _cgcomply_lines(item)]
    assert any("cgcomply profile export" in c for c in lines) and any("cgcomply verify" in c for c in lines)
    assert gitlab["artifacts"]["reports"]["junit"] == "cgcomply-junit.xml"


def test_github_actions_example_runs_as_written_against_the_example_api(tmp_path: Path) -> None:
    with demo_server() as api:
        job, results = _run_github(api, tmp_path)
    assert results and all(r.returncode == 0 for r in results), [r.stderr[-2000:] for r in results]
    verify_output = results[-1].stdout
    # the compliant example API still has knock-out requirements that wait for a person: exit 3, a warning
    assert "exit code 3" in verify_output and "::warning" in verify_output
    profile = tmp_path / job["env"]["CGCOMPLY_PROFILE"]
    assert profile.is_file()  # written by `cgcomply profile export`
    stored = json.loads((tmp_path / "cgcomply.json").read_text(encoding="utf-8"))
    assert stored["profile"]["sha256"] == load_profile("cg-basis").sha256
    assert stored["target"]["url"] == api.base_url
    sarif = json.loads((tmp_path / "cgcomply.sarif").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(official_sarif_schema()).iter_errors(sarif))
    assert errors == [], [e.message for e in errors[:5]]
    assert sarif["runs"][0]["language"] == "nl-NL"  # CGCOMPLY_LANG of the job
    html = (tmp_path / "cgcomply.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="nl"' in html
    for step in job["steps"]:
        with_ = step.get("with") or {}
        if "sarif_file" in with_:
            assert (tmp_path / with_["sarif_file"]).is_file()
        if "path" in with_:
            assert all((tmp_path / p).is_file() for p in with_["path"].split())
    assert TOKEN.split()[1] not in (tmp_path / "cgcomply.json").read_text(encoding="utf-8")
    assert TOKEN.split()[1] not in html


def test_github_actions_example_fails_the_build_on_a_failing_api(tmp_path: Path) -> None:
    with demo_server("no-version-header") as api:
        _job, results = _run_github(api, tmp_path)
    assert results[-1].returncode == 1, results[-1].stderr[-2000:]
    sarif = json.loads((tmp_path / "cgcomply.sarif").read_text(encoding="utf-8"))
    assert any(r["ruleId"] == "probe.version-header" for r in sarif["runs"][0]["results"])
    assert (tmp_path / "cgcomply.html").is_file()  # kept as an artifact for the failing build too


def test_gitlab_ci_example_runs_as_written_against_the_example_api(tmp_path: Path) -> None:
    with demo_server() as api:
        job, code, output = _run_gitlab(api, tmp_path)
    assert code == 3, output[-2000:]
    assert code in job["allow_failure"]["exit_codes"]  # passes with a warning
    junit = ET.parse(tmp_path / job["artifacts"]["reports"]["junit"]).getroot()
    assert junit.tag == "testsuites" and int(junit.get("tests", "0")) > 0
    names = {suite.get("name") for suite in junit.iter("testsuite")}
    assert {"static", "live", "requirements"} <= names
    for path in job["artifacts"]["paths"]:
        assert (tmp_path / path).is_file(), path
    stored = json.loads((tmp_path / "cgcomply.json").read_text(encoding="utf-8"))
    assert stored["profile"]["sha256"] == load_profile("cg-basis").sha256 and stored["exit_code"] == 3


def test_gitlab_ci_example_fails_the_job_on_a_failing_api(tmp_path: Path) -> None:
    with demo_server("plain-errors") as api:
        job, code, output = _run_gitlab(api, tmp_path)
    assert code == 1, output[-2000:]
    assert code not in job["allow_failure"]["exit_codes"]
    junit = ET.parse(tmp_path / "cgcomply-junit.xml").getroot()
    assert int(junit.get("failures", "0")) > 0


def test_both_files_install_the_wheel_a_checkout_builds() -> None:
    """cgcomply is not on PyPI: the files name the wheel ``pip wheel --no-deps .`` makes of this version."""
    project = tomllib.loads((CI_DIR.parent.parent / "pyproject.toml").read_text("utf-8"))["project"]
    wheel = f"wheels/{project['name']}-{project['version']}-py3-none-any.whl"
    github = _load("github-actions.yml")["jobs"]["cgcomply"]
    gitlab = _load("gitlab-ci.yml")["cgcomply"]
    assert github["env"]["CGCOMPLY_PACKAGE"] == gitlab["variables"]["CGCOMPLY_PACKAGE"] == wheel
    install = [step["run"] for step in github["steps"] if "pip install" in step.get("run", "")]
    assert install == ['python -m pip install "$CGCOMPLY_PACKAGE"']
    assert gitlab["before_script"] == ['python -m pip install "$CGCOMPLY_PACKAGE"']
