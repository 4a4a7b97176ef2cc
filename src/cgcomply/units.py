"""Every check unit, static and live, found from the two registries: the one place other code asks.

A check's id, ADR rule, versions, level, texts and messages are written once, in its unit (the
``@static_check`` record in ``checks/``, the ``CheckInfo`` of a probe in ``probes/``). This module answers
the questions the rest of the code has about them: which ids exist (:func:`static_ids`, :func:`live_ids`),
the record of one id in one ADR version (:func:`check_info`), and the message table of one unit
(:func:`unit_messages`). The registries are imported on first use, so that importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from cgcomply.i18n import Text
from cgcomply.results import CheckInfo

if TYPE_CHECKING:
    from cgcomply.checks.base import StaticCheck

_EMPTY: Mapping[str, Text] = MappingProxyType({})


@cache
def _static() -> Mapping[str, StaticCheck]:
    from cgcomply.checks.registry import STATIC_CHECKS

    return MappingProxyType({check.id: check for check in STATIC_CHECKS})


@cache
def _live() -> Mapping[str, CheckInfo]:
    from cgcomply.probes.registry import all_live_checks

    return MappingProxyType({info.id: info for info in all_live_checks()})


def static_ids() -> frozenset[str]:
    """The ids of every static check (``adr.*``), technical and functional, of every ADR version."""
    return frozenset(_static())


def technical_static_ids() -> frozenset[str]:
    """Static checks that are technical in at least one ADR version."""
    from cgcomply.checks.registry import STATIC_CHECKS

    return frozenset(check.id for check in STATIC_CHECKS if check.info.technical)


def functional_static_ids() -> frozenset[str]:
    """Static checks that are functional (``manual``) in every ADR version."""
    return static_ids() - technical_static_ids()


def live_ids() -> frozenset[str]:
    """The ids of every live probe (``probe.*``)."""
    return frozenset(_live())


def all_ids() -> frozenset[str]:
    return static_ids() | live_ids()


def adr_rules() -> frozenset[str]:
    """Every ADR rule id a unit names, in any version (variants included)."""
    from cgcomply.checks.registry import STATIC_CHECKS
    from cgcomply.results import ADR_VERSIONS

    rules: set[str] = set()
    for check in STATIC_CHECKS:
        rules.update(check.info_for(version).adr_rule for version in (None, *ADR_VERSIONS))
    for info in _live().values():
        rules.update(live_info(info.id, version).adr_rule for version in (None, *ADR_VERSIONS))
    return frozenset(rules)


def live_info(check_id: str, adr_version: str | None) -> CheckInfo:
    from cgcomply.probes.registry import info_for_version

    return info_for_version(_live()[check_id], adr_version)


def check_info(check_id: str, adr_version: str | None = None) -> CheckInfo | None:
    """The record of ``check_id`` as it holds in ``adr_version``; None for an id no unit has."""
    static = _static().get(check_id)
    if static is not None:
        return static.info_for(adr_version)
    if check_id in _live():
        return live_info(check_id, adr_version)
    return None


#: Units that are not checks but produce user-facing messages (evidence notes, transport errors, error
#: lines): the module that declares each one's ``MESSAGES`` table beside its code, imported on first use.
MESSAGE_MODULES: Mapping[str, str] = MappingProxyType(
    {
        "http.exchange": "cgcomply.http.exchange",
        "http.errors": "cgcomply.http.errors",
    }
)


def unit_messages(unit: str) -> Mapping[str, Text]:
    """The message table of ``unit``: a check's, or a module's of :data:`MESSAGE_MODULES` (empty for an
    unknown id)."""
    module = MESSAGE_MODULES.get(unit)
    if module is not None:
        import importlib

        table: Mapping[str, Text] = importlib.import_module(module).MESSAGES
        return table
    info = check_info(unit)
    return info.messages if info is not None else _EMPTY


def opt_in_live_ids() -> frozenset[str]:
    """Live probes that run only when asked (the schemathesis conformance run)."""
    from cgcomply.probes.options import ProbeOptions
    from cgcomply.probes.registry import all_probes

    defaults = ProbeOptions()
    return frozenset(probe.id for probe in all_probes() if not probe.enabled(defaults))


def enable_option(check_id: str) -> str | None:
    """The option that switches on the opt-in live probe ``check_id`` (``--conformance``), or None."""
    from cgcomply.probes.registry import all_probes

    for probe in all_probes():
        if probe.id == check_id:
            return probe.enable_option
    return None


def enable_options(check_ids: Iterable[str]) -> tuple[str, ...]:
    """The options that switch on the opt-in live probes among ``check_ids`` (``("--conformance",)``), sorted."""
    opt_in = opt_in_live_ids()
    options = {enable_option(check_id) for check_id in set(check_ids) & opt_in}
    return tuple(sorted(option for option in options if option))
