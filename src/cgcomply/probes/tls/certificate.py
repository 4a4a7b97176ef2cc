"""The certificate the server sent, judged in four separate parts (as internet.nl reports them):

* **name**: the host of the base URL matches a subjectAltName of the leaf (RFC 6125: a DNS name, a ``*.``
  wildcard as the whole left-most label, or an IP address; the subject CN is not used, as browsers do);
* **validity**: now lies between the leaf's notBefore and notAfter (a warning within 30 days of the end);
* **trust**: the chain builds to a trusted root: Mozilla's trust store as sslyze ships it, or the private CA
  of ``--cacert``. To keep the parts apart, trust is verified for one of the leaf's own names at a moment
  inside its validity, so a wrong name or an expired leaf shows up once, under its own part;
* **key** and **signature**: rated by NCSC (:mod:`.ncsc`).

Verification is cryptography's RFC 5280 path validation (through sslyze's :class:`TrustStore`), which is
stricter than some browsers (for example a critical subjectAltName next to a non-empty subject is refused).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.utils import CryptographyDeprecationWarning
from sslyze.plugins.certificate_info.trust_stores.trust_store import TrustStore
from sslyze.plugins.certificate_info.trust_stores.trust_store_repository import TrustStoresRepository

from cgcomply.probes.tls.ncsc import Rating, rate_certificate_key, rate_signature_hash

EXPIRY_WARNING = dt.timedelta(days=30)


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    subject: str
    issuer: str
    names: tuple[str, ...]  # subjectAltNames (DNS and IP)
    not_before: dt.datetime
    not_after: dt.datetime
    key: str  # "RSA 2048 bits", "EC secp256r1"
    key_rating: Rating
    signature: str  # "sha256 with EC"
    signature_rating: Rating  # the worst over leaf and intermediates
    name_matches: bool
    trusted: bool
    trust_error: str | None  # why the chain did not verify (None when trusted)
    anchor: str | None  # the trust store that verified it

    def describe(self) -> str:
        return (
            f"subject {self.subject}; names {', '.join(self.names) or '(none)'}; issuer {self.issuer}; "
            f"valid {self.not_before:%Y-%m-%d %H:%M} to {self.not_after:%Y-%m-%d %H:%M} UTC; "
            f"key {self.key}; signature {self.signature}"
        )


def analyse(chain: list[x509.Certificate], host: str, cacert: Path | None) -> CertificateFacts:
    leaf = chain[0]
    names = _san_names(leaf)
    key_kind, bits, curve = _key(leaf)
    key_text = f"{key_kind} {curve}" if curve else f"{key_kind} {bits} bits"
    signatures = [_signature(cert) for cert in chain if not _self_signed(cert)] or [_signature(leaf)]
    worst = max((rating for _, rating in signatures), key=_severity)
    trusted, trust_error, anchor = _trust(chain, names, cacert)
    return CertificateFacts(
        subject=leaf.subject.rfc4514_string() or "(empty)",
        issuer=leaf.issuer.rfc4514_string() or "(empty)",
        names=tuple(names),
        not_before=leaf.not_valid_before_utc,
        not_after=leaf.not_valid_after_utc,
        key=key_text,
        key_rating=rate_certificate_key(key_kind, bits, curve),
        signature=signatures[0][0],
        signature_rating=worst,
        name_matches=name_matches(host, names),
        trusted=trusted,
        trust_error=trust_error,
        anchor=anchor,
    )


def validity(facts: CertificateFacts, now: dt.datetime | None = None) -> str:
    """``"valid"``, ``"expiring"`` (within 30 days), ``"expired"`` or ``"not-yet-valid"``."""
    moment = now or dt.datetime.now(dt.UTC)
    if moment < facts.not_before:
        return "not-yet-valid"
    if moment > facts.not_after:
        return "expired"
    return "expiring" if facts.not_after - moment < EXPIRY_WARNING else "valid"


# ----------------------------------------------------------------------------- names


def _san_names(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    dns = [str(name) for name in san.get_values_for_type(x509.DNSName)]
    ips = [str(address) for address in san.get_values_for_type(x509.IPAddress)]
    return dns + ips


def name_matches(host: str, names: list[str]) -> bool:
    """RFC 6125 matching of ``host`` against subjectAltNames."""
    host = host.strip("[]").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        return any(_same_ip(address, name) for name in names)
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    for name in names:
        pattern = name.rstrip(".").lower()
        if pattern == host:
            return True
        if pattern.startswith("*.") and "*" not in pattern[2:]:
            head, _, rest = host.partition(".")
            if head and rest == pattern[2:] and "." in rest:
                return True
    return False


def _same_ip(address: ipaddress.IPv4Address | ipaddress.IPv6Address, name: str) -> bool:
    try:
        return ipaddress.ip_address(name) == address
    except ValueError:
        return False


# ----------------------------------------------------------------------------- key and signature


def _key(cert: x509.Certificate) -> tuple[str, int, str | None]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size, None
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "EC", key.key_size, key.curve.name
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519", 256, None
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448", 456, None
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", key.key_size, None
    return type(key).__name__, 0, None


def _signature(cert: x509.Certificate) -> tuple[str, Rating]:
    algorithm = cert.signature_hash_algorithm
    hash_name = algorithm.name if algorithm is not None else None
    key_kind = {
        x509.SignatureAlgorithmOID.ED25519: "Ed25519",
        x509.SignatureAlgorithmOID.ED448: "Ed448",
    }.get(cert.signature_algorithm_oid, "")
    label = key_kind or hash_name or f"unknown ({cert.signature_algorithm_oid.dotted_string})"
    return label, rate_signature_hash(hash_name, key_kind)


def _self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject


_ORDER = [Rating.GOOD, Rating.SUFFICIENT, Rating.PHASE_OUT, Rating.INSUFFICIENT]


def _severity(rating: Rating) -> int:
    return _ORDER.index(rating)


# ----------------------------------------------------------------------------- trust


def _trust(
    chain: list[x509.Certificate], names: list[str], cacert: Path | None
) -> tuple[bool, str | None, str | None]:
    leaf = chain[0]
    pems = [cert.public_bytes(serialization.Encoding.PEM).decode("ascii") for cert in chain]
    subject: x509.DNSName | x509.IPAddress
    if not names:
        return False, "the certificate has no subjectAltName (no name to verify it for)", None
    try:
        subject = x509.IPAddress(ipaddress.ip_address(names[0]))
    except ValueError:
        subject = x509.DNSName(names[0].replace("*.", "wildcard.", 1))
    now = dt.datetime.now(dt.UTC)
    moment = _inside(leaf, now)
    stores = [main_trust_store()]
    if cacert is not None:
        stores.insert(0, TrustStore(cacert, f"--cacert {cacert}", "N/A"))
    errors = []
    for store in stores:
        result = store.verify_certificate_chain(pems, subject, validation_time=moment)
        if result.was_validation_successful:
            return True, None, store.name
        errors.append(f"{store.name}: {_short(result.validation_error)}")
    return False, "; ".join(errors), None


def main_trust_store() -> TrustStore:
    """Mozilla's trust store as sslyze ships it (parsed once per process; sslyze keeps it).

    A few roots in it have a serial number of zero, which cryptography warns about on every load; the
    warning says nothing about the server we scan, so it is not shown."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return TrustStoresRepository.get_default().get_main_store()


def _inside(cert: x509.Certificate, now: dt.datetime) -> dt.datetime:
    """``now`` if the certificate is valid now, else the nearest moment at which it was (or will be)."""
    second = dt.timedelta(seconds=1)
    if now > cert.not_valid_after_utc:
        return cert.not_valid_after_utc - second
    if now < cert.not_valid_before_utc:
        return cert.not_valid_before_utc + second
    return now


def _short(error: str | None) -> str:
    """cryptography's message without the certificate dump it appends."""
    text = (error or "unknown error").removeprefix("validation failed: ")
    return text.split(" (encountered processing", 1)[0]
