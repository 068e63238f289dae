"""Self-assessment, training-impact and single-agency audits (R-2); risk reports by status (R-22); routine
summaries (R-28)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import Context, run, tagged
from api.errors import ERROR_RESPONSES
from api.models import RoutineSummaryOut
from api.schemas import ReceiptOut
from api.schemas_kinds import (
    AuditRisk,
    CarryForward,
    Enrolment,
    FrameworkChoice,
    NewCourse,
    NewSingleAgencyAudit,
    NewStandardsFramework,
    OrganisationsImport,
    QuestionnaireAnswers,
    Questionnaires,
)

router = APIRouter(responses=ERROR_RESPONSES)


@router.post("/standards-frameworks", tags=["self-assessment"], status_code=201, response_model=ReceiptOut)
def publish_framework(body: NewStandardsFramework, ctx: Context) -> JSONResponse:
    """Publish a versioned standards framework for Section 11 or S157/175."""
    call = lambda: ctx.app.publish_standards_framework(ctx.by, body.name, body.audit_kind, body.standards)  # noqa: E731
    return run(ctx, call, body, status=201)


@router.get("/standards-frameworks/{name}", tags=["self-assessment"])
def get_framework(name: str, ctx: Context) -> dict[str, Any]:
    """A framework's current version and its standards."""
    return ctx.app.get_standards_framework(ctx.by, name)


@router.post("/audits/{audit_id}/standards-framework", tags=["self-assessment"], response_model=ReceiptOut)
def adopt_framework(audit_id: UUID, body: FrameworkChoice, ctx: Context) -> JSONResponse:
    """Adopt a framework's standards as the self-assessment's tool."""
    return run(ctx, lambda: ctx.app.adopt_standards_framework(ctx.by, audit_id, body.name), body, audit_id)


@router.post("/audits/{audit_id}/carry-forward", tags=["self-assessment"], response_model=ReceiptOut)
def carry_forward(audit_id: UUID, body: CarryForward, ctx: Context) -> JSONResponse:
    """Start this round's returns from last round's answers and open actions."""
    call = lambda: ctx.app.carry_forward_last_round(ctx.by, audit_id, body.previous_audit_id)  # noqa: E731
    return run(ctx, call, body, audit_id)


@router.post("/audits/{audit_id}/organisations", tags=["self-assessment"], response_model=ReceiptOut)
def enrol(audit_id: UUID, body: Enrolment, ctx: Context) -> JSONResponse:
    """Nominate each organisation's lead (a school's DSL) and assign them its return."""
    return run(ctx, lambda: ctx.app.enrol_organisations(ctx.by, audit_id, body.person_ids), body, audit_id)


@router.post("/organisations/import", tags=["agencies"])
def import_organisations(body: OrganisationsImport, ctx: Context) -> dict[str, Any]:
    """Register organisations (schools by default) and their DSLs from CSV; rows in error are listed by number."""
    return ctx.app.register_organisations_from_csv(ctx.by, body.csv, body.agency_kind)


@router.get("/questionnaires", tags=["training impact"])
def questionnaires(ctx: Context) -> dict[str, Any]:
    """The attendee and manager questionnaires of a training-impact audit."""
    return ctx.app.questionnaires()


@router.post("/audits/{audit_id}/courses", tags=["training impact"], response_model=ReceiptOut)
def include_course(audit_id: UUID, body: NewCourse, ctx: Context) -> JSONResponse:
    """Include a course in a training-impact audit."""
    call = lambda: ctx.app.include_course(ctx.by, audit_id, body.course_id, body.title, body.delivered_on)  # noqa: E731
    return run(ctx, call, body, audit_id)


@router.post("/audits/{audit_id}/courses/{course_id}/questionnaires", tags=["training impact"],
             response_model=ReceiptOut)  # fmt: skip
def send_questionnaires(audit_id: UUID, course_id: str, body: Questionnaires, ctx: Context) -> JSONResponse:
    """Record the attendees or managers invited to answer a course's questionnaire."""
    call = lambda: ctx.app.send_questionnaires(ctx.by, audit_id, course_id, body.respondent,  # noqa: E731
                                               body.respondent_refs)  # fmt: skip
    return run(ctx, call, body, audit_id)


@router.post("/audits/{audit_id}/courses/{course_id}/responses", tags=["training impact"], status_code=201,
             response_model=ReceiptOut)  # fmt: skip
def record_response(audit_id: UUID, course_id: str, body: QuestionnaireAnswers, ctx: Context) -> JSONResponse:
    """Record an invited respondent's answers."""
    call = lambda: ctx.app.record_questionnaire_response(ctx.by, audit_id, course_id, body.respondent_ref,  # noqa: E731
                                                         body.answers, body.agency_code)  # fmt: skip
    return run(ctx, call, body, status=201)


@router.post("/single-agency-audits", tags=["single-agency"], status_code=201, response_model=ReceiptOut)
def commission_single_agency(body: NewSingleAgencyAudit, ctx: Context) -> JSONResponse:
    """An agency's lead commissions its own single-agency audit."""
    call = lambda: ctx.app.commission_single_agency_audit(ctx.by, body.theme, body.focus, body.rationale)  # noqa: E731
    return run(ctx, call, body, status=201)


@router.post("/audits/{audit_id}/risk-reports", tags=["risk reports"], status_code=201, response_model=ReceiptOut)
def report_audit_risk(audit_id: UUID, body: AuditRisk, ctx: Context) -> JSONResponse:
    """The agency's lead reports a risk finding of its own single-agency audit (R-22)."""
    return run(ctx, lambda: ctx.app.report_audit_risk(ctx.by, audit_id, body.finding), body, status=201)


@router.get("/risk-reports", tags=["risk reports"])
def list_risk_reports(ctx: Context, status: str | None = None) -> list[dict[str, Any]]:
    """Risk reports, newest first: awaiting_scheduling, scheduled or sent_to_executive."""
    return ctx.app.list_risk_reports(ctx.by, status)


@router.get("/programme", tags=["audits"])
def programme(ctx: Context) -> list[dict[str, Any]]:
    """Every audit with kind, stage and timeliness; single-agency audits name their agency."""
    return ctx.app.programme(ctx.by)


@router.get("/routine-summaries", tags=["routine summaries"])
def routine_summaries(ctx: Context) -> list[dict[str, Any]]:
    """The routine assurance summaries issued to the Executive Group, newest first (R-28)."""
    return ctx.app.list_routine_summaries(ctx.by)


@router.get("/routine-summaries/{summary_id}", tags=["routine summaries"], response_model=RoutineSummaryOut)
def routine_summary(summary_id: UUID, ctx: Context) -> JSONResponse:
    """One routine summary: audits, actions, stalls, risk reports and accountability."""
    return tagged(ctx.app.get_routine_summary(ctx.by, summary_id))
