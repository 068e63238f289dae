"""Audits: commissioning, the overview, time travel, and stage one (planning)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import Context, run, tagged
from api.errors import ERROR_RESPONSES
from api.models import AuditAsAt, AuditOverview, AuditRecord, AuditRow
from api.schemas import (
    Assignment,
    CaseLink,
    Endorsement,
    Invitation,
    MeetingDate,
    NewAudit,
    Nomination,
    OptionalReason,
    PersonRef,
    ReasonIn,
    ReceiptOut,
    SampledCase,
    SampleExtension,
    Terms,
    Tool,
    plain_questions,
)

router = APIRouter(prefix="/audits", tags=["audits"], responses=ERROR_RESPONSES)
AsOf = Annotated[datetime | None, Query(description="see the audit as it stood at this moment (ISO 8601 with zone)")]


@router.post("", status_code=201, response_model=ReceiptOut)
def commission(body: NewAudit, ctx: Context) -> JSONResponse:
    """The ARG commissions an audit, optionally from the schedule (R-3)."""
    item = (body.schedule_year, body.schedule_item) if body.schedule_year and body.schedule_item else None
    return run(
        ctx,
        lambda: ctx.app.commission_audit(ctx.by, body.kind, body.theme, body.focus, body.rationale, item),
        body,
        status=201,
    )


@router.get("", response_model=list[AuditRow])
def list_audits(ctx: Context) -> list[dict[str, Any]]:
    """Audits with stage and timeliness RAG (from the views)."""
    return ctx.app.list_audits(ctx.by)


@router.get("/{audit_id}", response_model=AuditRecord | AuditAsAt)
def get_audit(audit_id: UUID, ctx: Context, as_of: AsOf = None) -> JSONResponse:
    """An audit as it stands (ETag: its version), or with ``as_of`` as it stood then (R-24)."""
    if as_of is not None:
        return JSONResponse(ctx.app.audit_as_at(ctx.by, audit_id, as_of))
    return tagged(ctx.app.get_audit(ctx.by, audit_id))


@router.get("/{audit_id}/overview", response_model=AuditOverview)
def overview(audit_id: UUID, ctx: Context) -> dict[str, Any]:
    """Stage, key dates, timeliness RAG, findings and recommendations (from the views)."""
    return ctx.app.audit_overview(ctx.by, audit_id)


@router.put("/{audit_id}/terms-of-reference", response_model=ReceiptOut)
def draft_terms(audit_id: UUID, body: Terms, ctx: Context) -> JSONResponse:
    """Draft or revise the terms of reference until endorsed (R-4)."""
    return run(ctx, lambda: ctx.app.draft_terms_of_reference(ctx.by, audit_id, body.model_dump()), body, audit_id)


@router.post("/{audit_id}/terms-of-reference/endorse", response_model=ReceiptOut)
def endorse_terms(audit_id: UUID, body: Endorsement, ctx: Context) -> JSONResponse:
    """Record the Audit Group's endorsement (chair only, R-5)."""
    return run(
        ctx,
        lambda: ctx.app.endorse_terms_of_reference(
            ctx.by, audit_id, body.meeting_date, body.planning_reviewed, body.timescales_agreed
        ),
        body,
        audit_id,
    )


@router.put("/{audit_id}/tool", response_model=ReceiptOut)
def adopt_tool(audit_id: UUID, body: Tool, ctx: Context) -> JSONResponse:
    """Adopt the audit tool: questions given, or a copy of a template (R-6)."""
    questions = plain_questions(body.questions) if body.questions is not None else None
    return run(
        ctx,
        lambda: ctx.app.adopt_audit_tool(ctx.by, audit_id, questions, body.template),
        body,
        audit_id,
    )


@router.post("/{audit_id}/tool/rating-guidance/agree", response_model=ReceiptOut)
def agree_guidance(audit_id: UUID, body: MeetingDate, ctx: Context) -> JSONResponse:
    """Record that the Audit Group agreed what 'good' looks like for every question (R-5)."""
    return run(ctx, lambda: ctx.app.agree_rating_guidance(ctx.by, audit_id, body.meeting_date), body, audit_id)


