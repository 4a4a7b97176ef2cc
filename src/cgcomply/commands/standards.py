"""``cgcomply standards``: the registry of VNG API standards."""

from __future__ import annotations

import click


@click.group()
def standards() -> None:
    """The registry of VNG API standards (ZGW, Haal Centraal, Common Ground) and their documents."""


@standards.command("list")
@click.option("--family", default=None, help="Only this family (zgw, haal-centraal, common-ground, ...).")
@click.option("--status", default=None, help="Only this status (vastgesteld, concept, vervallen, ...).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def standards_list(family: str | None, status: str | None, fmt: str, lang: str) -> None:
    """List the standard versions with status, variants and rule on extensions."""
    from cgcomply.standards.views import print_standards

    print_standards(family=family, status=status, fmt=fmt, lang=lang)


@standards.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table", show_default=True
)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def standards_rules(fmt: str, lang: str) -> None:
    """List the conformance rules (stable codes, family, severity) and the live checks."""
    from cgcomply.standards.views import print_rules

    print_rules(fmt=fmt, lang=lang)


@standards.command("clause")
@click.argument("standard_ids", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "yaml"]), default="text", show_default=True)
def standards_clause(standard_ids: tuple[str, ...], fmt: str) -> None:
    """The text that names these standard versions exactly (for the `standards` parameter of CG-STD-10..13)."""
    from cgcomply.standards.clauses import standards_text

    text = standards_text(list(standard_ids))
    if fmt == "yaml":
        import yaml

        click.echo(yaml.safe_dump({"standards": text.as_dict()}, allow_unicode=True, width=100), nl=False)
        return
    click.echo(f"nl: {text.nl}\nen: {text.en}")


@standards.command("show")
@click.argument("standard_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def standards_show(standard_id: str, fmt: str, lang: str) -> None:
    """Show one standard version (e.g. zgw-zaken@1.5.1): documents, sha256, variants, $ref needs."""
    from cgcomply.standards.views import print_standard

    print_standard(standard_id, fmt=fmt, lang=lang)
