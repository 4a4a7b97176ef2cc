"""``live.expand``: ``?expand=`` (ZGW 1.5 and later) embeds the linked resources under ``_expand``, valid
against the standard's schema."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from cgcomply.i18n import Param, Text
from cgcomply.standards.live.base import MUST, LiveResult, evidence, live_check
from cgcomply.standards.live.context import Fetched, LiveRun
from cgcomply.standards.live.schema import problems_of

_PER_OPERATION = 2  # expand names tried per operation


def _item(fetched: Fetched) -> dict[str, Any] | None:
    if fetched.is_list:
        return fetched.rows[0] if fetched.rows else None
    return fetched.body if isinstance(fetched.body, dict) else None


def _names(item: dict[str, Any]) -> list[str]:
    """Fields of ``item`` that link to another resource (a URL, or a list of URLs)."""
    names = []
    for key, value in item.items():
        if key in ("url", "_expand"):
            continue
        links = value if isinstance(value, list) and value else [value]
        if all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in links):
            names.append(key)
    return names


def _embedded(answer: Any, fetched: Fetched, name: str) -> Any:
    body = answer.json()
    if fetched.is_list:
        rows = body.get("results") if isinstance(body, dict) else body
        item = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
    else:
        item = body if isinstance(body, dict) else None
    expanded = item.get("_expand") if isinstance(item, dict) else None
    return expanded.get(name) if isinstance(expanded, dict) else None


def _run(run: LiveRun) -> LiveResult | None:
    candidates = [f for f in run.crawl() if ("query", "expand") in f.op.params]
    if not any(("query", "expand") in op.params for op in run.operations("get")):
        return None  # the standard has no expand (before ZGW 1.5)
    failed: list[Param] = []
    passed: list[Param] = []
    for fetched in candidates:
        item = _item(fetched) if fetched.status == 200 else None
        if item is None:
            continue
        for name in _names(item)[:_PER_OPERATION]:
            url = f"{fetched.url}{'&' if '?' in fetched.url else '?'}expand={quote(name)}"
            answer = run.get(url)
            embedded = _embedded(answer, fetched, name) if answer.status == 200 else None
            if answer.status != 200:
                failed.append(answer.describe())
                continue
            if not isinstance(embedded, dict | list):
                failed.append(evidence("no-expand", request=answer.describe(), name=name))
                continue
            problems = problems_of(run.side, fetched.op, answer.json())
            if problems:
                failed.append(evidence("colon", request=answer.describe(), detail="; ".join(problems)))
            else:
                passed.append(evidence("colon", request=answer.describe(), detail=f"_expand.{name}"))
    return CHECK.tally(failed, passed)


CHECK = live_check(
    "live.expand",
    level=MUST,
    order=80,
    title=Text(
        "expand neemt gelinkte resources op onder _expand", "expand embeds linked resources under _expand"
    ),
    what=Text(
        "Vraagt op elke operatie met de queryparameter expand tot twee velden van de eerste rij die naar een "
        "andere resource verwijzen op, en controleert dat _expand.<veld> terugkomt en het antwoord, met "
        "_expand, voldoet aan het schema van de standaard.",
        "On every operation with the expand query parameter, asks up to two fields of the first row that link "
        "to another resource, and checks that _expand.<field> comes back and the answer, _expand included, "
        "validates against the standard's schema.",
    ),
    why=Text(
        "Vanaf ZGW 1.5 is expand deel van de standaard (zrc-025 tot zrc-028): clients halen gelinkte "
        "resources in één verzoek op en lezen ze zoals het schema van de standaard zegt.",
        "From ZGW 1.5 expand is part of the standard (zrc-025 to zrc-028): clients fetch linked resources in "
        "one request and read them as the standard's schema says.",
    ),
    fix=Text(
        "Implementeer expand voor de velden die de standaard noemt en geef de gelinkte resources onder "
        "_expand in de vorm van hun eigen schema.",
        "Implement expand for the fields the standard names and return the linked resources under _expand in "
        "the shape of their own schema.",
    ),
    messages={
        "ok": Text("{count} expand-verzoeken geslaagd", "{count} expand requests passed"),
        "fails": Text("{count} expand-verzoeken mislukt", "{count} expand requests failed"),
        "no-data": Text(
            "geen gegevens met een gelinkte resource om te expanderen",
            "no data with a linked resource to expand",
        ),
    },
)(_run)
