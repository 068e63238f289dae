"""An urgent safeguarding concern found during an audit (R-11, guidance 6.3.6)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_text
from domain.errors import AlreadyRecorded
from domain.limits import REF, TEXT
from domain.values import CASE_CONTENT, REFERENCE


class Concern(AssureAggregate):
    """Raised by an auditor; the named manager is told at once and again until they acknowledge."""

    class ConcernRaised(AssureAggregate.Created):
        audit_id: UUID
        unit_ref: str
        agency_id: UUID
        manager_id: UUID
        summary: str

    class ConcernEscalated(AssureAggregate.Event):
        escalation_number: int

        def apply(self, aggregate: Any) -> None:
            aggregate.escalations = self.escalation_number

    class ConcernAcknowledged(AssureAggregate.Event):
        response: str

        def apply(self, aggregate: Any) -> None:
            aggregate.acknowledged = True

    def __init__(
        self, *, actor: str, audit_id: UUID, unit_ref: str, agency_id: UUID, manager_id: UUID, summary: str
    ) -> None:
        self.audit_id, self.unit_ref, self.agency_id = audit_id, unit_ref, agency_id
        self.manager_id, self.summary = manager_id, summary
        self.escalations = 0
        self.acknowledged = False

    @classmethod
    def raise_concern(
        cls, concern_id: UUID, audit_id: UUID, unit_ref: str, agency_id: UUID, manager_id: UUID, summary: str,
        actor: str, at: datetime,
    ) -> Concern:  # fmt: skip
        """Raise an urgent concern about a case."""
        return cls._create(
            cls.ConcernRaised, id=concern_id, actor=actor, timestamp=at, audit_id=audit_id,
            unit_ref=require_text(unit_ref, "case reference", REF).upper(), agency_id=agency_id,
            manager_id=manager_id, summary=require_text(summary, "what the concern is", TEXT),
        )  # fmt: skip

    def escalate(self, actor: str, at: datetime) -> int:
        """Tell the manager again; refused once acknowledged."""
        if self.acknowledged:
            raise AlreadyRecorded("the concern is acknowledged; it is no longer escalated")
        self._record(self.ConcernEscalated, actor, at, escalation_number=self.escalations + 1)
        return self.escalations

    def acknowledge(self, response: str, actor: str, at: datetime) -> None:
        """The manager acknowledges the concern and says what they are doing about it."""
        if self.acknowledged:
            raise AlreadyRecorded("the concern is already acknowledged")
        response = require_text(response, "the manager's response", TEXT)
        self._record(self.ConcernAcknowledged, actor, at, response=response)


# What each field of each concern event is.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "ConcernRaised": {"audit_id": REFERENCE, "unit_ref": REFERENCE, "agency_id": REFERENCE, "manager_id": REFERENCE,
                      "summary": CASE_CONTENT},
    "ConcernEscalated": {"escalation_number": REFERENCE},
    "ConcernAcknowledged": {"response": CASE_CONTENT},
}  # fmt: skip
