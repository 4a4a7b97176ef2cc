"""The library API: what `import cgcomply` gives, and the script of docs/library.md run as written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cgcomply
from cgcomply.probes.options import ProbeOptions

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = REPO_ROOT / "tests" / "fixtures" / "checks" / "compliant-2.2.json"


def _library_script() -> str:
    text = (REPO_ROOT / "docs" / "library.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    script = next(block for block in blocks if "Report.from_dict" in block)
    assert len([line for line in script.splitlines() if line.strip()]) <= 12
    return script


def test_the_script_in_docs_library_md_runs_as_written(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _library_script()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Rapport API-verificatie" in result.stdout and "API verification report" in result.stdout
    assert "Oordeel per eis" in result.stdout and "Verdict per requirement" in result.stdout
    stored = json.loads((tmp_path / "rapport.json").read_text("utf-8"))
    assert stored["schema_version"] == 4 and stored["profile"]["id"] == "cg-basis"
    assert stored["run"]["duration_seconds"] > 0


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in cgcomply.__all__:
        assert getattr(cgcomply, name) is not None, name
    assert set(dir(cgcomply)) >= set(cgcomply.__all__)
    with pytest.raises(AttributeError):
        cgcomply.nothing_here  # noqa: B018
    assert callable(cgcomply.lint) and callable(cgcomply.verify)  # not the modules of the same name


def test_lint_and_load_profile() -> None:
    report = cgcomply.lint(DOCUMENT, adr="2.2")
    assert isinstance(report, cgcomply.Report) and report.adr_version == "2.2.0" and report.exit_code() == 0
    profile = cgcomply.load_profile("cg-basis")
    assert isinstance(profile, cgcomply.Profile) and profile.id == "cg-basis"
    with pytest.raises(cgcomply.UsageError):
        cgcomply.lint(DOCUMENT, adr="9.9")
    with pytest.raises(cgcomply.DocumentError):
        cgcomply.lint(REPO_ROOT / "does-not-exist.yaml")
    with pytest.raises(cgcomply.CgcomplyError):
        cgcomply.load_profile("no-such-profile")


def test_verify_takes_a_profile_object_and_credentials_for_the_target() -> None:
    from cgcomply.demo.server import start_demo_server

    profile = cgcomply.load_profile("cg-basis")
    with start_demo_server() as api:
        report = cgcomply.verify(
            profile,
            url=api.base_url,
            cacert=api.ca_path,
            headers={"X-Api-Key": "library-test-secret"},
            options=ProbeOptions(rate_per_second=200.0, tls_scan=False),
        )
    assert report.profile is not None and report.profile.id == "cg-basis"
    assert report.requirements and report.target.url == api.base_url
    assert "library-test-secret" not in json.dumps(report.to_dict())


def test_the_package_is_typed() -> None:
    assert (Path(cgcomply.__file__).parent / "py.typed").is_file()
