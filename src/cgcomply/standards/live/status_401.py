"""``live.unauthenticated-401``: a request without credentials gets 401, not 403 (SHOULD)."""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.live.base import FAIL, PASS, SHOULD, UNDETERMINED, LiveResult, live_check
from cgcomply.standards.live.context import LiveRun
from cgcomply.standards.live.unauthenticated import without_credentials


def _run(run: LiveRun) -> LiveResult | None:
    asked = without_credentials(run)
    if asked is None:
        return None
    op, exchange, evidence = asked
    if exchange.status == 401:
        return CHECK.result(PASS, "ok", evidence, path=op.path)
    if exchange.status == 403:
        return CHECK.result(FAIL, "forbidden", evidence, path=op.path)
    return CHECK.result(UNDETERMINED, "other", evidence, path=op.path, status=exchange.status or "-")


CHECK = live_check(
    "live.unauthenticated-401",
    level=SHOULD,
    order=111,
    title=Text("401 (niet 403) zonder credentials", "401 (not 403) without credentials"),
    what=Text(
        "Kijkt of het antwoord zonder credentials 401 Unauthorized is; 403 Forbidden hoort bij een client die "
        "wel bekend is maar de scope mist.",
        "Looks whether the answer without credentials is 401 Unauthorized; 403 Forbidden belongs to a client "
        "that is known but lacks the scope.",
    ),
    why=Text(
        "Met 401 weet een client dat hij credentials moet meesturen, met 403 dat hij een andere autorisatie "
        "nodig heeft. De referentie-implementaties gaven 403 (gemma-zaken#1495, open-zaak#291, nog open): "
        "daarom BEHOORT (SHOULD), niet MOET.",
        "With 401 a client knows it must send credentials, with 403 that it needs another authorisation. The "
        "reference implementations gave 403 (gemma-zaken#1495, open-zaak#291, still open): hence SHOULD, not "
        "MUST.",
    ),
    fix=Text(
        "Antwoord 401 met WWW-Authenticate als er geen of een ongeldig token is, 403 als het token de scope mist.",
        "Answer 401 with WWW-Authenticate when there is no or an invalid token, 403 when the token lacks the "
        "scope.",
    ),
    messages={
        "ok": Text("GET {path} zonder credentials: 401", "GET {path} without credentials: 401"),
        "forbidden": Text(
            "GET {path} zonder credentials: 403 in plaats van 401",
            "GET {path} without credentials: 403 instead of 401",
        ),
        "other": Text(
            "GET {path} zonder credentials: {status}, geen weigering om te beoordelen",
            "GET {path} without credentials: {status}, no refusal to judge",
        ),
    },
)(_run)
