"""Terminal views of the catalogue and profiles: ``requirements list|show`` and ``profile validate|show``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cgcomply.catalog.export import profile_to_dict, requirement_to_dict
from cgcomply.catalog.labels import labels
from cgcomply.catalog.loader import load_catalog
from cgcomply.catalog.model import Profile, Requirement
from cgcomply.catalog.profiles import ProfileErrors, check_profile, preview_texts, profile_text, translated
from cgcomply.errors import CatalogError, UsageError
from cgcomply.i18n import Text

_MODE_STYLE = {"automated": "green", "partial": "yellow", "manual": "magenta"}


def _console() -> Console:
    return Console(soft_wrap=False, highlight=False)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_requirement_list(
    theme: str | None = None, fmt: str = "table", catalog_dir: Path | None = None
) -> None:
    catalog = load_catalog(catalog_dir)
    rows = catalog.by_theme(theme)
    if fmt == "json":
        _print_json([requirement_to_dict(requirement) for requirement in rows])
        return
    text = labels("nl")
    table = Table(title=f"Eisencatalogus ({len(rows)} eisen)", show_lines=False)
    table.add_column("ID", no_wrap=True)
    for column in ("Thema", "Titel", "Vormen (standaard eerst)", "Verificatie"):
        table.add_column(column, overflow="fold")
    for requirement in rows:
        forms = [requirement.default_form] + [
            f for f in requirement.forms_allowed if f != requirement.default_form
        ]
        mode = requirement.verification_mode
        table.add_row(
            requirement.id,
            text["themes"][requirement.theme],
            escape(requirement.title_nl),
            ", ".join(forms),
            f"[{_MODE_STYLE[mode]}]{text['modes'][mode]}[/]",
        )
    console = _console()
    console.print(table)
    counts = catalog.counts()
    summary = "; ".join(
        f"{text['themes'][name]}: {count['total']} ({count['automated']} geautomatiseerd, "
        f"{count['partial']} deels, {count['manual']} handmatig)"
        for name, count in counts.items()
        if theme is None or name == theme
    )
    console.print(summary)


def print_requirement(
    requirement_id: str, fmt: str = "table", lang: str = "nl", catalog_dir: Path | None = None
) -> None:
    catalog = load_catalog(catalog_dir)
    requirement = catalog.get(requirement_id)
    if fmt == "json":
        _print_json(requirement_to_dict(requirement))
        return
    _print_requirement_table(requirement, lang)


def _print_requirement_table(requirement: Requirement, lang: str) -> None:
    text = labels(lang)
    console = _console()
    console.print(f"[bold]{requirement.id}[/] {escape(requirement.title.get(lang))}")
    table = Table(show_header=False, show_lines=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row(text["field_theme"], text["themes"][requirement.theme])
    table.add_row(text["field_rationale"], escape(requirement.rationale.get(lang)))
    for form in requirement.forms_allowed:
        texts = preview_texts(requirement, form)
        default = f", {text['default']}" if form == requirement.default_form else ""
        points = (
            f", {requirement.default_points} {text['points']}"
            if form in ("wens", "kwaliteitsvraag") and (requirement.default_points)
            else ""
        )
        table.add_row(f"{text['forms'][form]}{default}{points}", escape(texts["clause"].get(lang)))
    texts = preview_texts(requirement, requirement.default_form)
    evidence = "\n".join(
        f"- {texts[f'evidence.{index}'].get(lang)} ({text['when'][entry.when]})"
        for index, entry in enumerate(requirement.evidence)
    )
    table.add_row(text["field_evidence"], escape(evidence))
    table.add_row(text["field_verification"], escape(_verification_text(requirement, lang, texts)))
    table.add_row(text["field_standards"], escape(_anchors_text(requirement, lang, texts)))
    console.print(table)
    console.print(f"{text['source']}: {requirement.source}")


def _verification_text(requirement: Requirement, lang: str, texts: dict) -> str:
    text = labels(lang)
    verification = requirement.verification
    lines = [text["modes"][verification.mode]]
    if verification.checks:
        lines.append(f"{text['checks']}: {', '.join(verification.checks)}")
    if verification.adr_rules:
        lines.append(f"{text['adr_rules']}: {', '.join(verification.adr_rules)}")
    if "manual" in texts:
        lines.append(f"{text['manual_review']}: {texts['manual'].get(lang)}")
    return "\n".join(lines)


def _anchors_text(requirement: Requirement, lang: str, texts: dict) -> str:
    anchors = requirement.anchors
    lines = [
        f"{ref.name.get(lang)}: {texts[f'standard.{index}'].get(lang)} ({ref.list})"
        for index, ref in enumerate(anchors.forum_standaardisatie)
    ]
    lines += [f"GIBIT 2023 {article}" for article in anchors.gibit]
    lines += [f"Common Ground: {principle.get(lang)}" for principle in anchors.common_ground]
    lines += [texts[f"other.{index}"].get(lang) for index in range(len(anchors.other))]
    if anchors.adr_rules:
        lines.append("ADR: " + ", ".join(anchors.adr_rules))
    return "\n".join(lines) or "-"


def print_warnings(warnings: list[CatalogError], lang: str = "nl") -> None:
    """Each warning on stderr as ``warning: file:line: field: message``."""
    for warning in warnings:
        sys.stderr.write(f"warning: {translated(warning, lang)}\n")


def load_profile_for_command(
    profile_path: Path | str,
    catalog_dir: Path | str | None = None,
    strict: bool = False,
    lang: str = "nl",
    warn: bool = True,
) -> Profile:
    """Load a profile for a command: every error at once (exit 2), warnings on stderr (``warn``: they are
    the officer's; ``verify`` runs a published profile and leaves them out)."""
    catalog = load_catalog(catalog_dir) if catalog_dir is not None else None
    check = check_profile(profile_path, catalog=catalog, strict=strict)
    if check.errors or check.profile is None:
        raise ProfileErrors(check.errors, lang)
    if warn:
        print_warnings(check.warnings, lang)
    return check.profile


def validate_profile_command(
    profile_path: Path, catalog_dir: Path | None = None, strict: bool = False, lang: str = "nl"
) -> None:
    """Print ``ok`` with the profile's hash; problems raise :class:`ProfileErrors` (exit 2)."""
    profile = load_profile_for_command(profile_path, catalog_dir, strict, lang)
    forms: dict[str, int] = {}
    for item in profile.items:
        forms[item.form] = forms.get(item.form, 0) + 1
    summary = ", ".join(f"{count} {form}" for form, count in forms.items())
    sys.stdout.write(
        f"ok: {profile.source}: profile {profile.id} {profile.version}, ADR {profile.adr_version}, "
        f"{len(profile.items)} requirements ({summary})\n{profile.hash_label}\n"
    )


def print_profile(profile_path: Path, fmt: str = "table", catalog_dir: Path | None = None) -> None:
    profile = load_profile_for_command(profile_path, catalog_dir)
    if fmt == "json":
        _print_json(profile_to_dict(profile, load_catalog(catalog_dir)))
        return
    _print_profile_table(profile)


def _print_profile_table(profile: Profile) -> None:
    text = labels("nl")
    console = _console()
    console.print(f"[bold]{escape(profile.title)}[/] ({profile.id} {profile.version})")
    console.print(
        f"{text['municipality']}: {escape(profile.municipality or '-')}; "
        f"{text['tender']}: {escape(profile.tender_name)}"
    )
    console.print(f"ADR {profile.adr_version}; {text['base_url']}: {profile.base_url or '-'}")
    console.print(f"{text['profile_hash']}: {profile.hash_label}", soft_wrap=True)
    table = Table()
    for column in ("#", "ID"):
        table.add_column(column, no_wrap=True)
    for column in ("Thema", "Titel", "Vorm", "Punten", "Verificatie"):
        table.add_column(column, overflow="fold")
    for number, item in enumerate(profile.items, start=1):
        mode = item.requirement.verification_mode
        table.add_row(
            str(number),
            item.id,
            text["themes"][item.requirement.theme],
            escape(item.requirement.title_nl),
            item.form,
            str(item.points) if item.points is not None else "",
            f"[{_MODE_STYLE[mode]}]{text['modes'][mode]}[/]",
        )
    console.print(table)
    if profile.scored_items:
        console.print(f"{text['total_points']}: {profile.total_points}")


def export_profile_command(name: str, output: str) -> None:
    """Write a packaged profile as it ships; ``-`` is stdout."""
    content = profile_text(name)
    if output == "-":
        sys.stdout.write(content)
        return
    target = Path(output)
    try:
        target.write_text(content, encoding="utf-8")
    except OSError as error:
        raise UsageError(
            Text(
                f"kan het profiel niet schrijven: {error.strerror}",
                f"cannot write the profile: {error.strerror}",
            ),
            source=str(target),
        ) from None
    sys.stderr.write(f"{target}\n")
