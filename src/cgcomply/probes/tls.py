"""Live check ``probe.tls``: ADR ``/core/transport/tls`` (TLS everywhere, following the NCSC TLS guidelines).

What it establishes, each as a finding the report can show:

* the base URL is ``https://`` (a plain ``http://`` base URL fails: "only HTTPS");
* which protocol versions the server accepts, one pinned handshake each (the protocol table): TLS 1.3 is
  *good*, TLS 1.2 *sufficient*, TLS 1.0/1.1 *phase out* and SSL 3.0 *insufficient* (NCSC "ICT-
  beveiligingsrichtlijnen voor TLS" 2.1). Accepting a phase-out or insufficient version fails, and so does
  accepting neither TLS 1.2 nor TLS 1.3. A version that could not be tried at all is "not tested", never passed;
* under TLS 1.2, no cipher suite family NCSC rates insufficient (NULL, anonymous, export, RC4, DES) or
  phase out (3DES, RSA key exchange without forward secrecy) is accepted (``_tls_ciphers.py``), TLS
  compression is off and secure renegotiation is supported (``_tls_options.py``);
* the certificate verifies for the host (chain to a trusted CA, or to ``--cacert`` when given; name; dates);
* plain ``http://`` on the same host (port 80 when the API is on 443, else the API's own port) is refused,
  is not HTTP at all (a TLS-only port), or redirects to ``https://``;
* an HTTPS response of the base URL carries ``Strict-Transport-Security`` with ``max-age`` > 0 (HSTS is
  legally required in the Netherlands, and the ADR's security-header table lists it).

An unreachable HTTPS endpoint (DNS failure, refused, timeout) gives status ``error`` with the reason.

ADR versions: 2.1.0 and 2.2.0 name this rule ``/core/transport/tls``. ADR 2.0.2 has no TLS rule of its own:
its rule ``/core/transport-security`` requires applying the transport security module 1.0.x, whose rule
``/transport/tls`` has the same text. The check therefore belongs to all three versions; for 2.0.2 reports,
:func:`tls_check_for` gives the same record under the 2.0.2 rule id.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cgcomply.http import HostLimiter as Pacer
from cgcomply.http import Session, redact
from cgcomply.i18n import Text
from cgcomply.probes._tls_ciphers import FAMILIES, scan_rating
from cgcomply.probes._tls_handshake import (
    PROTOCOLS,
    CertificateResult,
    Endpoint,
    LookupTimeout,
    Outcome,
    ProtocolResult,
    Rating,
    check_certificate,
    probe_protocol,
    resolve,
)
from cgcomply.probes._tls_http import (
    HstsResult,
    PlainHttp,
    PlainHttpResult,
    fetch_hsts,
    parse_max_age,
    plain_http_port,
    probe_plain_http,
)
from cgcomply.probes._tls_options import OptionsResult, check_options
from cgcomply.results import CheckInfo, CheckResult, Evidence, Finding, Kind, Level, Severity, Status

if TYPE_CHECKING:
    from cgcomply.http import Exchange
    from cgcomply.probes.options import ProbeOptions

TLS_CHECK = CheckInfo(
    id="probe.tls",
    adr_rule="/core/transport/tls",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=("2.0.2", "2.1.0", "2.2.0"),
    title=Text(
        "Alleen HTTPS, met TLS-versies, certificaat en HSTS volgens de NCSC-richtlijnen",
        "Only HTTPS, with TLS versions, certificate and HSTS as the NCSC guidelines require",
    ),
    what=Text(
        "Maakt verbinding met de host van de API en probeert elke protocolversie apart (SSL 3.0, TLS 1.0, "
        "1.1, 1.2, 1.3) en, onder TLS 1.2, de families van cipher suites die het NCSC onvoldoende of uit te "
        "faseren noemt, TLS-compressie en veilige renegotiatie; controleert het certificaat voor de host "
        "(met --cacert voor een eigen CA); gaat na dat gewoon http:// geweigerd of naar https:// "
        "doorgestuurd wordt; en dat HTTPS-antwoorden Strict-Transport-Security met max-age > 0 meesturen. "
        "(ADR 2.0.2: onderdeel van /core/transport-security, dat de regel /transport/tls van de module "
        "transportbeveiliging toepast.)",
        "Connects to the API host and tries every protocol version on its own (SSL 3.0, TLS 1.0, 1.1, 1.2, "
        "1.3) and, under TLS 1.2, the cipher suite families NCSC rates insufficient or phase out, TLS "
        "compression and secure renegotiation; verifies the certificate for the host (with --cacert for a "
        "private CA); checks that plain http:// is refused or redirected to https://; and checks that HTTPS "
        "responses carry Strict-Transport-Security with max-age > 0. (ADR 2.0.2: part of "
        "/core/transport-security, which applies the transport security module's rule /transport/tls.)",
    ),
    why=Text(
        "De ADR eist TLS voor al het API-verkeer, altijd (wettelijk verplicht), volgens de nieuwste "
        "TLS-richtlijnen van het NCSC: TLS 1.3 is goed, TLS 1.2 voldoende, TLS 1.0/1.1 moeten worden "
        "uitgefaseerd en SSL is onvoldoende. HSTS is ook wettelijk verplicht en staat bij de verplichte "
        "beveiligingsheaders.",
        "The ADR requires TLS for all API traffic, always (required by Dutch law), following the latest NCSC "
        "TLS guidelines: TLS 1.3 is good, TLS 1.2 sufficient, TLS 1.0/1.1 must be phased out and SSL is "
        "insufficient. HSTS is legally required as well and listed among the mandatory security headers.",
    ),
    fix=Text(
        "Bied alleen TLS 1.3 (en/of TLS 1.2) aan; zet TLS 1.0, TLS 1.1 en SSL uit, en bied onder TLS 1.2 "
        "alleen ECDHE/DHE-suites met AES of ChaCha20 (geen RC4, 3DES, NULL, export of RSA-sleuteluitwisseling). "
        "Gebruik een certificaat van een vertrouwde CA dat de host van de API noemt en binnen zijn "
        "geldigheidsperiode is. Weiger gewoon HTTP of stuur het door naar HTTPS, en stuur "
        "'Strict-Transport-Security: max-age=31536000' mee op elk HTTPS-antwoord.",
        "Offer TLS 1.3 (and/or TLS 1.2) only; switch off TLS 1.0, TLS 1.1 and SSL, and under TLS 1.2 offer "
        "only ECDHE/DHE suites with AES or ChaCha20 (no RC4, 3DES, NULL, export or RSA key exchange). Use a "
        "certificate from a trusted CA that names the API host and is within its validity period. Refuse "
        "plain HTTP or redirect it to HTTPS, and send 'Strict-Transport-Security: max-age=31536000' on every "
        "HTTPS response.",
    ),
    explanation=Text(
        "De ADR eist TLS voor al het API-verkeer, altijd (wettelijk verplicht), volgens de NCSC-richtlijnen: "
        "TLS 1.3 is goed, TLS 1.2 voldoende, TLS 1.0/1.1 uit te faseren en SSL onvoldoende. We proberen elke "
        "versie apart, controleren of het certificaat geldig is voor de host, of gewoon http:// geweigerd of "
        "naar https:// doorgestuurd wordt, en of HTTPS-antwoorden de HSTS-header meesturen.",
        "The ADR requires TLS for all API traffic, always (required by law), following the NCSC guidelines: "
        "TLS 1.3 is good, TLS 1.2 sufficient, TLS 1.0/1.1 to be phased out and SSL insufficient. We try every "
        "version on its own, check that the certificate is valid for the host, that plain http:// is refused "
        "or redirected to https://, and that HTTPS responses send the HSTS header.",
    ),
)

ADR_RULE_BY_VERSION = {
    "2.0.2": "/core/transport-security",
    "2.1.0": "/core/transport/tls",
    "2.2.0": "/core/transport/tls",
}

_YEAR = 365 * 24 * 3600
_CA_PROBLEMS = (
    "unable to get local issuer certificate",
    "self-signed certificate",
    "self signed certificate",
)


def tls_check_for(adr_version: str) -> CheckInfo:
    """``TLS_CHECK`` under the rule id of ``adr_version`` (2.0.2 has ``/core/transport-security``)."""
    rule = ADR_RULE_BY_VERSION.get(adr_version, TLS_CHECK.adr_rule)
    return TLS_CHECK if rule == TLS_CHECK.adr_rule else dataclasses.replace(TLS_CHECK, adr_rule=rule)


def run(ctx) -> CheckResult:
    """Run the TLS probe on ``ctx.base_url`` with ``ctx.options``; never raises."""
    try:
        return probe_tls(
            ctx.base_url,
            ctx.options,
            verified_get=getattr(ctx, "get_json", None),
            session=getattr(ctx, "session", None),
        )
    except Exception as error:  # a crash is reported, never shown as a traceback
        return CheckResult(
            TLS_CHECK,
            Status.ERROR,
            reason=f"the TLS probe failed unexpectedly: {type(error).__name__}: {error}",
        )


def probe_tls(
    base_url: str,
    options: ProbeOptions,
    verified_get: Callable[[str], Exchange] | None = None,
    session: Session | None = None,
) -> CheckResult:
    """The TLS probe without a :class:`ProbeContext`. ``verified_get`` (the run's safe client) is used for
    the HSTS request when the certificate verifies; otherwise a request of its own, without credentials.
    Every connection and request obeys the host limiter of ``session`` (a new session when None)."""
    return _redacted(_probe_tls(base_url, options, verified_get, session or Session()))


def _redacted(result: CheckResult) -> CheckResult:
    """Mask registered credential values in every message, URL and note (defence in depth)."""
    for finding in result.findings:
        finding.message = redact(finding.message)
        if finding.evidence is not None:
            finding.evidence.url = redact(finding.evidence.url)
            finding.evidence.note = redact(finding.evidence.note) if finding.evidence.note else None
    result.reason = redact(result.reason) if result.reason else None
    return result


def _probe_tls(
    base_url: str, options: ProbeOptions, verified_get: Callable[[str], Exchange] | None, session: Session
) -> CheckResult:
    parts = urlsplit(base_url)
    scheme = parts.scheme.lower()
    host = parts.hostname
    try:
        port = parts.port
    except ValueError:
        return _error(f"the base URL {base_url} has an invalid port")
    if scheme not in ("http", "https") or not host:
        return _error(f"the base URL {base_url} is not an http(s) URL with a host")
    path = parts.path or "/"
    pacer = session.limiter(host, options.http_options())

    if scheme == "http":
        return _plain_http_base_url(host, port or 80, path, options, session)

    port = port or 443
    try:
        endpoint = resolve(host, port, options.connect_timeout, options.read_timeout)
    except LookupTimeout as error:
        return _error(str(error))
    except (OSError, UnicodeError) as error:
        return _error(f"DNS lookup of {host} failed: {error}")
    reachability = _reachable(endpoint)
    if reachability:
        return _error(f"cannot connect to {host}:{port}: {reachability}")

    findings: list[Finding] = []
    undetermined: list[str] = []
    server_url = f"https://{_host_port(host, port)}"

    accepted = _scan_protocols(endpoint, server_url, options, pacer, findings, undetermined)
    modern_accepted = None if accepted is None else bool(accepted & {"TLS 1.2", "TLS 1.3"})
    if modern_accepted is False and undetermined:
        # TLS 1.3 and 1.2 got no answer: the certificate and HTTP checks would only time out as well.
        return CheckResult(TLS_CHECK, Status.ERROR, findings, reason="; ".join(undetermined))
    if accepted and "TLS 1.2" in accepted:
        _scan_ciphers(endpoint, server_url, pacer, findings, undetermined)
        pacer.pace()
        findings.extend(_options_findings(check_options(endpoint), server_url, undetermined))

    pacer.pace()
    certificate = check_certificate(endpoint, options.cacert)
    findings.append(_certificate_finding(certificate, host, server_url, options))
    if certificate.timed_out:
        undetermined.append(f"certificate check: {certificate.problem}")
    if modern_accepted is None:
        # Protocol scan switched off: the verifying handshake (TLS 1.2+) stands in for it.
        no_handshake = (certificate.problem or "").startswith("no TLS 1.2+ handshake")
        modern_accepted = not certificate.timed_out and not no_handshake

    if modern_accepted:
        pacer.pace()
        hsts = _fetch_hsts(base_url, certificate, options, verified_get, session)
        findings.append(_hsts_finding(hsts))
        if hsts.error:
            undetermined.append(f"HSTS: {hsts.error}")

    http_endpoint = _with_port(endpoint, plain_http_port(port))
    findings.append(
        _plain_http_finding(probe_plain_http(http_endpoint, path, session, options), https_port=port)
    )

    failed = any(finding.severity is Severity.ERROR for finding in findings)
    if not failed and undetermined:
        return CheckResult(TLS_CHECK, Status.ERROR, findings, reason="; ".join(undetermined))
    return CheckResult(TLS_CHECK, Status.FAIL if failed else Status.PASS, findings)


# --------------------------------------------------------------------------- protocol versions


def _scan_protocols(
    endpoint: Endpoint,
    server_url: str,
    options: ProbeOptions,
    pacer: Pacer,
    findings: list[Finding],
    undetermined: list[str],
) -> set[str] | None:
    """Try each protocol version; append findings. Returns the labels of the accepted versions, or None when
    the scan is switched off."""
    if not options.tls_scan:
        findings.append(
            Finding(
                Severity.WARNING,
                "protocol version scan switched off: TLS 1.0/1.1 and SSL 3.0 were not tested",
                evidence=Evidence("TLS handshake", server_url, note="scan switched off (tls_scan=False)"),
            )
        )
        return None
    # The versions that decide the verdict first: when neither TLS 1.3 nor TLS 1.2 gets an answer, the
    # older ones would only add timeouts.
    by_label: dict[str, ProtocolResult] = {}
    for protocol in sorted(PROTOCOLS, key=lambda p: -p.wire):
        if protocol.wire < 0x0303 and all(
            by_label[label].outcome in (Outcome.TIMEOUT, Outcome.UNREACHABLE)
            for label in ("TLS 1.3", "TLS 1.2")
        ):
            break
        pacer.pace()
        by_label[protocol.label] = probe_protocol(endpoint, protocol)
    results = [by_label[p.label] for p in PROTOCOLS if p.label in by_label]
    modern = [result for result in results if result.protocol.rating in (Rating.GOOD, Rating.SUFFICIENT)]
    modern_accepted = any(result.outcome is Outcome.ACCEPTED for result in modern)
    tls13 = next(result for result in results if result.protocol.label == "TLS 1.3")
    for result in results:
        findings.append(
            _protocol_finding(result, server_url, tls13_accepted=tls13.outcome is Outcome.ACCEPTED)
        )
    if not modern_accepted:
        silent = [
            r for r in modern if r.outcome in (Outcome.TIMEOUT, Outcome.UNREACHABLE, Outcome.NOT_TESTED)
        ]
        if silent:
            undetermined.extend(f"{r.protocol.label}: {r.outcome.value} ({r.detail})" for r in silent)
        else:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "neither TLS 1.3 nor TLS 1.2 is accepted: the server offers no good or sufficient protocol",
                    evidence=Evidence("TLS handshake", server_url, note=_table(results)),
                )
            )
    return {result.protocol.label for result in results if result.outcome is Outcome.ACCEPTED}


def _scan_ciphers(
    endpoint: Endpoint, server_url: str, pacer: Pacer, findings: list[Finding], undetermined: list[str]
) -> None:
    """TLS 1.2 cipher suites rated insufficient or phase out: each family the server accepts fails."""
    for rating in (Rating.INSUFFICIENT, Rating.PHASE_OUT):
        scan = scan_rating(endpoint, rating, pacer.pace)
        label = "insufficient" if rating is Rating.INSUFFICIENT else "phase out"
        families = [family.name for family in FAMILIES if family.rating is rating]
        for suite in scan.accepted:
            note = f"TLS 1.2 ServerHello chose {suite.name} (0x{suite.code:04X}) from the {suite.family.name} suites"
            message = (
                f"TLS 1.2 accepts {suite.family.name} cipher suites ({label} according to NCSC): {suite.name}"
            )
            if rating is Rating.PHASE_OUT:
                message += " (a documented phase-out schedule allows a manual exception)"
            findings.append(
                Finding(Severity.ERROR, message, evidence=Evidence("TLS handshake", server_url, note=note))
            )
        if scan.incomplete:
            undetermined.append(f"cipher suite scan ({label}): {scan.incomplete}")
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"TLS 1.2 cipher suites rated {label}: scan incomplete ({scan.incomplete})",
                    evidence=Evidence("TLS handshake", server_url, note=scan.incomplete),
                )
            )
        elif not scan.accepted:
            findings.append(
                Finding(
                    Severity.INFO,
                    f"TLS 1.2 refuses every cipher suite rated {label} (good)",
                    evidence=Evidence(
                        "TLS handshake", server_url, note=f"offered and refused: {', '.join(families)}"
                    ),
                )
            )


def _options_findings(options: OptionsResult, server_url: str, undetermined: list[str]) -> list[Finding]:
    """TLS compression (must be off) and secure renegotiation (must be supported) under TLS 1.2."""
    evidence = Evidence("TLS handshake", server_url, note=options.detail)
    if options.compression is None or options.secure_renegotiation is None:
        undetermined.append(f"TLS 1.2 options: {options.detail}")
        return [
            Finding(Severity.WARNING, f"TLS 1.2 options not checked: {options.detail}", evidence=evidence)
        ]
    findings = []
    if options.compression:
        findings.append(
            Finding(
                Severity.ERROR,
                "TLS compression is on (insufficient according to NCSC; CRIME)",
                evidence=evidence,
            )
        )
    if not options.secure_renegotiation:
        findings.append(
            Finding(
                Severity.ERROR,
                "secure renegotiation (RFC 5746) is not supported (insufficient according to NCSC)",
                evidence=evidence,
            )
        )
    if not findings:
        findings.append(
            Finding(
                Severity.INFO,
                "TLS compression off and secure renegotiation supported (good)",
                evidence=evidence,
            )
        )
    return findings


def _protocol_finding(result: ProtocolResult, server_url: str, *, tls13_accepted: bool) -> Finding:
    protocol, outcome = result.protocol, result.outcome
    note = f"{protocol.label}: {outcome.value} ({result.detail}; via {result.method})"
    evidence = Evidence("TLS handshake", server_url, note=note)
    rating_nl = {
        Rating.GOOD: "good",
        Rating.SUFFICIENT: "sufficient",
        Rating.PHASE_OUT: "phase out",
        Rating.INSUFFICIENT: "insufficient",
    }[protocol.rating]
    old = protocol.rating in (Rating.PHASE_OUT, Rating.INSUFFICIENT)
    if outcome is Outcome.ACCEPTED:
        if old:
            message = f"{protocol.label} accepted ({rating_nl} according to NCSC): switch it off" + (
                " (a documented phase-out schedule allows a manual exception)"
                if protocol.rating is Rating.PHASE_OUT
                else ""
            )
            return Finding(Severity.ERROR, message, evidence=evidence)
        return Finding(Severity.INFO, f"{protocol.label} accepted ({rating_nl})", evidence=evidence)
    if outcome is Outcome.REJECTED:
        if old:
            return Finding(Severity.INFO, f"{protocol.label} refused (good)", evidence=evidence)
        if protocol.rating is Rating.GOOD:
            return Finding(
                Severity.WARNING,
                "TLS 1.3 not offered (TLS 1.3 is rated good; TLS 1.2 only sufficient)",
                evidence=evidence,
            )
        severity = Severity.INFO if tls13_accepted else Severity.WARNING
        return Finding(severity, f"{protocol.label} not offered", evidence=evidence)
    if outcome is Outcome.NOT_TESTED:
        return Finding(
            Severity.WARNING,
            f"{protocol.label} not tested: {result.detail}; this version is neither passed nor failed",
            evidence=evidence,
        )
    return Finding(Severity.WARNING, f"{protocol.label}: no answer ({result.detail})", evidence=evidence)


def _table(results: Iterable[ProtocolResult]) -> str:
    return "; ".join(f"{result.protocol.label}: {result.outcome.value}" for result in results)


# --------------------------------------------------------------------------- certificate


def _certificate_finding(
    certificate: CertificateResult, host: str, server_url: str, options: ProbeOptions
) -> Finding:
    described = _describe_certificate(certificate)
    evidence = Evidence("TLS handshake", server_url, note=described or None)
    anchor = f"the CA in {options.cacert}" if options.cacert else "the system trust store"
    if certificate.verified:
        message = f"certificate valid for {host} (trusted via {anchor})"
        if certificate.not_after is not None:
            remaining = certificate.not_after.timestamp() - time.time()
            if remaining < 30 * 24 * 3600:
                return Finding(
                    Severity.WARNING,
                    f"{message}, but it expires within 30 days ({certificate.not_after:%Y-%m-%d})",
                    evidence=evidence,
                )
        return Finding(Severity.INFO, message, evidence=evidence)
    if certificate.timed_out:
        return Finding(Severity.WARNING, f"certificate not checked: {certificate.problem}", evidence=evidence)
    problem = certificate.problem or "unknown problem"
    message = f"certificate does not verify for {host}: {problem}"
    if not options.cacert and any(text in problem for text in _CA_PROBLEMS):
        message += " (for a test environment with a private CA, pass its certificate with --cacert)"
    return Finding(Severity.ERROR, message, evidence=evidence)


def _describe_certificate(certificate: CertificateResult) -> str:
    parts = []
    if certificate.subject:
        parts.append(f"subject {certificate.subject}")
    if certificate.names:
        parts.append("names " + ", ".join(certificate.names))
    if certificate.issuer:
        parts.append(f"issuer {certificate.issuer}")
    if certificate.not_after is not None:
        parts.append(f"valid until {certificate.not_after:%Y-%m-%d %H:%M} UTC")
    if certificate.key:
        parts.append(f"key {certificate.key}")
    if certificate.signature:
        parts.append(f"signature {certificate.signature}")
    return "; ".join(parts)


# --------------------------------------------------------------------------- HSTS


def _fetch_hsts(
    base_url: str,
    certificate: CertificateResult,
    options: ProbeOptions,
    verified_get: Callable[[str], Exchange] | None,
    session: Session,
) -> HstsResult:
    if certificate.verified and verified_get is not None:
        exchange = verified_get(base_url)
        header = exchange.header("strict-transport-security")
        return HstsResult(
            url=redact(exchange.url),
            status=exchange.status,
            header=header,
            max_age=parse_max_age(header) if header is not None else None,
            error=exchange.error,
            evidence=exchange.evidence(),
        )
    # Credentials (bound to the target origin in the session) go only over a connection we could verify.
    return fetch_hsts(base_url, session, options, verified=certificate.verified)


def _hsts_finding(hsts: HstsResult) -> Finding:
    evidence = hsts.evidence or Evidence("GET", hsts.url, status=hsts.status, headers=dict(hsts.headers))
    if hsts.error:
        evidence.note = hsts.error
        return Finding(
            Severity.WARNING, f"HSTS not checked: the HTTPS request failed ({hsts.error})", evidence=evidence
        )
    if hsts.header is None:
        return Finding(
            Severity.ERROR,
            "the HTTPS response has no Strict-Transport-Security header (HSTS is required)",
            evidence=evidence,
        )
    if not hsts.ok:
        return Finding(
            Severity.ERROR,
            f"Strict-Transport-Security has no max-age > 0: {hsts.header!r}",
            evidence=evidence,
        )
    assert hsts.max_age is not None
    if hsts.max_age < _YEAR:
        return Finding(
            Severity.WARNING,
            f"Strict-Transport-Security present, but max-age={hsts.max_age} is shorter than one year",
            evidence=evidence,
        )
    return Finding(Severity.INFO, f"Strict-Transport-Security present: {hsts.header}", evidence=evidence)


# --------------------------------------------------------------------------- plain HTTP


def _plain_http_finding(result: PlainHttpResult, *, https_port: int) -> Finding:
    evidence = Evidence(
        "GET", result.url, status=result.status, headers=dict(result.headers), note=result.detail or None
    )
    if result.outcome is PlainHttp.SERVED:
        where = f" to {result.location}" if result.location else ""
        return Finding(
            Severity.ERROR,
            f"plain HTTP is served: GET {result.url} answered {result.status}{where} instead of refusing or "
            "redirecting to https://",
            evidence=evidence,
        )
    messages = {
        PlainHttp.CLOSED: f"plain HTTP refused ({result.detail}) (good)",
        PlainHttp.NOT_HTTP: f"port {plain_http_port(https_port)} does not speak plain HTTP ({result.detail}) (good)",
        PlainHttp.REFUSED_BY_TLS_PORT: f"plain HTTP on the HTTPS port is refused with {result.status} (good)",
        PlainHttp.REDIRECT_HTTPS: f"plain HTTP redirects to {result.location} (good)",
    }
    return Finding(Severity.INFO, messages[result.outcome], evidence=evidence)


def _plain_http_base_url(
    host: str, port: int, path: str, options: ProbeOptions, session: Session
) -> CheckResult:
    """A base URL with ``http://`` fails "only HTTPS"; the answer there is added as evidence if there is one."""
    url = f"http://{_host_port(host, port, default=80)}{path}"
    message = f"the base URL {url} uses plain http://: the ADR requires TLS (https://) everywhere, always"
    finding = Finding(Severity.ERROR, message, evidence=Evidence("GET", url))
    try:
        endpoint = resolve(host, port, options.connect_timeout, options.read_timeout)
    except (OSError, UnicodeError) as error:
        finding.evidence.note = f"not reachable: {error}"
        return CheckResult(TLS_CHECK, Status.FAIL, [finding])
    answer = probe_plain_http(endpoint, path, session, options)
    finding.evidence = Evidence(
        "GET", answer.url, status=answer.status, headers=dict(answer.headers), note=answer.detail or None
    )
    if answer.outcome is PlainHttp.REDIRECT_HTTPS:
        finding.message += f" (it redirects to {answer.location}: use that as the base URL)"
    elif answer.status is not None:
        finding.message += f" (it answered {answer.status} over plain HTTP)"
    return CheckResult(TLS_CHECK, Status.FAIL, [finding])


# --------------------------------------------------------------------------- helpers


def _reachable(endpoint: Endpoint) -> str | None:
    """None when a TCP connection to the HTTPS port opens; else the reason."""
    try:
        endpoint.connect().close()
    except TimeoutError:
        return f"timed out after {endpoint.connect_timeout:g} s"
    except ConnectionRefusedError:
        return "connection refused"
    except OSError as error:
        return error.strerror or str(error)
    return None


def _with_port(endpoint: Endpoint, port: int) -> Endpoint:
    address = (endpoint.address[0], port, *endpoint.address[2:])
    return dataclasses.replace(endpoint, port=port, address=address)


def _host_port(host: str, port: int, default: int = 443) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if port == default else f"{shown}:{port}"


def _error(reason: str) -> CheckResult:
    return CheckResult(TLS_CHECK, Status.ERROR, reason=reason)
