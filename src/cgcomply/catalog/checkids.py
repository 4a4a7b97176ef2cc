"""The check ids the catalogue may name in ``verification.checks``, derived from the check units.

A check's id, ADR rule and versions are written once, in its unit (``checks/``, ``probes/``); this module
only asks :mod:`cgcomply.units`. The catalogue refers to checks by id and never the other way round.
Functional ADR rules (a person judges them) exist as ``adr.<last segment of the ADR id>`` with status
manual; a requirement that only rests on those is verified ``handmatig`` and names them in ``adr_rules``.

The sets are computed on first use (importing the registries costs a little), then kept.
"""

from __future__ import annotations

from functools import cache


@cache
def _sets() -> dict[str, frozenset[str]]:
    from cgcomply import units

    static = units.static_ids()
    functional = units.functional_static_ids()
    return {
        "STATIC_CHECKS": static - functional,
        "LIVE_CHECKS": units.live_ids(),
        "FUNCTIONAL_CHECKS": functional,
        "KNOWN_CHECKS": units.all_ids(),
        "KNOWN_ADR_RULES": units.adr_rules(),
    }


def __getattr__(name: str) -> frozenset[str]:
    sets = _sets()
    if name in sets:
        return sets[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


STATIC_CHECKS: frozenset[str]  # technical static checks (technical in at least one ADR version)
LIVE_CHECKS: frozenset[str]
FUNCTIONAL_CHECKS: frozenset[str]  # static checks that are functional (manual) in every ADR version
KNOWN_CHECKS: frozenset[str]
KNOWN_ADR_RULES: frozenset[str]  # every ADR rule id a unit names, in any version
