"""``live.crs``: ``Content-Crs`` comes back when ``Accept-Crs`` is sent, and the declared 412 when it is not."""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.live.base import MUST, LiveResult, evidence, live_check
from cgcomply.standards.live.context import LiveRun
from cgcomply.standards.live.schema import responses


def _run(run: LiveRun) -> LiveResult | None:
    geo = [f for f in run.crawl() if ("header", "accept-crs") in f.op.params]
    if not geo:
        return None  # the standard has no geo operations
    problems, passed = [], []
    for fetched in geo:
        if fetched.status != 200:
            continue
        path = fetched.op.path
        if not fetched.exchange.header("Content-Crs"):
            problems.append(
                evidence(
                    "with",
                    request=fetched.exchange.describe(),
                    detail="Accept-Crs: EPSG:4326; Content-Crs: -",
                )
            )
        if "412" in responses(run.side, fetched.op):
            without = run.get(fetched.url)
            if without.status != 412:
                problems.append(evidence("crs-412", request=without.describe()))
        passed.append(f"GET {path}")
    return CHECK.tally(problems, passed, empty="no-answer")


CHECK = live_check(
    "live.crs",
    level=MUST,
    order=50,
    title=Text("Content-Crs bij Accept-Crs, 412 zonder", "Content-Crs with Accept-Crs, 412 without"),
    what=Text(
        "Stuurt op elke operatie met de header Accept-Crs EPSG:4326 mee en verwacht Content-Crs terug; "
        "zonder Accept-Crs verwacht hij de 412 die de standaard declareert.",
        "Sends Accept-Crs EPSG:4326 on every operation that has the header and expects Content-Crs back; "
        "without Accept-Crs it expects the 412 the standard declares.",
    ),
    why=Text(
        "Geometrieën zonder afgesproken coördinatenstelsel worden verkeerd getoond; de standaard maakt "
        "de onderhandeling verplicht.",
        "Geometries without an agreed coordinate system are shown wrongly; the standard makes the "
        "negotiation mandatory.",
    ),
    fix=Text(
        "Geef Content-Crs terug bij Accept-Crs en antwoord 412 Precondition Failed als Accept-Crs ontbreekt.",
        "Return Content-Crs with Accept-Crs and answer 412 Precondition Failed when Accept-Crs is missing.",
    ),
    messages={
        "ok": Text("{count} operaties: Content-Crs en 412", "{count} operations: Content-Crs and 412"),
        "fails": Text(
            "{count} afwijkingen in de CRS-onderhandeling", "{count} deviations in the CRS negotiation"
        ),
        "no-answer": Text("geen geo-operatie antwoordde met 200", "no geo operation answered with 200"),
    },
)(_run)
