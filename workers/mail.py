"""Email, at least once per key: over SMTP (workers/smtp.py), or (development and trial only: production mode
refuses to start without a host) into files under var/outbox."""

from __future__ import annotations

import hashlib
import re
import time
from email.message import EmailMessage
from pathlib import Path

from application.ports import SideStore
from application.sealing import write_private
from application.settings import Settings
from workers import smtp

DDL = [
    "CREATE TABLE IF NOT EXISTS worker_mail (key TEXT PRIMARY KEY, status TEXT NOT NULL,"
    " lease_until DOUBLE PRECISION NOT NULL, sent_at DOUBLE PRECISION)",
]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def header(value: str) -> str:
    """A header value on one line: line breaks and other control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", value).split())


class Mailer:
    """At least once per key: a send is claimed with a lease, and marked sent only after the server accepted it.

    A worker killed mid-send leaves a claim whose lease runs out, so the message is sent again: a duplicate (the
    same Message-ID) is better than a lost urgent concern."""

    def __init__(self, settings: Settings, store: SideStore) -> None:
        self.settings, self.store = settings, store

    def send_once(self, key: str, to: list[str], subject: str, text: str, html: str | None = None) -> bool:
        """Send unless a message with this key was sent (or is being sent) already; True when sent now."""
        recipients = sorted({address for address in to if address})
        if not recipients or not self._claim(key):
            return False
        try:
            self._send(recipients, subject, text, html, key)
        except BaseException:
            with self.store.transaction() as tx:
                tx.execute("DELETE FROM worker_mail WHERE key = ? AND status = 'sending'", (key,))
            raise
        with self.store.transaction() as tx:
            tx.execute("UPDATE worker_mail SET status = 'sent', sent_at = ? WHERE key = ?", (time.time(), key))
        return True

    def _claim(self, key: str) -> bool:
        now = time.time()
        with self.store.transaction() as tx:
            claimed = tx.query(
                "INSERT INTO worker_mail (key, status, lease_until) VALUES (?, 'sending', ?)"
                " ON CONFLICT (key) DO UPDATE SET lease_until = excluded.lease_until"
                " WHERE worker_mail.status = 'sending' AND worker_mail.lease_until < ? RETURNING key",
                (key, now + self.settings.mail_lease_seconds, now),
            )
        return bool(claimed)

    def _send(self, to: list[str], subject: str, text: str, html: str | None, key: str) -> None:
        message = EmailMessage()
        message["From"], message["To"] = header(self.settings.smtp_from), ", ".join(header(a) for a in to)
        message["Subject"], message["X-Assure-Key"] = header(subject), header(key)
        message["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@assure>"
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
        if not self.settings.smtp_host:
            self._write_to_outbox(message)
            return
        smtp.send(self.settings, message)

    def _write_to_outbox(self, message: EmailMessage) -> None:
        """The file sink, for development and trial only: one private file per message, sealed when a key is set."""
        if self.settings.env == "production":
            raise RuntimeError("the file mail sink is for development and trial only: set ASSURE_SMTP_HOST")
        sealer = self.settings.sealer()
        suffix = ".eml.sealed" if sealer.active else ".eml"
        write_private(
            Path(self.settings.outbox_path) / f"{time.time_ns()}{suffix}", sealer.seal_bytes(message.as_bytes())
        )
