"""Template errors name the template file and line; never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cgcomply import templating
from cgcomply.catalog import load_profile
from cgcomply.errors import TemplateError
from cgcomply.resources import templates_dir
from cgcomply.tender.render import render_tender


@pytest.fixture
def templates(tmp_path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(templates_dir(), target)
    yield target
    templating.environment.cache_clear()


def _replace(path: Path, old: str, new: str) -> int:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if new in line)


def test_syntax_error_names_template_and_line(templates):
    template = templates / "tender" / "programma-van-eisen.md.j2"
    line = _replace(template, "{% for paragraph in doc.intro %}", "{% for paragraph in doc.intro %")
    with pytest.raises(TemplateError) as caught:
        render_tender(load_profile("cg-basis"), "md", "nl", templates=str(templates))
    error = caught.value
    assert error.source.endswith("programma-van-eisen.md.j2")
    assert error.line is not None and abs(error.line - line) <= 1
    assert "template syntax error" in error.message


def test_undefined_variable_names_template_and_line(templates):
    template = templates / "tender" / "programma-van-eisen.html.j2"
    line = _replace(template, "<h4>{{ entry.number }}", "<h4>{{ entry.nummer }}")
    with pytest.raises(TemplateError) as caught:
        render_tender(load_profile("cg-basis"), "html", "nl", templates=str(templates))
    error = caught.value
    assert error.source.endswith("programma-van-eisen.html.j2")
    assert error.line == line
    assert "nummer" in error.message


def test_prose_placeholder_error_names_texts_file_and_line(templates):
    texts = templates / "tender" / "texts.yaml"
    line = _replace(
        texts,
        "standaarden (Common Ground). Het is opgesteld uit profiel {{ profile_id }}",
        "standaarden (Common Ground). Het is opgesteld uit profiel {{ profiel_id }}",
    )
    with pytest.raises(TemplateError) as caught:
        render_tender(load_profile("cg-basis"), "docx", "nl", templates=str(templates))
    error = caught.value
    assert error.source.endswith("texts.yaml")
    assert error.field == "nl.intro[0]"
    assert error.line is not None and error.line <= line
    assert "profiel_id" in error.message


def test_prose_yaml_error_is_a_template_error(templates):
    texts = templates / "tender" / "texts.yaml"
    texts.write_text("nl:\n  intro: [unclosed\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_tender(load_profile("cg-basis"), "md", "nl", templates=str(templates))
    assert caught.value.source.endswith("texts.yaml") and caught.value.line is not None


def test_inline_marks_in_html_and_word():
    from docx import Document

    from cgcomply.tender.inline import plain, split_marks
    from cgcomply.tender.templating import inline_html

    assert split_marks("a `b*` **c** `") == [
        ("a ", None),
        ("b*", "code"),
        (" ", None),
        ("c", "bold"),
        (" `", None),
    ]
    assert plain("**Vormen.** Een `eis`") == "Vormen. Een eis"
    assert str(inline_html("x `<y>` **z** & w")) == "x <code>&lt;y&gt;</code> <strong>z</strong> &amp; w"
    import io

    document = Document(io.BytesIO(render_tender(load_profile("cg-basis"), "docx", "nl")))
    vormen = next(p for p in document.paragraphs if p.text.startswith("Vormen."))
    assert (
        vormen.runs[0].text == "Vormen." and vormen.runs[0].style.name == "Strong"
    )  # a style, not direct bold
    from cgcomply.tender.templating import md_text

    assert (
        md_text("a <b> & `<c>` [x](javascript:y) **d**")
        == "a &lt;b&gt; &amp; `<c>` [x]\\(javascript:y) **d**"
    )
    assert "**" not in "".join(p.text for p in document.paragraphs)


def test_verify_command_switches_on_the_opt_in_probes_the_profile_names():
    """The option comes from the probe unit (``enable_option``), not from a check id written in tender/."""
    from cgcomply.tender.document import build_document
    from cgcomply.units import enable_option, opt_in_live_ids

    assert (
        opt_in_live_ids() == {"probe.conformance"} and enable_option("probe.conformance") == "--conformance"
    )
    zaakgericht = build_document(load_profile("cg-zaakgericht"), "nl")
    assert any("probe.conformance" in entry.checks for entry in zaakgericht.entries)
    assert " --conformance --format json" in zaakgericht.verify_command
    basis = load_profile("cg-basis")
    assert not any("probe.conformance" in item.requirement.verification.checks for item in basis.items)
    assert "--conformance" not in build_document(basis, "en").verify_command


def test_python_error_in_a_tender_template_is_located_like_a_report_template_error(templates):
    """One locator for report/ and tender/: a TypeError inside an expression names file and line too."""
    template = templates / "tender" / "programma-van-eisen.html.j2"
    line = _replace(template, "<h4>{{ entry.number }}", "<h4>{{ entry.number | inline_html(1, 2) }}")
    with pytest.raises(TemplateError) as caught:
        render_tender(load_profile("cg-basis"), "html", "nl", templates=str(templates))
    error = caught.value
    assert error.source.endswith("programma-van-eisen.html.j2") and error.line == line
    assert error.message.startswith("template error: TypeError")
