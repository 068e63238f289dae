"""The scheduler: APScheduler enqueues the periodic scans; the workers do them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apscheduler.schedulers.base import BaseScheduler

from application.settings import Settings

# issue_routine_summary runs with the scans: it issues a period's summary once, the first time it runs after the
# period ends (monthly or quarterly, ASSURE_ROUTINE_SUMMARY_FREQUENCY), so a missed run is caught up
SCANS = ("scan_stalled_actions", "escalate_concerns", "chase_returns", "issue_routine_summary")


def add_jobs(scheduler: BaseScheduler, settings: Settings, send: Callable[[str, tuple[Any, ...]], None]) -> None:
    """Every scan at the configured interval (the scans are idempotent, so overlap is harmless)."""
    for name in SCANS:
        scheduler.add_job(
            send,
            "interval",
            args=(name, ()),
            minutes=settings.scan_interval_minutes,
            id=name,
            max_instances=1,
            coalesce=True,
            replace_existing=True,
        )
    trail_jobs = {"checkpoint_if_due": min(1.0, settings.checkpoint_every_minutes),
                  "verify_trail": settings.verify_interval_minutes}  # fmt: skip
    for name, minutes in trail_jobs.items():  # the job itself decides whether a checkpoint is due
        scheduler.add_job(send, "interval", args=(name, ()), minutes=minutes, id=name, max_instances=1,
                          coalesce=True, replace_existing=True)  # fmt: skip
