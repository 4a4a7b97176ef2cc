"""``live.response-schema``: the bodies the API returns validate against the *standard's* response schemas."""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.standards.live.base import FAIL, MUST, PASS, UNDETERMINED, LiveResult, live_check
from cgcomply.standards.live.context import LiveRun
from cgcomply.standards.live.schema import problems_of


def _run(run: LiveRun) -> LiveResult:
    failed, validated = [], []
    has_data = False
    for fetched in run.crawl():
        if fetched.body is None:
            continue
        has_data = has_data or bool(fetched.rows) or not fetched.is_list
        problems = problems_of(run.side, fetched.op, fetched.body)
        if problems is None:
            continue
        line = f"GET {fetched.op.path}"
        if problems:
            failed.append(f"{line}: " + "; ".join(problems))
        else:
            validated.append(line)
    if failed:
        return CHECK.result(FAIL, "deviates", failed, count=len(failed))
    if not has_data:
        return CHECK.result(UNDETERMINED, "no-data", validated[:5])
    return CHECK.result(PASS, "validated", validated, count=len(validated))


CHECK = live_check(
    "live.response-schema",
    level=MUST,
    order=30,
    title=Text(
        "Antwoorden voldoen aan de schema's van de standaard",
        "Responses validate against the standard's schemas",
    ),
    what=Text(
        "Valideert elk 200-antwoord van de crawl tegen het responseschema van de standaard (niet van de "
        "implementatie): verplichte velden, types, enums, formats en nullability; extra velden mogen.",
        "Validates every 200 answer of the crawl against the standard's response schema (not the "
        "implementation's): required fields, types, enums, formats and nullability; extra fields are allowed.",
    ),
    why=Text(
        "Een client is geschreven tegen de schema's van de standaard; een ontbrekend verplicht veld of een "
        "waarde buiten de enum breekt hem, ook als het eigen document van de leverancier het zo beschrijft.",
        "A client is written against the standard's schemas; a missing required field or a value outside the "
        "enum breaks it, even when the supplier's own document describes it that way.",
    ),
    fix=Text(
        "Lever elk verplicht veld, alleen waarden uit de enums van de standaard, en null alleen waar de "
        "standaard nullable zegt.",
        "Return every required field, only values from the standard's enums, and null only where the "
        "standard says nullable.",
    ),
    messages={
        "validated": Text("{count} antwoorden gevalideerd", "{count} responses validated"),
        "deviates": Text(
            "{count} antwoorden wijken af van het schema van de standaard",
            "{count} responses deviate from the standard's schema",
        ),
        "no-data": Text(
            "geen gegevens om te lezen: lege lijsten bewijzen niets",
            "no data to read: empty lists prove nothing",
        ),
    },
)(_run)
