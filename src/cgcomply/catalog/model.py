"""The requirement catalogue and profile model: plain, frozen data built by :mod:`cgcomply.catalog.loader`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cgcomply.errors import CatalogError

if TYPE_CHECKING:
    from cgcomply.catalog.yamlnodes import YamlDocument

THEMES: tuple[str, ...] = ("data", "api", "standards")
from cgcomply.forms import FORMS as FORMS  # noqa: E402  (re-exported: the catalogue's forms)
from cgcomply.forms import SCORED_FORMS as SCORED_FORMS  # noqa: E402

VerificationMode = Literal["automated", "partial", "manual"]


# One bilingual text type for the whole code base (catalogue texts use ``get``, never ``render``).
from cgcomply.i18n import Text  # noqa: E402


@dataclass(frozen=True, slots=True)
class StandardRef:
    """An entry of the Forum Standaardisatie list ('pas toe of leg uit'), with the version asked for."""

    name: Text
    version: Text
    list: str  # verplicht / aanbevolen / in procedure / niet op de lijst


@dataclass(frozen=True, slots=True)
class Anchors:
    forum_standaardisatie: tuple[StandardRef, ...]
    adr_rules: tuple[str, ...]
    gibit: tuple[str, ...]  # GIBIT 2023 articles, "art. 21"
    common_ground: tuple[Text, ...]
    other: tuple[Text, ...] = ()


MOMENTS: tuple[str, ...] = ("inschrijving", "gunning", "na gunning", "acceptatie", "periodiek", "op verzoek")


@dataclass(frozen=True, slots=True)
class Evidence:
    what: Text
    when: str  # inschrijving / gunning / acceptatie / periodiek / op verzoek, for the form eis


def evidence_moment(form: str, when: str) -> str:
    """When the evidence is due in ``form``: award criteria are scored on what the tender holds, so their
    evidence comes with it; an execution condition binds only after award, so nothing of it is asked
    before; a knock-out eis keeps the moment the record states (with the tenderer's declaration at
    submission, see the tender's declaration chapter)."""
    if form in SCORED_FORMS:
        return "inschrijving"
    if form == "uitvoeringsvoorwaarde" and when in ("inschrijving", "gunning"):
        return "na gunning"
    return when


@dataclass(frozen=True, slots=True)
class Verification:
    """How a requirement is proven: check ids (static ``adr.*``, live ``probe.*``) and/or a person's review."""

    checks: tuple[str, ...]
    adr_rules: tuple[str, ...]
    manual: Text | None

    @property
    def manual_nl(self) -> str | None:
        return self.manual.nl if self.manual else None

    @property
    def manual_en(self) -> str | None:
        return self.manual.en if self.manual else None

    @property
    def mode(self) -> VerificationMode:
        if not self.checks:
            return "manual"
        return "partial" if self.manual else "automated"


PARAMETER_TYPES: tuple[str, ...] = ("text", "integer")


@dataclass(frozen=True, slots=True)
class Parameter:
    default: Text
    description: Text
    type: str = "text"  # text (may differ per language) or integer
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Requirement:
    id: str
    version: str
    status: str
    theme: str
    title: Text
    rationale: Text
    anchors: Anchors
    forms_allowed: tuple[str, ...]
    default_form: str
    default_points: int | None
    clauses: dict[str, Text]
    evidence: tuple[Evidence, ...]
    verification: Verification
    parameters: dict[str, Parameter]
    source: str  # the file it was read from
    data: dict[str, Any] = field(repr=False, compare=False, hash=False, default_factory=dict)
    origin: YamlDocument | None = field(repr=False, compare=False, hash=False, default=None)
    summary: Text | None = None  # plain language for the officer (the web page); not tender text

    @property
    def title_nl(self) -> str:
        return self.title.nl

    @property
    def title_en(self) -> str:
        return self.title.en

    @property
    def verification_mode(self) -> VerificationMode:
        return self.verification.mode

    @property
    def number(self) -> int:
        return int(self.id.rsplit("-", 1)[1])


@dataclass(slots=True)
class Catalog:
    """All requirements, ordered by theme and number."""

    requirements: dict[str, Requirement]
    source: str  # the folder as shown to the user
    directory: str = ""  # the folder's absolute path
    id: str = "cgcomply"  # from the folder's catalog.yaml
    version: str = "unversioned"  # from the folder's catalog.yaml

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements.values())

    def __len__(self) -> int:
        return len(self.requirements)

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self.requirements

    def get(self, requirement_id: str) -> Requirement:
        """The requirement with this id (case-insensitive), or a :class:`CatalogError` naming close ids."""
        key = requirement_id.strip().upper()
        if key in self.requirements:
            return self.requirements[key]
        prefix = key.rsplit("-", 1)[0]
        close = [rid for rid in self.requirements if rid.startswith(prefix)] or list(self.requirements)
        raise CatalogError(
            Text(
                f"onbekende eis {requirement_id!r}; bekende ids: {', '.join(close)}",
                f"unknown requirement {requirement_id!r}; known ids: {', '.join(close)}",
            ),
            source=self.source,
        )

    def by_theme(self, theme: str | None = None) -> list[Requirement]:
        return [r for r in self if theme is None or r.theme == theme]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per theme: the number of requirements per verification mode, and the total."""
        result: dict[str, dict[str, int]] = {}
        for theme in THEMES:
            rows = self.by_theme(theme)
            result[theme] = {"total": len(rows)}
            for mode in ("automated", "partial", "manual"):
                result[theme][mode] = sum(1 for r in rows if r.verification_mode == mode)
        return result


@dataclass(frozen=True, slots=True, eq=False)
class ProfileItem:
    """One requirement as a profile asks for it, with its texts filled in from the profile's parameters."""

    requirement: Requirement
    form: str
    points: int | None
    parameters: dict[str, Text]  # every parameter of the requirement, defaults filled in
    texts: dict[str, Text]  # rendered: clause, rationale, manual, evidence.N, standard.N, other.N
    moments: tuple[str, ...] = ()  # per evidence entry: when it is due in this form (evidence_moment)

    @property
    def weight(self) -> int | None:
        return self.points

    @property
    def id(self) -> str:
        return self.requirement.id

    def clause(self, lang: str) -> str:
        return self.texts["clause"].get(lang)

    def text(self, name: str, lang: str) -> str | None:
        text = self.texts.get(name)
        return text.get(lang) if text else None


