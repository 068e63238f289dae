"""Response bodies of the reads, so the OpenAPI is typed and clients can be generated from it.

Every model allows fields beyond those declared: a new field is an addition, never a break, for a typed client.
Times are ISO 8601 strings in UTC; business dates are ISO dates; ids are UUID strings.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    """A response body; more fields may appear in later versions."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


Str = str | None


class Timeliness(Out):
    rag: str = Field(examples=["amber"])
    reasons: list[str]


class FindingRow(Out):
    finding_id: str
    kind: str
    text: str
    agency_id: Str = None
    agreed_at: Str = None


class RecommendationRow(Out):
    recommendation_id: str
    text: str
    made_at: Str = None


class AuditRowBase(Out):
    audit_id: str
    kind: str
    theme: str
    focus: Str = None
    stage: str
    schedule_item: Str = None
    commissioned_at: Str = None
    fieldwork_start: Str = None
    fieldwork_end: Str = None
    moderation_date: Str = None
    sign_off_date: Str = None
    report_to_arg_date: Str = None
    terms_endorsed_at: Str = None
    fieldwork_opened_at: Str = None
    fieldwork_closed_at: Str = None
    moderation_completed_at: Str = None
    signed_off_on: Str = None
    presented_on: Str = None
    closed_at: Str = None
    withdrawn_reason: Str = None
    cases: int = 0
    auditors: int = 0
    last_event_at: Str = None
    timeliness: Timeliness | None = None


class AuditRow(AuditRowBase):
    """An audit in the list: counts of findings and recommendations."""

    findings: int = 0
    recommendations: int = 0


class AuditOverview(AuditRowBase):
    """An audit's overview: its findings and recommendations."""

    findings: list[FindingRow] = []
    recommendations: list[RecommendationRow] = []


class ReturnRow(Out):
    audit_id: str
    case_ref: str
    agency_id: str
    auditor_id: str
    return_id: Str = None
    status: str
    assigned_at: Str = None
    started_at: Str = None
    first_submitted_at: Str = None
    submitted_at: Str = None
    reopened: int = 0
    child_voice_evident: bool | int | None = None
    context_factors: list[str] | None = None


class RatingRow(Out):
    return_id: str
    question_id: str
    audit_id: str
    case_ref: str
    agency_id: str
    rating: Str = None
    original_rating: Str = None
    revised_reason: Str = None
    revised_at: Str = None


class ActionRow(Out):
    action_id: str
    audit_id: str
    recommendation_id: str
    specific: str
    measure: str
    owner_agency_id: str
    owner_person_id: str
    due_date: str
    original_due_date: Str = None
    due_date_revisions: int = 0
    status: str
    agreed_at: Str = None
    last_progress_at: Str = None
    last_progress_note: Str = None
    blocked_since: Str = None
    blocker: Str = None
    completed_at: Str = None
    reported_stalls: list[str] = []
    stalls: list[str] = []


class PlannedAction(ActionRow):
    rag: str


class ActionPlanRow(Out):
    """A recommendation with its actions' live status and a RAG (R-18)."""

    recommendation_id: str
    text: str
    made_at: Str = None
    actions: list[PlannedAction]
    rag: str


class AuditAsAt(Out):
    """An audit as it stood at a moment (R-24)."""

    as_at: str
    position: int
    overview: AuditOverview | None = None
    returns: list[ReturnRow]
    ratings: list[RatingRow]
    actions: list[ActionRow]


class AuditorOut(Out):
    person_id: str
    name: str
    agency_id: Str = None
    new_to_auditing: bool = False
    briefed: bool = False


class SampledCaseOut(Out):
    case_ref: str
    sample_group: str
    reason: str


class ReturnStatus(Out):
    case_ref: str
    agency_id: str
    auditor_id: str
    status: str


class AuditRecord(Out):
    """An audit as it stands, from its events (ETag: ``version``)."""

    id: str
    version: int
    kind: str
    theme: str
    focus: str
    rationale: str
    schedule_item: Str = None
    stage: str
    terms: dict[str, Any] | None = None
    terms_endorsed: bool
    questions: list[dict[str, Any]]
    rating_guidance_agreed: bool
    auditors: list[AuditorOut]
    sample_limit: int
    cases: list[SampledCaseOut]
    returns: list[ReturnStatus]
    invited_agencies: list[str] = Field(default_factory=list, description="ids of the agencies invited (R-26)")
    fieldwork_missing: list[str]
    meetings: list[Any]
    findings: list[dict[str, Any]]
    recommendations: list[RecommendationRow]
    report_version: int | None = None
    signed_off_on: Str = None
    presented_on: Str = None
    dissemination_plan: Str = None


class ReturnRecord(Out):
    id: str
    version: int
    audit_id: str
    case_ref: str
    agency_id: str
    auditor_id: str
    status: str
    answers: dict[str, dict[str, Any]]
    sections: dict[str, str]
    child_voice_evident: bool | None = None
    context_factors: list[str] | None = None
    original_ratings: dict[str, Any]
    missing: list[str]


