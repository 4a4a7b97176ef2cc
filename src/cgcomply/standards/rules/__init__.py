"""Comparison rules for conformance, one module per family (see ``base.py`` for the shape).

Families: ``operations``, ``parameters``, ``bodies`` (request/response bodies, statuses, headers),
``schemas`` (the schema comparison they share), ``security``. :func:`all_rules` imports them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cgcomply.standards.rules.base import Rule


def all_rules() -> dict[str, Rule]:
    from cgcomply.standards.rules import bodies, operations, parameters, schemas, security  # noqa: F401
    from cgcomply.standards.rules.base import RULES

    return dict(RULES)
