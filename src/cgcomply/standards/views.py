"""``cgcomply standards list|show``: the registry as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cgcomply.i18n import Text
from cgcomply.standards.registry import load_registry

STATUS_TEXT = {
    "vastgesteld": Text("vastgesteld", "fixed (vastgesteld)"),
    "uitgebracht": Text("uitgebracht (niet vastgesteld)", "released (not fixed)"),
    "beproeving": Text("in beproeving", "in trial"),
    "concept": Text("concept", "draft"),
    "vervangen": Text("vervangen", "superseded"),
    "vervallen": Text("vervallen", "withdrawn"),
    "deprecated": Text("niet meer in gebruik", "deprecated"),
}
HEAD = Text("{n} standaardversies", "{n} standard versions")
COLUMNS = {
    "nl": ("id", "status", "titel", "varianten", "uitbreidingen"),
    "en": ("id", "status", "title", "variants", "extensions"),
}
EXTENSIONS = {
    "not-allowed": Text("niet toegestaan", "not allowed"),
    "not-stated": Text("niet geregeld", "not stated"),
}


def print_standards(family: str | None, status: str | None, fmt: str, lang: str) -> None:
    registry = load_registry()
    rows = [
        version
        for version in registry.versions
        if (family is None or version.family == family) and (status is None or version.status == status)
    ]
    if fmt == "json":
        click.echo(json.dumps([version.to_dict() for version in rows], indent=2, ensure_ascii=False))
        return
    table = [COLUMNS[lang]]
    for version in rows:
        table.append(
            (
                version.id,
                STATUS_TEXT[version.status].render(lang),
                version.title,
                ", ".join(
                    doc.variant + ("*" if doc.canonical and len(version.documents) > 1 else "")
                    for doc in version.documents
                ),
                EXTENSIONS[version.conformance.extensions].render(lang),
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    click.echo(HEAD.render(lang, n=len(rows)) + ("  (* = canoniek)" if lang == "nl" else "  (* = canonical)"))


def print_standard(ident: str, fmt: str, lang: str, standards_dir: Path | None = None) -> None:
    registry = load_registry()
    version = registry.get(ident)
    if fmt == "json":
        click.echo(json.dumps(version.to_dict(), indent=2, ensure_ascii=False))
        return
    nl = lang == "nl"
    click.echo(f"{version.id}  {version.title}")
    click.echo(f"  status: {STATUS_TEXT[version.status].render(lang)} ({version.status_source})")
    click.echo(f"  {'familie' if nl else 'family'}: {version.family}")
    rule = version.conformance
    click.echo(f"  {'uitbreidingen' if nl else 'extensions'}: {EXTENSIONS[rule.extensions].render(lang)}")
    click.echo(f"    {rule.nl if nl else rule.en}")
    if rule.source:
        click.echo(f"    {'bron' if nl else 'source'}: {rule.source}")
    for doc in version.documents:
        label = ("canoniek" if nl else "canonical") if doc.canonical else "variant"
        click.echo(f"  document ({label}) {doc.variant}:")
        click.echo(f"    url:    {doc.url}")
        if doc.tag_url:
            click.echo(f"    tag:    {doc.tag_url}")
        click.echo(
            f"    sha256: {doc.sha256}  ({doc.size} bytes, {doc.ref}, info.version {doc.info_version})"
        )
        if doc.qualifier:
            click.echo(f"    {'let op' if nl else 'note'}: {doc.qualifier}")
        if doc.notes:
            click.echo(f"    {'notities' if nl else 'notes'}: {doc.notes}")
        for need in doc.refs:
            pinned = need.pinned_url or ("NIET VASTGEPIND" if nl else "NOT PINNED")
            click.echo(f"    $ref {need.ref}")
            if need.pinned_url != need.url:
                click.echo(f"      -> {pinned}")
            if need.sha256:
                click.echo(f"      sha256 {need.sha256}")


SEVERITY_TEXT = {
    "error": Text("fout", "error"),
    "warning": Text("waarschuwing", "warning"),
    "info": Text("info", "info"),
    "addition": Text(
        "toevoeging (waarschuwing of info, naar de regel van de standaard)",
        "addition (warning or info, by the standard's rule)",
    ),
}


def print_rules(fmt: str, lang: str) -> None:
    """Every comparison rule and live check, derived from their records."""
    from cgcomply.standards.live import LIVE_CHECKS
    from cgcomply.standards.rules import all_rules

    rules = all_rules()
    if fmt == "md":
        click.echo(rules_markdown(), nl=False)
        return
    if fmt == "json":
        data = {
            "static": [
                {"code": r.code, "family": r.family, "severity": r.severity, "title": r.title.render(lang)}
                for r in rules.values()
            ],
            "live": [check.describe(lang) for check in LIVE_CHECKS],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for rule in rules.values():
        click.echo(
            f"{rule.code:42} {rule.family:11} {SEVERITY_TEXT[rule.severity].render(lang):14} {rule.title.render(lang)}"
        )
    for check in LIVE_CHECKS:
        click.echo(f"{check.id:42} {'live':11} {check.level:14} {check.title.get(lang)}")


def rules_markdown() -> str:
    """``docs/standards.md``: every comparison rule and live check, both languages, from their units."""
    from cgcomply.standards.live import LIVE_CHECKS
    from cgcomply.standards.rules import all_rules

    lines = [
        "# Conformance to the VNG API standards: rules and live checks",
        "",
        "Generated from the units (`cgcomply standards rules --format md`); do not edit by hand.",
        "",
        "## Static comparison (`cgcomply conform DOC --standard ID`)",
        "",
        "| code | family | severity | title | titel |",
        "|---|---|---|---|---|",
    ]
    for rule in all_rules().values():
        lines.append(
            f"| `{rule.code}` | {rule.family} | {rule.severity} | {rule.title.en} | {rule.title.nl} |"
        )
    lines += ["", "## Live checks, read-only (`cgcomply conform --url BASE_URL --standard ID`)", ""]
    for check in LIVE_CHECKS:
        lines += [
            f"### {check.id} ({check.level})",
            "",
            f"**{check.title.en}** / *{check.title.nl}*",
            "",
            f"*What it does.* {check.what.en}",
            "",
            f"*Why.* {check.why.en}",
            "",
            f"*Fix.* {check.fix.en}",
            "",
            f"*Wat.* {check.what.nl}",
            "",
            f"*Waarom.* {check.why.nl}",
            "",
            f"*Oplossing.* {check.fix.nl}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
