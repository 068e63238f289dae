"""Stages four and five: the report, SMART actions, dissemination and closure (R-16 to R-20)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import AssureBase, Receipt
from application.errors import NotPermitted
from application.principal import CHAIR_OR_QA, Principal
from domain.action import Action
from domain.base import stable_id
from domain.errors import InvalidValue
from domain.values import Role


def action_id_for(audit_id: UUID, recommendation_id: str, number: int) -> UUID:
    """Actions are numbered per recommendation (R1.1, R1.2...), which also finds them without a read model."""
    return stable_id("action", audit_id, recommendation_id, number)


class ReportingCommands(AssureBase):
    """The chair reports to the ARG; action owners follow through; L&D disseminates."""

    def make_recommendation(self, by: Principal, audit_id: UUID, text: str) -> Receipt:
        """Make a recommendation about where change is most needed."""
        self._allow(by, "making recommendations", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        recommendation_id = audit.make_recommendation(text, by.actor, self._now())
        return self._commit(audit, ref=recommendation_id)

    def record_no_recommendations(self, by: Principal, audit_id: UUID, reason: str) -> Receipt:
        """Record why the audit makes no recommendations (R-18)."""
        self._allow(by, "recording that there are no recommendations", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.record_no_recommendations(reason, by.actor, self._now())
        return self._commit(audit)

    def draft_report(self, by: Principal, audit_id: UUID, summary: str) -> Receipt:
        """Record a draft of the summary report."""
        self._allow(by, "drafting the report", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        version = audit.draft_report(summary, by.actor, self._now())
        return self._commit(audit, ref=f"v{version}")

    def sign_off_report(self, by: Principal, audit_id: UUID, signed_off_on: date) -> Receipt:
        """Record the Audit Group's sign-off; only the chair records it (R-17)."""
        self._allow(by, "signing off the report", Role.AUDIT_CHAIR)
        audit = self._audit(audit_id)
        audit.sign_off_report(signed_off_on, by.actor, self._now())
        return self._commit(audit)

    def present_report_to_arg(self, by: Principal, audit_id: UUID, presented_on: date) -> Receipt:
        """Record the report's presentation to the ARG (R-17)."""
        self._allow(by, "recording the report's presentation", *CHAIR_OR_QA, Role.ARG_MEMBER)
        audit = self._audit(audit_id)
        audit.present_to_arg(presented_on, by.actor, self._now())
        return self._commit(audit)

    def propose_follow_up_audit(self, by: Principal, audit_id: UUID, follow_up_kind: str, text: str) -> Receipt:
        """Propose a follow-up audit: a wider sample or a deeper dive (R-18)."""
        self._allow(by, "proposing a follow-up audit", *CHAIR_OR_QA, Role.ARG_MEMBER)
        audit = self._audit(audit_id)
        audit.propose_follow_up(follow_up_kind, text, by.actor, self._now())
        return self._commit(audit)

    # SMART actions
    def agree_action(
        self, by: Principal, audit_id: UUID, recommendation_id: str, specific: str, measure: str,
        owner_id: UUID, due_date: date,
    ) -> Receipt:  # fmt: skip
        """Agree a SMART action answering a recommendation, owned by a person of an agency."""
        self._allow(by, "agreeing actions", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.require_recommendation(recommendation_id)
        owner = self.person(owner_id)
        if owner.agency_id is None:
            raise InvalidValue(f"an action's owner must belong to an agency; {owner.name} does not")
        number = 1
        while self._exists(action_id_for(audit_id, recommendation_id, number)):
            number += 1
        action_id = action_id_for(audit_id, recommendation_id, number)
        action = Action.agree(action_id, audit_id, recommendation_id, specific, measure, owner.agency_id,
                              owner.id, due_date, by.actor, self._now())  # fmt: skip
        return self._commit(action, ref=f"{recommendation_id}.{number}")

    def report_action_progress(self, by: Principal, action_id: UUID, note: str) -> Receipt:
        """The owner records progress on an action."""
        action = self._owned_action(by, action_id, "reporting progress")
        action.report_progress(note, by.actor, self._now())
        return self._commit(action)

    def block_action(self, by: Principal, action_id: UUID, blocker: str) -> Receipt:
        """The owner records a blocker."""
        action = self._owned_action(by, action_id, "recording a blocker")
        action.block(blocker, by.actor, self._now())
        return self._commit(action)

    def unblock_action(self, by: Principal, action_id: UUID, note: str) -> Receipt:
        """The owner records that the blocker is cleared."""
        action = self._owned_action(by, action_id, "clearing a blocker")
        action.unblock(note, by.actor, self._now())
        return self._commit(action)

    def revise_action_due_date(self, by: Principal, action_id: UUID, to_date: date, reason: str) -> Receipt:
        """Move an action's due date once, with a reason, before it falls due (the owner or the chair) (R-20a)."""
        action = self._owned_action(by, action_id, "moving a due date", chair_too=True)
        action.revise_due_date(to_date, reason, by.actor, self._now())
        return self._commit(action)

    def agree_action_due_date(self, by: Principal, action_id: UUID, to_date: date, reason: str) -> Receipt:
        """An ARG member agrees a new due date: after the old one has passed, or for a second move (R-20a)."""
        self._allow(by, "agreeing a new due date", Role.ARG_MEMBER)
        action = self._load(Action, action_id, "action")
        action.agree_due_date_move(to_date, reason, by.actor, self._now())
        return self._commit(action)

    def complete_action(self, by: Principal, action_id: UUID, evidence: str) -> Receipt:
        """The owner completes an action with evidence."""
        action = self._owned_action(by, action_id, "completing an action")
        action.complete(evidence, by.actor, self._now())
        return self._commit(action)

    def _owned_action(self, by: Principal, action_id: UUID, doing: str, chair_too: bool = False) -> Action:
        action = self._load(Action, action_id, "action")
        owner = by.is_person(action.owner_person_id)
        own_lead = by.has(Role.AGENCY_LEAD) and by.agency_id == action.owner_agency_id
        if not (owner or own_lead or (chair_too and by.has(*CHAIR_OR_QA))):
            raise NotPermitted(f"{doing} is for the action's owner or their agency's lead")
        return action

    # Stage five: dissemination
    def record_agency_feedback(
        self, by: Principal, audit_id: UUID, agency_code: str, fed_back_on: date, text: str
    ) -> Receipt:
        """Record an agency's feedback of the findings to its own staff."""
        agency_id = self.agency(agency_code).id
        own = by.has(Role.AGENCY_LEAD, Role.AUDITOR) and by.agency_id == agency_id
        self._allow(by, "recording another agency's feedback", *CHAIR_OR_QA, unless=own)
        audit = self._audit(audit_id)
        audit.record_agency_feedback(agency_id, fed_back_on, text, by.actor, self._now())
        return self._commit(audit)

    def waive_agency_feedback(self, by: Principal, audit_id: UUID, agency_code: str, reason: str) -> Receipt:
        """Record, with a reason, that a participating agency will not feed back to its staff (R-19)."""
        self._allow(by, "waiving an agency's feedback", *CHAIR_OR_QA)
        agency_id = self.agency(agency_code).id
        audit = self._audit(audit_id)
        audit.waive_feedback(agency_id, reason, by.actor, self._now())
        return self._commit(audit)

    def record_dissemination_plan(
        self, by: Principal, audit_id: UUID, plan: str, impact_measures: list[str]
    ) -> Receipt:
        """Record the L&D group's dissemination plan with impact measures."""
        self._allow(by, "recording the dissemination plan", Role.LEARNING_DEV, *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.record_dissemination_plan(plan, impact_measures, by.actor, self._now())
        return self._commit(audit)

    def close_audit(self, by: Principal, audit_id: UUID) -> Receipt:
        """Close a presented audit: an action per recommendation (or a reason for none), the dissemination plan,
        and each participating agency's feedback recorded or waived (R-18, R-19)."""
        self._allow(by, "closing an audit", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        answered = [rid for rid in audit.recommendations if self._exists(action_id_for(audit_id, rid, 1))]
        names = {a: self.agency_by_id(UUID(a)).name for a in audit.participating_agencies()}
        audit.close(answered, names, by.actor, self._now())
        return self._commit(audit)

    def withdraw_audit(self, by: Principal, audit_id: UUID, reason: str) -> Receipt:
        """Withdraw an audit that will not go ahead (the ARG, the chair or the QA officer)."""
        self._allow(by, "withdrawing an audit", Role.ARG_MEMBER, *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.withdraw(reason, by.actor, self._now())
        return self._commit(audit)
