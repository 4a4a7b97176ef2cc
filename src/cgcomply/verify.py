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

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cgcomply.errors import DocumentError, UsageError
from cgcomply.report.model import ProfileRef, Report, RequirementVerdict, Target, Verdict
from cgcomply.results import CheckResult, Level, Status

if TYPE_CHECKING:
    from cgcomply.catalog.model import Profile, Requirement
    from cgcomply.oas import LoadOptions, OasDocument
    from cgcomply.probes.options import ProbeOptions


def probe_target(
    base_url: str, adr_version: str, options: ProbeOptions, load_options: LoadOptions | None = None
) -> Report:
    """``cgcomply probe``: live checks on ``base_url`` plus the static checks on the document it publishes.

    ``load_options`` say how the document's remote ``$ref``s may be resolved (allow-list, offline maps).
    """
    checks, document_source, warnings = _run_all(base_url, None, adr_version, options, load_options)
    return Report(
        adr_version=adr_version,
        target=Target(document=document_source, url=base_url),
        checks=checks,
        warnings=warnings,
    )


def verify_profile(
    profile_path: Path | str,
    *,
    base_url: str | None,
    document: str | None,
    options: ProbeOptions,
    load_options: LoadOptions | None = None,
    catalog_dir: Path | str | None = None,
) -> Report:
    """``cgcomply verify``: a verdict per requirement of the profile (``catalog_dir``: another catalogue)."""
    from cgcomply.catalog.views import load_profile_for_command

    profile = load_profile_for_command(profile_path, catalog_dir)  # errors and warnings in Dutch
    base_url = base_url or profile.base_url
    if not base_url and not document:
        raise UsageError(
            "nothing to verify: give --url BASE_URL and/or --oas DOCUMENT "
            f"(profile {profile.id} names no base_url)"
        )
    options = _apply_profile_probe_settings(options, profile)
    checks, document_source, warnings = _run_all(
        base_url, document, profile.adr_version, options, load_options
    )
    verdicts = [_verdict(item.requirement, checks, has_url=bool(base_url)) for item in profile.items]
    return Report(
        adr_version=profile.adr_version,
        target=Target(document=document_source, url=base_url),
        checks=checks,
        profile=ProfileRef(id=profile.id, sha256=profile.sha256, title=profile.title),
        requirements=verdicts,
        warnings=warnings,
    )


# --------------------------------------------------------------------------- running the checks


def _run_all(
    base_url: str | None,
    document: str | None,
    adr_version: str,
    options: ProbeOptions,
    load_options: LoadOptions | None,
) -> tuple[list[CheckResult], str | None, list[str]]:
    """Run the live probes (when there is a URL) and the static checks (when there is a document)."""
    from cgcomply.lint import lint_loaded

    warnings: list[str] = []
    loaded: OasDocument | None = None
    load_problem: str | None = None
    document_source: str | None = document

    if document:
        loaded = _load_given_document(document, options, load_options)

    live: list[CheckResult] = []
    if base_url:
        from cgcomply.probes.runner import run_live_checks

        run = run_live_checks(
            base_url, options, document=loaded.data if loaded else None, adr_version=adr_version
        )
        live = list(run.results)
        if loaded is None:
            if run.document_bytes is not None and run.document_url:
                document_source = run.document_url
                try:
                    loaded = _load_fetched_document(run.document_bytes, run.document_url, load_options)
                except DocumentError as error:
                    load_problem = f"the published document could not be read: {error.render()}"
            else:
                load_problem = (
                    f"no OpenAPI document: {base_url.rstrip('/')}/openapi.json could not be fetched"
                )

    if loaded is not None:
        static = lint_loaded(loaded, adr_version, warnings)
    else:
        static = _static_not_run(adr_version, load_problem or "no OpenAPI document given")
        warnings.append(load_problem or "no OpenAPI document given")
    return static + live, document_source, warnings


def _load_given_document(
    document: str, options: ProbeOptions, load_options: LoadOptions | None
) -> OasDocument:
    """``--oas``: a file or URL; a URL is fetched with the probe's CA and credentials."""
    from cgcomply.oas import LoadOptions, load_document

    base = load_options or LoadOptions()
    return load_document(
        document,
        replace(
            base,
            timeout=options.read_timeout,
            verify=str(options.cacert) if options.cacert else True,
            headers=dict(options.extra_headers),
        ),
    )


def _load_fetched_document(data: bytes, url: str, load_options: LoadOptions | None) -> OasDocument:
    from cgcomply.oas import load_document_bytes

    return load_document_bytes(data, url, load_options)


