"""Request and response bodies, with examples for the OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Text = Field(min_length=1, max_length=20_000)
Short = Field(min_length=1, max_length=500)


class Body(BaseModel):
    """Bodies reject unknown fields so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")


class ReceiptOut(BaseModel):
    """What every command answers: the record it changed, its new version (the ETag) and the log position."""

    id: str = Field(examples=["4fffcd3a-db77-4f6c-8b8d-9028dfb47b4e"])
    version: int = Field(examples=[7])
    position: int = Field(examples=[302], description="wait for the views to reach this before reading them")
    ref: str | None = Field(default=None, examples=["R1"], description="a reference inside the record, if any")


class Reason(Body):
    reason: str = Field(min_length=1, max_length=5000, examples=["clashes with the JTAI inspection"])


class OptionalReason(Body):
    reason: str | None = Field(default=None, max_length=5000, examples=["police returns delayed by the inspection"])


class NewAgency(Body):
    code: str = Field(min_length=1, max_length=20, examples=["WMP"])
    name: str = Field(min_length=1, max_length=200, examples=["West Midlands Police"])
    agency_kind: str = Field(examples=["police"])


class NewPerson(Body):
    name: str = Field(min_length=1, max_length=200, examples=["Pat Police"])
    email: str = Field(min_length=3, max_length=320, examples=["pat.police@example.org"])
    agency_code: str | None = Field(default=None, max_length=20, examples=["WMP"])
    roles: list[str] = Field(default_factory=list, max_length=11, examples=[["auditor"]])


class RoleIn(Body):
    role: str = Field(examples=["auditor"])


class NewCredential(Body):
    label: str = Field(min_length=1, max_length=200, examples=["audit tool laptop"])
    valid_days: int = Field(default=90, ge=1, le=730)


DataClassName = Literal["reference", "assessment", "personal", "case_content"]  # R-31; secret never leaves


class FeedDisclosure(Body):
    data_class: DataClassName
    event_types: list[str] = Field(default_factory=list, max_length=100, description="none: every type")
    reason: str = Field(min_length=1, max_length=5000, examples=["the safeguarding hub reads concerns in full"])


class CredentialOut(BaseModel):
    token: str = Field(description="shown once: store it now; only its hash is kept")
    credential_id: str
    person_id: str
    version: int


class NewSchedule(Body):
    year: str = Field(min_length=1, max_length=20, examples=["2022/23"])


KeyDate = date | Annotated[str, Field(max_length=20, examples=["2023-04", "TBC", "TBC 2022-09"])]


class ScheduleItem(Body):
    month: str = Field(examples=["2022-07"])
    kind: str = Field(examples=["thematic_deep_dive"])
    theme: str = Field(min_length=1, max_length=500, examples=["Domestic Abuse"])
    focus: str = Field(default="", max_length=5000, examples=["coercive control"])
    rationale: str = Field(default="", max_length=5000, examples=["DHR6 recommendations"])
    sample: str = Field(default="", max_length=5000, examples=["Sample to be taken from Childrens Services"])
    fieldwork_start: KeyDate | None = None
    fieldwork_end: KeyDate | None = None
    moderation_date: KeyDate | None = None
    sign_off_date: KeyDate | None = None
    report_to_arg_date: KeyDate | None = None
    reason: str | None = Field(default=None, max_length=5000)


class ScheduleRevision(Body):
    changes: dict[str, Any] = Field(examples=[{"month": "2022-09"}])
    reason: str = Field(min_length=1, max_length=5000, examples=["clashes with the JTAI"])


class NewTemplate(Body):
    name: str = Field(min_length=1, max_length=200, examples=["Domestic abuse deep dive"])
    questions: list[dict[str, Any]] = Field(min_length=1, max_length=200)


class TemplateRevision(Body):
    questions: list[dict[str, Any]] = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=5000)


class NewAudit(Body):
    kind: str = Field(examples=["thematic_deep_dive"])
    theme: str = Field(min_length=1, max_length=500, examples=["Domestic Abuse"])
    focus: str = Field(min_length=1, max_length=5000, examples=["coercive control, DVPNs, voice of the child"])
    rationale: str = Field(min_length=1, max_length=5000, examples=["DHR6 recommendations"])
    schedule_year: str | None = Field(default=None, examples=["2022/23"])
    schedule_item: str | None = Field(default=None, examples=["S01"])


class Terms(Body):
    scope: str = Text
    auditor_responsibilities: str = Field(
        min_length=1, max_length=20_000, examples=["Tell case-holding teams the purpose, process and focus."]
    )
    competing_demands: str = Text
    barriers: str = Text
    fieldwork_start: date
    fieldwork_end: date
    moderation_date: date | None = None
    sign_off_date: date | None = None
    report_to_arg_date: date | None = None


