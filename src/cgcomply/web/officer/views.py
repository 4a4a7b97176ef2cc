"""Routes of the officer's pages. Each route reads the form, calls the library, and renders a template.

``GET  /<lang>/tender/``              start: the bundled profiles and an upload field
``GET  /<lang>/tender/edit?start=X``  the editor, filled in from bundled profile X
``POST /<lang>/tender/upload``        the editor, filled in from an uploaded profile (or the errors)
``POST /<lang>/tender/edit``          check and preview, or download (``action``: docx, xlsx, html, md, yaml)
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath
from typing import Any

import yaml
from flask import Blueprint, Response, abort, current_app, render_template, request

from cgcomply import __version__
from cgcomply.catalog import Catalog, check_profile, load_catalog, load_profile, packaged_profiles
from cgcomply.catalog.labels import labels
from cgcomply.catalog.model import FORMS, SCORED_FORMS, THEMES
from cgcomply.catalog.profiles import preview_texts
from cgcomply.errors import CgcomplyError
from cgcomply.results import ADR_VERSIONS
from cgcomply.tender.render import default_file_name, render_tender
from cgcomply.web.officer import profile_form as pf
from cgcomply.web.texts import texts

bp = Blueprint("officer", __name__, url_prefix="/<any(nl, en):lang>/tender")

DOWNLOADS: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
}


def _lang() -> str:
    from cgcomply.web.app import current_lang

    return current_lang()


def _size(limit: int) -> str:
    return f"{limit // 1024} KB"


# --------------------------------------------------------------------------- start page


def _bundled() -> list[dict[str, Any]]:
    rows = []
    for name in packaged_profiles():
        profile = load_profile(name)
        rows.append(
            {
                "name": name,
                "title": profile.title_text.get(_lang()),
                "description": profile.description.get(_lang()) if profile.description else "",
                "count": len(profile.items),
                "points": profile.total_points,
                "hash": profile.hash_label,
            }
        )
    return rows


def _start_page(upload_errors: list[str] | None = None, status: int = 200) -> tuple[str, int]:
    """The start page, with the upload's errors next to the upload field (still 200: the page answers)."""
    limit = _size(current_app.config["MAX_UPLOAD_BYTES"])
    html = render_template(
        "web/officer/start.html.j2", bundled=_bundled(), upload_errors=upload_errors or [], upload_limit=limit
    )
    return html, status


@bp.get("/")
def start() -> tuple[str, int]:
    return _start_page()


@bp.post("/upload")
def upload() -> tuple[str, int]:
    t = texts(_lang())
    file = request.files.get("profile")
    if file is None or not file.filename:
        return _start_page([t.upload_missing])
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    raw = file.stream.read(limit + 1)
    if len(raw) > limit:
        return _start_page([t("upload_too_large", limit=_size(limit))])
    source = PurePath(file.filename.replace("\\", "/")).name or "profiel.yaml"  # shown, never opened
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _start_page([t("upload_not_utf8", position=error.start)])
    too_many = _too_many_aliases(text)
    if too_many is not None:
        return _start_page([f"{source}:{too_many}: {t('upload_aliases', limit=MAX_ALIASES)}"])
    result = check_profile(source, text=text)
    if result.ok and result.profile is not None:
        return _editor(dict(result.profile.data), started_from=source)
    data = pf.editable_data(text, source)
    if data is None:  # not YAML, or not shaped like a profile: the errors at the upload field
        return _start_page([_rendered(error) for error in result.errors])
    # a profile with mistakes the form can show: open it, each error next to its field
    lang = _lang()
    problems = [pf.problem_of(e, data, lang) for e in result.errors]
    problems += [pf.problem_of(w, data, lang, "warning") for w in result.warnings]
    checked = pf.Checked(data=data, text=text, profile=None, problems=problems)
    return _editor(data, started_from=source, checked=checked)


MAX_ALIASES = 50  # a profile needs none; a few hundred bytes of nested aliases expand to billions of values