@router.post("/{audit_id}/invitations", status_code=201, response_model=ReceiptOut)
def invite(audit_id: UUID, body: Invitation, ctx: Context) -> JSONResponse:
    """The chair or QA officer invites an agency to take part; only then may its lead nominate auditors (R-26)."""
    return run(ctx, lambda: ctx.app.invite_agency(ctx.by, audit_id, body.agency_code), body, audit_id, status=201)


@router.post("/{audit_id}/invitations/{agency_code}/withdraw", response_model=ReceiptOut)
def withdraw_invitation(audit_id: UUID, agency_code: str, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Withdraw an agency's invitation: in planning, and before any of its auditors is nominated (R-26)."""
    return run(ctx, lambda: ctx.app.withdraw_invitation(ctx.by, audit_id, agency_code, body.reason), body, audit_id)


@router.post("/{audit_id}/auditors", response_model=ReceiptOut)
def nominate(audit_id: UUID, body: Nomination, ctx: Context) -> JSONResponse:
    """Nominate an auditor (the chair, or the lead of the auditor's agency, R-7)."""
    return run(
        ctx, lambda: ctx.app.nominate_auditor(ctx.by, audit_id, body.person_id, body.new_to_auditing), body, audit_id
    )


@router.post("/{audit_id}/auditors/{person_id}/briefing", response_model=ReceiptOut)
def confirm_briefing(audit_id: UUID, person_id: UUID, ctx: Context) -> JSONResponse:
    """An auditor confirms they understand the audit tool (R-5)."""
    return run(ctx, lambda: ctx.app.confirm_tool_briefing(ctx.by, audit_id, person_id), None, audit_id)


@router.post("/{audit_id}/cases", response_model=ReceiptOut)
def sample_case(audit_id: UUID, body: SampledCase, ctx: Context) -> JSONResponse:
    """Sample a case by pseudonymous reference (R-8)."""
    return run(
        ctx,
        lambda: ctx.app.sample_case(ctx.by, audit_id, body.case_ref, body.sample_group, body.reason),
        body,
        audit_id,
    )


@router.post("/{audit_id}/sample-limit", response_model=ReceiptOut)
def extend_sample(audit_id: UUID, body: SampleExtension, ctx: Context) -> JSONResponse:
    """Allow more than ten cases, with a reason (R-8)."""
    return run(ctx, lambda: ctx.app.extend_sample(ctx.by, audit_id, body.new_limit, body.reason), body, audit_id)


@router.post("/{audit_id}/case-links", response_model=ReceiptOut)
def declare_link(audit_id: UUID, body: CaseLink, ctx: Context) -> JSONResponse:
    """An auditor declares they practised on or managed a case (R-9)."""
    return run(
        ctx,
        lambda: ctx.app.declare_case_link(ctx.by, audit_id, body.person_id, body.case_ref, body.nature),
        body,
        audit_id,
    )


@router.post("/{audit_id}/assignments", response_model=ReceiptOut)
def assign(audit_id: UUID, body: Assignment, ctx: Context) -> JSONResponse:
    """Assign an auditor to a case for their agency; refused where they declared a link (R-9)."""
    return run(ctx, lambda: ctx.app.assign_case(ctx.by, audit_id, body.case_ref, body.person_id), body, audit_id)


@router.post("/{audit_id}/organisation-returns", response_model=ReceiptOut)
def assign_organisation(audit_id: UUID, body: PersonRef, ctx: Context) -> JSONResponse:
    """In Section 11 and schools audits, assign the auditor their organisation's return (R-2)."""
    return run(ctx, lambda: ctx.app.assign_organisation_return(ctx.by, audit_id, body.person_id), body, audit_id)


@router.post("/{audit_id}/fieldwork/open", response_model=ReceiptOut)
def open_fieldwork(audit_id: UUID, ctx: Context) -> JSONResponse:
    """Open fieldwork; refused, naming what is missing, until planning is complete (R-5)."""
    return run(ctx, lambda: ctx.app.open_fieldwork(ctx.by, audit_id), None, audit_id)


@router.post("/{audit_id}/fieldwork/close", response_model=ReceiptOut)
def close_fieldwork(audit_id: UUID, body: OptionalReason, ctx: Context) -> JSONResponse:
    """Close fieldwork; outstanding returns need a reason (R-12)."""
    return run(ctx, lambda: ctx.app.close_fieldwork(ctx.by, audit_id, body.reason), body, audit_id)
