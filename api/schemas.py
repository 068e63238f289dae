"""Request and response bodies, with examples for the OpenAPI."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.fields import (
    MAX_ITEMS,
    Code,
    Email,
    Line,
    LongText,
    MaybeEmptyReason,
    MaybeEmptyText,
    Name,
    Reason,
    Ref,
)
from domain.audit_tool import MAX_SCALE
from domain.values import CONTEXT_FACTORS, RETURN_SECTIONS

Section = Literal[RETURN_SECTIONS]  # type: ignore[valid-type]


class Body(BaseModel):
    """Bodies reject unknown fields so a typo is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")


class ReceiptOut(BaseModel):
    """What every command answers: the record it changed, its new version (the ETag) and the log position."""

    id: str = Field(examples=["4fffcd3a-db77-4f6c-8b8d-9028dfb47b4e"])
    version: int = Field(examples=[7])
    position: int = Field(examples=[302], description="wait for the views to reach this before reading them")
    ref: str | None = Field(default=None, examples=["R1"], description="a reference inside the record, if any")


class ReasonIn(Body):
    reason: Reason = Field(examples=["clashes with the JTAI inspection"])


class OptionalReason(Body):
    reason: MaybeEmptyReason | None = Field(default=None, examples=["police returns delayed by the inspection"])


class NewAgency(Body):
    code: Code = Field(examples=["WMP"])
    name: Name = Field(examples=["West Midlands Police"])
    agency_kind: Ref = Field(examples=["police"])


class NewPerson(Body):
    name: Name = Field(examples=["Pat Police"])
    email: Email = Field(examples=["pat.police@example.org"])
    agency_code: Code | None = Field(default=None, examples=["WMP"])
    roles: list[Ref] = Field(default_factory=list, max_length=12, examples=[["auditor"]])


class RoleIn(Body):
    role: Ref = Field(examples=["auditor"])


class NewCredential(Body):
    label: Name = Field(examples=["audit tool laptop"])
    valid_days: int = Field(default=90, ge=1, le=730)


DataClassName = Literal["reference", "assessment", "personal", "case_content"]  # R-31; secret never leaves


class FeedDisclosure(Body):
    data_class: DataClassName
    event_types: list[Ref] = Field(default_factory=list, max_length=100, description="none: every type")
    reason: Reason = Field(examples=["the safeguarding hub reads concerns in full"])


class CredentialOut(BaseModel):
    token: str = Field(description="shown once: store it now; only its hash is kept")
    credential_id: str
    person_id: str
    version: int


class NewSchedule(Body):
    year: Code = Field(examples=["2022/23"])


KeyDate = date | Annotated[Code, Field(examples=["2023-04", "TBC", "TBC 2022-09"])]


class ScheduleItem(Body):
    month: Ref = Field(examples=["2022-07"])
    kind: Ref = Field(examples=["thematic_deep_dive"])
    theme: Line = Field(examples=["Domestic Abuse"])
    focus: MaybeEmptyReason = Field(default="", examples=["coercive control"])
    rationale: MaybeEmptyReason = Field(default="", examples=["DHR6 recommendations"])
    sample: MaybeEmptyReason = Field(default="", examples=["Sample to be taken from Childrens Services"])
    fieldwork_start: KeyDate | None = None
    fieldwork_end: KeyDate | None = None
    moderation_date: KeyDate | None = None
    sign_off_date: KeyDate | None = None
    report_to_arg_date: KeyDate | None = None
    reason: MaybeEmptyReason | None = None


class ScheduleChanges(Body):
    """What a revision changes; fields left out stay as they were."""

    month: Ref | None = Field(default=None, examples=["2022-09"])
    kind: Ref | None = None
    theme: Line | None = None
    focus: MaybeEmptyReason | None = None
    rationale: MaybeEmptyReason | None = None
    sample: MaybeEmptyReason | None = None
    fieldwork_start: KeyDate | None = None
    fieldwork_end: KeyDate | None = None
    moderation_date: KeyDate | None = None
    sign_off_date: KeyDate | None = None
    report_to_arg_date: KeyDate | None = None


class ScheduleRevision(Body):
    changes: ScheduleChanges = Field(examples=[{"month": "2022-09"}])
    reason: Reason = Field(examples=["clashes with the JTAI"])


class QuestionIn(Body):
    """One question of an audit tool: a rating scale, and guidance on what each rating looks like."""

    id: Ref = Field(examples=["Q1"])
    text: Reason = Field(examples=["Was the threshold for intervention applied well?"])
    scale: list[Line] | None = Field(default=None, min_length=2, max_length=MAX_SCALE,
                                     examples=[["Good", "Requires improvement"]])  # fmt: skip
    guidance: dict[Line, MaybeEmptyReason] = Field(default_factory=dict, max_length=MAX_SCALE,
                                                   examples=[{"Good": "Threshold applied and recorded"}])  # fmt: skip
    applies_to: list[Ref] = Field(default_factory=list, max_length=10, examples=[["police"]])


class NewTemplate(Body):
    name: Name = Field(examples=["Domestic abuse deep dive"])
    questions: list[QuestionIn] = Field(min_length=1, max_length=MAX_ITEMS)


class TemplateRevision(Body):
    questions: list[QuestionIn] = Field(min_length=1, max_length=MAX_ITEMS)
    reason: Reason