def _static_not_run(adr_version: str, reason: str) -> list[CheckResult]:
    """Every static check of the version gets status ``error``: it could not run without a document."""
    from cgcomply.checks.registry import all_static_checks

    infos = [check.info_for(adr_version) for check in all_static_checks(adr_version)]
    return [CheckResult(info=info, status=Status.ERROR, reason=reason) for info in infos if info.technical]


def _apply_profile_probe_settings(options: ProbeOptions, profile: Profile) -> ProbeOptions:
    settings = profile.probe or {}
    changes: dict[str, object] = {}
    if options.cors_open_api is None and settings.get("cors_open_api") is not None:
        changes["cors_open_api"] = bool(settings["cors_open_api"])
    if not options.cors_allowed_origins and settings.get("cors_allowed_origins"):
        changes["cors_allowed_origins"] = tuple(settings["cors_allowed_origins"])
    return replace(options, **changes) if changes else options


# --------------------------------------------------------------------------- verdicts


def _verdict(requirement: Requirement, results: list[CheckResult], *, has_url: bool) -> RequirementVerdict:
    verification = requirement.verification
    by_id: dict[str, CheckResult] = {result.id: result for result in results}
    # A static check without a result belongs to another ADR version; probe.conformance is opt-in.
    relevant = [
        check_id
        for check_id in verification.checks
        if check_id in by_id or (check_id.startswith("probe.") and check_id != "probe.conformance")
    ]
    verdict = RequirementVerdict(
        id=requirement.id,
        title=requirement.title_nl,
        title_en=requirement.title_en,
        verdict=Verdict.MANUAL,
        checks=relevant,
    )
    if not verification.checks:
        verdict.reason = f"handmatig: {verification.manual_nl}" if verification.manual_nl else "handmatig"
        verdict.reason_en = f"manual: {verification.manual_en}" if verification.manual_en else "manual"
        return verdict

    # Each entry is (Dutch, English); check reasons and findings come from the checks themselves.
    failed: list[tuple[str, str]] = []
    should_failed: list[tuple[str, str]] = []
    undetermined: list[tuple[str, str]] = []
    needs_person: list[tuple[str, str]] = []
    for check_id in relevant:
        result = by_id.get(check_id)
        if result is None:
            if has_url:
                undetermined.append((f"{check_id}: niet uitgevoerd", f"{check_id}: not run"))
            else:
                undetermined.append(
                    (
                        f"{check_id}: niet uitgevoerd (geen --url opgegeven)",
                        f"{check_id}: not run (no --url given)",
                    )
                )
            continue
        if not result.info.technical:
            continue  # a functional rule in this ADR version (e.g. /core/http-methods in 2.2): hints only
        must = result.info.level is Level.MUST
        if result.status is Status.FAIL:
            text = _describe(result)
            (failed if must else should_failed).append((text, text))
        elif result.status is Status.ERROR and must:
            reason = result.reason
            undetermined.append(
                (
                    f"{check_id}: {reason or 'kon niet worden uitgevoerd'}",
                    f"{check_id}: {reason or 'could not run'}",
                )
            )
        elif result.status is Status.MANUAL and must:
            reason = result.reason
            needs_person.append(
                (
                    f"{check_id}: {reason or 'een persoon moet oordelen'}",
                    f"{check_id}: {reason or 'a person must judge'}",
                )
            )

    notes = [(f"BEHOORT (SHOULD): {nl}", f"SHOULD: {en}") for nl, en in should_failed]
    if failed:
        verdict.verdict, parts = Verdict.FAIL, failed + notes
    elif undetermined:
        verdict.verdict, parts = Verdict.UNDETERMINED, undetermined + notes
    elif needs_person or verification.manual:
        verdict.verdict = Verdict.MANUAL
        review = (
            [
                (
                    f"geautomatiseerde controles geslaagd; beoordeel handmatig: {verification.manual_nl}",
                    f"automated checks passed; review by hand: {verification.manual_en}",
                )
            ]
            if verification.manual
            else []
        )
        parts = needs_person + review + notes
    else:
        verdict.verdict, parts = Verdict.PASS, notes
    verdict.reason = "; ".join(nl for nl, _ in parts) or None
    verdict.reason_en = "; ".join(en for _, en in parts) or None
    return verdict


def _describe(result: CheckResult) -> str:
    """``check id: first finding (+N more)`` for a failed check."""
    messages = [f.message for f in result.findings if f.severity.value in ("error", "warning")]
    if not messages:
        return f"{result.id}: {result.reason or 'failed'}"
    more = f" (+{len(messages) - 1} more)" if len(messages) > 1 else ""
    return f"{result.id}: {messages[0]}{more}"
