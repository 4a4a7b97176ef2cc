"""Run every live probe against one base URL: :func:`run_live_checks`.

Order: fetch ``<base>/openapi.json`` (without credentials, as the publish-openapi probe judges it), decide
whether the target can be probed at all, then run the probes of :mod:`cgcomply.probes.registry` one after
the other (the units of :mod:`cgcomply.probes.registry`, by their order) on one :class:`~cgcomply.http.SafeClient` of the run's :class:`~cgcomply.http.Session` (so the
per-host rate and concurrency limits hold for the whole run, and across runs that share the session).
The target's credentials are bound to the target's origin in the session; nothing else gets them.

* Unreachable target (connection refused, DNS failure, timeout, TLS error on both the document and the
  base URL): every probe gets status ``error`` with the reason, except those whose unit says they can
  still tell (``Probe.runs_when_unreachable``: the TLS probe on a TLS error).
* 401/403 on the document and on the base URL: every probe gets status ``error`` "authentication
  refused", except those that need no credentials (``Probe.runs_when_auth_refused``).
* A probe that raises gets status ``error`` with the exception text (never a traceback), unless
  ``ProbeOptions.debug`` is set (the CLI sets it from ``CGCOMPLY_DEBUG``).
* Every text of the run is masked by the session's redactor (:func:`cgcomply.http.redacting`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cgcomply.errors import CgcomplyError, TargetError
from cgcomply.http import Origin, Session, check_url, redact, redacting
from cgcomply.i18n import Text, quoted
from cgcomply.probes import publish_openapi
from cgcomply.probes.base import Probe
from cgcomply.probes.common import AUTH_STATUSES, message
from cgcomply.probes.context import ProbeContext
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.registry import runnable_probes
from cgcomply.results import CheckInfo, CheckResult, Status


@dataclass(slots=True)
class LiveRun:
    results: list[CheckResult] = field(default_factory=list)
    document_bytes: bytes | None = None  # the published openapi.json, when it was fetched (200, JSON object)
    document_url: str | None = None


def normalise_base_url(base_url: str) -> str:
    """``https://host/zaken/api/v1`` from what the user typed; a URL that is not http(s) is a TargetError.

    A trailing slash and a trailing ``/openapi.json`` (or ``.yaml``) are dropped."""
    text = base_url.strip()
    check_url(text)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise TargetError(
            Text(
                "de basis-URL moet een http://- of https://-URL met een host zijn",
                "the base URL must be an http:// or https:// URL with a host",
            ),
            source=redact(text),
        )
    if parts.query or parts.fragment:
        raise TargetError(
            Text(
                "de basis-URL mag geen query of fragment bevatten",
                "the base URL must not carry a query or fragment",
            ),
            source=redact(text),
        )
    if parts.username or parts.password:
        raise TargetError(
            Text(
                "de basis-URL mag geen inloggegevens bevatten; gebruik --header-env of --header-file",
                "the base URL must not carry credentials; use --header-env or --header-file",
            ),
            source=redact(text),
        )
    path = parts.path.rstrip("/")
    for name in ("/openapi.json", "/openapi.yaml"):
        if path.endswith(name):
            path = path[: -len(name)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def run_live_checks(
    base_url: str,
    options: ProbeOptions,
    document: dict[str, Any] | None = None,
    *,
    adr_version: str | None = None,
    session: Session | None = None,
) -> LiveRun:
    """Probe the API at ``base_url``; ``document`` (parsed) is used to pick paths instead of the published
    one when given. With ``adr_version``, only the probes of rules in that version run (problem details
    and invalid input are 2.2.0 rules; security headers and CORS 2.1.0+).
    ``session`` (shared by the caller, or a new one) holds the limiters, secrets and credentials.
    Never raises for a misbehaving target; raises TargetError for an unusable URL."""
    session = session or Session()
    with redacting(session.redactor):
        base = normalise_base_url(base_url)
        bind_credentials(session, base, options)
        with session.client(base, options.http_options()) as client:
            ctx = ProbeContext(base_url=base, options=options, client=client, document=document)
            run = LiveRun()
            try:
                _run_probes(ctx, run, options, adr_version)
            finally:
                ctx.close()
    return run


def bind_credentials(session: Session, target_url: str, options: ProbeOptions) -> None:
    """The target's credentials to the target's origin; ``--header-env-for`` ones to the origins named."""
    if options.extra_headers:
        session.bind_credentials(Origin.of(target_url), options.extra_headers)
    for origin, headers in options.origin_headers.items():
        session.bind_credentials(Origin.parse(origin), headers)


def _run_probes(ctx: ProbeContext, run: LiveRun, options: ProbeOptions, adr_version: str | None) -> None:
    _prepare(ctx, run)
    for probe in runnable_probes(options, adr_version):
        info = probe.info_for(adr_version)
        if ctx.unreachable and not probe.runs_when_unreachable(ctx):
            reason = message(info, "unreachable", error=ctx.unreachable)
            run.results.append(CheckResult(info=info, status=Status.ERROR, reason=reason))
            continue
        if ctx.auth_refused and not probe.runs_when_auth_refused:
            assert ctx.auth_refused_requests is not None
            document, base = ctx.auth_refused_requests
            reason = message(info, "auth-refused-everywhere", document=document, base=base)
            run.results.append(CheckResult(info=info, status=Status.ERROR, reason=reason))
            continue
        result = _run_one(probe, info, ctx)
        result.info = info
        run.results.append(result)


def _run_one(probe: Probe, info: CheckInfo, ctx: ProbeContext) -> CheckResult:
    try:
        return probe.run(ctx)
    except CgcomplyError as error:
        return CheckResult(
            info=info, status=Status.ERROR, reason=message(info, "error", error=error.render())
        )
    except Exception as error:  # a probe must never take the whole run down
        if ctx.options.debug:  # the CLI sets it from CGCOMPLY_DEBUG; library code reads no environment
            raise
        return CheckResult(
            info=info,
            status=Status.ERROR,
            reason=message(info, "crashed", check=info.id, error=f"{type(error).__name__}: {error}"),
        )


def _prepare(ctx: ProbeContext, run: LiveRun) -> None:
    """Fetch the document, and find out whether the target answers at all."""
    exchange = publish_openapi.document_exchange(ctx)
    if exchange.unreachable:
        base = ctx.get_json(ctx.base_url)
        if base.unreachable:
            ctx.unreachable = exchange.error_message or quoted(exchange.error)
            ctx.unreachable_kind = exchange.error_kind
            return
    fetched = exchange
    if exchange.status in AUTH_STATUSES and ctx.options.extra_headers:
        # Judged without credentials by publish-openapi; with them it still feeds the other checks.
        fetched = publish_openapi.document_exchange(ctx, credentials=True)
    if fetched.status in AUTH_STATUSES:
        base = ctx.get_json(ctx.base_url)
        if base.status in AUTH_STATUSES:
            ctx.auth_refused = (
                f"authentication refused: {fetched.describe()} and {base.describe()}; "
                "supply credentials with --header-env or --header-file"
            )
            ctx.auth_refused_requests = (fetched.describe(), base.describe())
            return
    if fetched.status == 200 and not fetched.failed:
        parsed, problem = publish_openapi.parse_document(fetched)
        if isinstance(parsed, dict):
            run.document_bytes = fetched.body
            run.document_url = fetched.final_url
            ctx.document_bytes = fetched.body
            ctx.document_url = fetched.final_url
            ctx.document_exchange = fetched
            if ctx.document is None and problem is None:
                ctx.document = parsed
