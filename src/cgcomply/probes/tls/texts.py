"""The sub-tests of ``probe.tls`` and every text they show, in Dutch and English (Dutch first).

internet.nl reports TLS as about twenty sub-tests, each with a stable name; ``probe.tls`` does the same.
A finding's message id is ``probe.tls:<sub-test>.<outcome>`` (``probe.tls:version.insufficient``), a
reason's ``probe.tls:reason.<key>``: the sub-test names and keys below are stable, reports and baselines
may rely on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from cgcomply.i18n import Text


@dataclass(frozen=True, slots=True)
class SubTest:
    id: str  # stable: "version", "cert-trust" ...
    title: Text
    messages: Mapping[str, Text] = field(default_factory=dict)


_EXCEPTION_NL = " (een gedocumenteerd uitfaseringsplan maakt een handmatige uitzondering mogelijk)"
_EXCEPTION_EN = " (a documented phase-out schedule allows a manual exception)"


def _sub(identifier: str, nl: str, en: str, **messages: tuple[str, str]) -> SubTest:
    texts = {key.replace("_", "-"): Text(nl=pair[0], en=pair[1]) for key, pair in messages.items()}
    return SubTest(identifier, Text(nl=nl, en=en), MappingProxyType(texts))


SUBTESTS: tuple[SubTest, ...] = (
    _sub(
        "https",
        "HTTPS beschikbaar",
        "HTTPS available",
        plain_base_url=(
            "de basis-URL {url} gebruikt gewoon http://: de ADR eist overal en altijd TLS (https://)",
            "the base URL {url} uses plain http://: the ADR requires TLS (https://) everywhere, always",
        ),
        plain_base_url_redirects=(
            "de basis-URL {url} gebruikt gewoon http://: de ADR eist overal en altijd TLS (https://) "
            "(hij stuurt door naar {location}: gebruik dat als basis-URL)",
            "the base URL {url} uses plain http://: the ADR requires TLS (https://) everywhere, always "
            "(it redirects to {location}: use that as the base URL)",
        ),
        plain_base_url_answers=(
            "de basis-URL {url} gebruikt gewoon http://: de ADR eist overal en altijd TLS (https://) "
            "(hij antwoordde {status} over gewoon HTTP)",
            "the base URL {url} uses plain http://: the ADR requires TLS (https://) everywhere, always "
            "(it answered {status} over plain HTTP)",
        ),
        plain_base_url_plain_redirect=(
            "de basis-URL {url} gebruikt gewoon http://: de ADR eist overal en altijd TLS (https://) "
            "(hij antwoordde {status} over gewoon HTTP, een doorverwijzing naar {location}, niet naar https://)",
            "the base URL {url} uses plain http://: the ADR requires TLS (https://) everywhere, always "
            "(it answered {status} over plain HTTP, a redirect to {location}, not to https://)",
        ),
    ),
    _sub(
        "version",
        "TLS-versies",
        "TLS versions",
        accepted=("{protocol} wordt geaccepteerd ({rating})", "{protocol} accepted ({rating})"),
        phase_out=(
            "{protocol} wordt geaccepteerd (uit te faseren volgens NCSC): zet het uit" + _EXCEPTION_NL,
            "{protocol} accepted (phase out according to NCSC): switch it off" + _EXCEPTION_EN,
        ),
        insufficient=(
            "{protocol} wordt geaccepteerd (onvoldoende volgens NCSC): zet het uit",
            "{protocol} accepted (insufficient according to NCSC): switch it off",
        ),
        refused=("{protocol} wordt geweigerd (goed)", "{protocol} refused (good)"),
        not_offered=("{protocol} wordt niet aangeboden", "{protocol} not offered"),
        no_tls13=(
            "TLS 1.3 wordt niet aangeboden (TLS 1.3 is goed; TLS 1.2 alleen voldoende)",
            "TLS 1.3 not offered (TLS 1.3 is rated good; TLS 1.2 only sufficient)",
        ),
        no_modern=(
            "noch TLS 1.3 noch TLS 1.2 wordt geaccepteerd: de server biedt geen goed of voldoende protocol",
            "neither TLS 1.3 nor TLS 1.2 is accepted: the server offers no good or sufficient protocol",
        ),
        not_tested=(
            "{protocol} niet getest: {reason}; deze versie is niet goed- en niet afgekeurd",
            "{protocol} not tested: {reason}; this version is neither passed nor failed",
        ),
    ),
    _sub(
        "ciphers",
        "Cipher suites",
        "Cipher suites",
        phase_out=(
            "{protocol} accepteert cipher suite {suite} (uit te faseren volgens NCSC)" + _EXCEPTION_NL,
            "{protocol} accepts cipher suite {suite} (phase out according to NCSC)" + _EXCEPTION_EN,
        ),
        insufficient=(
            "{protocol} accepteert cipher suite {suite} (onvoldoende volgens NCSC)",
            "{protocol} accepts cipher suite {suite} (insufficient according to NCSC)",
        ),
        ok=(
            "alle {count} geaccepteerde cipher suites zijn goed of voldoende",
            "all {count} accepted cipher suites are good or sufficient",
        ),
    ),
    _sub(
        "key-exchange",
        "Sleuteluitwisseling (curves en groepen)",
        "Key exchange (curves and groups)",
        curve_phase_out=(
            "de server accepteert curve {curve} voor ECDHE (uit te faseren volgens NCSC)" + _EXCEPTION_NL,
            "the server accepts curve {curve} for ECDHE (phase out according to NCSC)" + _EXCEPTION_EN,
        ),
        curve_insufficient=(
            "de server accepteert curve {curve} voor ECDHE (onvoldoende volgens NCSC)",
            "the server accepts curve {curve} for ECDHE (insufficient according to NCSC)",
        ),
        dh_phase_out=(
            "{suite} gebruikt een DH-groep van {bits} bits (uit te faseren volgens NCSC)" + _EXCEPTION_NL,
            "{suite} uses a {bits}-bit DH group (phase out according to NCSC)" + _EXCEPTION_EN,
        ),
        dh_insufficient=(
            "{suite} gebruikt een DH-groep van {bits} bits (onvoldoende volgens NCSC)",
            "{suite} uses a {bits}-bit DH group (insufficient according to NCSC)",
        ),
        ok=(
            "alle curves en groepen voor de sleuteluitwisseling zijn goed: {curves}",
            "every key-exchange curve and group is good: {curves}",
        ),
        no_ecdh=(
            "geen ECDHE-sleuteluitwisseling (en geen DH-groep om te beoordelen)",
            "no ECDHE key exchange (and no DH group to rate)",
        ),
        not_tested=(
            "curves voor de sleuteluitwisseling niet getest: {reason}",
            "key-exchange curves not tested: {reason}",
        ),
    ),
    _sub(
        "compression",
        "TLS-compressie",
        "TLS compression",
        on=(
            "TLS-compressie staat aan (onvoldoende volgens NCSC; CRIME)",
            "TLS compression is on (insufficient according to NCSC; CRIME)",
        ),
        off=("TLS-compressie staat uit (goed)", "TLS compression is off (good)"),
        not_tested=("TLS-compressie niet getest: {reason}", "TLS compression not tested: {reason}"),
    ),
    _sub(
        "secure-renegotiation",
        "Veilige heronderhandeling",
        "Secure renegotiation",
        unsupported=(
            "veilige heronderhandeling (RFC 5746) wordt niet ondersteund (onvoldoende volgens NCSC)",
            "secure renegotiation (RFC 5746) is not supported (insufficient according to NCSC)",
        ),
        supported=(
            "veilige heronderhandeling (RFC 5746) wordt ondersteund (goed)",
            "secure renegotiation (RFC 5746) is supported (good)",
        ),
        not_tested=(
            "veilige heronderhandeling niet getest: {reason}",
            "secure renegotiation not tested: {reason}",
        ),
    ),
    _sub(
        "client-renegotiation",
        "Heronderhandeling door de client",
        "Client-initiated renegotiation",
        allowed=(
            "de server staat heronderhandeling door de client toe (kans op DoS; internet.nl en NCSC raden het af)",
            "the server allows client-initiated renegotiation (a DoS risk; internet.nl and NCSC advise against it)",
        ),
        refused=(
            "de server weigert heronderhandeling door de client (goed)",
            "the server refuses client-initiated renegotiation (good)",
        ),
    ),
    _sub(
        "cert-trust",
        "Vertrouwensketen van het certificaat",
        "Certificate chain of trust",
        trusted=("het certificaat is vertrouwd via {anchor}", "the certificate is trusted via {anchor}"),
        untrusted=(
            "het certificaat is niet vertrouwd: {reason}",
            "the certificate is not trusted: {reason}",
        ),
        untrusted_private_ca=(
            "het certificaat is niet vertrouwd: {reason} (geef voor een testomgeving met een eigen CA het "
            "CA-certificaat mee met --cacert)",
            "the certificate is not trusted: {reason} (for a test environment with a private CA, pass its "
            "certificate with --cacert)",
        ),
        not_tested=("het certificaat niet gecontroleerd: {reason}", "certificate not checked: {reason}"),
    ),
    _sub(
        "cert-name",
        "Domeinnaam op het certificaat",
        "Domain name on the certificate",
        match=("het certificaat geldt voor {host}", "the certificate is valid for {host}"),
        mismatch=(
            "het certificaat geldt niet voor {host}: het noemt {names}",
            "the certificate is not valid for {host}: it names {names}",
        ),
    ),
    _sub(
        "cert-validity",
        "Geldigheidsduur van het certificaat",
        "Certificate validity period",
        valid=("het certificaat is geldig tot {not_after}", "the certificate is valid until {not_after}"),
        expiring=(
            "het certificaat verloopt binnen 30 dagen ({not_after})",
            "the certificate expires within 30 days ({not_after})",
        ),
        expired=(
            "het certificaat is verlopen (geldig tot {not_after})",
            "the certificate has expired (valid until {not_after})",
        ),
        not_yet_valid=(
            "het certificaat is nog niet geldig (geldig vanaf {not_before})",
            "the certificate is not valid yet (valid from {not_before})",
        ),
    ),
    _sub(
        "cert-pubkey",
        "Publieke sleutel van het certificaat",
        "Public key of the certificate",
        ok=(
            "de sleutel van het certificaat is {key} ({rating})",
            "the certificate's key is {key} ({rating})",
        ),
        phase_out=(
            "de sleutel van het certificaat is {key} (uit te faseren volgens NCSC)" + _EXCEPTION_NL,
            "the certificate's key is {key} (phase out according to NCSC)" + _EXCEPTION_EN,
        ),
        insufficient=(
            "de sleutel van het certificaat is {key} (onvoldoende volgens NCSC)",
            "the certificate's key is {key} (insufficient according to NCSC)",
        ),
    ),
    _sub(
        "cert-signature",
        "Handtekening van het certificaat",
        "Signature of the certificate",
        ok=(
            "de handtekening van het certificaat gebruikt {signature} (voldoende)",
            "the certificate's signature uses {signature} (sufficient)",
        ),
        phase_out=(
            "de handtekening van het certificaat gebruikt {signature} (uit te faseren volgens NCSC)"
            + _EXCEPTION_NL,
            "the certificate's signature uses {signature} (phase out according to NCSC)" + _EXCEPTION_EN,
        ),
        insufficient=(
            "de handtekening van het certificaat gebruikt {signature} (onvoldoende volgens NCSC)",
            "the certificate's signature uses {signature} (insufficient according to NCSC)",
        ),
    ),
    _sub(
        "http-redirect",
        "Doorsturen van HTTP naar HTTPS",
        "HTTP redirects to HTTPS",
        served=(
            "gewoon HTTP wordt bediend: GET {url} antwoordde {status}{location} in plaats van te weigeren of "
            "door te sturen naar https://",
            "plain HTTP is served: GET {url} answered {status}{location} instead of refusing or redirecting "
            "to https://",
        ),
        redirects=(
            "gewoon HTTP ({url}) stuurt door naar {location} (goed)",
            "plain HTTP ({url}) redirects to {location} (good)",
        ),
        closed=(
            "gewoon HTTP ({url}) wordt geweigerd: {detail} (goed)",
            "plain HTTP ({url}) is refused: {detail} (good)",
        ),
        not_http=(
            "{url} spreekt geen gewoon HTTP: {detail} (goed)",
            "{url} does not speak plain HTTP: {detail} (good)",
        ),
        refused_by_tls_port=(
            "gewoon HTTP op de HTTPS-poort wordt geweigerd met {status} (goed)",
            "plain HTTP on the HTTPS port is refused with {status} (good)",
        ),
    ),
    _sub(
        "hsts",
        "HSTS",
        "HSTS",
        missing=(
            "het HTTPS-antwoord heeft geen Strict-Transport-Security-header (HSTS is verplicht)",
            "the HTTPS response has no Strict-Transport-Security header (HSTS is required)",
        ),
        no_max_age=(
            "Strict-Transport-Security heeft geen max-age > 0: {value}",
            "Strict-Transport-Security has no max-age > 0: {value}",
        ),
        short=(
            "Strict-Transport-Security aanwezig, maar max-age={max_age} is korter dan een jaar",
            "Strict-Transport-Security present, but max-age={max_age} is shorter than one year",
        ),
        ok=("Strict-Transport-Security aanwezig: {value}", "Strict-Transport-Security present: {value}"),
        not_checked=("HSTS niet gecontroleerd: {reason}", "HSTS not checked: {reason}"),
    ),
)

SUBTEST_BY_ID: Mapping[str, SubTest] = MappingProxyType({sub.id: sub for sub in SUBTESTS})

#: Reasons of a result that could not be determined (status ``error``), by key.
REASONS: Mapping[str, Text] = MappingProxyType(
    {
        "bad-url": Text(
            nl="de basis-URL {url} is geen http(s)-URL met een host",
            en="the base URL {url} is not an http(s) URL with a host",
        ),
        "bad-port": Text(
            nl="de basis-URL {url} heeft een ongeldige poort", en="the base URL {url} has an invalid port"
        ),
        "dns": Text(
            nl="DNS-opzoeking van {host} mislukt: {reason}", en="DNS lookup of {host} failed: {reason}"
        ),
        "unreachable": Text(
            nl="kan geen verbinding maken met {host}:{port}: {reason}",
            en="cannot connect to {host}:{port}: {reason}",
        ),
        "scan-failed": Text(
            nl="de TLS-scan is niet gelukt: {reason}", en="the TLS scan did not succeed: {reason}"
        ),
        "scan-deadline": Text(
            nl="de TLS-scan was niet klaar binnen {seconds} s",
            en="the TLS scan did not finish within {seconds} s",
        ),
        "incomplete": Text(
            nl="niet alles kon worden vastgesteld: {parts}", en="not everything could be determined: {parts}"
        ),
        "crashed": Text(
            nl="de TLS-probe liep onverwacht vast: {reason}", en="the TLS probe failed unexpectedly: {reason}"
        ),
    }
)


#: The evidence notes of the handshake findings (``probe.tls:note.<key>``): what the scan saw. Protocol,
#: cipher-suite, curve and certificate names and the scanner's own words are parameters.
NOTES: Mapping[str, Text] = MappingProxyType(
    {
        "protocol-suites": Text(nl="{protocol}: geaccepteerd: {suites}", en="{protocol}: accepted: {suites}"),
        "protocol-count": Text(
            nl="{protocol}: geaccepteerd ({count} suites)", en="{protocol}: accepted ({count} suites)"
        ),
        "protocol-refused": Text(nl="{protocol}: geweigerd", en="{protocol}: refused"),
        "protocol-not-tested": Text(
            nl="{protocol}: niet getest ({reason})", en="{protocol}: not tested ({reason})"
        ),
        "suite": Text(
            nl="{protocol} accepteerde {suite} ({openssl})", en="{protocol} accepted {suite} ({openssl})"
        ),
        "suite-key-exchange": Text(
            nl="{protocol} accepteerde {suite} ({openssl}); sleuteluitwisseling {key_exchange}",
            en="{protocol} accepted {suite} ({openssl}); key exchange {key_exchange}",
        ),
        "suites": Text(nl="geaccepteerd: {suites}", en="accepted: {suites}"),
        "curves": Text(nl="ondersteunde curves: {curves}", en="supported curves: {curves}"),
        "dh-group": Text(nl="{protocol} met {suite}", en="{protocol} with {suite}"),
        "certificate": Text(
            nl="onderwerp {subject}; namen {names}; uitgever {issuer}; geldig van {not_before} tot "
            "{not_after} UTC; sleutel {key}; handtekening {signature}",
            en="subject {subject}; names {names}; issuer {issuer}; valid {not_before} to {not_after} UTC; "
            "key {key}; signature {signature}",
        ),
        "names": Text(nl="namen {names}", en="names {names}"),
        "no-names": Text(nl="(geen namen)", en="(no names)"),
        "validity": Text(
            nl="geldig van {not_before} tot {not_after} UTC", en="valid {not_before} to {not_after} UTC"
        ),
        "key": Text(nl="sleutel {key}", en="key {key}"),
        "signature": Text(nl="handtekening {signature}", en="signature {signature}"),
        "not-determined": Text(nl="niet vastgesteld", en="not determined"),
        "no-certificate": Text(nl="de server stuurde geen certificaat", en="the server sent no certificate"),
        "plain.refused": Text(nl="verbinding geweigerd", en="connection refused"),
        "handshake-timeout": Text(
            nl="geen antwoord op een TLS-handshake binnen {seconds} s",
            en="no answer to a TLS handshake within {seconds} s",
        ),
        "plain.no-answer-within": Text(
            nl="geen HTTP-antwoord binnen {seconds} s", en="no HTTP answer within {seconds} s"
        ),
        "plain.broke-off": Text(
            nl="geen HTTP-antwoord: de verbinding werd verbroken",
            en="no HTTP answer: the connection broke off",
        ),
        "plain.dns": Text(nl="de hostnaam bestaat niet", en="the host name does not resolve"),
        "plain.no-answer": Text(nl="geen HTTP-antwoord ({detail})", en="no HTTP answer ({detail})"),
        "https-failed": Text(
            nl="het HTTPS-verzoek mislukte ({error})", en="the HTTPS request failed ({error})"
        ),
        # the parts that could not be determined (the reason "incomplete" lists them)
        "part.curves": Text(
            nl="curves voor sleuteluitwisseling: {reason}", en="key-exchange curves: {reason}"
        ),
        "part.compression": Text(nl="TLS-compressie: {reason}", en="TLS compression: {reason}"),
        "part.renegotiation": Text(
            nl="veilige heronderhandeling: {reason}", en="secure renegotiation: {reason}"
        ),
        "part.certificate": Text(nl="certificaat: {reason}", en="certificate: {reason}"),
        "part.hsts": Text(nl="HSTS-header: {reason}", en="HSTS header: {reason}"),
    }
)


def all_message_keys() -> list[str]:
    """Every ``<sub-test>.<outcome>`` key (for the catalogue and the tests)."""
    return [f"{sub.id}.{key}" for sub in SUBTESTS for key in sub.messages]


def message_table() -> dict[str, Text]:
    """The check's message table: every sub-test outcome and every ``reason.<key>``."""
    table = {key: text_for(key) for key in all_message_keys()}
    table.update({f"reason.{key}": text for key, text in REASONS.items()})
    table.update({f"note.{key}": text for key, text in NOTES.items()})
    return table


def text_for(key: str) -> Text:
    """The text of ``<sub-test>.<outcome>`` or ``reason.<key>``."""
    if key.startswith("reason."):
        return REASONS[key.removeprefix("reason.")]
    if key.startswith("note."):
        return NOTES[key.removeprefix("note.")]
    subtest, _, outcome = key.partition(".")
    return SUBTEST_BY_ID[subtest].messages[outcome]
