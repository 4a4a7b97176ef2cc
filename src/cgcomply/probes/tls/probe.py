"""``probe.tls``: run the sslyze scan, the plain-HTTP request and the HSTS look-up, and rate what they find.

Each sub-test (:mod:`.texts`) adds its findings; accepting anything NCSC rates *insufficient* or *phase out*
is an error finding, and any error finding fails the check. A part that could not be determined is a
warning finding, and makes the status ``error`` ("niet vastgesteld") when nothing failed: a verdict is
never a pass on what was not seen.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cgcomply.http import Session, redact, redacting
from cgcomply.i18n import Message, Param, Text, joined, quoted
from cgcomply.probes.tls import http as tls_http
from cgcomply.probes.tls.certificate import CertificateFacts, analyse, main_trust_store, validity
from cgcomply.probes.tls.check import TLS_CHECK
from cgcomply.probes.tls.ncsc import (
    PROTOCOLS,
    Rating,
    rate_cipher_suite,
    rate_curve,
    rate_dh_group,
    rate_protocol,
)
from cgcomply.probes.tls.politeness import SCAN_CONNECTIONS, polite_scan
from cgcomply.probes.tls.scan import TlsScan, scan
from cgcomply.results import CheckResult, Evidence, Finding, Severity, Status

if TYPE_CHECKING:
    from cgcomply.http import Exchange
    from cgcomply.probes.options import ProbeOptions

_YEAR = 365 * 24 * 3600
_HANDSHAKE = "TLS handshake"
_PRIVATE_CA_HINTS = ("unable to get local issuer", "candidates exhausted", "self-signed", "self signed")


def scan_deadline(options: ProbeOptions) -> float:
    """The total time one TLS scan may take: generous for a slow server, bounded for a hostile one."""
    return max(30.0, 4 * options.max_request_seconds)


def _rating_text(rating: Rating) -> Text:
    return Text(rating.nl, rating.value)


def _message(key: str, params: dict[str, Param]) -> Message:
    """``probe.tls:<key>`` with its parameters, credentials masked in every text parameter."""
    masked = {name: redact(value) if isinstance(value, str) else value for name, value in params.items()}
    return Message(f"{TLS_CHECK.id}:{key}", masked)


def _finding(severity: Severity, key: str, evidence: Evidence | None = None, /, **params: Param) -> Finding:
    """A finding of the sub-test outcome ``key`` (``version.insufficient``)."""
    return Finding(severity, _message(key, params), evidence=evidence)


def _note(key: str, /, **params: Param) -> Message:
    """The evidence note ``probe.tls:note.<key>``."""
    return _message(f"note.{key}", params)


def _part(part: str, reason: Param) -> Message:
    """A part that could not be determined (listed by the reason ``incomplete``)."""
    return _note(f"part.{part}", reason=reason)


def _as_note(reason: Param) -> Message:
    """A reason as an evidence note: a message as it is, the scanner's words quoted."""
    return reason if isinstance(reason, Message) else Message("note:quoted", {"text": str(reason)})


def _scan_text(text: str | None) -> Param:
    """What the scan said (its own words), or "not determined"."""
    return text if text else _note("not-determined")


def _reason(key: str, /, **params: Param) -> Message:
    return _message(f"reason.{key}", params)


def _error(key: str, findings: list[Finding] | None = None, /, **params: Param) -> CheckResult:
    return CheckResult(TLS_CHECK, Status.ERROR, findings or [], reason=_reason(key, **params))


def probe_tls(
    base_url: str,
    options: ProbeOptions,
    verified_get: Callable[[str], Exchange] | None = None,
    session: Session | None = None,
) -> CheckResult:
    """The TLS probe on ``base_url``. ``verified_get`` (the run's safe client) makes the HSTS request when
    given, otherwise a client of ``session``; the scan and every request obey the session's limiter of the
    host (a new session when None). Never raises for a misbehaving target."""
    session = session or Session()
    with redacting(session.redactor):
        return _probe_tls(base_url, options, verified_get, session)