@dataclass(frozen=True, slots=True)
class Award:
    """How the award criteria relate to price (beste prijs-kwaliteitverhouding) and who judges them."""

    quality_points: int | None  # the sum of the points of wensen and kwaliteitsvragen, when the profile says
    price_points: int | None
    assessors: Text | None


@dataclass(slots=True)
class Profile:
    id: str
    version: str
    title_text: Text
    description: Text | None
    sha256: str  # hex digest of the canonical form: profile, resolved requirement records, catalogue version
    adr_version: str  # normalised, "2.2.0"
    base_url: str | None
    municipality: str | None
    tender: dict[str, str]
    dates: dict[str, str]
    probe: dict[str, Any]
    items: list[ProfileItem]
    source: str
    data: dict[str, Any] = field(repr=False, default_factory=dict)
    award: Award = field(default_factory=lambda: Award(None, None, None))
    catalog_id: str = "cgcomply"
    catalog_version: str = "unversioned"
    canonical: dict[str, Any] = field(repr=False, default_factory=dict)  # what the hash is computed over
    catalog: Catalog | None = field(repr=False, default=None)
    warnings: list[CatalogError] = field(repr=False, default_factory=list)

    @property
    def requirement_versions(self) -> dict[str, str]:
        """Requirement id -> version of the record this profile applies (for reports)."""
        return {item.id: item.requirement.version for item in self.items}

    @property
    def title(self) -> str:
        return self.title_text.nl

    @property
    def hash_label(self) -> str:
        """The hash as printed in every document and report: ``sha256:<hex>``."""
        return f"sha256:{self.sha256}"

    @property
    def tender_name(self) -> str:
        return self.tender.get("name", self.title)

    def items_by_theme(self, theme: str) -> list[ProfileItem]:
        return [item for item in self.items if item.requirement.theme == theme]

    @property
    def scored_items(self) -> list[ProfileItem]:
        return [item for item in self.items if item.form in SCORED_FORMS]

    @property
    def total_points(self) -> int:
        return sum(item.points or 0 for item in self.scored_items)
