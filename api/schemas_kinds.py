"""Request bodies for the audit kinds' own commands (R-2), schools at scale and the routine summary (R-28)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from api.schemas import Body, Short, Text


class NewStandardsFramework(Body):
    name: str = Field(min_length=1, max_length=200, examples=["Section 11 (West Midlands shared tool)"])
    audit_kind: str = Field(examples=["section_11"])
    standards: list[dict[str, str]] = Field(min_length=1, max_length=200)


class FrameworkChoice(Body):
    name: str = Field(min_length=1, max_length=200)


class CarryForward(Body):
    previous_audit_id: UUID


class Enrolment(Body):
    person_ids: list[UUID] = Field(min_length=1, max_length=5000)


class OrganisationsImport(Body):
    csv: str = Field(min_length=1, max_length=2_000_000, description="header: code,name,dsl_name,dsl_email")
    agency_kind: str = Field(default="school", examples=["school"])


class NewCourse(Body):
    course_id: str = Field(min_length=1, max_length=40, examples=["DA-L2"])
    title: str = Short
    delivered_on: date


class Questionnaires(Body):
    respondent: str = Field(examples=["attendee"])
    respondent_refs: list[str] = Field(min_length=1, max_length=5000)


class QuestionnaireAnswers(Body):
    respondent_ref: str = Field(min_length=1, max_length=60)
    answers: dict[str, Any] = Field(max_length=20)
    agency_code: str | None = Field(default=None, max_length=20)


class NewSingleAgencyAudit(Body):
    theme: str = Short
    focus: str = Text
    rationale: str = Text


class AuditRisk(Body):
    finding: str = Text
