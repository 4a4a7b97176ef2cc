"""Terminal text: grouped by ADR rule, file:line:col per finding, a summary line; colour only when asked."""

from __future__ import annotations

import re

from cgcomply.report import render
from cgcomply.report.text import TextRenderer
from fixtures.report.samples import lint_report, verify_report

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_lint_text_groups_findings_under_their_adr_rule():
    text = render(lint_report(), "text", "en")
    assert not ANSI.search(text)
    lines = text.splitlines()
    rule_at = lines.index("ADR rule /core/version-header")
    check_line = lines[rule_at + 1]
    assert "adr.version-header" in check_line and "fail" in check_line and "[MUST, document]" in check_line
    assert lines[rule_at + 2].strip() == (
        "specs/zaken api/openapi.yaml:42:9: error: response 200 of GET /zaken does not declare the API-Version header"
    )
    assert "specs/zaken api/openapi.yaml:77:11: error:" in lines[rule_at + 3]
    assert "ADR rule /core/naming-resources" in lines
    assert lines[-1] == "5 checks: 1 pass, 2 fail, 1 not applicable, 1 manual — exit 1: a MUST rule fails"


def test_markup_in_messages_is_printed_literally():
    text = render(lint_report(), "text", "en")
    assert "use 'zaak-typen' | <b>not bold</b>" in text


def test_verify_text_shows_requirements_first_then_evidence_in_dutch():
    text = render(verify_report(), "text", "nl")
    table_at = text.index("Oordeel per eis")
    assert table_at < text.index("ADR-regel /core/version-header")
    for label in ("voldoet", "voldoet niet", "niet vastgesteld", "handmatig"):
        assert label in text[table_at : text.index("ADR-regel")]
    assert "sha256:3f1c9a0e" in text
    assert "GET https://api.leverancier.example/zaken/v1/zaken → 200" in text
    assert "fout bij uitvoeren" in text and "verbinding geweigerd" in text
    assert "conformiteitstests niet uitgevoerd" in text
    assert text.rstrip().endswith("afsluitcode 1: aan een bindende eis wordt niet voldaan")


def test_undetermined_verify_explains_exit_code_three():
    report = verify_report()
    report.requirements = [r for r in report.requirements if r.verdict.value != "fail"]
    text = render(report, "text", "en")
    assert report.exit_code() == 3
    assert text.rstrip().endswith("exit 3: a binding requirement is not yet decided")


def test_colour_only_when_asked():
    report = verify_report()
    assert ANSI.search(TextRenderer(color=True).render(report, "en"))
    plain = TextRenderer(color=False).render(report, "en")
    assert not ANSI.search(plain)
    coloured = ANSI.sub("", TextRenderer(color=True, width=110).render(report, "en"))
    assert [line.rstrip() for line in coloured.splitlines()] == plain.splitlines()
    assert not any(line != line.rstrip() for line in plain.splitlines())


def test_requirement_table_names_the_checks_that_did_not_pass():
    text = render(verify_report(), "text", "nl")
    table = text[text.index("Oordeel per eis") : text.index("ADR-regel")]
    assert "probe.tls (fout bij uitvoeren)" in table
    assert "1 geslaagd" in table
    assert "probe.security-headers" not in table  # passed: counted, not listed
    assert "29 november 2026, 09:30 UTC" in text


def test_a_finding_without_a_file_is_placed_in_the_target_document():
    report = lint_report()
    report.checks[0].findings[0].file = None
    text = render(report, "text", "en")
    assert "specs/zaken api/openapi.yaml:42:9: error: response 200 of GET /zaken" in text
