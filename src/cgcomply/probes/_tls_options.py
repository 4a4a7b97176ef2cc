"""TLS 1.2 options the NCSC guidelines rate: TLS compression (insufficient when on) and secure
renegotiation (RFC 5746; insufficient when the server does not support it).

One hand-written TLS 1.2 ClientHello offers DEFLATE next to no compression and signals secure renegotiation
with the SCSV; the ServerHello shows which compression method the server chose and whether it answered with
the ``renegotiation_info`` extension (a server that supports secure renegotiation must). TLS 1.3 has neither
compression nor renegotiation, so this only matters when TLS 1.2 is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from cgcomply.probes._tls_handshake import Endpoint, Outcome, hello_exchange

_TLS12 = 0x0303
_RENEGOTIATION_INFO = 0xFF01
_DEFLATE = 1
# Good and sufficient TLS 1.2 suites (ECDHE/DHE with AES-GCM, ChaCha20, AES-CBC), RSA key exchange last so
# that a server with only those still answers, and the renegotiation SCSV.
_OFFER = (
    0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0x009E, 0x009F,
    0xC009, 0xC013, 0xC00A, 0xC014, 0x0033, 0x0039,
    0x009C, 0x009D, 0x002F, 0x0035,
    0x00FF,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class OptionsResult:
    compression: bool | None  # None: not determined
    secure_renegotiation: bool | None
    detail: str


def check_options(endpoint: Endpoint) -> OptionsResult:
    answer = hello_exchange(endpoint, _TLS12, _OFFER, compression=(_DEFLATE, 0))
    if answer.outcome is not Outcome.ACCEPTED or answer.compression is None:
        return OptionsResult(None, None, f"no TLS 1.2 ServerHello: {answer.detail}")
    compression = answer.compression != 0
    renegotiation = _RENEGOTIATION_INFO in answer.extensions
    detail = (
        f"compression method {answer.compression} chosen; renegotiation_info "
        f"{'present' if renegotiation else 'absent'} in the ServerHello"
    )
    return OptionsResult(compression, renegotiation, detail)