def _probe_tls(
    base_url: str, options: ProbeOptions, verified_get: Callable[[str], Exchange] | None, session: Session
) -> CheckResult:
    parts = urlsplit(base_url)
    scheme = parts.scheme.lower()
    host = parts.hostname
    try:
        port = parts.port
    except ValueError:
        return _error("bad-port", url=base_url)
    if scheme not in ("http", "https") or not host:
        return _error("bad-url", url=base_url)
    path = parts.path or "/"
    if scheme == "http":
        return _plain_base_url(host, port or 80, path, options, session)

    port = port or 443
    try:
        address = resolve(host, port, options.connect_timeout)
    except (OSError, UnicodeError) as error:
        return _error("dns", host=host, reason=str(error) or type(error).__name__)

    main_trust_store()  # parsed here, not inside sslyze's threads (see main_trust_store)
    with polite_scan(session, host, options):
        unreachable = _first_contact(host, address, port, options)
        if unreachable is not None:
            return _error("unreachable", host=host, port=port, reason=unreachable)
        found = scan(
            host,
            address,
            port,
            cacert=options.cacert,
            network_timeout=max(options.connect_timeout, options.read_timeout),
            deadline_seconds=scan_deadline(options),
            max_connections=SCAN_CONNECTIONS,
        )
    server_url = f"https://{_host_port(host, port)}"
    findings: list[Finding] = []
    undetermined: list[Message] = []

    if found.error_kind in ("refused", "timeout", "connect"):
        return _error("unreachable", host=host, port=port, reason=quoted(found.error) or "")
    if found.error_kind == "deadline":
        return _error("scan-deadline", seconds=f"{found.deadline_seconds or 0:g}")
    if found.error_kind == "crash":
        return _error("scan-failed", reason=quoted(found.error) or "")

    if found.error_kind == "no-tls":
        note = quoted(found.error)
        findings.append(
            _finding(Severity.ERROR, "version.no-modern", Evidence(_HANDSHAKE, server_url, note=note))
        )
    else:
        findings.extend(_version_findings(found, server_url, options, undetermined))
        findings.extend(_cipher_findings(found, server_url))
        findings.extend(_key_exchange_findings(found, server_url, undetermined))
        findings.extend(_option_findings(found, server_url, undetermined))
        findings.extend(_certificate_findings(found, host, server_url, options, undetermined))
        findings.append(_hsts_finding(base_url, options, session, verified_get, undetermined))

    plain_url = tls_http.plain_http_url(host, tls_http.plain_http_port(port), path)
    findings.append(
        _plain_http_finding(tls_http.probe_plain_http(plain_url, options, session, https_port=port))
    )

    failed = any(finding.severity is Severity.ERROR for finding in findings)
    if not failed and undetermined:
        return CheckResult(
            TLS_CHECK, Status.ERROR, findings, reason=_reason("incomplete", parts=joined(undetermined))
        )
    return CheckResult(TLS_CHECK, Status.FAIL if failed else Status.PASS, findings)


# ----------------------------------------------------------------------------- name resolution


