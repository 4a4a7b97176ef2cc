"""``live.api-version``: every answer carries ``API-version`` equal to the standard's version."""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.live.base import FAIL, MUST, PASS, UNDETERMINED, LiveResult, live_check
from cgcomply.standards.live.context import LiveRun


def _run(run: LiveRun) -> LiveResult:
    bad, seen = [], 0
    for fetched in run.crawl():
        exchange = fetched.exchange
        if exchange.status is None:
            continue
        seen += 1
        value = exchange.header("API-version")
        if value != run.standard.version:
            bad.append(f"GET {exchange.redact(fetched.url)}: API-version {value!r}")
    if bad:
        return CHECK.result(FAIL, "differs", bad, count=len(bad), expected=run.standard.version)
    if not seen:
        return CHECK.result(UNDETERMINED, "no-answer")
    return CHECK.result(PASS, "equal", version=run.standard.version, count=seen)


CHECK = live_check(
    "live.api-version",
    level=MUST,
    order=40,
    title=Text(
        "API-version gelijk aan de versie van de standaard", "API-version equals the standard's version"
    ),
    what=Text(
        "Leest de header API-version van elk antwoord van de crawl en vergelijkt hem met de versie van de "
        "standaard.",
        "Reads the API-version header of every answer of the crawl and compares it with the standard's "
        "version.",
    ),
    why=Text(
        "De standaard declareert API-version op elk antwoord; een client ziet eraan welke versie van de "
        "standaard hij spreekt.",
        "The standard declares API-version on every response; a client sees from it which version of the "
        "standard it talks to.",
    ),
    fix=Text(
        "Stuur op elk antwoord API-version met de volledige versie van de standaard (bijv. 1.5.1).",
        "Send API-version with the standard's full version (e.g. 1.5.1) on every response.",
    ),
    messages={
        "equal": Text(
            "API-version {version} op {count} antwoorden", "API-version {version} on {count} responses"
        ),
        "differs": Text(
            "API-version wijkt af van {expected} of ontbreekt ({count}x)",
            "API-version differs from {expected} or is missing ({count}x)",
        ),
        "no-answer": Text("geen antwoord om te lezen", "no response to read"),
    },
)(_run)
