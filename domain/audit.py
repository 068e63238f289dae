"""The audit: one multi-agency audit through its five stages (guidance section 6)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from uuid import UUID

from domain.audit_planning import AuditPlanning
from domain.base import require_member, require_reason, require_text
from domain.errors import AgencyNotInvited, AlreadyRecorded, InvalidValue, NotReady, OutOfStage, ReportFrozen
from domain.limits import LINE, NAME, REASON, TEXT, check_date, check_list
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
        notes = [
            self._texts(questions, "questions", REASON),
            self._texts(gaps, "gaps", REASON),
            self._texts(inconsistencies, "inconsistencies", REASON),
            self._texts(themes, "themes", REASON),
        ]
        if not any(notes):
            raise InvalidValue("record at least one question, gap, inconsistency or emerging theme")
        self._record(self.InitialFindingsReviewed, actor, at, questions=notes[0], gaps=notes[1],
                     inconsistencies=notes[2], themes=notes[3])  # fmt: skip

    def hold_moderation_meeting(self, meeting_date: date, attendees: list[str], actor: str, at: datetime) -> str:
        """Record the moderation meeting and who attended (R-14)."""
        self._require_stage("record a moderation meeting", Stage.MODERATION)
        check_date(meeting_date, "the meeting date")
        people = self._texts(attendees, "attendees", NAME)
        if not people:
            raise InvalidValue("a moderation meeting needs its attendees")
        self.require_date_in_history(meeting_date, "the moderation meeting", at, not_after_today=False)
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
                     text=require_text(text, "finding", TEXT), agency_id=agency_id)  # fmt: skip
        return finding_id

    def record_practice_context(self, text: str, factors: list[str], actor: str, at: datetime) -> None:
        """The context in which practice took place (6.3.3)."""
        self._require_stage("record the context of practice", Stage.MODERATION)
        for factor in check_list(factors, "context factors", len(CONTEXT_FACTORS)):
            require_member(factor, CONTEXT_FACTORS, "context factor")
        self._record(self.PracticeContextRecorded, actor, at, text=require_text(text, "context of practice", TEXT),
                     factors=list(factors))  # fmt: skip

    def record_family_consultation(self, text: str, actor: str, at: datetime) -> None:
        """Consultation with children, young people and families (6.3.7)."""
        self._require_stage("record family consultation", Stage.MODERATION, Stage.REPORTING)
        self._require_report_open("record family consultation")
        self._record(self.FamilyConsultationRecorded, actor, at, text=require_text(text, "consultation", TEXT))

    def record_process_learning(self, text: str, actor: str, at: datetime) -> None:
        """Learning about the audit process itself (6.3.5)."""
        self._require_stage("record process learning", Stage.MODERATION, Stage.REPORTING)
        self._require_report_open("record process learning")
        self._record(self.ProcessLearningRecorded, actor, at, text=require_text(text, "process learning", TEXT))

    def complete_moderation(self, reopened: list[str], actor: str, at: datetime) -> None:
        """Close moderation once the meeting is held, findings agreed and no return is left reopened (R-10, R-14)."""
        self._require_stage("complete moderation", Stage.MODERATION)
        if reopened:
            raise NotReady(f"returns reopened at moderation are not yet resubmitted or revised: {', '.join(reopened)}")
        if not self.meetings:
            raise NotReady("moderation cannot complete before the moderation meeting is recorded")
        if not self.findings:
            raise NotReady("moderation cannot complete before at least one finding is agreed")
        self._record(self.ModerationCompleted, actor, at)

    # Stage four: reporting
    def make_recommendation(self, text: str, actor: str, at: datetime) -> str:
        """A recommendation about where change is most needed (6.4.2)."""
        self._require_stage("make a recommendation", Stage.REPORTING)
        self._require_report_open("make a recommendation")
        recommendation_id = self._next_id("R", self.recommendations)
        self._record(self.RecommendationMade, actor, at, recommendation_id=recommendation_id,
                     text=require_text(text, "recommendation", TEXT))  # fmt: skip
        return recommendation_id

    def record_no_recommendations(self, reason: str, actor: str, at: datetime) -> None:
        """Record why the audit makes no recommendations, so closure does not wait for actions (R-18)."""
        self._require_stage("record that there are no recommendations", Stage.REPORTING)
        self._require_report_open("record that there are no recommendations")
        if self.recommendations:
            raise AlreadyRecorded(f"the audit has {len(self.recommendations)} recommendations")
        self._record(self.NoRecommendationsRecorded, actor, at,
                     reason=require_reason(reason, "make no recommendations"))  # fmt: skip

    def require_recommendation(self, recommendation_id: str) -> None:
        """SMART actions answer a recommendation of this audit (R-18)."""
        self._require_stage("agree an action", Stage.REPORTING, Stage.DISSEMINATION)
        if recommendation_id not in self.recommendations:
            raise InvalidValue(f"the audit has no recommendation {recommendation_id}")

    def draft_report(self, summary: str, actor: str, at: datetime) -> int:
        """Record a draft of the summary report (6.4.1)."""
        self._require_stage("draft the report", Stage.REPORTING)
        version = self.report_version + 1
        summary = require_text(summary, "summary", TEXT)
        self._record(self.ReportDrafted, actor, at, report_version=version, summary=summary)
        return version

    def sign_off_report(self, signed_off_on: date, actor: str, at: datetime) -> None:
        """The Audit Group signs off the current draft; a later draft needs its own sign-off (R-17)."""
        self._require_stage("sign off the report", Stage.REPORTING)
        check_date(signed_off_on, "the sign-off date")
        if not self.report_version:
            raise NotReady("there is no report draft to sign off")
        if self.signed_off_on is not None and self.signed_off_version == self.report_version:
            raise AlreadyRecorded(f"draft {self.report_version} was signed off on {self.signed_off_on.isoformat()}")
        self.require_date_in_history(signed_off_on, "the sign-off", at)
        if self.signed_off_on is not None and signed_off_on < self.signed_off_on:
            raise InvalidValue(f"the sign-off cannot be before the previous one ({self.signed_off_on.isoformat()})")
        self._record(self.ReportSignedOff, actor, at, signed_off_on=signed_off_on,
                     report_version=self.report_version)  # fmt: skip

    def present_to_arg(self, presented_on: date, actor: str, at: datetime) -> None:
        """The signed-off report goes to the ARG (R-17); dissemination begins."""
        self._require_stage("present the report to the ARG", Stage.REPORTING)
        check_date(presented_on, "the presentation date")
        if self.signed_off_on is None:
            raise NotReady("the report must be signed off by the Audit Group before it goes to the ARG")
        if self.signed_off_version != self.report_version:
            raise NotReady(
                f"draft {self.report_version} is not signed off (draft {self.signed_off_version} was): the ARG is"
                " presented the signed-off report"
            )
        if presented_on < self.signed_off_on:
            raise InvalidValue("the report cannot be presented before it was signed off")
        self.require_date_in_history(presented_on, "the presentation to the ARG", at)
        self._record(self.ReportPresentedToArg, actor, at, presented_on=presented_on,
                     report_version=self.report_version)  # fmt: skip

    def propose_follow_up(self, follow_up_kind: str, text: str, actor: str, at: datetime) -> None:
        """Propose a follow-up audit: a wider sample or a deeper dive (6.4.5)."""
        self._require_stage("propose a follow-up audit", Stage.REPORTING, Stage.DISSEMINATION)
        require_member(follow_up_kind, FOLLOW_UP_KINDS, "follow-up kind")
        self._require_report_open("propose a follow-up audit")
        self._record(self.FollowUpAuditProposed, actor, at, follow_up_kind=follow_up_kind,
                     text=require_text(text, "proposal", TEXT))  # fmt: skip

    # Stage five: dissemination
    def record_agency_feedback(self, agency_id: UUID, fed_back_on: date, text: str, actor: str, at: datetime) -> None:
        """An agency's feedback of the findings to its own staff (R-19)."""
        self._require_stage("record agency feedback", Stage.DISSEMINATION)
        if not self.takes_part(agency_id):
            raise AgencyNotInvited("only an agency taking part in the audit records feedback on it")
        check_date(fed_back_on, "the feedback date")
        self.require_date_in_history(fed_back_on, "the feedback", at)
        self._record(self.AgencyFeedbackRecorded, actor, at, agency_id=agency_id, fed_back_on=fed_back_on,
                     text=require_text(text, "feedback summary", TEXT))  # fmt: skip

    def waive_feedback(self, agency_id: UUID, reason: str, actor: str, at: datetime) -> None:
        """Record, with a reason, that a participating agency will not feed back (R-19)."""
        self._require_stage("waive an agency's feedback", Stage.DISSEMINATION)
        if str(agency_id) not in self.participating_agencies():
            raise InvalidValue("the agency takes no part in this audit")
        if str(agency_id) in self.feedback_agencies | self.feedback_waived:
            raise AlreadyRecorded("the agency's feedback is already recorded or waived")
        self._record(self.FeedbackWaived, actor, at, agency_id=agency_id,
                     reason=require_reason(reason, "waive an agency's feedback"))  # fmt: skip

    def record_dissemination_plan(self, plan: str, impact_measures: list[str], actor: str, at: datetime) -> None:
        """The L&D group's dissemination plan with measures of impact (R-19)."""
        self._require_stage("record the dissemination plan", Stage.REPORTING, Stage.DISSEMINATION)
        self._require_report_open("record the dissemination plan")
        measures = self._texts(impact_measures, "impact measures", LINE)
        if not measures:
            raise InvalidValue("a dissemination plan needs at least one measure of impact over time")
        self._record(self.DisseminationPlanRecorded, actor, at, plan=require_text(plan, "plan", TEXT),
                     impact_measures=measures)  # fmt: skip

    def close(
        self, recommendations_with_actions: Collection[str], agency_names: dict[str, str], actor: str, at: datetime
    ) -> None:
        """Close a presented audit once its action plan, dissemination plan and feedback are complete (R-18, R-19)."""
        self._require_stage("close the audit", Stage.DISSEMINATION)
        missing = self.missing_for_closure(recommendations_with_actions, agency_names)
        if missing:
            raise NotReady(f"the audit cannot close; missing: {'; '.join(missing)}")
        self._record(self.AuditClosed, actor, at)

    def missing_for_closure(
        self, recommendations_with_actions: Collection[str], agency_names: dict[str, str]
    ) -> list[str]:
        """What closure still waits for, in the partnership's words."""
        missing = []
        if not self.recommendations and self.no_recommendations_reason is None:
            missing.append("recommendations, or a recorded reason why there are none")
        unanswered = sorted(set(self.recommendations) - set(recommendations_with_actions))
        if unanswered:
            missing.append(f"recommendations without a SMART action: {', '.join(unanswered)}")
        if self.dissemination_plan is None:
            missing.append("the dissemination plan")
        silent = self.participating_agencies() - self.feedback_agencies - self.feedback_waived
        if silent:
            names = ", ".join(sorted(agency_names.get(a, a) for a in silent))
            missing.append(f"feedback recorded or waived with a reason for {names}")
        return missing

    def link_earlier_audit(self, earlier: Audit, recommendation_id: str, actor: str, at: datetime) -> None:
        """Tie this audit to the earlier audit's recommendation that asked for it, to compare the two (R-29)."""
        if self.stage in (Stage.CLOSED, Stage.WITHDRAWN):
            raise OutOfStage(f"cannot link an earlier audit: the audit is {self.stage.value}")
        if earlier.id == self.id:
            raise InvalidValue("an audit cannot follow up itself")
        if recommendation_id not in earlier.recommendations:
            raise InvalidValue(f"the earlier audit has no recommendation {recommendation_id}")
        if earlier.theme.casefold() != self.theme.casefold() and not _same_tool(earlier, self):
            raise InvalidValue("an audit is compared only with an earlier audit of the same tool or theme")
        if self.follows_up is not None:
            raise AlreadyRecorded("this audit is already linked to an earlier audit")
        self._record(self.EarlierAuditLinked, actor, at, earlier_audit_id=earlier.id,
                     recommendation_id=recommendation_id)  # fmt: skip

    def _require_report_open(self, doing: str) -> None:
        if self.stage == Stage.REPORTING and self.report_version and self.signed_off_version == self.report_version:
            raise ReportFrozen(
                f"cannot {doing}: draft {self.report_version} of the report is signed off; record a new draft, then"
                " sign it off again"
            )

    def withdraw(self, reason: str, actor: str, at: datetime) -> None:
        """Withdraw an audit that will not go ahead, with a reason."""
        if self.stage in (Stage.CLOSED, Stage.WITHDRAWN):
            raise AlreadyRecorded(f"the audit is already {self.stage.value}")
        self._record(self.AuditWithdrawn, actor, at, reason=require_reason(reason, "withdraw an audit"))


def _same_tool(one: Audit, other: Audit) -> bool:
    """Two audits share a tool when they ask the same questions."""
    return bool(one.questions) and [q["text"] for q in one.questions] == [q["text"] for q in other.questions]
