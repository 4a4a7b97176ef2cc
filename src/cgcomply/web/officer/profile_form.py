"""The editor's form <-> profile data, and validation through the catalogue layer.

The page keeps no state on the server: the whole profile travels in the form. Fields the page edits are
named below; everything else of the profile it was started from (future fields; comments are lost) rides
along in the hidden field ``base`` as JSON and is written back unchanged, so that a bundled profile opened
and saved without changes keeps its hash. The result is YAML text, validated by
:func:`cgcomply.catalog.check_profile` exactly as ``cgcomply profile validate`` validates a file: every
error and warning at once, each placed at the form field it concerns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cgcomply.catalog import Catalog, Profile, Requirement, check_profile, dump_profile_yaml
from cgcomply.catalog.model import FORMS, SCORED_FORMS, Parameter
from cgcomply.catalog.schema import schema
from cgcomply.catalog.yamlnodes import parse_yaml
from cgcomply.errors import CatalogError, CgcomplyError

DATE_FIELDS: tuple[str, ...] = (
    "publication",
    "questions_deadline",
    "submission_deadline",
    "award",
    "acceptance_test",
    "start",
)
PROFILE_SOURCE = "profiel.yaml"  # the name errors about form input carry (the form is not a file)
_KEY_ORDER = (
    "id",
    "version",
    "title",
    "description",
    "municipality",
    "tender",
    "adr_version",
    "base_url",
    "dates",
    "award",
    "probe",
)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

FormData = Mapping[str, str]  # a submitted form (werkzeug's MultiDict is one); first value per name


def procedures() -> list[str]:
    """The procedures the profile schema allows (the schema is the one place that lists them)."""
    tender = schema("profile")["properties"]["tender"]["properties"]
    return list(tender.get("procedure", {}).get("enum", []))


# --------------------------------------------------------------------------- field names


def req_field(requirement_id: str, part: str) -> str:
    """The form field (and HTML id) of one part of a requirement: ``req-CG-API-03-points``."""
    return f"req-{requirement_id}-{part}"


def param_field(requirement_id: str, name: str, lang: str | None = None) -> str:
    """A parameter's field; a text parameter has one per language (Dutch: the plain name, English: -en)."""
    base = req_field(requirement_id, f"param-{name}")
    return f"{base}-en" if lang == "en" else base


_INTEGERS = {"f-award-quality", "f-award-price"}
_SCALARS: dict[str, tuple[str, ...]] = {
    "f-id": ("id",),
    "f-version": ("version",),
    "f-title-nl": ("title", "nl"),
    "f-title-en": ("title", "en"),
    "f-description-nl": ("description", "nl"),
    "f-description-en": ("description", "en"),
    "f-municipality": ("municipality",),
    "f-tender-name": ("tender", "name"),
    "f-tender-reference": ("tender", "reference"),
    "f-tender-procedure": ("tender", "procedure"),
    "f-tender-contact": ("tender", "contact"),
    "f-adr-version": ("adr_version",),
    "f-base-url": ("base_url",),
    **{f"f-date-{name}": ("dates", name) for name in DATE_FIELDS},
    "f-award-quality": ("award", "quality_points"),
    "f-award-price": ("award", "price_points"),
    "f-award-assessors-nl": ("award", "assessors", "nl"),
    "f-award-assessors-en": ("award", "assessors", "en"),
    "f-probe-cors-open": ("probe", "cors_open_api"),
    "f-probe-origins": ("probe", "cors_allowed_origins"),
}
_FIELD_OF_PATH = {path: name for name, path in _SCALARS.items()}
_PARENT_FIELD = {
    ("title",): "f-title-nl",
    ("description",): "f-description-nl",
    ("tender",): "f-tender-name",
    ("award", "assessors"): "f-award-assessors-nl",
    ("award",): "f-award-quality",
    ("dates",): "f-date-publication",
    ("probe",): "f-probe-cors-open",
}


# --------------------------------------------------------------------------- profile data -> form values