class NewAudit(Body):
    kind: Ref = Field(examples=["thematic_deep_dive"])
    theme: Line = Field(examples=["Domestic Abuse"])
    focus: Reason = Field(examples=["coercive control, DVPNs, voice of the child"])
    rationale: Reason = Field(examples=["DHR6 recommendations"])
    schedule_year: Code | None = Field(default=None, examples=["2022/23"])
    schedule_item: Ref | None = Field(default=None, examples=["S01"])


class Terms(Body):
    scope: LongText
    auditor_responsibilities: LongText = Field(examples=["Tell case-holding teams the purpose, process and focus."])
    competing_demands: LongText
    barriers: LongText
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
    questions: list[QuestionIn] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS)
    template: Name | None = Field(default=None, examples=["Domestic abuse deep dive"])


class MeetingDate(Body):
    meeting_date: date


class Nomination(Body):
    person_id: UUID
    new_to_auditing: bool = False


class Invitation(Body):
    agency_code: Code = Field(examples=["WMP"])


class SampledCase(Body):
    case_ref: Ref = Field(examples=["DA-04"])
    sample_group: Name = Field(examples=["child protection"])
    reason: Reason = Field(examples=["coercive control identified at conference"])


class SampleExtension(Body):
    new_limit: int = Field(ge=1, le=1000)
    reason: Reason


class CaseLink(Body):
    person_id: UUID
    case_ref: Ref
    nature: Reason = Field(examples=["was the team manager in 2021"])


class Assignment(Body):
    case_ref: Ref = Field(examples=["DA-04"])
    person_id: UUID


class PersonRef(Body):
    person_id: UUID


class Answer(Body):
    """A rating on the question's scale and the auditor's commentary; either may come later."""

    rating: Line | None = Field(default=None, examples=["Good"])
    commentary: MaybeEmptyText | None = Field(default=None, examples=["Clear plan."])


class Draft(Body):
    answers: dict[Ref, Answer] = Field(
        default_factory=dict, max_length=MAX_ITEMS, examples=[{"Q1": {"rating": "Good", "commentary": "Clear plan."}}]
    )
    sections: dict[Section, MaybeEmptyText] = Field(
        default_factory=dict, max_length=len(RETURN_SECTIONS), examples=[{"voice_of_child": "Seen alone at school."}]
    )
    child_voice_evident: bool | None = None
    context_factors: list[Ref] | None = Field(
        default=None, max_length=len(CONTEXT_FACTORS), examples=[["caseload", "churn"]]
    )


class RatingRevision(Body):
    to_rating: Line = Field(examples=["Good"])
    reason: Reason = Field(examples=["DVPN was considered at the MARAC"])


class NewConcern(Body):
    case_ref: Ref
    manager_id: UUID
    summary: LongText


class Acknowledgement(Body):
    response: LongText


class InitialReview(Body):
    questions: list[MaybeEmptyReason] = Field(default_factory=list, max_length=MAX_ITEMS)
    gaps: list[MaybeEmptyReason] = Field(default_factory=list, max_length=MAX_ITEMS)
    inconsistencies: list[MaybeEmptyReason] = Field(default_factory=list, max_length=MAX_ITEMS)
    themes: list[MaybeEmptyReason] = Field(default_factory=list, max_length=MAX_ITEMS)


class Meeting(Body):
    meeting_date: date
    attendees: list[Name] = Field(min_length=1, max_length=MAX_ITEMS, examples=[["Casey Chair", "Pat Police"]])


class Finding(Body):
    kind: Ref = Field(examples=["emerging_concern"])
    text: LongText
    agency_code: Code | None = None


class PracticeContext(Body):
    text: LongText
    factors: list[Ref] = Field(default_factory=list, max_length=len(CONTEXT_FACTORS), examples=[["churn", "caseload"]])


class TextIn(Body):
    text: LongText


class ReportDraft(Body):
    summary: LongText


class SignOff(Body):
    signed_off_on: date


class Presentation(Body):
    presented_on: date


class FollowUp(Body):
    kind: Ref = Field(examples=["deeper_dive"])
    text: LongText


class Feedback(Body):
    agency_code: Code
    fed_back_on: date
    text: LongText


class DisseminationPlan(Body):
    plan: LongText
    impact_measures: list[Line] = Field(min_length=1, max_length=50)


class NewAction(Body):
    specific: LongText
    measure: LongText
    owner_id: UUID
    due_date: date


class Note(Body):
    note: LongText


class Blocker(Body):
    blocker: LongText


class DueDate(Body):
    to_date: date
    reason: Reason


class Evidence(Body):
    evidence: LongText


class NewRiskReport(Body):
    audit_title: Line
    finding: LongText


class RiskSchedule(Body):
    meeting_date: date


class DutyToCommunicate(Body):
    text: Reason = Field(examples=["Brief the case-holding team before starting."])


class Reassignment(Body):
    case_ref: Ref = Field(examples=["DA-04"])
    person_id: UUID


class FeedbackWaiver(Body):
    agency_code: Code
    reason: Reason = Field(examples=["the team was disbanded"])


class EarlierAudit(Body):
    earlier_audit_id: UUID
    recommendation_id: Code = Field(examples=["R2"])


def plain_questions(questions: list[QuestionIn]) -> list[dict[str, Any]]:
    """Questions as the application takes them; an absent scale means the default one."""
    return [question.model_dump(exclude_none=True) for question in questions]


def plain_answers(answers: dict[str, Answer]) -> dict[str, dict[str, Any]]:
    """Answers as the application takes them; what is left out stays as it was."""
    return {question: answer.model_dump(exclude_none=True) for question, answer in answers.items()}
