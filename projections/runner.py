"""Runners: apply the log to the views, each view's rows and position in one transaction."""

from __future__ import annotations

import gc
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from queue import Empty, Full, Queue
from typing import Any

from application.app import AssureApplication
from application.events import PublicEvent
from application.log import LogEntry, LogReader, describe_error, is_outage
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
# A backlog is applied in transactions of up to this many events (what the read-ahead has ready), so each view's
# per-transaction cost is paid less often in a rebuild or a catch-up (issue 19); a follower applies what is new.
APPLY_AT_MOST = 5000
# Batches the read-ahead may hold: enough to go on reading while a transaction of APPLY_AT_MOST events commits.
QUEUED = 8
SIDE_BY_SIDE_FROM = 1000  # a backlog this long is applied by the views side by side (see apply_batch)
log = logging.getLogger("assure.projector")
_INDEX_NAME = re.compile(r"INDEX IF NOT EXISTS (\w+)")


def make_projections(names: Sequence[str] | None = None) -> list[Projection]:
    """The projections by name (all of them when none are named)."""
    unknown = set(names or ()) - set(VIEW_NAMES)
    if unknown:
        raise ValueError(f"unknown views: {', '.join(sorted(unknown))}; known: {', '.join(VIEW_NAMES)}")
    return [cls() for cls in VIEW_CLASSES if not names or cls.name in names]


Quarantine = Callable[[str, int, str], None]


def clear_views(store: ViewStore, projections: Sequence[Projection]) -> list[str]:
    """Empty views at position 0 for a rebuild; returns the index statements to run once it is done. Where the store
    does not keep indexes up during a rebuild (SQLite), they are dropped here, to be built once at the end."""
    indexes = [statement for p in projections for statement in p.ddl if " INDEX " in statement]
    with store.transaction() as tx:
        for projection in projections:
            tx.lock_position(projection.name)
            tx.clear(projection.tables)
            tx.set_position(projection.name, 0)
        if not store.rebuild_keeps_indexes:
            for statement in indexes:
                tx.execute(f"DROP INDEX IF EXISTS {_INDEX_NAME.search(statement).group(1)}")  # type: ignore[union-attr]
    return indexes


@contextmanager
def collector_spared() -> Iterator[None]:
    """For a long read of the log: Python's cyclic garbage collector leaves alone the objects that exist now (the
    process's modules, the application), and runs every 50,000 new objects rather than every 700, so it does not
    scan the batches in flight again and again. Measured on a rebuild of the trail, it took a third of the time;
    with this, a rebuild runs a sixth faster than with the old objects spared alone (issue 19)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def apply_batch(store: ViewStore, projections: Sequence[Projection], events: Sequence[PublicEvent],
                through: int, quarantine: Quarantine | None = None, pool: Executor | None = None) -> int:  # fmt: skip
    """Apply a batch to each view that has not seen it; returns how many (view, event) pairs were applied.

    When a view cannot apply the batch, it applies it event by event and quarantines the events it cannot apply:
    one bad event never stops a view. An outage of the store is raised, to be waited out. Given a pool, the views
    apply side by side, each in its own transaction as always: one view's wait for the database is another's turn
    to work (issue 19)."""

    def apply(projection: Projection) -> int:
        try:
            return _apply_view(store, projection, events, through)
        except Exception as error:
            if quarantine is None or is_outage(error):
                raise
            return _apply_one_by_one(store, projection, events, through, quarantine)

    if pool is None or len(projections) < 2:
        return sum(apply(projection) for projection in projections)
    return sum(future.result() for future in [pool.submit(apply, projection) for projection in projections])


def _apply_view(store: ViewStore, projection: Projection, events: Sequence[PublicEvent], through: int) -> int:
    with store.transaction() as tx:
        position = tx.lock_position(projection.name)
        if position >= through:
            return 0
        todo = [event for event in events if event.position > position]
        projection.apply_all(tx, todo)
        tx.set_position(projection.name, through)
    return len(todo)


def _apply_one_by_one(store: ViewStore, projection: Projection, events: Sequence[PublicEvent], through: int,
                      quarantine: Quarantine) -> int:  # fmt: skip
    applied = 0
    for event in events:
        try:
            applied += _apply_view(store, projection, [event], event.position)
        except Exception as error:
            if is_outage(error):
                raise
            quarantine(f"view:{projection.name}", event.position, describe_error(error))
            _pass_over(store, projection, event.position)
    _pass_over(store, projection, through, mark=False)
    return applied


def _pass_over(store: ViewStore, projection: Projection, position: int, mark: bool = True) -> None:
    """Move a view's position past one it could not apply, leaving a mark where the view keeps one."""
    with store.transaction() as tx:
        if tx.lock_position(projection.name) < position:
            if mark:
                projection.quarantined(tx, position)
            tx.set_position(projection.name, position)