def _too_many_aliases(text: str) -> int | None:
    """The line of the first YAML alias past :data:`MAX_ALIASES`, else None (a guard before parsing)."""
    count = 0
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if isinstance(token, yaml.AliasToken):
                count += 1
                if count > MAX_ALIASES:
                    return int(token.start_mark.line) + 1
    except yaml.YAMLError:
        return None  # the parser reports the syntax error with its line
    return None


def _rendered(error: CgcomplyError) -> str:
    """``file:line:column: field: message``, the message in the page's language where there is one."""
    copy = CgcomplyError(
        pf.message(error, _lang()),
        source=error.source,
        line=error.line,
        column=error.column,
        field=error.field,
    )
    return copy.render()


# --------------------------------------------------------------------------- editor


@bp.get("/edit")
def edit() -> tuple[str, int]:
    name = request.args.get("start", "")
    if name not in packaged_profiles():  # only names of bundled profiles, never a path
        t = texts(_lang())
        return _start_page([t("unknown_profile", name=name or "-")], 404)
    profile = load_profile(name)
    return _editor(dict(profile.data), started_from=f"{name}.yaml")


@bp.post("/edit")
def edit_post() -> tuple[str, int] | Response:
    catalog = load_catalog()
    data = pf.data_from_form(request.form, catalog)
    action = request.form.get("action", "check")
    started_from = str(request.form.get("started_from", ""))[:200]
    if action in DOWNLOADS:
        checked = pf.check(data, _lang(), catalog)
        if checked.profile is not None:
            try:
                return _download(checked, action)
            except CgcomplyError as error:
                checked.problems.append(pf.Problem(message=error.render(_lang()), field_id=None))
        return _editor(data, started_from=started_from, checked=checked)
    if action not in ("check", "update"):
        abort(400)
    return _editor(data, started_from=started_from)


