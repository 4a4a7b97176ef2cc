"""Security rules: the same scopes as the standard, per operation.

Scope expressions such as ``(documenten.bijwerken | documenten.geforceerd-bijwerken)`` are split into
their scopes. Operations the standard declares without security (HEAD in ZGW) are not compared: the
standard's document cannot show the scopes there.
"""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.normalise import Operation, Side, scopes_of
from cgcomply.standards.rules.base import ERROR, CompareContext, rule

FAMILY = "security"

SCOPES_DIFFER = rule(
    "security-scopes-differ",
    FAMILY,
    ERROR,
    Text("Andere scopes dan de standaard", "Scopes differ from the standard"),
    Text(
        "{where}: scopes {impl} in plaats van {std}",
        "{where}: scopes {impl} instead of {std}",
    ),
)
SECURITY_MISSING = rule(
    "security-missing",
    FAMILY,
    ERROR,
    Text("Beveiliging van de standaard ontbreekt", "Security of the standard missing"),
    Text(
        "{where}: de standaard vraagt scopes {std}, de implementatie declareert geen beveiliging",
        "{where}: the standard asks for scopes {std}, the implementation declares no security",
    ),
)


def _scopes(side: Side, op: Operation) -> set[str] | None:
    declared = op.node.value.get("security", side.global_security)
    return scopes_of(declared)


def compare_operation(ctx: CompareContext, std: Operation, impl: Operation) -> None:
    s_scopes = _scopes(ctx.std, std)
    if not s_scopes:
        return
    i_scopes = _scopes(ctx.impl, impl)
    where = std.label
    if not i_scopes:
        ctx.report(
            SECURITY_MISSING,
            where,
            std.node.loc.child("security"),
            impl.node.loc,
            std=", ".join(sorted(s_scopes)),
        )
        return
    if s_scopes != i_scopes:
        ctx.report(
            SCOPES_DIFFER,
            where,
            std.node.loc.child("security"),
            impl.node.loc.child("security"),
            std=", ".join(sorted(s_scopes)),
            impl=", ".join(sorted(i_scopes)),
        )
