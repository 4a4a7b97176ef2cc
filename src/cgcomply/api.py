"""The library API: what ``import cgcomply`` gives a script, and what the CLI calls.

Four functions, each returning a :class:`~cgcomply.report.model.Report` (or a profile):

* :func:`load_profile` — a profile (eisenset) from a file or a packaged name, validated;
* :func:`lint` — the static ADR checks on an OpenAPI document (file or URL);
* :func:`probe` — the live checks on a running API plus the static checks on the document it publishes;
* :func:`verify` — a verdict per requirement of a profile, on a document and/or a live API.

``headers`` are credentials for the target (sent to the target's origin only, never written to a report
or a log); ``cacert`` is a private CA bundle for a supplier's test environment. Everything else a run may
be told lives in the option objects (:class:`~cgcomply.probes.options.ProbeOptions`,
:class:`~cgcomply.oas.options.LoadOptions`). Bad input raises a :class:`~cgcomply.errors.CgcomplyError`
subclass with one clear message (the CLI prints it and exits 2). Library code never reads the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cgcomply.results import DEFAULT_ADR_VERSION, normalise_adr_version

if TYPE_CHECKING:
    from cgcomply.catalog.model import Profile
    from cgcomply.http import Session
    from cgcomply.ignores import Acceptances
    from cgcomply.oas.options import LoadOptions
    from cgcomply.probes.options import ProbeOptions
    from cgcomply.report.model import Report

PathLike = str | Path


def load_profile(path_or_name: PathLike, *, catalog: PathLike | None = None, strict: bool = False) -> Profile:
    """A profile from a YAML file or a packaged name (``"cg-basis"``), checked against the catalogue.

    ``catalog`` is another catalogue folder (a municipality's own requirements); ``strict`` makes warnings
    errors. Every problem is raised at once as :class:`~cgcomply.catalog.ProfileErrors`.
    """
    from cgcomply.catalog import check_profile, load_catalog
    from cgcomply.catalog.profiles import ProfileErrors

    loaded = load_catalog(catalog) if catalog is not None else None
    check = check_profile(path_or_name, catalog=loaded, strict=strict)
    if check.errors or check.profile is None:
        raise ProfileErrors(check.errors, "en")
    return check.profile


def lint(
    source: PathLike,
    adr: str = DEFAULT_ADR_VERSION,
    *,
    load: LoadOptions | None = None,
    headers: Mapping[str, str] | None = None,
    cacert: PathLike | None = None,
    accept: Acceptances | None = None,
) -> Report:
    """The static checks of ADR version ``adr`` (``2.0.2``, ``2.1.0``, ``2.2.0``; ``2.2`` works too) on
    the OpenAPI document ``source`` (a path or an http(s) URL).

    ``headers`` and ``cacert`` are used when ``source`` is a URL (a protected test environment); the
    headers go to the document's own host only, never to hosts of remote ``$ref``s. ``accept``
    (:class:`cgcomply.ignores.Acceptances`: a baseline, ignore entries, ``x-cgcomply-ignore``) marks
    accepted findings; a check whose every failing finding is accepted does not fail.
    """
    from cgcomply.linting import LintOptions, lint_document
    from cgcomply.oas.options import LoadOptions

    options = load or LoadOptions()
    if headers:
        options = replace(options, headers={**options.headers, **dict(headers)})
    if cacert is not None:
        options = replace(options, verify=str(cacert))
    return lint_document(str(source), normalise_adr(adr), LintOptions(options, acceptances=accept))


def probe(
    base_url: str,
    adr: str = DEFAULT_ADR_VERSION,
    *,
    headers: Mapping[str, str] | None = None,
    cacert: PathLike | None = None,
    options: ProbeOptions | None = None,
    load: LoadOptions | None = None,
    session: Session | None = None,
    accept: Acceptances | None = None,
) -> Report:
    """Live checks on the API at ``base_url`` and the static checks on the document it publishes.

    By default only GET, HEAD and OPTIONS are sent, at a bounded rate (see ``ProbeOptions``). ``session``
    (:class:`cgcomply.http.Session`: host limiters, secrets to mask, credentials by origin) may be shared
    across runs; each run gets its own when it is None. ``accept`` as for :func:`lint`.
    """
    from cgcomply.verification import probe_target

    probe_options = _probe_options(options, headers, cacert)
    return probe_target(
        base_url, normalise_adr(adr), probe_options, load, session=session, acceptances=accept
    )


def verify(
    profile: Profile | PathLike,
    *,
    url: str | None = None,
    oas: PathLike | None = None,
    headers: Mapping[str, str] | None = None,
    cacert: PathLike | None = None,
    options: ProbeOptions | None = None,
    load: LoadOptions | None = None,
    catalog: PathLike | None = None,
    session: Session | None = None,
    standard_urls: Mapping[str, str] | None = None,
    standards_dir: PathLike | None = None,
    accept: Acceptances | None = None,
) -> Report:
    """A verdict per requirement of ``profile`` (a :class:`~cgcomply.catalog.Profile`, a file or a
    packaged name) on the live API at ``url`` and/or the document ``oas``.

    Without ``url`` the profile's ``base_url`` is used; with neither nor ``oas``,
    :class:`~cgcomply.errors.UsageError`. ``catalog`` is another catalogue folder for a profile given
    by path or name. ``session`` as for :func:`probe`. ``standard_urls`` (standard id → base URL)
    also runs the conformance of each VNG API standard (``cgcomply verify --standard-url``).
    ``accept`` as for :func:`lint`: accepted findings are marked before the verdicts are made.
    """
    from cgcomply.catalog.model import Profile
    from cgcomply.verification import verify_loaded_profile

    loaded = profile if isinstance(profile, Profile) else load_profile(profile, catalog=catalog)
    return verify_loaded_profile(
        loaded,
        base_url=url,
        document=str(oas) if oas is not None else None,
        options=_probe_options(options, headers, cacert),
        load_options=load,
        session=session,
        standard_urls=dict(standard_urls) if standard_urls else None,
        standards_dir=Path(standards_dir) if standards_dir is not None else None,
        acceptances=accept,
    )


def normalise_adr(adr: str) -> str:
    """``2.2`` → ``2.2.0``; an unknown version is a :class:`~cgcomply.errors.UsageError`."""
    from cgcomply.errors import UsageError
    from cgcomply.i18n import Text
    from cgcomply.results import ADR_VERSIONS

    try:
        return normalise_adr_version(adr)
    except ValueError:
        choices = ", ".join(ADR_VERSIONS)
        raise UsageError(
            Text(
                f"onbekende ADR-versie {adr!r}; kies uit {choices}",
                f"unknown ADR version {adr!r}; choose one of {choices}",
            ),
            field="--adr",
        ) from None


def _probe_options(
    options: ProbeOptions | None, headers: Mapping[str, str] | None, cacert: PathLike | None
) -> ProbeOptions:
    from cgcomply.probes.options import ProbeOptions

    result = options if options is not None else ProbeOptions()
    if headers:
        result = replace(result, extra_headers={**result.extra_headers, **dict(headers)})
    if cacert is not None:
        result = replace(result, cacert=Path(cacert))
    return result
