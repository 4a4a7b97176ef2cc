"""Shared test fixtures: where the corpus is, and helpers for real servers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

import cgcomply.linting
import cgcomply.report
import cgcomply.verification
from cgcomply.report.model import Report, message_problems
from postgres import fresh_postgres_url, postgres_server, postgres_url  # noqa: F401  (fixtures for every test)

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = Path(os.environ.get("CGCOMPLY_CORPUS", REPO_ROOT.parent / "shared" / "corpus"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with a test marked ``slow`` first (their order and every other file's kept): with pytest-xdist
    (`make test`: ``-n 2 --dist loadfile``) the long files then start at once instead of leaving one worker
    alone with them at the end."""
    slow = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow)


def corpus_path(*parts: str) -> Path:
    """Path inside ``../shared/corpus``. When it is absent the test is skipped with a clear reason on a
    developer's machine, and fails in CI (``CI`` set): there a missing corpus is a broken setup."""
    path = CORPUS_DIR.joinpath(*parts)
    if not path.exists():
        reason = f"corpus not available at {path} (set CGCOMPLY_CORPUS to the shared corpus folder)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI is set, so this is an error, not a skip")
        pytest.skip(reason)
    return path


@pytest.fixture
def corpus_dir() -> Path:
    return corpus_path()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- every report the suite makes

#: Problems found in reports made during the run; the session fails when any is left at the end.
REPORT_PROBLEMS: list[str] = []


def check_report(report: Report) -> Report:
    """Every report a test makes passes through here: its messages must resolve in both languages, and
    it must survive storing: ``Report.from_dict(report.to_dict()) == report`` (evidence as a stored
    report shows it), the stored form valid against the published JSON Schema."""
    REPORT_PROBLEMS.extend(message_problems(report))
    REPORT_PROBLEMS.extend(roundtrip_problems(report))
    return report


def _stored_schema():
    import jsonschema_rs

    text = (REPO_ROOT / "src/cgcomply/report/schema/report-4.schema.json").read_text("utf-8")
    return jsonschema_rs.Draft202012Validator(json.loads(text))


_SCHEMA = None


def roundtrip_problems(report: Report) -> list[str]:
    global _SCHEMA
    from dataclasses import replace

    from cgcomply.report.base import safe_evidence

    data = report.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    if _SCHEMA is None:
        _SCHEMA = _stored_schema()
    problems = [
        f"stored report: {error.message} at {list(error.instance_path)}"
        for error in _SCHEMA.iter_errors(data)
    ]
    again = Report.from_dict(json.loads(text))
    checks = [
        replace(
            check,
            findings=[
                replace(f, evidence=safe_evidence(f.evidence)) if f.evidence is not None else f
                for f in check.findings
            ],
        )
        for check in report.checks
    ]
    expected = replace(report, checks=checks)
    if again != expected:
        first = next(
            (f"check {a.id}" for a, b in zip(again.checks, expected.checks, strict=False) if a != b),
            "report fields",
        )
        problems.append(f"Report.from_dict(report.to_dict()) differs from the report ({first})")
    return problems[:5]


def _checked(function):
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        return check_report(result) if isinstance(result, Report) else result

    wrapper.__wrapped__ = function
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def _render_checked(function):
    def wrapper(report, *args, **kwargs):
        check_report(report)
        return function(report, *args, **kwargs)

    wrapper.__wrapped__ = function
    return wrapper


# Patched before any test module imports them, so `from cgcomply.linting import lint_document` in a test
# gets the checked function too.
cgcomply.linting.lint_document = _checked(cgcomply.linting.lint_document)
cgcomply.verification.verify_profile = _checked(cgcomply.verification.verify_profile)
cgcomply.verification.probe_target = _checked(cgcomply.verification.probe_target)
cgcomply.verification.verify_loaded_profile = _checked(cgcomply.verification.verify_loaded_profile)
cgcomply.report.render = _render_checked(cgcomply.report.render)


@pytest.fixture(autouse=True)
def _reports_are_sound():
    """Fails the test that made a report with an unknown message id, mismatched parameters or an
    untranslated text (see :func:`cgcomply.report.model.message_problems`)."""
    start = len(REPORT_PROBLEMS)
    yield
    new = REPORT_PROBLEMS[start:]
    del REPORT_PROBLEMS[start:]
    assert not new, "report with message problems:\n  " + "\n  ".join(sorted(set(new))[:30])
