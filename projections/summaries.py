# ruff: noqa: E501
"""One line a governance reader understands, for every public event type (R-24).

Summaries read the event's stored fields (``stored``): ids and dates format themselves in f-strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from application.events import PublicEvent

Name = Callable[[Any], str]
Summary = Callable[[PublicEvent, dict[str, Any], Name], str]


def _case(e: PublicEvent, name: Name) -> str:
    agency = f" ({name(e.agency_id)})" if e.agency_id else ""
    return f"case {e.case_ref}{agency}"


SUMMARIES: dict[str, Summary] = {
    "AgencyRegistered": lambda e, d, n: f"Agency {d['name']} ({d['code']}) registered",
    "PersonRegistered": lambda e, d, n: f"{d['name']} registered" + (f" with {n(d['agency_id'])}" if d["agency_id"] else ""),
    "RoleGranted": lambda e, d, n: f"{n(e.aggregate_id)} granted the role {d['role']}",
    "RoleRevoked": lambda e, d, n: f"{n(e.aggregate_id)} lost the role {d['role']}: {d['reason']}",
    "ScheduleProposed": lambda e, d, n: f"Audit schedule {d['year']} proposed",
    "ScheduledAuditPlanned": lambda e, d, n: f"{d['item']['theme']} ({d['item']['kind']}) planned for {d['item']['month']}"
    + (f": {d['reason']}" if d["reason"] else ""),
    "ScheduledAuditRevised": lambda e, d, n: f"Scheduled audit {d['item_id']} revised ({', '.join(sorted(d['changes']))}): {d['reason']}",
    "ScheduledAuditWithdrawn": lambda e, d, n: f"Scheduled audit {d['item_id']} withdrawn: {d['reason']}",
    "ScheduleApproved": lambda e, d, n: "Audit schedule approved by the Executive Group",
    "ScheduledAuditCommissioned": lambda e, d, n: f"Scheduled audit {d['item_id']} commissioned",
    "ToolTemplatePublished": lambda e, d, n: f"Audit tool template {d['name']} published with {len(d['questions'])} questions",
    "ToolTemplateRevised": lambda e, d, n: f"Audit tool template revised ({len(d['questions'])} questions): {d['reason']}",
    "AuditCommissioned": lambda e, d, n: f"{d['theme']} audit ({d['kind']}) commissioned: {d['focus']}",
    "TermsOfReferenceDrafted": lambda e, d, n: f"Terms of reference drafted (fieldwork {d['terms']['fieldwork_start']} to {d['terms']['fieldwork_end']})",
    "DutyToCommunicateConfirmed": lambda e, d, n: f"Duty to tell case-holding teams about the audit confirmed: {d['text']}",
    "TermsOfReferenceEndorsed": lambda e, d, n: f"Terms of reference (draft {d['terms_version']}) endorsed by the Audit Group on {d['meeting_date']}",
    "AuditToolAdopted": lambda e, d, n: f"Audit tool of {len(d['questions'])} questions adopted" + (f" from {d['template']}" if d["template"] else ""),
    "RatingGuidanceAgreed": lambda e, d, n: f"Rating guidance agreed for every question on {d['meeting_date']}",
    "AgencyInvited": lambda e, d, n: f"{n(d['agency_id'])} invited to take part in the audit",
    "AgencyInvitationWithdrawn": lambda e, d, n: f"{n(d['agency_id'])}'s invitation withdrawn: {d['reason']}",
    "AuditorNominated": lambda e, d, n: f"{n(d['person_id'])} ({n(d['agency_id'])}) nominated as auditor"
    + (", new to auditing" if d["new_to_auditing"] else ""),
    "ToolBriefingConfirmed": lambda e, d, n: f"{n(d['person_id'])} confirmed the audit tool briefing",
    "CaseSampled": lambda e, d, n: f"Case {d['case_ref']} sampled ({d['sample_group']}): {d['reason']}",
    "SampleExtended": lambda e, d, n: f"Sample extended to {d['new_limit']} cases: {d['reason']}",
    "CaseLinkDeclared": lambda e, d, n: f"{n(d['person_id'])} declared a link to case {d['case_ref']}: {d['nature']}",
    "CaseAssigned": lambda e, d, n: f"Case {d['case_ref']} assigned to {n(d['person_id'])} ({n(d['agency_id'])})",
    "CaseAssignmentWithdrawn": lambda e, d, n: f"Case {d['case_ref']} withdrawn from {n(d['person_id'])} ({n(d['agency_id'])}): {d['reason']}",
    "CaseReassigned": lambda e, d, n: f"Case {d['case_ref']} reassigned from {n(d['from_person_id'])} to {n(d['person_id'])} ({n(d['agency_id'])})",
    "FieldworkOpened": lambda e, d, n: "Fieldwork opened",
    "FieldworkClosed": lambda e, d, n: "Fieldwork closed"
    + (f" with {len(d['outstanding'])} returns outstanding: {d['reason']}" if d["outstanding"] else ""),
    "InitialFindingsReviewed": lambda e, d, n: f"Initial findings reviewed: {len(d['questions'])} questions, {len(d['gaps'])} gaps,"
    f" {len(d['inconsistencies'])} inconsistencies, {len(d['themes'])} emerging themes",
    "ModerationMeetingHeld": lambda e, d, n: f"Moderation meeting {d['meeting_id']} held on {d['meeting_date']} with {len(d['attendees'])} attendees",
    "FindingAgreed": lambda e, d, n: f"Finding {d['finding_id']} agreed ({d['finding_kind'].replace('_', ' ')}): {d['text']}",
    "PracticeContextRecorded": lambda e, d, n: f"Context of practice recorded: {d['text']}",
    "FamilyConsultationRecorded": lambda e, d, n: "Consultation with children and families recorded",
    "ProcessLearningRecorded": lambda e, d, n: f"Learning about the audit process recorded: {d['text']}",
    "ModerationCompleted": lambda e, d, n: "Moderation completed",
    "RecommendationMade": lambda e, d, n: f"Recommendation {d['recommendation_id']} made: {d['text']}",
    "NoRecommendationsRecorded": lambda e, d, n: f"No recommendations made: {d['reason']}",
    "ReportDrafted": lambda e, d, n: f"Summary report draft {d['report_version']} recorded",
    "ReportSignedOff": lambda e, d, n: f"Report (draft {d['report_version']}) signed off by the Audit Group on {d['signed_off_on']}",
    "ReportPresentedToArg": lambda e, d, n: "Report" + (f" (draft {d['report_version']})" if d.get("report_version") else "")
    + f" presented to the ARG on {d['presented_on']}",
    "FollowUpAuditProposed": lambda e, d, n: f"Follow-up audit proposed ({d['follow_up_kind'].replace('_', ' ')}): {d['text']}",
    "AgencyFeedbackRecorded": lambda e, d, n: f"{n(d['agency_id'])} fed the findings back to its staff on {d['fed_back_on']}",
    "FeedbackWaived": lambda e, d, n: f"Feedback by {n(d['agency_id'])} waived: {d['reason']}",
    "EarlierAuditLinked": lambda e, d, n: f"Linked as the follow-up asked for by recommendation {d['recommendation_id']} of audit {d['earlier_audit_id']}",
    "DisseminationPlanRecorded": lambda e, d, n: f"Dissemination plan recorded with {len(d['impact_measures'])} impact measures",
    "AuditClosed": lambda e, d, n: "Audit closed",
    "AuditWithdrawn": lambda e, d, n: f"Audit withdrawn: {d['reason']}",
    "ReturnStarted": lambda e, d, n: f"Return for {_case(e, n)} started by {n(d['auditor_id'])}",
    "ReturnDraftSaved": lambda e, d, n: f"Draft return for {_case(e, n)} saved"
    + (f" ({', '.join(sorted(d['answers']))} rated)" if d["answers"] else ""),
    "ReturnSubmitted": lambda e, d, n: f"Return for {_case(e, n)} submitted",
    "ReturnSetAside": lambda e, d, n: f"Return for {_case(e, n)} set aside: {d['reason']}",
    "ReturnReopened": lambda e, d, n: f"Return for {_case(e, n)} reopened: {d['reason']}",
    "RatingRevisedAtModeration": lambda e, d, n: f"{d['question_id']} rating for {_case(e, n)} revised from {d['from_rating']}"
    f" to {d['to_rating']} at moderation: {d['reason']}",
    "ConcernRaised": lambda e, d, n: f"Urgent concern about {_case(e, n)} raised with {n(d['manager_id'])}",
    "ConcernEscalated": lambda e, d, n: f"Urgent concern about {_case(e, n)} escalated (reminder {d['escalation_number']})",
    "ConcernAcknowledged": lambda e, d, n: f"Urgent concern about {_case(e, n)} acknowledged",
    "ActionAgreed": lambda e, d, n: f"Action for {d['recommendation_id']} agreed, owned by {n(d['owner_person_id'])}"
    f" ({n(d['owner_agency_id'])}), due {d['due_date']}: {d['specific']}",
    "ActionProgressReported": lambda e, d, n: f"Progress on action: {d['note']}",
    "ActionBlocked": lambda e, d, n: f"Action blocked: {d['blocker']}",
    "ActionUnblocked": lambda e, d, n: f"Action unblocked: {d['note']}",
    "ActionDueDateRevised": lambda e, d, n: f"Action due date moved from {d['from_date']} to {d['to_date']}: {d['reason']}",
    "ActionDueDateMoveAgreed": lambda e, d, n: f"ARG agreed to move the action's due date from {d['from_date']} to {d['to_date']}: {d['reason']}",
    "ActionCompleted": lambda e, d, n: f"Action completed: {d['evidence']}",
    "ActionReportedByException": lambda e, d, n: f"Action reported to the Executive Group by exception ({d['stall']})",
    "SingleAgencyRiskReported": lambda e, d, n: f"{n(d['agency_id'])} reported a single-agency risk finding from {d['audit_title']}",
    "RiskReportScheduled": lambda e, d, n: f"Single-agency risk report scheduled to the Executive Group on {d['meeting_date']}",
    "CredentialIssued": lambda e, d, n: f"Credential '{d['label']}' issued to {n(e.aggregate_id)}, expires {d['expires_at']:%Y-%m-%d}",
    "CredentialRevoked": lambda e, d, n: f"Credential {d['credential_id']} of {n(e.aggregate_id)} revoked: {d['reason']}",
    "AccessLogOpened": lambda e, d, n: f"Access log of {n(d['person_id'])} for {d['day']} opened",
    "FirstAdminAppointed": lambda e, d, n: f"{n(d['person_id'])} made the first admin (assure admin bootstrap)",
    "AdminBootstrapForced": lambda e, d, n: f"{n(d['person_id'])} made an admin by a forced bootstrap: {d['reason']}",
    "CaseDataReadRecorded": lambda e, d, n: f"{n(e.actor)} read, through {d['through']}: " + "; ".join(
        r["what"] + (f" for case {r['case_ref']}" if r["case_ref"] else "") for r in d["reads"][:10])
    + (f" and {len(d['reads']) - 10} more" if len(d["reads"]) > 10 else ""),
    "CaseDataRead": lambda e, d, n: f"{n(e.actor)} read {d['what']}" + (f" for case {d['case_ref']}" if d["case_ref"] else ""),
    "ExceptionReportIssued": lambda e, d, n: f"Exception report issued to the Executive Group: {len(d['stalled_actions'])} stalled actions, {len(d['risk_reports'])} single-agency risk reports",
    "SubscriptionCreated": lambda e, d, n: f"Subscription created for {d['url_host']}" + (f" ({', '.join(d['event_types'])})" if d["event_types"] else " (all events)"),
    "SubscriptionPaused": lambda e, d, n: f"Subscription paused: {d['reason']}",
    "SubscriptionResumed": lambda e, d, n: "Subscription resumed",
    "DisclosureGranted": lambda e, d, n: f"Subscription granted {d['data_class']}: {d['reason']}",
    "FeedDisclosureGranted": lambda e, d, n: f"Credential {d['credential_id']} of {n(e.aggregate_id)} granted {d['data_class']}"
    + (f" ({', '.join(d['event_types'])})" if d["event_types"] else " (all events)") + f": {d['reason']}",
    "SubscriptionSecretRotated": lambda e, d, n: f"Subscription signing secret rotated (generation {d['generation']});"
    f" the previous one also signs until {d['previous_valid_until'].isoformat()}",
}  # fmt: skip


def summarise(event: PublicEvent, name: Name) -> str:
    """The one-line summary of an event."""
    summary = SUMMARIES.get(event.type)
    return summary(event, event.stored, name) if summary else f"{event.type} recorded"
