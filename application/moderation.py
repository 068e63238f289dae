"""Stage three: moderating the evidence and agreeing findings (R-13 to R-15)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import AssureBase, Receipt
from application.principal import CHAIR_OR_QA, Principal
from domain.values import ReturnStatus


class ModerationCommands(AssureBase):
    """The chair coordinates moderation and records what the meeting agreed."""

    def review_initial_findings(
        self, by: Principal, audit_id: UUID, questions: list[str] | None = None, gaps: list[str] | None = None,
        inconsistencies: list[str] | None = None, themes: list[str] | None = None,
    ) -> Receipt:  # fmt: skip
        """Record the review of submitted returns: questions, gaps, inconsistencies, themes (R-13)."""
        self._allow(by, "reviewing initial findings", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.review_initial_findings(questions or [], gaps or [], inconsistencies or [], themes or [], by.actor,
                                      self._now())  # fmt: skip
        return self._commit(audit)

    def hold_moderation_meeting(
        self, by: Principal, audit_id: UUID, meeting_date: date, attendees: list[str]
    ) -> Receipt:
        """Record the moderation meeting with its attendees (R-14)."""
        self._allow(by, "recording the moderation meeting", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        meeting_id = audit.hold_moderation_meeting(meeting_date, attendees, by.actor, self._now())
        return self._commit(audit, ref=meeting_id)

    def revise_rating(
        self, by: Principal, audit_id: UUID, case_ref: str, agency_code: str, question_id: str, to_rating: str,
        reason: str,
    ) -> Receipt:  # fmt: skip
        """Revise a rating at the moderation meeting, with a reason; the original is kept (R-14)."""
        self._allow(by, "revising a rating at moderation", *CHAIR_OR_QA)
        meeting_id = self._audit(audit_id).require_moderation_meeting()
        the_return = self._return(audit_id, case_ref, self.agency(agency_code).id)
        the_return.revise_rating(question_id, to_rating, reason, meeting_id, by.actor, self._now())
        return self._commit(the_return)

    def agree_finding(
        self, by: Principal, audit_id: UUID, finding_kind: str, text: str, agency_code: str | None = None
    ) -> Receipt:
        """Record a finding agreed at moderation (R-15)."""
        self._allow(by, "recording agreed findings", *CHAIR_OR_QA)
        agency_id = self.agency(agency_code).id if agency_code else None
        audit = self._audit(audit_id)
        finding_id = audit.agree_finding(finding_kind, text, agency_id, by.actor, self._now())
        return self._commit(audit, ref=finding_id)

    def record_practice_context(self, by: Principal, audit_id: UUID, text: str, factors: list[str]) -> Receipt:
        """Record the context in which practice took place (R-15)."""
        self._allow(by, "recording the context of practice", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.record_practice_context(text, factors, by.actor, self._now())
        return self._commit(audit)

    def record_family_consultation(self, by: Principal, audit_id: UUID, text: str) -> Receipt:
        """Record consultation with children, young people and families (R-15)."""
        self._allow(by, "recording family consultation", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.record_family_consultation(text, by.actor, self._now())
        return self._commit(audit)

    def record_process_learning(self, by: Principal, audit_id: UUID, text: str) -> Receipt:
        """Record learning about the audit process itself (R-15)."""
        self._allow(by, "recording process learning", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.record_process_learning(text, by.actor, self._now())
        return self._commit(audit)

    def complete_moderation(self, by: Principal, audit_id: UUID) -> Receipt:
        """Close moderation and move to reporting."""
        self._allow(by, "completing moderation", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        reopened = []
        for key, status in self.return_statuses(audit).items():
            if status == ReturnStatus.REOPENED:
                unit, agency = key.split("|")
                reopened.append(f"{unit} ({self.agency_by_id(UUID(agency)).code})")
        audit.complete_moderation(reopened, by.actor, self._now())
        return self._commit(audit)
