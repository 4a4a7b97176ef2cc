"""``cgcomply lint`` and ``cgcomply checks``: static verification of OpenAPI documents."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from cgcomply.cli import debug_requested
from cgcomply.commands.options import (
    REPORT_FORMATS,
    acceptance_options,
    acceptances,
    adr_option,
    also_option,
    document_credential_options,
    document_credentials,
    lang_option,
    ref_options,
    resolve_adr,
    sarif_options,
    sarif_settings,
    write_reports,
)


@click.command()
@click.argument("documents", nargs=-1, required=True, metavar="DOC_OR_URL...")
@adr_option()
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
@click.option("-o", "--output", default=None, help="Write the report here instead of stdout.")
@lang_option()
@ref_options
@click.option(
    "--max-size",
    "max_size_mb",
    type=float,
    default=64.0,
    show_default=True,
    help="Refuse documents larger than this many MB.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help=(
        "Meerdere documenten: lint ze in N processen (standaard: alle kernen; 1: na elkaar) / "
        "several documents: lint them in N processes (default: all cores; 1: one after another)."
    ),
)
@click.option(
    "--document-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=600.0,
    show_default=True,
    metavar="SECONDS",
    help=(
        "Meerdere documenten met --jobs > 1: een document zonder resultaat na zoveel seconden krijgt die "
        "fout / several documents with --jobs > 1: a document without a result after this many seconds "
        "gets that error."
    ),
)
@sarif_options
@document_credential_options
@acceptance_options
@also_option
def lint(
    documents: tuple[str, ...],
    adr_version: str,
    fmt: str,
    output: str | None,
    lang: str,
    allow_ref_hosts: tuple[str, ...],
    ref_maps: tuple[str, ...],
    max_size_mb: float,
    jobs: int | None,
    document_timeout: float,
    **kwargs: Any,
) -> None:
    """Check OpenAPI documents (files, URLs, folders, globs) against the NL GOV API Design Rules.

    One document gives its report. Several documents, a folder (its .json/.yaml/.yml files) or a glob
    (quote it; ** crosses folders) are linted in one run, across all cores (--jobs): a report per document
    in the order given and a summary, and the exit code of the worst document (4, 2, 1, 3, 0).

    A protected document URL: --header-env/--header-file credentials go to the document's origin only,
    --header-env-for to another origin (a $ref host), --cacert trusts a private CA.
    """
    from cgcomply.lint_many import is_many
    from cgcomply.oas import LoadOptions

    load = LoadOptions.from_cli(allow_ref_hosts=allow_ref_hosts, ref_maps=ref_maps, max_size_mb=max_size_mb)
    load = document_credentials(load, documents, kwargs)
    sarif = sarif_settings(kwargs)
    accept = acceptances(kwargs)
    also = kwargs.pop("also")
    if not is_many(documents):
        from cgcomply.api import lint as run_lint

        report = run_lint(documents[0], resolve_adr(adr_version), load=load, accept=accept)
        write_reports(report, fmt, output, also, lang, sarif)
        sys.exit(report.exit_code())
    from cgcomply.lint_many import expand, lint_many, render_run, terminal_progress, write_run
    from cgcomply.linting import LintOptions

    if also:
        from cgcomply.errors import UsageError
        from cgcomply.i18n import Text

        raise UsageError(
            Text("--also geldt voor één document", "--also applies to a single document"), field="--also"
        )
    if fmt == "html":
        render_run(lint_many([], resolve_adr(adr_version)), fmt, lang)  # raises the usage error
    sources = expand(documents)
    run = lint_many(
        sources,
        resolve_adr(adr_version),
        LintOptions(load, acceptances=accept),
        progress=terminal_progress(lang),
        debug=debug_requested(),
        jobs=jobs or os.cpu_count() or 1,
        timeout=document_timeout,
    )
    write_run(run, fmt=fmt, output=output, lang=lang)
    sys.exit(run.exit_code())


@click.command("checks")
@adr_option(default=None)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table", show_default=True
)
def checks_command(adr_version: str | None, fmt: str) -> None:
    """List every check (static and live) with its ADR rule id, versions and level."""
    from cgcomply.checks.listing import print_checks

    print_checks(adr_version=resolve_adr(adr_version) if adr_version else None, fmt=fmt)
