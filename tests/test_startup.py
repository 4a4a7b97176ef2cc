"""Start-up: ``cgcomply lint`` imports only what linting needs (issue 10 item 2).

Each case runs the command in a fresh interpreter and lists the heavy packages it imported. Timings are
measured in ``bench/`` (``python -X importtime``), never asserted here; what is asserted is the import set,
which is what start-up time follows.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from tests.conftest import corpus_path

HEAVY = (
    "rich",
    "httpx",
    "docx",
    "openpyxl",
    "schemathesis",
    "sslyze",
    "jinja2",
    "yaml",
    "jsonschema",
    "flask",
    "werkzeug",
    "cryptography",
    "hypothesis",
    "openapi_spec_validator",
    "ryml",
)

_PROBE = """
import json, sys
arguments, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["cgcomply", *arguments]
try:
    from cgcomply.cli import main
    main()
except SystemExit:
    pass
print(json.dumps(sorted(name for name in heavy if name in sys.modules)), file=sys.stderr)
"""


def _imported(arguments: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(arguments), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_lint_of_a_json_document_imports_no_heavy_package_but_the_schema_validator(fmt: str) -> None:
    document = str(corpus_path("adr-tests", "2.2", "baseline", "openapi.json"))
    assert _imported(["lint", document, "--format", fmt, "-o", "/dev/null"]) == []


def test_lint_of_a_yaml_document_imports_rapidyaml_and_not_pyyaml() -> None:
    document = str(corpus_path("oas", "open-zaak__open-notificaties__openapi.yaml"))
    assert _imported(["lint", document, "--format", "json", "-o", "/dev/null"]) == ["ryml"]


def test_help_imports_nothing_heavy() -> None:
    assert _imported(["--help"]) == []
    assert _imported(["verify", "--help"]) == []


def test_python_dash_m_cgcomply_is_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cgcomply", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cgcomply, version ")


def test_lint_of_a_clean_document_loads_no_openssl_and_no_http_status_table() -> None:
    """A clean small document makes no finding id (hashlib) and fetches nothing (http.HTTPStatus)."""
    document = str(corpus_path("adr-tests", "2.2", "baseline", "openapi.json"))
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE,
            json.dumps(["lint", document, "--format", "json", "-o", "/dev/null"]),
            json.dumps(["hashlib", "_hashlib", "http"]),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []
