"""A non-editable install (wheel into a fresh virtualenv) finds the packaged catalogue, profiles, schemas
and templates, from any folder."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from cgcomply.catalog import load_profile

REPO_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO_ROOT)]
    if importlib.util.find_spec("hatchling") is not None:
        build.insert(4, "--no-build-isolation")  # else pip fetches hatchling from PyPI
    result = _run(build, cwd=root)
    assert result.returncode == 0, result.stderr
    (wheel,) = wheels.glob("cgcomply-*.whl")

    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    install = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--no-deps",
        "--quiet",
        str(wheel),
    ]
    result = _run(install, cwd=root)
    assert result.returncode == 0, result.stderr

    # The fresh environment borrows the dependencies (not cgcomply) of the development environment.
    fresh_site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root
        ).stdout.strip()
    )
    dev_site = sysconfig.get_paths()["purelib"]
    (fresh_site / "_cgcomply_dev_dependencies.pth").write_text(dev_site + "\n", encoding="utf-8")
    work = root / "elsewhere"
    work.mkdir()
    return {"python": python, "cgcomply": env_dir / "bin" / "cgcomply", "site": fresh_site, "work": work}


def test_installed_package_is_not_the_checkout(installed):
    result = _run(
        [
            str(installed["python"]),
            "-c",
            "import cgcomply, cgcomply.resources as r; print(cgcomply.__file__);"
            "print(r.requirements_dir()); print(r.templates_dir())",
        ],
        cwd=installed["work"],
    )
    assert result.returncode == 0, result.stderr
    package, requirements, templates = result.stdout.split()
    site = str(installed["site"])
    assert package.startswith(site)
    assert requirements == str(installed["site"] / "cgcomply" / "_data" / "requirements")
    assert templates.startswith(site)


def test_installed_tender_uses_the_packaged_catalogue(installed):
    profile = installed["site"] / "cgcomply" / "_data" / "requirements" / "profiles" / "cg-basis.yaml"
    result = _run(
        [str(installed["cgcomply"]), "tender", str(profile), "--format", "json", "-o", "-"],
        cwd=installed["work"],
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["catalog"]["directory"].startswith(str(installed["site"] / "cgcomply" / "_data"))
    assert data["catalog"]["requirements"] >= 20
    assert data["profile"]["sha256"] == load_profile("cg-basis").sha256  # same content as the checkout's
    assert data["requirements"][0]["id"] == "CG-DATA-01"


def test_installed_profile_name_and_templates_work_anywhere(installed):
    markdown = _run(
        [str(installed["cgcomply"]), "tender", "cg-basis", "--format", "md", "-o", "-"], cwd=installed["work"]
    )
    assert markdown.returncode == 0, markdown.stderr
    assert load_profile("cg-basis").hash_label in markdown.stdout
    docx = _run(
        [str(installed["cgcomply"]), "tender", "cg-zaakgericht", "--format", "docx"], cwd=installed["work"]
    )
    assert docx.returncode == 0, docx.stderr
    written = Path(docx.stderr.strip().splitlines()[-1])
    assert written.parent == installed["work"] and written.stat().st_size > 10_000
    bad = _run([str(installed["cgcomply"]), "profile", "validate", "nope"], cwd=installed["work"])
    assert bad.returncode == 2 and "profiel niet gevonden" in bad.stderr and "Traceback" not in bad.stderr


def test_installed_wheel_requires_sslyze_and_its_tls_probe_imports(installed):
    """probe.tls runs on sslyze (and nassl's legacy OpenSSL): the wheel declares it, and the installed
    package's TLS probe imports it."""
    (metadata,) = installed["site"].glob("cgcomply-*.dist-info/METADATA")
    requires = [
        line
        for line in metadata.read_text(encoding="utf-8").splitlines()
        if line.startswith("Requires-Dist:")
    ]
    assert any(line.split()[1].lower().startswith("sslyze") for line in requires), requires
    result = _run(
        [str(installed["python"]), "-c", "import cgcomply.probes.tls as t, nassl; print(t.__file__)"],
        cwd=installed["work"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(installed["site"]))


def test_installed_web_app_finds_its_templates_and_static_files(installed):
    script = (
        "from cgcomply.web import create_app\n"
        "client = create_app({'TESTING': True}).test_client()\n"
        "for url in ('/nl/tender/', '/nl/tender/edit?start=cg-basis', '/static/web.css', '/static/officer.js'):\n"
        "    response = client.get(url)\n"
        "    print(url, response.status_code, len(response.data))\n"
    )
    result = _run([str(installed["python"]), "-c", script], cwd=installed["work"])
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [row[1] for row in rows] == ["200"] * 4, result.stdout
    assert all(int(row[2]) > 500 for row in rows), result.stdout


def test_installed_standards_registry_ships_in_the_wheel(installed):
    """`cgcomply standards` reads the registry from the installed package (metadata only, no documents)."""
    assert (installed["site"] / "cgcomply" / "_data" / "standards" / "registry.json").is_file()
    result = _run([str(installed["cgcomply"]), "standards", "show", "zgw-zaken@1.5.1"], cwd=installed["work"])
    assert result.returncode == 0, result.stderr
    assert "132eaa29d4ff5460b88ee1960c8e7c0c96f719542ccba490515068f121a2cb43" in result.stdout
