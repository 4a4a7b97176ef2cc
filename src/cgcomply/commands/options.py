"""Options and small helpers that several commands share (``lint``, ``probe``, ``verify``, ``conform``, ...).

Each ``*_option(s)`` function is a click decorator; each helper without that suffix turns parsed options
into the library's objects. Heavy imports happen inside the helpers, so that a command module stays cheap
to import (``tests/test_startup.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cgcomply.cli import _lang_option as lang_option
from cgcomply.cli import debug_requested

F = TypeVar("F", bound=Callable[..., Any])

REPORT_FORMATS = ["text", "json", "sarif", "junit", "md", "html"]

__all__ = [
    "REPORT_FORMATS",
    "acceptance_options",
    "acceptances",
    "adr_option",
    "also_option",
    "catalog_option",
    "debugging",
    "document_credential_options",
    "document_credentials",
    "lang_option",
    "probe_options",
    "ref_options",
    "resolve_adr",
    "sarif_options",
    "sarif_settings",
    "strict_option",
    "write_reports",
]


def adr_option(default: str | None = "2.2.0") -> Callable[[F], F]:
    return click.option(
        "--adr",
        "adr_version",
        default=default,
        show_default=bool(default),
        metavar="VERSION",
        help="ADR version: 2.0.2, 2.1.0 or 2.2.0 (2.2 and 2.2.0 mean the same).",
    )


def debugging(options: Any) -> Any:
    """``ProbeOptions`` with ``debug`` on when ``CGCOMPLY_DEBUG`` is set: the CLI is the one place that
    reads the environment."""
    from dataclasses import replace

    return replace(options, debug=True) if debug_requested() else options


def resolve_adr(value: str) -> str:
    from cgcomply.results import normalise_adr_version

    try:
        return normalise_adr_version(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--adr") from None


def ref_options(func: F) -> F:
    options = [
        click.option(
            "--allow-ref-host",
            "allow_ref_hosts",
            multiple=True,
            metavar="HOST",
            help="Host from which remote $refs may be fetched (repeatable).",
        ),
        click.option(
            "--ref-map",
            "ref_maps",
            multiple=True,
            metavar="PREFIX=DIR",
            help="Read URLs that start with PREFIX from DIR instead of the network (repeatable).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def catalog_option(func: F) -> F:
    return click.option(
        "--catalog",
        "catalog_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Use the requirement catalogue in this folder instead of the packaged one.",
    )(func)


def strict_option(func: F) -> F:
    return click.option(
        "--strict", is_flag=True, help="Treat warnings (placeholders left in the profile) as errors."
    )(func)


def acceptance_options(func: F) -> F:
    """``--baseline``, ``--ignore`` and ``--no-inline-ignores`` (lint, probe, verify): accepted findings."""
    func = click.option(
        "--no-inline-ignores",
        "no_inline_ignores",
        is_flag=True,
        help=(
            "Negeer x-cgcomply-ignore in het document (het oordeel zonder de acceptaties van de "
            "leverancier) / ignore x-cgcomply-ignore in the document (the verdict without the supplier's "
            "own acceptances)."
        ),
    )(func)
    func = click.option(
        "--ignore",
        "ignore_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=(
            "Negeerbestand (YAML: id of check/pointer met reden en tot); standaard .cgcomply-ignore.yaml "
            "als die er is / ignore file (YAML: id or check/pointer with reden and tot); default "
            ".cgcomply-ignore.yaml when present."
        ),
    )(func)
    return click.option(
        "--baseline",
        "baseline_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=(
            "Baseline (cgcomply baseline create): alleen nieuwe bevindingen falen / "
            "baseline (cgcomply baseline create): only new findings fail."
        ),
    )(func)


def acceptances(kwargs: dict[str, Any]) -> Any:
    """The run's :class:`cgcomply.ignores.Acceptances` from the options (and the default ignore file)."""
    from cgcomply.errors import UsageError
    from cgcomply.ignores import DEFAULT_IGNORE_FILE, load_acceptances

    baseline, ignore = kwargs.pop("baseline_file"), kwargs.pop("ignore_file")
    inline = not kwargs.pop("no_inline_ignores")
    for option, path in (("--baseline", baseline), ("--ignore", ignore)):
        if path is not None and not path.is_file():
            from cgcomply.i18n import Text

            raise UsageError(
                Text(f"bestand niet gevonden: {path}", f"file not found: {path}"),
                source=str(path),
                field=option,
            )
    if ignore is None and Path(DEFAULT_IGNORE_FILE).is_file():
        ignore = Path(DEFAULT_IGNORE_FILE)
        click.echo(f"negeerbestand / ignore file: {ignore}", err=True)
    return load_acceptances(baseline=baseline, ignore=ignore, inline=inline)


