"""``live.filters``: documented filters are accepted and obeyed; an invalid value gives 400 with problem details."""

from __future__ import annotations

import json
from urllib.parse import quote

from cgcomply.i18n import Param, Text
from cgcomply.standards.live.base import FAIL, MUST, PASS, UNDETERMINED, LiveResult, evidence, live_check
from cgcomply.standards.live.context import Fetched, LiveRun
from cgcomply.standards.live.schema import query_schema

_NOT_FILTERS = frozenset({"page", "pagesize", "expand", "fields", "ordering"})
_INVALID = "ongeldig {waarde}"
_PER_LIST = 2  # filters tried with a value per list


def _join(url: str, name: str, value: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{quote(name)}={quote(value, safe='')}"


def _as_query(value: object) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _matches(field: object, value: object) -> bool:
    return value in field if isinstance(field, list) else field == value


def _check_list(run: LiveRun, fetched: Fetched, failed: list[Param], passed: list[Param]) -> bool:
    """Try the list's filters; True when a filter was tried with a value from the data."""
    tried_value = False
    tried = 0
    invalid_done = False
    for (where, name), param in fetched.op.params.items():
        if where != "query" or name.lower() in _NOT_FILTERS:
            continue
        schema = query_schema(run.side, param) or {}
        row = fetched.rows[0] if fetched.rows else None
        value = row.get(name) if row is not None else None
        many = isinstance(value, list)
        if many and value and isinstance(value[0], str | int):
            value = value[0]  # a comma-separated filter on a list field: one of its values
        if tried < _PER_LIST and isinstance(value, str | int | bool) and not isinstance(value, float):
            tried += 1
            tried_value = True
            answer = run.get(_join(fetched.url, name, _as_query(value)))
            body = answer.json() if answer.status == 200 else None
            rows = body.get("results") if isinstance(body, dict) else body
            if answer.status != 200 or not isinstance(rows, list):
                failed.append(evidence("filter-value", request=answer.describe(), name=name))
            elif not rows:
                failed.append(
                    evidence("filter-empty", request=answer.describe(), name=name, value=repr(value))
                )
            else:
                wrong = [
                    r for r in rows if isinstance(r, dict) and name in r and not _matches(r[name], value)
                ]
                if wrong:
                    failed.append(
                        evidence(
                            "filter-wrong",
                            request=answer.describe(),
                            count=len(wrong),
                            name=name,
                            value=repr(value),
                        )
                    )
                else:
                    passed.append(
                        evidence(
                            "filter-obeyed",
                            path=fetched.op.path,
                            name=name,
                            count=len(rows),
                            value=repr(value),
                        )
                    )
        typed = schema.get("type") in ("integer", "number", "boolean") or schema.get("format") in (
            "uri",
            "date",
            "date-time",
            "uuid",
        )
        if typed and not invalid_done and not schema.get("enum"):
            invalid_done = True
            bad = run.get(_join(fetched.url, name, _INVALID))
            problem = bad.json() if bad.media_type == "application/problem+json" else None
            names = (
                [p.get("name") for p in problem.get("invalidParams") or [] if isinstance(p, dict)]
                if isinstance(problem, dict) and isinstance(problem.get("invalidParams"), list)
                else None
            )
            if bad.status != 400 or names is None:
                failed.append(
                    evidence("invalid-expected", request=bad.describe(), media_type=bad.media_type or "-")
                )
            elif name not in names:
                failed.append(evidence("invalid-other", request=bad.describe(), names=str(names), name=name))
            else:
                passed.append(
                    evidence("with", request=bad.describe(), detail=f"problem+json, invalidParams {name}")
                )
    return tried_value


def _run(run: LiveRun) -> LiveResult | None:
    lists = [
        f
        for f in run.crawl()
        if f.is_list
        and f.status == 200
        and any(w == "query" and n.lower() not in _NOT_FILTERS for w, n in f.op.params)
    ]
    declared = [
        op
        for op in run.operations("get")
        if any(w == "query" and n.lower() not in _NOT_FILTERS for w, n in op.params)
    ]
    if not declared:
        return None
    failed: list[Param] = []
    passed: list[Param] = []
    with_value = False
    for fetched in lists:
        with_value = _check_list(run, fetched, failed, passed) or with_value
    if failed:
        return CHECK.result(FAIL, "fails", failed, count=len(failed))
    if not with_value:
        return CHECK.result(UNDETERMINED, "no-data", passed)
    return CHECK.result(PASS, "ok", passed, count=len(passed))


CHECK = live_check(
    "live.filters",
    level=MUST,
    order=70,
    title=Text(
        "Filters geaccepteerd en gevolgd, ongeldige waarde geeft 400 met problem details",
        "Filters accepted and obeyed, an invalid value gives 400 with problem details",
    ),
    what=Text(
        "Vraagt per lijst tot twee gedocumenteerde filters op met een waarde uit de eerste rij en controleert "
        "dat elk resultaat die waarde heeft; stuurt één getypeerd filter (uri, datum, getal, boolean) met een "
        "ongeldige waarde en verwacht 400 application/problem+json met dat filter in invalidParams.",
        "Asks, per list, up to two documented filters with a value from the first row and checks that every "
        "result has that value; sends one typed filter (uri, date, number, boolean) with an invalid value and "
        "expects 400 application/problem+json naming that filter in invalidParams.",
    ),
    why=Text(
        "Een filter dat stil genegeerd wordt, geeft een client alle gegevens in plaats van de gevraagde; een "
        "ongeldige waarde zonder 400 verbergt fouten in de client.",
        "A filter that is silently ignored gives a client all data instead of the data asked for; an invalid "
        "value without 400 hides errors in the client.",
    ),
    fix=Text(
        "Implementeer elk filter van de standaard en valideer de waarden: 400 met invalidParams bij een "
        "ongeldige waarde.",
        "Implement every filter of the standard and validate the values: 400 with invalidParams for an "
        "invalid value.",
    ),
    messages={
        "ok": Text("{count} filterproeven geslaagd", "{count} filter tests passed"),
        "fails": Text("{count} filterproeven mislukt", "{count} filter tests failed"),
        "no-data": Text(
            "geen gegevens om een filter met een echte waarde te proberen",
            "no data to try a filter with a real value",
        ),
    },
)(_run)
