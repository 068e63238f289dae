"""Email, sent at most once per key: over SMTP, or into files under var/outbox when no SMTP host is set."""

from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

from application.ports import SideStore
from application.settings import Settings

DDL = ["CREATE TABLE IF NOT EXISTS worker_sent (key TEXT PRIMARY KEY, sent_at DOUBLE PRECISION NOT NULL)"]


class Mailer:
    """Idempotent: a message's key is claimed before sending and released if sending fails."""

    def __init__(self, settings: Settings, store: SideStore) -> None:
        self.settings, self.store = settings, store

    def send_once(self, key: str, to: list[str], subject: str, text: str, html: str | None = None) -> bool:
        """Send unless a message with this key went before; True when sent now."""
        recipients = sorted({address for address in to if address})
        if not recipients:
            return False
        with self.store.transaction() as tx:
            claimed = tx.query(
                "INSERT INTO worker_sent (key, sent_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key",
                (key, time.time()),
            )
        if not claimed:
            return False
        try:
            self._send(recipients, subject, text, html, key)
        except BaseException:
            with self.store.transaction() as tx:
                tx.execute("DELETE FROM worker_sent WHERE key = ?", (key,))
            raise
        return True

    def _send(self, to: list[str], subject: str, text: str, html: str | None, key: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.settings.smtp_from, ", ".join(to), subject
        message["X-Assure-Key"] = key
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
        if not self.settings.smtp_host:
            outbox = Path(self.settings.outbox_path)
            outbox.mkdir(parents=True, exist_ok=True)
            (outbox / f"{time.time_ns()}.eml").write_bytes(message.as_bytes())
            return
        with smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=30) as smtp:
            if self.settings.smtp_user:
                smtp.starttls()
                smtp.login(self.settings.smtp_user, self.settings.smtp_password.get_secret_value())
            smtp.send_message(message)
