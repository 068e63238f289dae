"""Reads of case-level data by people, kept on the trail (R-26)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_text, stable_id
from domain.limits import LINE
from domain.values import PERSONAL, REFERENCE


class AccessLog(AssureAggregate):
    """One log per person per day, so people reading at the same time do not contend."""

    class AccessLogOpened(AssureAggregate.Created):
        person_id: UUID
        day: date

    class CaseDataRead(AssureAggregate.Event):
        what: str
        audit_id: UUID
        case_ref: str | None
        agency_id: UUID | None

        def apply(self, aggregate: Any) -> None:
            aggregate.reads += 1

    def __init__(self, *, actor: str, person_id: UUID, day: date) -> None:
        self.person_id, self.day = person_id, day
        self.reads = 0

    @staticmethod
    def id_for(person_id: UUID, day: date) -> UUID:
        """A person's log for a day."""
        return stable_id("access-log", person_id, day.isoformat())

    @classmethod
    def open(cls, person_id: UUID, actor: str, at: datetime) -> AccessLog:
        """Start a person's log for the day of ``at``."""
        return cls._create(cls.AccessLogOpened, id=cls.id_for(person_id, at.date()), actor=actor, timestamp=at,
                           person_id=person_id, day=at.date())  # fmt: skip

    def record_read(
        self, what: str, audit_id: UUID, case_ref: str | None, agency_id: UUID | None, actor: str, at: datetime
    ) -> None:
        """Record that the person read case-level data."""
        self._record(self.CaseDataRead, actor, at, what=require_text(what, "what was read", LINE), audit_id=audit_id,
                     case_ref=case_ref, agency_id=agency_id)  # fmt: skip


# What each field is: who read which case, and when, is personal data about the reader.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "AccessLogOpened": {"person_id": PERSONAL, "day": REFERENCE},
    "CaseDataRead": {"what": PERSONAL, "audit_id": PERSONAL, "case_ref": PERSONAL, "agency_id": PERSONAL},
}