def resolve(host: str, port: int, timeout: float) -> str:
    """The address to scan (IPv4 first, as sslyze does), with a deadline on the look-up."""
    box: dict[str, object] = {}

    def lookup() -> None:
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            box["error"] = error

    worker = threading.Thread(target=lookup, name=f"cgcomply-dns-{host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"no answer within {timeout:g} s")
    if "error" in box:
        error = box["error"]
        assert isinstance(error, OSError | UnicodeError)
        raise error
    infos = box["infos"]
    assert isinstance(infos, list)
    ipv4 = [info for info in infos if info[0] == socket.AF_INET]
    return str((ipv4 or infos)[0][4][0])


def _first_contact(host: str, address: str, port: int, options: ProbeOptions) -> Param:
    """None when the port answers a TLS ClientHello at all (accepting or refusing it); else why not.

    sslyze would find a silent port only after trying every version with retries (about 11 s at a 1 s
    timeout) and then call it "no TLS version supported"; one handshake of the standard library tells a
    refused or silent port from one that speaks (some) TLS or something else."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only "does it answer": the scan judges the certificate
    try:
        with socket.create_connection((address, port), timeout=options.connect_timeout) as sock:
            sock.settimeout(options.read_timeout)
            with context.wrap_socket(sock, server_hostname=host if not _is_ip(host) else None):
                return None
    except ConnectionRefusedError:
        return _note("plain.refused")
    except TimeoutError:
        return _note("handshake-timeout", seconds=f"{options.read_timeout:g}")
    except (ssl.SSLError, ConnectionResetError, ssl.SSLEOFError):
        return None  # it answered, just not with a TLS version this OpenSSL speaks: the scan tells more
    except OSError as error:
        return error.strerror or str(error) or type(error).__name__


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


# ----------------------------------------------------------------------------- sub-tests


def _version_findings(
    found: TlsScan, server_url: str, options: ProbeOptions, undetermined: list[Message]
) -> list[Finding]:
    findings: list[Finding] = []
    table = joined(_table_cell(found, label) for label in PROTOCOLS if label in found.protocols)
    for label in PROTOCOLS:
        protocol = found.protocols.get(label)
        if protocol is None:
            continue
        rating = rate_protocol(label)
        evidence = Evidence(_HANDSHAKE, server_url, note=_table_cell(found, label, names=True))
        if protocol.accepted is None:
            undetermined.append(
                _note("protocol-not-tested", protocol=label, reason=_scan_text(protocol.error))
            )
            findings.append(
                _finding(
                    Severity.WARNING,
                    "version.not-tested",
                    evidence,
                    protocol=label,
                    reason=_scan_text(protocol.error),
                )
            )
        elif protocol.accepted:
            if rating.fails:
                key = "version.phase-out" if rating is Rating.PHASE_OUT else "version.insufficient"
                findings.append(_finding(Severity.ERROR, key, evidence, protocol=label))
            else:
                findings.append(
                    _finding(
                        Severity.INFO,
                        "version.accepted",
                        evidence,
                        protocol=label,
                        rating=_rating_text(rating),
                    )
                )
        elif rating.fails:
            findings.append(_finding(Severity.INFO, "version.refused", evidence, protocol=label))
        elif label == "TLS 1.3":
            findings.append(_finding(Severity.WARNING, "version.no-tls13", evidence))
        else:
            tls13 = found.protocols.get("TLS 1.3")
            severity = Severity.INFO if tls13 is not None and tls13.accepted else Severity.WARNING
            findings.append(_finding(severity, "version.not-offered", evidence, protocol=label))
    modern = [found.protocols.get(label) for label in ("TLS 1.2", "TLS 1.3")]
    if all(protocol is not None and protocol.accepted == [] for protocol in modern):
        findings.append(
            _finding(Severity.ERROR, "version.no-modern", Evidence(_HANDSHAKE, server_url, note=table))
        )
    return findings


def _table_cell(found: TlsScan, label: str, *, names: bool = False) -> Message:
    protocol = found.protocols[label]
    if protocol.accepted is None:
        return _note("protocol-not-tested", protocol=label, reason=_scan_text(protocol.error))
    if not protocol.accepted:
        return _note("protocol-refused", protocol=label)
    if names:
        return _note("protocol-suites", protocol=label, suites=", ".join(s.name for s in protocol.accepted))
    return _note("protocol-count", protocol=label, count=len(protocol.accepted))


def _cipher_findings(found: TlsScan, server_url: str) -> list[Finding]:
    findings: list[Finding] = []
    count = 0
    for label in PROTOCOLS:
        protocol = found.protocols.get(label)
        if protocol is None or not protocol.accepted:
            continue
        for suite in protocol.accepted:
            count += 1
            rating = rate_cipher_suite(suite.name)
            if not rating.fails:
                continue
            key = "ciphers.phase-out" if rating is Rating.PHASE_OUT else "ciphers.insufficient"
            note = (
                _note(
                    "suite-key-exchange",
                    protocol=label,
                    suite=suite.name,
                    openssl=suite.openssl_name,
                    key_exchange=suite.key_exchange,
                )
                if suite.key_exchange
                else _note("suite", protocol=label, suite=suite.name, openssl=suite.openssl_name)
            )
            evidence = Evidence(_HANDSHAKE, server_url, note=note)
            findings.append(_finding(Severity.ERROR, key, evidence, protocol=label, suite=suite.name))
    if count and not findings:
        suites = sorted({s.name for p in found.protocols.values() for s in p.accepted or []})
        evidence = Evidence(_HANDSHAKE, server_url, note=_note("suites", suites=", ".join(suites)))
        findings.append(_finding(Severity.INFO, "ciphers.ok", evidence, count=len(suites)))
    return findings


def _key_exchange_findings(found: TlsScan, server_url: str, undetermined: list[Message]) -> list[Finding]:
    findings: list[Finding] = []
    if found.curves is None:
        reason = _scan_text(found.errors.get("curves"))
        undetermined.append(_part("curves", reason))
        findings.append(
            _finding(
                Severity.WARNING,
                "key-exchange.not-tested",
                Evidence(_HANDSHAKE, server_url, note=_as_note(reason)),
                reason=reason,
            )
        )
    else:
        for curve in found.curves:
            rating = rate_curve(curve)
            if rating.fails:
                key = (
                    "key-exchange.curve-phase-out"
                    if rating is Rating.PHASE_OUT
                    else "key-exchange.curve-insufficient"
                )
                evidence = Evidence(
                    _HANDSHAKE, server_url, note=_note("curves", curves=", ".join(found.curves))
                )
                findings.append(_finding(Severity.ERROR, key, evidence, curve=curve))
    groups: dict[int, tuple[str, str]] = {}
    for label in PROTOCOLS:
        for suite in (found.protocols[label].accepted or []) if label in found.protocols else []:
            if suite.dh_bits is not None:
                groups.setdefault(suite.dh_bits, (label, suite.name))
    for bits, (label, name) in sorted(groups.items()):
        rating = rate_dh_group(bits)
        key = "key-exchange.dh-phase-out" if rating is Rating.PHASE_OUT else "key-exchange.dh-insufficient"
        note = _note("dh-group", protocol=label, suite=name)
        evidence = Evidence(_HANDSHAKE, server_url, note=note)
        findings.append(_finding(Severity.ERROR, key, evidence, suite=f"{label} {name}", bits=bits))
    if not findings and found.curves is not None:
        if found.curves:
            evidence = Evidence(_HANDSHAKE, server_url, note=_note("curves", curves=", ".join(found.curves)))
            findings.append(
                _finding(Severity.INFO, "key-exchange.ok", evidence, curves=", ".join(found.curves))
            )
        else:
            findings.append(_finding(Severity.INFO, "key-exchange.no-ecdh", Evidence(_HANDSHAKE, server_url)))
    return findings


def _option_findings(found: TlsScan, server_url: str, undetermined: list[Message]) -> list[Finding]:
    evidence = Evidence(_HANDSHAKE, server_url)
    findings: list[Finding] = []
    if found.compression is None:
        reason = _scan_text(found.errors.get("compression"))
        undetermined.append(_part("compression", reason))
        findings.append(_finding(Severity.WARNING, "compression.not-tested", evidence, reason=reason))
    else:
        findings.append(
            _finding(Severity.ERROR, "compression.on", evidence)
            if found.compression
            else _finding(Severity.INFO, "compression.off", evidence)
        )
    if found.secure_renegotiation is None:
        reason = _scan_text(found.errors.get("renegotiation"))
        undetermined.append(_part("renegotiation", reason))
        findings.append(
            _finding(Severity.WARNING, "secure-renegotiation.not-tested", evidence, reason=reason)
        )
    else:
        findings.append(
            _finding(Severity.INFO, "secure-renegotiation.supported", evidence)
            if found.secure_renegotiation
            else _finding(Severity.ERROR, "secure-renegotiation.unsupported", evidence)
        )
        findings.append(
            _finding(Severity.WARNING, "client-renegotiation.allowed", evidence)
            if found.client_renegotiation
            else _finding(Severity.INFO, "client-renegotiation.refused", evidence)
        )
    return findings


def _certificate_findings(
    found: TlsScan, host: str, server_url: str, options: ProbeOptions, undetermined: list[Message]
) -> list[Finding]:
    if not found.certificate_chain:
        reason: Param = (
            _scan_text(found.errors["certificate"])
            if "certificate" in found.errors
            else _note("no-certificate")
        )
        undetermined.append(_part("certificate", reason))
        return [
            _finding(
                Severity.WARNING,
                "cert-trust.not-tested",
                Evidence(_HANDSHAKE, server_url, note=_as_note(reason)),
                reason=reason,
            )
        ]
    facts = analyse(found.certificate_chain, host, options.cacert)

    def evidence(note: Message) -> Evidence:
        return Evidence(_HANDSHAKE, server_url, note=note)

    names: Param = ", ".join(facts.names) or _note("no-names")
    dates: dict[str, Param] = {
        "not_before": f"{facts.not_before:%Y-%m-%d %H:%M}",
        "not_after": f"{facts.not_after:%Y-%m-%d %H:%M}",
    }
    described = _note(
        "certificate",
        subject=facts.subject,
        names=names,
        issuer=facts.issuer,
        key=facts.key,
        signature=facts.signature,
        **dates,
    )
    return [
        _trust_finding(facts, options, evidence(described)),
        _finding(Severity.INFO, "cert-name.match", evidence(_note("names", names=names)), host=host)
        if facts.name_matches
        else _finding(
            Severity.ERROR,
            "cert-name.mismatch",
            evidence(_note("names", names=names)),
            host=host,
            names=names,
        ),
        _validity_finding(facts, evidence(_note("validity", **dates))),
        _rated(facts.key_rating, "cert-pubkey", evidence(_note("key", key=facts.key)), key=facts.key),
        _rated(
            facts.signature_rating,
            "cert-signature",
            evidence(_note("signature", signature=facts.signature)),
            signature=facts.signature,
        ),
    ]


def _trust_finding(facts: CertificateFacts, options: ProbeOptions, evidence: Evidence) -> Finding:
    if facts.trusted:
        if facts.anchor and facts.anchor.startswith("--cacert"):
            anchor = Text(f"de CA in {options.cacert}", f"the CA in {options.cacert}")
        else:
            anchor = Text(f"de vertrouwenslijst van {facts.anchor}", f"the {facts.anchor} trust store")
        return _finding(Severity.INFO, "cert-trust.trusted", evidence, anchor=anchor)
    reason = facts.trust_error or "unknown problem"
    lowered = reason.lower()
    if not options.cacert and any(hint in lowered for hint in _PRIVATE_CA_HINTS):
        return _finding(Severity.ERROR, "cert-trust.untrusted-private-ca", evidence, reason=reason)
    return _finding(Severity.ERROR, "cert-trust.untrusted", evidence, reason=reason)


def _validity_finding(facts: CertificateFacts, evidence: Evidence) -> Finding:
    state = validity(facts)
    not_after = f"{facts.not_after:%Y-%m-%d %H:%M} UTC"
    if state == "valid":
        return _finding(Severity.INFO, "cert-validity.valid", evidence, not_after=not_after)
    if state == "expiring":
        return _finding(Severity.WARNING, "cert-validity.expiring", evidence, not_after=not_after)
    if state == "expired":
        return _finding(Severity.ERROR, "cert-validity.expired", evidence, not_after=not_after)
    return _finding(
        Severity.ERROR,
        "cert-validity.not-yet-valid",
        evidence,
        not_before=f"{facts.not_before:%Y-%m-%d %H:%M} UTC",
    )


def _rated(rating: Rating, subtest: str, evidence: Evidence, **params: Param) -> Finding:
    if rating is Rating.PHASE_OUT:
        return _finding(Severity.ERROR, f"{subtest}.phase-out", evidence, **params)
    if rating is Rating.INSUFFICIENT:
        return _finding(Severity.ERROR, f"{subtest}.insufficient", evidence, **params)
    extra = {"rating": _rating_text(rating)} if subtest == "cert-pubkey" else {}
    return _finding(Severity.INFO, f"{subtest}.ok", evidence, **params, **extra)


# ----------------------------------------------------------------------------- HSTS and plain HTTP


def _hsts_finding(
    base_url: str,
    options: ProbeOptions,
    session: Session,
    verified_get: Callable[[str], Exchange] | None,
    undetermined: list[Message],
) -> Finding:
    hsts = tls_http.fetch_hsts(base_url, options, session, verified_get)
    evidence = hsts.exchange.evidence(("strict-transport-security", "content-type", "location"))
    if hsts.error:
        error: Param = hsts.exchange.error_message or hsts.error
        undetermined.append(_part("hsts", error))
        return _finding(
            Severity.WARNING, "hsts.not-checked", evidence, reason=_note("https-failed", error=error)
        )
    if hsts.header is None:
        return _finding(Severity.ERROR, "hsts.missing", evidence)
    if hsts.max_age is None or hsts.max_age <= 0:
        return _finding(Severity.ERROR, "hsts.no-max-age", evidence, value=repr(hsts.header))
    if hsts.max_age < _YEAR:
        return _finding(Severity.WARNING, "hsts.short", evidence, max_age=hsts.max_age)
    return _finding(Severity.INFO, "hsts.ok", evidence, value=hsts.header)


def _plain_http_finding(result: tls_http.PlainHttpResult) -> Finding:
    note = _detail_text(result) if result.detail else None
    evidence = result.exchange.evidence(("location", "content-type", "server"), note=note)
    if result.outcome is tls_http.PlainHttp.SERVED:
        where: Text | str = (
            Text(f" (doorverwijzing naar {result.location})", f" (a redirect to {result.location})")
            if result.location
            else ""
        )
        return _finding(
            Severity.ERROR,
            "http-redirect.served",
            evidence,
            url=result.url,
            status=result.status,
            location=where,
        )
    if result.outcome is tls_http.PlainHttp.REDIRECT_HTTPS:
        return _finding(
            Severity.INFO, "http-redirect.redirects", evidence, url=result.url, location=result.location
        )
    if result.outcome is tls_http.PlainHttp.REFUSED_BY_TLS_PORT:
        return _finding(Severity.INFO, "http-redirect.refused-by-tls-port", evidence, status=result.status)
    key = "http-redirect.closed" if result.outcome is tls_http.PlainHttp.CLOSED else "http-redirect.not-http"
    return _finding(Severity.INFO, key, evidence, url=result.url, detail=_detail_text(result))


def _detail_text(result: tls_http.PlainHttpResult) -> Message:
    """Why plain HTTP got no HTTP answer, in both languages (the raw error stays in the evidence)."""
    kind = result.exchange.error_kind
    if kind == "refused":
        return _note("plain.refused")
    if kind in ("timeout", "deadline") and result.outcome is tls_http.PlainHttp.NOT_HTTP:
        return _note("plain.no-answer-within", seconds=f"{result.limit:g}")
    if kind in ("reset", "protocol"):
        return _note("plain.broke-off")
    if kind == "dns":
        return _note("plain.dns")
    detail: Param = result.exchange.error_message or result.detail
    return _note("plain.no-answer", detail=detail)


def _plain_base_url(host: str, port: int, path: str, options: ProbeOptions, session: Session) -> CheckResult:
    """A base URL with ``http://`` fails "HTTPS available"; the answer there is added as evidence."""
    url = tls_http.plain_http_url(host, port, path)
    answer = tls_http.probe_plain_http(url, options, session, https_port=port)
    note = _detail_text(answer) if answer.detail else None
    evidence = answer.exchange.evidence(("location", "content-type", "server"), note=note)
    if answer.outcome is tls_http.PlainHttp.REDIRECT_HTTPS:
        finding = _finding(
            Severity.ERROR, "https.plain-base-url-redirects", evidence, url=url, location=answer.location
        )
    elif answer.status is not None and answer.location:
        finding = _finding(
            Severity.ERROR,
            "https.plain-base-url-plain-redirect",
            evidence,
            url=url,
            status=answer.status,
            location=answer.location,
        )
    elif answer.status is not None:
        finding = _finding(
            Severity.ERROR, "https.plain-base-url-answers", evidence, url=url, status=answer.status
        )
    else:
        finding = _finding(Severity.ERROR, "https.plain-base-url", evidence, url=url)
    return CheckResult(TLS_CHECK, Status.FAIL, [finding])


def _host_port(host: str, port: int, default: int = 443) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if port == default else f"{shown}:{port}"
