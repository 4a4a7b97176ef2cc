"""A throw-away test CA and the certificates it issues, made with ``cryptography``: the one helper for them.

The example API serves HTTPS with a certificate of :func:`make_test_certificates`; the verifier trusts it
through ``--cacert <ca.pem>``, exactly as a supplier's test environment with a private CA is probed. The
tests of the TLS probe issue their own leaves (RSA or EC, other names, expired) from a
:class:`ThrowawayCA`.

Leaves are issued the way public CAs do: the subjectAltName is not critical next to a non-empty subject
(trustme marks it critical, which RFC 5280 forbids and cryptography's path validation, the one sslyze uses,
therefore refuses).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True, slots=True)
class DemoCertificates:
    ca_path: Path  # PEM of the CA certificate: what a client trusts
    cert_path: Path  # PEM of the server certificate followed by the CA certificate
    key_path: Path  # PEM of the server's private key


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    """A leaf certificate and its private key (PKCS#8), both PEM."""

    cert_pem: bytes
    key_pem: bytes

    def load_into(self, context: ssl.SSLContext) -> None:
        """Make ``context`` (a server context) present this certificate."""
        with tempfile.TemporaryDirectory() as folder:
            cert, key = Path(folder, "cert.pem"), Path(folder, "key.pem")
            cert.write_bytes(self.cert_pem)
            key.write_bytes(self.key_pem)
            context.load_cert_chain(cert, key)


def _name(common_name: str, organization: str | None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)] if organization else []
    return x509.Name([*attributes, x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


class ThrowawayCA:
    """A test CA (EC P-256) that lives as long as this object; never trust it outside a test or the demo."""

    def __init__(
        self,
        common_name: str = "cgcomply test CA",
        *,
        organization: str | None = None,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        path_length: int | None = None,
    ) -> None:
        now = dt.datetime.now(dt.UTC)
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = _name(common_name, organization)
        self.organization = organization
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - dt.timedelta(days=3650))
            .not_valid_after(not_after or now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256())
        )

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def write(self, path: Path) -> Path:
        """Write the CA certificate (what a client trusts) to ``path``."""
        path.write_bytes(self.cert_pem)
        return path

    def issue(
        self,
        *names: str,
        common_name: str | None = None,
        rsa_bits: int | None = None,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
    ) -> IssuedCertificate:
        """A server certificate for ``names`` (IP addresses or host names; default ``127.0.0.1``), with an
        RSA key of ``rsa_bits`` or else EC P-256, valid from a day ago for 90 days unless told."""
        names = names or ("127.0.0.1",)
        key = (
            rsa.generate_private_key(65537, rsa_bits) if rsa_bits else ec.generate_private_key(ec.SECP256R1())
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name or names[0], self.organization))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - dt.timedelta(days=1))
            .not_valid_after(not_after or now + dt.timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([_general_name(n) for n in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        return IssuedCertificate(
            cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )


def make_test_certificates(directory: Path, *, days: int = 365) -> DemoCertificates:
    """Write ``ca.pem``, ``server.pem`` and ``server-key.pem`` into ``directory`` and return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    not_before, not_after = now - dt.timedelta(hours=1), now + dt.timedelta(days=days)
    ca = ThrowawayCA(
        "cgcomply demo test CA",
        organization="cgcomply demo (test only)",
        not_before=not_before,
        not_after=not_after,
        path_length=0,
    )
    leaf = ca.issue(
        "localhost", "127.0.0.1", common_name="127.0.0.1", not_before=not_before, not_after=not_after
    )
    paths = DemoCertificates(directory / "ca.pem", directory / "server.pem", directory / "server-key.pem")
    ca.write(paths.ca_path)
    paths.cert_path.write_bytes(leaf.cert_pem + ca.cert_pem)
    paths.key_path.write_bytes(leaf.key_pem)
    paths.key_path.chmod(0o600)
    return paths
