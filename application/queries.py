"""Queries of single records, as plain data, scoped by role and agency (R-26)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.base import AssureBase, record
from application.errors import NotFound
from application.principal import OVERSIGHT, READ_ALL, Principal
from domain.action import Action
from domain.audit import Audit
from domain.audit_return import Return
from domain.concern import Concern
from domain.values import Role


class Queries(AssureBase):
    """What a person may read of an audit, a return, an action or a concern; hidden is not found."""

    def get_audit(self, by: Principal, audit_id: UUID) -> dict[str, Any]:
        """An audit as it stands: stage, terms, tool, team, sample, moderation and reporting."""
        audit = self._visible_audit(by, audit_id)
        scope = self._agency_rows(by)  # an agency's lead or auditor sees their own agency's rows
        names = {pid: self.person(UUID(pid)).name for pid in audit.auditors}
        auditors = {pid: a for pid, a in audit.auditors.items() if scope is None or a["agency_id"] == scope}
        withdrawals = [w for w in audit.withdrawals if scope is None or w["agency_id"] == scope]
        shown = {pid: name if pid in auditors else "an auditor of another agency" for pid, name in names.items()}
        self._record_case_reads(by, "the audit's cases, returns and findings", audit_id,
                                [(ref, None) for ref in audit.cases])  # fmt: skip
        return record(
            id=audit.id, version=audit.version, kind=audit.kind.value, theme=audit.theme, focus=audit.focus,
            rationale=audit.rationale, schedule_item=audit.schedule_item, stage=audit.stage.value,
            owner_agency_id=audit.owner_agency_id, previous_audit_id=audit.previous_audit_id, courses=audit.courses,
            terms=audit.terms, terms_endorsed=audit.terms_endorsed, questions=audit.questions,
            rating_guidance_agreed=audit.guidance_agreed,
            auditors=[dict(a, person_id=pid, name=names[pid]) for pid, a in auditors.items()],
            sample_limit=audit.sample_limit, cases=[dict(c, case_ref=ref) for ref, c in audit.cases.items()],
            returns=self._return_rows(audit, scope), invited_agencies=audit.invited,
            fieldwork_missing=audit.fieldwork_prerequisites_missing(shown)
            if audit.stage.value == "planning" else [],
            meetings=audit.meetings, findings=[dict(f, finding_id=fid) for fid, f in audit.findings.items()],
            recommendations=[{"recommendation_id": rid, "text": t} for rid, t in audit.recommendations.items()],
            report_version=audit.report_version, signed_off_on=audit.signed_off_on, presented_on=audit.presented_on,
            signed_off_version=audit.signed_off_version, dissemination_plan=audit.dissemination_plan,
            duty_to_communicate=audit.duty_to_communicate, withdrawn_assignments=withdrawals,
            no_recommendations_reason=audit.no_recommendations_reason, feedback_agencies=audit.feedback_agencies,
            feedback_waived=audit.feedback_waived,
            follows_up={"audit_id": audit.follows_up[0], "recommendation_id": audit.follows_up[1]}
            if audit.follows_up else None,
        )  # fmt: skip

    def set_aside_returns(self, by: Principal, audit_id: UUID) -> list[dict[str, Any]]:
        """Returns set aside when their auditor declared a link to the case: kept for governance (R-9)."""
        self._allow(by, "reading set-aside returns", *READ_ALL)
        audit = self._audit(audit_id)
        found = []
        for withdrawal in audit.withdrawals:
            agency_id = UUID(withdrawal["agency_id"])
            return_id = Return.id_for(audit.id, withdrawal["case_ref"], agency_id, withdrawal["round"])
            if self._exists(return_id):
                the_return = self._load(Return, return_id, "return")
                self._record_case_read(by, "a set-aside return", audit_id, the_return.unit_ref, agency_id)
                found.append(record(
                    id=the_return.id, case_ref=the_return.unit_ref, agency_id=agency_id,
                    auditor_id=the_return.auditor_id, status=the_return.status.value, reason=withdrawal["reason"],
                    answers=the_return.answers, sections=the_return.sections,
                ))  # fmt: skip
        return found

    def get_return(self, by: Principal, audit_id: UUID, case_ref: str, agency_code: str) -> dict[str, Any]:
        """A return, to its agency's auditors and lead, the chair, QA officer and governance."""
        agency_id = self.agency(agency_code).id
        own_agency = by.has(Role.AUDITOR, Role.AGENCY_LEAD) and by.agency_id == agency_id
        if not (own_agency or by.has(*READ_ALL)):
            raise NotFound(f"no return has been started for {case_ref.strip().upper()} by that agency")
        self._audit(audit_id)
        the_return = self._return(audit_id, case_ref, agency_id)
        self._record_case_read(by, "a return", audit_id, the_return.unit_ref, agency_id)
        return record(
            id=the_return.id, version=the_return.version, audit_id=audit_id, case_ref=the_return.unit_ref,
            agency_id=agency_id, auditor_id=the_return.auditor_id, status=the_return.status.value,
            answers=the_return.answers, sections=the_return.sections,
            child_voice_evident=the_return.child_voice_evident, context_factors=the_return.context_factors,
            original_ratings=the_return.original_ratings, missing=the_return.missing_for_submission(),
            form=the_return.form.value, carried_forward=the_return.carried_forward,
        )  # fmt: skip

    def get_action(self, by: Principal, action_id: UUID) -> dict[str, Any]:
        """An action, to its owner's agency, the chair, QA officer, governance and oversight groups."""
        action = self._load(Action, action_id, "action")
        own = by.agency_id == action.owner_agency_id and by.has(Role.AGENCY_LEAD, Role.AUDITOR)
        if not (own or by.is_person(action.owner_person_id) or by.has(*READ_ALL, *OVERSIGHT)):
            raise NotFound(f"no action with id {action_id}")
        return record(
            id=action.id, version=action.version, audit_id=action.audit_id,
            recommendation_id=action.recommendation_id, specific=action.specific, measure=action.measure,
            owner_agency_id=action.owner_agency_id, owner_person_id=action.owner_person_id,
            due_date=action.due_date, status=action.status.value, blocked_since=action.blocked_since,
            last_progress_at=action.last_progress_at,
        )  # fmt: skip

    def get_concern(self, by: Principal, concern_id: UUID) -> dict[str, Any]:
        """A concern, to its manager, its agency's auditors, the chair, QA officer and governance."""
        concern = self._load(Concern, concern_id, "concern")
        own = by.agency_id == concern.agency_id and by.has(Role.AUDITOR, Role.AGENCY_LEAD)
        if not (own or by.is_person(concern.manager_id) or by.has(*READ_ALL)):
            raise NotFound(f"no concern with id {concern_id}")
        self._record_case_read(by, "an urgent concern", concern.audit_id, concern.unit_ref, concern.agency_id)
        return record(
            id=concern.id, version=concern.version, audit_id=concern.audit_id, case_ref=concern.unit_ref,
            agency_id=concern.agency_id, manager_id=concern.manager_id, summary=concern.summary,
            escalations=concern.escalations, acknowledged=concern.acknowledged,
        )  # fmt: skip

    def _return_rows(self, audit: Audit, scope: str | None) -> list[dict[str, str]]:
        rows = []
        for key, status in self.return_statuses(audit).items():
            unit, agency = key.split("|")
            if scope is not None and agency != scope:
                continue
            rows.append({"case_ref": unit, "agency_id": agency, "auditor_id": audit.assignments[key],
                         "status": status})  # fmt: skip
        return rows
