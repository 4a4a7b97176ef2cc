"""The ``cgcomply`` command line. Commands parse options and call one library function each.

Every :class:`~cgcomply.errors.CgcomplyError` becomes one line on stderr and exit code 2. Heavy imports
happen inside the commands, so that ``cgcomply --help`` and a small lint start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cgcomply import __version__
from cgcomply.errors import CgcomplyError
from cgcomply.i18n import Text

REPORT_FORMATS = ["text", "json", "sarif", "junit", "md", "html"]
INTERNAL_ERROR_EXIT = 4
F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """Turns our errors into one clear message; never shows a traceback unless CGCOMPLY_DEBUG is set."""

    def invoke(self, ctx: click.Context):
        # One redactor for the command: every session the command makes registers its secrets here, so
        # that an error line never shows a credential or a URL password.
        from cgcomply.http import Redactor, redact, redacting

        ctx.meta.setdefault(_WORDS_META, [*getattr(ctx, "_protected_args", []), *ctx.args])
        with redacting(Redactor()):
            try:
                return super().invoke(ctx)
            except CgcomplyError as error:
                click.echo(redact(error.line_in(_command_lang(ctx))), err=True)
                sys.exit(error.exit_code)
            except (
                click.UsageError
            ) as error:  # click's own (unknown option, bad value), in the command's language
                from cgcomply.clicktexts import show_usage_error

                show_usage_error(error, _command_lang(ctx))
                sys.exit(error.exit_code)
            except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
                raise
            except KeyboardInterrupt:
                click.echo("interrupted", err=True)
                sys.exit(130)
            except Exception as error:  # pragma: no cover - last line of defence
                if os.environ.get("CGCOMPLY_DEBUG"):
                    raise
                click.echo(
                    redact(
                        f"internal error: {type(error).__name__}: {error}\n"
                        "This is a bug in cgcomply; run again with CGCOMPLY_DEBUG=1 for the traceback."
                    ),
                    err=True,
                )
                sys.exit(INTERNAL_ERROR_EXIT)


_LANG_META = "cgcomply.lang"
_WORDS_META = "cgcomply.words"  # the command line's words after the program name, as the group got them


def _command_lang(ctx: click.Context) -> str:
    """The language of the command's output and error lines: its ``--lang``, else ``CGCOMPLY_LANG``, else
    Dutch (also for commands without ``--lang``, and for errors before the options are read)."""
    from cgcomply.i18n import DEFAULT_LANG, LANG_ENV, LANGS

    lang = ctx.meta.get(_LANG_META) or _lang_in_args(ctx) or os.environ.get(LANG_ENV) or DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def _lang_in_args(ctx: click.Context) -> str | None:
    """``--lang X`` among the words the command got (for a usage error before the options are read)."""
    words: list[str] = ctx.meta.get(_WORDS_META, [])
    for index, word in enumerate(words):
        if word == "--lang" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("--lang="):
            return word.removeprefix("--lang=")
    return None


def _remember_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta[_LANG_META] = value  # meta is shared by the whole command chain: the group reads it
    return value


def _lang_option() -> Callable[[F], F]:
    """``--lang nl|en``: Dutch by default for every command; ``CGCOMPLY_LANG`` sets another default."""
    from cgcomply.i18n import DEFAULT_LANG, LANG_ENV, LANGS

    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=DEFAULT_LANG,
        envvar=LANG_ENV,
        show_default=True,
        show_envvar=True,
        is_eager=True,
        callback=_remember_lang,
        help="Language of the output (nl or en).",
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cgcomply")
def main() -> None:
    """Common Ground tender requirements and NL GOV API Design Rules verification.

    \b
    Exit codes: 0 decided and compliant, 1 a binding requirement or MUST check fails,
    2 bad input or usage, 3 not (yet) decided and none failed (a knock-out requirement waits for a
    manual review, or a MUST check could not run), 4 internal error.
    """


def _adr_option(default: str | None = "2.2.0"):
    return click.option(
        "--adr",
        "adr_version",
        default=default,
        show_default=bool(default),
        metavar="VERSION",
        help="ADR version: 2.0.2, 2.1.0 or 2.2.0 (2.2 and 2.2.0 mean the same).",
    )


def _debugging(options: Any) -> Any:
    """``ProbeOptions`` with ``debug`` on when ``CGCOMPLY_DEBUG`` is set: the CLI is the one place that
    reads the environment."""
    from dataclasses import replace

    return replace(options, debug=True) if os.environ.get("CGCOMPLY_DEBUG") else options


def _resolve_adr(value: str) -> str:
    from cgcomply.results import normalise_adr_version

    try:
        return normalise_adr_version(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--adr") from None


def _ref_options(func):
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


# --------------------------------------------------------------------------- requirements / profiles


@main.group()
def requirements() -> None:
    """Look up the requirement catalogue."""


def _catalog_option(func):
    return click.option(
        "--catalog",
        "catalog_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Use the requirement catalogue in this folder instead of the packaged one.",
    )(func)


def _strict_option(func):
    return click.option(
        "--strict", is_flag=True, help="Treat warnings (placeholders left in the profile) as errors."
    )(func)


@requirements.command("list")
@click.option("--theme", type=click.Choice(["data", "api", "standards"]), help="Only this theme.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_catalog_option
def requirements_list(theme: str | None, fmt: str, catalog_dir: Path | None) -> None:
    """List the requirements of the catalogue."""
    from cgcomply.catalog.views import print_requirement_list

    print_requirement_list(theme=theme, fmt=fmt, catalog_dir=catalog_dir)


@requirements.command("show")
@click.argument("requirement_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_lang_option()
@_catalog_option
def requirements_show(requirement_id: str, fmt: str, lang: str, catalog_dir: Path | None) -> None:
    """Show one requirement with its clauses, evidence and verification."""
    from cgcomply.catalog.views import print_requirement

    print_requirement(requirement_id, fmt=fmt, lang=lang, catalog_dir=catalog_dir)


@main.group()
def profile() -> None:
    """Validate, show and export profiles (eisensets)."""


@profile.command("validate")
@click.argument("profile_path", type=click.Path(path_type=Path))
@_catalog_option
@_strict_option
@_lang_option()
def profile_validate(profile_path: Path, catalog_dir: Path | None, strict: bool, lang: str) -> None:
    """Validate a profile against the catalogue (every problem at once); print its sha256."""
    from cgcomply.catalog.views import validate_profile_command

    validate_profile_command(profile_path, catalog_dir=catalog_dir, strict=strict, lang=lang)


@profile.command("show")
@click.argument("profile_path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_catalog_option
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


@main.group()
def baseline() -> None:
    """Baselines: accept today's findings, so that only new ones fail (cgcomply-baseline.json)."""


