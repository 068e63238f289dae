"""Request bodies for the audit kinds' own commands (R-2), schools at scale and the routine summary (R-28)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import Field

from api.fields import Code, CsvText, Line, LongText, Name, Reason, Ref
from api.schemas import Body


class NewStandardsFramework(Body):
    name: Name = Field(examples=["Section 11 (West Midlands shared tool)"])
    audit_kind: Ref = Field(examples=["section_11"])
    standards: list[Annotated[dict[Ref, Reason], Field(max_length=10)]] = Field(min_length=1, max_length=200)


class FrameworkChoice(Body):
    name: Name


class CarryForward(Body):
    previous_audit_id: UUID


class Enrolment(Body):
    person_ids: list[UUID] = Field(min_length=1, max_length=5000)


class OrganisationsImport(Body):
    csv: CsvText = Field(
        description="header: code,name,dsl_name,dsl_email; the body limit (ASSURE_MAX_BODY_BYTES) applies"
    )
    agency_kind: Ref = Field(default="school", examples=["school"])


class NewCourse(Body):
    course_id: Ref = Field(examples=["DA-L2"])
    title: Line
    delivered_on: date


class Questionnaires(Body):
    respondent: Ref = Field(examples=["attendee"])
    respondent_refs: list[Ref] = Field(min_length=1, max_length=5000)


class QuestionnaireAnswers(Body):
    respondent_ref: Ref
    answers: dict[Ref, LongText] = Field(max_length=20)
    agency_code: Code | None = None


class NewSingleAgencyAudit(Body):
    theme: Line
    focus: Reason
    rationale: Reason


class AuditRisk(Body):
    finding: LongText
