"""The workflow's edges: the duty to communicate, late conflicts, reopened returns, no recommendations, feedback
waivers, follow-up links and agreed due-date moves (R-4, R-9, R-14, R-18, R-19, R-20a, R-29)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import Context, run
from api.errors import ERROR_RESPONSES
from api.models import SetAsideReturn
from api.schemas import (
    DueDate,
    DutyToCommunicate,
    EarlierAudit,
    FeedbackWaiver,
    ReasonIn,
    Reassignment,
    ReceiptOut,
)

router = APIRouter(tags=["workflow"], responses=ERROR_RESPONSES)


@router.post("/audits/{audit_id}/terms-of-reference/duty-to-communicate", response_model=ReceiptOut)
def confirm_duty(audit_id: UUID, body: DutyToCommunicate, ctx: Context) -> JSONResponse:
    """Confirm, in the chair's words, how case-holding teams are told about the audit; needed to endorse (R-4)."""
    return run(ctx, lambda: ctx.app.confirm_duty_to_communicate(ctx.by, audit_id, body.text), body, audit_id)


@router.post("/audits/{audit_id}/reassignments", response_model=ReceiptOut)
def reassign(audit_id: UUID, body: Reassignment, ctx: Context) -> JSONResponse:
    """Give a case withdrawn from a conflicted auditor to another auditor of the same agency (R-9)."""
    return run(ctx, lambda: ctx.app.reassign_case(ctx.by, audit_id, body.case_ref, body.person_id), body, audit_id)


@router.get("/audits/{audit_id}/set-aside-returns", response_model=list[SetAsideReturn])
def set_aside_returns(audit_id: UUID, ctx: Context) -> list[dict[str, Any]]:
    """Returns set aside when their auditor declared a link to the case (R-9)."""
    return ctx.app.set_aside_returns(ctx.by, audit_id)


@router.post("/audits/{audit_id}/returns/{case_ref}/{agency_code}/resubmit", response_model=ReceiptOut)
def resubmit(audit_id: UUID, case_ref: str, agency_code: str, ctx: Context) -> JSONResponse:
    """The chair resubmits a return reopened at moderation, once revised (R-14)."""
    return run(ctx, lambda: ctx.app.submit_return(ctx.by, audit_id, case_ref, agency_code))


@router.post("/audits/{audit_id}/no-recommendations", response_model=ReceiptOut)
def no_recommendations(audit_id: UUID, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Record why the audit makes no recommendations (R-18)."""
    return run(ctx, lambda: ctx.app.record_no_recommendations(ctx.by, audit_id, body.reason), body, audit_id)


@router.post("/audits/{audit_id}/feedback-waivers", response_model=ReceiptOut)
def waive_feedback(audit_id: UUID, body: FeedbackWaiver, ctx: Context) -> JSONResponse:
    """Record, with a reason, that a participating agency will not feed back (R-19)."""
    return run(
        ctx, lambda: ctx.app.waive_agency_feedback(ctx.by, audit_id, body.agency_code, body.reason), body, audit_id
    )


@router.post("/audits/{audit_id}/earlier-audit", response_model=ReceiptOut)
def link_earlier_audit(audit_id: UUID, body: EarlierAudit, ctx: Context) -> JSONResponse:
    """Link a follow-up or re-audit to the earlier audit's recommendation that asked for it (R-29)."""
    return run(
        ctx,
        lambda: ctx.app.link_earlier_audit(ctx.by, audit_id, body.earlier_audit_id, body.recommendation_id),
        body,
        audit_id,
    )


@router.post("/actions/{action_id}/due-date/agreement", response_model=ReceiptOut)
def agree_due_date(action_id: UUID, body: DueDate, ctx: Context) -> JSONResponse:
    """An ARG member agrees a new due date: after the old one, or for a second move (R-20a)."""
    return run(
        ctx, lambda: ctx.app.agree_action_due_date(ctx.by, action_id, body.to_date, body.reason), body, action_id
    )
