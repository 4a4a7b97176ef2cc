"""The NCSC ratings: "ICT-beveiligingsrichtlijnen voor Transport Layer Security (TLS)".

Every item the scan finds is rated *good*, *sufficient*, *phase out* or *insufficient* (goed, voldoende, uit
te faseren, onvoldoende). The ADR says "follow the latest NCSC TLS guidelines"; the tables below follow the
2025 edition as internet.nl applies it (internet.nl is the NCSC-endorsed reference implementation; we did not
read the NCSC text itself, so where internet.nl and NCSC differ, NCSC decides):

* protocol versions: TLS 1.3 good, TLS 1.2 sufficient, everything older insufficient;
* cipher suites: see :func:`rate_cipher_suite` (forward secrecy with ECDHE and an AEAD cipher is needed for
  *sufficient*; DHE and CBC with SHA-2 are *phase out*; RSA key exchange, SHA-1 MACs, 3DES, RC4, NULL,
  anonymous and export suites are *insufficient*);
* key-exchange groups: the NIST P-curves, Brainpool curves, X25519 and X448 good, secp224r1 phase out, any
  other curve insufficient; finite-field groups of 3072 bits or more phase out, smaller ones insufficient;
* the certificate's key: RSA of 3072 bits or more good, 2048-3071 phase out, smaller insufficient; the curves
  named above good (secp224r1 phase out); its signature: SHA-2 or EdDSA sufficient, SHA-224 phase out,
  SHA-1 and MD5 insufficient.

The ADR's "how to test" decides what a rating means for the verdict: accepting anything *insufficient* or
*phase out* fails; for *phase out* a documented phase-out schedule allows a manual exception.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Rating(StrEnum):
    GOOD = "good"
    SUFFICIENT = "sufficient"
    PHASE_OUT = "phase out"
    INSUFFICIENT = "insufficient"

    @property
    def fails(self) -> bool:
        return self in (Rating.PHASE_OUT, Rating.INSUFFICIENT)

    @property
    def nl(self) -> str:
        return _DUTCH[self]


_DUTCH = {
    Rating.GOOD: "goed",
    Rating.SUFFICIENT: "voldoende",
    Rating.PHASE_OUT: "uit te faseren",
    Rating.INSUFFICIENT: "onvoldoende",
}

EDITION = "NCSC ICT-beveiligingsrichtlijnen voor TLS, 2025 (as internet.nl applies them)"

# ----------------------------------------------------------------------------- protocol versions

PROTOCOLS: tuple[str, ...] = ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3")
_PROTOCOL_RATINGS = {"TLS 1.3": Rating.GOOD, "TLS 1.2": Rating.SUFFICIENT}


def rate_protocol(label: str) -> Rating:
    return _PROTOCOL_RATINGS.get(label, Rating.INSUFFICIENT)


# ----------------------------------------------------------------------------- cipher suites

_TLS13_SUITES = {
    "TLS_AES_256_GCM_SHA384": Rating.GOOD,
    "TLS_CHACHA20_POLY1305_SHA256": Rating.GOOD,
    "TLS_AES_128_GCM_SHA256": Rating.SUFFICIENT,
    "TLS_AES_128_CCM_SHA256": Rating.SUFFICIENT,
}
# TLS 1.2 suites are TLS_<key exchange>_<authentication>_WITH_<bulk cipher and MAC>.
_TLS12_SUITE = re.compile(r"^TLS_(ECDHE|DHE)_(ECDSA|RSA)_WITH_([A-Z0-9_]+)$")
_AEAD = frozenset(
    {"AES_256_GCM_SHA384", "AES_128_GCM_SHA256", "CHACHA20_POLY1305_SHA256", "AES_256_CCM", "AES_128_CCM"}
)
# CBC with a SHA-2 MAC, and the Camellia/ARIA GCM suites: phase out. CBC with SHA-1 is insufficient.
_PHASE_OUT_BULK = re.compile(
    r"^(AES|CAMELLIA|ARIA)_(128|256)_(CBC_SHA256|CBC_SHA384)$|^(CAMELLIA|ARIA)_(128|256)_GCM_SHA(256|384)$"
)


def rate_cipher_suite(name: str) -> Rating:
    """The rating of one cipher suite by its IANA name (sslyze reports IANA names)."""
    if name in _TLS13_SUITES:
        return _TLS13_SUITES[name]
    match = _TLS12_SUITE.match(name)
    if not match:
        return Rating.INSUFFICIENT  # RSA key exchange, static ECDH/DH, anonymous, PSK, NULL, RC4, 3DES ...
    key_exchange, _authentication, bulk = match.groups()
    if bulk in _AEAD:
        return Rating.SUFFICIENT if key_exchange == "ECDHE" else Rating.PHASE_OUT
    if _PHASE_OUT_BULK.match(bulk):
        return Rating.PHASE_OUT
    return Rating.INSUFFICIENT


# ----------------------------------------------------------------------------- key exchange

GOOD_CURVES = frozenset(
    {
        "secp256r1",
        "prime256v1",
        "secp384r1",
        "secp521r1",
        "brainpoolP256r1",
        "brainpoolP384r1",
        "brainpoolP512r1",
        "X25519",
        "X448",
    }
)
PHASE_OUT_CURVES = frozenset({"secp224r1"})


def rate_curve(name: str) -> Rating:
    if name in GOOD_CURVES:
        return Rating.GOOD
    if name in PHASE_OUT_CURVES:
        return Rating.PHASE_OUT
    return Rating.INSUFFICIENT


def rate_dh_group(bits: int) -> Rating:
    """Finite-field Diffie-Hellman: at most *phase out* (the RFC 7919 groups of 3072 bits and more; a
    custom group of that size is strictly insufficient, which we cannot tell apart without the primes)."""
    return Rating.PHASE_OUT if bits >= 3072 else Rating.INSUFFICIENT


# ----------------------------------------------------------------------------- certificate


def rate_certificate_key(kind: str, bits: int, curve: str | None = None) -> Rating:
    """``kind`` is ``RSA``, ``EC``, ``Ed25519``, ``Ed448``, ``DSA`` ..."""
    if kind == "RSA":
        if bits >= 3072:
            return Rating.GOOD
        return Rating.PHASE_OUT if bits >= 2048 else Rating.INSUFFICIENT
    if kind == "EC":
        return rate_curve(curve or "")
    if kind in ("Ed25519", "Ed448"):
        return Rating.GOOD
    return Rating.INSUFFICIENT


def rate_signature_hash(hash_name: str | None, key_kind: str) -> Rating:
    """The hash of a certificate's signature (``sha256`` ...); EdDSA signatures have none."""
    if key_kind in ("Ed25519", "Ed448"):
        return Rating.SUFFICIENT
    if hash_name in ("sha256", "sha384", "sha512"):
        return Rating.SUFFICIENT
    if hash_name == "sha224":
        return Rating.PHASE_OUT
    return Rating.INSUFFICIENT
