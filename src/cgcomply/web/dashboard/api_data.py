"""The JSON API's answers, as plain data: one function per operation of ``api_document.py``.

Each function takes the :class:`MarketReader` and the validated arguments and returns the JSON body, or
``None`` when the resource does not exist (404). The Flask routes in :mod:`cgcomply.web.dashboard.api` only
parse the query and call these.
"""

from __future__ import annotations

from typing import Any

from cgcomply.web.dashboard import pages
from cgcomply.web.dashboard.api_document import PAGE_SIZE
from cgcomply.web.dashboard.data import MarketReader, ResultInfo, RunInfo, TargetInfo


def target_id(key: str) -> str:
    """A deployment key as a path segment: ``acme/zaken/prod`` -> ``acme~zaken~prod`` (keys have no ``~``)."""
    return key.replace("/", "~")


def key_of(target: str) -> str:
    return target.replace("~", "/")


def _page(items: list[Any], page: int) -> dict[str, Any]:
    start = (page - 1) * PAGE_SIZE
    return {
        "count": len(items),
        "page": page,
        "pageSize": PAGE_SIZE,
        "results": items[start : start + PAGE_SIZE],
    }


def verdict_json(result: ResultInfo | None, key: str) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "runId": result.run_id,
        "targetId": target_id(key),
        "state": result.state,
        "verdict": pages.verdict_key(result),
        "exitCode": result.exit_code,
        "finishedAt": result.finished_at,
        "reportSha256": result.report_sha256,
        "requirements": [{"id": rid, "verdict": v} for rid, v in sorted(result.requirements.items())],
        "standards": [{"standard": s, "verdict": v} for s, v in sorted(result.standards.items())],
    }


def target_json(target: TargetInfo, latest: ResultInfo | None) -> dict[str, Any]:
    return {
        "id": target_id(target.key),
        "key": target.key,
        "supplier": {"id": target.supplier_id, "name": target.supplier_name},
        "product": {"id": target.product_id, "name": target.product_name, "version": target.product_version},
        "organisation": target.organisation,
        "environment": target.environment,
        "baseUrl": target.base_url,
        "oasUrl": target.oas_url,
        "profile": target.profile,
        "standards": list(target.standards),
        "retired": target.retired,
        "latest": verdict_json(latest, target.key),
    }


def run_json(run: RunInfo, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "id": run.id,
        "startedAt": run.started_at,
        "finishedAt": run.finished_at,
        "status": run.status,
        "toolVersion": run.tool_version,
        "counts": {v: counts.get(v, 0) for v in ("pass", "fail", "undetermined", "manual")},
    }


def targets(reader: MarketReader, filters: pages.Filters, page: int) -> dict[str, Any]:
    """Every deployment of the latest run's overview (retired ones left out), filtered, with its verdict."""
    view = pages.market(reader, "nl", filters)
    results = reader.results(view.run.id) if view.run else {}
    return _page([target_json(row.target, results.get(row.target.key)) for row in view.rows], page)


def target(reader: MarketReader, target: str) -> dict[str, Any] | None:
    found = reader.target(key_of(target))
    if found is None:
        return None
    history = reader.history(found.key)
    return target_json(found, history[-1] if history else None)


def target_verdicts(reader: MarketReader, target: str, page: int) -> dict[str, Any] | None:
    found = reader.target(key_of(target))
    if found is None:
        return None
    history = reader.history(found.key)
    return _page([verdict_json(r, found.key) for r in reversed(history)], page)


def runs(reader: MarketReader, page: int) -> dict[str, Any]:
    counts = reader.verdict_counts()
    return _page([run_json(run, counts.get(run.id, {})) for run in reversed(reader.runs())], page)


def run(reader: MarketReader, run_id: int) -> dict[str, Any] | None:
    found = reader.run(run_id)
    if found is None:
        return None
    return run_json(found, reader.verdict_counts().get(run_id, {}))


def run_verdicts(
    reader: MarketReader, run_id: int, filters: pages.Filters, page: int
) -> dict[str, Any] | None:
    found = reader.run(run_id)
    if found is None:
        return None
    results = reader.results(run_id)
    targets_by_key = {t.key: t for t in reader.targets()}
    items = []
    for key, result in sorted(results.items()):
        known = targets_by_key.get(key)
        if known is None:
            continue
        row = pages.Row(
            target=known,
            verdict=pages.verdict_key(result),
            label="",
            date="",
            run_id=run_id,
            standards=(),
            requirements=(),
            search=pages.search_text(known),
        )
        if pages.matches(row, filters):
            items.append(verdict_json(result, key))
    return _page(items, page)


def findings(
    reader: MarketReader,
    page: int,
    run_id: int | None,
    target: str | None,
    check_id: str | None,
    severity: str | None,
) -> dict[str, Any] | None:
    chosen = reader.run(run_id) if run_id is not None else reader.latest_run()
    if chosen is None:
        return None if run_id is not None else _page([], page)
    total, rows = reader.findings(
        chosen.id,
        key=key_of(target) if target else None,
        check_id=check_id,
        severity=severity,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return {
        "count": total,
        "page": page,
        "pageSize": PAGE_SIZE,
        "results": [
            {
                "runId": f.run_id,
                "targetId": target_id(f.key),
                "checkId": f.check_id,
                "stableId": f.stable_id,
                "severity": f.severity,
                "location": f.location,
            }
            for f in rows
        ],
    }


def facets(reader: MarketReader) -> dict[str, Any]:
    view = pages.market(reader, "nl")
    names = {
        "supplier": "suppliers",
        "organisation": "organisations",
        "standard": "standards",
        "verdict": "verdicts",
    }
    return {
        "runId": view.run.id if view.run else None,
        **{
            names[name]: [{"value": f.value, "label": f.label, "count": f.count} for f in found]
            for name, found in view.facets.items()
        },
    }