class ProjectionRunner:
    """Follows the event log from each view's tracked position; quarantines what it cannot read or apply."""

    def __init__(self, app: AssureApplication, store: ViewStore, projections: Sequence[Projection] | None = None,
                 batch_size: int = 1000, quarantine: Quarantine | None = None) -> None:  # fmt: skip
        self.app, self.store = app, store
        self.projections = list(projections) if projections is not None else make_projections()
        self.batch_size = batch_size
        self.reader = app.log_reader(eager=False)
        self.quarantine = quarantine or _log_only
        self.on_commit: Callable[[int], None] | None = None  # told each position the views reach (benchmarks)
        self._pool: Executor | None = None  # while a backlog is applied: the views' writers

    def positions(self) -> dict[str, int]:
        """Each of this runner's views and its position."""
        known = self.store.positions()
        return {p.name: known.get(p.name, 0) for p in self.projections}

    def run_once(self) -> int:
        """Apply one batch of new events; returns how many events were read."""
        entries = self.reader.read(min(self.positions().values()), self.batch_size)
        self._apply(entries)
        return len(entries)

    def _apply(self, entries: Sequence[LogEntry]) -> None:
        if not entries:
            return
        events = []
        for entry in entries:
            if entry.event is not None:
                events.append(entry.event)
                continue
            positions = self.positions()  # unreadable: every view passes over it, the trail marks it
            for projection in self.projections:
                if positions[projection.name] < entry.position:
                    self.quarantine(f"view:{projection.name}", entry.position, entry.error or "unreadable")
            self._pass_over_unreadable(entry.position, events)
            events = []
        apply_batch(self.store, self.projections, events, entries[-1].position, self.quarantine, self._pool)
        if self.on_commit is not None:
            self.on_commit(entries[-1].position)

    def _pass_over_unreadable(self, position: int, before: list[PublicEvent]) -> None:
        if before:
            apply_batch(self.store, self.projections, before, before[-1].position, self.quarantine, self._pool)
        for projection in self.projections:
            _pass_over(self.store, projection, position)

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply everything recorded so far, reading the next batch while this one is applied; a backlog is applied
        by the views side by side where the store takes several writers."""
        total, head, after = 0, self.app.max_position(), min(self.positions().values())
        writers = min(len(self.projections), self.store.writers)
        reader = _ReadAhead(self.reader, after, self.batch_size)
        try:
            if writers > 1 and head - after >= SIDE_BY_SIDE_FROM:
                self._pool = ThreadPoolExecutor(writers, thread_name_prefix="assure-views")
            while batch := reader.next(up_to=APPLY_AT_MOST):
                self._apply(batch)
                total += len(batch)
                if progress:
                    progress(batch[-1].position, max(head, batch[-1].position))
        finally:
            reader.close()
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None
        return total

    def rebuild(self, progress: Progress | None = None) -> int:
        """Clear this runner's views and rebuild them from position zero (indexes built at the end where the store
        does not keep them up as it goes)."""
        with collector_spared():
            indexes = clear_views(self.store, self.projections)
            self.reader = self.app.log_reader(eager=False)
            read = self.catch_up(progress)
            self.store.create(indexes)
        return read

    def follow(self, stop: threading.Event, poll_interval: float = 0.05) -> None:
        """Keep the views up to date until stopped: LISTEN/NOTIFY on PostgreSQL, polling on SQLite.

        A store that cannot be reached is waited out with backoff; the follower never exits on its own."""
        backoff = Backoff()
        while not stop.is_set():
            try:
                with self.reader.waiter(poll_interval) as wait:
                    while not stop.is_set():
                        read = self.catch_up()
                        backoff.reset()
                        if not read:
                            wait(0.5)
            except Exception as error:
                if not is_outage(error):
                    log.exception("the projector failed; retrying")
                backoff.wait(stop, error)

    def retry(self, view: str, position: int) -> None:
        """Apply one quarantined event to one view, out of order (the view has moved past it); raises if it fails."""
        projection = next((p for p in self.projections if p.name == view), None)
        entry = self.reader.at(position)
        if projection is None or entry is None:
            raise ValueError(f"no view {view!r} or no event at position {position}")
        if entry.event is None:
            raise ValueError(f"the event at {position} still cannot be read: {entry.error}")
        with self.store.transaction() as tx:
            projection.retry(tx, entry.event)

    def status(self) -> list[dict[str, Any]]:
        """Each view's position and how far it lags the log."""
        head = self.app.max_position()
        return [{"view": name, "position": pos, "lag": head - pos} for name, pos in self.positions().items()]


def _log_only(consumer: str, position: int, error: str) -> None:
    log.error("could not apply position %s to %s: %s", position, consumer, error)


class Backoff:
    """Exponential backoff from 0.1 s to 10 s for outages, logged once per outage."""

    def __init__(self) -> None:
        self.delay = 0.0

    def reset(self) -> None:
        if self.delay:
            log.warning("the store answers again")
        self.delay = 0.0

    def wait(self, stop: threading.Event, error: BaseException) -> None:
        if not self.delay:
            log.warning("the store cannot be reached (%s); waiting", describe_error(error))
        self.delay = min(10.0, max(0.1, self.delay * 2))
        stop.wait(self.delay)


class _ReadAhead:
    """Reads batches of entries in a thread, so the database works while Python applies."""

    def __init__(self, reader: LogReader, after: int, batch_size: int) -> None:
        self.reader, self.after, self.batch_size = reader, after, batch_size
        self.batches: Queue[Sequence[LogEntry] | BaseException] = Queue(maxsize=QUEUED)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            while not self.stopped.is_set():
                batch = self.reader.read(self.after, self.batch_size)
                self._put(batch)
                if not batch:
                    return
                self.after = batch[-1].position
        except BaseException as error:  # handed to the applying thread, which raises it
            self._put(error)

    def _put(self, item: Sequence[LogEntry] | BaseException) -> None:
        while not self.stopped.is_set():
            try:
                self.batches.put(item, timeout=0.1)
                return
            except Full:
                continue

    def next(self, up_to: int = 0) -> Sequence[LogEntry]:
        """The next batch read, waited for; with ``up_to``, joined by the batches read since, to that many entries."""
        item = self.batches.get()
        if isinstance(item, BaseException):
            raise item
        entries = item
        while entries and len(entries) < up_to:
            try:
                item = self.batches.get_nowait()
            except Empty:
                break
            if isinstance(item, BaseException) or not item:  # an error or the end: given on the next call
                self.batches.put_nowait(item)  # the reader has stopped, so there is room
                break
            entries = [*entries, *item]
        return entries

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
