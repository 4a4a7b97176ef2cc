"""``live.operations-answer``: every GET operation of the standard answers (none 404, 405 or 5xx)."""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.live.base import FAIL, MUST, PASS, UNDETERMINED, LiveResult, live_check
from cgcomply.standards.live.context import LiveRun
from cgcomply.standards.normalise import scopes_of


def _run(run: LiveRun) -> LiveResult:
    crawl = run.crawl()
    missing, refused, forbidden, answered, unreached = [], [], [], [], []
    for fetched in crawl:
        status = fetched.status
        line = f"GET {fetched.op.path}: {status or fetched.exchange.error_kind}"
        if status == 401:
            refused.append(line)
        elif status == 403:
            forbidden.append(line)
        elif status is None:
            unreached.append(line)  # no answer (connection, timeout): proves neither presence nor absence
        elif status in (404, 405) or status >= 500:
            missing.append(line)
        else:
            answered.append(line)
    if missing:
        return CHECK.result(FAIL, "missing", missing, count=len(missing))
    if not answered:
        if forbidden:
            scopes: set[str] = set()
            for fetched in crawl:
                found = scopes_of(fetched.op.node.value.get("security") or run.side.global_security)
                scopes |= found or set()
            return CHECK.result(UNDETERMINED, "forbidden", forbidden, scopes=", ".join(sorted(scopes)) or "-")
        if refused:
            return CHECK.result(UNDETERMINED, "refused", refused)
        return CHECK.result(UNDETERMINED, "nothing", run.log[-3:])
    if unreached:
        return CHECK.result(UNDETERMINED, "unreached", answered + unreached, count=len(unreached))
    if run.skipped:
        untested = [f"GET {op.path}" for op in run.skipped]
        return CHECK.result(UNDETERMINED, "no-data", answered + untested, count=len(untested))
    return CHECK.result(PASS, "answer", answered, count=len(answered))


CHECK = live_check(
    "live.operations-answer",
    level=MUST,
    order=20,
    title=Text("Elke GET-operatie van de standaard antwoordt", "Every GET operation of the standard answers"),
    what=Text(
        "Vraagt elke GET-operatie van de standaard één keer op, lijsten eerst; de padparameters van "
        "detail- en geneste operaties komen uit de gegevens van de lijst erboven.",
        "Asks every GET operation of the standard once, lists first; the path parameters of detail and "
        "nested operations come from the data of the list above them.",
    ),
    why=Text(
        "De standaard MOET volledig geïmplementeerd zijn: een client die een operatie van de standaard "
        "aanroept en 404 of 405 krijgt, werkt niet met deze API.",
        "The standard MUST be implemented completely: a client that calls an operation of the standard and "
        "gets 404 or 405 does not work with this API.",
    ),
    fix=Text(
        "Implementeer de ontbrekende operaties; geef de test credentials met leesrechten (--header-env) en "
        "zorg voor testgegevens zodat elke detailoperatie te lezen is.",
        "Implement the missing operations; give the test credentials with read rights (--header-env) and "
        "provide test data so every detail operation can be read.",
    ),
    messages={
        "answer": Text("{count} operaties antwoorden", "{count} operations answer"),
        "missing": Text("{count} operaties antwoorden niet", "{count} operations do not answer"),
        "refused": Text(
            "credentials geweigerd (401): geef geldige credentials mee (--header-env)",
            "credentials refused (401): pass valid credentials (--header-env)",
        ),
        "forbidden": Text(
            "geen leesrechten (403): de credentials missen een scope van de standaard ({scopes})",
            "no read rights (403): the credentials lack a scope of the standard ({scopes})",
        ),
        "nothing": Text("geen enkele operatie kon worden gevraagd", "no operation could be asked"),
        "unreached": Text(
            "{count} operaties gaven geen antwoord (verbinding of time-out): niet vastgesteld",
            "{count} operations gave no answer (connection or time-out): not determined",
        ),
        "no-data": Text(
            "{count} detail- of geneste operaties niet getest: geen gegevens om te lezen",
            "{count} detail or nested operations not tested: no data to read",
        ),
    },
)(_run)
