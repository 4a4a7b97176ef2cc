"""probe.no-trailing-slash: a path with a trailing slash gives 404, not a redirect.

ADR ``/core/no-trailing-slash`` (2.0.2, 2.1.0, 2.2.0; MUST): "Leave off trailing slashes from URIs";
"requesting a resource with a trailing slash MUST result in a 404 (not found) error response and not a
redirect". The static check covers the document; this probe covers the running API.

What it checks: a parameterless GET path from the document (e.g. ``/zaken``) answers normally, and the
same path with ``/`` appended answers 404; redirects are not followed here, a 3xx is the failure the ADR
names. Any other answer (200, 400, 500) fails as well.
"""

from __future__ import annotations

from cgcomply.i18n import Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import could_not_run, finding, judged, no_document, unusable
from cgcomply.probes.context import ProbeContext
from cgcomply.results import ADR_VERSIONS, CheckInfo, CheckResult, Kind, Level, Severity, Status

CHECK = CheckInfo(
    id="probe.no-trailing-slash",
    adr_rule="/core/no-trailing-slash",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=ADR_VERSIONS,
    title=Text(
        "Een verzoek met een slash aan het eind krijgt 404, geen doorverwijzing",
        "A request with a trailing slash gets 404, not a redirect",
    ),
    what=Text(
        "GET op een pad zonder parameters uit het document, met '/' erachter, moet 404 geven, geen 3xx of 200.",
        "GET on a parameterless path from the document with '/' appended must answer 404, not 3xx or 200.",
    ),
    why=Text(
        "Eén URI per resource: een doorverwijzing of een tweede URI maakt links, caches en toegangsregels "
        "dubbelzinnig.",
        "One URI per resource: a redirect or a second URI makes links, caches and access rules ambiguous.",
    ),
    fix=Text(
        "Zet de doorverwijzing 'slash toevoegen/weghalen' van het framework uit (bijvoorbeeld Django "
        "APPEND_SLASH, trailing-slash matching van Spring), zodat /zaken/ gewoon niet gevonden wordt.",
        "Disable the framework's 'append/strip slash' redirect (e.g. Django APPEND_SLASH, Spring "
        "trailing-slash matching) so that /zaken/ is simply not found.",
    ),
    explanation=Text(
        "Een URI eindigt niet op een slash; vraagt een client /zaken/ op, dan moet de API 404 antwoorden en "
        "niet doorverwijzen naar /zaken.",
        "A URI does not end with a slash; when a client asks for /zaken/, the API must answer 404 and not "
        "redirect to /zaken.",
    ),
)

HEADERS = ("location", "content-type", "api-version")


def run(ctx: ProbeContext) -> CheckResult:
    collection = ctx.collection_path()
    if collection is None:
        if ctx.document is None:
            return no_document(CHECK)
        return CheckResult(
            info=CHECK,
            status=Status.NOT_APPLICABLE,
            reason="the document has no GET path without parameters to try a trailing slash on",
        )
    plain = ctx.get_json(ctx.url(collection))
    problem = unusable(CHECK, plain, f"GET {collection}")
    if problem:
        return problem
    if plain.status == 404:
        return could_not_run(
            CHECK, f"GET {ctx.url(collection)} itself answers 404; a trailing slash cannot be judged", plain
        )
    slashed = ctx.fetch(
        "GET", ctx.url(collection) + "/", {"Accept": "application/json"}, follow_redirects=False
    )
    problem = unusable(CHECK, slashed, f"GET {collection}/")
    if problem:
        return problem
    url = ctx.url(collection) + "/"
    if slashed.status == 404:
        return judged(CHECK, [finding(Severity.INFO, f"GET {url} -> 404", slashed, headers=HEADERS)])
    status = slashed.status or 0
    if 300 <= status < 400:
        location = slashed.header("location") or "no Location"
        message = f"GET {url} redirects ({status} to {location}) instead of answering 404"
    elif 200 <= status < 300:
        message = (
            f"GET {url} answers {status}: the resource is also served with a trailing slash; 404 expected"
        )
    else:
        message = f"GET {url} answers {status}; 404 expected"
    return judged(CHECK, [finding(Severity.ERROR, message, slashed, headers=HEADERS)])


PROBE = Probe(info=CHECK, run=run, order=30)
