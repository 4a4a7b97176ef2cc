"""Requirements and profiles as plain JSON-ready dicts (``requirements show --format json``, ``tender
--format json``)."""

from __future__ import annotations

from typing import Any

from cgcomply import __version__
from cgcomply.catalog.model import Catalog, Profile, ProfileItem, Requirement


def requirement_to_dict(requirement: Requirement) -> dict[str, Any]:
    """The catalogue record as written (placeholders unfilled), plus its verification mode."""
    anchors = requirement.anchors
    return {
        "id": requirement.id,
        "version": requirement.version,
        "status": requirement.status,
        "theme": requirement.theme,
        "title": requirement.title.as_dict(),
        "rationale": requirement.rationale.as_dict(),
        "anchors": {
            "forum_standaardisatie": [
                {"name": ref.name, "version": ref.version, "list": ref.list}
                for ref in anchors.forum_standaardisatie
            ],
            "adr_rules": list(anchors.adr_rules),
            "gibit": [f"GIBIT 2023 {article}" for article in anchors.gibit],
            "common_ground": [text.as_dict() for text in anchors.common_ground],
            "other": list(anchors.other),
        },
        "forms": {
            "allowed": list(requirement.forms_allowed),
            "default": requirement.default_form,
            "points": requirement.default_points,
        },
        "clauses": {form: text.as_dict() for form, text in requirement.clauses.items()},
        "parameters": {
            name: {"default": parameter.default, "description": parameter.description.as_dict()}
            for name, parameter in requirement.parameters.items()
        },
        "evidence": [{"what": entry.what.as_dict(), "when": entry.when} for entry in requirement.evidence],
        "verification": verification_to_dict(requirement),
        "source": requirement.source,
    }


def verification_to_dict(requirement: Requirement) -> dict[str, Any]:
    verification = requirement.verification
    return {
        "mode": verification.mode,
        "checks": list(verification.checks),
        "adr_rules": list(verification.adr_rules),
        "manual": verification.manual.as_dict() if verification.manual else None,
    }


def item_to_dict(item: ProfileItem, number: int) -> dict[str, Any]:
    """One requirement of a profile with its texts filled in from the profile's parameters."""
    requirement = item.requirement
    evidence = [
        {"what": item.texts[f"evidence.{index}"].as_dict(), "when": entry.when}
        for index, entry in enumerate(requirement.evidence)
    ]
    standards = [
        {"name": ref.name, "version": item.texts[f"standard.{index}"].nl, "list": ref.list}
        for index, ref in enumerate(requirement.anchors.forum_standaardisatie)
    ]
    verification = verification_to_dict(requirement)
    verification["manual"] = item.texts["manual"].as_dict() if "manual" in item.texts else None
    return {
        "number": number,
        "id": requirement.id,
        "version": requirement.version,
        "theme": requirement.theme,
        "title": requirement.title.as_dict(),
        "form": item.form,
        "points": item.points,
        "parameters": item.parameters,
        "clause": item.texts["clause"].as_dict(),
        "rationale": item.texts["rationale"].as_dict(),
        "evidence": evidence,
        "verification": verification,
        "anchors": {
            "forum_standaardisatie": standards,
            "adr_rules": list(requirement.anchors.adr_rules),
            "gibit": [f"GIBIT 2023 {article}" for article in requirement.anchors.gibit],
            "common_ground": [text.as_dict() for text in requirement.anchors.common_ground],
            "other": list(requirement.anchors.other),
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
        result["catalog"] = {"directory": catalog.directory, "requirements": len(catalog)}
    return result
