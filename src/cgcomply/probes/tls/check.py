"""The record of ``probe.tls``: one live check with internet.nl-style sub-tests (:mod:`.texts`).

ADR versions: 2.1.0 and 2.2.0 name the rule ``/core/transport/tls``. ADR 2.0.2 has no TLS rule of its own:
its rule ``/core/transport-security`` requires applying the transport security module 1.0.x, whose rule
``/transport/tls`` has the same text. The check therefore belongs to all three versions; for 2.0.2 reports,
:func:`tls_check_for` gives the same record under the 2.0.2 rule id.
"""

from __future__ import annotations

import dataclasses

from cgcomply.i18n import Text, freeze
from cgcomply.probes.tls.texts import SUBTESTS, message_table
from cgcomply.results import CheckInfo, Kind, Level

_SUBTEST_LIST = ", ".join(sub.id for sub in SUBTESTS)

TLS_CHECK = CheckInfo(
    id="probe.tls",
    adr_rule="/core/transport/tls",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=("2.0.2", "2.1.0", "2.2.0"),
    title=Text(
        "Alleen HTTPS, met TLS ingericht volgens de NCSC-richtlijnen",
        "Only HTTPS, with TLS configured as the NCSC guidelines require",
    ),
    what=Text(
        "Scant de host van de API met sslyze: elke protocolversie (SSL 2.0 tot en met TLS 1.3) en elke "
        "cipher suite die elke versie accepteert, de curves en groepen voor de sleuteluitwisseling, "
        "TLS-compressie, veilige heronderhandeling en heronderhandeling door de client, en het certificaat "
        "(vertrouwensketen, met --cacert voor een eigen CA; domeinnaam; geldigheid; sleutel; handtekening). "
        "Elk onderdeel krijgt het oordeel goed, voldoende, uit te faseren of onvoldoende volgens de "
        "TLS-richtlijnen van het NCSC, zoals internet.nl dat doet. Ook gaat het na dat gewoon http:// "
        "geweigerd of naar https:// doorgestuurd wordt, en dat HTTPS-antwoorden Strict-Transport-Security met "
        f"max-age > 0 meesturen. Deeltests: {_SUBTEST_LIST}. (ADR 2.0.2: onderdeel van "
        "/core/transport-security, dat de regel /transport/tls van de module transportbeveiliging toepast.)",
        "Scans the API host with sslyze: every protocol version (SSL 2.0 up to TLS 1.3) and every cipher "
        "suite each accepts, the key-exchange curves and groups, TLS compression, secure and client-initiated "
        "renegotiation, and the certificate (chain of trust, with --cacert for a private CA; host name; "
        "validity; key; signature). Each item is rated good, sufficient, phase out or insufficient by the "
        "NCSC TLS guidelines, as internet.nl does. It also checks that plain http:// is refused or redirected "
        "to https://, and that HTTPS responses carry Strict-Transport-Security with max-age > 0. Sub-tests: "
        f"{_SUBTEST_LIST}. (ADR 2.0.2: part of /core/transport-security, which applies the transport "
        "security module's rule /transport/tls.)",
    ),
    why=Text(
        "De ADR eist TLS voor al het API-verkeer, altijd (wettelijk verplicht), volgens de nieuwste "
        "TLS-richtlijnen van het NCSC: TLS 1.3 is goed en TLS 1.2 voldoende; oudere versies, en cipher suites "
        "zonder forward secrecy of met verouderde algoritmen, zijn uit te faseren of onvoldoende. HSTS is ook "
        "wettelijk verplicht en staat bij de verplichte beveiligingsheaders.",
        "The ADR requires TLS for all API traffic, always (required by Dutch law), following the latest NCSC "
        "TLS guidelines: TLS 1.3 is good and TLS 1.2 sufficient; older versions, and cipher suites without "
        "forward secrecy or with outdated algorithms, are phase out or insufficient. HSTS is legally required "
        "as well and listed among the mandatory security headers.",
    ),
    fix=Text(
        "Bied alleen TLS 1.3 en/of TLS 1.2 aan; bied onder TLS 1.2 alleen ECDHE-suites met AES-GCM of "
        "ChaCha20 (geen RSA-sleuteluitwisseling, CBC, 3DES, RC4, NULL of export), de curves X25519, X448 of de "
        "NIST P-curves, geen TLS-compressie, en veilige heronderhandeling. Gebruik een certificaat van een "
        "vertrouwde CA dat de host van de API noemt, binnen zijn geldigheidsperiode is, een ECDSA-sleutel of "
        "een RSA-sleutel van 3072 bits of meer heeft en een SHA-2-handtekening. Weiger gewoon HTTP of stuur "
        "het door naar HTTPS, en stuur 'Strict-Transport-Security: max-age=31536000' mee op elk "
        "HTTPS-antwoord.",
        "Offer TLS 1.3 and/or TLS 1.2 only; under TLS 1.2 offer only ECDHE suites with AES-GCM or ChaCha20 "
        "(no RSA key exchange, CBC, 3DES, RC4, NULL or export suites), the curves X25519, X448 or the NIST "
        "P-curves, no TLS compression, and secure renegotiation. Use a certificate from a trusted CA that "
        "names the API host, is within its validity period, has an ECDSA key or an RSA key of 3072 bits or "
        "more and a SHA-2 signature. Refuse plain HTTP or redirect it to HTTPS, and send "
        "'Strict-Transport-Security: max-age=31536000' on every HTTPS response.",
    ),
    explanation=Text(
        "De ADR eist TLS voor al het API-verkeer, altijd (wettelijk verplicht), volgens de NCSC-richtlijnen. "
        "We scannen de server met sslyze (elke protocolversie en cipher suite, de curves, compressie, "
        "heronderhandeling en het certificaat) en beoordelen elk onderdeel als goed, voldoende, uit te "
        "faseren of onvoldoende, zoals internet.nl dat doet; ook of gewoon http:// geweigerd of doorgestuurd "
        "wordt en of HTTPS-antwoorden de HSTS-header meesturen.",
        "The ADR requires TLS for all API traffic, always (required by law), following the NCSC guidelines. "
        "We scan the server with sslyze (every protocol version and cipher suite, the curves, compression, "
        "renegotiation and the certificate) and rate each item good, sufficient, phase out or insufficient, "
        "as internet.nl does; also whether plain http:// is refused or redirected and whether HTTPS responses "
        "send the HSTS header.",
    ),
    messages=freeze(message_table()),
)

ADR_RULE_BY_VERSION = {
    "2.0.2": "/core/transport-security",
    "2.1.0": "/core/transport/tls",
    "2.2.0": "/core/transport/tls",
}


def tls_check_for(adr_version: str) -> CheckInfo:
    """``TLS_CHECK`` under the rule id of ``adr_version`` (2.0.2 has ``/core/transport-security``)."""
    rule = ADR_RULE_BY_VERSION.get(adr_version, TLS_CHECK.adr_rule)
    return TLS_CHECK if rule == TLS_CHECK.adr_rule else dataclasses.replace(TLS_CHECK, adr_rule=rule)