@baseline.command("create")
@click.argument("report_path", metavar="REPORT.json", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", default="cgcomply-baseline.json", show_default=True, help="File to write, or -."
)
def baseline_create(report_path: Path, output: str) -> None:
    """Record the stable id of every current finding (failure or warning) of a JSON report."""
    from cgcomply.baseline import create_baseline, read_report, write_baseline

    data = create_baseline(read_report(report_path))
    write_baseline(data, output)
    if output != "-":
        count = len(data["findings"])
        click.echo(f"baseline: {count} bevinding(en) / finding(s) -> {output}", err=True)


@main.command()
@click.argument("profile_path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "docx", "xlsx", "json"]),
    default="md",
    show_default=True,
)
@_lang_option()
@click.option("-o", "--output", default=None, help="Output file, or - for stdout (text formats only).")
@_catalog_option
@_strict_option
def tender(
    profile_path: Path, fmt: str, lang: str, output: str | None, catalog_dir: Path | None, strict: bool
) -> None:
    """Render the tender documents (Programma van Eisen, eisenmatrix) of a profile."""
    from cgcomply.tender.render import write_tender

    write_tender(profile_path, fmt=fmt, lang=lang, output=output, catalog_dir=catalog_dir, strict=strict)


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (this computer only)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: a free one)."
)
@click.option(
    "--db",
    default=None,
    metavar="DB",
    help="The monitor's history (SQLite file or postgresql:// URL) for the market dashboard and its JSON API.",
)
def serve(host: str, port: int, db: str | None) -> None:
    """Run the local web app: make a tender, and see the market dashboard with --db (Ctrl+C stops it)."""
    from cgcomply.web import serve as serve_app

    serve_app(host, port, db)


# --------------------------------------------------------------------------- static verification


def _acceptance_options(func):
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


