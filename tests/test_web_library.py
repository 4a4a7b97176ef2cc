"""The library function the web page validates uploads and form input with: a profile as YAML text."""

from __future__ import annotations

import pytest

from cgcomply.catalog import load_profile, load_profile_text
from cgcomply.errors import CatalogError
from cgcomply.resources import profiles_dir


def test_text_and_file_give_the_same_profile_and_hash():
    path = profiles_dir() / "cg-zaakgericht.yaml"
    from_file = load_profile(path)
    from_text = load_profile_text(path.read_text("utf-8"), "upload.yaml")
    assert from_text.sha256 == from_file.sha256
    assert [item.id for item in from_text.items] == [item.id for item in from_file.items]
    assert from_text.source == "upload.yaml"


def test_an_error_names_the_given_source_and_line():
    text = "id: x\nversion: '1'\ntitle: {nl: a, en: b}\nadr_version: 2.2.0\ntender: {name: t}\nrequirements:\n  - {id: CG-NOPE-01}\n"
    with pytest.raises(CatalogError) as caught:
        load_profile_text(text, "upload.yaml")
    assert caught.value.source == "upload.yaml"
    assert caught.value.line == 7


def test_every_requirement_has_a_plain_language_summary_for_the_officer():
    from cgcomply.catalog import load_catalog

    for requirement in load_catalog():
        summary = requirement.summary
        assert summary is not None, requirement.id
        for text in (summary.nl, summary.en):
            assert 40 <= len(text) <= 300, (requirement.id, text)
            # plain language: no ADR rule ids, no code, no placeholders
            assert "/core/" not in text and "`" not in text and "{{" not in text, (requirement.id, text)
            assert "- " not in text, (requirement.id, text)  # a YAML fold after a hyphen splits a word
