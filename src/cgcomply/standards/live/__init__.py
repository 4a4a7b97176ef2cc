"""Live conformance, read-only: does the running API answer as the standard's document says?

Only GET and HEAD, through the project's safe HTTP client (:class:`cgcomply.http.SafeClient`: one origin,
rate and concurrency limits, deadlines, body caps, credentials only to the target), within a request and
time budget. The standard's own schemas are the reference, never the implementation's document.

Each check is one unit in its own module (:mod:`~cgcomply.standards.live.base`: id, level, what / why /
fix, messages, ``run``); :data:`LIVE_CHECKS` lists them, one line each. A unit gives ``voldoet``,
``voldoet niet`` or ``niet vastgesteld`` with the requests that show it; an API without data to read gives
``niet vastgesteld`` for everything that needs data, never a pass.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cgcomply.i18n import Message
from cgcomply.oas import OasDocument
from cgcomply.standards.live import (
    api_version,
    crs,
    document_version,
    etag,
    expand,
    filters,
    head,
    operations,
    pagination,
    response_schema,
    status_401,
    unauthenticated,
)
from cgcomply.standards.live.base import (
    FAIL,
    MUST,
    PASS,
    RUNNER_MESSAGES,
    UNDETERMINED,
    LiveCheck,
    LiveResult,
)
from cgcomply.standards.live.context import Budget, BudgetExceeded, LiveRun
from cgcomply.standards.live.schema import json_schema
from cgcomply.standards.normalise import Side
from cgcomply.standards.registry import StandardVersion

#: Every live standard check, in the order they run.
LIVE_CHECKS: tuple[LiveCheck, ...] = tuple(
    sorted(
        (
            document_version.CHECK,
            operations.CHECK,
            response_schema.CHECK,
            api_version.CHECK,
            crs.CHECK,
            pagination.CHECK,
            filters.CHECK,
            expand.CHECK,
            etag.CHECK,
            head.CHECK,
            unauthenticated.CHECK,
            status_401.CHECK,
        ),
        key=lambda check: check.order,
    )
)
_BY_ID = {check.id: check for check in LIVE_CHECKS}


def live_check_by_id(check_id: str) -> LiveCheck:
    return _BY_ID[check_id]


@dataclass
class LiveReport:
    base_url: str
    standard: StandardVersion
    results: list[LiveResult]
    requests: int
    seconds: float

    @property
    def verdict(self) -> str:
        """``voldoet niet`` when a MUST check fails, ``niet vastgesteld`` when one is open (or none ran)."""
        binding = [result.status for result in self.results if result.level == MUST]
        if FAIL in binding:
            return FAIL
        if UNDETERMINED in binding or not binding:
            return UNDETERMINED
        return PASS

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "standard": self.standard.id,
            "verdict": self.verdict,
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "checks": [
                result.to_dict(lang, _BY_ID[result.id].title if result.id in _BY_ID else None)
                for result in self.results
            ],
        }


def run_checks(run: LiveRun, checks: tuple[LiveCheck, ...] = LIVE_CHECKS) -> list[LiveResult]:
    """Run the units in order; a unit stopped by the budget, or that passed on a crawl the budget cut
    short, is ``niet vastgesteld``."""
    results: list[LiveResult] = []
    for check in checks:
        if run.budget.hit:
            results.append(_budget(check, "budget-before", run))
            continue
        try:
            result = check.run(run)
        except BudgetExceeded:
            results.append(_budget(check, "budget", run))
            continue
        if result is None:
            continue
        if result.status == PASS and run.budget.hit:
            result = _budget(check, "budget", run, result.evidence)
        results.append(result)
    if run.budget.used and not run.answers:
        # Nothing answered at all (refused, timed out, no such host): no unit saw the API, so none may
        # say "voldoet niet"; the run is undecided, with the transport error as the reason.
        results = [_unreachable(result, run) for result in results]
    return results


def _unreachable(result: LiveResult, run: LiveRun) -> LiveResult:
    return LiveResult(
        result.id,
        UNDETERMINED,
        Message("live:unreachable", {"error": run.last_error or "-"}),
        result.evidence,
        result.level,
        RUNNER_MESSAGES,
    )


def _budget(check: LiveCheck, key: str, run: LiveRun, evidence: list[str] | None = None) -> LiveResult:
    params = {"used": run.budget.used} if key == "budget" else {}
    return LiveResult(
        check.id,
        UNDETERMINED,
        Message(f"live:{key}", params),
        list(evidence or []),
        check.level,
        RUNNER_MESSAGES,
    )


def live_conformance(
    base_url: str,
    standard: StandardVersion,
    std_document: OasDocument,
    *,
    headers: Mapping[str, str] | None = None,
    max_requests: int = 200,
    max_seconds: float = 60.0,
    cacert: str | None = None,
    timeout: float = 10.0,
) -> LiveReport:
    """Run the live checks against ``base_url`` (the API root, e.g. ``https://host/zaken/api/v1``)."""
    from pathlib import Path

    from cgcomply.http import HttpOptions, Session

    side = Side(std_document, "standard")
    side.index_operations(0)
    session = Session()
    if headers:
        session.bind_credentials(base_url, headers)
    options = HttpOptions(
        read_timeout=timeout, total_timeout=max(timeout * 2, 10.0), cacert=Path(cacert) if cacert else None
    )
    budget = Budget(max_requests, max_seconds)
    started = time.monotonic()
    client = session.client(base_url, options)
    try:
        run = LiveRun(base_url.rstrip("/"), client, budget, side, standard)
        results = run_checks(run)
    finally:
        client.close()
    return LiveReport(base_url, standard, results, budget.used, time.monotonic() - started)


__all__ = [
    "FAIL",
    "LIVE_CHECKS",
    "PASS",
    "UNDETERMINED",
    "Budget",
    "LiveCheck",
    "LiveReport",
    "LiveResult",
    "json_schema",
    "live_check_by_id",
    "live_conformance",
]
