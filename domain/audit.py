"""The audit: one multi-agency audit through its five stages (guidance section 6)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from uuid import UUID

from domain.audit_planning import AuditPlanning
from domain.base import require_member, require_reason, require_text
from domain.errors import AlreadyRecorded, InvalidValue, NotReady
from domain.values import CONTEXT_FACTORS, FindingKind, Stage

FOLLOW_UP_KINDS = ("wider_sample", "deeper_dive")


class Audit(AuditPlanning):
    """A commissioned audit, from terms of reference to closure."""

    # Stage three: moderation
    def review_initial_findings(
        self, questions: list[str], gaps: list[str], inconsistencies: list[str], themes: list[str],
        actor: str, at: datetime,
    ) -> None:  # fmt: skip
        """The chair records questions, gaps, inconsistencies and emerging themes (R-13)."""
        self._require_stage("review initial findings", Stage.MODERATION)
        notes = [self._texts(questions), self._texts(gaps), self._texts(inconsistencies), self._texts(themes)]
        if not any(notes):
            raise InvalidValue("record at least one question, gap, inconsistency or emerging theme")
        self._record(self.InitialFindingsReviewed, actor, at, questions=notes[0], gaps=notes[1],
                     inconsistencies=notes[2], themes=notes[3])  # fmt: skip

    def hold_moderation_meeting(self, meeting_date: date, attendees: list[str], actor: str, at: datetime) -> str:
        """Record the moderation meeting and who attended (R-14)."""
        self._require_stage("record a moderation meeting", Stage.MODERATION)
        people = self._texts(attendees)
        if not people:
            raise InvalidValue("a moderation meeting needs its attendees")
        meeting_id = self._next_id("M", self.meetings)
        self._record(self.ModerationMeetingHeld, actor, at, meeting_id=meeting_id, meeting_date=meeting_date,
                     attendees=people)  # fmt: skip
        return meeting_id

    def require_moderation_meeting(self) -> str:
        """Ratings are revised only at a recorded moderation meeting (R-14); returns the latest."""
        self._require_stage("revise a rating", Stage.MODERATION)
        if not self.meetings:
            raise NotReady("record the moderation meeting before revising ratings at it")
        return self.meetings[-1]

    def agree_finding(self, finding_kind: str, text: str, agency_id: UUID | None, actor: str, at: datetime) -> str:
        """Record a finding agreed at moderation (R-15)."""
        self._require_stage("agree a finding", Stage.MODERATION)
        require_member(finding_kind, [k.value for k in FindingKind], "finding kind")
        if not self.meetings:
            raise NotReady("findings are agreed at the moderation meeting: record the meeting first")
        finding_id = self._next_id("F", self.findings)
        self._record(self.FindingAgreed, actor, at, finding_id=finding_id, finding_kind=finding_kind,
                     text=require_text(text, "finding"), agency_id=agency_id)  # fmt: skip
        return finding_id

    def record_practice_context(self, text: str, factors: list[str], actor: str, at: datetime) -> None:
        """The context in which practice took place (6.3.3)."""
        self._require_stage("record the context of practice", Stage.MODERATION)
        for factor in factors:
            require_member(factor, CONTEXT_FACTORS, "context factor")
        self._record(self.PracticeContextRecorded, actor, at, text=require_text(text, "context of practice"),
                     factors=list(factors))  # fmt: skip

    def record_family_consultation(self, text: str, actor: str, at: datetime) -> None:
        """Consultation with children, young people and families (6.3.7)."""
        self._require_stage("record family consultation", Stage.MODERATION, Stage.REPORTING)
        self._record(self.FamilyConsultationRecorded, actor, at, text=require_text(text, "consultation"))

    def record_process_learning(self, text: str, actor: str, at: datetime) -> None:
        """Learning about the audit process itself (6.3.5)."""
        self._require_stage("record process learning", Stage.MODERATION, Stage.REPORTING)
        self._record(self.ProcessLearningRecorded, actor, at, text=require_text(text, "process learning"))

    def complete_moderation(self, actor: str, at: datetime) -> None:
        """Close moderation once the meeting is held and findings agreed."""
        self._require_stage("complete moderation", Stage.MODERATION)
        if not self.meetings:
            raise NotReady("moderation cannot complete before the moderation meeting is recorded")
        if not self.findings:
            raise NotReady("moderation cannot complete before at least one finding is agreed")
        self._record(self.ModerationCompleted, actor, at)

    # Stage four: reporting
    def make_recommendation(self, text: str, actor: str, at: datetime) -> str:
        """A recommendation about where change is most needed (6.4.2)."""
        self._require_stage("make a recommendation", Stage.REPORTING)
        recommendation_id = self._next_id("R", self.recommendations)
        self._record(self.RecommendationMade, actor, at, recommendation_id=recommendation_id,
                     text=require_text(text, "recommendation"))  # fmt: skip
        return recommendation_id

    def require_recommendation(self, recommendation_id: str) -> None:
        """SMART actions answer a recommendation of this audit (R-18)."""
        self._require_stage("agree an action", Stage.REPORTING, Stage.DISSEMINATION)
        if recommendation_id not in self.recommendations:
            raise InvalidValue(f"the audit has no recommendation {recommendation_id}")

    def draft_report(self, summary: str, actor: str, at: datetime) -> int:
        """Record a draft of the summary report (6.4.1)."""
        self._require_stage("draft the report", Stage.REPORTING)
        version = self.report_version + 1
        self._record(self.ReportDrafted, actor, at, report_version=version, summary=require_text(summary, "summary"))
        return version

    def sign_off_report(self, signed_off_on: date, actor: str, at: datetime) -> None:
        """The Audit Group signs off the report (R-17)."""
        self._require_stage("sign off the report", Stage.REPORTING)
        if self.signed_off_on is not None:
            raise AlreadyRecorded(f"the report was signed off on {self.signed_off_on.isoformat()}")
        if not self.report_version:
            raise NotReady("there is no report draft to sign off")
        self._record(self.ReportSignedOff, actor, at, signed_off_on=signed_off_on,
                     report_version=self.report_version)  # fmt: skip

    def present_to_arg(self, presented_on: date, actor: str, at: datetime) -> None:
        """The signed-off report goes to the ARG (R-17); dissemination begins."""
        self._require_stage("present the report to the ARG", Stage.REPORTING)
        if self.signed_off_on is None:
            raise NotReady("the report must be signed off by the Audit Group before it goes to the ARG")
        if presented_on < self.signed_off_on:
            raise InvalidValue("the report cannot be presented before it was signed off")
        self._record(self.ReportPresentedToArg, actor, at, presented_on=presented_on)

    def propose_follow_up(self, follow_up_kind: str, text: str, actor: str, at: datetime) -> None:
        """Propose a follow-up audit: a wider sample or a deeper dive (6.4.5)."""
        self._require_stage("propose a follow-up audit", Stage.REPORTING, Stage.DISSEMINATION)
        require_member(follow_up_kind, FOLLOW_UP_KINDS, "follow-up kind")
        self._record(self.FollowUpAuditProposed, actor, at, follow_up_kind=follow_up_kind,
                     text=require_text(text, "proposal"))  # fmt: skip

    # Stage five: dissemination
    def record_agency_feedback(self, agency_id: UUID, fed_back_on: date, text: str, actor: str, at: datetime) -> None:
        """An agency's feedback of the findings to its own staff (R-19)."""
        self._require_stage("record agency feedback", Stage.DISSEMINATION)
        self._record(self.AgencyFeedbackRecorded, actor, at, agency_id=agency_id, fed_back_on=fed_back_on,
                     text=require_text(text, "feedback summary"))  # fmt: skip

    def record_dissemination_plan(self, plan: str, impact_measures: list[str], actor: str, at: datetime) -> None:
        """The L&D group's dissemination plan with measures of impact (R-19)."""
        self._require_stage("record the dissemination plan", Stage.REPORTING, Stage.DISSEMINATION)
        measures = self._texts(impact_measures)
        if not measures:
            raise InvalidValue("a dissemination plan needs at least one measure of impact over time")
        self._record(self.DisseminationPlanRecorded, actor, at, plan=require_text(plan, "plan"),
                     impact_measures=measures)  # fmt: skip

    def close(self, recommendations_with_actions: Collection[str], actor: str, at: datetime) -> None:
        """Close the audit once every recommendation has a SMART action (R-18)."""
        self._require_stage("close the audit", Stage.DISSEMINATION)
        unanswered = sorted(set(self.recommendations) - set(recommendations_with_actions))
        if unanswered:
            raise NotReady(f"recommendations without a SMART action: {', '.join(unanswered)}")
        if self.dissemination_plan is None:
            raise NotReady("record the dissemination plan before closing the audit")
        self._record(self.AuditClosed, actor, at)

    def withdraw(self, reason: str, actor: str, at: datetime) -> None:
        """Withdraw an audit that will not go ahead, with a reason."""
        if self.stage in (Stage.CLOSED, Stage.WITHDRAWN):
            raise AlreadyRecorded(f"the audit is already {self.stage.value}")
        self._record(self.AuditWithdrawn, actor, at, reason=require_reason(reason, "withdraw an audit"))
