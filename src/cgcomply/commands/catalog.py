"""``cgcomply requirements`` and ``cgcomply profile``: the requirement catalogue and profiles (eisensets)."""

from __future__ import annotations

from pathlib import Path

import click

from cgcomply.commands.options import catalog_option, lang_option, strict_option


@click.group()
def requirements() -> None:
    """Look up the requirement catalogue."""


@requirements.command("list")
@click.option("--theme", type=click.Choice(["data", "api", "standards"]), help="Only this theme.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@catalog_option
def requirements_list(theme: str | None, fmt: str, catalog_dir: Path | None) -> None:
    """List the requirements of the catalogue."""
    from cgcomply.catalog.views import print_requirement_list

    print_requirement_list(theme=theme, fmt=fmt, catalog_dir=catalog_dir)


@requirements.command("show")
@click.argument("requirement_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option()
@catalog_option
def requirements_show(requirement_id: str, fmt: str, lang: str, catalog_dir: Path | None) -> None:
    """Show one requirement with its clauses, evidence and verification."""
    from cgcomply.catalog.views import print_requirement

    print_requirement(requirement_id, fmt=fmt, lang=lang, catalog_dir=catalog_dir)


@click.group()
def profile() -> None:
    """Validate, show and export profiles (eisensets)."""


@profile.command("validate")
@click.argument("profile_path", type=click.Path(path_type=Path))
@catalog_option
@strict_option
@lang_option()
def profile_validate(profile_path: Path, catalog_dir: Path | None, strict: bool, lang: str) -> None:
    """Validate a profile against the catalogue (every problem at once); print its sha256."""
    from cgcomply.catalog.views import validate_profile_command

    validate_profile_command(profile_path, catalog_dir=catalog_dir, strict=strict, lang=lang)


@profile.command("show")
@click.argument("profile_path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@catalog_option
def profile_show(profile_path: Path, fmt: str, catalog_dir: Path | None) -> None:
    """Show a profile with its resolved requirements."""
    from cgcomply.catalog.views import print_profile

    print_profile(profile_path, fmt=fmt, catalog_dir=catalog_dir)


@profile.command("export")
@click.argument("name")
@click.option("-o", "--output", required=True, help="File to write, or - for stdout.")
def profile_export(name: str, output: str) -> None:
    """Write a packaged profile (cg-basis, cg-zaakgericht) to a file, to copy or publish with a tender."""
    from cgcomply.catalog.views import export_profile_command

    export_profile_command(name, output)
