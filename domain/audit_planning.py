"""The audit's rules for stages one and two: planning and gathering information (guidance 3, 6.1, 6.2)."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import Any, Self
from uuid import UUID

from domain.audit_events import AuditEvents
from domain.audit_tool import parse_questions
from domain.base import require_member, require_reason, require_text
from domain.errors import (
    AgencyHasAuditors,
    AgencyNotInvited,
    AlreadyRecorded,
    AuditorHasCaseLink,
    FieldworkPrerequisitesMissing,
    InvalidValue,
    NotReady,
    OutOfStage,
    SampleLimitReached,
)
from domain.limits import (
    DEFAULT_CASE_REF_PATTERN,
    LINE,
    MAX_ITEMS,
    NAME,
    REASON,
    REF,
    TextLimit,
    check_case_ref,
    check_count,
    check_date,
    check_flag,
    check_optional_text,
    check_texts,
)
from domain.terms import check_terms
from domain.values import DEFAULT_SAMPLE_LIMIT, AuditKind, ReturnForm, Stage

OPEN_STAGES = (Stage.PLANNING, Stage.FIELDWORK, Stage.MODERATION, Stage.REPORTING, Stage.DISSEMINATION)


class AuditPlanning(AuditEvents):
    """An audit's planning and fieldwork; ``Audit`` adds the later stages."""

    def __init__(
        self, *, actor: str, kind: str, theme: str, focus: str, rationale: str, schedule_item: str | None,
        owner_agency_id: UUID | None,
    ) -> None:  # fmt: skip
        self.kind = AuditKind(kind)
        self.theme, self.focus, self.rationale = theme, focus, rationale
        self.schedule_item = schedule_item
        self.owner_agency_id = owner_agency_id
        self.previous_audit_id: UUID | None = None
        self.courses: dict[str, dict[str, Any]] = {}
        self.stage = Stage.PLANNING
        self.terms: dict[str, Any] = {}
        self.terms_version = 0
        self.terms_endorsed = False
        self.questions: list[dict[str, Any]] = []
        self.guidance_agreed = False
        self.auditors: dict[str, dict[str, Any]] = {}
        self.invited: set[str] = set()
        self.sample_limit = DEFAULT_SAMPLE_LIMIT
        self.cases: dict[str, dict[str, str]] = {}
        self.links: set[tuple[str, str]] = set()
        self.assignments: dict[str, str] = {}
        self.rounds: dict[str, int] = {}
        self.withdrawals: list[dict[str, Any]] = []
        self.duty_to_communicate: str | None = None
        self.initial_reviews = 0
        self.meetings: list[str] = []
        self.findings: dict[str, dict[str, str]] = {}
        self.recommendations: dict[str, str] = {}
        self.report_version = 0
        self.signed_off_version = 0
        self.signed_off_on: date | None = None
        self.presented_on: date | None = None
        self.no_recommendations_reason: str | None = None
        self.feedback_agencies: set[str] = set()
        self.feedback_waived: set[str] = set()
        self.dissemination_plan: str | None = None
        self.follows_up: tuple[str, str] | None = None

    # Stage one: planning
    @classmethod
    def commission(
        cls, audit_id: UUID, kind: str, theme: str, focus: str, rationale: str,
        schedule_item: str | None, actor: str, at: datetime, owner_agency_id: UUID | None = None,
    ) -> Self:  # fmt: skip
        """The ARG commissions an audit (R-3); an agency's lead its own single-agency audit (R-2, 4.1.1)."""
        require_member(kind, [k.value for k in AuditKind], "audit kind")
        if (kind == AuditKind.SINGLE_AGENCY) != (owner_agency_id is not None):
            raise InvalidValue("a single-agency audit is commissioned by the agency's own lead, within its own QA;"
                               " every other kind by the ARG")  # fmt: skip
        return cls._create(
            cls.AuditCommissioned, id=audit_id, actor=actor, timestamp=at, kind=kind,
            theme=require_text(theme, "theme", LINE), focus=require_text(focus, "specific focus", REASON),
            rationale=require_text(rationale, "rationale", REASON), schedule_item=schedule_item,
            owner_agency_id=owner_agency_id,
        )  # fmt: skip

    def takes_part(self, agency_id: UUID | str | None) -> bool:
        """Whether an agency takes part: in a single-agency audit only its own agency (R-2); in any other, an agency
        the chair or QA officer invited (R-26). In a log recorded before invitations, an agency with a nominated
        auditor counts as invited (``AuditorNominated`` adds it)."""
        if agency_id is None:
            return False
        if self.owner_agency_id is not None:
            return str(self.owner_agency_id) == str(agency_id)
        return str(agency_id) in self.invited

    def invite_agency(self, agency_id: UUID, actor: str, at: datetime) -> None:
        """The chair or QA officer invites an agency to take part, in planning or fieldwork (R-26)."""
        self._require_stage("invite an agency", Stage.PLANNING, Stage.FIELDWORK)
        if self.owner_agency_id is not None:
            raise InvalidValue("a single-agency audit belongs to its own agency: no other agency is invited to it")
        if str(agency_id) in self.invited:
            raise AlreadyRecorded("the agency is already invited to this audit")
        self._record(self.AgencyInvited, actor, at, agency_id=agency_id)

    def withdraw_invitation(self, agency_id: UUID, reason: str, actor: str, at: datetime) -> None:
        """Withdraw an agency's invitation before fieldwork and before any of its auditors is nominated (R-26)."""
        self._require_stage("withdraw an agency's invitation", Stage.PLANNING)
        if str(agency_id) not in self.invited:
            raise InvalidValue("the agency is not invited to this audit")
        nominated = sum(1 for a in self.auditors.values() if a["agency_id"] == str(agency_id))
        if nominated:
            raise AgencyHasAuditors(
                f"{nominated} auditor(s) of the agency are already nominated: an invitation is withdrawn only before"
                " any of the agency's auditors is nominated"
            )
        self._record(self.AgencyInvitationWithdrawn, actor, at, agency_id=agency_id,
                     reason=require_reason(reason, "withdraw an agency's invitation"))  # fmt: skip

    def carry_forward_from(self, previous: AuditPlanning, actor: str, at: datetime) -> None:
        """A self-assessment round starts from the last round's answers and open actions (R-2)."""
        self._require_stage("carry last year's returns forward", Stage.PLANNING)
        if not self.kind.is_self_assessment or previous.kind != self.kind:
            raise InvalidValue(f"only a self-assessment round carries forward, from an earlier {self.kind.value} round")
        if previous.id == self.id:
            raise InvalidValue("a round cannot carry forward from itself")
        if self.previous_audit_id is not None:
            raise AlreadyRecorded("this round already carries forward from an earlier round")
        self._record(self.PreviousRoundCarriedForward, actor, at, previous_audit_id=previous.id)

    def include_course(self, course_id: str, title: str, delivered_on: date, actor: str, at: datetime) -> None:
        """A training-impact audit covers the courses it names (R-2, 4.2.2)."""
        self._require_stage("include a course", Stage.PLANNING, Stage.FIELDWORK)
        if self.kind != AuditKind.TRAINING_IMPACT:
            raise InvalidValue("only a training-impact audit covers courses")
        course_id = require_text(course_id, "course code", REF).upper()
        if course_id in self.courses:
            raise AlreadyRecorded(f"course {course_id} is already in the audit")
        title = require_text(title, "course title", LINE)
        self._record(self.CourseIncluded, actor, at, course_id=course_id, title=title,
                     delivered_on=delivered_on)  # fmt: skip

    def send_questionnaires(
        self, course_id: str, respondent: str, respondent_refs: list[str], actor: str, at: datetime
    ) -> None:
        """Record the attendees or managers invited to answer a course's questionnaire."""
        self._require_stage("send questionnaires", Stage.PLANNING, Stage.FIELDWORK)
        course = self.course(course_id)
        require_member(respondent, ("attendee", "manager"), "respondent")
        refs = [require_text(r, "respondent reference", REF).upper() for r in respondent_refs or []]
        if not refs:
            raise InvalidValue("name at least one respondent to invite")
        already = sorted(set(refs) & {r for invited in course["invited"].values() for r in invited})
        if already or len(set(refs)) != len(refs):
            raise AlreadyRecorded(f"already invited: {', '.join(already) or 'a reference given twice'}")
        self._record(self.QuestionnairesSent, actor, at, course_id=course_id.strip().upper(), respondent=respondent,
                     respondent_refs=refs)  # fmt: skip

    def course(self, course_id: str) -> dict[str, Any]:
        """A course of this training-impact audit."""
        found = self.courses.get((course_id or "").strip().upper())
        if found is None:
            raise InvalidValue(f"course {course_id!r} is not in this audit")
        return found

    def draft_terms(self, terms: dict[str, Any], actor: str, at: datetime) -> None:
        """Draft or revise the terms of reference, until endorsed (R-4)."""
        self._require_stage("draft terms of reference", Stage.PLANNING)
        if self.terms_endorsed:
            raise AlreadyRecorded("the terms of reference are endorsed and can no longer be revised")
        self._record(self.TermsOfReferenceDrafted, actor, at, terms=check_terms(terms))

    def confirm_duty_to_communicate(self, text: str, actor: str, at: datetime) -> None:
        """The chair confirms, in their own words, how case-holding teams are told the purpose, process and focus
        of the audit (R-4, 3.5.2)."""
        self._require_stage("confirm the duty to communicate", Stage.PLANNING)
        if self.terms_endorsed:
            raise AlreadyRecorded("the terms of reference are endorsed and can no longer be revised")
        self._record(self.DutyToCommunicateConfirmed, actor, at,
                     text=require_text(text, "how case-holding teams are told about the audit", REASON))  # fmt: skip

    def endorse_terms(
        self, meeting_date: date, planning_reviewed: bool, timescales_agreed: bool, actor: str, at: datetime
    ) -> None:
        """The Audit Group endorses the terms at its meeting before the audit (R-5)."""
        self._require_stage("endorse terms of reference", Stage.PLANNING)
        check_date(meeting_date, "the meeting date")
        if not self.terms:
            raise NotReady("there are no terms of reference to endorse: draft them first")
        if self.terms_endorsed:
            raise AlreadyRecorded("the terms of reference are already endorsed")
        if not (planning_reviewed and timescales_agreed):
            raise NotReady("the Audit Group must review the planning and agree the timescales before endorsing")
        if self.duty_to_communicate is None:
            raise NotReady(
                "confirm how case-holding teams are told the purpose, process and focus of the audit (3.5.2)"
                " before endorsing"
            )
        self.require_date_in_history(meeting_date, "the endorsement meeting", at, not_after_today=False)
        self._record(self.TermsOfReferenceEndorsed, actor, at, meeting_date=meeting_date,
                     terms_version=self.terms_version)  # fmt: skip

    def adopt_tool(self, questions: list[dict[str, Any]], template: str | None, actor: str, at: datetime) -> None:
        """Adopt the audit tool, copied from a template and adapted, or written afresh (R-6)."""
        self._require_stage("adopt the audit tool", Stage.PLANNING)
        template = check_optional_text(template, "the template name", LINE)
        stored = [q.to_dict() for q in parse_questions(questions)]
        reset = stored != self.questions and any(a["briefed"] for a in self.auditors.values())
        self._record(self.AuditToolAdopted, actor, at, questions=stored, template=template, briefings_reset=reset)

    def agree_rating_guidance(self, meeting_date: date, actor: str, at: datetime) -> None:
        """Record that the Audit Group agreed what 'good' looks like for every question (R-5)."""
        self._require_stage("agree rating guidance", Stage.PLANNING)
        check_date(meeting_date, "the meeting date")
        if not self.questions:
            raise NotReady("adopt the audit tool before agreeing its rating guidance")
        missing = [
            f"{q['id']} ({', '.join(r for r in q['scale'] if not q['guidance'].get(r, '').strip())})"
            for q in self.questions
            if any(not q["guidance"].get(r, "").strip() for r in q["scale"])
        ]
        if missing:
            raise NotReady(f"rating guidance is missing for: {'; '.join(missing)}")
        self.require_date_in_history(meeting_date, "the rating guidance meeting", at, not_after_today=False)
        self._record(self.RatingGuidanceAgreed, actor, at, meeting_date=meeting_date)

    def nominate_auditor(
        self, person_id: UUID, agency_id: UUID, new_to_auditing: bool, actor: str, at: datetime
    ) -> None:
        """An agency nominates an auditor (R-7)."""
        self._require_stage("nominate an auditor", Stage.PLANNING, Stage.FIELDWORK)
        new_to_auditing = bool(check_flag(new_to_auditing, "new to auditing"))
        if self.owner_agency_id is not None and not self.takes_part(agency_id):
            raise InvalidValue("only the agency whose own single-agency audit this is takes part in it")
        if not self.takes_part(agency_id):
            raise AgencyNotInvited(
                "the agency is not invited to this audit: the audit chair or QA officer invites an agency before its"
                " auditors are nominated"
            )
        if str(person_id) in self.auditors:
            raise AlreadyRecorded("this auditor is already nominated")
        self._record(self.AuditorNominated, actor, at, person_id=person_id, agency_id=agency_id,
                     new_to_auditing=new_to_auditing)  # fmt: skip

    def confirm_briefing(self, person_id: UUID, actor: str, at: datetime) -> None:
        """An auditor confirms they understand the audit tool (R-5)."""
        self._require_stage("confirm the tool briefing", Stage.PLANNING, Stage.FIELDWORK)
        auditor = self._auditor(person_id)
        if not self.questions:
            raise NotReady("there is no audit tool to be briefed on yet")
        if auditor["briefed"]:
            raise AlreadyRecorded("this auditor has already confirmed the briefing")
        self._record(self.ToolBriefingConfirmed, actor, at, person_id=person_id)

    def sample_case(
        self, case_ref: str, sample_group: str, reason: str, actor: str, at: datetime,
        pattern: str = DEFAULT_CASE_REF_PATTERN,
    ) -> str:  # fmt: skip
        """Sample a case by pseudonymous reference, which matches the partnership's pattern (R-8, R-26)."""
        self._require_stage("sample a case", Stage.PLANNING, Stage.FIELDWORK)
        if self.kind.return_form != ReturnForm.CASE_FILE:
            raise InvalidValue(f"a {self.kind.value} audit has no case sample: "
                               + ("each organisation completes one return" if self.kind.is_self_assessment
                                  else "attendees and managers answer questionnaires"))  # fmt: skip
        require_text(case_ref, "case reference", REF)
        case_ref = check_case_ref(case_ref, pattern)
        if case_ref in self.cases:
            raise AlreadyRecorded(f"case {case_ref} is already in the sample")
        if len(self.cases) >= self.sample_limit:
            raise SampleLimitReached(
                f"the sample already has {len(self.cases)} cases (limit {self.sample_limit});"
                " extend the sample with a reason to add more"
            )
        self._record(self.CaseSampled, actor, at, case_ref=case_ref,
                     sample_group=require_text(sample_group, "sample group", NAME),
                     reason=require_text(reason, "why the case was selected", REASON))  # fmt: skip
        return case_ref

    def extend_sample(self, new_limit: int, reason: str, actor: str, at: datetime) -> None:
        """Allow more cases than ten, with a recorded reason (3.8.1)."""
        self._require_stage("extend the sample", Stage.PLANNING, Stage.FIELDWORK)
        check_count(new_limit, "the new sample limit", 1, 1000)
        if new_limit <= self.sample_limit:
            raise InvalidValue(f"the new limit must be more than the current {self.sample_limit}")
        self._record(self.SampleExtended, actor, at, new_limit=new_limit,
                     reason=require_reason(reason, "extend the sample beyond its limit"))  # fmt: skip

    def declare_case_link(self, person_id: UUID, case_ref: str, nature: str, actor: str, at: datetime) -> None:
        """An auditor declares they practised on or managed a case (R-9)."""
        self._require_stage("declare a case link", *OPEN_STAGES)
        self._auditor(person_id)
        case_ref = self._case(case_ref)
        if (str(person_id), case_ref) in self.links:
            raise AlreadyRecorded(f"this auditor's link to {case_ref} is already declared")
        if self.assignee(case_ref, person_id) is not None and self.stage not in (Stage.PLANNING, Stage.FIELDWORK):
            raise AuditorHasCaseLink(
                f"this auditor audited {case_ref} and fieldwork is closed, so the case can no longer be reassigned:"
                " raise the link at moderation"
            )
        self._record(self.CaseLinkDeclared, actor, at, person_id=person_id, case_ref=case_ref,
                     nature=require_text(nature, "the nature of the link", REASON))  # fmt: skip

    def assign_case(self, case_ref: str, person_id: UUID, actor: str, at: datetime) -> None:
        """Assign an auditor to a case (or, in self-assessment kinds, to their organisation's return)."""
        self._require_stage("assign a case", Stage.PLANNING, Stage.FIELDWORK)
        case_ref, agency_id = self._assignable(case_ref, person_id)
        if self.rounds.get(f"{case_ref}|{agency_id}"):
            raise AlreadyRecorded(f"{case_ref} was withdrawn from another auditor of the agency: reassign it")
        self._record(self.CaseAssigned, actor, at, case_ref=case_ref, person_id=person_id, agency_id=agency_id)

    def withdraw_assignment(self, case_ref: str, person_id: UUID, reason: str, actor: str, at: datetime) -> UUID:
        """Withdraw an auditor's assignment once they declare a link to the case (R-9); returns the agency."""
        self._require_stage("withdraw an assignment", Stage.PLANNING, Stage.FIELDWORK)
        case_ref = require_text(case_ref, "case reference", REF).upper()
        agency = self.assignee(case_ref, person_id)
        if agency is None:
            raise InvalidValue(f"this auditor is not assigned to {case_ref}")
        self._record(self.CaseAssignmentWithdrawn, actor, at, case_ref=case_ref, person_id=person_id,
                     agency_id=UUID(agency), reason=require_reason(reason, "withdraw an assignment"))  # fmt: skip
        return UUID(agency)

    def reassign_case(self, case_ref: str, person_id: UUID, actor: str, at: datetime) -> None:
        """The chair gives a withdrawn case to another auditor of the same agency (R-9, 3.1.2)."""
        self._require_stage("reassign a case", Stage.PLANNING, Stage.FIELDWORK)
        case_ref, agency_id = self._assignable(case_ref, person_id)
        previous = [w for w in self.withdrawals if w["case_ref"] == case_ref and w["agency_id"] == str(agency_id)]
        if not previous:
            raise NotReady(f"{case_ref} has not been withdrawn from an auditor of this agency: assign it instead")
        self._record(self.CaseReassigned, actor, at, case_ref=case_ref, person_id=person_id, agency_id=agency_id,
                     from_person_id=UUID(previous[-1]["person_id"]))  # fmt: skip

    def _assignable(self, case_ref: str, person_id: UUID) -> tuple[str, UUID]:
        auditor = self._auditor(person_id)
        if not self.takes_part(auditor["agency_id"]):
            raise AgencyNotInvited("the auditor's agency is not invited to this audit")
        case_ref = unicodedata.normalize("NFKC", require_text(case_ref, "case reference", REF)).upper()
        if not self.kind.is_self_assessment:
            case_ref = self._case(case_ref)
        if (str(person_id), case_ref) in self.links:
            raise AuditorHasCaseLink(
                f"the auditor declared a link to {case_ref} (practised on or managed it) and cannot audit it"
            )
        current = self.assignments.get(f"{case_ref}|{auditor['agency_id']}")
        if current is not None:
            who = "this auditor" if current == str(person_id) else "another auditor of the same agency"
            raise AlreadyRecorded(f"{case_ref} is already assigned to {who}")
        return case_ref, UUID(auditor["agency_id"])

    def return_round(self, case_ref: str, agency_id: UUID) -> int:
        """How many times this case's return for the agency was withdrawn: each new auditor starts a new return."""
        return self.rounds.get(f"{case_ref.strip().upper()}|{agency_id}", 0)

    def participating_agencies(self) -> set[str]:
        """The agencies with a return to complete in this audit."""
        return {key.split("|")[1] for key in self.assignments}

    def open_fieldwork(self, actor: str, at: datetime, auditor_names: dict[str, str] | None = None) -> None:
        """Open fieldwork once planning is complete (R-5)."""
        self._require_stage("open fieldwork", Stage.PLANNING)
        missing = self.fieldwork_prerequisites_missing(auditor_names or {})
        if missing:
            raise FieldworkPrerequisitesMissing(
                f"fieldwork cannot open while the audit is in planning; missing: {'; '.join(missing)}"
            )
        self._record(self.FieldworkOpened, actor, at)

    def fieldwork_prerequisites_missing(self, auditor_names: dict[str, str]) -> list[str]:
        """What planning still lacks before fieldwork can open."""
        missing = []
        if not self.terms_endorsed:
            missing.append("terms of reference endorsed by the Audit Group")
        if self.kind == AuditKind.TRAINING_IMPACT:
            if not any(c["invited"]["attendee"] and c["invited"]["manager"] for c in self.courses.values()):
                missing.append("a course with questionnaires sent to attendees and their managers")
            return missing
        if not self.questions:
            missing.append("audit tool adopted")
        elif not self.guidance_agreed:
            missing.append("rating guidance agreed for every question")
        if not self.auditors:
            missing.append("at least one nominated auditor")
        unbriefed = [auditor_names.get(pid, pid) for pid, a in self.auditors.items() if not a["briefed"]]
        if unbriefed:
            missing.append(f"tool briefing confirmed by {', '.join(sorted(unbriefed))}")
        if not self.kind.is_self_assessment and not self.cases:
            missing.append("at least one sampled case")
        if self.kind.is_self_assessment and not self.assignments:
            missing.append("at least one organisation's return assigned")
        return missing

    def close_fieldwork(self, outstanding: list[str], reason: str | None, actor: str, at: datetime) -> None:
        """Close fieldwork and move to moderation; outstanding returns need a reason."""
        self._require_stage("close fieldwork", Stage.FIELDWORK)
        reason = check_optional_text(reason, "the reason", REASON)
        if not self.assignments and self.kind != AuditKind.TRAINING_IMPACT:
            raise NotReady("no returns have been assigned yet")
        if outstanding and not (reason or "").strip():
            raise NotReady(
                f"{len(outstanding)} returns are not submitted ({', '.join(outstanding)}); chase them or close"
                " fieldwork with a reason"
            )
        self._record(self.FieldworkClosed, actor, at, outstanding=list(outstanding),
                     reason=(reason or "").strip() or None)  # fmt: skip

    # helpers shared by every stage
    def assignee(self, case_ref: str, person_id: UUID) -> str | None:
        """The agency for which this auditor is assigned to the case, if any."""
        for key, pid in self.assignments.items():
            unit, agency = key.split("|")
            if unit == case_ref and pid == str(person_id):
                return agency
        return None

    def is_assigned(self, case_ref: str, agency_id: UUID, person_id: UUID) -> bool:
        """Whether this auditor is assigned to this case for this agency."""
        return self.assignments.get(f"{case_ref}|{agency_id}") == str(person_id)

    def require_date_in_history(self, day: date, what: str, at: datetime, not_after_today: bool = True) -> None:
        """A recorded date cannot precede the audit's commissioning, nor (where it records the past) lie ahead."""
        commissioned = self.created_on.date()
        if day < commissioned:
            raise InvalidValue(
                f"{what} ({day.isoformat()}) cannot be before the audit was commissioned ({commissioned.isoformat()})"
            )
        if not_after_today and day > at.date():
            raise InvalidValue(f"{what} ({day.isoformat()}) cannot be in the future (today is {at.date().isoformat()})")

    def require_stage_for(self, doing: str, *stages: Stage) -> None:
        """Refuse, naming the current stage, unless the audit is in one of these stages."""
        self._require_stage(doing, *stages)

    def _require_stage(self, doing: str, *stages: Stage) -> None:
        if self.stage not in stages:
            allowed = " or ".join(s.value for s in stages)
            raise OutOfStage(f"cannot {doing}: the audit is in {self.stage.value}, and this belongs to {allowed}")

    def _auditor(self, person_id: UUID) -> dict[str, Any]:
        auditor = self.auditors.get(str(person_id))
        if auditor is None:
            raise InvalidValue("this person is not a nominated auditor of the audit")
        return auditor

    def _case(self, case_ref: str) -> str:
        ref = unicodedata.normalize("NFKC", require_text(case_ref, "case reference", REF)).upper()
        if ref not in self.cases:
            raise InvalidValue(f"case {ref} is not in the audit's sample")
        return ref

    def _next_id(self, prefix: str, existing: Collection[str]) -> str:
        return f"{prefix}{len(existing) + 1}"

    @staticmethod
    def _texts(values: Iterable[str] | None, what: str, limit: TextLimit = LINE) -> list[str]:
        """The non-empty entries of a list of texts, each within its limit."""
        entries = check_texts([] if values is None else values, what, limit, MAX_ITEMS)
        return [v.strip() for v in entries if v.strip()]
