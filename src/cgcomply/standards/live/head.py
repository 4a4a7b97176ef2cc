"""``live.head``: HEAD answers with GET's status and headers and without a body."""

from __future__ import annotations

from cgcomply.i18n import Param, Text
from cgcomply.standards.live.base import MUST, LiveResult, evidence, live_check
from cgcomply.standards.live.context import LiveRun

_COMPARED = ("API-version", "ETag", "Content-Type", "Content-Crs")


def _run(run: LiveRun) -> LiveResult | None:
    heads = {op.key.replace("HEAD ", "GET ", 1) for op in run.operations("head")}
    if not heads:
        return None  # the standard has no HEAD operations
    failed, passed = [], []
    for fetched in run.crawl():
        if fetched.op.key not in heads or fetched.status != 200:
            continue
        got = fetched.exchange
        head = run.get(fetched.url, method="HEAD")
        differ = [name for name in _COMPARED if head.header(name) != got.header(name)]
        if head.status != got.status or differ or head.body:
            extra: Param = evidence("body-bytes", count=len(head.body)) if head.body else ""
            failed.append(
                evidence(
                    "head-differs",
                    request=head.describe(),
                    status=got.status or "-",
                    differ=", ".join(differ) or "-",
                    extra=extra,
                )
            )
        else:
            passed.append(head.describe())
    return CHECK.tally(failed, passed, count=len(heads))


CHECK = live_check(
    "live.head",
    level=MUST,
    order=100,
    title=Text("HEAD geeft de headers van GET zonder body", "HEAD gives GET's headers without a body"),
    what=Text(
        "Stuurt HEAD op elke resource waarop de standaard HEAD declareert en vergelijkt status, API-version, "
        "ETag, Content-Type en Content-Crs met die van GET; een body mag er niet zijn.",
        "Sends HEAD on every resource on which the standard declares HEAD and compares the status, "
        "API-version, ETag, Content-Type and Content-Crs with GET's; there may be no body.",
    ),
    why=Text(
        "Clients gebruiken HEAD om te zien of een resource bestaat of veranderd is (ETag) zonder hem te laden.",
        "Clients use HEAD to see whether a resource exists or changed (ETag) without loading it.",
    ),
    fix=Text(
        "Beantwoord HEAD zoals GET, met dezelfde headers en zonder body.",
        "Answer HEAD as GET, with the same headers and without a body.",
    ),
    messages={
        "ok": Text("{count} HEAD-antwoorden gelijk aan GET", "{count} HEAD answers equal to GET"),
        "fails": Text("{count} HEAD-antwoorden wijken af van GET", "{count} HEAD answers differ from GET"),
        "no-data": Text(
            "geen gegevens om te lezen: {count} HEAD-operaties niet getest",
            "no data to read: {count} HEAD operations not tested",
        ),
    },
)(_run)