def _download(checked: pf.Checked, fmt: str) -> Response:
    profile = checked.profile
    assert profile is not None
    lang = _lang()
    if fmt == "yaml":
        name = f"{profile.id}.yaml"
        t = texts(lang)
        header = [
            t("yaml_header", version=__version__, file=name),
            f"{profile.hash_label}",
        ]
        content: str | bytes = pf.profile_yaml(checked.data, header)
    else:
        content = render_tender(profile, fmt, lang)
        name = default_file_name(profile, fmt, lang)
    body = content.encode("utf-8") if isinstance(content, str) else content
    response = Response(body, mimetype=DOWNLOADS[fmt].split(";")[0], content_type=DOWNLOADS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{_ascii_name(name)}"'
    response.headers["X-Profile-Hash"] = profile.hash_label
    return response


def _ascii_name(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)


def _editor(
    data: dict[str, Any],
    *,
    started_from: str,
    checked: pf.Checked | None = None,
    status: int | None = None,
) -> tuple[str, int]:
    catalog = load_catalog()
    lang = _lang()
    checked = checked or pf.check(data, lang, catalog)
    for problem in checked.problems:  # an error about a requirement the page does not show
        if problem.field_id and problem.field_id.startswith("req-"):
            requirement_id = re.match(r"req-(CG-[A-Z]+-\d+)-", problem.field_id)
            if not requirement_id or requirement_id.group(1) not in catalog:
                problem.field_id = "requirements"
    choices = pf.requirement_choices(data, catalog)
    preview = ""
    if checked.profile is not None:
        try:
            rendered = render_tender(checked.profile, "html", lang)
            preview = rendered if isinstance(rendered, str) else ""
        except CgcomplyError as error:
            checked.problems.append(pf.Problem(message=error.render(_lang()), field_id=None))
    values = pf.field_values(data)
    html = render_template(
        "web/officer/editor.html.j2",
        values=values,
        sections=_sections(choices, catalog, lang, data),
        choices=choices,
        total=pf.total_points(choices),
        selected=sum(1 for c in choices if c.selected),
        checked=checked,
        errors=checked.by_field(),
        field_labels={p.field_id: field_label(p.field_id, catalog, lang) for p in checked.problems},
        invalid={problem.field_id for problem in checked.errors if problem.field_id},
        problems=checked.errors,
        warnings=checked.warnings,
        profile=checked.profile,
        preview=preview,
        base=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        started_from=started_from,
        procedure_options=[(name, texts(lang).get(f"procedure_{name}", name)) for name in pf.procedures()],
        adr_options=[(version, version) for version in ADR_VERSIONS],
        open_profile=any(
            p.field_id and p.field_id.startswith(("f-id", "f-version", "f-title", "f-desc"))
            for p in checked.problems
        ),
        open_probe=any(p.field_id and p.field_id.startswith("f-probe") for p in checked.problems),
        date_fields=pf.DATE_FIELDS,
        is_date=pf.is_date,
        labels=labels(lang),
        scored_forms=sorted(SCORED_FORMS),
        all_forms=FORMS,
        req_field=pf.req_field,
        param_field=pf.param_field,
        downloads=list(DOWNLOADS),
    )
    # 200 also with errors: the page is the answer (the form with its errors), as browsers expect of forms
    return html, status if status is not None else 200


_FIELD_TEXT = {
    "f-id": "profile_id",
    "f-version": "profile_version",
    "f-title-nl": "profile_title_nl",
    "f-title-en": "profile_title_en",
    "f-description-nl": "profile_description_nl",
    "f-description-en": "profile_description_en",
    "f-municipality": "municipality",
    "f-tender-name": "tender_name",
    "f-tender-reference": "tender_reference",
    "f-tender-procedure": "tender_procedure",
    "f-tender-contact": "tender_contact",
    "f-adr-version": "adr_version",
    "f-base-url": "base_url",
    "f-award-quality": "award_quality",
    "f-award-price": "award_price",
    "f-award-assessors-nl": "award_assessors_nl",
    "f-award-assessors-en": "award_assessors_en",
    "f-probe-cors-open": "probe_cors_open",
    "f-probe-origins": "probe_origins",
    "requirements": "step_requirements",
    **{f"f-date-{name}": f"date_{name}" for name in pf.DATE_FIELDS},
}


def field_label(field_id: str | None, catalog: Catalog, lang: str) -> str | None:
    """How the error summary names a field: its label, or the requirement id and the part."""
    if not field_id:
        return None
    t = texts(lang)
    if field_id in _FIELD_TEXT:
        return t(_FIELD_TEXT[field_id])
    match = re.match(r"req-(CG-[A-Z]+-\d+)-(selected|form|points|param-(\w+?)(-en)?)$", field_id)
    if not match or match.group(1) not in catalog:
        return None
    requirement = catalog.requirements[match.group(1)]
    part = match.group(2)
    if part == "selected":
        return requirement.id
    if part in ("form", "points"):
        return f"{requirement.id} · {t(part)}"
    parameter = requirement.parameters.get(match.group(3) or "")
    name = parameter.description.get(lang).rstrip(".") if parameter else match.group(3)
    return f"{requirement.id} · {name}" + (f" ({t.in_english})" if match.group(4) else "")


def _sections(
    choices: list[pf.RequirementChoice], catalog: Catalog, lang: str, data: dict[str, Any]
) -> list[dict[str, Any]]:
    adr = str(data.get("adr_version") or "2.2.0")
    if adr not in ADR_VERSIONS:
        adr = "2.2.0"
    sections = []
    for theme in THEMES:
        rows = []
        for choice in choices:
            requirement = choice.requirement
            if requirement.theme != theme:
                continue
            clauses = []
            for form in requirement.forms_allowed:
                rendered = preview_texts(requirement, form, adr)
                clauses.append({"form": form, "text": rendered["clause"].get(lang)})
            rows.append(
                {
                    "choice": choice,
                    "title": requirement.title.get(lang),
                    "summary": requirement.summary.get(lang) if requirement.summary else "",
                    "rationale": preview_texts(requirement, requirement.default_form, adr)["rationale"].get(
                        lang
                    ),
                    "mode": requirement.verification_mode,
                    "clauses": clauses,
                }
            )
        sections.append({"theme": theme, "rows": rows})
    return sections
