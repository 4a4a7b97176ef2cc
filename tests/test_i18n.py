"""The bilingual message mechanism: every text in both languages, the same placeholders, ids that resolve."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cgcomply.checks.registry import STATIC_CHECKS
from cgcomply.cli import main
from cgcomply.i18n import Message, Text, catalog_problems, lookup, message_problems, render
from cgcomply.messages import GENERIC
from cgcomply.probes.registry import all_live_checks
from cgcomply.results import ADR_VERSIONS
from cgcomply.units import MESSAGE_MODULES, check_info, unit_messages


def _records():
    for check in STATIC_CHECKS:
        for version in (None, *ADR_VERSIONS):
            yield check.info_for(version)
    for info in all_live_checks():
        for version in (None, *ADR_VERSIONS):
            yield check_info(info.id, version)


def test_every_text_of_every_unit_is_in_both_languages_with_the_same_placeholders() -> None:
    problems = []
    for info in _records():
        for name, text in info.texts().items():
            problems.extend(f"{info.id} {name}: {problem}" for problem in text.problems())
        problems.extend(catalog_problems(info.id, info.messages))
    assert problems == []


def test_generic_messages_are_complete() -> None:
    assert catalog_problems(None, GENERIC) == []
    assert all(":" in key for key in GENERIC)


def test_the_message_tables_of_units_that_are_not_checks_are_complete() -> None:
    """Evidence notes and transport errors (``http.exchange``, ``http.errors``) and the other tables of
    :data:`cgcomply.units.MESSAGE_MODULES`: both languages, the same placeholders, a translation that is not
    a copy wherever the text has words of its own."""
    assert set(MESSAGE_MODULES) >= {"http.exchange", "http.errors"}
    problems = []
    for unit in MESSAGE_MODULES:
        table = unit_messages(unit)
        assert table, unit
        problems.extend(catalog_problems(unit, table))
        for key, text in table.items():
            words = re.sub(r"\{[^}]*\}|[^A-Za-z]", "", text.en)
            if len(words) > 3 and text.nl == text.en:
                problems.append(f"{unit}:{key}: the Dutch text is the English one")
    assert problems == []
    assert render(Message("http.errors:refused"), "nl") == "verbinding geweigerd"
    assert render(Message("http.exchange:no-response", {"error": Message("http.errors:refused")}), "en") == (
        "no response: connection refused"
    )


def test_a_missing_language_or_a_placeholder_mismatch_is_reported() -> None:
    assert Text("", "x").problems() == ["no nl text"]
    assert Text("{a} en {b}", "{a} and {c}").problems() == [
        "placeholders differ: nl ['a', 'b'], en ['a', 'c']"
    ]
    assert Text("{{letterlijk}}", "{{literal}}").problems() == []
    assert catalog_problems("adr.x", {"k": Text("{n} x", "x")})


def test_static_check_keys_exist_in_their_tables() -> None:
    """Every key a static check names (Issue, NotApplicable, Undetermined, manual_reason) is declared."""
    import ast
    import inspect

    for check in STATIC_CHECKS:
        if check.manual_reason:
            assert check.manual_reason in check.info.messages, check.id
        source = inspect.getsource(check.run)
        for node in ast.walk(ast.parse(source.lstrip() if source.startswith(" ") else source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("Issue", "NotApplicable", "Undetermined")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                assert node.args[0].value in check.info.messages, (check.id, node.args[0].value)


def test_messages_render_in_both_languages_and_nest() -> None:
    inner = Message("adr.servers-https:plain-http", {"url": "http://api.example.nl/v1"})
    outer = Message("verdict:failed", {"check": "adr.servers-https", "first": inner})
    assert (
        render(outer, "nl")
        == "adr.servers-https: server-URL 'http://api.example.nl/v1' gebruikt gewoon http; gebruik https"
    )
    assert (
        render(outer, "en")
        == "adr.servers-https: server URL 'http://api.example.nl/v1' uses plain http; use https"
    )
    assert message_problems(outer, lookup(outer)) == []
    assert unit_messages("adr.servers-https")["plain-http"].placeholders("nl") == {"url"}


def test_unknown_ids_and_wrong_parameters_are_problems_but_render_without_crashing() -> None:
    unknown = Message("adr.nothing:here", {"x": 1})
    assert message_problems(unknown, lookup(unknown)) == ["adr.nothing:here: unknown message id"]
    assert render(unknown, "nl") == "adr.nothing:here (x=1)"
    wrong = Message("adr.servers-https:plain-http", {"link": "x"})
    assert message_problems(wrong, lookup(wrong))
    assert "plain http" in render(wrong, "en")  # shows the text with a note, never raises


@pytest.mark.parametrize("command", ["lint", "probe", "verify"])
def test_every_report_command_defaults_to_dutch_and_reads_cgcomply_lang(command: str) -> None:
    runner = CliRunner()
    help_text = runner.invoke(main, [command, "--help"]).output
    assert "default: nl]" in help_text and "CGCOMPLY_LANG" in help_text


def test_cgcomply_lang_switches_the_report_language(tmp_path) -> None:
    from pathlib import Path

    document = Path(__file__).parent / "fixtures" / "checks" / "compliant-2.2.json"
    runner = CliRunner()
    dutch = runner.invoke(main, ["lint", str(document)])
    english = runner.invoke(main, ["lint", str(document)], env={"CGCOMPLY_LANG": "en"})
    assert "geslaagd" in dutch.output and "pass" in english.output and "geslaagd" not in english.output