class Endorsement(Body):
    meeting_date: date
    planning_reviewed: bool
    timescales_agreed: bool


class Tool(Body):
    questions: list[dict[str, Any]] | None = Field(default=None, max_length=200)
    template: str | None = Field(default=None, max_length=200, examples=["Domestic abuse deep dive"])


class MeetingDate(Body):
    meeting_date: date


class Nomination(Body):
    person_id: UUID
    new_to_auditing: bool = False


class SampledCase(Body):
    case_ref: str = Field(min_length=1, max_length=50, examples=["DA-04"])
    sample_group: str = Field(min_length=1, max_length=200, examples=["child protection"])
    reason: str = Field(min_length=1, max_length=5000, examples=["coercive control identified at conference"])


class SampleExtension(Body):
    new_limit: int = Field(ge=1, le=1000)
    reason: str = Field(min_length=1, max_length=5000)


class CaseLink(Body):
    person_id: UUID
    case_ref: str = Field(min_length=1, max_length=50)
    nature: str = Field(min_length=1, max_length=5000, examples=["was the team manager in 2021"])


class Assignment(Body):
    case_ref: str = Field(min_length=1, max_length=50, examples=["DA-04"])
    person_id: UUID


class PersonRef(Body):
    person_id: UUID


class Draft(Body):
    answers: dict[str, dict[str, Any]] = Field(
        default_factory=dict, examples=[{"Q1": {"rating": "Good", "commentary": "Clear plan."}}]
    )
    sections: dict[str, str] = Field(default_factory=dict, examples=[{"voice_of_child": "Seen alone at school."}])
    child_voice_evident: bool | None = None
    context_factors: list[str] | None = Field(default=None, examples=[["caseload", "churn"]])


class RatingRevision(Body):
    to_rating: str = Field(examples=["Good"])
    reason: str = Field(min_length=1, max_length=5000, examples=["DVPN was considered at the MARAC"])


class NewConcern(Body):
    case_ref: str = Field(min_length=1, max_length=50)
    manager_id: UUID
    summary: str = Text


class Acknowledgement(Body):
    response: str = Text


class InitialReview(Body):
    questions: list[str] = Field(default_factory=list, max_length=200)
    gaps: list[str] = Field(default_factory=list, max_length=200)
    inconsistencies: list[str] = Field(default_factory=list, max_length=200)
    themes: list[str] = Field(default_factory=list, max_length=200)


class Meeting(Body):
    meeting_date: date
    attendees: list[str] = Field(min_length=1, max_length=200, examples=[["Casey Chair", "Pat Police"]])


class Finding(Body):
    kind: str = Field(examples=["emerging_concern"])
    text: str = Text
    agency_code: str | None = Field(default=None, max_length=20)


class PracticeContext(Body):
    text: str = Text
    factors: list[str] = Field(default_factory=list, max_length=20, examples=[["churn", "caseload"]])


class TextIn(Body):
    text: str = Text


class ReportDraft(Body):
    summary: str = Text


class SignOff(Body):
    signed_off_on: date


class Presentation(Body):
    presented_on: date


class FollowUp(Body):
    kind: str = Field(examples=["deeper_dive"])
    text: str = Text


class Feedback(Body):
    agency_code: str = Field(min_length=1, max_length=20)
    fed_back_on: date
    text: str = Text


class DisseminationPlan(Body):
    plan: str = Text
    impact_measures: list[str] = Field(min_length=1, max_length=50)


class NewAction(Body):
    specific: str = Text
    measure: str = Text
    owner_id: UUID
    due_date: date


class Note(Body):
    note: str = Text


class Blocker(Body):
    blocker: str = Text


class DueDate(Body):
    to_date: date
    reason: str = Field(min_length=1, max_length=5000)


class Evidence(Body):
    evidence: str = Text


class NewRiskReport(Body):
    audit_title: str = Field(min_length=1, max_length=500)
    finding: str = Text


class RiskSchedule(Body):
    meeting_date: date


class DutyToCommunicate(Body):
    text: str = Field(min_length=1, max_length=5000, examples=["Brief the case-holding team before starting."])


class Reassignment(Body):
    case_ref: str = Field(min_length=1, max_length=50, examples=["DA-04"])
    person_id: UUID


class FeedbackWaiver(Body):
    agency_code: str = Field(min_length=1, max_length=20)
    reason: str = Field(min_length=1, max_length=5000, examples=["the team was disbanded"])


class EarlierAudit(Body):
    earlier_audit_id: UUID
    recommendation_id: str = Field(min_length=1, max_length=20, examples=["R2"])
