"""The events of an audit: a stored contract (see DESIGN.md on versions and upcasting)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate
from domain.values import ASSESSMENT, CASE_CONTENT, PERSONAL, REFERENCE, Stage


class AuditEvents(AssureAggregate):
    """The audit's events and how each changes its state; the rules live in ``Audit``."""

    class AuditCommissioned(AssureAggregate.Created):
        """Version 2 adds the agency whose own single-agency audit this is (R-2)."""

        class_version = 2
        kind: str
        theme: str
        focus: str
        rationale: str
        schedule_item: str | None
        owner_agency_id: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["owner_agency_id"] = None

    class PreviousRoundCarriedForward(AssureAggregate.Event):
        previous_audit_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.previous_audit_id = self.previous_audit_id

    class CourseIncluded(AssureAggregate.Event):
        course_id: str
        title: str
        delivered_on: date

        def apply(self, aggregate: Any) -> None:
            aggregate.courses[self.course_id] = {"title": self.title, "invited": {"attendee": [], "manager": []}}

    class QuestionnairesSent(AssureAggregate.Event):
        course_id: str
        respondent: str
        respondent_refs: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.courses[self.course_id]["invited"][self.respondent] += self.respondent_refs

    class TermsOfReferenceDrafted(AssureAggregate.Event):
        terms: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.terms = dict(self.terms)
            aggregate.terms_version += 1

    class TermsOfReferenceEndorsed(AssureAggregate.Event):
        meeting_date: date
        terms_version: int

        def apply(self, aggregate: Any) -> None:
            aggregate.terms_endorsed = True

    class DutyToCommunicateConfirmed(AssureAggregate.Event):
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.duty_to_communicate = self.text

    class AuditToolAdopted(AssureAggregate.Event):
        class_version = 2
        questions: list[dict[str, Any]]
        template: str | None
        briefings_reset: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Before version 2 a different tool left the auditors' briefings standing."""
            state["briefings_reset"] = False

        def apply(self, aggregate: Any) -> None:
            aggregate.questions = list(self.questions)
            aggregate.guidance_agreed = False
            if self.briefings_reset:
                for auditor in aggregate.auditors.values():
                    auditor["briefed"] = False

    class RatingGuidanceAgreed(AssureAggregate.Event):
        meeting_date: date

        def apply(self, aggregate: Any) -> None:
            aggregate.guidance_agreed = True

    class AgencyInvited(AssureAggregate.Event):
        """The chair or QA officer invites an agency to take part (R-26)."""

        agency_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.invited.add(str(self.agency_id))

    class AgencyInvitationWithdrawn(AssureAggregate.Event):
        agency_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.invited.discard(str(self.agency_id))

    class AuditorNominated(AssureAggregate.Event):
        person_id: UUID
        agency_id: UUID
        new_to_auditing: bool

        def apply(self, aggregate: Any) -> None:
            aggregate.auditors[str(self.person_id)] = {
                "agency_id": str(self.agency_id),
                "new_to_auditing": self.new_to_auditing,
                "briefed": False,
            }
            # Before invitations were recorded (#13), an agency joined an audit by having an auditor nominated: on
            # replay of such a log, the nomination counts as the invitation. Since then a nomination follows one.
            aggregate.invited.add(str(self.agency_id))

    class ToolBriefingConfirmed(AssureAggregate.Event):
        person_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.auditors[str(self.person_id)]["briefed"] = True

    class CaseSampled(AssureAggregate.Event):
        case_ref: str
        sample_group: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.cases[self.case_ref] = {"sample_group": self.sample_group, "reason": self.reason}

    class SampleExtended(AssureAggregate.Event):
        new_limit: int
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.sample_limit = self.new_limit

    class CaseLinkDeclared(AssureAggregate.Event):
        person_id: UUID
        case_ref: str
        nature: str

        def apply(self, aggregate: Any) -> None:
            aggregate.links.add((str(self.person_id), self.case_ref))

    class CaseAssigned(AssureAggregate.Event):
        case_ref: str
        person_id: UUID
        agency_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.assignments[f"{self.case_ref}|{self.agency_id}"] = str(self.person_id)

    class CaseAssignmentWithdrawn(AssureAggregate.Event):
        case_ref: str
        person_id: UUID
        agency_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            key = f"{self.case_ref}|{self.agency_id}"
            del aggregate.assignments[key]
            aggregate.withdrawals.append({"case_ref": self.case_ref, "agency_id": str(self.agency_id),
                                         "person_id": str(self.person_id), "reason": self.reason,
                                         "round": aggregate.rounds.get(key, 0)})  # fmt: skip
            aggregate.rounds[key] = aggregate.rounds.get(key, 0) + 1

    class CaseReassigned(AssureAggregate.Event):
        case_ref: str
        person_id: UUID
        agency_id: UUID
        from_person_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.assignments[f"{self.case_ref}|{self.agency_id}"] = str(self.person_id)

    class FieldworkOpened(AssureAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.stage = Stage.FIELDWORK

    class FieldworkClosed(AssureAggregate.Event):
        outstanding: list[str]
        reason: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.stage = Stage.MODERATION

    class InitialFindingsReviewed(AssureAggregate.Event):
        questions: list[str]
        gaps: list[str]
        inconsistencies: list[str]
        themes: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.initial_reviews += 1

    class ModerationMeetingHeld(AssureAggregate.Event):
        meeting_id: str
        meeting_date: date
        attendees: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.meetings.append(self.meeting_id)

    class FindingAgreed(AssureAggregate.Event):
        finding_id: str
        finding_kind: str
        text: str
        agency_id: UUID | None

        def apply(self, aggregate: Any) -> None:
            aggregate.findings[self.finding_id] = {"kind": self.finding_kind, "text": self.text}

    class PracticeContextRecorded(AssureAggregate.Event):
        text: str
        factors: list[str]

    class FamilyConsultationRecorded(AssureAggregate.Event):
        text: str

    class ProcessLearningRecorded(AssureAggregate.Event):
        text: str

    class ModerationCompleted(AssureAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.stage = Stage.REPORTING

    class RecommendationMade(AssureAggregate.Event):
        recommendation_id: str
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.recommendations[self.recommendation_id] = self.text

    class ReportDrafted(AssureAggregate.Event):
        report_version: int
        summary: str

        def apply(self, aggregate: Any) -> None:
            aggregate.report_version = self.report_version

    class NoRecommendationsRecorded(AssureAggregate.Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.no_recommendations_reason = self.reason

    class ReportSignedOff(AssureAggregate.Event):
        signed_off_on: date
        report_version: int

        def apply(self, aggregate: Any) -> None:
            aggregate.signed_off_on = self.signed_off_on
            aggregate.signed_off_version = self.report_version

    class ReportPresentedToArg(AssureAggregate.Event):
        class_version = 2
        presented_on: date
        report_version: int | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Before version 2 the presented draft was not named (it was the one signed off)."""
            state["report_version"] = None

        def apply(self, aggregate: Any) -> None:
            aggregate.presented_on = self.presented_on
            aggregate.stage = Stage.DISSEMINATION

    class FollowUpAuditProposed(AssureAggregate.Event):
        follow_up_kind: str
        text: str

    class AgencyFeedbackRecorded(AssureAggregate.Event):
        agency_id: UUID
        fed_back_on: date
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.feedback_agencies.add(str(self.agency_id))

    class FeedbackWaived(AssureAggregate.Event):
        agency_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.feedback_waived.add(str(self.agency_id))

    class EarlierAuditLinked(AssureAggregate.Event):
        earlier_audit_id: UUID
        recommendation_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.follows_up = (str(self.earlier_audit_id), self.recommendation_id)

    class DisseminationPlanRecorded(AssureAggregate.Event):
        plan: str
        impact_measures: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.dissemination_plan = self.plan

    class AuditClosed(AssureAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.stage = Stage.CLOSED

    class AuditWithdrawn(AssureAggregate.Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.stage = Stage.WITHDRAWN


# What each field of each audit event is (R-31): declared once, beside the events.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "AuditCommissioned": {"kind": REFERENCE, "theme": REFERENCE, "focus": CASE_CONTENT, "rationale": CASE_CONTENT,
                          "schedule_item": REFERENCE, "owner_agency_id": REFERENCE},
    "CourseIncluded": {"course_id": REFERENCE, "title": REFERENCE, "delivered_on": REFERENCE},
    "QuestionnairesSent": {"course_id": REFERENCE, "respondent": REFERENCE, "respondent_refs": PERSONAL},
    "PreviousRoundCarriedForward": {"previous_audit_id": REFERENCE},
    "TermsOfReferenceDrafted": {"terms": CASE_CONTENT},
    "TermsOfReferenceEndorsed": {"meeting_date": REFERENCE, "terms_version": REFERENCE},
    "AuditToolAdopted": {"questions": REFERENCE, "template": REFERENCE, "briefings_reset": REFERENCE},
    "DutyToCommunicateConfirmed": {"text": CASE_CONTENT},
    "RatingGuidanceAgreed": {"meeting_date": REFERENCE},
    "AgencyInvited": {"agency_id": REFERENCE},
    "AgencyInvitationWithdrawn": {"agency_id": REFERENCE, "reason": CASE_CONTENT},
    "AuditorNominated": {"person_id": REFERENCE, "agency_id": REFERENCE, "new_to_auditing": PERSONAL},
    "ToolBriefingConfirmed": {"person_id": REFERENCE},
    "CaseSampled": {"case_ref": REFERENCE, "sample_group": ASSESSMENT, "reason": CASE_CONTENT},
    "SampleExtended": {"new_limit": REFERENCE, "reason": CASE_CONTENT},
    "CaseLinkDeclared": {"person_id": REFERENCE, "case_ref": REFERENCE, "nature": CASE_CONTENT},
    "CaseAssigned": {"case_ref": REFERENCE, "person_id": REFERENCE, "agency_id": REFERENCE},
    "CaseAssignmentWithdrawn": {"case_ref": REFERENCE, "person_id": REFERENCE, "agency_id": REFERENCE,
                                "reason": CASE_CONTENT},
    "CaseReassigned": {"case_ref": REFERENCE, "from_person_id": REFERENCE, "person_id": REFERENCE,
                       "agency_id": REFERENCE},
    "FieldworkOpened": {},
    "FieldworkClosed": {"outstanding": REFERENCE, "reason": CASE_CONTENT},
    "InitialFindingsReviewed": {"questions": CASE_CONTENT, "gaps": CASE_CONTENT, "inconsistencies": CASE_CONTENT,
                                "themes": CASE_CONTENT},
    "ModerationMeetingHeld": {"meeting_id": REFERENCE, "meeting_date": REFERENCE, "attendees": PERSONAL},
    "FindingAgreed": {"finding_id": REFERENCE, "finding_kind": REFERENCE, "text": CASE_CONTENT,
                      "agency_id": REFERENCE},
    "PracticeContextRecorded": {"text": CASE_CONTENT, "factors": ASSESSMENT},
    "FamilyConsultationRecorded": {"text": CASE_CONTENT},
    "ProcessLearningRecorded": {"text": CASE_CONTENT},
    "ModerationCompleted": {},
    "RecommendationMade": {"recommendation_id": REFERENCE, "text": CASE_CONTENT},
    "NoRecommendationsRecorded": {"reason": CASE_CONTENT},
    "ReportDrafted": {"report_version": REFERENCE, "summary": CASE_CONTENT},
    "ReportSignedOff": {"signed_off_on": REFERENCE, "report_version": REFERENCE},
    "ReportPresentedToArg": {"presented_on": REFERENCE, "report_version": REFERENCE},
    "FollowUpAuditProposed": {"follow_up_kind": REFERENCE, "text": CASE_CONTENT},
    "AgencyFeedbackRecorded": {"agency_id": REFERENCE, "fed_back_on": REFERENCE, "text": CASE_CONTENT},
    "FeedbackWaived": {"agency_id": REFERENCE, "reason": CASE_CONTENT},
    "EarlierAuditLinked": {"earlier_audit_id": REFERENCE, "recommendation_id": REFERENCE},
    "DisseminationPlanRecorded": {"plan": CASE_CONTENT, "impact_measures": CASE_CONTENT},
    "AuditClosed": {},
    "AuditWithdrawn": {"reason": CASE_CONTENT},
}  # fmt: skip