def _acceptances(kwargs: dict[str, Any]) -> Any:
    """The run's :class:`cgcomply.ignores.Acceptances` from the options (and the default ignore file)."""
    from cgcomply.errors import UsageError
    from cgcomply.ignores import DEFAULT_IGNORE_FILE, load_acceptances

    baseline, ignore = kwargs.pop("baseline_file"), kwargs.pop("ignore_file")
    inline = not kwargs.pop("no_inline_ignores")
    for option, path in (("--baseline", baseline), ("--ignore", ignore)):
        if path is not None and not path.is_file():
            raise UsageError(
                Text(
                    f"bestand niet gevonden: {path}",
                    f"file not found: {path}",
                ),
                source=str(path),
                field=option,
            )
    if ignore is None and Path(DEFAULT_IGNORE_FILE).is_file():
        ignore = Path(DEFAULT_IGNORE_FILE)
        click.echo(f"negeerbestand / ignore file: {ignore}", err=True)
    return load_acceptances(baseline=baseline, ignore=ignore, inline=inline)


def _also_option(func):
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


def _write_reports(
    report: Any, fmt: str, output: str | None, also: list[tuple[str, str]], lang: str, sarif: Any
) -> None:
    """The report in ``--format`` to ``-o`` (or stdout), and in every ``--also`` format to its file."""
    from cgcomply.report import write_report

    write_report(report, fmt=fmt, output=output, lang=lang, sarif=sarif)
    for extra_fmt, path in also:
        write_report(report, fmt=extra_fmt, output=path, lang=lang, sarif=sarif, quiet=True)
        click.echo(f"{extra_fmt} report written to {path}", err=True)


def _sarif_options(func):
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


def _sarif(kwargs: dict[str, Any]) -> Any:
    from cgcomply.report import SarifOptions

    return SarifOptions(evidence=kwargs.pop("evidence"), document_path=kwargs.pop("document_path"))


def _document_credential_options(func):
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


def _document_credentials(load: Any, documents: tuple[str, ...], kwargs: dict[str, Any]) -> Any:
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


@main.command()
@click.argument("documents", nargs=-1, required=True, metavar="DOC_OR_URL...")
@_adr_option()
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
@click.option("-o", "--output", default=None, help="Write the report here instead of stdout.")
@_lang_option()
@_ref_options
@click.option(
    "--max-size",
    "max_size_mb",
    type=float,
    default=64.0,
    show_default=True,
    help="Refuse documents larger than this many MB.",
)
@_sarif_options
@_document_credential_options
@_acceptance_options
@_also_option
def lint(
    documents: tuple[str, ...],
    adr_version: str,
    fmt: str,
    output: str | None,
    lang: str,
    allow_ref_hosts: tuple[str, ...],
    ref_maps: tuple[str, ...],
    max_size_mb: float,
    **kwargs: Any,
) -> None:
    """Check OpenAPI documents (files, URLs, folders, globs) against the NL GOV API Design Rules.

    One document gives its report. Several documents, a folder (its .json/.yaml/.yml files) or a glob
    (quote it; ** crosses folders) are linted in one process: a report per document and a summary, and
    the exit code of the worst document (4, 2, 1, 3, 0).

    A protected document URL: --header-env/--header-file credentials go to the document's origin only,
    --header-env-for to another origin (a $ref host), --cacert trusts a private CA.
    """
    from cgcomply.lint_many import is_many
    from cgcomply.oas import LoadOptions

    load = LoadOptions.from_cli(allow_ref_hosts=allow_ref_hosts, ref_maps=ref_maps, max_size_mb=max_size_mb)
    load = _document_credentials(load, documents, kwargs)
    sarif = _sarif(kwargs)
    accept = _acceptances(kwargs)
    also = kwargs.pop("also")
    if not is_many(documents):
        from cgcomply.api import lint as run_lint

        report = run_lint(documents[0], _resolve_adr(adr_version), load=load, accept=accept)
        _write_reports(report, fmt, output, also, lang, sarif)
        sys.exit(report.exit_code())
    from cgcomply.lint_many import expand, lint_many, render_run, terminal_progress, write_run
    from cgcomply.linting import LintOptions

    if also:
        from cgcomply.errors import UsageError

        raise UsageError(
            Text(
                "--also geldt voor één document",
                "--also applies to a single document",
            ),
            field="--also",
        )
    if fmt == "html":
        render_run(lint_many([], _resolve_adr(adr_version)), fmt, lang)  # raises the usage error
    sources = expand(documents)
    run = lint_many(
        sources,
        _resolve_adr(adr_version),
        LintOptions(load, acceptances=accept),
        progress=terminal_progress(lang),
        debug=bool(os.environ.get("CGCOMPLY_DEBUG")),
    )
    write_run(run, fmt=fmt, output=output, lang=lang)
    sys.exit(run.exit_code())


