"""One sslyze scan of one TLS endpoint, turned into plain data (:class:`TlsScan`).

sslyze (with nassl's legacy OpenSSL for SSL 2.0/3.0 and TLS 1.0/1.1) runs only the scan commands the probe
rates: the cipher suites of every protocol version, the elliptic curves, TLS compression, renegotiation and
the certificate (with ``--cacert`` as an extra trust store). Its worker threads run inside a total deadline:
when the scan has not finished in time, :func:`scan` returns a :class:`TlsScan` with ``error`` set and the
threads (daemons, each connection bounded by the network timeout) end on their own.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Imported from their defining modules (sslyze's __init__ re-exports them without __all__).
from sslyze.plugins.certificate_info.implementation import CertificateInfoExtraArgument
from sslyze.plugins.scan_commands import ScanCommand
from sslyze.scanner.models import (
    ScanCommandsExtraArguments,
    ServerConnectivityStatusEnum,
    ServerScanRequest,
    ServerScanResult,
)
from sslyze.scanner.scan_command_attempt import ScanCommandAttemptStatusEnum
from sslyze.scanner.scanner import Scanner
from sslyze.server_setting import ServerNetworkConfiguration, ServerNetworkLocation

# sslyze's cipher-suite scan commands, in the order of ncsc.PROTOCOLS.
PROTOCOL_COMMANDS: dict[str, ScanCommand] = {
    "SSL 2.0": ScanCommand.SSL_2_0_CIPHER_SUITES,
    "SSL 3.0": ScanCommand.SSL_3_0_CIPHER_SUITES,
    "TLS 1.0": ScanCommand.TLS_1_0_CIPHER_SUITES,
    "TLS 1.1": ScanCommand.TLS_1_1_CIPHER_SUITES,
    "TLS 1.2": ScanCommand.TLS_1_2_CIPHER_SUITES,
    "TLS 1.3": ScanCommand.TLS_1_3_CIPHER_SUITES,
}
SCAN_COMMANDS: frozenset[ScanCommand] = frozenset(
    {
        *PROTOCOL_COMMANDS.values(),
        ScanCommand.ELLIPTIC_CURVES,
        ScanCommand.TLS_COMPRESSION,
        ScanCommand.SESSION_RENEGOTIATION,
        ScanCommand.CERTIFICATE_INFO,
    }
)


@dataclass(frozen=True, slots=True)
class AcceptedSuite:
    name: str  # IANA name
    openssl_name: str
    key_exchange: str | None = None  # "ECDH X25519 (253 bits)", "DH 2048 bits"
    curve: str | None = None
    dh_bits: int | None = None


@dataclass(slots=True)
class ProtocolScan:
    label: str  # "TLS 1.2"
    accepted: list[AcceptedSuite] | None = None  # None: not determined (see error)
    error: str | None = None


@dataclass(slots=True)
class TlsScan:
    """What one scan found; ``None`` fields were not determined (the matching ``errors`` entry says why)."""

    host: str
    port: int
    ip_address: str
    error: str | None = None  # the scan as a whole did not run or finish: the scanner's or OS's own words
    error_kind: str | None = None  # "refused", "timeout", "no-tls", "deadline", "crash"
    protocols: dict[str, ProtocolScan] = field(default_factory=dict)
    curves: list[str] | None = None
    supports_ecdh: bool | None = None
    compression: bool | None = None
    secure_renegotiation: bool | None = None
    client_renegotiation: bool | None = None
    certificate_chain: list[Any] | None = None  # cryptography Certificates, leaf first
    errors: dict[str, str] = field(default_factory=dict)  # part -> why it was not determined
    seconds: float = 0.0
    deadline_seconds: float | None = None  # the deadline the scan passed (error_kind "deadline")

    @property
    def accepted_protocols(self) -> list[str]:
        return [label for label, scan in self.protocols.items() if scan.accepted]


def scan(
    host: str,
    ip_address: str,
    port: int,
    *,
    cacert: Path | None,
    network_timeout: float,
    deadline_seconds: float,
    max_connections: int,
) -> TlsScan:
    """Scan ``host`` (at ``ip_address``) on ``port``; never raises."""
    started = time.monotonic()
    result = TlsScan(host=host, port=port, ip_address=ip_address)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = _run_sslyze(host, ip_address, port, cacert, network_timeout, max_connections)
        except Exception as error:  # sslyze or nassl crashed: reported, never a traceback
            box["error"] = "".join(traceback.format_exception_only(error)).strip()

    worker = threading.Thread(target=work, name=f"cgcomply-tls-{host}:{port}", daemon=True)
    worker.start()
    worker.join(deadline_seconds)
    result.seconds = time.monotonic() - started
    if worker.is_alive():
        result.error_kind = "deadline"
        result.deadline_seconds = deadline_seconds
        return result
    if "error" in box:
        result.error_kind = "crash"
        result.error = str(box["error"])
        return result
    _read(box["result"], result)
    return result


def _run_sslyze(
    host: str, ip_address: str, port: int, cacert: Path | None, network_timeout: float, max_connections: int
) -> ServerScanResult:
    location = ServerNetworkLocation(hostname=host, port=port, ip_address=ip_address)
    network = ServerNetworkConfiguration(
        tls_server_name_indication=host,
        network_timeout=max(1, round(network_timeout)),
        network_max_retries=1,
    )
    extra = ScanCommandsExtraArguments(
        certificate_info=CertificateInfoExtraArgument(custom_ca_file=cacert) if cacert else None
    )
    request = ServerScanRequest(
        server_location=location,
        network_configuration=network,
        scan_commands=set(SCAN_COMMANDS),
        scan_commands_extra_arguments=extra,
    )
    scanner = Scanner(per_server_concurrent_connections_limit=max(1, max_connections))
    scanner.queue_scans([request])
    results = list(scanner.get_results())
    return results[0]


def _read(server: ServerScanResult, into: TlsScan) -> None:
    if server.connectivity_status is not ServerConnectivityStatusEnum.COMPLETED or server.scan_result is None:
        trace = server.connectivity_error_trace
        name = trace.exc_type.__name__ if trace is not None and trace.exc_type is not None else ""
        text = "".join(trace.format_exception_only()).strip() if trace is not None else "no connectivity"
        into.error_kind = {
            "ServerRejectedConnection": "refused",
            "ConnectionToServerTimedOut": "timeout",
            "TlsHandshakeTimedOut": "timeout",
            "ServerTlsConfigurationNotSupported": "no-tls",
            "ServerRejectedTlsHandshake": "no-tls",
        }.get(name, "connect")
        into.error = _sslyze_error_text(text)
        return
    attempts = server.scan_result
    for label, command in PROTOCOL_COMMANDS.items():
        attempt = getattr(attempts, command.value)
        protocol = into.protocols[label] = ProtocolScan(label)
        if attempt.status is ScanCommandAttemptStatusEnum.COMPLETED and attempt.result is not None:
            protocol.accepted = [_accepted(suite) for suite in attempt.result.accepted_cipher_suites]
        else:
            protocol.error = _attempt_error(attempt)
            into.errors[f"protocol {label}"] = protocol.error

    curves = attempts.elliptic_curves
    if curves.status is ScanCommandAttemptStatusEnum.COMPLETED and curves.result is not None:
        into.supports_ecdh = curves.result.supports_ecdh_key_exchange
        into.curves = [curve.name for curve in curves.result.supported_curves or []]
    else:
        into.errors["curves"] = _attempt_error(curves)

    compression = attempts.tls_compression
    if compression.status is ScanCommandAttemptStatusEnum.COMPLETED and compression.result is not None:
        into.compression = compression.result.supports_compression
    else:
        into.errors["compression"] = _attempt_error(compression)

    renegotiation = attempts.session_renegotiation
    if renegotiation.status is ScanCommandAttemptStatusEnum.COMPLETED and renegotiation.result is not None:
        into.secure_renegotiation = renegotiation.result.supports_secure_renegotiation
        into.client_renegotiation = renegotiation.result.is_vulnerable_to_client_renegotiation_dos
    else:
        into.errors["renegotiation"] = _attempt_error(renegotiation)

    certificate = attempts.certificate_info
    if certificate.status is ScanCommandAttemptStatusEnum.COMPLETED and certificate.result is not None:
        deployments = certificate.result.certificate_deployments
        if deployments:
            into.certificate_chain = list(deployments[0].received_certificate_chain)
        # no deployment: the server sent no certificate (the probe says so, probe.tls:note.no-certificate)
    else:
        into.errors["certificate"] = _attempt_error(certificate)


def _accepted(suite: Any) -> AcceptedSuite:
    key = suite.ephemeral_key
    curve = getattr(key, "curve_name", None) if key is not None else None
    dh_bits = None
    description = None
    if key is not None:
        if curve:
            description = f"ECDH {curve} ({key.size} bits)"
        else:
            dh_bits = key.size
            description = f"DH {key.size} bits"
    return AcceptedSuite(
        name=suite.cipher_suite.name,
        openssl_name=suite.cipher_suite.openssl_name,
        key_exchange=description,
        curve=curve,
        dh_bits=dh_bits,
    )


def _attempt_error(attempt: Any) -> str:
    """sslyze's own words for a command that did not complete; "" when it gives none (not determined)."""
    parts = [attempt.error_reason.value] if attempt.error_reason is not None else []
    trace = attempt.error_trace
    if trace is not None:
        parts.append(_sslyze_error_text("".join(trace.format_exception_only()).strip()))
    return ": ".join(parts)


def _sslyze_error_text(text: str) -> str:
    """sslyze's exception line without the module path (``sslyze.errors.X: ...`` -> ``...``)."""
    head, sep, tail = text.partition(": ")
    return tail if sep and "." in head and " " not in head else text
