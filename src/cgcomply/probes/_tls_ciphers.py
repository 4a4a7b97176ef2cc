"""Which TLS 1.2 cipher suites the NCSC guidelines rate *insufficient* or *phase out* does a server accept?

The ADR's how-to-test for ``/core/transport/tls``: "Supporting any protocols, algorithms, key sizes, options
or ciphers that are deemed insufficient or phased out by NCSC will lead to failure". A hand-written TLS 1.2
ClientHello offers only the suites of one rating; a ServerHello that picks one of them proves the server
accepts it (the handshake is never completed, so the client needs none of these ciphers itself). The
suite the server picked is reported and its family is removed from the offer, until the server refuses:
every family it accepts is found in a few handshakes.

Ratings (NCSC "ICT-beveiligingsrichtlijnen voor TLS" 2.1, table of algorithm choices): NULL encryption,
anonymous key exchange, export-grade, RC4 and single DES are insufficient; 3DES and RSA key exchange
(no forward secrecy) are to be phased out. TLS 1.3 suites are all good or sufficient and are not scanned.
"""

from __future__ import annotations

from dataclasses import dataclass

from cgcomply.probes._tls_handshake import Endpoint, Outcome, Rating, hello_exchange


@dataclass(frozen=True, slots=True)
class CipherFamily:
    name: str
    rating: Rating
    suites: dict[int, str]  # IANA code -> name


FAMILIES: tuple[CipherFamily, ...] = (
    CipherFamily(
        "NULL encryption",
        Rating.INSUFFICIENT,
        {
            0x0001: "TLS_RSA_WITH_NULL_MD5",
            0x0002: "TLS_RSA_WITH_NULL_SHA",
            0x003B: "TLS_RSA_WITH_NULL_SHA256",
            0xC006: "TLS_ECDHE_ECDSA_WITH_NULL_SHA",
            0xC010: "TLS_ECDHE_RSA_WITH_NULL_SHA",
        },
    ),
    CipherFamily(
        "anonymous key exchange",
        Rating.INSUFFICIENT,
        {
            0x0034: "TLS_DH_anon_WITH_AES_128_CBC_SHA",
            0x003A: "TLS_DH_anon_WITH_AES_256_CBC_SHA",
            0x006C: "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
            0x006D: "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
            0x00A6: "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
            0x00A7: "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
            0xC018: "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
            0xC019: "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
        },
    ),
    CipherFamily(
        "export-grade",
        Rating.INSUFFICIENT,
        {
            0x0003: "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
            0x0006: "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",
            0x0008: "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",
            0x0011: "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",
            0x0014: "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
        },
    ),
    CipherFamily(
        "RC4",
        Rating.INSUFFICIENT,
        {
            0x0004: "TLS_RSA_WITH_RC4_128_MD5",
            0x0005: "TLS_RSA_WITH_RC4_128_SHA",
            0xC007: "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
            0xC011: "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
        },
    ),
    CipherFamily(
        "single DES",
        Rating.INSUFFICIENT,
        {
            0x0009: "TLS_RSA_WITH_DES_CBC_SHA",
            0x0012: "TLS_DHE_DSS_WITH_DES_CBC_SHA",
            0x0015: "TLS_DHE_RSA_WITH_DES_CBC_SHA",
        },
    ),
    CipherFamily(
        "3DES",
        Rating.PHASE_OUT,
        {
            0x000A: "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
            0x0013: "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
            0x0016: "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
            0xC008: "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA",
            0xC012: "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        },
    ),
    CipherFamily(
        "RSA key exchange (no forward secrecy)",
        Rating.PHASE_OUT,
        {
            0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA",
            0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
            0x003C: "TLS_RSA_WITH_AES_128_CBC_SHA256",
            0x003D: "TLS_RSA_WITH_AES_256_CBC_SHA256",
            0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256",
            0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
            0x0041: "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA",
            0x0084: "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
            0xC09C: "TLS_RSA_WITH_AES_128_CCM",
            0xC09D: "TLS_RSA_WITH_AES_256_CCM",
        },
    ),
)

_TLS12 = 0x0303


@dataclass(frozen=True, slots=True)
class AcceptedSuite:
    family: CipherFamily
    code: int

    @property
    def name(self) -> str:
        return self.family.suites.get(self.code, f"0x{self.code:04X}")


@dataclass(frozen=True, slots=True)
class CipherScan:
    rating: Rating
    accepted: tuple[AcceptedSuite, ...]
    handshakes: int
    incomplete: str | None = None  # a timeout or unexpected answer stopped the scan


def scan_rating(endpoint: Endpoint, rating: Rating, before_each=lambda: None) -> CipherScan:
    """Offer the suites of every family with ``rating`` under TLS 1.2 until the server refuses them all."""
    families = [family for family in FAMILIES if family.rating is rating]
    accepted: list[AcceptedSuite] = []
    handshakes = 0
    while families:
        offer = tuple(code for family in families for code in family.suites)
        before_each()
        answer = hello_exchange(endpoint, _TLS12, offer)
        handshakes += 1
        if answer.outcome in (Outcome.TIMEOUT, Outcome.UNREACHABLE):
            return CipherScan(rating, tuple(accepted), handshakes, incomplete=answer.detail)
        if answer.outcome is not Outcome.ACCEPTED:
            break
        family = next((f for f in families if answer.cipher in f.suites), None)
        if family is None:  # the server chose a suite that was not offered: a broken server, stop here
            chosen = f"0x{answer.cipher:04X}" if answer.cipher is not None else "none"
            return CipherScan(
                rating, tuple(accepted), handshakes, incomplete=f"server chose {chosen}, not offered"
            )
        accepted.append(AcceptedSuite(family, int(answer.cipher or 0)))
        families.remove(family)
    return CipherScan(rating, tuple(accepted), handshakes)
