"""Stage one: terms of reference, the audit tool, the audit team and the sample (R-4 to R-9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.base import AssureBase, Receipt
from application.principal import CHAIR_OR_QA, Principal
from domain.audit import Audit
from domain.audit_return import Return
from domain.errors import AgencyNotInvited, InvalidValue
from domain.values import Role


class PlanningCommands(AssureBase):
    """The chair and QA officer plan; the Audit Group endorses; agencies nominate auditors."""

    def draft_terms_of_reference(self, by: Principal, audit_id: UUID, terms: dict[str, Any]) -> Receipt:
        """Draft or revise the terms of reference (R-4)."""
        self._allow(by, "drafting terms of reference", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.draft_terms(terms, by.actor, self._now())
        return self._commit(audit)

    def confirm_duty_to_communicate(self, by: Principal, audit_id: UUID, text: str) -> Receipt:
        """Confirm, in the chair's words, how case-holding teams are told about the audit (R-4, 3.5.2)."""
        self._allow(by, "confirming the duty to communicate", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.confirm_duty_to_communicate(text, by.actor, self._now())
        return self._commit(audit)

    def endorse_terms_of_reference(
        self, by: Principal, audit_id: UUID, meeting_date: date, planning_reviewed: bool, timescales_agreed: bool
    ) -> Receipt:
        """Record the Audit Group's endorsement; only the chair records it (R-5)."""
        self._allow(by, "endorsing terms of reference", Role.AUDIT_CHAIR)
        audit = self._audit(audit_id)
        audit.endorse_terms(meeting_date, planning_reviewed, timescales_agreed, by.actor, self._now())
        return self._commit(audit)

    def adopt_audit_tool(
        self, by: Principal, audit_id: UUID, questions: list[dict[str, Any]] | None = None,
        template: str | None = None,
    ) -> Receipt:  # fmt: skip
        """Adopt the audit tool: the questions given, or a copy of a template's (R-6)."""
        self._allow(by, "adopting the audit tool", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        source = None
        if questions is None:
            if not template:
                raise InvalidValue("give the questions or the name of a template to copy")
            found = self._template(template)
            questions, source = found.questions, f"{found.name} v{found.template_version}"
        audit.adopt_tool(questions, source, by.actor, self._now())
        return self._commit(audit)

    def agree_rating_guidance(self, by: Principal, audit_id: UUID, meeting_date: date) -> Receipt:
        """Record that the Audit Group agreed what 'good' looks like for every question (R-5)."""
        self._allow(by, "recording agreed rating guidance", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.agree_rating_guidance(meeting_date, by.actor, self._now())
        return self._commit(audit)

    def nominate_auditor(
        self, by: Principal, audit_id: UUID, person_id: UUID, new_to_auditing: bool = False
    ) -> Receipt:
        """An agency (its lead) or the chair nominates an auditor of that agency (R-7)."""
        person = self.person(person_id)
        if Role.AUDITOR not in person.roles or person.agency_id is None:
            raise InvalidValue(f"{person.name} does not hold the auditor role of an agency")
        own_lead = by.has(Role.AGENCY_LEAD) and by.agency_id == person.agency_id
        self._allow(by, "nominating an auditor", *CHAIR_OR_QA, unless=own_lead)
        audit, now = self._audit(audit_id), self._now()
        if not by.has(*CHAIR_OR_QA) and not audit.takes_part(by.agency_id):  # says nothing of the audit's stage
            raise AgencyNotInvited("your agency is not invited to this audit: the audit chair or QA officer invites"
                                   " an agency before its auditors are nominated")  # fmt: skip
        self._invite_with_nomination(by, audit, person.agency_id, now)
        audit.nominate_auditor(person.id, person.agency_id, new_to_auditing, by.actor, now)
        return self._commit(audit)

    def invite_agency(self, by: Principal, audit_id: UUID, agency_code: str) -> Receipt:
        """The chair or QA officer invites an agency to take part in the audit (R-26)."""
        self._allow(by, "inviting an agency to an audit", *CHAIR_OR_QA)
        agency, audit = self.agency(agency_code), self._audit(audit_id)
        audit.invite_agency(agency.id, by.actor, self._now())
        return self._commit(audit, ref=agency.code)

    def withdraw_invitation(self, by: Principal, audit_id: UUID, agency_code: str, reason: str) -> Receipt:
        """The chair or QA officer withdraws an agency's invitation, before fieldwork and any nomination (R-26)."""
        self._allow(by, "withdrawing an agency's invitation", *CHAIR_OR_QA)
        agency, audit = self.agency(agency_code), self._audit(audit_id)
        audit.withdraw_invitation(agency.id, reason, by.actor, self._now())
        return self._commit(audit, ref=agency.code)

    def confirm_tool_briefing(self, by: Principal, audit_id: UUID, person_id: UUID) -> Receipt:
        """An auditor (or the chair for them) confirms they understand the tool (R-5)."""
        self._allow(by, "confirming another auditor's briefing", *CHAIR_OR_QA, unless=by.is_person(person_id))
        audit = self._audit(audit_id)
        audit.confirm_briefing(person_id, by.actor, self._now())
        return self._commit(audit)

    def sample_case(self, by: Principal, audit_id: UUID, case_ref: str, sample_group: str, reason: str) -> Receipt:
        """Sample a case by pseudonymous reference (R-8)."""
        self._allow(by, "sampling a case", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        ref = audit.sample_case(case_ref, sample_group, reason, by.actor, self._now(), self.case_ref_pattern)
        return self._commit(audit, ref=ref)

    def extend_sample(self, by: Principal, audit_id: UUID, new_limit: int, reason: str) -> Receipt:
        """Allow more than ten cases, with a reason (R-8)."""
        self._allow(by, "extending the sample", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.extend_sample(new_limit, reason, by.actor, self._now())
        return self._commit(audit)

    def declare_case_link(self, by: Principal, audit_id: UUID, person_id: UUID, case_ref: str, nature: str) -> Receipt:
        """An auditor declares they practised on or managed a case (R-9); if they were assigned to it, the
        assignment is withdrawn and their return set aside, for the chair to reassign the case."""
        self._allow(by, "declaring another auditor's case link", *CHAIR_OR_QA, unless=by.is_person(person_id))
        audit, now = self._audit(audit_id), self._now()
        audit.declare_case_link(person_id, case_ref, nature, by.actor, now)
        ref = case_ref.strip().upper()
        if audit.assignee(ref, person_id) is None:
            return self._commit(audit)
        round_ = audit.return_round(ref, UUID(audit.auditors[str(person_id)]["agency_id"]))
        reason = f"the auditor declared a link to {ref}: {nature.strip()}"
        agency_id = audit.withdraw_assignment(ref, person_id, reason, by.actor, now)
        return_id = Return.id_for(audit_id, ref, agency_id, round_)
        if not self._exists(return_id):
            return self._commit(audit)
        the_return = self._load(Return, return_id, "return")
        the_return.set_aside(reason, by.actor, now)
        return self._commit(audit, the_return)

    def reassign_case(self, by: Principal, audit_id: UUID, case_ref: str, person_id: UUID) -> Receipt:
        """Give a case withdrawn from a conflicted auditor to another auditor of the same agency (R-9)."""
        self._allow(by, "reassigning cases", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.reassign_case(case_ref, person_id, by.actor, self._now())
        return self._commit(audit, ref=case_ref.strip().upper())

    def assign_case(self, by: Principal, audit_id: UUID, case_ref: str, person_id: UUID) -> Receipt:
        """Assign an auditor to audit a case for their agency (R-9)."""
        self._allow(by, "assigning cases", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.assign_case(case_ref, person_id, by.actor, self._now())
        return self._commit(audit, ref=case_ref.strip().upper())

    def assign_organisation_return(self, by: Principal, audit_id: UUID, person_id: UUID) -> Receipt:
        """In a self-assessment audit (Section 11, schools), the auditor completes their organisation's return."""
        self._allow(by, "assigning returns", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        if not audit.kind.is_self_assessment:
            raise InvalidValue("only self-assessment audits have organisation returns; assign cases instead")
        person = self.person(person_id)
        if person.agency_id is None:
            raise InvalidValue(f"{person.name} belongs to no agency")
        code = self.agency_by_id(person.agency_id).code
        audit.assign_case(code, person_id, by.actor, self._now())
        return self._commit(audit, ref=code)

    def open_fieldwork(self, by: Principal, audit_id: UUID) -> Receipt:
        """Open fieldwork once planning is complete (R-5)."""
        self._allow(by, "opening fieldwork", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        names = {pid: self.person(UUID(pid)).name for pid in audit.auditors}
        audit.open_fieldwork(by.actor, self._now(), names)
        return self._commit(audit)

    @staticmethod
    def _invite_with_nomination(by: Principal, audit: Audit, agency_id: UUID, now: datetime) -> None:
        """The chair's or QA officer's nomination of an auditor whose agency is not yet invited invites it first,
        in the same transaction (``AgencyInvited`` before ``AuditorNominated``); an agency lead's does not (R-26)."""
        if by.has(*CHAIR_OR_QA) and audit.owner_agency_id is None and not audit.takes_part(agency_id):
            audit.invite_agency(agency_id, by.actor, now)
