"""``cgcomply conform``: does a document or an API implement a VNG API standard version?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cgcomply.commands.options import ref_options


@click.command()
@click.argument("document", required=False)
@click.option(
    "--standard", "standard_id", required=True, metavar="ID", help="Standard version, e.g. zgw-zaken@1.5.1."
)
@click.option(
    "--url", "base_url", default=None, help="Base URL of the live API: read-only live conformance (GET/HEAD)."
)
@click.option(
    "--variant",
    default=None,
    help="Compare with this variant of the standard's document (default: canonical).",
)
@click.option(
    "--standards-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Read standard documents from this folder (offline) instead of the cache.",
)
@click.option("--offline", is_flag=True, help="Never download standard documents; use the cache only.")
@click.option(
    "--header-env",
    "header_env",
    multiple=True,
    metavar="NAME=ENVVAR",
    help="Send header NAME with the value of environment variable ENVVAR (to the --url origin only).",
)
@click.option(
    "--cacert",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="CA bundle (test environments).",
)
@click.option(
    "--max-requests", type=int, default=200, show_default=True, help="Request budget of the live run."
)
@click.option(
    "--max-time", type=float, default=60.0, show_default=True, help="Time budget (s) of the live run."
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", default=None, help="Write the report here instead of stdout.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@ref_options
def conform(
    document: str | None,
    standard_id: str,
    base_url: str | None,
    variant: str | None,
    standards_dir: Path | None,
    offline: bool,
    header_env: tuple[str, ...],
    cacert: str | None,
    max_requests: int,
    max_time: float,
    fmt: str,
    output: str | None,
    lang: str,
    allow_ref_hosts: tuple[str, ...],
    ref_maps: tuple[str, ...],
) -> None:
    """Does DOCUMENT (file or URL) and/or the API at --url implement the standard version?"""
    from cgcomply.errors import UsageError
    from cgcomply.oas import LoadOptions
    from cgcomply.standards.conform import conform_target
    from cgcomply.standards.render import render_json, render_text, render_verdict_json, render_verdict_text

    if document is None and base_url is None:
        from cgcomply.i18n import Text

        raise UsageError(
            Text(
                "conform heeft een DOCUMENT (bestand of URL) of --url BASE_URL nodig",
                "conform needs a DOCUMENT (file or URL) or --url BASE_URL",
            )
        )
    load = LoadOptions.from_cli(allow_ref_hosts=allow_ref_hosts, ref_maps=ref_maps)
    result = conform_target(
        standard_id,
        document=document,
        base_url=base_url,
        variant=variant,
        standards_dir=standards_dir,
        offline=offline,
        load_options=load,
        headers=_headers_from_env(header_env) if header_env else None,
        max_requests=max_requests,
        max_seconds=max_time,
        cacert=cacert,
    )
    if base_url is None and result.static is not None:
        text = render_json(result.static, lang) if fmt == "json" else render_text(result.static, lang)
    else:
        text = render_verdict_json(result, lang) if fmt == "json" else render_verdict_text(result, lang)
    if output and output != "-":
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    sys.exit(result.exit_code())


def _headers_from_env(header_env: tuple[str, ...]) -> dict[str, str]:
    from cgcomply.probes.cli_options import headers_from_env  # loads httpx: only when headers are given

    return headers_from_env(header_env)
