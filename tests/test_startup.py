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


# A lint builds and imports only its own command: none of the other commands' modules, nor the parts of
# cgcomply that only they use (issue 10 item 2: lazily loaded click sub-commands).
NOT_FOR_LINT = (
    "cgcomply.monitor",
    "cgcomply.web",
    "cgcomply.tender",
    "cgcomply.standards",
    "cgcomply.probes",
    "cgcomply.catalog",
    "cgcomply.demo",
    "cgcomply.verification",
    "cgcomply.baseline",
    "cgcomply.report.html",
    "cgcomply.report.markdown",
    "cgcomply.report.sarif",
    "cgcomply.report.junit",
    "cgcomply.report.text",
    "cgcomply.commands.catalog",
    "cgcomply.commands.baseline",
    "cgcomply.commands.tender",
    "cgcomply.commands.serve",
    "cgcomply.commands.probe",
    "cgcomply.commands.conform",
    "cgcomply.commands.standards",
    "cgcomply.commands.demo",
)

_MODULES_PROBE = """
import json, sys
arguments, prefixes = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["cgcomply", *arguments]
try:
    from cgcomply.cli import main
    main()
except SystemExit:
    pass
print(json.dumps(sorted(
    name for name in sys.modules if any(name == p or name.startswith(p + ".") for p in prefixes)
)), file=sys.stderr)
"""


def _imported_modules(arguments: list[str], prefixes: tuple[str, ...]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _MODULES_PROBE, json.dumps(arguments), json.dumps(prefixes)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_lint_imports_no_other_command_and_no_part_only_other_commands_use() -> None:
    document = str(corpus_path("adr-tests", "2.2", "baseline", "openapi.json"))
    arguments = ["lint", document, "--format", "json", "-o", "/dev/null"]
    assert _imported_modules(arguments, NOT_FOR_LINT) == []
    # ... and the probe does see its own imports (the probe would pass on an empty sys.modules otherwise)
    assert _imported_modules(arguments, ("cgcomply.commands.lint", "cgcomply.checks.registry")) == [
        "cgcomply.checks.registry",
        "cgcomply.commands.lint",
    ]


def test_help_lists_every_command_and_loads_each_module_only_when_named() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cgcomply", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    from cgcomply.cli import COMMANDS

    listed = result.stdout.split("Commands:", 1)[1].split()
    for name in COMMANDS:
        assert name in listed
    assert _imported_modules(["standards", "--help"], ("cgcomply.commands", "cgcomply.monitor")) == [
        "cgcomply.commands",
        "cgcomply.commands.standards",
    ]


def test_the_command_table_names_every_command_of_the_command_modules() -> None:
    """``cgcomply.cli.COMMANDS`` maps each name to the module and attribute of that command, and no
    top-level command of ``cgcomply/commands/`` (one that is no group's sub-command) is missing."""
    import importlib
    import pkgutil

    import click

    import cgcomply.commands
    from cgcomply.cli import COMMANDS

    for name, (module, attribute) in COMMANDS.items():
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        assert command.name == name
    defined: set[tuple[str, str]] = set()
    subcommands: set[int] = set()
    for info in pkgutil.iter_modules(cgcomply.commands.__path__):
        module_name = f"cgcomply.commands.{info.name}"
        module = importlib.import_module(module_name)
        for attribute, value in vars(module).items():
            if (
                isinstance(value, click.Command)
                and getattr(value.callback, "__module__", None) == module_name
            ):
                defined.add((module_name, attribute))
            if isinstance(value, click.Group):
                subcommands.update(id(command) for command in value.commands.values())
    top_level = {
        (module_name, attribute)
        for module_name, attribute in defined
        if id(getattr(importlib.import_module(module_name), attribute)) not in subcommands
    }
    assert top_level == {entry for entry in COMMANDS.values() if entry[0].startswith("cgcomply.commands.")}
    assert COMMANDS["monitor"] == ("cgcomply.monitor.cli", "monitor")
