"""Profile -> the content of the tender documents in one language, shared by every format.

Markdown and HTML render it through Jinja2 templates, Word and Excel through python-docx and openpyxl; all
four show the same numbers, texts and hash because they read this one structure.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cgcomply import __version__
from cgcomply.catalog.labels import labels
from cgcomply.catalog.model import SCORED_FORMS, THEMES, Profile, ProfileItem
from cgcomply.tender.templating import render_prose
from cgcomply.units import enable_options

_MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def format_date(value: str | datetime.date, lang: str) -> str:
    """``2027-02-01`` -> ``1 februari 2027`` (nl) or ``1 February 2027`` (en)."""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    return f"{day.day} {_MONTHS['en' if lang == 'en' else 'nl'][day.month - 1]} {day.year}"


@dataclass(slots=True)
class Entry:
    """One requirement as the documents show it."""

    number: str  # "2.1.1"
    position: int  # 1..n in profile order
    id: str
    theme: str
    theme_label: str
    title: str
    form: str
    form_label: str
    points: int | None
    clause: str
    rationale: str
    evidence: list[str]
    verification_mode: str
    verification_label: str
    checks: list[str]
    adr_rules: list[str]
    manual: str | None
    standards: list[str]
    basis: list[str]
    verification_lines: list[str]  # the mode, then checks, ADR rules and the manual review
    moments: list[str]  # per evidence line: the moment it is due ("inschrijving", "acceptatie", ...)


@dataclass(slots=True)
class ThemeSection:
    number: str
    key: str
    title: str
    entries: list[Entry]


@dataclass(slots=True)
class TenderDocument:
    lang: str
    t: dict[str, Any]
    title: str
    profile_id: str
    profile_version: str
    profile_title: str
    profile_file: str
    hash: str
    sha256: str
    adr_version: str
    municipality: str
    tender_name: str
    meta: list[tuple[str, str]]
    sections: list[ThemeSection]
    entries: list[Entry]
    award: list[Entry]
    total_points: int
    intro: list[str]
    award_texts: dict[str, Any]  # basis, wishes, quality, scale_headers, scale, assessors, total
    declaration: dict[str, Any]  # intro, items, fields
    annex: list[dict[str, str | None]]
    verify_command: str
    price_points: int | None
    dates: dict[str, str]  # key -> formatted date
    raw_dates: dict[str, str]  # key -> ISO date
    has_wishes: bool
    has_questions: bool
    tool_version: str = __version__

    @property
    def award_intro(self) -> str:
        return str(self.award_texts["total"])


def build_document(profile: Profile, lang: str, templates: str | None = None) -> TenderDocument:
    t = labels(lang)
    entries: list[Entry] = []
    sections: list[ThemeSection] = []
    position = {id(item): index for index, item in enumerate(profile.items, start=1)}
    theme_number = 0
    for theme in THEMES:
        items = profile.items_by_theme(theme)
        if not items:
            continue
        theme_number += 1
        number = f"2.{theme_number}"
        section_entries = [
            _entry(item, f"{number}.{index}", position[id(item)], lang)
            for index, item in enumerate(items, start=1)
        ]
        sections.append(
            ThemeSection(number=number, key=theme, title=t["themes"][theme], entries=section_entries)
        )
        entries.extend(section_entries)
    entries.sort(key=lambda entry: entry.position)

    municipality = profile.municipality or ("[naam gemeente]" if lang == "nl" else "[municipality]")
    profile_file = Path(profile.source).name
    base_url = profile.base_url or ("<basis-URL>" if lang == "nl" else "<base-URL>")
    at_submission, later = _report_moments(entries, lang)
    opt_in_options = "".join(f" {option}" for option in enable_options(c for e in entries for c in e.checks))
    quality_points = profile.total_points
    price_points = profile.award.price_points
    context: dict[str, Any] = {
        "municipality": municipality,
        "tender_name": profile.tender_name,
        "profile_id": profile.id,
        "profile_version": profile.version,
        "profile_file": profile_file,
        "hash": profile.hash_label,
        "adr_version": profile.adr_version,
        "base_url": base_url,
        "validate_command": f"cgcomply profile validate {profile_file}",
        "packaged": _is_packaged(profile),
        "export_command": f"cgcomply profile export {profile.id} -o {profile_file}",
        "verify_command": f"cgcomply verify --profile {profile_file} --url {base_url}"
        f"{opt_in_options} --format json "
        f"-o cgcomply-{'rapport' if lang == 'nl' else 'report'}.json",
        "lint_command": f"cgcomply lint openapi.json --adr {profile.adr_version}",
        "total_points": profile.total_points,
        "quality_points": quality_points,
        "price_points": price_points,
        "max_points": quality_points + (price_points or 0),
        "assessors": profile.award.assessors.get(lang) if profile.award.assessors else None,
        "report_at_submission": at_submission,
        "report_later": later,
        "tool_version": __version__,
    }
    prose = render_prose(lang, context, templates)
    return TenderDocument(
        lang=lang,
        t=t,
        title=f"{t['doc_title']}: {profile.tender_name}",
        profile_id=profile.id,
        profile_version=profile.version,
        profile_title=profile.title_text.get(lang),
        profile_file=profile_file,
        hash=profile.hash_label,
        sha256=profile.sha256,
        adr_version=profile.adr_version,
        municipality=municipality,
        tender_name=profile.tender_name,
        meta=_meta(profile, lang, municipality),
        sections=sections,
        entries=entries,
        award=[entry for entry in entries if entry.form in SCORED_FORMS],
        total_points=profile.total_points,
        intro=prose["intro"],
        award_texts=prose["award"],
        declaration=prose["declaration"],
        annex=prose["annex"],
        verify_command=context["verify_command"],
        price_points=price_points,
        dates={key: format_date(value, lang) for key, value in profile.dates.items()},
        raw_dates=dict(profile.dates),
        has_wishes=any(entry.form == "wens" for entry in entries),
        has_questions=any(entry.form == "kwaliteitsvraag" for entry in entries),
    )


def _is_packaged(profile: Profile) -> bool:
    """Whether the profile is one that ships with cgcomply, unchanged (then ``profile export`` writes it)."""
    from cgcomply.catalog.profiles import packaged_profiles, profile_text

    if profile.id not in packaged_profiles():
        return False
    source = Path(profile.source)
    try:
        return source.is_file() and source.read_text("utf-8") == profile_text(profile.id)
    except (OSError, UnicodeDecodeError):
        return False


def _join(parts: list[str], lang: str) -> str:
    """``a, b en c`` / ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {'en' if lang == 'nl' else 'and'} {parts[-1]}"