class SetAsideReturn(Out):
    """A return set aside when its auditor declared a link to the case (R-9)."""

    id: str
    case_ref: str
    agency_id: str
    auditor_id: str
    status: str
    reason: str
    answers: dict[str, dict[str, Any]]
    sections: dict[str, str]


class RoutineSummaryOut(Out):
    """A routine assurance summary (R-28); its sections as recorded."""

    id: str
    version: int
    period: str
    period_start: str
    period_end: str
    issued_at: str
    audits: Any = None
    actions: Any = None
    stalled_actions: Any = None
    risk_reports: Any = None
    accountability: Any = None


class ConcernRow(Out):
    concern_id: str
    audit_id: str
    case_ref: str
    agency_id: str
    manager_id: str
    raised_by: str
    raised_at: str
    escalations: int
    last_escalated_at: Str = None
    acknowledged_at: Str = None
    acknowledged_by: Str = None


class ConcernRecord(Out):
    id: str
    version: int
    audit_id: str
    case_ref: str
    agency_id: str
    manager_id: str
    summary: str
    escalations: int
    acknowledged: bool


class ActionRecord(Out):
    id: str
    version: int
    audit_id: str
    recommendation_id: str
    specific: str
    measure: str
    owner_agency_id: str
    owner_person_id: str
    due_date: str
    status: str
    blocked_since: Str = None
    last_progress_at: Str = None


class ScheduleOut(Out):
    id: str
    year: str
    approved: bool
    items: list[dict[str, Any]]
    version: int


class TrailRow(Out):
    position: int
    occurred_at: str
    actor: str
    actor_name: str
    event_type: str
    aggregate_type: str
    aggregate_id: str
    aggregate_version: int
    audit_id: Str = None
    case_ref: Str = None
    agency_id: Str = None
    subject_person: Str = None
    summary: str
    credential_id: Str = Field(None, description="the credential the event was recorded with (never its secret)")
    acting_as: Str = Field(
        None,
        description="who acted and with whose token, e.g. 'Pat Police, with a token"
        " issued by Avery Admin on 2026-12-01'",
    )


class TrailPageOut(Out):
    rows: list[TrailRow]
    next_cursor: int | None = None


class CaseReadRow(Out):
    position: int
    item: int
    occurred_at: str
    person_id: str
    person_name: Str = None
    through: str = Field(description="the route the content was read through, e.g. 'GET /audits/{audit_id}'")
    what: str
    audit_id: Str = None
    case_ref: Str = None
    agency_id: Str = None


class CaseReadsPage(Out):
    rows: list[CaseReadRow]
    next_cursor: int | None = None


class AggregateRef(Out):
    type: str
    id: str
    version: int


class FeedItem(Out):
    """The public event item (DESIGN.md, "Public contracts"); ``data`` per type: GET /events/schemas. An event
    that cannot be read is quarantined and shows as type ``Unreadable``, with null id, aggregate, time and actor."""

    position: int
    id: Str = None
    type: str
    schema_version: int
    aggregate: AggregateRef | None = None
    audit_id: Str = None
    occurred_at: Str = None
    actor: Str = None
    data: dict[str, Any]


class FeedPage(Out):
    items: list[FeedItem]
    next_after: int


class AccountabilityRow(Out):
    agency_id: str
    agency: str
    returns_assigned: int
    returns_due: int
    submitted_on_time: int
    submitted_late: int
    outstanding: int
    overdue_outstanding: int
    actions_owned: int
    actions_overdue: int
    actions_blocked: int
    actions_completed: int


class ViewsOut(Out):
    positions: dict[str, int]
    reached: bool | None = None


class MeOut(Out):
    person_id: str
    name: str
    roles: list[str]
    agency_id: Str = None


class PersonOut(Out):
    id: str
    name: str
    email: str
    agency_id: Str = None
    roles: list[str]
    version: int


class RiskReportOut(Out):
    id: str
    agency_id: str
    audit_title: str
    finding: str
    meeting_date: Str = None
    version: int


class Change(Out):
    field: str
    before: Any = None
    after: Any = None


class ReportComparison(Out):
    from_position: int = Field(alias="from")
    to_position: int = Field(alias="to")
    changes: list[Change]


class DeliveryFailure(Out):
    position: int
    event_id: str
    attempts: int
    last_error: str
    failed_at: float


class Redelivery(Out):
    delivered: bool


class ExceptionReportOut(Out):
    id: str
    version: int
    issued_on: str
    stalled_actions: list[dict[str, Any]]
    risk_reports: list[dict[str, Any]]


class Health(Out):
    status: str


class Readiness(Out):
    ready: bool
    status: str = Field(description="ready, degraded (an event is quarantined) or not ready")
    checks: dict[str, dict[str, Any]] | None = Field(default=None, description="only for an authenticated caller")


class EventSchemas(Out):
    """The JSON Schema of every public event type's ``data``, by type."""

    schemas: dict[str, dict[str, Any]]
