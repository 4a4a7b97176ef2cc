"""TLS handshakes for the TLS probe: which protocol versions a server accepts, and whether its certificate
verifies for the host.

Each protocol version is tried on its own connection with the client pinned to exactly that version. The
local OpenSSL is used where it can offer the version (with ``@SECLEVEL=0`` ciphers for TLS 1.0/1.1, so that
a server which still accepts them *is* detected). Where it cannot (SSL 3.0 is compiled out of every current
OpenSSL; some builds also drop TLS 1.0/1.1), a hand-written ClientHello for that version is sent and the
version in the server's ServerHello is read: a server that answers with that version has accepted it.
No handshake is ever left open longer than the timeouts allow.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import ssl
import threading
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID


class Rating(StrEnum):
    """NCSC "ICT-beveiligingsrichtlijnen voor TLS" rating of a protocol version."""

    GOOD = "good"  # goed
    SUFFICIENT = "sufficient"  # voldoende
    PHASE_OUT = "phase-out"  # uit te faseren
    INSUFFICIENT = "insufficient"  # onvoldoende


@dataclass(frozen=True, slots=True)
class Protocol:
    label: str  # "TLS 1.3"
    wire: int  # the version number on the wire, e.g. 0x0304
    rating: Rating
    tls_version: ssl.TLSVersion | None  # None: the ssl module has no name for it (SSL 3.0 is gone)


PROTOCOLS: tuple[Protocol, ...] = (
    Protocol("SSL 3.0", 0x0300, Rating.INSUFFICIENT, None),
    Protocol("TLS 1.0", 0x0301, Rating.PHASE_OUT, ssl.TLSVersion.TLSv1),
    Protocol("TLS 1.1", 0x0302, Rating.PHASE_OUT, ssl.TLSVersion.TLSv1_1),
    Protocol("TLS 1.2", 0x0303, Rating.SUFFICIENT, ssl.TLSVersion.TLSv1_2),
    Protocol("TLS 1.3", 0x0304, Rating.GOOD, ssl.TLSVersion.TLSv1_3),
)


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NOT_TESTED = "not tested"  # neither the local OpenSSL nor a raw ClientHello could try it
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A resolved server: connect to ``address`` (resolved once), name it ``host`` in SNI and checks."""

    host: str
    port: int
    family: int
    address: tuple  # the sockaddr from getaddrinfo
    connect_timeout: float
    io_timeout: float

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return False
        return True

    def connect(self) -> socket.socket:
        sock = socket.socket(self.family, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.connect_timeout)
            sock.connect(self.address)
            sock.settimeout(self.io_timeout)
        except BaseException:
            sock.close()
            raise
        return sock


class LookupTimeout(OSError):
    """The DNS lookup did not finish within the connect timeout."""


