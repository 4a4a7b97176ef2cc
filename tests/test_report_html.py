"""HTML and Markdown reports: self-contained, escaped, Dutch verdicts first; template errors name file:line."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cgcomply.errors import TemplateError
from cgcomply.report import render
from cgcomply.report.html import HtmlRenderer
from cgcomply.report.markdown import MarkdownRenderer
from cgcomply.report.templating import md_cell, md_code, report_templates_dir
from fixtures.report.samples import PROFILE_SHA, lint_report, verify_report


class _Collector(HTMLParser):
    """Collects tags, attributes that load something, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.loading: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang")
        for name in ("src", "srcset", "poster", "data"):
            if name in values:
                self.loading.append((tag, name, values[name] or ""))
        if tag == "link":
            self.loading.append((tag, "href", values.get("href") or ""))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_html_is_one_self_contained_page():
    html = render(verify_report(), "html", "nl")
    page = parse(html)
    assert page.html_lang == "nl"
    assert "script" not in page.tags and "iframe" not in page.tags and "img" not in page.tags
    assert page.loading == []
    style = html[html.index("<style>") : html.index("</style>")]
    assert "@import" not in style and "url(" not in style and "@font-face" not in style


def test_html_top_names_profile_hash_target_versions_and_date():
    html = render(verify_report(), "html", "nl")
    head = html[: html.index('id="h-verdicts"')]
    assert "gemeente-voorbeeld-2026" in head and f"sha256:{PROFILE_SHA}" in head
    assert "https://api.leverancier.example/zaken/v1" in head
    assert "NL GOV API Design Rules 2.2.0" in head and "cgcomply 0.1.0" in head
    assert "29 november 2026, 09:30 UTC" in head
    assert "voldoet niet" in head  # the overall verdict


def test_html_has_a_dutch_verdict_per_requirement_before_the_evidence():
    html = render(verify_report(), "html", "nl")
    verdicts_at, evidence_at = html.index('id="h-verdicts"'), html.index('id="h-checks"')
    for requirement_id, label in (
        ("CG-API-01", "voldoet"),
        ("CG-API-03", "voldoet niet"),
        ("CG-API-05", "niet vastgesteld"),
        ("CG-API-07", "handmatig"),
    ):
        block = re.search(rf'<div class="requirement" id="req-{requirement_id}".*?</ul>', html, re.S)
        assert block is not None and verdicts_at < block.start() < evidence_at
        assert f"{label}</span>" in block.group(0)
    assert "probe.tls: de verbinding werd geweigerd" in html[verdicts_at:evidence_at]


def test_html_shows_explanations_and_escaped_evidence():
    html = render(verify_report(), "html", "nl")
    assert "We hebben de API opgevraagd en gekeken of elk antwoord de header API-Version meestuurt." in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>not bold</b>" not in html
    assert "GET https://api.leverancier.example/zaken/v1/zaken → 200" in html
    assert '<th scope="row">set-cookie</th><td>[redacted]</td>' in html
    assert "topsecret" not in html and "abc123secret" not in html
    assert "<pre>" in html


def test_english_html_uses_english_labels_and_explanations():
    html = render(verify_report(), "html", "en")
    assert parse(html).html_lang == "en"
    assert "does not comply" in html and "Verdict per requirement" in html
    assert "Sends GET requests to the API" in html


def test_lint_html_says_there_are_no_requirements():
    html = render(lint_report(), "html", "nl")
    assert "Dit rapport bevat geen eisen" in html
    assert "specs/zaken api/openapi.yaml:42:9" in html


def test_markdown_has_tables_and_findings():
    md = render(verify_report(), "md", "nl")
    assert md.startswith("# Rapport API-verificatie\n")
    assert "| Eis | Oordeel | Toelichting | Controles |" in md
    assert "| **CG-API-05** Verkeer is beveiligd volgens de NCSC-richtlijnen | ? niet vastgesteld |" in md
    assert "| `adr.version-header` Elk antwoord noemt de header API-Version | `/core/version-header` |" in md
    assert "- **fout** `specs/zaken api/openapi.yaml:42:9`: antwoord 200" in md
    assert "Verzoek: `GET https://api.leverancier.example/zaken/v1/zaken → 200`" in md
    assert "\\<b\\>not bold\\</b\\>" in md and "\\|" in md
    assert "topsecret" not in md
    for line in md.splitlines():
        if line.startswith("|"):
            assert line.endswith("|"), line


def test_markdown_helpers():
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell(None) == ""
    assert md_code("x`y") == "``x`y``"


def _copy_templates(tmp_path: Path) -> Path:
    for template in report_templates_dir().iterdir():
        (tmp_path / template.name).write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_template_syntax_error_names_the_template_and_line(tmp_path):
    folder = _copy_templates(tmp_path)
    path = folder / "report.html.j2"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = "{% if broken %}"  # never closed
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        HtmlRenderer(template_dir=folder).render(verify_report(), "nl")
    assert caught.value.source and caught.value.source.endswith("report.html.j2")
    assert caught.value.line is not None
    assert "report.html.j2:" in caught.value.render()


def test_template_runtime_error_names_the_template_and_line(tmp_path):
    folder = _copy_templates(tmp_path)
    path = folder / "report.md.j2"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "{{ no_such_variable.attribute }}")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        MarkdownRenderer(template_dir=folder).render(lint_report(), "en")
    assert caught.value.source == str(path)
    assert caught.value.line == 3
    assert "no_such_variable" in caught.value.message


def test_missing_template_is_a_template_error(tmp_path):
    with pytest.raises(TemplateError, match="not found"):
        HtmlRenderer(template_dir=tmp_path).render(lint_report(), "en")


def test_passing_checks_are_folded_under_each_requirement():
    html = render(verify_report(), "html", "nl")
    tls = re.search(r'id="req-CG-API-05".*?</details>', html, re.S)
    assert tls is not None
    assert "Alleen TLS 1.2 of nieuwer wordt geaccepteerd</a> · fout bij uitvoeren" in tls.group(0)
    assert "1 andere controle geslaagd</summary>" in tls.group(0)
    first = re.search(r'id="req-CG-API-01".*?</details>', html, re.S)
    assert first is not None and "de controle is geslaagd</summary>" in first.group(0)
    assert "1 eis vraagt een handmatige beoordeling." in html
    assert "1 requirement needs a manual review." in render(verify_report(), "html", "en")


def test_markdown_opens_with_the_overall_verdict():
    md = render(verify_report(), "md", "nl")
    assert "**Eindoordeel: voldoet niet.** 4 eisen: 1 voldoet, 1 voldoet niet" in md
    assert "1 eis vraagt een handmatige beoordeling." in md


def test_markdown_caps_findings_per_check_for_job_summaries():
    md = MarkdownRenderer(max_findings=1).render(lint_report(), "nl")
    assert "specs/zaken api/openapi.yaml:42:9" in md
    assert "specs/zaken api/openapi.yaml:77:11" not in md
    assert "- … en nog 1 meer (alle bevindingen staan in het JSON-rapport)" in md


def test_html_folds_findings_beyond_the_first_ones():
    html = HtmlRenderer(shown_findings=1).render(lint_report(), "nl")
    folded = re.search(
        r'<details class="more">\s*<summary>nog 1 bevindingen tonen</summary>(.*?)</details>', html, re.S
    )
    assert folded is not None
    assert "openapi.yaml:77:11" in folded.group(1)
    assert "openapi.yaml:42:9" in html[: folded.start()]
