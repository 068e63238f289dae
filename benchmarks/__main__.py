"""Run every benchmark and print one table (``make bench``)."""

from __future__ import annotations

import sys

from benchmarks import api, projections, report, webhooks
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
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
