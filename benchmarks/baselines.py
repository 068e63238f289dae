"""Raw baselines and the full rebuild: psycopg single-row inserts, and every view over a million events."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import psycopg

from application.app import AssureApplication
from application.settings import Settings
from benchmarks.common import PG_CONNINFO, Figure, postgres_settings
from benchmarks.projections import fill_log
from cli.system import VIEW_DDL, build_application, open_view_store
from projections.runner import ProjectionRunner

OnLog = Callable[[AssureApplication, Settings], list[Figure]]


def psycopg_inserts(count: int = 2000) -> float:
    """Single-row inserts, one transaction each, into a table shaped like the event store's."""
    table = f"bench_raw_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_CONNINFO, autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE {table} (application_name text, originator_id uuid, originator_version bigint,"
            " topic text, state bytea, notification_id bigserial, PRIMARY KEY (application_name,"
            " originator_id, originator_version))"
        )
        try:
            originator, start = uuid.uuid4(), time.perf_counter()
            for version in range(1, count + 1):
                with conn.transaction():
                    conn.execute(
                        f"INSERT INTO {table} (application_name, originator_id, originator_version, topic,"
                        " state) VALUES (%s, %s, %s, %s, %s)",
                        ("assure", originator, version, "bench:Event", b'{"actor":"x"}'),
                    )
            return count / (time.perf_counter() - start)
        finally:
            conn.execute(f"DROP TABLE {table}")


def full_rebuild(events: int = 1_000_000, also: OnLog | None = None) -> list[Figure]:
    """Every view rebuilt from zero over a long log; ``also`` measures more on the same log (filled once)."""
    with postgres_settings() as settings:
        app = build_application(settings)
        fill_log(app, events)
        total = app.max_position()
        store = open_view_store(settings)
        store.create(VIEW_DDL)
        runner = ProjectionRunner(app, store)
        start = time.perf_counter()
        runner.rebuild()
        elapsed = time.perf_counter() - start
        store.close()
        more = also(app, settings) if also else []
        app.close()
    return [
        Figure(f"rebuild of every view over {total:,} events", elapsed, "s", goal="< 60 s"),
        Figure("  as a rate", total / elapsed, "events/s"),
        *more,
    ]
