"""What the demo runs behind the scenes: the scheduler's scans, on the demo's clock, with or without email."""

from __future__ import annotations

from collections.abc import Callable

from application.app import AssureApplication
from projections.runner import ProjectionRunner
from workers import jobs
from workers.runtime import WORKER, Runtime


class InProcess:
    """The application's own scans once the views have caught up; a relay elsewhere emails what they issue."""

    def __init__(self, app: AssureApplication, catch_up: Callable[[], object]) -> None:
        self.app, self.catch_up = app, catch_up

    def exception_report(self) -> str | None:
        self.catch_up()
        receipt = self.app.issue_exception_report(WORKER)
        return str(receipt.id) if receipt else None

    def routine_summary(self) -> str | None:
        self.catch_up()
        receipt = self.app.issue_routine_summary(WORKER)
        return str(receipt.id) if receipt else None


class Mailing:
    """The worker's own jobs: issue, then email to the Executive Group and the ARG (the outbox without SMTP)."""

    def __init__(self, rt: Runtime, runner: ProjectionRunner) -> None:
        self.rt, self.runner = rt, runner

    def exception_report(self) -> str | None:
        self.runner.catch_up()
        report_id = jobs.scan_stalled_actions(self.rt)
        if report_id is not None:
            jobs.send_exception_report(self.rt, report_id)
        return report_id

    def routine_summary(self) -> str | None:
        self.runner.catch_up()
        summary_id = jobs.issue_routine_summary(self.rt)
        if summary_id is not None:
            jobs.send_routine_summary(self.rt, summary_id)
        return summary_id
