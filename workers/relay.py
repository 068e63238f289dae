"""The relay: follows the event log from a tracked position and enqueues one message per reaction.

The log is the outbox: if the broker is down, sending fails, the position does not move, and the same
messages are sent once it is back. A message may be sent twice (crash between send and position update);
the actors are idempotent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

import dramatiq

from application.events import PublicEvent
from workers.runtime import Runtime

log = logging.getLogger("assure.relay")
DDL = ["CREATE TABLE IF NOT EXISTS worker_relay (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"]
Send = Callable[[str, tuple[Any, ...]], None]


def reactions(event: PublicEvent) -> list[tuple[str, tuple[Any, ...]]]:
    """The messages an event calls for (webhooks aside): ids and positions only."""
    if event.type in ("ConcernRaised", "ConcernEscalated"):
        return [("notify_concern", (event.aggregate_id, event.aggregate_version))]
    if event.type == "ExceptionReportIssued":
        return [("send_exception_report", (event.aggregate_id,))]
    if event.type == "RoutineSummaryIssued":
        return [("send_routine_summary", (event.aggregate_id,))]
    if event.type == "SingleAgencyRiskReported":
        return [("notify_risk", (event.aggregate_id,))]
    return []


class Relay:
    """One relay per deployment; its position is tracked in the view store."""

    def __init__(self, rt: Runtime, send: Send, batch_size: int = 200) -> None:
        self.rt, self.send, self.batch_size = rt, send, batch_size
        self.reader = rt.app.log_reader()

    def position(self) -> int:
        rows = self.rt.store.query("SELECT position FROM worker_relay WHERE name = 'relay'")
        return int(rows[0]["position"]) if rows else 0

    def run_once(self) -> int:
        """Send the messages for one batch of events, then move the position; returns the events read."""
        batch = self.reader.read(self.position(), self.batch_size)
        if not batch:
            return 0
        subscriptions = [self.rt.app.subscription(sid) for sid in self._subscription_ids()]
        wanted: set[str] = set()
        for entry in batch:
            if entry.event is None:
                self.rt.quarantine.add("relay", entry.position, entry.error or "unreadable")
                continue
            for actor, args in reactions(entry.event):
                self.send(actor, args)
            wanted |= {str(s.id) for s in subscriptions if s.wants(entry.event.type)}
        for subscription_id in sorted(wanted):
            self.send("pump_webhooks", (subscription_id,))
        with self.rt.store.transaction() as tx:
            tx.execute(
                "INSERT INTO worker_relay (name, position) VALUES ('relay', ?)"
                " ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                (batch[-1].position,),
            )
        return len(batch)

    def _subscription_ids(self) -> list[UUID]:
        return self.rt.app.subscription_ids() if self.rt.app.views is not None else []

    def follow(self, stop: threading.Event, poll_interval: float) -> None:
        """Keep relaying until stopped; a broker outage is waited out, losing nothing."""
        while not stop.is_set():
            try:
                if self.run_once():
                    continue
            except Exception:  # the broker or the store is unreachable: the log keeps the messages
                log.exception("relay could not send; retrying")
                stop.wait(min(5.0, poll_interval * 10))
                continue
            stop.wait(poll_interval)


def broker_send(name: str, args: tuple[Any, ...]) -> None:
    """Send through the current dramatiq broker, to the actor of that name."""
    dramatiq.get_broker().get_actor(name).send(*args)
