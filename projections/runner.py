"""Runners: apply the log to the views, each view's rows and position in one transaction."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from queue import Full, Queue
from typing import Any

from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from application.app import AssureApplication
from application.events import EventDescriber, PublicEvent
from projections.actions import ActionsView, ConcernsView
from projections.audits import AuditOverview
from projections.base import Projection
from projections.returns import RatingsView, ReturnMatrix
from projections.schedule import ScheduleView
from projections.store import ViewStore
from projections.trail import TrailIndex

VIEW_CLASSES: tuple[type[Projection], ...] = (
    ScheduleView, AuditOverview, ReturnMatrix, RatingsView, ActionsView, ConcernsView, TrailIndex,
)  # fmt: skip
VIEW_NAMES: tuple[str, ...] = tuple(v.name for v in VIEW_CLASSES)
Progress = Callable[[int, int], None]
_INDEX_NAME = re.compile(r"INDEX IF NOT EXISTS (\w+)")


def make_projections(names: Sequence[str] | None = None) -> list[Projection]:
    """The projections by name (all of them when none are named)."""
    unknown = set(names or ()) - set(VIEW_NAMES)
    if unknown:
        raise ValueError(f"unknown views: {', '.join(sorted(unknown))}; known: {', '.join(VIEW_NAMES)}")
    return [cls() for cls in VIEW_CLASSES if not names or cls.name in names]


def apply_batch(store: ViewStore, projections: Sequence[Projection], events: Sequence[PublicEvent],
                through: int) -> int:  # fmt: skip
    """Apply a batch to each view that has not seen it; returns how many (view, event) pairs were applied."""
    applied = 0
    for projection in projections:
        with store.transaction() as tx:
            position = tx.lock_position(projection.name)
            if position >= through:
                continue
            todo = [event for event in events if event.position > position]
            projection.apply_all(tx, todo)
            applied += len(todo)
            tx.set_position(projection.name, through)
    return applied


class ProjectionRunner:
    """Follows the event log from each view's tracked position."""

    def __init__(self, app: AssureApplication, store: ViewStore, projections: Sequence[Projection] | None = None,
                 batch_size: int = 1000) -> None:  # fmt: skip
        self.app, self.store = app, store
        self.projections = list(projections) if projections is not None else make_projections()
        self.batch_size = batch_size
        self.describer = EventDescriber(app)
        self.on_commit: Callable[[int], None] | None = None  # told each position the views reach (benchmarks)

    def positions(self) -> dict[str, int]:
        """Each of this runner's views and its position."""
        known = self.store.positions()
        return {p.name: known.get(p.name, 0) for p in self.projections}

    def run_once(self) -> int:
        """Apply one batch of new events; returns how many events were read."""
        start = min(self.positions().values()) + 1
        notifications = self.app.recorder.select_notifications(start=start, limit=self.batch_size)
        self._apply(notifications)
        return len(notifications)

    def _apply(self, notifications: Sequence[Notification]) -> None:
        if not notifications:
            return
        events = [self.describer.describe(n) for n in notifications]
        apply_batch(self.store, self.projections, events, notifications[-1].id)
        if self.on_commit is not None:
            self.on_commit(notifications[-1].id)

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply everything recorded so far, reading the next batch while this one is applied."""
        total, head = 0, self.app.max_position()
        reader = _ReadAhead(self.app, min(self.positions().values()) + 1, self.batch_size)
        try:
            while batch := reader.next():
                self._apply(batch)
                total += len(batch)
                if progress:
                    progress(batch[-1].id, max(head, batch[-1].id))
        finally:
            reader.close()
        return total

    def rebuild(self, progress: Progress | None = None) -> int:
        """Clear this runner's views and rebuild them from position zero; indexes are built once at the end."""
        indexes = [statement for p in self.projections for statement in p.ddl if " INDEX " in statement]
        with self.store.transaction() as tx:
            for projection in self.projections:
                tx.lock_position(projection.name)
                for table in projection.tables:
                    tx.execute(f"DELETE FROM {table}")
                tx.set_position(projection.name, 0)
            for statement in indexes:
                tx.execute(f"DROP INDEX IF EXISTS {_INDEX_NAME.search(statement).group(1)}")  # type: ignore[union-attr]
        self.describer = EventDescriber(self.app)
        read = self.catch_up(progress)
        self.store.create(indexes)
        return read

    def follow(self, stop: threading.Event, poll_interval: float = 0.05) -> None:
        """Keep the views up to date until stopped: LISTEN/NOTIFY on PostgreSQL, polling on SQLite."""
        recorder = self.app.recorder
        if isinstance(recorder, PostgresApplicationRecorder):
            self._follow_notifications(recorder, stop)
            return
        while not stop.is_set():
            if not self.catch_up():
                stop.wait(poll_interval)

    def _follow_notifications(self, recorder: PostgresApplicationRecorder, stop: threading.Event) -> None:
        with recorder.datastore.get_connection() as conn:
            conn.execute(sql.SQL("LISTEN {0}").format(sql.Identifier(recorder.channel_name)))
            while not stop.is_set():
                self.catch_up()
                for _ in conn.notifies(timeout=0.5, stop_after=1):
                    pass

    def status(self) -> list[dict[str, Any]]:
        """Each view's position and how far it lags the log."""
        head = self.app.max_position()
        return [{"view": name, "position": pos, "lag": head - pos} for name, pos in self.positions().items()]


class _ReadAhead:
    """Reads batches of notifications in a thread, so the database works while Python applies."""

    def __init__(self, app: AssureApplication, start: int, batch_size: int) -> None:
        self.app, self.position, self.batch_size = app, start, batch_size
        self.batches: Queue[Sequence[Notification] | BaseException] = Queue(maxsize=2)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            while not self.stopped.is_set():
                batch = self.app.recorder.select_notifications(start=self.position, limit=self.batch_size)
                self._put(batch)
                if not batch:
                    return
                self.position = batch[-1].id + 1
        except BaseException as error:  # handed to the applying thread, which raises it
            self._put(error)

    def _put(self, item: Sequence[Notification] | BaseException) -> None:
        while not self.stopped.is_set():
            try:
                self.batches.put(item, timeout=0.1)
                return
            except Full:
                continue

    def next(self) -> Sequence[Notification]:
        item = self.batches.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)


def wait_for(store: ViewStore, position: int, timeout: float = 5.0, views: Sequence[str] = VIEW_NAMES) -> bool:
    """Wait until every named view has reached a log position (a command's receipt position)."""
    deadline = time.monotonic() + timeout
    while True:
        known = store.positions()
        if all(known.get(v, 0) >= position for v in views):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
