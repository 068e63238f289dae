"""Mail goes over verified TLS: an aiosmtpd server with a certificate from a CA made here, trusted only when the
settings name that CA's file (issue 18). The CA is built with the cryptography package, not the project's code."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from application.settings import Settings
from tests.workers.conftest import Inbox, free_port
from workers import smtp
from workers.smtp import InsecureTransport


@dataclass
class Pki:
    """A certificate authority of the test's own and a server certificate it issued for 127.0.0.1."""

    ca_file: Path
    server: ssl.SSLContext
    elsewhere: ssl.SSLContext  # a certificate from the same CA, for another host name


def _certificate(
    subject: x509.Name, issuer: x509.Name, key: Any, signer: Any, ca: bool, *names: Any
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False)
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
        builder = builder.add_extension(usage, critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(signer, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "assure test CA")])
    ca = _certificate(ca_name, ca_name, ca_key, ca_key, True)
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))

    def server(name: str, *names: Any) -> ssl.SSLContext:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        (folder / f"{name}.pem").write_bytes(
            _certificate(subject, ca_name, key, ca_key, False, *names).public_bytes(serialization.Encoding.PEM)
        )
        (folder / f"{name}.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / f"{name}.pem", folder / f"{name}.key")
        return context

    loopback = server("127.0.0.1", x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost"))
    return Pki(folder / "ca.pem", loopback, server("elsewhere", x509.DNSName("mail.elsewhere.example")))


def accept_mailroom(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    return AuthResult(success=auth_data.login == b"mailroom" and auth_data.password == b"s3cret")


@contextmanager
def smtp_server(**tls: Any) -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=accept_mailroom, **tls)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def starttls_server(pki: Pki) -> Iterator[tuple[Inbox, int]]:
    with smtp_server(tls_context=pki.server) as server:
        yield server


@pytest.fixture
def implicit_tls_server(pki: Pki) -> Iterator[tuple[Inbox, int]]:
    with smtp_server(ssl_context=pki.server) as server:
        yield server


@pytest.fixture
def plain_server() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as server:
        yield server


def concern_email() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "assure@lscp.example", "manager@lscp.example", "Urgent"
    message.set_content("An auditor raised an urgent safeguarding concern.")
    return message


def mail_settings(port: int, **extra: Any) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, **extra)


def test_starttls_is_refused_when_the_servers_certificate_is_not_from_a_trusted_ca(starttls_server: Any) -> None:
    inbox, port = starttls_server
    with pytest.raises(ssl.SSLCertVerificationError):
        smtp.send(mail_settings(port), concern_email())  # the system CA bundle does not know the test's CA
    assert inbox.messages == []


def test_starttls_delivers_when_the_ca_file_vouches_for_the_server(starttls_server: Any, pki: Pki) -> None:
    inbox, port = starttls_server
    smtp.send(mail_settings(port, smtp_ca_file=pki.ca_file, smtp_require_tls=True), concern_email())
    assert inbox.subjects() == ["Urgent"]


def test_implicit_tls_is_refused_without_the_ca_and_delivers_with_it(implicit_tls_server: Any, pki: Pki) -> None:
    inbox, port = implicit_tls_server
    with pytest.raises(ssl.SSLCertVerificationError):
        smtp.send(mail_settings(port, smtp_tls="implicit"), concern_email())
    assert inbox.messages == []
    smtp.send(mail_settings(port, smtp_tls="implicit", smtp_ca_file=pki.ca_file), concern_email())
    assert inbox.subjects() == ["Urgent"]


def test_a_trusted_certificate_for_another_host_name_is_refused(pki: Pki) -> None:
    with smtp_server(tls_context=pki.elsewhere) as (inbox, port):
        with pytest.raises(ssl.SSLCertVerificationError, match="IP address mismatch"):
            smtp.send(mail_settings(port, smtp_ca_file=pki.ca_file), concern_email())
        assert inbox.messages == []


def test_credentials_go_only_over_tls(starttls_server: Any, plain_server: Any, pki: Pki) -> None:
    inbox, port = starttls_server
    credentials = {"smtp_user": "mailroom", "smtp_password": "s3cret", "smtp_ca_file": pki.ca_file}
    smtp.send(mail_settings(port, **credentials), concern_email())
    assert inbox.subjects() == ["Urgent"]
    plain_inbox, plain_port = plain_server
    with pytest.raises(InsecureTransport, match="ASSURE_SMTP_USER is set"):
        smtp.send(mail_settings(plain_port, **credentials), concern_email())
    assert plain_inbox.messages == []


def test_required_tls_refuses_a_server_without_starttls(plain_server: Any) -> None:
    inbox, port = plain_server
    with pytest.raises(InsecureTransport, match="ASSURE_SMTP_REQUIRE_TLS is on"):
        smtp.send(mail_settings(port, smtp_require_tls=True), concern_email())
    assert inbox.messages == []
    smtp.send(mail_settings(port), concern_email())  # development and trial: a catcher such as Mailpit, in clear
    assert inbox.subjects() == ["Urgent"]


def test_tls_is_required_by_default_in_production_only() -> None:
    production = {"env": "production", "cipher_key": "k" * 24, "webhook_signing_key": "x" * 40, "smtp_host": "mx"}
    assert Settings(**production).smtp_tls_required is True
    assert Settings(env="trial").smtp_tls_required is False
    assert Settings().smtp_tls_required is False
