"""Stage two: returns, urgent concerns, and closing fieldwork (R-10 to R-12)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from application.base import AssureBase, Receipt, given
from application.errors import NotFound, NotPermitted
from application.principal import CHAIR_OR_QA, READ_ALL, Principal
from domain.audit import Audit
from domain.audit_return import Return
from domain.audit_tool import Question
from domain.concern import Concern
from domain.errors import FieldworkNotOpen, InvalidValue, NotReady
from domain.limits import REF
from domain.partnership import Agency
from domain.values import ReturnStatus, Role, Stage


class FieldworkCommands(AssureBase):
    """Auditors complete returns for their own agency; urgent concerns go to managers at once."""

    def save_return_draft(
        self, by: Principal, audit_id: UUID, case_ref: str, answers: dict[str, dict[str, Any]] | None = None,
        sections: dict[str, str] | None = None, child_voice_evident: bool | None = None,
        context_factors: list[str] | None = None,
    ) -> Receipt:  # fmt: skip
        """Save a draft of the auditor's return for a case; the first save starts it (R-10)."""
        the_return = self._writable_return(by, audit_id, case_ref)
        the_return.save_draft(answers or {}, sections or {}, child_voice_evident, context_factors, by.actor,
                              self._now())  # fmt: skip
        return self._commit(the_return)

    def submit_return(self, by: Principal, audit_id: UUID, case_ref: str, agency_code: str | None = None) -> Receipt:
        """Submit a complete return; it locks (R-10). At moderation the chair may resubmit a reopened return of an
        agency, once revised (R-14)."""
        if agency_code is not None and by.has(*CHAIR_OR_QA):
            audit = self._audit(audit_id)
            audit.require_stage_for("resubmit a reopened return for its auditor", Stage.MODERATION)
            the_return = self._return(audit_id, case_ref, self.agency(agency_code).id)
            if the_return.status != ReturnStatus.REOPENED:
                raise NotReady("the chair resubmits only a return reopened at moderation")
        else:
            the_return = self._writable_return(by, audit_id, case_ref)
        the_return.submit(by.actor, self._now())
        return self._commit(the_return)

    def reopen_return(self, by: Principal, audit_id: UUID, case_ref: str, agency_code: str, reason: str) -> Receipt:
        """The chair reopens a submitted return for correction, with a reason."""
        self._allow(by, "reopening a return", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.require_stage_for("reopen a return", Stage.FIELDWORK, Stage.MODERATION)
        the_return = self._return(audit_id, case_ref, self.agency(agency_code).id)
        the_return.reopen(reason, by.actor, self._now())
        return self._commit(the_return)

    def _writable_return(self, by: Principal, audit_id: UUID, case_ref: str) -> Return:
        if by.person_id is None or not by.has(Role.AUDITOR) or by.agency_id is None:
            raise NotPermitted("only an agency's auditor writes returns")
        audit = self._audit(audit_id)
        ref = given(case_ref, "the case reference", REF).upper()
        if not audit.is_assigned(ref, by.agency_id, by.person_id):
            raise NotFound(f"you are not assigned to audit {ref} in this audit")
        round_ = audit.return_round(ref, by.agency_id)
        return_id = Return.id_for(audit_id, ref, by.agency_id, round_)
        existing = self._load(Return, return_id, "return") if self._exists(return_id) else None
        reopened_at_moderation = (
            audit.stage == Stage.MODERATION and existing is not None and (existing.status == ReturnStatus.REOPENED)
        )
        if audit.stage != Stage.FIELDWORK and not reopened_at_moderation:
            raise FieldworkNotOpen(
                f"returns are written while fieldwork is open (or, at moderation, once reopened); the audit is in"
                f" {audit.stage.value}"
            )
        if not audit.auditors[str(by.person_id)]["briefed"]:
            raise NotReady("confirm the tool briefing before completing a return")
        if existing is not None:
            return existing
        agency = self._load(Agency, by.agency_id, "agency")
        applicable = [q for q in audit.questions if Question.from_dict(q).applies_to_kind(agency.agency_kind)]
        return Return.start(audit_id, ref, by.agency_id, by.person_id, applicable, by.actor, self._now(), round_,
                            audit.kind.return_form, self._carried_forward(audit, ref, by.agency_id))  # fmt: skip

    def _carried_forward(self, audit: Audit, unit_ref: str, agency_id: UUID) -> dict[str, dict[str, Any]]:
        """Last round's submitted answers and own actions of this organisation, where the round carries forward."""
        if audit.previous_audit_id is None:
            return {}
        previous_id = Return.id_for(audit.previous_audit_id, unit_ref, agency_id)
        if not self._exists(previous_id):
            return {}
        previous = self._load(Return, previous_id, "return")
        return previous.answers if previous.status == ReturnStatus.SUBMITTED else {}

    def return_id(
        self, audit_id: UUID, case_ref: str, agency_code: str | None = None, by: Principal | None = None
    ) -> UUID:
        """The id of a return (for If-Match on it): an agency's by code, or the auditor's own agency's."""
        agency_id = self.agency(agency_code).id if agency_code else (by.agency_id if by else None)
        if agency_id is None:
            raise NotFound("name the agency of the return")
        case_ref = given(case_ref, "the case reference", REF)
        round_ = self._audit(audit_id).return_round(case_ref, agency_id)
        return Return.id_for(UUID(str(audit_id)), case_ref, agency_id, round_)

    def close_fieldwork(self, by: Principal, audit_id: UUID, reason: str | None = None) -> Receipt:
        """Close fieldwork; returns still outstanding need a reason (R-12)."""
        self._allow(by, "closing fieldwork", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        outstanding = []
        for key, status in self.return_statuses(audit).items():
            if status != ReturnStatus.SUBMITTED:
                unit, agency = key.split("|")
                outstanding.append(f"{unit} ({self._load(Agency, UUID(agency), 'agency').code})")
        unassigned = {(w["case_ref"], w["agency_id"]) for w in audit.withdrawals}
        for unit, agency in sorted(u for u in unassigned if f"{u[0]}|{u[1]}" not in audit.assignments):
            code = self._load(Agency, UUID(agency), "agency").code
            outstanding.append(f"{unit} ({code}, withdrawn and not reassigned)")
        audit.close_fieldwork(outstanding, reason, by.actor, self._now())
        return self._commit(audit)

    # Urgent concerns
    def raise_concern(self, by: Principal, audit_id: UUID, case_ref: str, manager_id: UUID, summary: str) -> Receipt:
        """An auditor raises an urgent safeguarding concern about a case; the manager is told at once."""
        if by.person_id is None or by.agency_id is None or not by.has(Role.AUDITOR):
            raise NotPermitted("urgent concerns are raised by an agency's auditor on the audit")
        audit = self._audit(audit_id)
        ref = given(case_ref, "the case reference", REF).upper()
        if str(by.person_id) not in audit.auditors:
            raise NotFound("you are not an auditor of this audit")
        if ref not in audit.cases and not audit.kind.is_self_assessment:
            raise InvalidValue(f"case {ref} is not in the audit's sample")
        manager = self.person(manager_id)
        if manager.id == by.person_id:
            raise InvalidValue("an urgent concern goes to a manager of your agency, never to the auditor raising it")
        if manager.agency_id != by.agency_id or not manager.roles & {Role.AGENCY_LEAD, Role.SAFEGUARDING_MANAGER}:
            raise InvalidValue(f"{manager.name} is not a manager in your agency (its agency lead or a safeguarding"
                               " manager)")  # fmt: skip
        concern = Concern.raise_concern(uuid4(), audit_id, ref, by.agency_id, manager_id, summary, by.actor,
                                        self._now())  # fmt: skip
        return self._commit(concern)

    def escalate_concern(self, by: Principal, concern_id: UUID) -> Receipt:
        """Tell the manager again (the escalation worker, or the chair)."""
        self._allow(by, "escalating a concern", *CHAIR_OR_QA, unless=by.system is not None)
        concern = self._load(Concern, concern_id, "concern")
        concern.escalate(by.actor, self._now())
        return self._commit(concern)

    def acknowledge_concern(self, by: Principal, concern_id: UUID, response: str) -> Receipt:
        """The named manager acknowledges the concern, which stops the escalation."""
        concern = self._load(Concern, concern_id, "concern")
        if not by.is_person(concern.manager_id):
            own = by.agency_id == concern.agency_id and by.has(Role.AUDITOR, Role.AGENCY_LEAD)
            if not (own or by.has(*READ_ALL) or by.system is not None):  # who cannot read it is not told of it
                raise NotFound(f"no concern with id {concern_id}")
            raise NotPermitted("only the manager the concern was raised with can acknowledge it")
        concern.acknowledge(response, by.actor, self._now())
        return self._commit(concern)

    def escalate_due_concerns(self, by: Principal, every_hours: float) -> list[Receipt]:
        """Escalate each unacknowledged concern not told to its manager within the last ``every_hours``."""
        self._allow(by, "escalating concerns", *CHAIR_OR_QA, unless=by.system is not None)
        cutoff = self._now() - timedelta(hours=every_hours)
        receipts = []
        for row in self._caught_up_views("escalating concerns").concerns():
            if row["acknowledged_at"] is not None:
                continue
            concern = self._load(Concern, UUID(row["concern_id"]), "concern")  # the decision reads the record itself
            if not concern.acknowledged and concern.modified_on <= cutoff:  # last told: raised, or last escalated
                receipts.append(self.escalate_concern(by, concern.id))
        return receipts
