"""Operation rules: every operation of the standard is there; what the implementation adds."""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.normalise import experimental
from cgcomply.standards.rules.base import ADDITION, ERROR, WARNING, CompareContext, rule

FAMILY = "operations"

OPERATION_MISSING = rule(
    "operation-missing",
    FAMILY,
    ERROR,
    Text("Operatie van de standaard ontbreekt", "Operation of the standard missing"),
    Text(
        "{where}: deze operatie van de standaard ontbreekt",
        "{where}: this operation of the standard is missing",
    ),
)
OPERATION_ADDED = rule(
    "operation-added",
    FAMILY,
    ADDITION,
    Text("Operatie toegevoegd", "Operation added"),
    Text(
        "{where}: operatie die niet in de standaard staat", "{where}: operation that is not in the standard"
    ),
)
VERSION_CLAIM = rule(
    "version-claim-differs",
    FAMILY,
    WARNING,
    Text("Document claimt een andere versie", "The document claims another version"),
    Text(
        "info.version is {impl}, de standaard is versie {std}",
        "info.version is {impl}, the standard is version {std}",
    ),
)


def run(ctx: CompareContext, standard_version: str) -> None:
    impl_version = (ctx.impl.data.get("info") or {}).get("version")
    if str(impl_version) != standard_version:
        ctx.report(
            VERSION_CLAIM,
            "info.version",
            ctx.std.root.child("info", "version"),
            ctx.impl.root.child("info", "version"),
            impl=impl_version,
            std=standard_version,
        )
    for key, op in ctx.std.operations.items():
        if key not in ctx.impl.operations:
            ctx.report(OPERATION_MISSING, op.label, op.node.loc, None)
    for key, op in ctx.impl.operations.items():
        if key not in ctx.std.operations:
            ctx.report(OPERATION_ADDED, op.label, None, op.node.loc, experimental=experimental(op.node))
