"""probe.no-trailing-slash: a path with a trailing slash gives 404, not a redirect.

ADR ``/core/no-trailing-slash`` (2.0.2, 2.1.0, 2.2.0; MUST): "Leave off trailing slashes from URIs";
"requesting a resource with a trailing slash MUST result in a 404 (not found) error response and not a
redirect". The static check covers the document; this probe covers the running API.

What it checks, redirects never followed (a 3xx is the failure the ADR names, and its target is in the
message):

* a parameterless GET path from the document with ``/`` appended (``/zaken/``) answers 404. Any answer
  that is not a redirect decides it, with or without credentials: an API that routes before it
  authenticates answers 404 there either way. When the answer with credentials is a 401/403 or a
  precondition (406/412/415), the same request without credentials is tried; when neither decides, the
  check is not decided. Any other answer (200, 400, 500) fails.
* the API root itself: the base URL without a slash must not redirect to the one with a slash (a root
  served only as ``/zaken/api/v1/`` is a finding), and the base URL with a slash must not redirect (a
  second URI of a root that also answers with a slash is a warning: the root is rarely a declared
  resource).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from cgcomply.http import Exchange
from cgcomply.i18n import Param, Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import (
    AUTH_STATUSES,
    finding,
    is_precondition,
    joined,
    judged,
    message,
    precondition_message,
    with_common,
)
from cgcomply.probes.context import ProbeContext
from cgcomply.results import ADR_VERSIONS, CheckInfo, CheckResult, Finding, Kind, Level, Severity, Status

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
        "GET op een pad zonder parameters uit het document, met '/' erachter, moet 404 geven, geen 3xx of "
        "200 (met of zonder inloggegevens); de basis-URL zelf mag niet alleen met een slash erachter "
        "geleverd worden (geen doorverwijzing van /zaken/api/v1 naar /zaken/api/v1/).",
        "GET on a parameterless path from the document with '/' appended must answer 404, not 3xx or 200 "
        "(with or without credentials); the base URL itself must not be served only with a trailing slash "
        "(no redirect from /zaken/api/v1 to /zaken/api/v1/).",
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
    messages=with_common(
        {
            "plain-404": Text(
                "GET {url} geeft zelf al 404; een slash aan het eind is niet te beoordelen",
                "GET {url} itself answers 404; a trailing slash cannot be judged",
            ),
            "ok": Text("GET {url} -> 404{how}", "GET {url} -> 404{how}"),
            "redirects": Text(
                "GET {url} verwijst door ({status} naar {location}) in plaats van 404 te geven",
                "GET {url} redirects ({status} to {location}) instead of answering 404",
            ),
            "served": Text(
                "GET {url} geeft {status}: de resource wordt ook met een slash aan het eind geleverd; 404 "
                "verwacht",
                "GET {url} answers {status}: the resource is also served with a trailing slash; 404 expected",
            ),
            "other": Text(
                "GET {url} geeft {status}; 404 verwacht", "GET {url} answers {status}; 404 expected"
            ),
            "not-judged": Text(
                "GET {url}: {request} met en {without} zonder inloggegevens; geen antwoord dat het beslist",
                "GET {url}: {request} with and {without} without credentials; no answer that decides it",
            ),
            "refused": Text(
                "GET {url}: {request}; geef inloggegevens mee met --header-env of --header-file",
                "GET {url}: {request}; supply credentials with --header-env or --header-file",
            ),
            "root-redirects": Text(
                "de basis-URL {url} verwijst door ({status} naar {location}): de API-root wordt alleen met "
                "een slash aan het eind geleverd; lever hem op {url} zelf",
                "the base URL {url} redirects ({status} to {location}): the API root is served only with a "
                "trailing slash; serve it at {url} itself",
            ),
            "root-elsewhere": Text(
                "de basis-URL {url} verwijst door ({status} naar {location}); niet beoordeeld",
                "the base URL {url} redirects ({status} to {location}); not judged",
            ),
            "root-ok": Text(
                "de basis-URL {url} antwoordt zelf ({status}), zonder doorverwijzing",
                "the base URL {url} answers itself ({status}), without a redirect",
            ),
            "root-slash-served": Text(
                "GET {url} geeft {status} en de basis-URL zonder slash ook: de API-root heeft twee URI's; "
                "beter is 404 met een slash aan het eind",
                "GET {url} answers {status} and so does the base URL without it: the API root has two URIs; "
                "404 with a trailing slash is better",
            ),
            "root-not-judged": Text(
                "de basis-URL: {request}; niet beoordeeld", "the base URL: {request}; not judged"
            ),
            "undecided": Text(
                "niet alles kon worden beoordeeld: {details}", "not everything could be judged: {details}"
            ),
        }
    ),
)

HEADERS = ("location", "content-type", "api-version")
NO_LOCATION = Text("geen Location", "no Location")


WITHOUT_CREDENTIALS = Text(" (zonder inloggegevens)", " (without credentials)")
NOT_DECIDING = (*AUTH_STATUSES, 406, 412, 415)


def _slashed(ctx: ProbeContext, url: str, template: str | None, *, credentials: bool = True) -> Exchange:
    headers = {"Accept": "application/json"}
    if template is not None:
        headers["Accept"] = ctx.accept_for(template)
        headers.update(ctx.operation_headers(template))
    return ctx.fetch("GET", url, headers, credentials=credentials, follow_redirects=False)


def _decides(exchange: Exchange) -> bool:
    return not exchange.failed and exchange.status not in NOT_DECIDING


def _judge_slashed(url: str, exchange: Exchange, how: Text | str = "") -> Finding:
    status = exchange.status or 0
    if status == 404:
        return finding(Severity.INFO, message(CHECK, "ok", url=url, how=how), exchange, headers=HEADERS)
    if 300 <= status < 400:
        location: Param = exchange.header("location") or NO_LOCATION
        text = message(CHECK, "redirects", url=url, status=status, location=location)
    elif 200 <= status < 300:
        text = message(CHECK, "served", url=url, status=status)
    else:
        text = message(CHECK, "other", url=url, status=status)
    return finding(Severity.ERROR, text, exchange, headers=HEADERS)


def _collection_finding(ctx: ProbeContext, collection: str) -> tuple[Finding, bool]:
    """The finding on ``<collection>/`` and whether it decides."""
    template = ctx.template_of(collection)
    url = ctx.url(collection) + "/"
    slashed = _slashed(ctx, url, template)
    if _decides(slashed):
        if slashed.status == 404:
            plain = ctx.get_json(ctx.url(collection), template)
            if plain.status == 404:
                text = message(CHECK, "plain-404", url=ctx.url(collection))
                return finding(Severity.WARNING, text, plain, headers=HEADERS), False
        return _judge_slashed(url, slashed), True
    if ctx.options.extra_headers:  # an API that routes before it authenticates answers 404 either way
        anonymous = _slashed(ctx, url, template, credentials=False)
        if _decides(anonymous):
            return _judge_slashed(url, anonymous, WITHOUT_CREDENTIALS), True
        text = message(CHECK, "not-judged", url=url, request=slashed.describe(), without=anonymous.describe())
        return finding(Severity.WARNING, text, slashed, headers=HEADERS), False
    if is_precondition(slashed):
        return finding(Severity.WARNING, precondition_message(CHECK, slashed, f"GET {url}"), slashed), False
    if slashed.failed:
        text = message(CHECK, "no-response", purpose=f"GET {url}", request=slashed.describe())
    else:
        text = message(CHECK, "refused", url=url, request=slashed.describe())
    return finding(Severity.WARNING, text, slashed, headers=HEADERS), False


def _root_findings(ctx: ProbeContext) -> tuple[list[Finding], bool]:
    """Findings on the API root (the base URL with and without a slash) and whether they decide."""
    url = ctx.base_url
    root = ctx.fetch("GET", url, {"Accept": "application/json"}, follow_redirects=False)
    if root.failed:
        text = message(CHECK, "root-not-judged", request=root.describe())
        return [finding(Severity.WARNING, text, root, headers=HEADERS)], False
    status = root.status or 0
    if 300 <= status < 400:
        location = root.blocked_redirect or root.header("location") or ""
        target = urlsplit(urljoin(url + "/", location)) if location else None
        shown: Param = location or NO_LOCATION
        params: dict[str, Param] = {"url": url, "status": status, "location": shown}
        if target is not None and target.path.rstrip("/") == urlsplit(url).path.rstrip("/"):
            text = message(CHECK, "root-redirects", **params)
            return [finding(Severity.ERROR, text, root, headers=HEADERS)], True
        return [
            finding(Severity.WARNING, message(CHECK, "root-elsewhere", **params), root, headers=HEADERS)
        ], True
    findings = [
        finding(Severity.INFO, message(CHECK, "root-ok", url=url, status=status), root, headers=HEADERS)
    ]
    slashed = _slashed(ctx, url + "/", None)
    if not _decides(slashed):
        return findings, True  # the root's slash form is judged only when it answers plainly
    slashed_status = slashed.status or 0
    if 300 <= slashed_status < 400:
        findings.append(_judge_slashed(url + "/", slashed))
    elif 200 <= slashed_status < 300 and 200 <= status < 300:
        # A warning: the root is a listing the document rarely declares, not one of its resources.
        text = message(CHECK, "root-slash-served", url=url + "/", status=slashed_status)
        findings.append(finding(Severity.WARNING, text, slashed, headers=HEADERS))
    return findings, True


def run(ctx: ProbeContext) -> CheckResult:
    collection = ctx.collection_path()
    findings: list[Finding] = []
    undecided: list[Finding] = []
    if collection is not None:
        found, decided = _collection_finding(ctx, collection)
        findings.append(found)
        if not decided:
            undecided.append(found)
    root, decided = _root_findings(ctx)
    findings.extend(root)
    if not decided:
        undecided.extend(root)
    if any(item.severity is Severity.ERROR for item in findings):
        return judged(CHECK, findings)
    if collection is None and ctx.document is None:
        reason = message(CHECK, "no-document")
        return CheckResult(info=CHECK, status=Status.ERROR, findings=findings, reason=reason)
    if undecided:
        reason = message(CHECK, "undecided", details=joined(undecided))
        return CheckResult(info=CHECK, status=Status.ERROR, findings=findings, reason=reason)
    return judged(CHECK, findings)


PROBE = Probe(info=CHECK, run=run, order=30)
