"""Quarantine: the events a follower could not decode, describe, project or deliver (R-32).

A follower records the position, itself (the consumer) and the error, logs it, and carries on with the next event.
Operators list, retry or skip them (``assure quarantine``); ``/readyz`` reports degraded while any is open.
Recording is idempotent per (consumer, position): a follower killed and restarted records nothing twice."""

from __future__ import annotations

import logging
import time

from application.ports import Row, SideStore

log = logging.getLogger("assure.quarantine")

DDL = [
    "CREATE TABLE IF NOT EXISTS quarantine (consumer TEXT NOT NULL, position BIGINT NOT NULL, error TEXT NOT NULL,"
    " quarantined_at DOUBLE PRECISION NOT NULL, status TEXT NOT NULL DEFAULT 'open', attempts INTEGER NOT NULL"
    " DEFAULT 1, PRIMARY KEY (consumer, position))",
]
STATUSES = ("open", "retried", "skipped")


class Quarantine:
    """The quarantine table in the side store."""

    def __init__(self, store: SideStore) -> None:
        self.store = store

    def add(self, consumer: str, position: int, error: str) -> None:
        """Quarantine one event for one consumer (again: the error and attempts are updated, never duplicated)."""
        log.error("quarantined position %s for %s: %s", position, consumer, error)
        with self.store.transaction() as tx:
            tx.execute(
                "INSERT INTO quarantine (consumer, position, error, quarantined_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (consumer, position) DO UPDATE SET error = excluded.error, status = 'open',"
                " attempts = quarantine.attempts + 1",
                (consumer, position, error[:500], time.time()),
            )

    def entries(self, status: str | None = "open") -> list[Row]:
        """Quarantined events in log order (only those with this status; all when None)."""
        if status is None:
            return self.store.query("SELECT * FROM quarantine ORDER BY position, consumer")
        return self.store.query("SELECT * FROM quarantine WHERE status = ? ORDER BY position, consumer", (status,))

    def get(self, consumer: str, position: int) -> Row | None:
        rows = self.store.query("SELECT * FROM quarantine WHERE consumer = ? AND position = ?", (consumer, position))
        return rows[0] if rows else None

    def resolve(self, consumer: str, position: int, status: str) -> bool:
        """Mark an entry retried (it went through) or skipped (an operator passed over it); False if unknown."""
        if status not in STATUSES[1:]:
            raise ValueError(f"status must be one of {', '.join(STATUSES[1:])}")
        with self.store.transaction() as tx:
            found = tx.query(
                "UPDATE quarantine SET status = ? WHERE consumer = ? AND position = ? RETURNING position",
                (status, consumer, position),
            )
        return bool(found)