@main.command("checks")
@_adr_option(default=None)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table", show_default=True
)
def checks_command(adr_version: str | None, fmt: str) -> None:
    """List every check (static and live) with its ADR rule id, versions and level."""
    from cgcomply.checks.listing import print_checks

    print_checks(adr_version=_resolve_adr(adr_version) if adr_version else None, fmt=fmt)


# --------------------------------------------------------------------------- live verification


def _probe_options(func):
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
        _lang_option(),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command()
@click.argument("base_url")
@_adr_option()
@_probe_options
@_ref_options
@_sarif_options
@_acceptance_options
@_also_option
def probe(
    base_url: str, adr_version: str, allow_ref_hosts: tuple[str, ...], ref_maps: tuple[str, ...], **kwargs
) -> None:
    """Probe a live API at BASE_URL (and lint the document it publishes)."""
    from cgcomply.api import probe as run_probe
    from cgcomply.oas import LoadOptions
    from cgcomply.probes.cli_options import build_probe_options

    fmt, output, lang = kwargs.pop("fmt"), kwargs.pop("output"), kwargs.pop("lang")
    sarif = _sarif(kwargs)
    accept = _acceptances(kwargs)
    also = kwargs.pop("also")
    load = LoadOptions.from_cli(allow_ref_hosts=allow_ref_hosts, ref_maps=ref_maps)
    options = _debugging(build_probe_options(**kwargs))
    report = run_probe(base_url, _resolve_adr(adr_version), options=options, load=load, accept=accept)
    _write_reports(report, fmt, output, also, lang, sarif)
    sys.exit(report.exit_code())


@main.command()
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
@_catalog_option
@_probe_options
@_ref_options
@_sarif_options
@_acceptance_options
@_also_option
def verify(
    profile_path: Path,
    catalog_dir: Path | None,
    base_url: str | None,
    document: str | None,
    allow_ref_hosts: tuple[str, ...],
    ref_maps: tuple[str, ...],
    **kwargs,
) -> None:
    """Verify a supplier's API against a profile: a verdict per requirement."""
    from cgcomply.api import verify as run_verify
    from cgcomply.catalog.views import load_profile_for_command
    from cgcomply.oas import LoadOptions
    from cgcomply.probes.cli_options import build_probe_options

    fmt, output, lang = kwargs.pop("fmt"), kwargs.pop("output"), kwargs.pop("lang")
    sarif = _sarif(kwargs)
    accept = _acceptances(kwargs)
    also = kwargs.pop("also")
    standard_specs, standards_dir = kwargs.pop("standard_urls"), kwargs.pop("standards_dir")
    load = LoadOptions.from_cli(allow_ref_hosts=allow_ref_hosts, ref_maps=ref_maps)
    options = _debugging(build_probe_options(**kwargs))
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
    _write_reports(report, fmt, output, also, lang, sarif)
    sys.exit(report.exit_code())


# --------------------------------------------------------------------------- VNG API standards


@main.command()
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
@_ref_options
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


@main.group()
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


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("cgcomply-demo"),
    show_default=True,
    help="Folder for the tender documents and reports.",
)
def demo(out_dir: Path) -> None:
    """Run the whole loop on the bundled example supplier API (the README's first command).

    Exits 0 when the demo ran; the verdict and the exit code ``verify`` would give are printed."""
    from cgcomply.demo.run import run_demo

    run_demo(out_dir)


@main.command("demo-server")
@click.option("--port", type=int, default=8080, show_default=True)
@click.option(
    "--break",
    "breaks",
    multiple=True,
    metavar="MODE",
    help="Break the API in a named way (repeatable); see --list-modes.",
)
@click.option("--list-modes", is_flag=True, help="List the named ways to break the API.")
def demo_server(port: int, breaks: tuple[str, ...], list_modes: bool) -> None:
    """Serve the bundled example supplier API on 127.0.0.1."""
    from cgcomply.demo.server import serve_forever_cli

    serve_forever_cli(port=port, breaks=breaks, list_modes=list_modes)


# --------------------------------------------------------------------------- the market monitor


def _add_monitor() -> None:
    """``cgcomply monitor ...`` (its commands live in ``cgcomply/monitor/cli.py``)."""
    from cgcomply.monitor.cli import monitor

    main.add_command(monitor)


_add_monitor()


if __name__ == "__main__":  # pragma: no cover
    main()
