"""Signed webhook deliveries, in log order per subscription, retried with backoff, failures listed (R-25).

Signatures follow the Standard Webhooks spec: headers ``webhook-id``, ``webhook-timestamp`` and
``webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">``, keyed with the base64-decoded part of the
``whsec_`` secret. During a secret rotation's overlap the header carries both signatures, space-separated.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from uuid import UUID

import httpx

from application.disclosure import Entitlement, disclose, for_subscription
from application.events import PublicEvent
from domain.subscription import Subscription
from workers.runtime import Runtime

DDL = [
    "CREATE TABLE IF NOT EXISTS webhook_state (subscription_id TEXT PRIMARY KEY, position BIGINT NOT NULL,"
    " lease_until DOUBLE PRECISION NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS webhook_failures (subscription_id TEXT NOT NULL, position BIGINT NOT NULL,"
    " event_id TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, failed_at DOUBLE PRECISION"
    " NOT NULL, redelivered INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (subscription_id, position))",
]
LEASE_SECONDS = 120


def sign(secrets: list[str], message_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` value for a delivery: one ``v1,`` signature per secret."""
    message = f"{message_id}.{timestamp}.{body}".encode()
    signatures = []
    for secret in secrets:
        key = base64.b64decode(secret.removeprefix("whsec_"))
        signatures.append("v1," + base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode())
    return " ".join(signatures)


def _post(client: httpx.Client, url: str, secrets: list[str], item: dict[str, Any]) -> str | None:
    """One attempt; None on a 2xx, else what went wrong."""
    body = json.dumps(item, separators=(",", ":"), sort_keys=True)
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "webhook-id": item["id"],
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secrets, item["id"], timestamp, body),
    }
    try:
        response = client.post(url, content=body, headers=headers)
    except httpx.TimeoutException:
        return "timeout"
    except httpx.HTTPError:  # what failed, and how, would tell an admin which ports are open: say no more
        return "connection failed"
    return None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"


def deliver(
    rt: Runtime, client: httpx.Client, url: str, secrets: list[str], item: dict[str, Any]
) -> tuple[int, str | None]:
    """Deliver with exponential backoff; returns the attempts made and the last error (None when delivered)."""
    error = None
    for attempt in range(1, rt.settings.webhook_attempts + 1):
        error = _post(client, url, secrets, item)
        if error is None:
            return attempt, None
        if attempt < rt.settings.webhook_attempts:
            time.sleep(rt.settings.webhook_backoff_seconds * 2 ** (attempt - 1))
    return rt.settings.webhook_attempts, error


def _lease(rt: Runtime, subscription_id: str) -> int | None:
    """Take the subscription's delivery lease; its position, or None when another pump holds it."""
    now = time.time()
    with rt.store.transaction() as tx:
        tx.execute(
            "INSERT INTO webhook_state (subscription_id, position) VALUES (?, 0)"
            " ON CONFLICT (subscription_id) DO NOTHING",
            (subscription_id,),
        )
        taken = tx.query(
            "UPDATE webhook_state SET lease_until = ? WHERE subscription_id = ? AND lease_until < ? RETURNING position",
            (now + LEASE_SECONDS, subscription_id, now),
        )
    return int(taken[0]["position"]) if taken else None


def pump(rt: Runtime, subscription_id: str) -> int:
    """Deliver every event after the subscription's position, in log order; returns how many were delivered."""
    subscription = rt.app.subscription(UUID(subscription_id))
    position = _lease(rt, subscription_id)
    if position is None or not subscription.active:
        return 0
    secrets, delivered, entitlement = rt.app.signing_secrets(subscription.id), 0, for_subscription(subscription)
    reader = rt.app.log_reader()
    client = httpx.Client(timeout=rt.settings.webhook_timeout_seconds)
    try:
        while batch := reader.read(position, 100):
            for entry in batch:
                event = entry.event
                if event is None:
                    rt.quarantine.add(f"webhook:{subscription_id}", entry.position, entry.error or "unreadable")
                elif (item := _disclosed(subscription, entitlement, event)) is not None:
                    attempts, error = deliver(rt, client, subscription.url, secrets, item)
                    if error is None:
                        delivered += 1
                    else:
                        _record_failure(rt, subscription_id, event.position, event.id, attempts, error)
                position = entry.position
                with rt.store.transaction() as tx:
                    tx.execute(
                        "UPDATE webhook_state SET position = ?, lease_until = ? WHERE subscription_id = ?",
                        (position, time.time() + LEASE_SECONDS, subscription_id),
                    )
    finally:
        client.close()
        with rt.store.transaction() as tx:
            tx.execute("UPDATE webhook_state SET lease_until = 0 WHERE subscription_id = ?", (subscription_id,))
    return delivered


def _disclosed(subscription: Subscription, entitlement: Entitlement, event: PublicEvent) -> dict[str, Any] | None:
    """The item as the subscription receives it (R-31), or None when it does not receive the event."""
    return disclose(event.item(), entitlement) if subscription.wants(event.type) else None


def _record_failure(rt: Runtime, subscription_id: str, position: int, event_id: str, attempts: int, error: str) -> None:
    with rt.store.transaction() as tx:
        tx.execute(
            "INSERT INTO webhook_failures (subscription_id, position, event_id, attempts, last_error, failed_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id, position) DO UPDATE SET"
            " attempts = excluded.attempts, last_error = excluded.last_error, failed_at = excluded.failed_at,"
            " redelivered = 0",
            (subscription_id, position, event_id, attempts, error[:500], time.time()),
        )


def failures(rt: Runtime, subscription_id: str) -> list[dict[str, Any]]:
    """Deliveries that failed after the last retry, and not yet redelivered."""
    return rt.store.query(
        "SELECT position, event_id, attempts, last_error, failed_at FROM webhook_failures"
        " WHERE subscription_id = ? AND redelivered = 0 ORDER BY position",
        (subscription_id,),
    )


def redeliver(rt: Runtime, subscription_id: str, position: int) -> bool:
    """Deliver a failed event again; True when it got through."""
    subscription = rt.app.subscription(UUID(subscription_id))
    entry = rt.app.log_reader().at(position)
    if entry is None or entry.event is None:
        return False
    item = disclose(entry.event.item(), for_subscription(subscription))
    if item is None:  # the subscription no longer reads this type
        return False
    with httpx.Client(timeout=rt.settings.webhook_timeout_seconds) as client:
        attempts, error = deliver(rt, client, subscription.url, rt.app.signing_secrets(subscription.id), item)
    if error is None:
        with rt.store.transaction() as tx:
            tx.execute(
                "UPDATE webhook_failures SET redelivered = 1 WHERE subscription_id = ? AND position = ?",
                (subscription_id, position),
            )
        return True
    _record_failure(rt, subscription_id, position, item["id"], attempts, error)
    return False


class Deliveries:
    """Failed deliveries and redelivery, as the application asks for them (application.ports.WebhookDeliveries)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def failures(self, subscription_id: str) -> list[dict[str, Any]]:
        return failures(self.rt, subscription_id)

    def redeliver(self, subscription_id: str, position: int) -> bool:
        return redeliver(self.rt, subscription_id, position)
