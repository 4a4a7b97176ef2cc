"""The live checks: one line per probe, mapping its :class:`~cgcomply.results.CheckInfo` to its function.

The TLS probe (``probes/tls.py``) and the schemathesis conformance run (``probes/conformance.py``) are
separate units; they are listed here when their modules are present.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from cgcomply.probes import (
    cors,
    problem_details,
    publish_openapi,
    security_headers,
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


def _optional_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"cgcomply.probes.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"cgcomply.probes.{name}":
            return None
        raise


def tls_probe() -> tuple[CheckInfo, ProbeFunction] | None:
    module = _optional_module("tls")
    return (module.TLS_CHECK, module.run) if module is not None else None


def conformance_probe() -> tuple[CheckInfo, ProbeFunction] | None:
    module = _optional_module("conformance")
    return (module.CONFORMANCE_CHECK, module.run) if module is not None else None


def all_live_checks() -> list[CheckInfo]:
    """Every live check, for ``cgcomply checks`` and the documentation."""
    infos = [info for info, _ in HTTP_PROBES]
    for extra in (tls_probe(), conformance_probe()):
        if extra is not None:
            infos.append(extra[0])
    return infos


def runnable_probes(
    options: ProbeOptions, adr_version: str | None = None
) -> list[tuple[CheckInfo, ProbeFunction]]:
    """The probes one run executes with these options (TLS unless ``tls_scan`` is off; conformance only
    with ``conformance``), limited to the rules of ``adr_version`` when given."""
    probes = list(HTTP_PROBES)
    tls = tls_probe()
    if tls is not None and options.tls_scan:
        probes.append(tls)
    conformance = conformance_probe()
    if conformance is not None and options.conformance:
        probes.append(conformance)
    if adr_version is not None:
        probes = [(info, probe) for info, probe in probes if adr_version in info.adr_versions]
    return probes
