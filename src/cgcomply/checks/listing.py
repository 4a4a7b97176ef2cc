"""``cgcomply checks`` and ``docs/checks.md``: the check catalogue, produced from the check records only.

Static records come from ``checks/registry.py``; live ones from ``cgcomply.probes.registry`` (imported
lazily; when the probes package is not installed the list holds the static checks only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cgcomply.i18n import LANGS, Text, render
from cgcomply.results import ADR_VERSIONS, CheckInfo

DOC_TITLE = "# cgcomply checks"
_VERSION_ORDER = {version: i for i, version in enumerate(ADR_VERSIONS)}


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """One line of the catalogue: the record, plus (static checks) per-version changes and Spectral codes."""

    info: CheckInfo
    variants: dict[str, dict[str, Any]]
    spectral: dict[str, tuple[str, ...]]


def check_records(adr_version: str | None = None) -> list[CheckRecord]:
    """Static checks then live checks; for one ADR version, each record as it holds in that version."""
    from cgcomply.checks.registry import all_static_checks

    records = [
        CheckRecord(check.info_for(adr_version), {} if adr_version else check.variants, check.spectral)
        for check in all_static_checks(adr_version)
    ]
    for info in _live_infos():
        if adr_version is None or adr_version in info.adr_versions:
            records.append(CheckRecord(info, {}, {}))
    return records


def _live_infos() -> list[CheckInfo]:
    try:
        from cgcomply.probes.registry import all_live_checks
    except ImportError:
        return []
    return list(all_live_checks())


def print_checks(adr_version: str | None = None, fmt: str = "table") -> None:
    """Print the catalogue as a table, JSON or Markdown (the Markdown is ``docs/checks.md``)."""
    import click

    records = check_records(adr_version)
    if fmt == "json":
        click.echo(json.dumps([_as_json(record) for record in records], indent=2, ensure_ascii=False))
    elif fmt == "md":
        click.echo(render_markdown(adr_version), nl=False)
    else:
        _print_table(records, adr_version)


def _as_json(record: CheckRecord) -> dict[str, Any]:
    info = record.info
    data: dict[str, Any] = {
        **info.metadata(),
        **{name: {lang: render(text, lang) for lang in LANGS} for name, text in info.texts().items()},
        "link": info.adr_link,
    }
    if record.variants:
        data["per_version"] = {
            version: {
                key: value.as_dict() if isinstance(value, Text) else value for key, value in changes.items()
            }
            for version, changes in record.variants.items()
        }
    if record.spectral:
        data["official_spectral_rules"] = {k: list(v) for k, v in record.spectral.items()}
    return data


def _print_table(records: list[CheckRecord], adr_version: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    title = f"Checks for ADR {adr_version}" if adr_version else "Checks (all ADR versions)"
    table = Table(title=title, show_lines=False)
    for column in ("id", "ADR rule", "kind", "level", "ADR versions", "title"):
        table.add_column(column, overflow="fold")
    for record in records:
        info = record.info
        level = info.level.value.upper() if info.technical else f"{info.level.value.upper()} (manual)"
        table.add_row(
            info.id, info.adr_rule, info.kind.value, level, ", ".join(info.adr_versions), info.title.en
        )
    Console(width=160).print(table)


def render_markdown(adr_version: str | None = None) -> str:
    """The Markdown catalogue; ``docs/checks.md`` is this text for all versions."""
    records = check_records(adr_version)
    lines = [
        DOC_TITLE,
        "",
        "Generated from the check records by `cgcomply checks --format md > docs/checks.md`; do not edit by hand.",
        "",
        "Static checks (`adr.*`) read the OpenAPI document (`cgcomply lint`); live checks (`probe.*`) ask the",
        "running API (`cgcomply probe`). A *technical* check fails or passes; a *functional* rule is always",
        "reported as `manual` (handmatig): a person judges it, and heuristics only add hints. MUST rules make",
        "the exit code 1 when they fail; SHOULD rules are reported but do not change the exit code.",
        "",
        "| id | ADR rule | kind | level | ADR versions |",
        "|---|---|---|---|---|",
    ]
    for record in records:
        info = record.info
        level = info.level.value.upper() + ("" if info.technical else ", functional (manual)")
        lines.append(
            f"| [`{info.id}`](#{_anchor(info.id)}) | `{info.adr_rule}` | {info.kind.value} | {level} | "
            f"{', '.join(info.adr_versions)} |"
        )
    for record in records:
        lines.extend(["", *_section(record)])
    return "\n".join(lines) + "\n"


def _anchor(check_id: str) -> str:
    return check_id.replace(".", "")


def _section(record: CheckRecord) -> list[str]:
    info = record.info
    kind = "technical" if info.technical else "functional: reported as manual, heuristics give hints"
    lines = [
        f"## {info.id}",
        "",
        f"**{render(info.title, 'en')}** / *{render(info.title, 'nl')}*",
        "",
        f"- ADR rule: [`{info.adr_rule}`]({info.adr_link}) ({info.level.value.upper()}, {kind})",
        f"- Kind: {info.kind.value}; ADR versions: {', '.join(info.adr_versions)}",
    ]
    for version in sorted(record.variants, key=lambda v: _VERSION_ORDER.get(v, 99)):
        changes = record.variants[version]
        described = []
        if "technical" in changes:
            described.append("functional (manual)" if not changes["technical"] else "technical")
        if "adr_rule" in changes:
            described.append(f"ADR rule `{changes['adr_rule']}`")
        if "level" in changes:
            described.append(f"level {changes['level'].value.upper()}")
        if described:
            lines.append(f"- In ADR {version}: {', '.join(described)}")
    if record.spectral:
        parts = [
            f"{version}: {', '.join(f'`{code}`' for code in codes)}"
            for version, codes in sorted(record.spectral.items())
        ]
        lines.append(f"- Official Spectral rules: {'; '.join(parts)}")
    lines.extend(
        [
            "",
            f"*What it checks.* {render(info.what, 'en')}",
            "",
            f"*Why.* {render(info.why, 'en')}",
            "",
            f"*How to fix.* {render(info.fix, 'en')}",
            "",
            f"*Wat er getest wordt.* {render(info.what, 'nl')}",
            "",
            f"*Waarom.* {render(info.why, 'nl')}",
            "",
            f"*Oplossing.* {render(info.fix, 'nl')}",
            "",
            f"*Uitleg.* {render(info.explanation, 'nl')}",
        ]
    )
    return lines