def _report_moments(entries: list[Entry], lang: str) -> tuple[str, str]:
    """Which requirements ask for the cgcomply report with the tender, and when the others ask for it; the
    annex says the same as the requirements."""
    t = labels(lang)
    now: list[str] = []
    later: list[str] = []
    for entry in entries:
        for moment, line in zip(entry.moments, entry.evidence, strict=True):
            if "cgcomply" not in line:
                continue
            if moment == "inschrijving":
                if entry.id not in now:
                    now.append(entry.id)
            elif t["when"][moment] not in later:
                later.append(t["when"][moment])
    return _join(now, lang), _join(later, lang)


def _meta(profile: Profile, lang: str, municipality: str) -> list[tuple[str, str]]:
    t = labels(lang)
    rows = [(t["municipality"], municipality), (t["tender"], profile.tender_name)]
    if profile.tender.get("reference"):
        rows.append((t["reference"], profile.tender["reference"]))
    if profile.tender.get("contact"):
        rows.append((t["contact"], profile.tender["contact"]))
    if profile.tender.get("procedure"):
        procedure = profile.tender["procedure"]
        rows.append((t["procedure"], t["procedures"].get(procedure, procedure)))
    rows += [
        (t["profile"], f"{profile.id} {profile.version}: {profile.title_text.get(lang)}"),
        (t["profile_hash"], profile.hash_label),
        (t["adr_version"], profile.adr_version),
        (t["base_url"], profile.base_url or t["base_url_open"]),
    ]
    for key, value in profile.dates.items():
        rows.append((t["dates"].get(key, key), format_date(value, lang)))
    rows.append((t["generated_by"], f"cgcomply {__version__}"))
    return rows


def _entry(item: ProfileItem, number: str, position: int, lang: str) -> Entry:
    t = labels(lang)
    requirement = item.requirement
    evidence: list[str] = []
    moments: list[str] = []
    if item.form == "eis":
        evidence.append(f"{t['when']['inschrijving'].capitalize()}: {t['declaration_evidence']}")
        moments.append("inschrijving")
    elif item.form == "kwaliteitsvraag":
        evidence.append(
            f"{t['when']['inschrijving'].capitalize()}: {t['answer_evidence'].format(number=number)}"
        )
        moments.append("inschrijving")
    elif item.form == "uitvoeringsvoorwaarde":
        evidence.append(f"{t['when']['inschrijving'].capitalize()}: {t['condition_evidence']}")
        moments.append("")
    for index, moment in enumerate(item.moments):
        evidence.append(f"{t['when'][moment].capitalize()}: {item.text(f'evidence.{index}', lang)}")
        moments.append(moment)
    standards = [
        f"{ref.name.get(lang)}: {item.text(f'standard.{index}', lang)}"
        for index, ref in enumerate(requirement.anchors.forum_standaardisatie)
    ]
    basis = [f"GIBIT 2023 {article}" for article in requirement.anchors.gibit]
    basis += [f"Common Ground: {principle.get(lang)}" for principle in requirement.anchors.common_ground]
    basis += [item.text(f"other.{index}", lang) or "" for index in range(len(requirement.anchors.other))]
    verification = requirement.verification
    manual = item.text("manual", lang)
    lines = [t["modes"][verification.mode].capitalize()]
    if verification.checks:
        lines.append(f"{t['checks']}: {', '.join(verification.checks)}")
    if verification.adr_rules:
        lines.append(f"{t['adr_rules']}: {', '.join(verification.adr_rules)}")
    if manual:
        lines.append(f"{t['manual_review']}: {manual}")
    return Entry(
        number=number,
        position=position,
        id=requirement.id,
        theme=requirement.theme,
        theme_label=t["themes"][requirement.theme],
        title=requirement.title.get(lang),
        form=item.form,
        form_label=t["forms"][item.form],
        points=item.points,
        clause=item.clause(lang),
        rationale=item.text("rationale", lang) or "",
        evidence=evidence,
        verification_mode=verification.mode,
        verification_label=t["modes"][verification.mode],
        checks=list(verification.checks),
        adr_rules=list(verification.adr_rules),
        manual=manual,
        standards=standards,
        basis=basis,
        verification_lines=lines,
        moments=moments,
    )
