"""The live checks, found from their units: every module (or sub-package) of ``cgcomply.probes`` that
declares ``PROBE`` (a :class:`~cgcomply.probes.base.Probe`), or ``PROBES`` (several, e.g. the TLS
sub-checks), is a live check. Nothing lists them by hand.

The runner runs them by their ``order``; ``cgcomply checks``, the documentation and the catalogue's list
of valid check ids come from :func:`all_live_checks`.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from cgcomply.probes.base import Probe
from cgcomply.probes.options import ProbeOptions
from cgcomply.results import CheckInfo

# Modules of the package that hold infrastructure, not probes (skipped without importing them).
_NOT_PROBES = frozenset({"base", "common", "context", "options", "registry", "runner", "cli_options"})


@cache
def all_probes() -> tuple[Probe, ...]:
    """Every probe unit, in run order. (Cached: the set of modules does not change within a process.)"""
    import cgcomply.probes as package

    found: list[Probe] = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name in _NOT_PROBES or module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"{package.__name__}.{module.name}")
        units = [getattr(loaded, "PROBE", None), *getattr(loaded, "PROBES", ())]
        found.extend(unit for unit in units if isinstance(unit, Probe))
    ids = [probe.id for probe in found]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        raise RuntimeError(f"two probes share the id {', '.join(duplicates)}")
    return tuple(sorted(found, key=lambda probe: (probe.order, probe.id)))


def info_for_version(info: CheckInfo, adr_version: str | None) -> CheckInfo:
    """The record of the probe ``info`` belongs to, under the rule id of ``adr_version``."""
    for probe in all_probes():
        if probe.id == info.id:
            return probe.info_for(adr_version)
    return info


def all_live_checks(adr_version: str | None = None) -> list[CheckInfo]:
    """Every live check (of one ADR version when given), for ``cgcomply checks`` and the documentation."""
    return [probe.info_for(adr_version) for probe in all_probes() if probe.applies_to(adr_version)]


def runnable_probes(options: ProbeOptions, adr_version: str | None = None) -> list[Probe]:
    """The probes one run executes with these options, limited to the rules of ``adr_version`` when
    given."""
    return [probe for probe in all_probes() if probe.enabled(options) and probe.applies_to(adr_version)]
