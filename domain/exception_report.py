"""Exception reports to the Executive Group: stalled actions, with the history that explains them (R-21, R-22)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate
from domain.errors import InvalidValue
from domain.values import CASE_CONTENT, REFERENCE


class ExceptionReport(AssureAggregate):
    """Issued by the stalled-action scan; each stall appears in one report only."""

    class ExceptionReportIssued(AssureAggregate.Created):
        period_end: date
        stalled_actions: list[dict[str, Any]]
        risk_reports: list[dict[str, Any]]

    def __init__(
        self, *, actor: str, period_end: date, stalled_actions: list[dict[str, Any]], risk_reports: list[dict[str, Any]]
    ) -> None:
        self.period_end = period_end
        self.stalled_actions = stalled_actions
        self.risk_reports = risk_reports

    @classmethod
    def issue(
        cls,
        report_id: UUID,
        stalled_actions: list[dict[str, Any]],
        risk_reports: list[dict[str, Any]],
        actor: str,
        at: datetime,
    ) -> ExceptionReport:
        """Issue a report; it must name at least one stalled action."""
        if not stalled_actions:
            raise InvalidValue("an exception report names at least one stalled action")
        return cls._create(
            cls.ExceptionReportIssued,
            id=report_id,
            actor=actor,
            timestamp=at,
            period_end=at.date(),
            stalled_actions=stalled_actions,
            risk_reports=risk_reports,
        )


# What each field is: the report names owners and quotes blockers and progress notes.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "ExceptionReportIssued": {"period_end": REFERENCE, "stalled_actions": CASE_CONTENT, "risk_reports": CASE_CONTENT},
}
