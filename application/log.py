"""The one way to read the log (DESIGN.md, "Composition and the log").

Projection runners, the relay, the webhook pump and redelivery, the pull feed, the trail event and time travel all
read through a ``LogReader``: items by position range, one item by position, one aggregate's history. An event that
cannot be decoded or described comes back as an entry with an error, never as an exception, so one bad event
cannot stop a follower: the follower quarantines it (``application/quarantine.py``) and goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from application.events import EventDescriber, PublicEvent

MAX_BATCH = 1000


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One position of the log: its public event, or why it could not be read."""

    position: int
    event: PublicEvent | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.event is not None


OUTAGES = {
    "OperationalError",
    "InterfaceError",
    "PoolTimeout",
    "PoolClosed",
    "ConnectionFailure",
    "AMQPConnectionError",
}


def is_outage(error: BaseException) -> bool:
    """A store or broker that cannot be reached: wait and retry; never a reason to quarantine an event."""
    if isinstance(error, ConnectionError | TimeoutError):
        return True
    return any(cls.__name__ in OUTAGES for cls in type(error).__mro__)


def describe_error(error: BaseException) -> str:
    """A one-line account of why an event could not be handled (no stack, bounded length)."""
    text = " ".join(str(error).split())[:300]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class LogReader:
    """Reads the log in order; remembers each aggregate's context across reads, so keep one per follower."""

    def __init__(self, app: Application[UUID], eager: bool = True) -> None:
        """``eager``: work each payload out as it is read, so a bad one comes back as an error entry. The views'
        runner reads lazily: a view that cannot apply an event quarantines it anyway, and the trail never needs the
        JSON form (issue 19: a fifth of a rebuild)."""
        self.app, self.eager = app, eager
        self.describer = EventDescriber(app)

    def head(self) -> int:
        """The position of the newest event."""
        return self.app.recorder.max_notification_id() or 0

    def read(self, after: int, limit: int) -> list[LogEntry]:
        """The entries after a position, in log order (at most ``limit``; gaps in positions are normal)."""
        limit = max(1, min(limit, MAX_BATCH))
        notifications = self.app.recorder.select_notifications(start=after + 1, limit=limit)
        return [self._entry(notification) for notification in notifications]

    def at(self, position: int) -> LogEntry | None:
        """The entry at exactly this position, or None when there is no event there."""
        found = self.app.recorder.select_notifications(start=position, limit=1)
        if not found or found[0].id != position:
            return None
        return self._entry(found[0])

    def entries(self, after: int, batch: int = MAX_BATCH) -> Iterator[LogEntry]:
        """Every entry after a position, read in batches."""
        while entries := self.read(after, batch):
            yield from entries
            after = entries[-1].position

    def history(self, aggregate_id: UUID, up_to_version: int) -> list[Any]:
        """One aggregate's decoded domain events up to a version (time travel, exception-report history)."""
        return list(self.app.events.get(aggregate_id, lte=up_to_version))

    @contextmanager
    def waiter(self, poll_interval: float) -> Iterator[Callable[[float], None]]:
        """A function that waits up to a timeout for new events: LISTEN/NOTIFY on PostgreSQL, a sleep elsewhere."""
        recorder = self.app.recorder
        if not isinstance(recorder, PostgresApplicationRecorder):
            yield lambda timeout: time.sleep(min(timeout, poll_interval))
            return
        with recorder.datastore.get_connection() as conn:
            conn.execute(sql.SQL("LISTEN {0}").format(sql.Identifier(recorder.channel_name)))

            def wait(timeout: float) -> None:
                for _ in conn.notifies(timeout=timeout, stop_after=1):
                    pass

            yield wait

    def describe_event(self, event: Any, position: int) -> PublicEvent:
        """A decoded domain event in its public form."""
        return self.describer.describe_event(event, position)

    def _entry(self, notification: Notification) -> LogEntry:
        try:
            event = self.describer.describe(notification)
            if self.eager:
                event.data  # noqa: B018  - work the payload out now, so a bad one is caught here, not downstream
        except Exception as error:  # an event that cannot be decoded or described: reported, never raised
            if is_outage(error):
                raise
            return LogEntry(notification.id, None, describe_error(error))
        return LogEntry(notification.id, event)
