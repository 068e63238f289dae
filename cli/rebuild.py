"""``assure projections rebuild --jobs N``: a rebuild from zero spread over processes (PostgreSQL; issue 19).

The trail is append-only (no row depends on another), so its log is split into ranges, one process each. Every
other view updates rows an earlier event made, so those views are rebuilt in order, in a process of their own
beside the trail's. The trail's names are written first, so every range reads the names it summarises with.
What the log gains during the rebuild is applied by the projector as usual, from the position recorded at the end.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from eventsourcing.utils import get_topic

from application.log import LogEntry, describe_error, is_outage
from application.settings import Settings
from cli.system import System, build_system
from domain.errors import InvalidValue
from domain.partnership import Agency, Person
from projections.runner import VIEW_NAMES, clear_views, collector_spared
from projections.trail import NAMED, TrailIndex

BATCH = 1000


def rebuild_in_parallel(settings: Settings, views: Sequence[str] | None, jobs: int) -> int:
    """Rebuild views from zero in ``jobs`` processes (at least 2); returns the log position they reached."""
    if settings.store != "postgres":
        raise InvalidValue("a rebuild in several processes needs the PostgreSQL store (--jobs 1 on this store)")
    names = list(views or VIEW_NAMES)
    others = [name for name in names if name != TrailIndex.name]
    system = build_system(settings.model_copy(update={"create_tables": False}), views=names)
    try:
        head = system.app.max_position()
        trail = TrailIndex.name in names
        indexes = _clear_trail(system, head) if trail else []
        trail_jobs = max(1, jobs - (1 if others else 0)) if trail else 0
        bounds = [head * n // trail_jobs for n in range(trail_jobs + 1)] if trail else []
        context = multiprocessing.get_context("spawn")
        processes = max(1, trail_jobs + (1 if others else 0))
        with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
            futures = [pool.submit(_trail_range, settings, bounds[n], bounds[n + 1]) for n in range(trail_jobs)]
            if others:
                futures.append(pool.submit(_rebuild_views, settings, others))
            for future in futures:
                future.result()  # a failed process fails the rebuild; the trail stays at 0 to be rebuilt again
        if trail:
            with system.view_store.transaction() as tx:
                tx.lock_position(TrailIndex.name)
                tx.set_position(TrailIndex.name, head)
            system.view_store.create(indexes)
        return head
    finally:
        system.close()


def _clear_trail(system: System, head: int) -> list[str]:
    """Empty the trail at position 0, then write every name it will summarise with; returns the trail's index
    statements, to run once its rows are in (where the store does not keep them up as it goes)."""
    store, app = system.view_store, system.app
    indexes = clear_views(store, [TrailIndex()])
    topics = [get_topic(Person.PersonRegistered), get_topic(Agency.AgencyRegistered)]
    after, reader = 0, app.log_reader(eager=False)
    while page := app.recorder.select_notifications(after, BATCH, stop=head, topics=topics, inclusive_of_start=False):
        named = []
        for notification in page:
            event = reader.describe_event(app.mapper.to_domain_event(notification), notification.id)
            named.append((event.aggregate_id, str(event.raw[NAMED[event.type]])))
        with store.transaction() as tx:
            tx.execute_many("INSERT INTO view_trail_names (id, label) VALUES (?, ?) ON CONFLICT (id) DO UPDATE"
                            " SET label = excluded.label", [(i, tx.seal(label)) for i, label in named])  # fmt: skip
        after = page[-1].id
    return indexes


def _trail_range(settings: Settings, low: int, high: int) -> int:
    """Index the trail for positions low+1..high (a process of its own); returns how many it read."""
    system = build_system(settings.model_copy(update={"create_tables": False}), views=[TrailIndex.name])
    trail, reader, read, after = TrailIndex(), system.app.log_reader(eager=False), 0, low
    try:
        with collector_spared():
            while after < high and (entries := [e for e in reader.read(after, BATCH) if e.position <= high]):
                events = [e.event for e in entries if e.event is not None]
                try:
                    with system.view_store.transaction() as tx:
                        trail.apply_all(tx, events)
                        for entry in entries:
                            if entry.event is None:
                                trail.quarantined(tx, entry.position)
                                system.runner.quarantine(f"view:{trail.name}", entry.position,
                                                         entry.error or "unreadable")  # fmt: skip
                except Exception:
                    _one_by_one(system, trail, entries)
                read += len(entries)
                after = entries[-1].position
        return read
    finally:
        system.close()


def _one_by_one(system: System, trail: TrailIndex, entries: Sequence[LogEntry]) -> None:
    """A batch that failed: each event in a transaction of its own; one that cannot be indexed is quarantined."""
    trail._names.clear()  # the failed transaction's names were not written
    for entry in entries:
        try:
            with system.view_store.transaction() as tx:
                if entry.event is None:
                    raise ValueError(entry.error or "unreadable")
                trail.apply_all(tx, [entry.event])
        except Exception as error:
            if is_outage(error):
                raise
            with system.view_store.transaction() as tx:
                trail.quarantined(tx, entry.position)
            system.runner.quarantine(f"view:{trail.name}", entry.position, describe_error(error))


def _rebuild_views(settings: Settings, names: Sequence[str]) -> int:
    """Rebuild views in order, in a process of their own."""
    system = build_system(settings.model_copy(update={"create_tables": False}), views=list(names))
    try:
        return system.runner.rebuild()
    finally:
        system.close()