def resolve(host: str, port: int, connect_timeout: float, io_timeout: float) -> Endpoint:
    """Resolve ``host`` once, within ``connect_timeout`` (raises ``socket.gaierror`` on a DNS failure and
    :class:`LookupTimeout` when the resolver does not answer in time)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)  # a literal address: no lookup
        family, _, _, _, address = infos[0]
        return Endpoint(host, port, family, address, connect_timeout, io_timeout)
    # getaddrinfo has no timeout of its own: ask in a daemon thread and stop waiting after the timeout.
    answer: list[object] = []
    worker = threading.Thread(target=_lookup, args=(host, port, answer), daemon=True)
    worker.start()
    worker.join(connect_timeout)
    if not answer:
        raise LookupTimeout(f"DNS lookup of {host} timed out after {connect_timeout:g} s")
    if isinstance(answer[0], BaseException):
        raise answer[0]
    family, _, _, _, address = answer[0][0]  # type: ignore[index]
    return Endpoint(host, port, family, address, connect_timeout, io_timeout)


def _lookup(host: str, port: int, answer: list[object]) -> None:
    try:
        answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    except BaseException as error:  # handed to the waiting thread
        answer.append(error)


@dataclass(frozen=True, slots=True)
class ProtocolResult:
    protocol: Protocol
    outcome: Outcome
    detail: str  # cipher suite when accepted; the server's answer or the reason otherwise
    method: str  # "openssl" or "raw ClientHello"


def local_can_offer(version: ssl.TLSVersion) -> bool:
    """Whether the local OpenSSL can send a ClientHello for exactly ``version`` (no network involved)."""
    try:
        context = _pinned_context(version)
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = context.wrap_bio(incoming, outgoing, server_hostname=None)
        tls.do_handshake()
    except ssl.SSLWantReadError:
        return True  # the ClientHello was written; it waits for the server
    except (ssl.SSLError, ValueError):
        return False
    return False


def probe_protocol(endpoint: Endpoint, protocol: Protocol) -> ProtocolResult:
    """Try one protocol version against the server.

    For the versions that must be off (SSL 3.0, TLS 1.0, TLS 1.1) a refusal of the OpenSSL handshake is
    double-checked with the raw ClientHello, which also offers RC4 and 3DES suites that OpenSSL 3 no longer
    has: a server that would negotiate the old version with those ciphers still accepts it."""
    if protocol.tls_version is None or not local_can_offer(protocol.tls_version):
        return _probe_with_raw_hello(endpoint, protocol)
    result = _probe_with_openssl(endpoint, protocol)
    if result.outcome is Outcome.REJECTED and protocol.rating in (Rating.PHASE_OUT, Rating.INSUFFICIENT):
        raw = _probe_with_raw_hello(endpoint, protocol)
        if raw.outcome is Outcome.ACCEPTED:
            detail = f"{raw.detail}, although the OpenSSL handshake failed ({result.detail})"
            return ProtocolResult(protocol, Outcome.ACCEPTED, detail, "openssl + raw ClientHello")
    return result


def _pinned_context(version: ssl.TLSVersion) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLS 1.0/1.1 are deprecated: that is the point
        context.minimum_version = version
        context.maximum_version = version
    if version < ssl.TLSVersion.TLSv1_2:
        context.set_ciphers("ALL:@SECLEVEL=0")
    return context


def _probe_with_openssl(endpoint: Endpoint, protocol: Protocol) -> ProtocolResult:
    assert protocol.tls_version is not None
    context = _pinned_context(protocol.tls_version)
    try:
        sock = endpoint.connect()
    except TimeoutError:
        return ProtocolResult(protocol, Outcome.TIMEOUT, "connect timed out", "openssl")
    except OSError as error:
        return ProtocolResult(protocol, Outcome.UNREACHABLE, _os_reason(error), "openssl")
    try:
        with context.wrap_socket(sock, server_hostname=_sni(endpoint)) as tls:
            cipher = tls.cipher()
            negotiated = tls.version() or "?"
    except TimeoutError:
        return ProtocolResult(protocol, Outcome.TIMEOUT, "handshake timed out", "openssl")
    except ssl.SSLError as error:
        return ProtocolResult(protocol, Outcome.REJECTED, _ssl_reason(error), "openssl")
    except OSError as error:
        return ProtocolResult(protocol, Outcome.REJECTED, _os_reason(error), "openssl")
    finally:
        sock.close()
    detail = f"negotiated {negotiated}, cipher {cipher[0]}" if cipher else f"negotiated {negotiated}"
    return ProtocolResult(protocol, Outcome.ACCEPTED, detail, "openssl")


def _sni(endpoint: Endpoint) -> str | None:
    return None if endpoint.is_ip else endpoint.host


# --------------------------------------------------------------------------- raw ClientHello

# Cipher suites an old server would pick: ECDHE/DHE/RSA with AES-CBC, 3DES and RC4, plus the
# renegotiation SCSV. Only the ServerHello is read, so the client never needs to implement any of them.
_RAW_CIPHERS = (
    0xC014, 0xC013, 0xC00A, 0xC009, 0x0039, 0x0033, 0x0035, 0x002F,  # AES-CBC
    0xC012, 0xC008, 0x0016, 0x000A,  # 3DES
    0xC011, 0xC007, 0x0005, 0x0004,  # RC4
    0x00FF,
)  # fmt: skip
_ALERTS = {40: "handshake failure", 70: "protocol version", 71: "insufficient security", 80: "internal error"}


# Signature algorithms offered in a TLS 1.2 ClientHello (without them a server assumes SHA-1 and an
# OpenSSL 3 server may refuse a suite it does support).
_SIGNATURE_ALGORITHMS = (
    0x0403,
    0x0503,
    0x0603,
    0x0804,
    0x0805,
    0x0806,
    0x0401,
    0x0501,
    0x0601,
    0x0203,
    0x0201,
)


def client_hello(
    wire_version: int,
    sni: str | None,
    ciphers: tuple[int, ...] = _RAW_CIPHERS,
    compression: tuple[int, ...] = (0,),
) -> bytes:
    """A minimal ClientHello record offering exactly ``wire_version`` (SSL 3.0 .. TLS 1.2), ``ciphers`` and
    the ``compression`` methods (0 = none, 1 = DEFLATE)."""
    suites = b"".join(code.to_bytes(2, "big") for code in ciphers)
    body = wire_version.to_bytes(2, "big") + os.urandom(32) + b"\x00"  # version, random, no session id
    body += len(suites).to_bytes(2, "big") + suites + bytes([len(compression), *compression])
    extensions = b""
    if wire_version >= 0x0301:
        if sni:
            name = sni.encode("idna")
            entry = b"\x00" + len(name).to_bytes(2, "big") + name
            names = len(entry).to_bytes(2, "big") + entry
            extensions += b"\x00\x00" + len(names).to_bytes(2, "big") + names
        extensions += _list_extension(0x000A, (0x001D, 0x0017, 0x0018))  # groups: x25519, P-256, P-384
        extensions += b"\x00\x0b\x00\x02\x01\x00"  # EC point formats: uncompressed
    if wire_version >= 0x0303:
        extensions += _list_extension(0x000D, _SIGNATURE_ALGORITHMS)
    if extensions:
        body += len(extensions).to_bytes(2, "big") + extensions
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16" + wire_version.to_bytes(2, "big") + len(handshake).to_bytes(2, "big") + handshake


def _list_extension(kind: int, values: tuple[int, ...]) -> bytes:
    data = b"".join(value.to_bytes(2, "big") for value in values)
    return kind.to_bytes(2, "big") + (len(data) + 2).to_bytes(2, "big") + len(data).to_bytes(2, "big") + data


@dataclass(frozen=True, slots=True)
class HelloAnswer:
    """What the server answered to a hand-written ClientHello."""

    outcome: Outcome  # ACCEPTED: a ServerHello with the offered version
    detail: str
    version: int | None = None
    cipher: int | None = None  # the suite the server chose
    compression: int | None = None  # the compression method the server chose
    extensions: tuple[int, ...] = ()  # the extension types in the ServerHello


def hello_exchange(
    endpoint: Endpoint,
    wire_version: int,
    ciphers: tuple[int, ...] = _RAW_CIPHERS,
    compression: tuple[int, ...] = (0,),
) -> HelloAnswer:
    """Send one ClientHello and read the first record of the answer (no handshake is completed)."""
    try:
        sock = endpoint.connect()
    except TimeoutError:
        return HelloAnswer(Outcome.TIMEOUT, "connect timed out")
    except OSError as error:
        return HelloAnswer(Outcome.UNREACHABLE, _os_reason(error))
    try:
        sock.sendall(client_hello(wire_version, _sni(endpoint), ciphers, compression))
        header = _recv_exact(sock, 5)
        if len(header) < 5:
            return HelloAnswer(Outcome.REJECTED, "connection closed by the server")
        content_type, length = header[0], int.from_bytes(header[3:5], "big")
        payload = _recv_exact(sock, min(length, 16384 + 2048))
    except TimeoutError:
        return HelloAnswer(Outcome.TIMEOUT, "no answer to the ClientHello")
    except OSError as error:
        return HelloAnswer(Outcome.REJECTED, _os_reason(error))
    finally:
        sock.close()
    if content_type == 0x15 and len(payload) >= 2:
        alert = _ALERTS.get(payload[1], f"alert {payload[1]}")
        return HelloAnswer(Outcome.REJECTED, f"server sent alert: {alert}")
    if content_type == 0x16 and len(payload) >= 6 and payload[0] == 0x02:
        answered = int.from_bytes(payload[4:6], "big")
        cipher, method, extensions = _server_hello_fields(payload)
        if answered == wire_version:
            detail = "server answered with a ServerHello"
            return HelloAnswer(Outcome.ACCEPTED, detail, answered, cipher, method, extensions)
        detail = f"server answered with version 0x{answered:04x}"
        return HelloAnswer(Outcome.REJECTED, detail, answered, cipher, method, extensions)
    return HelloAnswer(Outcome.REJECTED, "no TLS answer to the ClientHello")


def _server_hello_fields(payload: bytes) -> tuple[int | None, int | None, tuple[int, ...]]:
    """``(cipher suite, compression method, extension types)`` from a ServerHello handshake message:
    type(1) length(3) version(2) random(32) session id(1+n) cipher(2) compression(1) extensions(2+...)."""
    offset = 38
    if len(payload) <= offset:
        return None, None, ()
    offset += 1 + payload[offset]
    if len(payload) < offset + 3:
        return None, None, ()
    cipher = int.from_bytes(payload[offset : offset + 2], "big")
    method = payload[offset + 2]
    offset += 3
    end = min(len(payload), 4 + int.from_bytes(payload[1:4], "big"))
    extensions: list[int] = []
    if end >= offset + 2:
        offset += 2
        while offset + 4 <= end:
            extensions.append(int.from_bytes(payload[offset : offset + 2], "big"))
            offset += 4 + int.from_bytes(payload[offset + 2 : offset + 4], "big")
    return cipher, method, tuple(extensions)


def _probe_with_raw_hello(endpoint: Endpoint, protocol: Protocol) -> ProtocolResult:
    method = "raw ClientHello"
    if protocol.wire > 0x0303:
        return ProtocolResult(protocol, Outcome.NOT_TESTED, "the local OpenSSL cannot offer it", method)
    answer = hello_exchange(endpoint, protocol.wire)
    return ProtocolResult(protocol, answer.outcome, answer.detail, method)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


# --------------------------------------------------------------------------- certificate


@dataclass(frozen=True, slots=True)
class CertificateResult:
    verified: bool
    problem: str | None  # why it does not verify (OpenSSL's words), or a handshake problem
    subject: str | None = None
    names: tuple[str, ...] = ()  # subjectAltName entries
    not_after: dt.datetime | None = None
    issuer: str | None = None
    timed_out: bool = False
    key: str | None = None  # "EC secp256r1", "RSA 2048 bits"
    signature: str | None = None  # the certificate's signature hash, e.g. "sha256"


def check_certificate(endpoint: Endpoint, cacert: Path | None) -> CertificateResult:
    """Verify the server's certificate chain and name with the system trust store, or ``cacert`` only."""
    try:
        context = ssl.create_default_context(cafile=str(cacert) if cacert else None)
    except (OSError, ssl.SSLError) as error:
        return CertificateResult(False, f"cannot read the CA file {cacert}: {error}")
    problem: str | None = None
    try:
        sock = endpoint.connect()
    except TimeoutError:
        return CertificateResult(False, "connect timed out", timed_out=True)
    except OSError as error:
        return CertificateResult(False, _os_reason(error))
    try:
        with context.wrap_socket(sock, server_hostname=endpoint.host) as tls:  # IP SANs for an IP
            der = tls.getpeercert(binary_form=True)
    except ssl.SSLCertVerificationError as error:
        problem = error.verify_message or _ssl_reason(error)
        der = None
    except TimeoutError:
        return CertificateResult(False, "handshake timed out", timed_out=True)
    except (ssl.SSLError, OSError) as error:
        return CertificateResult(False, f"no TLS 1.2+ handshake: {_ssl_reason(error)}")
    finally:
        sock.close()
    if der is None:
        der = _unverified_certificate(endpoint)
    return _describe(der, verified=problem is None, problem=problem)


