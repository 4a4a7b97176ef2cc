"""Comparison rules for conformance, one module per family (see ``base.py`` for the shape).

Families: ``operations``, ``parameters``, ``bodies`` (request/response bodies, statuses, headers),
``schemas`` (the schema comparison they share), ``security``. :func:`all_rules` imports them all.
"""

from __future__ import annotations


def all_rules() -> dict[str, object]:
    from cgcomply.standards.rules import bodies, operations, parameters, schemas, security  # noqa: F401
    from cgcomply.standards.rules.base import RULES

    return dict(RULES)
