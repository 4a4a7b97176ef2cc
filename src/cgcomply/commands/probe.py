"""``cgcomply probe`` and ``cgcomply verify``: live verification of an API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cgcomply.commands.options import (
    acceptance_options,
    acceptances,
    adr_option,
    also_option,
    catalog_option,
    debugging,
    probe_options,
    ref_options,
    resolve_adr,
    sarif_options,
    sarif_settings,
    write_reports,
)


@click.command()
@click.argument("base_url")
@adr_option()
@probe_options
@ref_options
@sarif_options
@acceptance_options
@also_option
def probe(
    base_url: str,
    adr_version: str,
    allow_ref_hosts: tuple[str, ...],
    ref_maps: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Probe a live API at BASE_URL (and lint the document it publishes)."""
    from cgcomply.api import probe as run_probe
    from cgcomply.oas import LoadOptions
    from cgcomply.probes.cli_options import build_probe_options

    fmt, output, lang = kwargs.pop("fmt"), kwargs.pop("output"), kwargs.pop("lang")
    sarif = sarif_settings(kwargs)
    accept = acceptances(kwargs)
    also = kwargs.pop("also")
    load = LoadOptions.from_cli(allow_ref_hosts=allow_ref_hosts, ref_maps=ref_maps)
    options = debugging(build_probe_options(**kwargs))
    report = run_probe(base_url, resolve_adr(adr_version), options=options, load=load, accept=accept)
    write_reports(report, fmt, output, also, lang, sarif)
    sys.exit(report.exit_code())


@click.command()
@click.option("--profile", "profile_path", required=True, type=click.Path(path_type=Path))
@click.option("--url", "base_url", default=None, help="Base URL of the live API.")
@click.option(
    "--oas", "document", default=None, help="OpenAPI document (file or URL); default <url>/openapi.json."
)
@click.option(
    "--standard-url",
    "standard_urls",
    multiple=True,
    metavar="ID=BASE_URL",
    help="The API root of VNG API standard ID (e.g. zgw-zaken@1.5.1=https://host/zaken/api/v1), instead of finding it from --url (repeatable).",
)
@click.option(
    "--standards-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Read standard documents from this folder (offline) instead of the cache.",
)
@catalog_option
@probe_options
@ref_options
@sarif_options
@acceptance_options
@also_option
def verify(
    profile_path: Path,
    catalog_dir: Path | None,
    base_url: str | None,
    document: str | None,
    allow_ref_hosts: tuple[str, ...],
    ref_maps: tuple[str, ...],
    **kwargs: Any,
) -> None:
    """Verify a supplier's API against a profile: a verdict per requirement."""
    from cgcomply.api import verify as run_verify
    from cgcomply.catalog.views import load_profile_for_command
    from cgcomply.oas import LoadOptions
    from cgcomply.probes.cli_options import build_probe_options

    fmt, output, lang = kwargs.pop("fmt"), kwargs.pop("output"), kwargs.pop("lang")
    sarif = sarif_settings(kwargs)
    accept = acceptances(kwargs)
    also = kwargs.pop("also")
    standard_specs, standards_dir = kwargs.pop("standard_urls"), kwargs.pop("standards_dir")
    load = LoadOptions.from_cli(allow_ref_hosts=allow_ref_hosts, ref_maps=ref_maps)
    options = debugging(build_probe_options(**kwargs))
    standard_urls = None
    if standard_specs:
        from cgcomply.standards.verifying import parse_standard_urls

        standard_urls = parse_standard_urls(standard_specs)
    profile = load_profile_for_command(profile_path, catalog_dir, lang=lang)  # warnings on stderr
    report = run_verify(
        profile,
        url=base_url,
        oas=document,
        options=options,
        load=load,
        standard_urls=standard_urls,
        standards_dir=standards_dir,
        accept=accept,
    )
    write_reports(report, fmt, output, also, lang, sarif)
    sys.exit(report.exit_code())
