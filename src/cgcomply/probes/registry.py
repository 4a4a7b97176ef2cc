"""The live checks: one line per probe, mapping its :class:`~cgcomply.results.CheckInfo` to its function.

The TLS probe (``probes/tls.py``) and the schemathesis conformance run (``probes/conformance.py``) are
units like the others; TLS can be switched off (``tls_scan``) and conformance is opt-in (``conformance``).
"""

from __future__ import annotations

from collections.abc import Callable

from cgcomply.probes import (
    conformance,
    cors,
    problem_details,
    publish_openapi,
    security_headers,
    tls,
    trailing_slash,
    uri_version,
    version_header,
)
from cgcomply.probes.context import ProbeContext
from cgcomply.probes.options import ProbeOptions
from cgcomply.results import CheckInfo, CheckResult

ProbeFunction = Callable[[ProbeContext], CheckResult]

# In the order the runner runs them; publish-openapi first (it fetches the document the others use).
HTTP_PROBES: tuple[tuple[CheckInfo, ProbeFunction], ...] = (
    (publish_openapi.CHECK, publish_openapi.run),
    (version_header.CHECK, version_header.run),
    (trailing_slash.CHECK, trailing_slash.run),
    (uri_version.CHECK, uri_version.run),
    (problem_details.PROBLEM_DETAILS_CHECK, problem_details.run_problem_details),
    (problem_details.INVALID_INPUT_CHECK, problem_details.run_invalid_input),
    (security_headers.CHECK, security_headers.run),
    (cors.CHECK, cors.run),
)
TLS_PROBE: tuple[CheckInfo, ProbeFunction] = (tls.TLS_CHECK, tls.run)
CONFORMANCE_PROBE: tuple[CheckInfo, ProbeFunction] = (conformance.CONFORMANCE_CHECK, conformance.run)


def info_for_version(info: CheckInfo, adr_version: str | None) -> CheckInfo:
    """The record under the rule id of ``adr_version`` (TLS is ``/core/transport-security`` in 2.0.2)."""
    if adr_version is not None and info.id == tls.TLS_CHECK.id:
        return tls.tls_check_for(adr_version)
    return info


def all_live_checks(adr_version: str | None = None) -> list[CheckInfo]:
    """Every live check (of one ADR version when given), for ``cgcomply checks`` and the documentation."""
    probes = [*HTTP_PROBES, TLS_PROBE, CONFORMANCE_PROBE]
    return [
        info_for_version(info, adr_version)
        for info, _ in probes
        if adr_version is None or adr_version in info.adr_versions
    ]


def runnable_probes(
    options: ProbeOptions, adr_version: str | None = None
) -> list[tuple[CheckInfo, ProbeFunction]]:
    """The probes one run executes with these options (TLS unless ``tls_scan`` is off; conformance only
    with ``conformance``), limited to the rules of ``adr_version`` when given."""
    probes = list(HTTP_PROBES)
    if options.tls_scan:
        probes.append(TLS_PROBE)
    if options.conformance:
        probes.append(CONFORMANCE_PROBE)
    if adr_version is not None:
        probes = [(info, probe) for info, probe in probes if adr_version in info.adr_versions]
    return probes
