"""Profile x target -> report: run the static and live checks and give every requirement a verdict.

The flow is one way: the profile (``catalog/``) names, per requirement, the check ids that prove it; the
static checks (``checks/``) read the OpenAPI document; the live probes (``probes/``) talk to the running
API. This module only combines their results:

* a requirement whose verification is ``handmatig`` only gets :attr:`Verdict.MANUAL`;
* it **fails** when one of its MUST checks fails; checks of rules that are functional in the profile's ADR
  version (``/core/http-methods`` in 2.2) are reported as ``manual`` and do not decide the verdict;
* it is **undetermined** when one of its MUST checks could not run (error, not run at all), with the reason;
* it is **manual** when a MUST check needs a person (e.g. CORS without known intended clients), or when the
  requirement also has a manual part and every automated check passed;
* otherwise it **passes**. SHOULD-level failures never make a requirement fail; they are listed in its reason.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cgcomply.errors import DocumentError, UsageError
from cgcomply.http import Session, redacting
from cgcomply.i18n import Message, Text, Translatable
from cgcomply.report.model import ProfileRef, Report, RequirementVerdict, Target, Verdict, now_iso
from cgcomply.results import CheckResult, Level, Status
from cgcomply.units import enable_option, live_ids, opt_in_live_ids

if TYPE_CHECKING:
    from cgcomply.catalog.model import Profile, Requirement
    from cgcomply.ignores import Acceptances
    from cgcomply.oas import LoadOptions, OasDocument
    from cgcomply.probes.options import ProbeOptions


def probe_target(
    base_url: str,
    adr_version: str,
    options: ProbeOptions,
    load_options: LoadOptions | None = None,
    *,
    session: Session | None = None,
    acceptances: Acceptances | None = None,
) -> Report:
    """``cgcomply probe``: live checks on ``base_url`` plus the static checks on the document it publishes.

    ``load_options`` say how the document's remote ``$ref``s may be resolved (allow-list, offline maps).
    ``session`` (the HTTP layer's state: limiters, secrets, credentials by origin) may be shared by the
    caller across runs; a new one is made when None. ``acceptances`` (baseline, ignore file,
    ``x-cgcomply-ignore``) mark the failing findings that are accepted (:mod:`cgcomply.ignores`).
    """
    started_at, clock = now_iso(), time.monotonic()
    session = _session(session, base_url, None, options)
    with redacting(session.redactor):
        checks, document_source, warnings, data = _run_all(
            base_url, None, adr_version, options, load_options, session
        )
        _accept(checks, acceptances, base_url, data, warnings)
        return _redacted(
            session,
            Report(
                adr_version=adr_version,
                target=Target(document=document_source, url=base_url),
                checks=checks,
                warnings=warnings,
            ).finish(started_at, clock),
        )


def verify_profile(
    profile_path: Path | str,
    *,
    base_url: str | None,
    document: str | None,
    options: ProbeOptions,
    load_options: LoadOptions | None = None,
    catalog_dir: Path | str | None = None,
    session: Session | None = None,
    standard_urls: dict[str, str] | None = None,
    standards_dir: Path | None = None,
    acceptances: Acceptances | None = None,
) -> Report:
    """``cgcomply verify``: a verdict per requirement of the profile (``catalog_dir``: another catalogue).

    ``standard_urls`` (``--standard-url ID=BASE_URL``) runs ``conform`` per VNG API standard
    (:mod:`cgcomply.standards.verifying`): the report gets a row per standard and the requirements that
    name standards get their verdict from it.

    The credentials of ``options`` go to the origin of ``base_url`` (or of ``document`` when there is no
    base URL) and nowhere else; ``options.origin_headers`` name credentials for other origins."""
    from cgcomply.catalog.views import load_profile_for_command

    profile = load_profile_for_command(profile_path, catalog_dir, warn=False)  # errors in Dutch
    return verify_loaded_profile(
        profile,
        base_url=base_url,
        document=document,
        options=options,
        load_options=load_options,
        session=session,
        standard_urls=standard_urls,
        standards_dir=standards_dir,
        acceptances=acceptances,
    )


def verify_loaded_profile(
    profile: Profile,
    *,
    base_url: str | None,
    document: str | None,
    options: ProbeOptions,
    load_options: LoadOptions | None = None,
    session: Session | None = None,
    standard_urls: dict[str, str] | None = None,
    standards_dir: Path | None = None,
    acceptances: Acceptances | None = None,
) -> Report:
    """A verdict per requirement of a loaded profile (what :func:`cgcomply.verification` runs).

    ``acceptances`` mark accepted findings before the verdicts are made: a check whose every failing
    finding is accepted does not fail its requirement (:mod:`cgcomply.ignores`)."""
    started_at, clock = now_iso(), time.monotonic()
    base_url = base_url or profile.base_url
    if not base_url and not document:
        raise UsageError(
            Text(
                "niets te verifiëren: geef --url BASE_URL en/of --oas DOCUMENT "
                f"(profiel {profile.id} noemt geen base_url)",
                "nothing to verify: give --url BASE_URL and/or --oas DOCUMENT "
                f"(profile {profile.id} names no base_url)",
            )
        )
    options = _apply_profile_probe_settings(options, profile)
    session = _session(session, base_url, document, options)
    with redacting(session.redactor):
        checks, document_source, warnings, data = _run_all(
            base_url, document, profile.adr_version, options, load_options, session
        )
    _accept(checks, acceptances, base_url, data, warnings)
    verdicts = [
        _verdict(
            item.requirement,
            checks,
            has_url=bool(base_url),
            adr_version=profile.adr_version,
            form=item.form,
        )
        for item in profile.items
    ]
    standards: list[dict[str, object]] = []
    if standard_urls or _names_standards(profile):
        from cgcomply.standards.verifying import verify_standards

        with redacting(session.redactor):
            standards = verify_standards(
                profile,
                verdicts,
                standard_urls=standard_urls,
                base_url=base_url,
                headers=options.extra_headers,
                cacert=str(options.cacert) if options.cacert else None,
                standards_dir=standards_dir,
            )
    return _redacted(
        session,
        Report(
            adr_version=profile.adr_version,
            target=Target(document=document_source, url=base_url),
            checks=checks,
            profile=ProfileRef(
                id=profile.id,
                sha256=profile.sha256,
                title=profile.title,
                version=profile.version,
                catalog_id=profile.catalog_id,
                catalog_version=profile.catalog_version,
            ),
            requirements=verdicts,
            warnings=warnings,
            standards=standards,
        ).finish(started_at, clock),
    )


def _names_standards(profile: Profile) -> bool:
    """Whether a requirement of the profile names VNG API standards (its ``standards`` parameter)."""
    return any("standards" in item.parameters for item in profile.items)


def _session(
    session: Session | None, base_url: str | None, document: str | None, options: ProbeOptions
) -> Session:
    """The run's session, with the target's credentials bound to the target's origin: the base URL's, or
    the document URL's when only a document is verified."""
    from cgcomply.http import Origin
    from cgcomply.oas.fetch import is_url
    from cgcomply.probes.runner import normalise_base_url

    session = session or Session()
    target = normalise_base_url(base_url) if base_url else document if document and is_url(document) else None
    session.redactor.add_all(options.extra_headers.values())
    if target and options.extra_headers:
        session.bind_credentials(Origin.of(target), options.extra_headers)
    for origin, headers in options.origin_headers.items():
        session.bind_credentials(Origin.parse(origin), headers)
    if document and is_url(document):
        session.redactor.add_url(document)
    return session


def _accept(
    checks: list[CheckResult],
    acceptances: Acceptances | None,
    base_url: str | None,
    data: Any,
    warnings: list[Translatable],
) -> None:
    if acceptances is None:
        return
    from cgcomply.ignores import apply_acceptances

    document = data if isinstance(data, dict) else None
    apply_acceptances(checks, acceptances, base_url=base_url, document=document, warnings=warnings)


def _redacted(session: Session, report: Report) -> Report:
    """The report with every secret of the session and every URL password masked (defence in depth)."""
    return session.redactor.redact_object(report)


# --------------------------------------------------------------------------- running the checks


def _run_all(
    base_url: str | None,
    document: str | None,
    adr_version: str,
    options: ProbeOptions,
    load_options: LoadOptions | None,
    session: Session,
) -> tuple[list[CheckResult], str | None, list[Translatable], Any]:
    """Run the live probes (when there is a URL) and the static checks (when there is a document); also
    return the document's data (None without one)."""
    from cgcomply.linting import lint_loaded

    warnings: list[Translatable] = []
    loaded: OasDocument | None = None
    load_problem: Message | None = None
    document_source: str | None = document

    if document:
        loaded = _load_given_document(document, options, load_options, session)

    live: list[CheckResult] = []
    if base_url:
        from cgcomply.probes.runner import run_live_checks

        run = run_live_checks(
            base_url,
            options,
            document=loaded.data if loaded else None,
            adr_version=adr_version,
            session=session,
        )
        live = list(run.results)
        if loaded is None:
            if run.document_bytes is not None and run.document_url:
                document_source = run.document_url
                try:
                    loaded = _load_fetched_document(
                        run.document_bytes, run.document_url, load_options, session
                    )
                except DocumentError as error:
                    load_problem = Message("verify:document-unreadable", {"error": error.render()})
            else:
                load_problem = Message(
                    "verify:document-not-fetched", {"url": f"{base_url.rstrip('/')}/openapi.json"}
                )

    if loaded is not None:
        static = lint_loaded(loaded, adr_version, warnings)
    else:
        problem = load_problem or Message("verify:no-document-given")
        static = _static_not_run(adr_version, problem)
        warnings.append(problem)
    return static + live, document_source, warnings, loaded.data if loaded is not None else None


def _load_given_document(
    document: str, options: ProbeOptions, load_options: LoadOptions | None, session: Session
) -> OasDocument:
    """``--oas``: a file or URL; a URL is fetched with the probe's CA, through the run's session, so it
    carries credentials only when its origin has some bound (the target's, or ``--header-env-for``)."""
    from cgcomply.oas import LoadOptions, load_document

    base = load_options or LoadOptions()
    return load_document(
        document,
        replace(
            base,
            timeout=options.read_timeout,
            verify=str(options.cacert) if options.cacert else True,
            headers={},
            session=session,
        ),
    )


def _load_fetched_document(
    data: bytes, url: str, load_options: LoadOptions | None, session: Session
) -> OasDocument:
    from cgcomply.oas import LoadOptions, load_document_bytes

    return load_document_bytes(data, url, replace(load_options or LoadOptions(), session=session))


def _static_not_run(adr_version: str, reason: Message) -> list[CheckResult]:
    """Every static check of the version gets status ``error``: it could not run without a document."""
    from cgcomply.checks.registry import all_static_checks

    infos = [check.info_for(adr_version) for check in all_static_checks(adr_version)]
    return [CheckResult(info=info, status=Status.ERROR, reason=reason) for info in infos if info.technical]


def _apply_profile_probe_settings(options: ProbeOptions, profile: Profile) -> ProbeOptions:
    settings = profile.probe or {}
    changes: dict[str, Any] = {}
    if options.cors_open_api is None and settings.get("cors_open_api") is not None:
        changes["cors_open_api"] = bool(settings["cors_open_api"])
    if not options.cors_allowed_origins and settings.get("cors_allowed_origins"):
        changes["cors_allowed_origins"] = tuple(settings["cors_allowed_origins"])
    return replace(options, **changes) if changes else options


# --------------------------------------------------------------------------- verdicts


def _verdict(
    requirement: Requirement,
    results: list[CheckResult],
    *,
    has_url: bool,
    adr_version: str,
    form: str | None = None,
) -> RequirementVerdict:
    """The verdict on one requirement; it never says more than its checks decided.

    * a MUST check that fails makes it fail;
    * a check that did not run (no ``--url``, an opt-in probe not asked for, an error) leaves it
      undetermined, with the reason and, for an opt-in probe, the option that runs it;
    * a MUST check that needs a person (a functional rule in this ADR version, CORS without known
      clients) or a manual part of the requirement makes it manual, never a pass;
    * a requirement none of whose checks ran is undetermined.
    """
    verification = requirement.verification
    by_id: dict[str, CheckResult] = {result.id: result for result in results}
    live, opt_in = live_ids(), opt_in_live_ids()
    # A static check without a result belongs to another ADR version; a live one may not have run.
    relevant = [check_id for check_id in verification.checks if check_id in by_id or check_id in live]
    verdict = RequirementVerdict(
        id=requirement.id,
        title=Text(requirement.title.nl, requirement.title.en),
        verdict=Verdict.MANUAL,
        checks=relevant,
        form=form,
        version=requirement.version,
    )
    if not verification.checks:
        manual = verification.manual
        verdict.reasons = [
            Message("verdict:manual", {"text": Text(manual.nl, manual.en)})
            if manual
            else Message("verdict:manual-bare")
        ]
        return verdict

    failed: list[Message] = []
    should_failed: list[Message] = []
    undetermined: list[Message] = []
    needs_person: list[Message] = []
    accepted: list[Message] = []  # checks whose every failing finding is accepted: noted, not failed
    for check_id in relevant:
        result = by_id.get(check_id)
        if result is None:
            option = enable_option(check_id) if check_id in opt_in else None
            if not has_url:
                undetermined.append(Message("verdict:not-run-no-url", {"check": check_id}))
            elif option:
                undetermined.append(Message("verdict:not-run-opt-in", {"check": check_id, "option": option}))
            else:
                undetermined.append(Message("verdict:not-run", {"check": check_id}))
            continue
        must = result.info.level is Level.MUST
        if not result.info.technical:
            # A functional rule in this ADR version (e.g. /core/http-methods in 2.2): its hints are no
            # verdict, so a person decides; a SHOULD-level one does not hold the requirement back.
            if must:
                needs_person.append(Message("verdict:functional", {"check": check_id, "adr": adr_version}))
            continue
        if result.status is Status.ACCEPTED:
            accepted.append(Message("verdict:accepted", {"check": check_id, "count": _accepted(result)}))
        elif result.status is Status.FAIL:
            (failed if must else should_failed).append(_describe(result))
        elif result.status is Status.ERROR and must:
            undetermined.append(_with_reason("verdict:could-not-run", check_id, result.reason))
        elif result.status is Status.MANUAL and must:
            needs_person.append(_with_reason("verdict:needs-person", check_id, result.reason))
    if not relevant:
        undetermined.append(Message("verdict:no-check-ran"))

    notes = [Message("verdict:should", {"part": part}) for part in should_failed] + accepted
    if failed:
        verdict.verdict, parts = Verdict.FAIL, failed + notes
    elif undetermined:
        verdict.verdict, parts = Verdict.UNDETERMINED, undetermined + notes
    elif needs_person or verification.manual:
        verdict.verdict = Verdict.MANUAL
        manual = verification.manual
        review = [Message("verdict:review", {"text": Text(manual.nl, manual.en)})] if manual else []
        parts = needs_person + review + notes
    else:
        verdict.verdict, parts = Verdict.PASS, notes
    verdict.reasons = parts
    return verdict


def _with_reason(message_id: str, check_id: str, reason: Translatable | None) -> Message:
    """``check: reason``, or the bare form of the message when the check gave no reason."""
    if reason is None or reason == "":
        return Message(f"{message_id}-bare", {"check": check_id})
    return Message(message_id, {"check": check_id, "reason": reason})


def _describe(result: CheckResult) -> Message:
    """``check id: first finding (+N more)`` for a failed check."""
    messages = [f.message for f in result.alerts() if not f.is_accepted]
    if not messages:
        if result.reason is None:
            return Message("verdict:failed-bare", {"check": result.id})
        return Message("verdict:failed", {"check": result.id, "first": result.reason})
    if len(messages) > 1:
        return Message(
            "verdict:failed-more", {"check": result.id, "first": messages[0], "more": len(messages) - 1}
        )
    return Message("verdict:failed", {"check": result.id, "first": messages[0]})


def _accepted(result: CheckResult) -> int:
    """How many failing findings of an accepted check are accepted (1 for a check without findings)."""
    return sum(1 for f in result.alerts() if f.is_accepted) or 1
