"""The editor's form <-> profile data, and validation through the catalogue layer.

The page keeps no state on the server: the whole profile travels in the form. Fields the page edits are
named below; everything else of the profile it was started from (future fields, comments aside) rides along
in the hidden field ``base`` as JSON and is written back unchanged, so that a bundled profile opened and
saved without changes keeps its hash. The result is YAML text, validated by
:func:`cgcomply.catalog.load_profile_text` exactly as ``cgcomply profile validate`` would validate the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from cgcomply import __version__
from cgcomply.catalog import Catalog, Profile, Requirement, load_profile_text
from cgcomply.catalog.model import FORMS, SCORED_FORMS
from cgcomply.catalog.schema import schema
from cgcomply.catalog.yamlnodes import parse_yaml
from cgcomply.errors import CatalogError

DATE_FIELDS: tuple[str, ...] = (
    "publication",
    "questions_deadline",
    "submission_deadline",
    "award",
    "acceptance_test",
    "start",
)
PROFILE_SOURCE = "profiel.yaml"  # the name errors about form input carry (the form is not a file)
_KEY_ORDER = ("id", "version", "title", "description", "municipality", "tender", "adr_version", "base_url")
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


def param_field(requirement_id: str, name: str) -> str:
    return req_field(requirement_id, f"param-{name}")


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
    "f-probe-cors-open": ("probe", "cors_open_api"),
    "f-probe-origins": ("probe", "cors_allowed_origins"),
    **{f"f-date-{name}": ("dates", name) for name in DATE_FIELDS},
}
_FIELD_OF_PATH = {path: name for name, path in _SCALARS.items()}


# --------------------------------------------------------------------------- profile data -> form values


@dataclass(slots=True)
class RequirementChoice:
    """How the form shows one catalogue requirement."""

    requirement: Requirement
    selected: bool
    form: str
    points: str  # as shown in the points field ("" when the form is not scored and none was given)
    parameters: dict[str, str]  # name -> value shown

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


def field_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The text of every scalar field of the form, from profile data."""
    values: dict[str, str] = {}
    for name, path in _SCALARS.items():
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, Mapping) else None
        if name == "f-probe-origins":
            values[name] = "\n".join(_text(v) for v in value) if isinstance(value, list) else _text(value)
        elif name == "f-probe-cors-open":
            values[name] = {True: "yes", False: "no"}.get(value, "") if isinstance(value, bool) else ""
        else:
            values[name] = _text(value)
    return values


