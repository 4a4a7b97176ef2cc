"""``live.pagination``: list operations with ``page`` follow the standard's pagination contract."""

from __future__ import annotations

from typing import Any

from cgcomply.i18n import Param, Text
from cgcomply.standards.live.base import MUST, LiveResult, evidence, live_check
from cgcomply.standards.live.context import Fetched, LiveRun

_KEYS = ("count", "next", "previous", "results")


def _problems(run: LiveRun, fetched: Fetched) -> list[Param]:
    body, path = fetched.body, fetched.op.path
    if not isinstance(body, dict):
        return [evidence("page-not-object", path=path, keys=", ".join(_KEYS))]
    missing = [key for key in _KEYS if key not in body]
    if missing:
        return [evidence("page-missing", path=path, keys=", ".join(missing))]
    problems: list[Param] = []
    results, count = body.get("results"), body.get("count")
    if body.get("previous") is not None:
        problems.append(evidence("page-previous", path=path, previous=repr(body.get("previous"))))
    if isinstance(count, int) and isinstance(results, list):
        more = count > len(results)
        following: Any = body.get("next")
        if more and not (isinstance(following, str) and following.startswith(run.base + "/")):
            problems.append(
                evidence("page-count", path=path, count=count, results=len(results), next=repr(following))
            )
        if not more and following is not None:
            problems.append(evidence("page-all", path=path, count=count, next=repr(following)))
    first = run.get(fetched.url + ("&" if "?" in fetched.url else "?") + "page=1")
    other = first.json()
    if not isinstance(other, dict) or other.get("count") != count or other.get("results") != results:
        problems.append(evidence("page-differs", request=first.describe(), path=path))
    return problems


def _run(run: LiveRun) -> LiveResult | None:
    paged = [f for f in run.crawl() if f.is_list and ("query", "page") in f.op.params]
    if not paged:
        return None
    problems: list[Param] = []
    checked: list[Param] = []
    for fetched in paged:
        if fetched.status != 200:
            continue
        found = _problems(run, fetched)
        problems.extend(found)
        if not found:
            checked.append(f"GET {fetched.op.path}")
    return CHECK.tally(problems, checked, empty="no-answer")


CHECK = live_check(
    "live.pagination",
    level=MUST,
    order=60,
    title=Text("Paginering volgens de standaard", "Pagination as the standard says"),
    what=Text(
        "Controleert op elke lijstoperatie met page: een object met count, next, previous en results; "
        "previous is null op pagina 1; next verwijst naar de volgende pagina zolang count meer is dan het "
        "aantal results, anders null; ?page=1 geeft hetzelfde als zonder page.",
        "Checks on every list operation with page: an object with count, next, previous and results; "
        "previous is null on page 1; next points to the following page while count exceeds the number of "
        "results, else null; ?page=1 gives the same as no page.",
    ),
    why=Text(
        "Clients bladeren met next tot die null is; een andere vorm of een verkeerde next laat ze gegevens "
        "missen of eindeloos doorgaan.",
        "Clients page with next until it is null; another shape or a wrong next makes them miss data or go "
        "on forever.",
    ),
    fix=Text(
        "Gebruik de pagineringsvorm van de standaard (count/next/previous/results, eerste pagina 1).",
        "Use the standard's pagination shape (count/next/previous/results, first page 1).",
    ),
    messages={
        "ok": Text(
            "{count} lijsten gepagineerd volgens de standaard", "{count} lists paginated as the standard says"
        ),
        "fails": Text("{count} afwijkingen van de paginering", "{count} deviations from the pagination"),
        "no-answer": Text(
            "geen gepagineerde lijst antwoordde met 200", "no paginated list answered with 200"
        ),
    },
)(_run)
