"""Messages that belong to no single check unit: a check that crashed, a requirement's verdict.

A check's own messages live in its unit (``messages={...}`` beside the code). What is listed here is
shared machinery: ``check:*`` for the static-check runner, ``verdict:*`` for the verdict per requirement
(``verification.py``). Each entry is a :class:`~cgcomply.i18n.Text`, Dutch first; the placeholders of both
languages are the same (a test checks every table).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from cgcomply.i18n import Text

GENERIC: Mapping[str, Text] = MappingProxyType(
    {
        "check:crashed": Text(
            "de controle kon niet worden uitgevoerd: {error}", "the check could not run: {error}"
        ),
        "check:part-skipped": Text(
            "een deel van het document is overgeslagen: {problem}",
            "part of the document was skipped: {problem}",
        ),
        "verify:no-document-given": Text("geen OpenAPI-document opgegeven", "no OpenAPI document given"),
        "verify:document-unreadable": Text(
            "het gepubliceerde document kon niet worden gelezen: {error}",
            "the published document could not be read: {error}",
        ),
        "verify:document-not-fetched": Text(
            "geen OpenAPI-document: {url} kon niet worden opgehaald",
            "no OpenAPI document: {url} could not be fetched",
        ),
        "check:document-not-indexed": Text(
            "het document kon niet worden geïndexeerd: {error}", "the document could not be indexed: {error}"
        ),
        # evidence notes: several parts in one note, and a text recorded as a tool or a server wrote it
        "note:joined": Text("{first}; {rest}", "{first}; {rest}"),
        "note:quoted": Text("{text}", "{text}"),
        "verdict:manual": Text("handmatig: {text}", "manual: {text}"),
        "verdict:manual-bare": Text("handmatig", "manual"),
        "verdict:not-run": Text("{check}: niet uitgevoerd", "{check}: not run"),
        "verdict:not-run-no-url": Text(
            "{check}: niet uitgevoerd (geen --url opgegeven)", "{check}: not run (no --url given)"
        ),
        "verdict:failed": Text("{check}: {first}", "{check}: {first}"),
        "verdict:failed-more": Text("{check}: {first} (+{more} meer)", "{check}: {first} (+{more} more)"),
        "verdict:failed-bare": Text("{check}: gefaald", "{check}: failed"),
        "verdict:could-not-run": Text("{check}: {reason}", "{check}: {reason}"),
        "verdict:could-not-run-bare": Text("{check}: kon niet worden uitgevoerd", "{check}: could not run"),
        "verdict:needs-person": Text("{check}: {reason}", "{check}: {reason}"),
        "verdict:needs-person-bare": Text(
            "{check}: een persoon moet oordelen", "{check}: a person must judge"
        ),
        "verdict:not-run-opt-in": Text(
            "{check}: niet uitgevoerd; voer uit met {option}", "{check}: not run; run it with {option}"
        ),
        "verdict:functional": Text(
            "{check}: in ADR {adr} een functionele regel; een persoon moet oordelen",
            "{check}: a functional rule in ADR {adr}; a person must judge",
        ),
        "verdict:no-check-ran": Text(
            "geen van de controles van deze eis is uitgevoerd", "none of this requirement's checks ran"
        ),
        "check:not-decided-unresolved": Text(
            "niet vastgesteld: {count} $ref(s) konden niet worden gevolgd (zoals {ref}), en wat erachter "
            "ligt kan deze controle raken ({reason})",
            "not determined: {count} $ref(s) could not be followed (such as {ref}), and what lies behind "
            "them can affect this check ({reason})",
        ),
        "verdict:review": Text(
            "geautomatiseerde controles geslaagd; beoordeel handmatig: {text}",
            "automated checks passed; review by hand: {text}",
        ),
        "verdict:should": Text("BEHOORT (SHOULD): {part}", "SHOULD: {part}"),
        "verdict:accepted": Text(
            "{check}: alle bevindingen geaccepteerd ({count})", "{check}: every finding accepted ({count})"
        ),
        # accepted findings (cgcomply.ignores): the label beside the finding, and problems with entries
        "accept:baseline": Text(
            "geaccepteerd: staat in de baseline {origin}", "accepted: in the baseline {origin}"
        ),
        "accept:ignore": Text("geaccepteerd ({origin}): {reason}", "accepted ({origin}): {reason}"),
        "accept:ignore-until": Text(
            "geaccepteerd tot {until} ({origin}): {reason}", "accepted until {until} ({origin}): {reason}"
        ),
        "accept:inline": Text(
            "geaccepteerd in het document ({origin}): {reason}",
            "accepted in the document ({origin}): {reason}",
        ),
        "accept:inline-until": Text(
            "geaccepteerd in het document tot {until} ({origin}): {reason}",
            "accepted in the document until {until} ({origin}): {reason}",
        ),
        "accept:expired-ignore": Text(
            "acceptatie verlopen op {until} ({origin}: {reason}); de bevinding telt weer",
            "acceptance expired on {until} ({origin}: {reason}); the finding counts again",
        ),
        "accept:expired-inline": Text(
            "acceptatie in het document verlopen op {until} ({origin}: {reason}); de bevinding telt weer",
            "acceptance in the document expired on {until} ({origin}: {reason}); the finding counts again",
        ),
        "accept:inline-not-list": Text(
            "x-cgcomply-ignore op {pointer} genegeerd: verwacht een lijst van regels met 'check' en 'reden'",
            "x-cgcomply-ignore at {pointer} ignored: expected a list of entries with 'check' and 'reden'",
        ),
        "accept:inline-bad-entry": Text(
            "x-cgcomply-ignore-regel {pointer} genegeerd: verwacht een object met 'check' en 'reden'",
            "x-cgcomply-ignore entry {pointer} ignored: expected a mapping with 'check' and 'reden'",
        ),
        "accept:inline-no-check": Text(
            "x-cgcomply-ignore-regel {pointer} genegeerd: 'check' (een controle-id of een lijst) ontbreekt",
            "x-cgcomply-ignore entry {pointer} ignored: 'check' (a check id or a list) is missing",
        ),
        "accept:inline-no-reason": Text(
            "x-cgcomply-ignore-regel {pointer} genegeerd: 'reden' ontbreekt",
            "x-cgcomply-ignore entry {pointer} ignored: 'reden' (the reason) is missing",
        ),
        "accept:inline-bad-date": Text(
            "x-cgcomply-ignore-regel {pointer} genegeerd: 'tot' is geen datum JJJJ-MM-DD ({value})",
            "x-cgcomply-ignore entry {pointer} ignored: 'tot' is not a date YYYY-MM-DD ({value})",
        ),
    }
)