@dataclass(slots=True)
class ParameterChoice:
    name: str
    parameter: Parameter
    values: dict[str, str]  # lang -> value shown; integers have one value under "nl"

    @property
    def per_language(self) -> bool:
        return self.parameter.type != "integer"


@dataclass(slots=True)
class RequirementChoice:
    """How the form shows one catalogue requirement."""

    requirement: Requirement
    selected: bool
    form: str
    points: str  # as shown in the points field ("" when the form is not scored and none was given)
    parameters: list[ParameterChoice]

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def scored(self) -> bool:
        return self.form in SCORED_FORMS

    @property
    def points_value(self) -> int:
        """The points this choice adds to the award total (0 when not chosen or not scored)."""
        if not self.selected or not self.scored:
            return 0
        try:
            return int(self.points)
        except ValueError:
            return 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, Mapping) else None
    return data


def field_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The text of every scalar field of the form, from profile data."""
    values: dict[str, str] = {}
    for name, path in _SCALARS.items():
        value = _get(data, path)
        if name == "f-probe-origins":
            values[name] = "\n".join(_text(v) for v in value) if isinstance(value, list) else _text(value)
        elif name == "f-probe-cors-open":
            values[name] = {True: "yes", False: "no"}.get(value, "") if isinstance(value, bool) else ""
        else:
            values[name] = _text(value) if not isinstance(value, Mapping | list) else ""
    return values


def _parameter_values(parameter: Parameter, given: Any) -> dict[str, str]:
    if parameter.type == "integer":
        return {"nl": _text(given) if given is not None else parameter.default.nl}
    if isinstance(given, Mapping):
        return {lang: _text(given.get(lang, "")) for lang in ("nl", "en")}
    if given is not None:
        return {"nl": _text(given), "en": _text(given)}
    return {"nl": parameter.default.nl, "en": parameter.default.en}


def requirement_choices(data: Mapping[str, Any], catalog: Catalog) -> list[RequirementChoice]:
    """One choice per catalogue requirement, in catalogue order, filled in from the profile's entries."""
    entries: dict[str, Mapping[str, Any]] = {}
    raw_entries = data.get("requirements")
    for entry in raw_entries if isinstance(raw_entries, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            entries.setdefault(entry["id"], entry)
    choices = []
    for requirement in catalog:
        entry = entries.get(requirement.id)
        form = entry.get("form", requirement.default_form) if entry else requirement.default_form
        if not isinstance(form, str) or (form not in requirement.forms_allowed and form not in FORMS):
            form = requirement.default_form
        points: Any = entry.get("points") if entry else None
        if points is None and form in SCORED_FORMS:
            points = requirement.default_points
        given = entry.get("parameters") if entry else None
        given = given if isinstance(given, Mapping) else {}
        parameters = [
            ParameterChoice(name, parameter, _parameter_values(parameter, given.get(name)))
            for name, parameter in requirement.parameters.items()
        ]
        choices.append(
            RequirementChoice(
                requirement=requirement,
                selected=entry is not None,
                form=form,
                points=_text(points),
                parameters=parameters,
            )
        )
    return choices


def total_points(choices: list[RequirementChoice]) -> int:
    return sum(choice.points_value for choice in choices)


# --------------------------------------------------------------------------- form -> profile data


def _base(form: FormData) -> dict[str, Any]:
    raw = form.get("base") or "{}"
    try:
        base = json.loads(raw)
    except ValueError:
        base = {}
    return base if isinstance(base, dict) else {}


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` to ``value``; an empty value removes the key (unless the profile had it empty too)."""
    target = data
    for part in path[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child
    if value in ("", None, []):
        if path[-1] in target and target[path[-1]] in (None, []):
            return
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value


def _prune(data: dict[str, Any], base: Mapping[str, Any]) -> None:
    """Drop mappings the form emptied (``dates: {}``) unless the profile had them so."""
    award = data.get("award")
    if isinstance(award, dict) and award.get("assessors") == {}:
        award.pop("assessors")
    for key in ("title", "description", "tender", "dates", "award", "probe"):
        if data.get(key) == {} and base.get(key) != {}:
            data.pop(key)


def _integer(raw: str) -> int | str | None:
    """A whole number as ``int``; other text stays text, so that validation names the field."""
    text = raw.strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else text


def _parameters_from_form(form: FormData, requirement: Requirement, given: dict[str, Any]) -> dict[str, Any]:
    parameters = dict(given)
    for name, parameter in requirement.parameters.items():
        key = param_field(requirement.id, name)
        if key not in form:
            continue
        nl = str(form.get(key, "")).strip()
        if parameter.type == "integer":
            default = parameter.default.nl
            if nl == "" or (nl == default and name not in given):
                parameters.pop(name, None)
            else:
                value: Any = _integer(nl)
                parameters[name] = str(value) if isinstance(given.get(name), str) else value
            continue
        en = str(form.get(param_field(requirement.id, name, "en"), nl)).strip()
        if ((nl, en) == (parameter.default.nl, parameter.default.en) and name not in given) or (
            not nl and not en
        ):
            parameters.pop(name, None)
        elif nl == en and not isinstance(given.get(name), Mapping):
            parameters[name] = nl
        else:
            parameters[name] = {"nl": nl, "en": en}
    return parameters


def data_from_form(form: FormData, catalog: Catalog) -> dict[str, Any]:
    """The profile data the submitted form describes (not yet validated)."""
    base = _base(form)
    data: dict[str, Any] = json.loads(json.dumps(base))  # a deep copy of plain JSON
    for name, path in _SCALARS.items():
        if name not in form:
            continue
        raw = str(form.get(name, "")).replace("\r\n", "\n")
        value: Any = raw.strip()
        if name == "f-probe-origins":
            value = [line.strip() for line in raw.split("\n") if line.strip()]
        elif name == "f-probe-cors-open":
            value = {"yes": True, "no": False}.get(value)
        elif name in _INTEGERS:
            value = _integer(raw)
        _set(data, path, value)
    _prune(data, base)

    base_entries: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    base_list = base.get("requirements")
    for entry in base_list if isinstance(base_list, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"] not in base_entries:
            base_entries[entry["id"]] = entry
            order.append(entry["id"])
    chosen = {r.id for r in catalog if form.get(req_field(r.id, "selected"))}
    ids = [rid for rid in order if rid in chosen]
    ids += [r.id for r in catalog if r.id in chosen and r.id not in order]
    requirements = []
    for requirement_id in ids:
        requirement = catalog.requirements[requirement_id]
        entry = json.loads(json.dumps(base_entries.get(requirement_id, {"id": requirement_id})))
        chosen_form = str(
            form.get(req_field(requirement_id, "form")) or entry.get("form") or requirement.default_form
        )
        entry["form"] = chosen_form
        points = _integer(str(form.get(req_field(requirement_id, "points"), "")))
        if chosen_form in SCORED_FORMS and points is not None:
            entry["points"] = points
        else:
            entry.pop("points", None)
        given = entry.get("parameters")
        parameters = _parameters_from_form(form, requirement, given if isinstance(given, dict) else {})
        if parameters:
            entry["parameters"] = parameters
        else:
            entry.pop("parameters", None)
        requirements.append(entry)
    data["requirements"] = requirements
    return _ordered(data)


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    ordered = {key: data[key] for key in _KEY_ORDER if key in data}
    ordered.update(
        {key: value for key, value in data.items() if key != "requirements" and key not in ordered}
    )
    if "requirements" in data:
        ordered["requirements"] = data["requirements"]
    return ordered


# --------------------------------------------------------------------------- YAML and validation


def profile_yaml(data: Mapping[str, Any], header: list[str] | None = None) -> str:
    """The profile as YAML text (the file the officer downloads); ``header`` lines become comments."""
    comments = "".join(f"# {line}\n" for line in header or [])
    return comments + dump_profile_yaml(dict(data))


@dataclass(slots=True)
class Problem:
    """One error or warning, placed at the form field it concerns (``field_id``) when there is one."""

    message: str  # in the page's language where the catalogue layer has it
    field_id: str | None
    kind: str = "error"  # or "warning" (a placeholder left in: the documents can still be made)
    line: int | None = None  # only for an uploaded file (the form's own YAML is never shown)
    where: str | None = None  # the profile field path as the catalogue layer names it
    source: str | None = None  # the uploaded file the line is in


@dataclass(slots=True)
class Checked:
    data: dict[str, Any]
    text: str
    profile: Profile | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.kind == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.kind == "warning"]

    def by_field(self) -> dict[str, list[Problem]]:
        result: dict[str, list[Problem]] = {}
        for problem in self.problems:
            if problem.field_id:
                result.setdefault(problem.field_id, []).append(problem)
        return result


def message(error: CgcomplyError, lang: str) -> str:
    """The error's message alone in ``lang`` (a third party's plain string as it is)."""
    return error.message_in(lang)


def catalog_errors(error: CatalogError) -> list[CatalogError]:
    """All errors of one failed validation (the catalogue layer bundles several in ``errors``)."""
    bundled = getattr(error, "errors", None)
    if isinstance(bundled, list | tuple) and bundled and all(isinstance(e, CatalogError) for e in bundled):
        return list(bundled)
    return [error]


_ITEM_RE = re.compile(r"^requirements\[(\d+)\](?:\.(\w+)(?:\.(\w+)(?:\.(nl|en))?)?)?")


def field_of_error(error: CatalogError, data: Mapping[str, Any]) -> str | None:
    """The form field an error from the catalogue layer is about, from its field path."""
    where = error.field or ""
    match = _ITEM_RE.match(where)
    if match:
        index, part, sub, lang = int(match.group(1)), match.group(2), match.group(3), match.group(4)
        entries = data.get("requirements")
        if not isinstance(entries, list) or index >= len(entries) or not isinstance(entries[index], Mapping):
            return "requirements"
        requirement_id = str(entries[index].get("id", ""))
        if part == "form":
            return req_field(requirement_id, "form")
        if part == "points":
            return req_field(requirement_id, "points")
        if part == "parameters" and sub:
            return param_field(requirement_id, sub, lang)
        return req_field(requirement_id, "selected")
    if where.startswith("requirements"):
        return "requirements"
    plain = re.sub(r"\[\d+\]", "", where)
    path = tuple(plain.split(".")) if plain else ()
    while path:
        if path in _FIELD_OF_PATH:
            return _FIELD_OF_PATH[path]
        if path in _PARENT_FIELD:
            return _PARENT_FIELD[path]
        path = path[:-1]
    return None


def problem_of(error: CatalogError, data: Mapping[str, Any], lang: str, kind: str = "error") -> Problem:
    """An error of an uploaded file, at its form field, with the file and line it is in."""
    return Problem(
        message=message(error, lang),
        field_id=field_of_error(error, data),
        kind=kind,
        line=error.line,
        where=error.field,
        source=error.source,
    )


def check(data: dict[str, Any], lang: str, catalog: Catalog | None = None) -> Checked:
    """Validate profile data as the file it becomes; every error and warning is placed at its field."""
    text = profile_yaml(data)
    result = check_profile(PROFILE_SOURCE, text=text, catalog=catalog)
    problems = [
        Problem(message=message(e, lang), field_id=field_of_error(e, data), kind=kind, where=e.field)
        for kind, group in (("error", result.errors), ("warning", result.warnings))
        for e in group
    ]
    return Checked(data=data, text=text, profile=result.profile if result.ok else None, problems=problems)


def editable_data(text: str, source: str) -> dict[str, Any] | None:
    """The data of an uploaded profile that has mistakes, when the form can show it (else None).

    The form can show a mapping whose ``requirements`` is a list of mappings with string ids; anything
    else (not YAML, a list, requirements as text) is reported at the upload field instead.
    """
    try:
        document = parse_yaml(text, source)
    except CatalogError:
        return None
    data = document.data
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        return None
    entries = data.get("requirements")
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("id"), str) for entry in entries
    ):
        return None
    try:
        return dict(json.loads(json.dumps(data)))
    except (TypeError, ValueError):
        return None


def is_date(value: str) -> bool:
    return bool(_DATE_RE.match(value))