def requirement_choices(data: Mapping[str, Any], catalog: Catalog) -> list[RequirementChoice]:
    """One choice per catalogue requirement, in catalogue order, filled in from the profile's entries."""
    entries: dict[str, Mapping[str, Any]] = {}
    for entry in data.get("requirements") or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            entries.setdefault(entry["id"], entry)
    choices = []
    for requirement in catalog:
        entry = entries.get(requirement.id)
        form = entry.get("form", requirement.default_form) if entry else requirement.default_form
        if form not in requirement.forms_allowed and form not in FORMS:
            form = requirement.default_form
        points: Any = entry.get("points") if entry else None
        if points is None and form in SCORED_FORMS:
            points = requirement.default_points
        given = entry.get("parameters") if entry else None
        given = given if isinstance(given, Mapping) else {}
        parameters = {
            name: _text(given.get(name, parameter.default))
            for name, parameter in requirement.parameters.items()
        }
        choices.append(
            RequirementChoice(
                requirement=requirement,
                selected=entry is not None,
                form=str(form),
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


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any, keep_empty: bool) -> None:
    """Set ``path`` to ``value``; an empty value removes the key (unless the base had it empty too)."""
    target = data
    for part in path[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child
    if value in ("", None, []):
        if keep_empty and path[-1] in target and target[path[-1]] in (None, []):
            return
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value


def _prune(data: dict[str, Any], base: Mapping[str, Any]) -> None:
    """Drop mappings the form emptied (``dates: {}``) unless the profile had them so."""
    for key in ("description", "tender", "dates", "probe"):
        if data.get(key) == {} and base.get(key) != {}:
            data.pop(key)
    title = data.get("title")
    if isinstance(title, dict) and not title:
        data.pop("title")


def _points(raw: str) -> int | str | None:
    text = raw.strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else text


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
        elif name.startswith("f-description"):
            value = raw.strip()
        _set(data, path, value, keep_empty=True)
    _prune(data, base)

    base_entries: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for entry in base.get("requirements") or []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"] not in base_entries:
            base_entries[entry["id"]] = entry
            order.append(entry["id"])
    chosen = {requirement.id for requirement in catalog if form.get(req_field(requirement.id, "selected"))}
    ids = [rid for rid in order if rid in chosen] + [
        r.id for r in catalog if r.id in chosen and r.id not in order
    ]
    requirements = []
    for requirement_id in ids:
        requirement = catalog.requirements[requirement_id]
        entry = json.loads(json.dumps(base_entries.get(requirement_id, {"id": requirement_id})))
        chosen_form = str(
            form.get(req_field(requirement_id, "form")) or entry.get("form") or requirement.default_form
        )
        entry["form"] = chosen_form
        if chosen_form in SCORED_FORMS:
            points = _points(str(form.get(req_field(requirement_id, "points"), "")))
            if points is None:
                entry.pop("points", None)
            else:
                entry["points"] = points
        else:
            entry.pop("points", None)
        parameters = dict(entry.get("parameters") or {})
        for name, parameter in requirement.parameters.items():
            key = param_field(requirement_id, name)
            if key not in form:
                continue
            value = str(form.get(key, "")).strip()
            if not value or (value == parameter.default and name not in parameters):
                parameters.pop(name, None)
            else:
                parameters[name] = value
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


class _Dumper(yaml.SafeDumper):
    """Long texts as folded blocks (``>-``) and multi-line texts as literal blocks, as people write them."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None
    if "\n" in value.strip("\n"):
        style = "|"
    elif len(value) > 80 and value == value.strip() and "  " not in value:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def profile_yaml(data: Mapping[str, Any], header: list[str] | None = None) -> str:
    """The profile as YAML text (the file the officer downloads); ``header`` lines become comments."""
    body = yaml.dump(
        dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    comments = "".join(f"# {line}\n" for line in header or [])
    return comments + body


@dataclass(slots=True)
class Problem:
    """One validation error, placed at the form field it concerns (``field_id``) when there is one."""

    message: str
    field_id: str | None
    line: int | None = None  # only for an uploaded file (the form's own YAML is never shown)
    where: str | None = None  # the profile field path as the catalogue layer names it
    source: str | None = None  # the uploaded file the line is in


@dataclass(slots=True)
class Checked:
    data: dict[str, Any]
    text: str
    profile: Profile | None
    problems: list[Problem] = field(default_factory=list)

    def by_field(self) -> dict[str, list[Problem]]:
        result: dict[str, list[Problem]] = {}
        for problem in self.problems:
            if problem.field_id:
                result.setdefault(problem.field_id, []).append(problem)
        return result


def catalog_errors(error: CatalogError) -> list[CatalogError]:
    """All errors of one failed validation (the catalogue layer may bundle several in ``errors``)."""
    bundled = getattr(error, "errors", None)
    if isinstance(bundled, (list, tuple)) and bundled and all(isinstance(e, CatalogError) for e in bundled):
        return list(bundled)
    return [error]


_ITEM_RE = re.compile(r"^requirements\[(\d+)\](?:\.(\w+)(?:\.(\w+))?)?")


def field_of_error(error: CatalogError, data: Mapping[str, Any]) -> str | None:
    """The form field an error from the catalogue layer is about, from its field path."""
    where = error.field or ""
    match = _ITEM_RE.match(where)
    if match:
        index, part, sub = int(match.group(1)), match.group(2), match.group(3)
        entries = data.get("requirements") or []
        if index >= len(entries) or not isinstance(entries[index], Mapping):
            return "requirements"
        requirement_id = str(entries[index].get("id", ""))
        if part == "form":
            return req_field(requirement_id, "form")
        if part == "points":
            return req_field(requirement_id, "points")
        if part == "parameters" and sub:
            return param_field(requirement_id, sub)
        return req_field(requirement_id, "selected")
    if where == "requirements":
        return "requirements"
    plain = re.sub(r"\[\d+\]", "", where)
    path = tuple(plain.split(".")) if plain else ()
    while path:
        if path in _FIELD_OF_PATH:
            return _FIELD_OF_PATH[path]
        if path == ("title",):
            return "f-title-nl"
        if path == ("tender",):
            return "f-tender-name"
        path = path[:-1]
    return None


def problem_of(error: CatalogError, data: Mapping[str, Any]) -> Problem:
    """An error of an uploaded file, at its form field, with the file and line it is in."""
    return Problem(
        message=error.message,
        field_id=field_of_error(error, data),
        line=error.line,
        where=error.field,
        source=error.source,
    )


def check(data: dict[str, Any], catalog: Catalog | None = None) -> Checked:
    """Validate profile data as the file it becomes; every problem is placed at its field."""
    text = profile_yaml(data)
    try:
        profile = load_profile_text(text, PROFILE_SOURCE, catalog)
    except CatalogError as error:
        problems = [
            Problem(message=e.message, field_id=field_of_error(e, data), where=e.field)
            for e in catalog_errors(error)
        ]
        return Checked(data=data, text=text, profile=None, problems=problems)
    return Checked(data=data, text=text, profile=profile)


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


def download_yaml(checked: Checked, header: list[str]) -> str:
    """The profile file: the validated text with header comments (comments do not change the hash)."""
    return profile_yaml(checked.data, header)


def is_date(value: str) -> bool:
    return bool(_DATE_RE.match(value))


def generator_comment() -> str:
    return f"cgcomply {__version__}"
