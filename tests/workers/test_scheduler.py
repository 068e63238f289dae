"""The scheduler enqueues the routine summary with the scans (R-28)."""

from __future__ import annotations

from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from application.settings import Settings
from workers.scheduler import add_jobs


def test_the_scheduler_runs_the_routine_summary_with_the_scans_r28() -> None:
    scheduler, sent = BackgroundScheduler(), []

    def send(name: str, args: tuple[Any, ...]) -> None:
        sent.append(name)

    add_jobs(scheduler, Settings(scan_interval_minutes=5), send)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert "issue_routine_summary" in jobs
    jobs["issue_routine_summary"].func(*jobs["issue_routine_summary"].args)
    assert sent == ["issue_routine_summary"]
