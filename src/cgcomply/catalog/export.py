"""Requirements and profiles as plain JSON-ready dicts (``requirements show --format json``, ``tender
--format json``)."""

from __future__ import annotations

from typing import Any

from cgcomply import __version__
from cgcomply.catalog.model import Catalog, Profile, ProfileItem, Requirement
from cgcomply.results import DEFAULT_ADR_VERSION


def requirement_to_dict(requirement: Requirement, adr_version: str = DEFAULT_ADR_VERSION) -> dict[str, Any]:
    """The catalogue record with its placeholders filled as a profile without parameters would fill them
    (ADR ``adr_version``, the parameters' defaults), plus its verification mode."""
    from cgcomply.catalog.profiles import preview_texts

    anchors = requirement.anchors
    previews = {form: preview_texts(requirement, form, adr_version) for form in requirement.forms_allowed}
    texts = previews[requirement.default_form]
    return {
        "id": requirement.id,
        "version": requirement.version,
        "status": requirement.status,
        "theme": requirement.theme,
        "title": requirement.title.as_dict(),
        "rationale": texts["rationale"].as_dict(),
        "summary": requirement.summary.as_dict() if requirement.summary else None,
        "adr_version": adr_version,
        "anchors": {
            "forum_standaardisatie": [
                {
                    "name": ref.name.as_dict(),
                    "version": texts[f"standard.{index}"].as_dict(),
                    "list": ref.list,
                }
                for index, ref in enumerate(anchors.forum_standaardisatie)
            ],
            "adr_rules": list(anchors.adr_rules),
            "gibit": [f"GIBIT 2023 {article}" for article in anchors.gibit],
            "common_ground": [text.as_dict() for text in anchors.common_ground],
            "other": [texts[f"other.{index}"].as_dict() for index in range(len(anchors.other))],
        },
        "forms": {
            "allowed": list(requirement.forms_allowed),
            "default": requirement.default_form,
            "points": requirement.default_points,
        },
        "clauses": {form: previews[form]["clause"].as_dict() for form in requirement.forms_allowed},
        "parameters": {
            name: {
                "type": parameter.type,
                "default": parameter.default.as_dict(),
                "description": parameter.description.as_dict(),
                "minimum": parameter.minimum,
                "maximum": parameter.maximum,
            }
            for name, parameter in requirement.parameters.items()
        },
        "evidence": [
            {"what": texts[f"evidence.{index}"].as_dict(), "when": entry.when}
            for index, entry in enumerate(requirement.evidence)
        ],
        "verification": _verification(requirement, texts),
        "source": requirement.source,
    }


def _verification(requirement: Requirement, texts: dict[str, Any]) -> dict[str, Any]:
    verification = requirement.verification
    return {
        "mode": verification.mode,
        "checks": list(verification.checks),
        "adr_rules": list(verification.adr_rules),
        "manual": texts["manual"].as_dict() if "manual" in texts else None,
    }


def item_to_dict(item: ProfileItem, number: int) -> dict[str, Any]:
    """One requirement of a profile with its texts filled in from the profile's parameters."""
    requirement = item.requirement
    evidence = [
        {"what": item.texts[f"evidence.{index}"].as_dict(), "when": moment}
        for index, moment in enumerate(item.moments)
    ]
    standards = [
        {"name": ref.name.as_dict(), "version": item.texts[f"standard.{index}"].as_dict(), "list": ref.list}
        for index, ref in enumerate(requirement.anchors.forum_standaardisatie)
    ]
    verification = _verification(requirement, item.texts)
    return {
        "number": number,
        "id": requirement.id,
        "version": requirement.version,
        "theme": requirement.theme,
        "title": requirement.title.as_dict(),
        "form": item.form,
        "points": item.points,
        "parameters": {name: value.as_dict() for name, value in item.parameters.items()},
        "clause": item.texts["clause"].as_dict(),
        "rationale": item.texts["rationale"].as_dict(),
        "evidence": evidence,
        "verification": verification,
        "anchors": {
            "forum_standaardisatie": standards,
            "adr_rules": list(requirement.anchors.adr_rules),
            "gibit": [f"GIBIT 2023 {article}" for article in requirement.anchors.gibit],
            "common_ground": [text.as_dict() for text in requirement.anchors.common_ground],
            "other": [
                item.texts[f"other.{index}"].as_dict() for index in range(len(requirement.anchors.other))
            ],
        },
    }


def profile_to_dict(profile: Profile, catalog: Catalog | None = None) -> dict[str, Any]:
    """The profile with its resolved requirements, for machines (``tender --format json``)."""
    result: dict[str, Any] = {
        "cgcomply": {"version": __version__, "document": "profile-resolved", "schema_version": 1},
        "profile": {
            "id": profile.id,
            "version": profile.version,
            "title": profile.title_text.as_dict(),
            "description": profile.description.as_dict() if profile.description else None,
            "sha256": profile.sha256,
            "hash": profile.hash_label,
            "source": profile.source,
            "municipality": profile.municipality,
            "tender": profile.tender,
            "adr_version": profile.adr_version,
            "base_url": profile.base_url,
            "dates": profile.dates,
            "probe": profile.probe,
            "award": {
                "quality_points": profile.award.quality_points,
                "price_points": profile.award.price_points,
                "assessors": profile.award.assessors.as_dict() if profile.award.assessors else None,
            },
            "catalog": {"id": profile.catalog_id, "version": profile.catalog_version},
            "requirement_versions": profile.requirement_versions,
        },
        "award": {
            "total_points": profile.total_points,
            "criteria": [
                {"id": item.id, "form": item.form, "points": item.points} for item in profile.scored_items
            ],
        },
        "requirements": [item_to_dict(item, number) for number, item in enumerate(profile.items, start=1)],
    }
    if catalog is not None:
        result["catalog"] = {
            "id": catalog.id,
            "version": catalog.version,
            "directory": catalog.directory,
            "requirements": len(catalog),
        }
    return result