def also_option(func: F) -> F:
    """``--also FORMAT:FILE`` (repeatable): more formats of the same run, e.g. SARIF for code scanning plus
    the HTML report as a CI artifact, without running the checks twice."""

    def parse(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
        outputs = []
        for value in values:
            fmt, sep, path = value.partition(":")
            if not sep or fmt not in REPORT_FORMATS or not path:
                raise click.BadParameter(
                    f"verwacht FORMAAT:BESTAND met FORMAAT een van {', '.join(REPORT_FORMATS)}, niet {value!r} / "
                    f"expected FORMAT:FILE with FORMAT one of {', '.join(REPORT_FORMATS)}, not {value!r}",
                    param_hint="--also",
                )
            outputs.append((fmt, path))
        return outputs

    return click.option(
        "--also",
        "also",
        multiple=True,
        metavar="FORMAT:FILE",
        callback=parse,
        help=(
            "Schrijf hetzelfde rapport ook in dit formaat naar dit bestand (herhaalbaar), bv. html:rapport.html / "
            "also write the same report in this format to this file (repeatable), e.g. html:report.html."
        ),
    )(func)


def write_reports(
    report: Any, fmt: str, output: str | None, also: list[tuple[str, str]], lang: str, sarif: Any
) -> None:
    """The report in ``--format`` to ``-o`` (or stdout), and in every ``--also`` format to its file."""
    from cgcomply.report import write_report

    write_report(report, fmt=fmt, output=output, lang=lang, sarif=sarif)
    for extra_fmt, path in also:
        write_report(report, fmt=extra_fmt, output=path, lang=lang, sarif=sarif, quiet=True)
        click.echo(f"{extra_fmt} report written to {path}", err=True)


def sarif_options(func: F) -> F:
    """``--evidence`` and ``--document-path`` for SARIF reports (lint, probe, verify)."""
    func = click.option(
        "--document-path",
        default=None,
        metavar="PATH",
        help=(
            "SARIF: pad van het OpenAPI-document in de repository, waar bevindingen naar wijzen / "
            "SARIF: repository-relative path of the OpenAPI document that findings point at."
        ),
    )(func)
    return click.option(
        "--evidence",
        type=click.Choice(["none", "trimmed", "full"]),
        default="trimmed",
        show_default=True,
        help=(
            "SARIF: bewijs zonder antwoordbody (trimmed), geen (none) of volledig (full) / "
            "SARIF: evidence without response bodies (trimmed), none, or full."
        ),
    )(func)


def sarif_settings(kwargs: dict[str, Any]) -> Any:
    from cgcomply.report import SarifOptions

    return SarifOptions(evidence=kwargs.pop("evidence"), document_path=kwargs.pop("document_path"))


def document_credential_options(func: F) -> F:
    """``--cacert``, ``--header-env``, ``--header-file`` and ``--header-env-for`` for ``lint`` of a
    protected document URL, parsed exactly as ``probe`` parses them."""
    options = [
        click.option(
            "--header-env",
            "header_env",
            multiple=True,
            metavar="NAME=ENVVAR",
            help="Send header NAME with the value of environment variable ENVVAR (document origin only).",
        ),
        click.option(
            "--header-env-for",
            "header_env_for",
            multiple=True,
            nargs=2,
            metavar="ORIGIN NAME=ENVVAR",
            help="Send header NAME (value from ENVVAR) to ORIGIN (scheme://host[:port]) only, e.g. the "
            "host of remote $refs.",
        ),
        click.option(
            "--header-file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="File with 'Name: value' header lines (credentials); sent to the document origin only.",
        ),
        click.option(
            "--cacert",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="CA bundle for a private CA (test environments).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def document_credentials(load: Any, documents: tuple[str, ...], kwargs: dict[str, Any]) -> Any:
    """``LoadOptions`` with the credentials of ``--header-env``/``--header-file`` bound to the origin of
    the document URL(s), those of ``--header-env-for`` to their own origins, and ``--cacert``."""
    given = {name: kwargs.pop(name) for name in ("header_env", "header_file", "cacert", "header_env_for")}
    if not any(given.values()):
        return load  # nothing to import: a plain lint stays light (tests/test_startup.py)
    from dataclasses import replace

    from cgcomply.errors import UsageError
    from cgcomply.http import Origin, Session
    from cgcomply.oas.fetch import is_url
    from cgcomply.probes.cli_options import build_probe_options

    options = build_probe_options(**given)
    if not (options.extra_headers or options.origin_headers or options.cacert):
        return load
    origins = {str(Origin.of(document)) for document in documents if is_url(document)}
    if options.extra_headers and len(origins) > 1:
        from cgcomply.i18n import Text

        raise UsageError(
            Text(
                "--header-env/--header-file gaan naar één origin, maar de documenten staan op "
                f"{', '.join(sorted(origins))}; gebruik --header-env-for ORIGIN NAME=ENVVAR",
                "--header-env/--header-file go to one origin, but the documents are on "
                f"{', '.join(sorted(origins))}; use --header-env-for ORIGIN NAME=ENVVAR",
            ),
            field="--header-env",
        )
    session = Session()
    session.redactor.add_all(options.extra_headers.values())
    for origin, headers in options.origin_headers.items():
        session.bind_credentials(Origin.parse(origin), headers)
    return replace(
        load,
        headers=dict(options.extra_headers),
        verify=str(options.cacert) if options.cacert else load.verify,
        session=session,
    )


def probe_options(func: F) -> F:
    """The options of a live run (``probe``, ``verify``): credentials, safety, rate, budgets, output."""
    options = [
        click.option(
            "--header-env",
            "header_env",
            multiple=True,
            metavar="NAME=ENVVAR",
            help="Send header NAME with the value of environment variable ENVVAR (target origin only).",
        ),
        click.option(
            "--header-env-for",
            "header_env_for",
            multiple=True,
            nargs=2,
            metavar="ORIGIN NAME=ENVVAR",
            help="Send header NAME (value from ENVVAR) to ORIGIN (scheme://host[:port]) only, e.g. a "
            "document host of another origin than the target.",
        ),
        click.option(
            "--trust-env",
            is_flag=True,
            help="Use proxies and the CA bundle from the environment (off: only what you name is used).",
        ),
        click.option(
            "--header-file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="File with 'Name: value' header lines (credentials); sent to the target origin only.",
        ),
        click.option(
            "--cacert",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="CA bundle for a private CA (test environments).",
        ),
        click.option(
            "--allow-unsafe-methods",
            is_flag=True,
            help="Allow POST/PUT/PATCH/DELETE. Off by default: only GET, HEAD and OPTIONS are sent.",
        ),
        click.option(
            "--timeout", type=float, default=10.0, show_default=True, help="Read timeout in seconds."
        ),
        click.option(
            "--rate", type=float, default=10.0, show_default=True, help="Requests per second per host."
        ),
        click.option(
            "--concurrency", type=int, default=4, show_default=True, help="Parallel requests per host."
        ),
        click.option("--conformance", is_flag=True, help="Also run schemathesis conformance tests (opt-in)."),
        click.option(
            "--max-requests",
            type=int,
            default=200,
            show_default=True,
            help="Request budget for --conformance.",
        ),
        click.option(
            "--max-time",
            type=float,
            default=60.0,
            show_default=True,
            help="Time budget in seconds for --conformance.",
        ),
        click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True),
        click.option("-o", "--output", default=None, help="Write the report here instead of stdout."),
        lang_option(),
    ]
    for option in reversed(options):
        func = option(func)
    return func
