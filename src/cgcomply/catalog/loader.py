"""Load the requirement catalogue: parse YAML, apply the schema, then the semantic checks.

Every problem becomes one :class:`~cgcomply.errors.CatalogError` that names the file, line, column and
field. The semantic checks are those a schema cannot express: a requirement id that matches its file and
theme, forms that have clauses, known check ids and ADR rule ids, known placeholders, typed parameters,
unique ids. Profiles are loaded by :mod:`cgcomply.catalog.profiles`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from cgcomply.catalog import checkids
from cgcomply.catalog.clauses import PROFILE_NAMES, check_text
from cgcomply.catalog.model import (
    THEMES,
    Anchors,
    Catalog,
    Evidence,
    Parameter,
    Requirement,
    StandardRef,
    Text,
    Verification,
)
from cgcomply.catalog.schema import validate
from cgcomply.catalog.yamlnodes import Path_, YamlDocument, load_yaml
from cgcomply.errors import CatalogError, display_path
from cgcomply.resources import requirements_dir

_THEME_OF_PREFIX = {"DATA": "data", "API": "api", "STD": "standards"}

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
        raise CatalogError(
            Text(
                "map van de eisencatalogus niet gevonden",
                "requirement catalogue folder not found",
            ),
            source=source,
        )
    files = sorted(
        path for path in [*directory.glob("*.yaml"), *directory.glob("*.yml")] if path.stem != "catalog"
    )
    catalog_id, catalog_version = _catalog_meta(directory)
    if not files:
        raise CatalogError(
            Text(
                "geen eisbestanden (*.yaml) in de map van de catalogus",
                "no requirement files (*.yaml) in the catalogue folder",
            ),
            source=source,
        )
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
    return Catalog(
        requirements={r.id: r for r in ordered},
        source=source,
        directory=str(directory.resolve()),
        id=catalog_id,
        version=catalog_version,
    )


def _catalog_meta(directory: Path) -> tuple[str, str]:
    """``id`` and ``version`` from the folder's ``catalog.yaml``; a folder without one is 'unversioned'
    (the profile hash still binds every record it uses)."""
    path = directory / "catalog.yaml"
    if not path.is_file():
        return directory.name, "unversioned"
    document = load_yaml(path)
    data = document.data
    if not isinstance(data, dict):
        raise document.error("expected a mapping with id and version", ())
    for key in ("id", "version"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise document.error("required text field is missing", (key,), field_name=key)
    return data["id"].strip(), data["version"].strip()


def _text(value: dict[str, str]) -> Text:
    return Text(nl=value["nl"].strip(), en=value["en"].strip())


def _text_or_string(value: str | dict[str, str]) -> Text:
    """A text that may differ per language, or one string for both (a proper name, a version)."""
    if isinstance(value, str):
        return Text(nl=value.strip(), en=value.strip())
    return _text(value)


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
    for rules_at in (("verification", "adr_rules"), ("anchors", "adr_rules")):
        for index, rule in enumerate(data[rules_at[0]][rules_at[1]]):
            if rule not in checkids.KNOWN_ADR_RULES:
                raise document.error(f"unknown ADR rule id {rule!r}", (*rules_at, index))

    parameters: dict[str, Parameter] = {}
    for name, value in data.get("parameters", {}).items():
        kind = value.get("type", "text")
        default = _text_or_string(value["default"]) if value["default"] != "" else Text("", "")
        where: Path_ = ("parameters", name)
        if kind == "integer":
            if not isinstance(value["default"], str) or not _is_integer(value["default"]):
                raise document.error(
                    "an integer parameter needs a whole number as default", (*where, "default")
                )
            if value.get("minimum", 0) > value.get("maximum", 10**9):
                raise document.error("minimum is larger than maximum", (*where, "minimum"))
        elif "minimum" in value or "maximum" in value:
            raise document.error("minimum and maximum apply only to type integer", where, key=True)
        parameters[name] = Parameter(
            default=default,
            description=_text(value["description"]),
            type=kind,
            minimum=value.get("minimum"),
            maximum=value.get("maximum"),
        )
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
        summary=_text(data["summary"]) if "summary" in data else None,
        anchors=Anchors(
            forum_standaardisatie=tuple(
                StandardRef(
                    name=_text_or_string(entry["name"]),
                    version=_text_or_string(entry["version"]),
                    list=entry["list"],
                )
                for entry in anchors["forum_standaardisatie"]
            ),
            adr_rules=tuple(anchors["adr_rules"]),
            gibit=tuple(anchors["gibit"]),
            common_ground=tuple(_text(entry) for entry in anchors["common_ground"]),
            other=tuple(_text_or_string(entry) for entry in anchors.get("other", ())),
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


def _is_integer(text: str) -> bool:
    return text.strip().isascii() and text.strip().isdigit() and len(text.strip()) <= 9


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
    for group in ("forum_standaardisatie", "other"):
        for index, entry in enumerate(data["anchors"].get(group, ())):
            value = entry["version"] if group == "forum_standaardisatie" else entry
            path: Path_ = ("anchors", group, index) + (
                ("version",) if group == "forum_standaardisatie" else ()
            )
            if isinstance(value, str):
                texts.append((path, value))
            else:
                texts.extend(((*path, lang), value[lang]) for lang in ("nl", "en"))
    return texts
