"""A SMART action answering a recommendation (R-18, R-20, R-21)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_reason, require_text
from domain.errors import AlreadyRecorded, InvalidValue, NotReady
from domain.limits import TEXT, check_date
from domain.values import ASSESSMENT, CASE_CONTENT, REFERENCE, ActionStatus


class Action(AssureAggregate):
    """Specific, measurable, owned, relevant to a recommendation, and due by a date."""

    class ActionAgreed(AssureAggregate.Created):
        audit_id: UUID
        recommendation_id: str
        specific: str
        measure: str
        owner_agency_id: UUID
        owner_person_id: UUID
        due_date: date

    class ActionProgressReported(AssureAggregate.Event):
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.last_progress_at = self.timestamp

    class ActionBlocked(AssureAggregate.Event):
        blocker: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ActionStatus.BLOCKED
            aggregate.blocked_since = self.timestamp

    class ActionUnblocked(AssureAggregate.Event):
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ActionStatus.OPEN
            aggregate.blocked_since = None
            aggregate.last_progress_at = self.timestamp

    class ActionDueDateRevised(AssureAggregate.Event):
        from_date: date
        to_date: date
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.due_date = self.to_date
            aggregate.due_date_moves += 1

    class ActionDueDateMoveAgreed(AssureAggregate.Event):
        from_date: date
        to_date: date
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.due_date = self.to_date
            aggregate.due_date_moves += 1

    class ActionCompleted(AssureAggregate.Event):
        evidence: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ActionStatus.COMPLETED

    class ActionReportedByException(AssureAggregate.Event):
        report_id: UUID
        stall: str

        def apply(self, aggregate: Any) -> None:
            aggregate.reported_stalls.add(self.stall)
            aggregate.first_reported_at.setdefault(self.stall, self.timestamp)

    def __init__(
        self, *, actor: str, audit_id: UUID, recommendation_id: str, specific: str, measure: str,
        owner_agency_id: UUID, owner_person_id: UUID, due_date: date,
    ) -> None:  # fmt: skip
        self.audit_id, self.recommendation_id = audit_id, recommendation_id
        self.specific, self.measure = specific, measure
        self.owner_agency_id, self.owner_person_id = owner_agency_id, owner_person_id
        self.due_date = due_date
        self.status = ActionStatus.OPEN
        self.blocked_since: datetime | None = None
        self.last_progress_at: datetime | None = None
        self.reported_stalls: set[str] = set()
        self.first_reported_at: dict[str, datetime] = {}
        self.due_date_moves = 0

    @classmethod
    def agree(
        cls, action_id: UUID, audit_id: UUID, recommendation_id: str, specific: str, measure: str,
        owner_agency_id: UUID, owner_person_id: UUID, due_date: date, actor: str, at: datetime,
    ) -> Action:  # fmt: skip
        """Agree a SMART action; the due date must lie ahead of the agreement."""
        if check_date(due_date, "the due date") <= at.date():
            raise InvalidValue(f"the due date {due_date.isoformat()} must be after today ({at.date().isoformat()})")
        return cls._create(
            cls.ActionAgreed, id=action_id, actor=actor, timestamp=at, audit_id=audit_id,
            recommendation_id=recommendation_id, specific=require_text(specific, "what the action is (specific)", TEXT),
            measure=require_text(measure, "how it will be measured", TEXT), owner_agency_id=owner_agency_id,
            owner_person_id=owner_person_id, due_date=due_date,
        )  # fmt: skip

    def report_progress(self, note: str, actor: str, at: datetime) -> None:
        """The owner records progress."""
        self._require_live()
        self._record(self.ActionProgressReported, actor, at, note=require_text(note, "progress note", TEXT))

    def block(self, blocker: str, actor: str, at: datetime) -> None:
        """The owner records a blocker or barrier to implementation (6.5.4)."""
        self._require_live()
        if self.status == ActionStatus.BLOCKED:
            raise AlreadyRecorded("the action is already blocked")
        self._record(self.ActionBlocked, actor, at, blocker=require_text(blocker, "what blocks the action", TEXT))

    def unblock(self, note: str, actor: str, at: datetime) -> None:
        """The blocker is cleared."""
        if self.status != ActionStatus.BLOCKED:
            raise NotReady("the action is not blocked")
        self._record(self.ActionUnblocked, actor, at, note=require_text(note, "how the blocker was cleared", TEXT))

    def revise_due_date(self, to_date: date, reason: str, actor: str, at: datetime) -> None:
        """The owner moves the due date once, with a reason, before it falls due (R-20, R-20a)."""
        self._check_move(to_date, at)
        if self.due_date <= at.date():
            raise NotReady(f"the action fell due on {self.due_date.isoformat()}: an ARG member must agree a new date")
        if self.due_date_moves:
            raise NotReady("the due date has moved before: an ARG member must agree a second move")
        reason = require_reason(reason, "move an action's due date")
        self._record(self.ActionDueDateRevised, actor, at, from_date=self.due_date, to_date=to_date, reason=reason)

    def agree_due_date_move(self, to_date: date, reason: str, actor: str, at: datetime) -> None:
        """An ARG member agrees a new due date, after the old one or for a second move (R-20a)."""
        self._check_move(to_date, at)
        reason = require_reason(reason, "agree a new due date")
        self._record(self.ActionDueDateMoveAgreed, actor, at, from_date=self.due_date, to_date=to_date,
                     reason=reason)  # fmt: skip

    def _check_move(self, to_date: date, at: datetime) -> None:
        self._require_live()
        if check_date(to_date, "the new due date") == self.due_date:
            raise InvalidValue(f"the action is already due on {to_date.isoformat()}")
        if to_date <= at.date():
            raise InvalidValue(f"the new due date {to_date.isoformat()} must be after today ({at.date().isoformat()})")

    def complete(self, evidence: str, actor: str, at: datetime) -> None:
        """Complete the action with evidence (R-20)."""
        self._require_live()
        if self.status == ActionStatus.BLOCKED:
            raise NotReady("a blocked action must be unblocked before it is completed")
        self._record(self.ActionCompleted, actor, at, evidence=require_text(evidence, "evidence of completion", TEXT))

    def report_by_exception(self, report_id: UUID, stall: str, actor: str, at: datetime) -> None:
        """Record that an exception report named this stall, so it is reported once (R-21)."""
        if stall in self.reported_stalls:
            raise AlreadyRecorded(f"the stall {stall} is already reported")
        self._record(self.ActionReportedByException, actor, at, report_id=report_id, stall=stall)

    def _require_live(self) -> None:
        if self.status == ActionStatus.COMPLETED:
            raise AlreadyRecorded("the action is completed")


# What each field of each action event is.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "ActionAgreed": {"audit_id": REFERENCE, "recommendation_id": REFERENCE, "specific": CASE_CONTENT,
                     "measure": CASE_CONTENT, "owner_agency_id": REFERENCE, "owner_person_id": REFERENCE,
                     "due_date": REFERENCE},
    "ActionProgressReported": {"note": CASE_CONTENT},
    "ActionBlocked": {"blocker": CASE_CONTENT},
    "ActionUnblocked": {"note": CASE_CONTENT},
    "ActionDueDateRevised": {"from_date": REFERENCE, "to_date": REFERENCE, "reason": CASE_CONTENT},
    "ActionDueDateMoveAgreed": {"from_date": REFERENCE, "to_date": REFERENCE, "reason": CASE_CONTENT},
    "ActionCompleted": {"evidence": CASE_CONTENT},
    "ActionReportedByException": {"report_id": REFERENCE, "stall": ASSESSMENT},
}  # fmt: skip
