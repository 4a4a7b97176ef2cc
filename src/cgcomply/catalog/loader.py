"""Load the requirement catalogue and profiles: parse YAML, apply the schema, then the semantic checks.

Every problem becomes one :class:`~cgcomply.errors.CatalogError` that names the file, line, column and
field. The semantic checks are those a schema cannot express: a requirement id that matches its file and
theme, forms that have clauses, known check ids and ADR rule ids, known placeholders, unique ids; in a
profile, known requirement ids, allowed forms, points for scored forms and known parameters.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from cgcomply.catalog import checkids
from cgcomply.catalog.clauses import PROFILE_NAMES, check_text, render_text
from cgcomply.catalog.hashing import content_sha256
from cgcomply.catalog.model import (
    SCORED_FORMS,
    THEMES,
    Anchors,
    Catalog,
    Evidence,
    Parameter,
    Profile,
    ProfileItem,
    Requirement,
    StandardRef,
    Text,
    Verification,
)
from cgcomply.catalog.schema import validate
from cgcomply.catalog.yamlnodes import Path_, YamlDocument, display_path, load_yaml, parse_yaml
from cgcomply.errors import CatalogError
from cgcomply.resources import profiles_dir, requirements_dir
from cgcomply.results import DEFAULT_ADR_VERSION, normalise_adr_version

_THEME_OF_PREFIX = {"DATA": "data", "API": "api", "STD": "standards"}

# What a placeholder shows when the profile leaves the value open.
_OPEN_VALUES: dict[str, dict[str, str]] = {
    "base_url": {
        "nl": "[door Inschrijver op te geven basis-URL]",
        "en": "[base URL to be given by the Tenderer]",
    },
    "municipality": {"nl": "[naam gemeente]", "en": "[name of the municipality]"},
}


# --------------------------------------------------------------------------- catalogue


def load_catalog(directory: Path | str | None = None) -> Catalog:
    """The packaged catalogue (cached), or the catalogue in ``directory`` (tests, own catalogues)."""
    if directory is None:
        return _packaged_catalog()
    return _load_catalog_dir(Path(directory))


@cache
def _packaged_catalog() -> Catalog:
    return _load_catalog_dir(requirements_dir() / "catalog")


def _load_catalog_dir(directory: Path) -> Catalog:
    source = display_path(directory)
    if not directory.is_dir():
        raise CatalogError("requirement catalogue folder not found", source=source)
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not files:
        raise CatalogError("no requirement files (*.yaml) in the catalogue folder", source=source)
    requirements: dict[str, Requirement] = {}
    for path in files:
        document = load_yaml(path)
        validate(document, "requirement")
        requirement = _build_requirement(document, path)
        if requirement.id in requirements:
            other = requirements[requirement.id].source
            raise document.error(f"duplicate requirement id {requirement.id!r} (also in {other})", ("id",))
        requirements[requirement.id] = requirement
    ordered = sorted(requirements.values(), key=lambda r: (THEMES.index(r.theme), r.number))
    return Catalog(requirements={r.id: r for r in ordered}, source=source, directory=str(directory.resolve()))


def _text(value: dict[str, str]) -> Text:
    return Text(nl=value["nl"].strip(), en=value["en"].strip())


def _build_requirement(document: YamlDocument, path: Path) -> Requirement:
    data: dict[str, Any] = document.data
    requirement_id = data["id"]
    if path.stem.upper().startswith("CG-") and path.stem != requirement_id:
        raise document.error(f"id {requirement_id!r} does not match the file name {path.name!r}", ("id",))
    prefix = requirement_id.split("-")[1]
    if _THEME_OF_PREFIX[prefix] != data["theme"]:
        raise document.error(
            f"theme {data['theme']!r} does not fit id {requirement_id!r} (expected {_THEME_OF_PREFIX[prefix]!r})",
            ("theme",),
        )

    forms = data["forms"]
    allowed = tuple(forms["allowed"])
    if forms["default"] not in allowed:
        raise document.error(
            f"default form {forms['default']!r} is not in forms.allowed", ("forms", "default")
        )
    for form in allowed:
        if form not in data["clauses"]:
            raise document.error(
                f"form {form!r} is allowed but has no clause text", ("clauses",), field_name=f"clauses.{form}"
            )
    for form in data["clauses"]:
        if form not in allowed:
            raise document.error(
                f"clause for form {form!r}, which forms.allowed does not list", ("clauses", form), key=True
            )

    verification = data["verification"]
    for index, check_id in enumerate(verification["checks"]):
        if check_id not in checkids.KNOWN_CHECKS:
            raise document.error(f"unknown check id {check_id!r}", ("verification", "checks", index))
        if check_id in checkids.FUNCTIONAL_CHECKS:
            raise document.error(
                f"{check_id!r} is a functional ADR rule that only a person can judge; name its ADR id in "
                "verification.adr_rules and describe the review in verification.manual",
                ("verification", "checks", index),
            )
    if not verification["checks"] and verification["manual"] is None:
        raise document.error("needs at least one check id or a manual review text", ("verification",))
    for where in (("verification", "adr_rules"), ("anchors", "adr_rules")):
        for index, rule in enumerate(data[where[0]][where[1]]):
            if rule not in checkids.KNOWN_ADR_RULES:
                raise document.error(f"unknown ADR rule id {rule!r}", (*where, index))

    parameters = {
        name: Parameter(default=value["default"], description=_text(value["description"]))
        for name, value in data.get("parameters", {}).items()
    }
    names = PROFILE_NAMES | frozenset(parameters)
    for text_path, text in _templated_texts(data):
        check_text(text, names, document, text_path)

    anchors = data["anchors"]
    return Requirement(
        id=requirement_id,
        version=data["version"],
        status=data["status"],
        theme=data["theme"],
        title=_text(data["title"]),
        rationale=_text(data["rationale"]),
        anchors=Anchors(
            forum_standaardisatie=tuple(
                StandardRef(name=entry["name"], version=entry["version"], list=entry["list"])
                for entry in anchors["forum_standaardisatie"]
            ),
            adr_rules=tuple(anchors["adr_rules"]),
            gibit=tuple(anchors["gibit"]),
            common_ground=tuple(_text(entry) for entry in anchors["common_ground"]),
            other=tuple(anchors.get("other", ())),
        ),
        forms_allowed=allowed,
        default_form=forms["default"],
        default_points=forms.get("points"),
        clauses={form: _text(text) for form, text in data["clauses"].items()},
        evidence=tuple(Evidence(what=_text(entry["what"]), when=entry["when"]) for entry in data["evidence"]),
        verification=Verification(
            checks=tuple(verification["checks"]),
            adr_rules=tuple(verification["adr_rules"]),
            manual=_text(verification["manual"]) if verification["manual"] else None,
        ),
        parameters=parameters,
        source=document.source,
        data=data,
        origin=document,
    )


def _templated_texts(data: dict[str, Any]) -> list[tuple[Path_, str]]:
    """Every text field that may hold placeholders, with its path."""
    texts: list[tuple[Path_, str]] = []
    for lang in ("nl", "en"):
        texts.append((("rationale", lang), data["rationale"][lang]))
        for form, clause in data["clauses"].items():
            texts.append((("clauses", form, lang), clause[lang]))
        for index, entry in enumerate(data["evidence"]):
            texts.append((("evidence", index, "what", lang), entry["what"][lang]))
        if data["verification"]["manual"]:
            texts.append((("verification", "manual", lang), data["verification"]["manual"][lang]))
    for index, entry in enumerate(data["anchors"]["forum_standaardisatie"]):
        texts.append((("anchors", "forum_standaardisatie", index, "version"), entry["version"]))
    return texts


# --------------------------------------------------------------------------- profiles


def packaged_profiles() -> list[str]:
    """Names of the profiles that ship with cgcomply (``cg-basis``, ...)."""
    return sorted(path.stem for path in profiles_dir().glob("*.yaml"))


def resolve_profile_path(value: Path | str) -> Path:
    """A path as given, or the name of a packaged profile (``cg-basis``) when no such file exists."""
    path = Path(value)
    if path.exists():
        return path
    text = str(value)
    if "/" not in text and "\\" not in text:
        name = text.removesuffix(".yaml").removesuffix(".yml")
        candidate = profiles_dir() / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    raise CatalogError(
        f"profile not found (not a file, nor a packaged profile: {', '.join(packaged_profiles())})",
        source=text,
    )


def load_profile(path: Path | str, catalog: Catalog | None = None) -> Profile:
    """Load and validate a profile against ``catalog`` (default: the packaged catalogue)."""
    resolved = resolve_profile_path(path)
    return _profile_from_document(load_yaml(resolved), catalog)


def load_profile_text(text: str, source: str, catalog: Catalog | None = None) -> Profile:
    """Validate a profile given as YAML text (an upload, a form); errors name ``source`` and the line."""
    return _profile_from_document(parse_yaml(text, source), catalog)


def _profile_from_document(document: YamlDocument, catalog: Catalog | None) -> Profile:
    validate(document, "profile")
    catalog = catalog if catalog is not None else load_catalog()
    data: dict[str, Any] = document.data

    try:
        adr_version = normalise_adr_version(str(data["adr_version"]))
    except ValueError as error:
        raise document.error(str(error), ("adr_version",)) from None

    items: list[ProfileItem] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data["requirements"]):
        items.append(_build_item(document, data, catalog, adr_version, index, entry, seen))

    return Profile(
        id=data["id"],
        version=data["version"],
        title_text=_text(data["title"]),
        description=_text(data["description"]) if "description" in data else None,
        sha256=content_sha256(data),
        adr_version=adr_version,
        base_url=data.get("base_url"),
        municipality=data.get("municipality"),
        tender=dict(data["tender"]),
        dates=dict(data.get("dates", {})),
        probe=dict(data.get("probe", {})),
        items=items,
        source=document.source,
        data=data,
    )


def _build_item(
    document: YamlDocument,
    data: dict[str, Any],
    catalog: Catalog,
    adr_version: str,
    index: int,
    entry: dict[str, Any],
    seen: dict[str, int],
) -> ProfileItem:
    where: Path_ = ("requirements", index)
    requirement_id = entry["id"]
    if requirement_id not in catalog:
        prefix = requirement_id.rsplit("-", 1)[0]
        close = [rid for rid in catalog.requirements if rid.startswith(prefix)] or list(catalog.requirements)
        raise document.error(
            f"unknown requirement id {requirement_id!r}; the catalogue has {', '.join(close)}", (*where, "id")
        )
    if requirement_id in seen:
        raise document.error(
            f"requirement {requirement_id!r} is listed twice (first as requirements[{seen[requirement_id]}])",
            (*where, "id"),
        )
    seen[requirement_id] = index
    requirement = catalog.requirements[requirement_id]

    form = entry.get("form", requirement.default_form)
    if form not in requirement.forms_allowed:
        form_path = (*where, "form") if "form" in entry else (*where, "id")
        raise document.error(
            f"{requirement_id} cannot be used as {form!r}; allowed forms: {', '.join(requirement.forms_allowed)}",
            form_path,
            field_name=f"requirements[{index}].form",
        )
    points = entry.get("points")
    if form in SCORED_FORMS:
        points = points if points is not None else requirement.default_points
        if points is None:
            raise document.error(
                f"form {form!r} is scored: give the points for {requirement_id}",
                where,
                field_name=f"requirements[{index}].points",
            )
    elif points is not None:
        raise document.error(
            f"points only apply to the forms wens and kwaliteitsvraag, not to {form!r}", (*where, "points")
        )

    parameters = dict(entry.get("parameters", {}))
    for name in parameters:
        if name not in requirement.parameters:
            known = ", ".join(requirement.parameters) or "none"
            raise document.error(
                f"{requirement_id} has no parameter {name!r} (its parameters: {known})",
                (*where, "parameters", name),
                key=True,
            )
    texts = _render_texts(requirement, form, data, adr_version, parameters)
    return ProfileItem(requirement=requirement, form=form, points=points, parameters=parameters, texts=texts)


def _render_texts(
    requirement: Requirement, form: str, data: dict[str, Any], adr_version: str, parameters: dict[str, str]
) -> dict[str, Text]:
    origin = requirement.origin
    raw = requirement.data
    rendered: dict[str, Text] = {}

    def both(name: str, path: Path_, value: dict[str, str]) -> None:
        rendered[name] = Text(
            nl=render_text(
                value["nl"].strip(),
                _context("nl", data, adr_version, requirement, parameters),
                origin,
                (*path, "nl"),
            ),
            en=render_text(
                value["en"].strip(),
                _context("en", data, adr_version, requirement, parameters),
                origin,
                (*path, "en"),
            ),
        )

    both("clause", ("clauses", form), raw["clauses"][form])
    both("rationale", ("rationale",), raw["rationale"])
    if raw["verification"]["manual"]:
        both("manual", ("verification", "manual"), raw["verification"]["manual"])
    for index, entry in enumerate(raw["evidence"]):
        both(f"evidence.{index}", ("evidence", index, "what"), entry["what"])
    for index, entry in enumerate(raw["anchors"]["forum_standaardisatie"]):
        path = ("anchors", "forum_standaardisatie", index, "version")
        version = render_text(
            entry["version"], _context("nl", data, adr_version, requirement, parameters), origin, path
        )
        rendered[f"standard.{index}"] = Text(nl=version, en=version)
    return rendered


def _context(
    lang: str, data: dict[str, Any], adr_version: str, requirement: Requirement, parameters: dict[str, str]
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "adr_version": adr_version,
        "base_url": data.get("base_url") or _OPEN_VALUES["base_url"][lang],
        "municipality": data.get("municipality") or _OPEN_VALUES["municipality"][lang],
        "tender_name": data["tender"]["name"],
    }
    context.update({name: parameter.default for name, parameter in requirement.parameters.items()})
    context.update(parameters)
    return context


def preview_texts(
    requirement: Requirement, form: str, adr_version: str = DEFAULT_ADR_VERSION
) -> dict[str, Text]:
    """The texts of ``requirement`` in ``form`` as a profile without parameters would show them."""
    data: dict[str, Any] = {"tender": {"name": "[naam aanbesteding]"}}
    return _render_texts(requirement, form, data, adr_version, {})
