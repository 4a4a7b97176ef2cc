"""The web app's routes through Flask's test client: every route, its error cases, and the safety rules.

The browser test (``test_web_browser.py``) does the officer's whole flow in Chromium; these tests are the
fast ones, one per route and error case.
"""

from __future__ import annotations

import io
import re

import pytest

from cgcomply.catalog import load_catalog, load_profile, load_profile_text
from cgcomply.resources import profiles_dir
from cgcomply.web import create_app
from cgcomply.web.officer import profile_form
from cgcomply.web.texts import TEXTS
from web_forms import form_fields


@pytest.fixture
def client():
    app = create_app({"TESTING": True})
    return app.test_client()


def _editor(client, name: str = "cg-zaakgericht", lang: str = "nl") -> tuple[str, dict[str, str]]:
    response = client.get(f"/{lang}/tender/edit?start={name}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html, form_fields(html)


def _hash_on_page(html: str) -> str:
    match = re.search(r'id="profile-hash">([^<]+)<', html)
    assert match, "the page shows no profile hash"
    return match.group(1)


def _upload(client, content: bytes, name: str = "mijn-profiel.yaml", lang: str = "nl"):
    html = client.get(f"/{lang}/tender/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return client.post(
        f"/{lang}/tender/upload",
        data={"csrf_token": token, "profile": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


# --------------------------------------------------------------------------- texts


def test_every_text_has_both_languages_with_the_same_placeholders():
    assert {name: text.problems() for name, text in TEXTS.items() if text.problems()} == {}


# --------------------------------------------------------------------------- pages


def test_root_redirects_to_the_dutch_home_page_which_lists_the_officer_area(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/nl/")
    html = client.get("/nl/").get_data(as_text=True)
    assert 'lang="nl"' in html and "Aanbesteding opstellen" in html
    assert 'href="/nl/tender/"' in html
    assert "Draw up a tender" in client.get("/en/").get_data(as_text=True)


def test_start_page_lists_the_bundled_profiles_and_an_upload_field(client):
    html = client.get("/nl/tender/").get_data(as_text=True)
    for name in ("cg-basis", "cg-zaakgericht"):
        assert f'href="/nl/tender/edit?start={name}"' in html
    assert 'type="file"' in html and 'for="upload-file"' in html
    assert 'name="csrf_token"' in html
    english = client.get("/en/tender/").get_data(as_text=True)
    assert 'lang="en"' in english and "Start with this profile" in english
    assert 'href="/nl/tender/"' in english  # the language switch


def test_every_page_has_a_strict_content_security_policy_and_loads_nothing_from_elsewhere(client):
    for url in ("/nl/", "/nl/tender/", "/nl/tender/edit?start=cg-basis"):
        response = client.get(url)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        html = response.get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), url
    assert client.get("/static/web.css").status_code == 200
    assert client.get("/static/officer.js").status_code == 200


def test_editor_shows_every_catalogue_requirement_with_a_label_for_every_field(client):
    html, fields = _editor(client)
    profile = load_profile("cg-zaakgericht")
    chosen = {item.id for item in profile.items}
    for requirement_id in ("CG-API-09", "CG-API-13", "CG-STD-01"):
        assert f'id="card-{requirement_id}"' in html
    selected = {name.split("-", 1)[1].rsplit("-", 1)[0] for name in fields if name.endswith("-selected")}
    assert selected == chosen
    # every input, select and textarea (but hidden ones) has a <label for=...>
    ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"', html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and set(ids) <= labelled, set(ids) - labelled
    assert f"{profile.total_points} punten" in html  # the total, computed by the server
    summary = load_catalog().get("CG-DATA-03").summary
    assert summary is not None and summary.nl in html and "In het kort" in html


def test_a_bundled_profile_opened_and_saved_unchanged_keeps_its_hash(client):
    for name in ("cg-basis", "cg-zaakgericht"):
        html, fields = _editor(client, name)
        expected = load_profile(name).hash_label
        assert _hash_on_page(html) == expected
        response = client.post("/nl/tender/edit", data={**fields, "action": "yaml"})
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.yaml"'
        text = response.get_data(as_text=True)
        assert text.startswith("# ") and expected in text.splitlines()[1]
        assert load_profile_text(text, f"{name}.yaml").hash_label == expected


def test_choices_in_the_form_end_up_in_the_profile_and_the_documents(client):
    _, fields = _editor(client, "cg-basis")
    fields.pop("req-CG-API-05-selected")  # deselect
    fields["req-CG-API-14-selected"] = "1"  # select a wish
    fields["req-CG-API-14-form"] = "wens"
    fields["req-CG-API-14-points"] = "12"
    fields["req-CG-API-03-form"] = "wens"  # an eis becomes a wens with points
    fields["req-CG-API-03-points"] = "7"
    fields["f-municipality"] = "Gemeente Teststad"
    fields["f-date-publication"] = "2027-03-01"
    page = client.post("/nl/tender/edit", data={**fields, "action": "check"}).get_data(as_text=True)
    assert "19 punten" in page and 'id="profile-hash"' in page
    response = client.post("/nl/tender/edit", data={**fields, "action": "yaml"})
    profile = load_profile_text(response.get_data(as_text=True), "x.yaml")
    assert profile.hash_label == _hash_on_page(page)
    ids = [item.id for item in profile.items]
    assert "CG-API-05" not in ids and "CG-API-14" in ids
    assert profile.municipality == "Gemeente Teststad"
    assert profile.dates == {"publication": "2027-03-01"}
    forms = {item.id: (item.form, item.points) for item in profile.items}
    assert forms["CG-API-03"] == ("wens", 7) and forms["CG-API-14"] == ("wens", 12)
    assert profile.total_points == 19

    markdown = client.post("/nl/tender/edit", data={**fields, "action": "md"})
    assert markdown.status_code == 200 and markdown.mimetype == "text/markdown"
    text = markdown.get_data(as_text=True)
    headings = re.findall(r"^#+ [0-9.]+ (CG-[A-Z]+-\d+) ", text, re.M)
    assert "Gemeente Teststad" in text and "CG-API-14" in headings and "CG-API-05" not in headings
    assert profile.hash_label in text


@pytest.mark.parametrize(
    ("fmt", "mimetype", "magic"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("html", "text/html", b"<!doctype html"),
        ("md", "text/markdown", b"# "),
        ("yaml", "application/yaml", b"# "),
    ],
)
def test_each_download_has_its_type_and_a_file_name(client, fmt, mimetype, magic):
    _, fields = _editor(client, "cg-basis", lang="en")
    response = client.post("/en/tender/edit", data={**fields, "action": fmt})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.data[: len(magic)].lower() == magic.lower()
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="cg-basis') and disposition.endswith(f'.{fmt}"')
    assert response.headers["X-Profile-Hash"] == load_profile("cg-basis").hash_label


def test_the_english_page_gives_english_documents(client):
    _, fields = _editor(client, "cg-basis", lang="en")
    text = client.post("/en/tender/edit", data={**fields, "action": "md"}).get_data(as_text=True)
    assert "Statement of Requirements" in text or "statement of requirements" in text.lower()


# --------------------------------------------------------------------------- validation errors


def test_form_errors_are_all_shown_next_to_their_fields(client):
    _, fields = _editor(client, "cg-basis")
    fields["req-CG-API-03-form"] = "wens"
    fields["req-CG-API-03-points"] = "veel"
    response = client.post("/nl/tender/edit", data={**fields, "action": "docx"})
    assert response.status_code == 200 and response.mimetype == "text/html"  # the page with the errors
    assert "Content-Disposition" not in response.headers
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#req-CG-API-03-points"' in html
    assert 'id="req-CG-API-03-points-error"' in html
    assert re.search(r'id="req-CG-API-03-points"[^>]*aria-invalid="true"', html)
    assert 'value="veel"' in html  # what the officer typed stays in the field
    assert 'id="profile-hash"' not in html  # no hash and no downloads for an invalid profile


def test_every_error_of_the_profile_is_shown_at_once_in_the_page_language(client):
    _, fields = _editor(client, "cg-zaakgericht")
    fields["req-CG-DATA-07-points"] = "25"  # the points no longer add up to award.quality_points (80)
    fields["req-CG-API-04-selected"] = "1"
    fields["req-CG-API-04-param-notice_months"] = "99"  # outside 1..60
    fields["f-date-questions_deadline"] = "2027-04-01"  # after the submission deadline
    html = client.post("/nl/tender/edit", data={**fields, "action": "check"}).get_data(as_text=True)
    for field in ("f-award-quality", "req-CG-API-04-param-notice_months", "f-date-submission_deadline"):
        assert f'id="{field}-error"' in html, field
        assert f'href="#{field}"' in html, field
    assert "tellen op tot 95" in html  # the catalogue layer's Dutch text
    english = client.post("/en/tender/edit", data={**fields, "action": "check"}).get_data(as_text=True)
    assert "add up to 95" in english
    fields["f-award-quality"] = "95"
    fields["req-CG-API-04-param-notice_months"] = "12"
    fields["f-date-questions_deadline"] = "2027-03-01"
    html = client.post("/nl/tender/edit", data={**fields, "action": "check"}).get_data(as_text=True)
    assert 'class="error-summary"' not in html and 'id="profile-hash"' in html


def test_placeholders_left_in_are_warnings_at_their_fields_and_do_not_block_the_documents(client):
    html, fields = _editor(client, "cg-basis")
    assert 'id="warning-summary"' in html and 'id="f-municipality-error"' in html
    assert "[naam gemeente]" in html.split('id="f-municipality-error"', 1)[1][:400]
    assert 'class="error-summary"' not in html and 'id="download-docx"' in html
    response = client.post("/nl/tender/edit", data={**fields, "action": "docx"})
    assert response.status_code == 200 and response.data[:2] == b"PK"
    fields["f-municipality"] = "Gemeente Teststad"
    fields["f-tender-name"] = "Proef"
    html = client.post("/nl/tender/edit", data={**fields, "action": "check"}).get_data(as_text=True)
    assert 'id="f-municipality-error"' not in html


def test_a_text_parameter_has_a_field_per_language(client):
    html, fields = _editor(client, "cg-zaakgericht")
    assert 'id="req-CG-API-11-param-vng_standards-en"' in html
    fields["req-CG-API-11-param-vng_standards"] = "de Zaken API 1.5"
    fields["req-CG-API-11-param-vng_standards-en"] = "the Zaken API 1.5"
    text = client.post("/nl/tender/edit", data={**fields, "action": "yaml"}).get_data(as_text=True)
    item = {i.id: i for i in load_profile_text(text, "x.yaml").items}["CG-API-11"]
    assert item.parameters["vng_standards"].nl == "de Zaken API 1.5"
    assert item.parameters["vng_standards"].en == "the Zaken API 1.5"


def test_an_empty_required_field_is_reported_at_that_field(client):
    _, fields = _editor(client, "cg-basis")
    fields["f-tender-name"] = "  "
    html = client.post("/nl/tender/edit", data={**fields, "action": "check"}).get_data(as_text=True)
    assert 'id="f-tender-name-error"' in html and 'href="#f-tender-name"' in html


def test_a_profile_without_requirements_is_an_error_not_a_document(client):
    _, fields = _editor(client, "cg-basis")
    fields = {k: v for k, v in fields.items() if not k.endswith("-selected")}
    response = client.post("/nl/tender/edit", data={**fields, "action": "docx"})
    assert response.mimetype == "text/html" and "Content-Disposition" not in response.headers
    assert 'id="requirements-error"' in response.get_data(as_text=True)


def test_field_of_error_maps_catalogue_field_paths_to_form_fields():
    data = {"requirements": [{"id": "CG-API-01"}, {"id": "CG-API-03"}]}

    def field(path: str) -> str | None:
        from cgcomply.errors import CatalogError

        return profile_form.field_of_error(CatalogError("x", field=path), data)

    assert field("requirements[1].points") == "req-CG-API-03-points"
    assert field("requirements[1].form") == "req-CG-API-03-form"
    assert field("requirements[0].parameters.export_days") == "req-CG-API-01-param-export_days"
    assert field("requirements[0].id") == "req-CG-API-01-selected"
    assert field("requirements") == "requirements"
    assert field("dates.publication") == "f-date-publication"
    assert field("tender.name") == "f-tender-name"
    assert field("title.en") == "f-title-en"
    assert field("probe.cors_allowed_origins[0]") == "f-probe-origins"
    assert field("something.else") is None


# --------------------------------------------------------------------------- uploads


def test_a_good_upload_opens_the_editor_with_its_choices_and_hash(client):
    response = _upload(client, (profiles_dir() / "cg-zaakgericht.yaml").read_bytes())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _hash_on_page(html) == load_profile("cg-zaakgericht").hash_label
    assert "mijn-profiel.yaml" in html


def test_a_bad_upload_names_the_line_next_to_the_upload_field(client):
    bad = b"id: mijn-profiel\nversion: '1'\ntitle: {nl: a, en: b}\nadr_version: 2.2.0\ntender: {name: t}\nrequirements: CG-API-03\n"
    response = _upload(client, bad)
    html = response.get_data(as_text=True)
    error = re.search(r'<div class="field-error" id="upload-error".*?</div>', html, re.S).group(0)
    assert "mijn-profiel.yaml:6:" in error and "requirements" in error
    assert 'aria-describedby="upload-hint upload-error"' in html


def test_an_upload_with_mistakes_the_form_can_show_opens_with_each_error_at_its_field(client):
    bad = (
        b"id: mijn-profiel\nversion: '1'\ntitle: {nl: a, en: b}\nadr_version: 2.2.0\ntender: {name: t}\n"
        b"requirements:\n  - id: CG-API-01\n  - id: CG-API-03\n    form: kwaliteitsvraag\n  - id: CG-NOPE-01\n"
    )
    html = _upload(client, bad).get_data(as_text=True)
    assert 'class="error-summary"' in html and "mijn-profiel.yaml" in html
    assert 'id="req-CG-API-03-form-error"' in html
    assert "mijn-profiel.yaml, regel 9" in html
    assert 'value="kwaliteitsvraag" selected' in html  # what the file says stays visible
    assert 'id="profile-hash"' not in html


def test_a_upload_that_is_not_yaml_names_the_line(client):
    response = _upload(client, b"id: x\nrequirements: [\n  - a: b: c\n")
    assert re.search(r"mijn-profiel\.yaml:\d+:\d+: YAML-fout", response.get_data(as_text=True))


def test_a_upload_that_is_not_utf8_or_too_large_or_missing_is_refused_clearly(client):
    html = _upload(client, b"id: \xff\xfe\n").get_data(as_text=True)
    assert "geen UTF-8" in html
    html = _upload(client, b"# " + b"x" * (300 * 1024)).get_data(as_text=True)
    assert "groter dan 256 KB" in html
    token_page = client.get("/nl/tender/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', token_page).group(1)
    response = client.post(
        "/nl/tender/upload", data={"csrf_token": token}, content_type="multipart/form-data"
    )
    assert "Kies eerst een bestand" in response.get_data(as_text=True)


def test_an_upload_with_an_alias_bomb_is_refused_at_once(client):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 9):  # 10**9 values once expanded, in under a kilobyte
        name, previous = chr(97 + index), chr(96 + index)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    bomb = (
        "id: x\nversion: '1'\ntitle: {nl: a, en: b}\nadr_version: 2.2.0\ntender: {name: t}\n"
        "requirements: [{id: CG-API-01}]\nextra:\n" + "".join(f"  {line}\n" for line in levels)
    )
    html = _upload(client, bomb.encode("utf-8"), name="bom.yaml").get_data(as_text=True)
    error = re.search(r'<div class="field-error" id="upload-error".*?</div>', html, re.S).group(0)
    assert "bom.yaml:" in error and "YAML-verwijzingen" in error


def test_the_upload_file_name_is_shown_never_used_as_a_path(client):
    text = (profiles_dir() / "cg-basis.yaml").read_bytes()
    html = _upload(client, text, name="../../etc/passwd").get_data(as_text=True)
    assert "Gestart vanuit: passwd<" in html


def test_a_request_body_over_the_limit_is_refused_with_a_page(client):
    response = client.post("/nl/tender/edit", data={"base": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- safety


def test_posts_without_the_session_token_are_refused(client):
    _, fields = _editor(client, "cg-basis")
    fields.pop("csrf_token")
    response = client.post("/nl/tender/edit", data={**fields, "action": "yaml"})
    assert response.status_code == 400
    assert "beveiligingscode" in response.get_data(as_text=True)
    other = create_app({"TESTING": True}).test_client()  # another session's token does not work either
    _, foreign = _editor(other, "cg-basis")
    response = client.post(
        "/nl/tender/edit", data={**fields, "csrf_token": foreign["csrf_token"], "action": "yaml"}
    )
    assert response.status_code == 400


def test_only_bundled_profile_names_are_opened(client):
    for name in ("../../etc/passwd", "/etc/hostname", "cg-basis.yaml", ""):
        response = client.get("/nl/tender/edit", query_string={"start": name})
        assert response.status_code == 404
        assert "Er is geen meegeleverd profiel" in response.get_data(as_text=True)


def test_an_unknown_host_header_is_refused(client):
    response = client.get("/nl/tender/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "alleen op het adres" in response.get_data(as_text=True)
    assert client.get("/nl/tender/", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_unknown_pages_and_methods_get_a_bilingual_error_page(client):
    response = client.get("/en/nothing-here")
    assert response.status_code == 404 and "This page does not exist" in response.get_data(as_text=True)
    response = client.get("/nl/tender/upload")
    assert response.status_code == 405 and "Gebruik de knoppen" in response.get_data(as_text=True)
    _, fields = _editor(client, "cg-basis")
    assert client.post("/nl/tender/edit", data={**fields, "action": "delete-all"}).status_code == 400


# --------------------------------------------------------------------------- serving


def test_a_port_in_use_is_a_clear_usage_error():
    import socket

    from cgcomply.errors import UsageError
    from cgcomply.web import make_server

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(
            UsageError, match=f"cannot listen on 127.0.0.1:{port}: .*give another with --port"
        ):
            make_server("127.0.0.1", port)


def test_the_app_answers_only_to_the_host_it_was_started_on():
    from cgcomply.web.app import trusted_hosts

    assert trusted_hosts("127.0.0.1") == ["127.0.0.1", "localhost"]
    assert trusted_hosts("192.168.1.20") == ["127.0.0.1", "localhost", "192.168.1.20"]
    assert trusted_hosts("::1") == ["127.0.0.1", "localhost", "[::1]"]
    assert trusted_hosts("0.0.0.0") is None  # every name: the officer asked for the whole network
