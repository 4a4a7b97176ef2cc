"""``cgcomply tender``: the tender documents of a profile."""

from __future__ import annotations

from pathlib import Path

import click

from cgcomply.commands.options import catalog_option, lang_option, strict_option


@click.command()
@click.argument("profile_path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "docx", "xlsx", "json"]),
    default="md",
    show_default=True,
)
@lang_option()
@click.option("-o", "--output", default=None, help="Output file, or - for stdout (text formats only).")
@catalog_option
@strict_option
def tender(
    profile_path: Path, fmt: str, lang: str, output: str | None, catalog_dir: Path | None, strict: bool
) -> None:
    """Render the tender documents (Programma van Eisen, eisenmatrix) of a profile."""
    from cgcomply.tender.render import write_tender

    write_tender(profile_path, fmt=fmt, lang=lang, output=output, catalog_dir=catalog_dir, strict=strict)
