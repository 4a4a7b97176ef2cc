"""``live.unauthenticated``: without credentials the API refuses to answer (401, or 403)."""

from __future__ import annotations

from typing import Any

from cgcomply.i18n import Text
from cgcomply.standards.live.base import FAIL, MUST, PASS, LiveResult, live_check
from cgcomply.standards.live.context import LiveRun
from cgcomply.standards.live.schema import responses
from cgcomply.standards.normalise import Operation


def secured_list(run: LiveRun) -> Operation | None:
    """The first list operation of the standard that needs credentials (None: nothing is secured)."""
    for op in run.operations("get"):
        if op.path.endswith("}"):
            continue
        if op.node.value.get("security") or run.side.global_security:
            return op
    return None


def without_credentials(run: LiveRun) -> tuple[Operation, Any, list[str]] | None:
    """A secured list of the standard asked without credentials (once per run, shared by the units that
    judge the answer): the operation, the exchange and its evidence; None when nothing is secured."""
    op = secured_list(run)
    if op is None:
        return None
    key = f"unauthenticated {op.key}"
    exchange = run.memo.get(key)
    if exchange is None:
        exchange = run.memo[key] = run.get(run.url(op.path), credentials=False)
    return op, exchange, [exchange.describe()]


def _run(run: LiveRun) -> LiveResult | None:
    asked = without_credentials(run)
    if asked is None:
        return None
    op, exchange, evidence = asked
    if exchange.status in (401, 403):
        declared = exchange.status == 401 or "403" in responses(run.side, op)
        problem = exchange.media_type == "application/problem+json"
        if declared and problem:
            return CHECK.result(PASS, "refused", evidence, path=op.path, status=exchange.status)
        return CHECK.result(FAIL, "not-problem", evidence, path=op.path, status=exchange.status)
    return CHECK.result(FAIL, "answered", evidence, path=op.path, status=exchange.status or "-")


CHECK = live_check(
    "live.unauthenticated",
    level=MUST,
    order=110,
    title=Text("Geen gegevens zonder credentials", "No data without credentials"),
    what=Text(
        "Vraagt een beveiligde lijstoperatie van de standaard op zonder credentials en verwacht een weigering "
        "(401, of 403) met problem details.",
        "Asks a secured list operation of the standard without credentials and expects a refusal (401, or "
        "403) with problem details.",
    ),
    why=Text(
        "De standaard beveiligt de operatie met scopes; een API die zonder credentials gegevens geeft, lekt ze.",
        "The standard secures the operation with scopes; an API that gives data without credentials leaks it.",
    ),
    fix=Text(
        "Weiger verzoeken zonder (geldige) credentials met 401 en application/problem+json.",
        "Refuse requests without (valid) credentials with 401 and application/problem+json.",
    ),
    messages={
        "refused": Text(
            "GET {path} zonder credentials: {status}", "GET {path} without credentials: {status}"
        ),
        "not-problem": Text(
            "GET {path} zonder credentials: {status}, maar zonder problem details van de standaard",
            "GET {path} without credentials: {status}, but without the standard's problem details",
        ),
        "answered": Text(
            "GET {path} zonder credentials: {status} (een weigering verwacht)",
            "GET {path} without credentials: {status} (a refusal expected)",
        ),
    },
)(_run)
