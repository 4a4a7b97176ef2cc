"""Load and validate profiles (eisensets): every problem of a file at once, each with file:line.

:func:`check_profile` never raises for bad content: it returns a :class:`ProfileCheck` with the profile (when
valid), the errors and the warnings. :func:`load_profile` and :func:`parse_profile` raise
:class:`ProfileErrors` (all errors of the file) instead. The CLI and the web page use these same functions.

What is checked, beyond the JSON Schema: known requirement ids, each listed once, allowed forms, points for
scored forms (and only for them), known and typed parameters (whole numbers in their range), real dates in
their order (publication before the questions deadline before the submission deadline; award, start and
acceptance test after submission), the award points adding up to ``award.quality_points``, and the
length limits of the formats the values go into (Word's core properties hold 255 characters). Placeholders
left in (``[naam gemeente]``, a missing municipality) are warnings; with ``strict`` they are errors.

The profile's hash is the sha256 of its canonical form (:func:`canonical_form`): the profile's content with
normalised values, every requirement record it applies as resolved for it (clause texts in both languages,
evidence and when it is due, check ids with their levels, ADR rules, the manual review, the record's
version) and the catalogue's id and version. Comments and formatting of the YAML do not change it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cgcomply.catalog.clauses import render_text
from cgcomply.catalog.hashing import content_sha256
from cgcomply.catalog.loader import load_catalog
from cgcomply.catalog.model import (
    SCORED_FORMS,
    Award,
    Catalog,
    Profile,
    ProfileItem,
    Requirement,
    Text,
    evidence_moment,
)
from cgcomply.catalog.schema import schema_errors
from cgcomply.catalog.yamlnodes import Path_, YamlDocument, load_yaml, parse_yaml
from cgcomply.errors import ERROR_PREFIX, CatalogError
from cgcomply.resources import profiles_dir
from cgcomply.results import ADR_VERSIONS, DEFAULT_ADR_VERSION, normalise_adr_version

HASH_FORMAT = "cgcomply-profile/2"

# What a placeholder shows when the profile leaves the value open.
OPEN_VALUES: dict[str, Text] = {
    "base_url": Text(
        nl="[door Inschrijver op te geven basis-URL]", en="[base URL to be given by the Tenderer]"
    ),
    "municipality": Text(nl="[naam gemeente]", en="[name of the municipality]"),
}

# (path, maximum length, the format whose limit it is)
LIMITS: tuple[tuple[Path_, int, Text], ...] = (
    (("id",), 64, Text("bestandsnamen en documenteigenschappen", "file names and document properties")),
    (("version",), 32, Text("documenteigenschappen", "document properties")),
    (("title", "nl"), 255, Text("Word-documenteigenschap 'onderwerp'", "Word core property 'subject'")),
    (("title", "en"), 255, Text("Word-documenteigenschap 'onderwerp'", "Word core property 'subject'")),
    (("municipality",), 255, Text("Word-documenteigenschap 'auteur'", "Word core property 'author'")),
    (("tender", "name"), 255, Text("Word-documenteigenschap 'titel'", "Word core property 'title'")),
    (("tender", "reference"), 255, Text("Word-documenteigenschappen", "Word core properties")),
    (("tender", "contact"), 255, Text("Word-documenteigenschappen", "Word core properties")),
    (("description", "nl"), 4000, Text("een alinea in Word", "a paragraph in Word")),
    (("description", "en"), 4000, Text("een alinea in Word", "a paragraph in Word")),
)
PARAMETER_LIMIT = 2000  # a clause must stay readable in a table cell; an Excel cell holds at most 32,767
ASSESSORS_LIMIT = 2000

# (earlier, later, strictly before): the order of a tender's dates.
DATE_ORDER: tuple[tuple[str, str, bool], ...] = (
    ("publication", "questions_deadline", True),
    ("publication", "submission_deadline", True),
    ("questions_deadline", "submission_deadline", True),
    ("publication", "award", True),
    ("submission_deadline", "award", False),
    ("submission_deadline", "start", False),
    ("award", "start", False),
    ("submission_deadline", "acceptance_test", False),
)
DATE_NAMES: dict[str, Text] = {
    "publication": Text("publicatie", "publication"),
    "questions_deadline": Text("sluiting vragen", "questions deadline"),
    "submission_deadline": Text("sluiting inschrijving", "submission deadline"),
    "award": Text("gunning", "award"),
    "acceptance_test": Text("acceptatietest", "acceptance test"),
    "start": Text("start", "start"),
}

_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{2,80}\]|<[^<>\n]{2,80}>|\bTODO\b|\bXXX\b")


# --------------------------------------------------------------------------- results


def translated(error: CatalogError, lang: str) -> str:
    """``file:line:column: field: message`` in ``lang`` (the message's Dutch text when it has one)."""
    return error.render(lang)


class ProfileErrors(CatalogError):
    """All errors of one profile file; renders one line per error."""

    def __init__(self, errors: list[CatalogError], lang: str = "nl") -> None:
        self.errors = errors
        self.lang = lang
        first = errors[0]
        super().__init__(
            first.message, source=first.source, line=first.line, column=first.column, field=first.field
        )

    def render(self, lang: str | None = None) -> str:
        # the CLI prefixes "fout: " / "error: " to the first line; the others get it here
        lang = str(lang or getattr(self, "lang", "en"))
        errors = getattr(self, "errors", None)
        if not errors:
            return super().render(lang)
        return f"\n{ERROR_PREFIX.get(lang)}: ".join(translated(error, lang) for error in errors)

    def render_lang(self, lang: str) -> str:
        return "\n".join(translated(error, lang) for error in self.errors)


@dataclass(slots=True)
class ProfileCheck:
    """The outcome of validating one profile file."""

    source: str
    profile: Profile | None
    errors: list[CatalogError] = field(default_factory=list)
    warnings: list[CatalogError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.profile is not None and not self.errors

    def raise_for_errors(self) -> Profile:
        if self.errors or self.profile is None:
            raise ProfileErrors(
                self.errors or [CatalogError(Text("ongeldig profiel", "invalid profile"), source=self.source)]
            )
        return self.profile


class _Problems:
    """Collects errors and warnings of one document, each with its line."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.errors: list[CatalogError] = []
        self.warnings: list[CatalogError] = []

    def _make(self, path: Path_, nl: str, en: str, key: bool, field_name: str | None) -> CatalogError:
        error = self.document.error(en, path, key=key, field_name=field_name)
        error.text = Text(nl=nl, en=en)
        return error

    def error(
        self, path: Path_, nl: str, en: str, *, key: bool = False, field_name: str | None = None
    ) -> None:
        self.errors.append(self._make(path, nl, en, key, field_name))

    def warning(
        self, path: Path_, nl: str, en: str, *, key: bool = False, field_name: str | None = None
    ) -> None:
        self.warnings.append(self._make(path, nl, en, key, field_name))


# --------------------------------------------------------------------------- finding and reading


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
        Text(
            f"profiel niet gevonden (geen bestand, en geen meegeleverd profiel: {', '.join(packaged_profiles())})",
            f"profile not found (not a file, nor a packaged profile: {', '.join(packaged_profiles())})",
        ),
        source=text,
    )


def profile_text(name: str) -> str:
    """The YAML text of a packaged profile as it ships (``cgcomply profile export``)."""
    if name not in packaged_profiles():
        raise CatalogError(
            Text(
                f"geen meegeleverd profiel {name!r}; meegeleverde profielen: {', '.join(packaged_profiles())}",
                f"no packaged profile {name!r}; packaged profiles: {', '.join(packaged_profiles())}",
            ),
            source=name,
        )
    return (profiles_dir() / f"{name}.yaml").read_text("utf-8")


def dump_profile_yaml(data: dict[str, Any]) -> str:
    """A profile in the shape of the profile schema as YAML text (key order kept)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def check_profile(
    source: Path | str,
    *,
    text: str | bytes | None = None,
    catalog: Catalog | None = None,
    strict: bool = False,
) -> ProfileCheck:
    """Validate a profile file (a path or packaged name), or ``text`` shown as ``source``: all problems."""
    try:
        if text is None:
            path = resolve_profile_path(source)
            document = load_yaml(path)
        else:
            name = str(source)
            if isinstance(text, bytes):
                try:
                    text = text.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise CatalogError(
                        Text(
                            f"geen UTF-8-tekst ({error.reason} bij byte {error.start})",
                            f"not UTF-8 text ({error.reason} at byte {error.start})",
                        ),
                        source=name,
                    ) from None
            document = parse_yaml(text, name)
        catalog = catalog if catalog is not None else load_catalog()
    except CatalogError as error:
        return ProfileCheck(source=error.source or str(source), profile=None, errors=[error])
    return _check_document(document, catalog, strict)


def load_profile(path: Path | str, catalog: Catalog | None = None, *, strict: bool = False) -> Profile:
    """Load and validate a profile against ``catalog`` (default: the packaged catalogue); raises
    :class:`ProfileErrors` with every problem of the file."""
    return check_profile(path, catalog=catalog, strict=strict).raise_for_errors()


def parse_profile(
    text: str | bytes, source: str = "profile.yaml", catalog: Catalog | None = None, *, strict: bool = False
) -> Profile:
    """:func:`load_profile` for text (an uploaded file); ``source`` is the name errors show."""
    return check_profile(source, text=text, catalog=catalog, strict=strict).raise_for_errors()


def load_profile_text(text: str | bytes, source: str, catalog: Catalog | None = None) -> Profile:
    """A profile given as YAML text (an upload, a form); errors name ``source`` and the line."""
    return parse_profile(text, source, catalog)


# --------------------------------------------------------------------------- validation


def _check_document(document: YamlDocument, catalog: Catalog, strict: bool) -> ProfileCheck:
    problems = _Problems(document)
    data = document.data
    if not isinstance(data, dict):
        errors = [error for _, error in schema_errors(document, "profile")]
        return ProfileCheck(source=document.source, profile=None, errors=errors)

    broken: set[Path_] = set()
    for path, error in schema_errors(document, "profile"):
        problems.errors.append(error)
        broken.add(path)

    def ok(*path: str | int) -> bool:
        """No schema error at or below ``path``."""
        return not any(bad[: len(path)] == path for bad in broken)

    adr_version = DEFAULT_ADR_VERSION
    if "adr_version" in data and ok("adr_version"):
        try:
            adr_version = normalise_adr_version(str(data["adr_version"]))
        except ValueError as error:
            problems.error(
                ("adr_version",),
                f"onbekende ADR-versie {str(data['adr_version'])!r}; kies uit {', '.join(ADR_VERSIONS)}",
                str(error),
            )

    _check_limits(problems, data)
    dates = _check_dates(problems, data.get("dates") if ok("dates") else None)
    _check_placeholders(problems, data)

    items: list[ProfileItem] = []
    requirements = data.get("requirements")
    seen: dict[str, int] = {}
    if isinstance(requirements, list):
        for index, entry in enumerate(requirements):
            if not ok("requirements", index) or not isinstance(entry, dict):
                continue
            item = _check_item(problems, data, catalog, adr_version, index, entry, seen)
            if item is not None:
                items.append(item)

    award = _check_award(problems, data if ok("award") else {}, items)
    if strict:
        problems.errors.extend(problems.warnings)
        problems.warnings = []
    problems.errors.sort(key=lambda error: (error.line or 0, error.column or 0))
    if problems.errors:
        return ProfileCheck(document.source, None, problems.errors, problems.warnings)

    canonical = canonical_form(data, adr_version, dates, items, award, catalog)
    profile = Profile(
        id=data["id"],
        version=data["version"],
        title_text=_text(data["title"]),
        description=_text(data["description"]) if "description" in data else None,
        sha256=content_sha256(canonical),
        adr_version=adr_version,
        base_url=data.get("base_url"),
        municipality=data.get("municipality"),
        tender={key: str(value) for key, value in data["tender"].items()},
        dates={key: dates[key].isoformat() for key in data.get("dates", {})},
        probe=dict(data.get("probe", {})),
        items=items,
        source=document.source,
        data=data,
        award=award,
        catalog_id=catalog.id,
        catalog_version=catalog.version,
        canonical=canonical,
        catalog=catalog,
        warnings=problems.warnings,
    )
    return ProfileCheck(document.source, profile, [], problems.warnings)


def _text(value: dict[str, str]) -> Text:
    return Text(nl=value["nl"].strip(), en=value["en"].strip())


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        if isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _check_limits(problems: _Problems, data: dict[str, Any]) -> None:
    for path, limit, where in LIMITS:
        value = _value_at(data, path)
        if isinstance(value, str) and len(value) > limit:
            problems.error(
                path,
                f"{len(value)} tekens, te lang: ten hoogste {limit} ({where.nl})",
                f"{len(value)} characters, too long: at most {limit} ({where.en})",
            )


def _check_dates(problems: _Problems, dates: Any) -> dict[str, datetime.date]:
    parsed: dict[str, datetime.date] = {}
    if not isinstance(dates, dict):
        return parsed
    for key, value in dates.items():
        try:
            parsed[key] = datetime.date.fromisoformat(str(value))
        except ValueError:
            problems.error(
                ("dates", key),
                f"{value!r} is geen bestaande datum (jjjj-mm-dd, bijvoorbeeld 2027-02-01)",
                f"{value!r} is not a real date (yyyy-mm-dd, for example 2027-02-01)",
            )
    for earlier, later, strictly in DATE_ORDER:
        if earlier in parsed and later in parsed:
            first, second = parsed[earlier], parsed[later]
            if second < first or (strictly and second == first):
                relation_nl = "na" if strictly else "op of na"
                relation_en = "after" if strictly else "on or after"
                problems.error(
                    ("dates", later),
                    f"{DATE_NAMES[later].nl} ({second.isoformat()}) moet {relation_nl} "
                    f"{DATE_NAMES[earlier].nl} ({first.isoformat()}) liggen",
                    f"{DATE_NAMES[later].en} ({second.isoformat()}) must be {relation_en} "
                    f"{DATE_NAMES[earlier].en} ({first.isoformat()})",
                )
    return parsed


def _strings(value: Any, path: Path_) -> Iterable[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*path, index))


def _check_placeholders(problems: _Problems, data: dict[str, Any]) -> None:
    if not data.get("municipality"):
        problems.warning(
            ("municipality",),
            "geen municipality: de documenten tonen '[naam gemeente]'",
            "no municipality: the documents show '[name of the municipality]'",
            field_name="municipality",
        )
    fields: list[tuple[Path_, str]] = []
    for key in ("title", "description", "municipality", "tender", "award"):
        fields.extend(_strings(data.get(key), (key,)))
    for index, entry in enumerate(data.get("requirements") or []):
        if isinstance(entry, dict):
            fields.extend(_strings(entry.get("parameters"), ("requirements", index, "parameters")))
    for path, value in fields:
        match = _PLACEHOLDER.search(value)
        if match:
            problems.warning(
                path,
                f"bevat nog een invulplek {match.group(0)!r}; vul de echte waarde in",
                f"still holds a placeholder {match.group(0)!r}; fill in the real value",
            )


def _check_item(
    problems: _Problems,
    data: dict[str, Any],
    catalog: Catalog,
    adr_version: str,
    index: int,
    entry: dict[str, Any],
    seen: dict[str, int],
) -> ProfileItem | None:
    where: Path_ = ("requirements", index)
    requirement_id = entry["id"]
    if requirement_id not in catalog:
        prefix = requirement_id.rsplit("-", 1)[0]
        close = [rid for rid in catalog.requirements if rid.startswith(prefix)] or list(catalog.requirements)
        problems.error(
            (*where, "id"),
            f"onbekende eis {requirement_id!r}; de catalogus heeft {', '.join(close)}",
            f"unknown requirement id {requirement_id!r}; the catalogue has {', '.join(close)}",
        )
        return None
    if requirement_id in seen:
        problems.error(
            (*where, "id"),
            f"eis {requirement_id!r} staat er twee keer in (eerst als requirements[{seen[requirement_id]}])",
            f"requirement {requirement_id!r} is listed twice (first as requirements[{seen[requirement_id]}])",
        )
        return None
    seen[requirement_id] = index
    requirement = catalog.requirements[requirement_id]
    valid = True

    form = entry.get("form", requirement.default_form)
    if form not in requirement.forms_allowed:
        allowed = ", ".join(requirement.forms_allowed)
        problems.error(
            (*where, "form") if "form" in entry else (*where, "id"),
            f"{requirement_id} kan niet als {form!r} worden gebruikt; toegestane vormen: {allowed}",
            f"{requirement_id} cannot be used as {form!r}; allowed forms: {allowed}",
            field_name=f"requirements[{index}].form",
        )
        valid = False
    points = entry.get("points")
    if form in SCORED_FORMS:
        points = points if points is not None else requirement.default_points
        if points is None:
            problems.error(
                where,
                f"de vorm {form!r} wordt gescoord: geef de punten voor {requirement_id}",
                f"form {form!r} is scored: give the points for {requirement_id}",
                field_name=f"requirements[{index}].points",
            )
            valid = False
    elif points is not None:
        problems.error(
            (*where, "points"),
            f"punten horen alleen bij wens en kwaliteitsvraag, niet bij {form!r}",
            f"points only apply to the forms wens and kwaliteitsvraag, not to {form!r}",
        )
        valid = False

    parameters: dict[str, Text] = {name: p.default for name, p in requirement.parameters.items()}
    for name, value in (entry.get("parameters") or {}).items():
        path: Path_ = (*where, "parameters", name)
        parameter = requirement.parameters.get(name)
        if parameter is None:
            known = ", ".join(requirement.parameters) or "geen/none"
            problems.error(
                path,
                f"{requirement_id} heeft geen parameter {name!r} (wel: {known})",
                f"{requirement_id} has no parameter {name!r} (its parameters: {known})",
                key=True,
            )
            valid = False
            continue
        normalised = _parameter_value(
            problems, path, parameter.type, parameter.minimum, parameter.maximum, value
        )
        if normalised is None:
            valid = False
        else:
            parameters[name] = normalised
    if not valid:
        return None
    try:
        texts = render_texts(requirement, form, data, adr_version, parameters)
    except CatalogError as error:
        problems.errors.append(error)
        return None
    moments = tuple(evidence_moment(form, entry_.when) for entry_ in requirement.evidence)
    return ProfileItem(
        requirement=requirement, form=form, points=points, parameters=parameters, texts=texts, moments=moments
    )


def _parameter_value(
    problems: _Problems, path: Path_, kind: str, minimum: int | None, maximum: int | None, value: Any
) -> Text | None:
    if kind == "integer":
        text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            problems.error(path, f"{value!r} is geen geheel getal", f"{value!r} is not a whole number")
            return None
        number = int(text)
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            low = minimum if minimum is not None else "-"
            high = maximum if maximum is not None else "-"
            problems.error(
                path,
                f"{number} valt buiten het bereik {low} tot en met {high}",
                f"{number} is outside the range {low} to {high}",
            )
            return None
        return Text(nl=str(number), en=str(number))
    if isinstance(value, dict):
        result = _text(value)
    elif isinstance(value, str):
        result = Text(nl=value.strip(), en=value.strip())
    else:
        problems.error(path, "verwacht een tekst", "expected a text")
        return None
    for lang, text in (("nl", result.nl), ("en", result.en)):
        if len(text) > PARAMETER_LIMIT:
            problems.error(
                (*path, lang) if isinstance(value, dict) else path,
                f"{len(text)} tekens, te lang: ten hoogste {PARAMETER_LIMIT} (een eistekst in een tabelcel)",
                f"{len(text)} characters, too long: at most {PARAMETER_LIMIT} (a clause in a table cell)",
            )
            return None
        if not text:
            problems.error(path, "mag niet leeg zijn", "must not be empty")
            return None
    return result


def _check_award(problems: _Problems, data: dict[str, Any], items: list[ProfileItem]) -> Award:
    award = data.get("award") or {}
    scored = sum(item.points or 0 for item in items if item.form in SCORED_FORMS)
    quality = award.get("quality_points")
    if quality is not None and quality != scored:
        parts = " + ".join(f"{item.id} {item.points}" for item in items if item.form in SCORED_FORMS) or "0"
        problems.error(
            ("award", "quality_points"),
            f"de punten van de wensen en kwaliteitsvragen tellen op tot {scored} ({parts}), niet tot {quality}",
            f"the points of the wishes and quality questions add up to {scored} ({parts}), not {quality}",
        )
    assessors = award.get("assessors")
    if isinstance(assessors, dict):
        for lang in ("nl", "en"):
            if len(assessors.get(lang, "")) > ASSESSORS_LIMIT:
                problems.error(
                    ("award", "assessors", lang),
                    f"te lang: ten hoogste {ASSESSORS_LIMIT} tekens",
                    f"too long: at most {ASSESSORS_LIMIT} characters",
                )
    if scored and award.get("price_points") is None and isinstance(data.get("requirements"), list):
        problems.warning(
            ("award",) if award else ("requirements",),
            "geen award.price_points: het gunningshoofdstuk verwijst voor de weging van de prijs naar de "
            "aanbestedingsleidraad",
            "no award.price_points: the award chapter refers to the tender guidelines for the weight of price",
            field_name="award.price_points",
        )
    return Award(
        quality_points=quality if quality is not None else (scored or None),
        price_points=award.get("price_points"),
        assessors=_text(assessors) if isinstance(assessors, dict) else None,
    )


# --------------------------------------------------------------------------- texts and hash


def render_texts(
    requirement: Requirement, form: str, data: dict[str, Any], adr_version: str, parameters: dict[str, Text]
) -> dict[str, Text]:
    """Every text of ``requirement`` in ``form`` with the profile's values filled in, per language."""
    origin = requirement.origin
    raw = requirement.data
    contexts = {lang: _context(lang, data, adr_version, parameters) for lang in ("nl", "en")}
    rendered: dict[str, Text] = {}

    def fill(lang: str, value: str, path: Path_) -> str:
        assert origin is not None
        return render_text(value.strip(), contexts[lang], origin, path)

    def both(name: str, path: Path_, value: str | dict[str, str]) -> None:
        if isinstance(value, str):
            rendered[name] = Text(nl=fill("nl", value, path), en=fill("en", value, path))
        else:
            rendered[name] = Text(
                nl=fill("nl", value["nl"], (*path, "nl")), en=fill("en", value["en"], (*path, "en"))
            )

    both("clause", ("clauses", form), raw["clauses"][form])
    both("rationale", ("rationale",), raw["rationale"])
    if raw["verification"]["manual"]:
        both("manual", ("verification", "manual"), raw["verification"]["manual"])
    for index, entry in enumerate(raw["evidence"]):
        both(f"evidence.{index}", ("evidence", index, "what"), entry["what"])
    for index, entry in enumerate(raw["anchors"]["forum_standaardisatie"]):
        both(f"standard.{index}", ("anchors", "forum_standaardisatie", index, "version"), entry["version"])
    for index, entry in enumerate(raw["anchors"].get("other", ())):
        both(f"other.{index}", ("anchors", "other", index), entry)
    return rendered


def _context(
    lang: str, data: dict[str, Any], adr_version: str, parameters: dict[str, Text]
) -> dict[str, Any]:
    given = data.get("tender")
    tender: dict[str, Any] = given if isinstance(given, dict) else {}
    context: dict[str, Any] = {
        "adr_version": adr_version,
        "base_url": data.get("base_url") or OPEN_VALUES["base_url"].get(lang),
        "municipality": data.get("municipality") or OPEN_VALUES["municipality"].get(lang),
        "tender_name": tender.get("name")
        or ("[naam aanbesteding]" if lang == "nl" else "[name of the tender]"),
    }
    context.update({name: value.get(lang) for name, value in parameters.items()})
    return context


def preview_texts(
    requirement: Requirement, form: str, adr_version: str = DEFAULT_ADR_VERSION
) -> dict[str, Text]:
    """The texts of ``requirement`` in ``form`` as a profile without parameters would show them."""
    parameters = {name: parameter.default for name, parameter in requirement.parameters.items()}
    return render_texts(requirement, form, {}, adr_version, parameters)


@cache
def check_levels(adr_version: str) -> dict[str, str]:
    """Check id -> its level (must/should) in ``adr_version``, as the checks and probes declare it."""
    from cgcomply.checks.registry import all_static_checks
    from cgcomply.probes.registry import all_live_checks

    levels = {check.info.id: str(check.info.level) for check in all_static_checks(adr_version)}
    levels.update({info.id: str(info.level) for info in all_live_checks(adr_version)})
    return levels


def _item_record(item: ProfileItem, adr_version: str) -> dict[str, Any]:
    requirement = item.requirement
    levels = check_levels(adr_version)
    return {
        "id": requirement.id,
        "version": requirement.version,
        "status": requirement.status,
        "form": item.form,
        "points": item.points,
        "parameters": {name: value.as_dict() for name, value in sorted(item.parameters.items())},
        "title": requirement.title.as_dict(),
        "texts": {name: text.as_dict() for name, text in sorted(item.texts.items())},
        "evidence": [
            {"what": item.texts[f"evidence.{index}"].as_dict(), "when": moment}
            for index, moment in enumerate(item.moments)
        ],
        "checks": [
            {"id": check_id, "level": levels.get(check_id, "not in this ADR version")}
            for check_id in requirement.verification.checks
        ],
        "adr_rules": list(requirement.verification.adr_rules),
        "manual": item.texts["manual"].as_dict() if "manual" in item.texts else None,
        "anchors": {
            "forum_standaardisatie": [
                {"name": ref.name.as_dict(), "list": ref.list}
                for ref in requirement.anchors.forum_standaardisatie
            ],
            "adr_rules": list(requirement.anchors.adr_rules),
            "gibit": list(requirement.anchors.gibit),
            "common_ground": [text.as_dict() for text in requirement.anchors.common_ground],
        },
    }


def canonical_form(
    data: dict[str, Any],
    adr_version: str,
    dates: dict[str, datetime.date],
    items: list[ProfileItem],
    award: Award,
    catalog: Catalog,
) -> dict[str, Any]:
    """What the profile hash is computed over (see the module's docstring)."""
    profile = {key: value for key, value in data.items() if key != "requirements"}
    profile["adr_version"] = adr_version
    if "dates" in profile:
        profile["dates"] = {key: dates[key].isoformat() for key in profile["dates"]}
    profile["award"] = {
        "quality_points": award.quality_points,
        "price_points": award.price_points,
        "assessors": award.assessors.as_dict() if award.assessors else None,
    }
    return {
        "format": HASH_FORMAT,
        "catalog": {"id": catalog.id, "version": catalog.version},
        "profile": profile,
        "requirements": [_item_record(item, adr_version) for item in items],
    }
