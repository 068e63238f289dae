"""The scans the demo runs behind the scenes, on its own clock, when nothing else sends what they issue."""

from __future__ import annotations

from collections.abc import Callable

from application.app import AssureApplication
from application.principal import Principal
from domain.values import Role

SCHEDULER = Principal.for_system("scheduler", Role.GOVERNANCE, Role.BUSINESS_MANAGER)


class InProcess:
    """The application's own scans once the views have caught up; a relay elsewhere emails what they issue."""

    def __init__(self, app: AssureApplication, catch_up: Callable[[], object]) -> None:
        self.app, self.catch_up = app, catch_up

    def exception_report(self) -> str | None:
        self.catch_up()
        receipt = self.app.issue_exception_report(SCHEDULER)
        return str(receipt.id) if receipt else None

    def routine_summary(self) -> str | None:
        self.catch_up()
        receipt = self.app.issue_routine_summary(SCHEDULER)
        return str(receipt.id) if receipt else None
