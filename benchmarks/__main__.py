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
    bare = api.figures_bare(quick)
    figures += [
        Figure(
            "bare eventsourcing appends (one event per transaction)",
            bare,
            "appends/s",
            baselines.psycopg_inserts(500 if quick else 2000),
            "inserts/s raw psycopg, same shape",
        )
    ]
    figures += trail.append_figures(500 if quick else 2000)
    log_size = int(os.environ.get("ASSURE_BENCH_LOG_EVENTS", "50000" if quick else "1000000"))
    figures += baselines.full_rebuild(log_size, also=trail.log_figures)  # one long log for both
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
