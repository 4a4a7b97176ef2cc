"""write_report: the report alone on stdout, or in a file with stdout empty; everything else on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cgcomply.errors import UsageError
from cgcomply.report import FORMATS, render, use_color, write_report
from fixtures.report.samples import lint_report, verify_report

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("output", [None, "-"])
def test_stdout_gets_the_report_and_stderr_the_warnings(capsys, output):
    report = verify_report()
    write_report(report, "json", output, "nl")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["exit_code"] == 1
    assert captured.err == "waarschuwing: conformiteitstests niet uitgevoerd (gebruik --conformance)\n"


def test_text_on_stdout_shows_warnings_itself_not_twice(capsys):
    write_report(verify_report(), "text", None, "en")
    captured = capsys.readouterr()
    assert "conformance tests not run" in captured.out
    assert captured.err == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_gets_the_report_and_stdout_stays_empty(capsys, tmp_path, fmt):
    target = tmp_path / "out" / f"report.{fmt}"
    write_report(verify_report(), fmt, str(target), "nl")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{fmt} report written to {target}" in captured.err
    assert target.read_text(encoding="utf-8") == render(verify_report(), fmt, "nl")


def test_unwritable_output_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UsageError) as caught:
        write_report(lint_report(), "json", str(blocker / "report.json"), "en")
    assert caught.value.source == str(blocker / "report.json")
    assert caught.value.exit_code == 2


def test_unknown_format_or_language_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown report format 'pdf'"):
        render(lint_report(), "pdf")
    with pytest.raises(UsageError, match="unknown report language 'de'"):
        render(lint_report(), "json", "de")


class _Tty:
    def isatty(self) -> bool:
        return True


def test_colour_needs_a_terminal_and_no_NO_COLOR(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(_Tty()) is True
    assert use_color(object()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(_Tty()) is False


def test_text_through_a_pipe_has_no_colour():
    """A real subprocess whose stdout is a pipe (as in CI): plain text, no escape codes."""
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from fixtures.report.samples import lint_report;"
        "from cgcomply.report import write_report;"
        "write_report(lint_report(), 'text', None, 'en')"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert "\x1b[" not in result.stdout
    assert "ADR rule /core/version-header" in result.stdout
    assert result.stderr == ""


def test_quiet_leaves_stderr_alone(capsys, tmp_path):
    write_report(verify_report(), "html", str(tmp_path / "r.html"), "nl", quiet=True)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
