"""Single-agency audit findings that represent risk, reported by exception (R-22, guidance 4.1.1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_text
from domain.errors import AlreadyRecorded, InvalidValue, NotReady
from domain.limits import LINE, TEXT, check_date
from domain.values import CASE_CONTENT, REFERENCE


class RiskReport(AssureAggregate):
    """Raised by an agency's lead with the business manager, who schedules it to the Executive Group."""

    class SingleAgencyRiskReported(AssureAggregate.Created):
        """Version 2 adds the single-agency audit the finding came from, where it is recorded here."""

        class_version = 2
        agency_id: UUID
        audit_title: str
        finding: str
        audit_id: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["audit_id"] = None

    class RiskReportScheduled(AssureAggregate.Event):
        meeting_date: date

        def apply(self, aggregate: Any) -> None:
            aggregate.meeting_date = self.meeting_date

    class RiskReportSentToExecutive(AssureAggregate.Event):
        summary_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.summary_id = self.summary_id

    def __init__(self, *, actor: str, agency_id: UUID, audit_title: str, finding: str, audit_id: UUID | None) -> None:
        self.agency_id, self.audit_title, self.finding, self.audit_id = agency_id, audit_title, finding, audit_id
        self.meeting_date: date | None = None
        self.summary_id: UUID | None = None

    @property
    def status(self) -> str:
        """Awaiting scheduling, scheduled to an Executive meeting, or sent in a routine summary (R-22, R-28)."""
        if self.summary_id is not None:
            return "sent_to_executive"
        return "awaiting_scheduling" if self.meeting_date is None else "scheduled"

    @classmethod
    def report(
        cls, report_id: UUID, agency_id: UUID, audit_title: str, finding: str, actor: str, at: datetime,
        audit_id: UUID | None = None,
    ) -> RiskReport:  # fmt: skip
        """Report a single-agency finding that represents risk to children."""
        return cls._create(
            cls.SingleAgencyRiskReported, id=report_id, actor=actor, timestamp=at, agency_id=agency_id,
            audit_title=require_text(audit_title, "the single-agency audit", LINE),
            finding=require_text(finding, "the finding that represents risk", TEXT), audit_id=audit_id,
        )  # fmt: skip

    def send_to_executive(self, summary_id: UUID, actor: str, at: datetime) -> None:
        """A routine summary carried the scheduled report to the Executive Group (R-22)."""
        if self.meeting_date is None:
            raise NotReady("the business manager schedules a risk report before it goes to the Executive Group")
        if self.summary_id is not None:
            raise AlreadyRecorded("the risk report already went to the Executive Group in a routine summary")
        self._record(self.RiskReportSentToExecutive, actor, at, summary_id=summary_id)

    def schedule(self, meeting_date: date, actor: str, at: datetime) -> None:
        """Schedule the report to an Executive Group meeting."""
        check_date(meeting_date, "the meeting date")
        if self.meeting_date is not None:
            raise AlreadyRecorded(f"already scheduled to the Executive Group on {self.meeting_date.isoformat()}")
        if meeting_date < at.date():
            raise InvalidValue("the Executive Group meeting must not be in the past")
        self._record(self.RiskReportScheduled, actor, at, meeting_date=meeting_date)


# What each field of each risk report event is.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "SingleAgencyRiskReported": {
        "audit_id": REFERENCE,
        "agency_id": REFERENCE,
        "audit_title": REFERENCE,
        "finding": CASE_CONTENT,
    },
    "RiskReportScheduled": {"meeting_date": REFERENCE},
    "RiskReportSentToExecutive": {"summary_id": REFERENCE},
}
