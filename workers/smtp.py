"""The SMTP transport: TLS verified against the system's CA bundle or ``ASSURE_SMTP_CA_FILE``, implicit (port 465)
or STARTTLS, required when ``ASSURE_SMTP_REQUIRE_TLS`` is on; credentials never cross in clear."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from application.settings import Settings

TIMEOUT_SECONDS = 30


class InsecureTransport(smtplib.SMTPException):
    """The server offers no TLS, and TLS is required (or credentials would be sent)."""


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Verify the server's certificate and name: against the CA file when set, else the system's CA bundle."""
    return ssl.create_default_context(cafile=str(settings.smtp_ca_file) if settings.smtp_ca_file else None)


def send(settings: Settings, message: EmailMessage) -> None:
    """Send one message over SMTP as the settings say."""
    host, port, context = settings.smtp_host, settings.smtp_port, tls_context(settings)
    implicit = settings.smtp_tls == "implicit" or (settings.smtp_tls == "auto" and port == 465)
    smtp = (
        smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
        if implicit
        else smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    )
    with smtp:
        if not implicit:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif settings.smtp_tls_required or settings.smtp_user:
                why = "ASSURE_SMTP_REQUIRE_TLS is on" if settings.smtp_tls_required else "ASSURE_SMTP_USER is set"
                raise InsecureTransport(f"{host}:{port} does not offer STARTTLS and {why}: mail not sent")
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
