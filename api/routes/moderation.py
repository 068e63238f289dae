"""Stage three: moderation."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import Context, run
from api.errors import ERROR_RESPONSES
from api.schemas import Finding, InitialReview, Meeting, PracticeContext, ReceiptOut, TextIn

router = APIRouter(prefix="/audits/{audit_id}", tags=["moderation"], responses=ERROR_RESPONSES)


@router.post("/initial-review", response_model=ReceiptOut)
def review(audit_id: UUID, body: InitialReview, ctx: Context) -> JSONResponse:
    """Record questions, gaps, inconsistencies and emerging themes (R-13)."""
    return run(
        ctx,
        lambda: ctx.app.review_initial_findings(
            ctx.by, audit_id, body.questions, body.gaps, body.inconsistencies, body.themes
        ),
        body,
        audit_id,
    )


@router.post("/moderation-meetings", response_model=ReceiptOut)
def meeting(audit_id: UUID, body: Meeting, ctx: Context) -> JSONResponse:
    """Record the moderation meeting and its attendees (R-14)."""
    return run(
        ctx,
        lambda: ctx.app.hold_moderation_meeting(ctx.by, audit_id, body.meeting_date, body.attendees),
        body,
        audit_id,
    )


@router.post("/findings", response_model=ReceiptOut)
def finding(audit_id: UUID, body: Finding, ctx: Context) -> JSONResponse:
    """Record a finding agreed at moderation (R-15)."""
    return run(
        ctx, lambda: ctx.app.agree_finding(ctx.by, audit_id, body.kind, body.text, body.agency_code), body, audit_id
    )


@router.post("/practice-context", response_model=ReceiptOut)
def practice_context(audit_id: UUID, body: PracticeContext, ctx: Context) -> JSONResponse:
    """Record the context in which practice took place (R-15)."""
    return run(ctx, lambda: ctx.app.record_practice_context(ctx.by, audit_id, body.text, body.factors), body, audit_id)


@router.post("/family-consultation", response_model=ReceiptOut)
def family_consultation(audit_id: UUID, body: TextIn, ctx: Context) -> JSONResponse:
    """Record consultation with children, young people and families (R-15)."""
    return run(ctx, lambda: ctx.app.record_family_consultation(ctx.by, audit_id, body.text), body, audit_id)


@router.post("/process-learning", response_model=ReceiptOut)
def process_learning(audit_id: UUID, body: TextIn, ctx: Context) -> JSONResponse:
    """Record learning about the audit process (R-15)."""
    return run(ctx, lambda: ctx.app.record_process_learning(ctx.by, audit_id, body.text), body, audit_id)


@router.post("/moderation/complete", response_model=ReceiptOut)
def complete(audit_id: UUID, ctx: Context) -> JSONResponse:
    """Complete moderation and move to reporting."""
    return run(ctx, lambda: ctx.app.complete_moderation(ctx.by, audit_id), None, audit_id)
