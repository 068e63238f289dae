"""Issue 19 (R-30, R-32): positions are given in commit order. Writers in parallel, each with its own connections,
save through the chained PostgreSQL recorder while a follower reads only past the last position it has seen, as
the projector and the relay do; at the end the follower has every event, in order, with no position left out. An
event that committed after one with a higher position would be passed over for good, and the follower would lack
it. (eventsourcing 9.5.6's own recorder with POSTGRES_ENABLE_DB_FUNCTIONS, which inserts without LOCK TABLE,
fails this test: checked by hand on 2026-12-02, the follower passed over positions in three runs of three.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from psycopg import sql

from application.settings import Settings
from tests.conftest import drop_pg_schema, settings_for

WRITERS, SAVES = 4, 60


class Tally(Aggregate):
    """A trivial aggregate: one event per save."""

    @event("Counted")
    def count(self, writer: int) -> None:
        """Nothing but the event."""


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[Settings]:
    settings = settings_for("postgres", tmp_path)
    Application(env=settings.eventsourcing_env()).close()  # the table, created once before the writers start
    yield settings
    drop_pg_schema(settings.postgres_schema)


def test_a_follower_reading_by_position_passes_over_no_event_of_concurrent_writers_r30_issue19(
    postgres: Settings,
) -> None:
    env = postgres.eventsourcing_env() | {"CREATE_TABLE": "n"}
    apps: list[Application[Any]] = [Application(env=env) for _ in range(WRITERS + 1)]
    follower_app, writers_done = apps[-1], threading.Event()
    seen: list[tuple[int, UUID, int]] = []
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for _ in range(SAVES):
                tally = Tally()  # two events in one transaction: created, then counted
                tally.count(n)
                apps[n].save(tally)
        except BaseException as error:
            failures.append(error)

    def follow() -> None:
        last = 0
        while True:
            done = writers_done.is_set()  # read once more after the writers are done, then stop
            batch = follower_app.recorder.select_notifications(last + 1, 50)
            seen.extend((n.id, n.originator_id, n.originator_version) for n in batch)
            last = batch[-1].id if batch else last
            if done and not batch:
                return

    follower = threading.Thread(target=follow)
    follower.start()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writers_done.set()
    follower.join(timeout=60)
    everything = [(n.id, n.originator_id, n.originator_version)
                  for n in follower_app.recorder.select_notifications(1, 10 * WRITERS * SAVES)]  # fmt: skip
    for app in apps:
        app.close()

    assert not failures
    assert len(everything) == 2 * WRITERS * SAVES
    assert [position for position, _, _ in everything] == list(range(1, len(everything) + 1))  # no gaps
    assert seen == everything  # the follower passed over nothing, and saw it in position order


def test_a_save_notifies_the_followers_listening_on_the_log_r32_issue19(postgres: Settings) -> None:
    """The chained recorder's NOTIFY rides on the statement that takes the writers' lock: listeners still hear it."""
    app: Application[Any] = Application(env=postgres.eventsourcing_env() | {"CREATE_TABLE": "n"})
    with psycopg.connect(postgres.postgres_conninfo(), autocommit=True) as listener:
        listener.execute(sql.SQL("LISTEN {0}").format(sql.Identifier(app.recorder.channel_name)))  # type: ignore[attr-defined]
        assert list(listener.notifies(timeout=0.2, stop_after=1)) == []
        app.save(Tally())
        heard = list(listener.notifies(timeout=30, stop_after=1))
    app.close()
    assert [n.channel for n in heard] == [app.recorder.channel_name]  # type: ignore[attr-defined]
