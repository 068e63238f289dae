"""Idempotency-Key: a retried POST returns the first answer and appends nothing twice."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from application.ports import SideStore

DDL = [
    "CREATE TABLE IF NOT EXISTS api_idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,"
    " status INTEGER, body TEXT, created_at DOUBLE PRECISION NOT NULL)",
]


class KeyReused(Exception):
    """The key was used before with a different request."""


class IdempotencyStore:
    """Keys are claimed before the command runs, so two concurrent retries cannot both append."""

    def __init__(self, store: SideStore) -> None:
        self.store = store

    @staticmethod
    def fingerprint(principal: str, method: str, path: str, body: Any) -> str:
        raw = json.dumps([principal, method, path, body], sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()

    def claim(self, key: str, fingerprint: str) -> tuple[int, Any] | None:
        """Claim the key (None: go ahead); or the stored (status, body) of the request answered before.

        ``key`` is the client's Idempotency-Key scoped to the principal; ``fingerprint`` identifies the request.
        """
        with self.store.transaction() as tx:
            claimed = tx.query(
                "INSERT INTO api_idempotency (key, fingerprint, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING RETURNING key",
                (key, fingerprint, time.time()),
            )
        if claimed:
            return None
        deadline = time.monotonic() + 10
        while True:
            row = self.store.query("SELECT fingerprint, status, body FROM api_idempotency WHERE key = ?", (key,))
            if not row:  # the first attempt failed and let go of the key: take it
                return self.claim(key, fingerprint)
            if row[0]["fingerprint"] != fingerprint:
                raise KeyReused
            if row[0]["status"] is not None:
                return int(row[0]["status"]), json.loads(row[0]["body"])
            if time.monotonic() > deadline:
                return 409, {"error": "request_in_progress", "detail": "the same request is still being handled"}
            time.sleep(0.02)

    def answer(self, key: str, status: int, body: Any) -> None:
        """Store the answer to a claimed key."""
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE api_idempotency SET status = ?, body = ? WHERE key = ?",
                (status, json.dumps(body, default=str), key),
            )

    def release(self, key: str) -> None:
        """Forget a claim whose command failed unexpectedly, so a retry can run it."""
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM api_idempotency WHERE key = ? AND status IS NULL", (key,))
