"""``live.etag``: detail answers carry the ``ETag`` the standard declares, and ``If-None-Match`` gives 304."""

from __future__ import annotations

from cgcomply.i18n import Param, Text
from cgcomply.standards.live.base import MUST, LiveResult, evidence, live_check
from cgcomply.standards.live.context import LiveRun
from cgcomply.standards.live.schema import response_headers


def _run(run: LiveRun) -> LiveResult | None:
    declared = [op for op in run.operations("get") if "etag" in response_headers(run.side, op)]
    if not declared:
        return None  # the standard declares no ETag
    keys = {op.key for op in declared}
    failed: list[Param] = []
    passed: list[Param] = []
    for fetched in run.crawl():
        if fetched.op.key not in keys or fetched.status != 200:
            continue
        etag = fetched.exchange.header("ETag")
        if not etag:
            failed.append(evidence("with", request=fetched.exchange.describe(), detail="ETag: -"))
            continue
        again = run.get(fetched.url, headers={"If-None-Match": etag})
        if again.status != 304:
            failed.append(evidence("304-expected", request=again.describe(), etag=etag))
        elif again.body:
            failed.append(evidence("304-body", request=again.describe()))
        else:
            passed.append(evidence("with", request=again.describe(), detail="If-None-Match"))
    return CHECK.tally(failed, passed, count=len(declared))


CHECK = live_check(
    "live.etag",
    level=MUST,
    order=90,
    title=Text("ETag en 304 op If-None-Match", "ETag and 304 on If-None-Match"),
    what=Text(
        "Leest de ETag van elk detailantwoord waarop de standaard ETag declareert, vraagt hetzelfde opnieuw "
        "met If-None-Match en verwacht 304 zonder body.",
        "Reads the ETag of every detail answer on which the standard declares ETag, asks the same again with "
        "If-None-Match and expects 304 without a body.",
    ),
    why=Text(
        "HTTP-caching is deel van de ZGW-standaarden: clients en caches vragen met If-None-Match of een "
        "resource veranderd is, zonder hem opnieuw te laden.",
        "HTTP caching is part of the ZGW standards: clients and caches ask with If-None-Match whether a "
        "resource changed, without loading it again.",
    ),
    fix=Text(
        "Stuur een ETag op elk detailantwoord en antwoord 304 Not Modified als If-None-Match erop past.",
        "Send an ETag on every detail answer and answer 304 Not Modified when If-None-Match matches it.",
    ),
    messages={
        "ok": Text("{count} detailantwoorden: ETag en 304", "{count} detail answers: ETag and 304"),
        "fails": Text("{count} afwijkingen van ETag/304", "{count} deviations from ETag/304"),
        "no-data": Text(
            "geen gegevens om te lezen: {count} detailoperaties met ETag niet getest",
            "no data to read: {count} detail operations with ETag not tested",
        ),
    },
)(_run)
