"""Agencies, people, credentials, tool templates and single-agency risk reports."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import Context, run, tagged
from api.errors import ERROR_RESPONSES
from api.models import MeOut, PersonOut, RiskReportOut
from api.schemas import (
    CredentialOut,
    FeedDisclosure,
    NewAgency,
    NewCredential,
    NewPerson,
    NewRiskReport,
    NewTemplate,
    ReasonIn,
    ReceiptOut,
    RiskSchedule,
    RoleIn,
    TemplateRevision,
    plain_questions,
)

router = APIRouter(responses=ERROR_RESPONSES)


@router.get("/me", tags=["people"], response_model=MeOut)
def me(ctx: Context) -> dict[str, Any]:
    """Who the token belongs to: name, roles and agency."""
    return {
        "person_id": str(ctx.by.person_id),
        "name": ctx.by.name,
        "roles": sorted(ctx.by.roles),
        "agency_id": str(ctx.by.agency_id) if ctx.by.agency_id else None,
    }


@router.post("/agencies", tags=["agencies"], status_code=201, response_model=ReceiptOut)
def register_agency(body: NewAgency, ctx: Context) -> JSONResponse:
    """Register a partner agency (admin)."""
    return run(ctx, lambda: ctx.app.register_agency(ctx.by, body.code, body.name, body.agency_kind), body, status=201)


@router.post("/people", tags=["people"], status_code=201, response_model=ReceiptOut)
def register_person(body: NewPerson, ctx: Context) -> JSONResponse:
    """Register a person with roles (admin)."""
    return run(
        ctx,
        lambda: ctx.app.register_person(ctx.by, body.name, body.email, body.agency_code, body.roles),
        body,
        status=201,
    )


@router.get("/people/{person_id}", tags=["people"], response_model=PersonOut)
def get_person(person_id: UUID, ctx: Context) -> JSONResponse:
    """A person's record (admin, governance, or the person themself); the ETag is its version."""
    return tagged(ctx.app.get_person(ctx.by, person_id))


@router.post("/people/{person_id}/roles", tags=["people"], response_model=ReceiptOut)
def grant_role(person_id: UUID, body: RoleIn, ctx: Context) -> JSONResponse:
    """Grant a role (admin)."""
    return run(ctx, lambda: ctx.app.grant_role(ctx.by, person_id, body.role), body, person_id)


@router.post("/people/{person_id}/roles/{role}/revoke", tags=["people"], response_model=ReceiptOut)
def revoke_role(person_id: UUID, role: str, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Revoke a role, with a reason (admin)."""
    return run(ctx, lambda: ctx.app.revoke_role(ctx.by, person_id, role, body.reason), body, person_id)


@router.post("/people/{person_id}/credentials", tags=["people"], status_code=201, response_model=CredentialOut)
def issue_credential(person_id: UUID, body: NewCredential, ctx: Context) -> JSONResponse:
    """Issue a bearer token to a person (admin). The token is in this answer only; it is stored hashed."""
    token, receipt = ctx.app.issue_credential(ctx.by, person_id, body.label, body.valid_days)
    return JSONResponse(
        {"token": token, "credential_id": receipt.ref, "person_id": str(person_id), "version": receipt.version},
        status_code=201,
    )


@router.post("/people/{person_id}/credentials/{credential_id}/disclosure", tags=["people"], response_model=ReceiptOut)
def grant_feed_disclosure(person_id: UUID, credential_id: str, body: FeedDisclosure, ctx: Context) -> JSONResponse:
    """State what a subscriber's credential reads of GET /events: event types and highest data class (admin, R-31)."""
    return run(ctx, lambda: ctx.app.grant_feed_disclosure(ctx.by, person_id, credential_id, body.data_class,
                                                          body.event_types, body.reason), body, person_id)  # fmt: skip


@router.post("/people/{person_id}/credentials/{credential_id}/revoke", tags=["people"], response_model=ReceiptOut)
def revoke_credential(person_id: UUID, credential_id: str, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Revoke a credential (admin, or the person themself)."""
    return run(ctx, lambda: ctx.app.revoke_credential(ctx.by, person_id, credential_id, body.reason), body)


@router.post("/tool-templates", tags=["tool templates"], status_code=201, response_model=ReceiptOut)
def publish_template(body: NewTemplate, ctx: Context) -> JSONResponse:
    """Publish a versioned audit tool template (chair, QA officer, admin)."""
    questions = plain_questions(body.questions)
    return run(ctx, lambda: ctx.app.publish_tool_template(ctx.by, body.name, questions), body, status=201)


@router.post("/tool-templates/{name}/revise", tags=["tool templates"], response_model=ReceiptOut)
def revise_template(name: str, body: TemplateRevision, ctx: Context) -> JSONResponse:
    """Publish a new version of a template."""
    questions = plain_questions(body.questions)
    return run(ctx, lambda: ctx.app.revise_tool_template(ctx.by, name, questions, body.reason), body)


@router.post("/risk-reports", tags=["risk reports"], status_code=201, response_model=ReceiptOut)
def report_risk(body: NewRiskReport, ctx: Context) -> JSONResponse:
    """An agency lead reports a single-agency finding that represents risk (R-22)."""
    return run(ctx, lambda: ctx.app.report_single_agency_risk(ctx.by, body.audit_title, body.finding), body, status=201)


@router.get("/risk-reports/{report_id}", tags=["risk reports"], response_model=RiskReportOut)
def get_risk_report(report_id: UUID, ctx: Context) -> JSONResponse:
    """A risk report (business manager, Executive, governance, the reporting agency's lead)."""
    return tagged(ctx.app.get_risk_report(ctx.by, report_id))


@router.post("/risk-reports/{report_id}/schedule", tags=["risk reports"], response_model=ReceiptOut)
def schedule_risk_report(report_id: UUID, body: RiskSchedule, ctx: Context) -> JSONResponse:
    """The business manager schedules the report to an Executive Group meeting."""
    return run(ctx, lambda: ctx.app.schedule_risk_report(ctx.by, report_id, body.meeting_date), body, report_id)
