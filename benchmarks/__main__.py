"""Run every benchmark and print one table (``make bench``)."""

from __future__ import annotations

import os
import sys

from benchmarks import api, baselines, notifications, projections, report, trail, webhooks
from benchmarks.common import Figure, machine, print_table


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    figures: list[Figure] = []
    print(f"assure benchmarks on {machine()}", flush=True)
    figures += projections.trail_rebuild(20_000 if quick else 200_000)
    figures += projections.view_lag(seconds=2 if quick else 8)
    figures += api.figures(quick)
    figures += report.figures(20 if quick else 60)
    figures += webhooks.figures(seconds=2 if quick else 5)
    figures += notifications.figures(seconds=2 if quick else 5)
    count = 500 if quick else 2000
    raw = baselines.psycopg_inserts(count)
    bare = api.figures_bare(quick)
    functions = api.figures_bare(quick, POSTGRES_ENABLE_DB_FUNCTIONS="y")
    raw_again = baselines.psycopg_inserts(count)
    raw = (raw + raw_again) / 2  # before and after, so neither side gets the warmer database
    figures += [
        Figure("bare eventsourcing appends (one event per transaction)", bare, "appends/s", raw,
               "inserts/s raw psycopg, same shape"),
        Figure("  the same with its DB functions (not adopted)", functions, "appends/s", raw,
               "inserts/s raw psycopg, same shape"),
    ]  # fmt: skip
    figures += trail.append_figures(500 if quick else 2000)
    log_size = int(os.environ.get("ASSURE_BENCH_LOG_EVENTS", "50000" if quick else "1000000"))
    figures += baselines.full_rebuild(log_size, also=trail.log_figures)  # one long log for both
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
