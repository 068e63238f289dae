"""Single-agency audit findings that represent risk, reported by exception (R-22, guidance 4.1.1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_text
from domain.errors import AlreadyRecorded, InvalidValue
from domain.values import CASE_CONTENT, REFERENCE


class RiskReport(AssureAggregate):
    """Raised by an agency's lead with the business manager, who schedules it to the Executive Group."""

    class SingleAgencyRiskReported(AssureAggregate.Created):
        agency_id: UUID
        audit_title: str
        finding: str

    class RiskReportScheduled(AssureAggregate.Event):
        meeting_date: date

        def apply(self, aggregate: Any) -> None:
            aggregate.meeting_date = self.meeting_date

    def __init__(self, *, actor: str, agency_id: UUID, audit_title: str, finding: str) -> None:
        self.agency_id, self.audit_title, self.finding = agency_id, audit_title, finding
        self.meeting_date: date | None = None

    @classmethod
    def report(
        cls, report_id: UUID, agency_id: UUID, audit_title: str, finding: str, actor: str, at: datetime
    ) -> RiskReport:
        """Report a single-agency finding that represents risk to children."""
        return cls._create(
            cls.SingleAgencyRiskReported, id=report_id, actor=actor, timestamp=at, agency_id=agency_id,
            audit_title=require_text(audit_title, "the single-agency audit"),
            finding=require_text(finding, "the finding that represents risk"),
        )  # fmt: skip

    def schedule(self, meeting_date: date, actor: str, at: datetime) -> None:
        """Schedule the report to an Executive Group meeting."""
        if self.meeting_date is not None:
            raise AlreadyRecorded(f"already scheduled to the Executive Group on {self.meeting_date.isoformat()}")
        if meeting_date < at.date():
            raise InvalidValue("the Executive Group meeting must not be in the past")
        self._record(self.RiskReportScheduled, actor, at, meeting_date=meeting_date)


# What each field of each risk report event is.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "SingleAgencyRiskReported": {"agency_id": REFERENCE, "audit_title": REFERENCE, "finding": CASE_CONTENT},
    "RiskReportScheduled": {"meeting_date": REFERENCE},
}
