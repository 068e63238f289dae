"""Issue 3's figures: trail-index rebuild rate against raw read-and-decode, and commit-to-view lag."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from application.app import AssureApplication
from benchmarks.common import Figure, median, percentile, postgres_settings, timed
from cli.rebuild import rebuild_in_parallel
from cli.system import VIEW_DDL, build_application, build_system, open_view_store
from demo.story import DemoClock, load_demo
from domain.audit_return import Return
from domain.values import ActionStatus
from projections.runner import ProjectionRunner, collector_spared
from projections.trail import TrailIndex

QUESTIONS = [
    {"id": f"Q{n}", "scale": ["Outstanding", "Good", "Requires improvement", "Inadequate"]} for n in range(1, 31)
]


def fill_log(app: AssureApplication, events: int, per_return: int = 100, per_save: int = 10) -> None:
    """Append about ``events`` realistic events: returns, each started and then saved as drafts many times."""
    start = datetime(2023, 1, 2, tzinfo=UTC)
    auditor, agency, audit = uuid4(), uuid4(), uuid4()
    written = 0
    while written < events:
        batch = []
        for _ in range(per_save):
            at = start + timedelta(seconds=written)
            the_return = Return.start(audit, f"C-{written}", agency, auditor, QUESTIONS, str(auditor), at)
            for n in range(per_return - 1):
                answer = {f"Q{n % 30 + 1}": {"rating": QUESTIONS[0]["scale"][n % 4], "commentary": f"note {n}"}}
                the_return.save_draft(
                    answer,
                    {"outcomes": "Risk reduced."},
                    n % 3 == 0,
                    None,
                    str(auditor),
                    at + timedelta(milliseconds=n),
                )
            batch.append(the_return)
            written += per_return
        app.save(*batch)


ROUNDS = 3  # raw read and rebuild alternated, medians taken: one pass of each swung by a fifth on this machine


def read_raw(app: AssureApplication) -> tuple[int, float]:
    """Read and decode every event with ``select_notifications`` and the mapper, keeping nothing: how many, seconds.
    The collector is spared as the rebuild spares it, so both sides run under the same conditions."""
    decoded, position = 0, 0
    with collector_spared(), timed() as elapsed:
        while batch := app.recorder.select_notifications(start=position + 1, limit=1000):
            decoded += len([app.mapper.to_domain_event(n) for n in batch])
            position = batch[-1].id
    return decoded, elapsed[0]


def trail_rebuild(events: int = 200_000) -> list[Figure]:
    """Rebuild the trail index over a long log, alternated with reading and decoding the same events raw."""
    with postgres_settings() as settings:
        app = build_application(settings)
        clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
        app.clock = clock
        load_demo(app, clock)
        fill_log(app, events)
        total = app.max_position()
        build_system(settings).close()  # every table, the side store's too
        store = open_view_store(settings)
        raw_rates, rebuild_rates = [], []
        for _ in range(ROUNDS):
            decoded, seconds = read_raw(app)
            raw_rates.append(decoded / seconds)
            with timed() as rebuild:
                ProjectionRunner(app, store, [TrailIndex()]).rebuild()
            rebuild_rates.append(total / rebuild[0])
        with timed() as parallel:
            rebuild_in_parallel(settings, [TrailIndex.name], jobs=2)
        store.close()
        app.close()
    raw_rate = median(raw_rates)
    return [
        Figure(
            f"trail index rebuild over {total:,} events",
            median(rebuild_rates),
            "events/s",
            raw_rate,
            "events/s raw read+decode",
            "ratio >= 0.5",
        ),
        Figure(
            "  the same in 2 processes by log range (--jobs 2)",
            total / parallel[0],
            "events/s",
            raw_rate,
            "events/s raw read+decode",
            "ratio >= 0.5",
        ),
    ]


def view_lag(rate: float = 50.0, seconds: float = 8.0) -> list[Figure]:
    """Commit-to-view lag under a steady write load, with the projector following by LISTEN/NOTIFY."""
    with postgres_settings() as settings:
        app = build_application(settings)
        clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
        app.clock = clock
        load_demo(app, clock)
        store = open_view_store(settings)
        store.create(VIEW_DDL)
        runner = ProjectionRunner(app, store)
        runner.catch_up()
        reached: list[tuple[float, int]] = []
        runner.on_commit = lambda position: reached.append((time.perf_counter(), position))
        stop = threading.Event()
        follower = threading.Thread(target=runner.follow, args=(stop,), daemon=True)
        follower.start()
        lead = app.principal(app.person_id_for("lead.csc@lscp.example"))
        action = first_action(app, lead.person_id)
        clock.set(date(2022, 12, 1))
        commits: list[tuple[float, int]] = []
        for n in range(int(rate * seconds)):
            due = time.perf_counter() + 1 / rate
            receipt = app.report_action_progress(lead, action, f"note {n}")
            commits.append((time.perf_counter(), receipt.position))
            time.sleep(max(0.0, due - time.perf_counter()))
        time.sleep(0.5)
        stop.set()
        follower.join(timeout=5)
        lags = []
        for committed_at, position in commits:
            seen = next((t for t, p in reached if p >= position), None)
            if seen is not None:
                lags.append(max(0.0, seen - committed_at) * 1000)
        store.close()
        app.close()
    return [
        Figure(f"commit-to-view lag p50 ({rate:.0f} commands/s)", percentile(lags, 0.5), "ms", goal="-"),
        Figure(f"commit-to-view lag p99 ({rate:.0f} commands/s)", percentile(lags, 0.99), "ms", goal="< 200 ms"),
    ]


def first_action(app: AssureApplication, owner: UUID | None = None) -> UUID:
    """The first SMART action the demo agreed that is still open (and, given an owner, is theirs)."""
    rows = [n for n in app.recorder.select_notifications(1, 10_000) if n.topic.endswith("ActionAgreed")]
    for row in rows:
        action: Any = app.repository.get(UUID(str(row.originator_id)))
        if action.status != ActionStatus.COMPLETED and owner in (None, action.owner_person_id):
            return UUID(str(row.originator_id))
    raise RuntimeError("the demo agreed no open action")
