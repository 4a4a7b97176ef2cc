"""probe.security-headers: the security headers that the ADR lists, with the values it asks.

ADR ``/core/transport/security-headers`` (2.1.0, 2.2.0). The rule statement reads "APIs MUST return the
security headers in all responses"; the table below it says which headers "SHOULD" be present. We take the
rule statement as the level (MUST): the table names the headers the obligation consists of, and a
missing header is a failure. Headers and values (ADR table):

=============================== =====================================================================
``Cache-Control``                ``no-store``
``Content-Security-Policy``      ``frame-ancestors 'none'``
``Content-Type``                 present; for a JSON body ``application/json`` or a ``+json`` type
                                 (``application/problem+json``, ``application/geo+json`` ...)
``Strict-Transport-Security``    present (no value prescribed); only on HTTPS responses: over plain HTTP it
                                 cannot be set meaningfully and is left to probe.tls
``X-Content-Type-Options``       ``nosniff``
``X-Frame-Options``              ``DENY``
``Access-Control-Allow-Origin``  judged by probe.cors
=============================== =====================================================================

What it checks: the API root (the base URL) and a sample resource (a parameterless GET collection from the
document).
"""

from __future__ import annotations

from cgcomply.http import Exchange
from cgcomply.i18n import Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import AUTH_STATUSES, could_not_run, finding, header_tokens, judged
from cgcomply.probes.context import ProbeContext
from cgcomply.results import CheckInfo, CheckResult, Finding, Kind, Level, Severity

CHECK = CheckInfo(
    id="probe.security-headers",
    adr_rule="/core/transport/security-headers",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=("2.1.0", "2.2.0"),
    title=Text(
        "Antwoorden bevatten de beveiligingsheaders uit de ADR met de gevraagde waarden",
        "Responses carry the security headers of the ADR with the values it asks",
    ),
    what=Text(
        "Op de root van de API en een voorbeeldresource: Cache-Control: no-store; Content-Security-Policy: "
        "frame-ancestors 'none'; Content-Type (application/json voor JSON); Strict-Transport-Security "
        "(HTTPS); X-Content-Type-Options: nosniff; X-Frame-Options: DENY.",
        "On the API root and a sample resource: Cache-Control: no-store; Content-Security-Policy: "
        "frame-ancestors 'none'; Content-Type (application/json for JSON); Strict-Transport-Security (HTTPS); "
        "X-Content-Type-Options: nosniff; X-Frame-Options: DENY.",
    ),
    why=Text(
        "De headers voorkomen dat caches persoonsgegevens bewaren, dat browsers antwoorden gaan raden of in "
        "een frame tonen, en dat clients terugvallen op gewoon HTTP.",
        "The headers stop caches from keeping personal data, browsers from sniffing or framing "
        "responses, and clients from falling back to plain HTTP.",
    ),
    fix=Text(
        "Zet de headers voor elk antwoord in de API-gateway of een middleware, bijvoorbeeld Cache-Control: "
        "no-store, X-Content-Type-Options: nosniff, X-Frame-Options: DENY, Content-Security-Policy: "
        "frame-ancestors 'none', Strict-Transport-Security: max-age=31536000.",
        "Set the headers for every response in the API gateway or a middleware, e.g. Cache-Control: "
        "no-store, X-Content-Type-Options: nosniff, X-Frame-Options: DENY, Content-Security-Policy: "
        "frame-ancestors 'none', Strict-Transport-Security: max-age=31536000.",
    ),
    explanation=Text(
        "Elk antwoord hoort beveiligingsheaders te bevatten die caches, browsers en clients vertellen hoe ze "
        "veilig met de gegevens omgaan (geen opslag, geen framing, alleen HTTPS).",
        "Every response should carry security headers that tell caches, browsers and clients how to handle "
        "the data safely (no storage, no framing, HTTPS only).",
    ),
)

HEADERS = (
    "cache-control",
    "content-security-policy",
    "content-type",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
)


def _frame_ancestors_none(value: str | None) -> bool:
    for directive in (value or "").split(";"):
        parts = directive.strip().split()
        if parts and parts[0].lower() == "frame-ancestors":
            return [p.lower() for p in parts[1:]] == ["'none'"]
    return False


def judge_headers(exchange: Exchange, https: bool) -> list[Finding]:
    """One finding per header that is missing or has the wrong value; an info finding when all is well."""
    where = f"{exchange.method} {exchange.url} -> {exchange.status}"
    problems: list[str] = []
    if "no-store" not in header_tokens(exchange.header("cache-control")):
        problems.append(f"Cache-Control is {_shown(exchange, 'cache-control')}; 'no-store' expected")
    if not _frame_ancestors_none(exchange.header("content-security-policy")):
        problems.append(
            f"Content-Security-Policy is {_shown(exchange, 'content-security-policy')}; "
            "\"frame-ancestors 'none'\" expected"
        )
    media = exchange.media_type
    if not media:
        problems.append("Content-Type is absent")
    elif exchange.json() is not None and media != "application/json" and not media.endswith("+json"):
        problems.append(f"Content-Type is {media} for a JSON body; application/json expected")
    if (exchange.header("x-content-type-options") or "").strip().lower() != "nosniff":
        problems.append(
            f"X-Content-Type-Options is {_shown(exchange, 'x-content-type-options')}; 'nosniff' expected"
        )
    if (exchange.header("x-frame-options") or "").strip().upper() != "DENY":
        problems.append(f"X-Frame-Options is {_shown(exchange, 'x-frame-options')}; 'DENY' expected")
    findings = [finding(Severity.ERROR, f"{where}: {p}", exchange, headers=HEADERS) for p in problems]
    if https:
        if not exchange.header("strict-transport-security"):
            findings.append(
                finding(
                    Severity.ERROR, f"{where}: Strict-Transport-Security is absent", exchange, headers=HEADERS
                )
            )
    else:
        findings.append(
            finding(
                Severity.INFO,
                f"{where}: plain HTTP, Strict-Transport-Security not checkable here (see probe.tls)",
                exchange,
                headers=HEADERS,
            )
        )
    if not problems and (not https or exchange.header("strict-transport-security")):
        findings.append(
            finding(Severity.INFO, f"{where}: all security headers present", exchange, headers=HEADERS)
        )
    return findings


def _shown(exchange: Exchange, name: str) -> str:
    value = exchange.header(name)
    return "absent" if value is None else f"'{value}'"


def run(ctx: ProbeContext) -> CheckResult:
    urls = [ctx.base_url]
    collection = ctx.collection_path()
    if collection and ctx.url(collection) not in urls:
        urls.append(ctx.url(collection))
    findings: list[Finding] = []
    judged_any = False
    for url in urls:
        exchange = ctx.get_json(url)
        if exchange.failed or exchange.status in AUTH_STATUSES:
            findings.append(finding(Severity.WARNING, f"{exchange.describe()} (not judged)", exchange))
            continue
        judged_any = True
        findings.extend(judge_headers(exchange, ctx.is_https and exchange.final_url.startswith("https:")))
    if not judged_any:
        return could_not_run(CHECK, "no response to judge: " + "; ".join(str(f.message) for f in findings))
    return judged(CHECK, findings)


PROBE = Probe(info=CHECK, run=run, order=70)