def _unverified_certificate(endpoint: Endpoint) -> bytes | None:
    """The leaf certificate without verifying it, to describe why verification failed."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        sock = endpoint.connect()
    except OSError:
        return None
    try:
        with context.wrap_socket(sock, server_hostname=_sni(endpoint)) as tls:
            return tls.getpeercert(binary_form=True)
    except OSError:
        return None
    finally:
        sock.close()


def _describe(der: bytes | None, *, verified: bool, problem: str | None) -> CertificateResult:
    if not der:
        return CertificateResult(verified, problem)
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return CertificateResult(verified, problem)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = tuple(
            [str(name) for name in san.get_values_for_type(x509.DNSName)]
            + [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
        )
    except x509.ExtensionNotFound:
        names = ()
    return CertificateResult(
        verified,
        problem,
        subject=_common_name(cert.subject) or cert.subject.rfc4514_string(),
        names=names,
        not_after=cert.not_valid_after_utc,
        issuer=_common_name(cert.issuer) or cert.issuer.rfc4514_string(),
        key=_key_description(cert),
        signature=cert.signature_hash_algorithm.name if cert.signature_hash_algorithm else None,
    )


def _key_description(cert: x509.Certificate) -> str | None:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    try:
        key = cert.public_key()
    except (ValueError, TypeError):
        return None
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size} bits"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}"
    return type(key).__name__.removeprefix("_")


def _common_name(name: x509.Name) -> str | None:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else None


# --------------------------------------------------------------------------- reasons


def _ssl_reason(error: BaseException) -> str:
    if isinstance(error, ssl.SSLError) and error.reason:
        return error.reason.lower().replace("_", " ")
    return _os_reason(error)


def _os_reason(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(error, TimeoutError):
        return "timed out"
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return str(text)
