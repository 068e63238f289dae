"""Issue 14's figures: verification against a raw read of the same rows, appends with the chain against
without, the time to make a checkpoint and a proof. ``python -m benchmarks.trail --events N`` runs them alone."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

from eventsourcing.application import Application

from application.app import AssureApplication
from application.settings import STORE_FACTORIES, Settings
from benchmarks.api import Counter
from benchmarks.common import Figure, postgres_settings, print_table
from benchmarks.projections import fill_log
from cli.system import build_application, open_view_store
from integrity.chain import ChainedStore
from integrity.ledger import Ledger
from integrity.service import make_checkpoint, run_verification


def append_rate(settings: Settings, module: str, count: int) -> float:
    """Single-event saves of a trivial aggregate, one transaction each, on the given persistence module."""
    app: Application[Any] = Application(env=settings.eventsourcing_env() | {"PERSISTENCE_MODULE": module})
    counter = Counter()
    app.save(counter)
    start = time.perf_counter()
    for _ in range(count):
        counter.increment()
        app.save(counter)
    elapsed = time.perf_counter() - start
    app.close()
    return count / elapsed


def append_figures(count: int) -> list[Figure]:
    """Chained against plain appends, alternated twice on fresh schemas so neither gets the warmer database."""
    rates: dict[str, list[float]] = {"chained": [], "plain": []}
    for _ in range(2):
        for name, module in (("chained", STORE_FACTORIES["postgres"]), ("plain", "eventsourcing.postgres")):
            with postgres_settings() as settings:
                rates[name].append(append_rate(settings, module, count))
    chained, plain = max(rates["chained"]), max(rates["plain"])
    return [Figure("appends with the hash chain (1 event/txn)", chained, "appends/s", plain,
                   "appends/s eventsourcing, no chain", "ratio >= 0.9")]  # fmt: skip


def raw_read_rate(app: AssureApplication) -> float:
    """Read every row (position, id, version, topic, state, chain) in batches, hashing nothing."""
    store, after, start = cast(ChainedStore, app.recorder), 0, time.perf_counter()
    while rows := store.select_chained(after, 5000):
        after = rows[-1].position
    return after / (time.perf_counter() - start)


def log_figures(app: AssureApplication, settings: Settings) -> list[Figure]:
    """On a filled log: the first checkpoint, a full verification, an incremental checkpoint and one proof."""
    with tempfile.TemporaryDirectory() as folder:
        settings = settings.model_copy(update={"checkpoint_key_path": Path(folder) / "key",
                                               "checkpoint_export_path": Path(folder) / "checkpoints"})  # fmt: skip
        return _log_figures(app, settings)


def _log_figures(app: AssureApplication, settings: Settings) -> list[Figure]:
    total = app.max_position()
    start = time.perf_counter()
    make_checkpoint(app, settings)
    first_checkpoint = time.perf_counter() - start
    raw = raw_read_rate(app)
    start = time.perf_counter()
    outcome = run_verification(app, settings)
    verify_rate = outcome.checked_through / (time.perf_counter() - start)
    assert outcome.ok, outcome.finding
    fill_log(app, 1000)
    start = time.perf_counter()
    make_checkpoint(app, settings)
    next_checkpoint = time.perf_counter() - start
    store = open_view_store(settings)
    start = time.perf_counter()
    Ledger(app, store, settings).inclusion_proof(total // 2)
    proof = time.perf_counter() - start
    store.close()
    return [
        Figure(f"verification over {total:,} events", verify_rate, "events/s", raw, "rows/s raw read, same rows",
               "ratio >= 0.5"),
        Figure("first checkpoint (verify all, sign, record, export)", first_checkpoint, "s"),
        Figure("next checkpoint (1,000 new events)", next_checkpoint, "s"),
        Figure("one inclusion proof (reads the whole log)", proof, "s"),
    ]  # fmt: skip


def figures(events: int, appends: int) -> list[Figure]:
    """Every figure of the trail, on a PostgreSQL log of about ``events`` events."""
    found = append_figures(appends)
    with postgres_settings() as settings:
        app = build_application(settings)
        fill_log(app, events)
        found += log_figures(app, settings)
        app.close()
    return found


if __name__ == "__main__":
    size = int(sys.argv[sys.argv.index("--events") + 1]) if "--events" in sys.argv else 100_000
    appends = int(sys.argv[sys.argv.index("--appends") + 1]) if "--appends" in sys.argv else 2000
    print_table(figures(size, appends))
