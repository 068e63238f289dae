"""Stages four and five: recommendations, the report, SMART actions, dissemination and closure."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import Context, run, tagged
from api.errors import ERROR_RESPONSES
from api.models import ActionRecord, ActionRow
from api.schemas import (
    Blocker,
    DisseminationPlan,
    DueDate,
    Evidence,
    Feedback,
    FollowUp,
    NewAction,
    Note,
    Presentation,
    ReasonIn,
    ReceiptOut,
    ReportDraft,
    SignOff,
    TextIn,
)

router = APIRouter(responses=ERROR_RESPONSES)
AUDIT: list[str | Enum] = ["reporting"]
ACTIONS: list[str | Enum] = ["actions"]


@router.post("/audits/{audit_id}/recommendations", tags=AUDIT, response_model=ReceiptOut)
def recommend(audit_id: UUID, body: TextIn, ctx: Context) -> JSONResponse:
    """Make a recommendation; the answer's ``ref`` is its id (R1, R2...)."""
    return run(ctx, lambda: ctx.app.make_recommendation(ctx.by, audit_id, body.text), body, audit_id)


@router.post("/audits/{audit_id}/report/drafts", tags=AUDIT, response_model=ReceiptOut)
def draft_report(audit_id: UUID, body: ReportDraft, ctx: Context) -> JSONResponse:
    """Record a draft of the summary report."""
    return run(ctx, lambda: ctx.app.draft_report(ctx.by, audit_id, body.summary), body, audit_id)


@router.post("/audits/{audit_id}/report/sign-off", tags=AUDIT, response_model=ReceiptOut)
def sign_off(audit_id: UUID, body: SignOff, ctx: Context) -> JSONResponse:
    """Record the Audit Group's sign-off; needs moderation completed (chair only, R-17)."""
    return run(ctx, lambda: ctx.app.sign_off_report(ctx.by, audit_id, body.signed_off_on), body, audit_id)


@router.post("/audits/{audit_id}/report/presentation", tags=AUDIT, response_model=ReceiptOut)
def present(audit_id: UUID, body: Presentation, ctx: Context) -> JSONResponse:
    """Record the report's presentation to the ARG; needs sign-off (R-17)."""
    return run(ctx, lambda: ctx.app.present_report_to_arg(ctx.by, audit_id, body.presented_on), body, audit_id)


@router.post("/audits/{audit_id}/follow-up-proposals", tags=AUDIT, response_model=ReceiptOut)
def follow_up(audit_id: UUID, body: FollowUp, ctx: Context) -> JSONResponse:
    """Propose a follow-up audit: a wider sample or a deeper dive (R-18)."""
    return run(ctx, lambda: ctx.app.propose_follow_up_audit(ctx.by, audit_id, body.kind, body.text), body, audit_id)


@router.post("/audits/{audit_id}/feedback", tags=AUDIT, response_model=ReceiptOut)
def feedback(audit_id: UUID, body: Feedback, ctx: Context) -> JSONResponse:
    """Record an agency's feedback to its own staff (R-19)."""
    return run(
        ctx,
        lambda: ctx.app.record_agency_feedback(ctx.by, audit_id, body.agency_code, body.fed_back_on, body.text),
        body,
        audit_id,
    )


@router.post("/audits/{audit_id}/dissemination-plan", tags=AUDIT, response_model=ReceiptOut)
def dissemination_plan(audit_id: UUID, body: DisseminationPlan, ctx: Context) -> JSONResponse:
    """Record the L&D group's dissemination plan with impact measures (R-19)."""
    return run(
        ctx,
        lambda: ctx.app.record_dissemination_plan(ctx.by, audit_id, body.plan, body.impact_measures),
        body,
        audit_id,
    )


@router.post("/audits/{audit_id}/close", tags=AUDIT, response_model=ReceiptOut)
def close(audit_id: UUID, ctx: Context) -> JSONResponse:
    """Close the audit; every recommendation needs a SMART action (R-18)."""
    return run(ctx, lambda: ctx.app.close_audit(ctx.by, audit_id), None, audit_id)


@router.post("/audits/{audit_id}/withdraw", tags=AUDIT, response_model=ReceiptOut)
def withdraw(audit_id: UUID, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Withdraw an audit that will not go ahead, with a reason."""
    return run(ctx, lambda: ctx.app.withdraw_audit(ctx.by, audit_id, body.reason), body, audit_id)


@router.post(
    "/audits/{audit_id}/recommendations/{recommendation_id}/actions",
    tags=ACTIONS,
    status_code=201,
    response_model=ReceiptOut,
)
def agree_action(audit_id: UUID, recommendation_id: str, body: NewAction, ctx: Context) -> JSONResponse:
    """Agree a SMART action answering a recommendation (R-18); ``ref`` is its number (R1.1)."""
    return run(
        ctx,
        lambda: ctx.app.agree_action(
            ctx.by, audit_id, recommendation_id, body.specific, body.measure, body.owner_id, body.due_date
        ),
        body,
        status=201,
    )


@router.get("/actions", tags=ACTIONS, response_model=list[ActionRow])
def actions(ctx: Context, audit_id: Annotated[UUID | None, Query()] = None) -> list[dict[str, Any]]:
    """Actions with status, owner, due date, last progress and stall flags (R-21)."""
    return ctx.app.actions(ctx.by, audit_id)


@router.get("/actions/{action_id}", tags=ACTIONS, response_model=ActionRecord)
def get_action(action_id: UUID, ctx: Context) -> JSONResponse:
    """One action; the ETag is its version."""
    return tagged(ctx.app.get_action(ctx.by, action_id))


@router.post("/actions/{action_id}/progress", tags=ACTIONS, response_model=ReceiptOut)
def progress(action_id: UUID, body: Note, ctx: Context) -> JSONResponse:
    """The owner records progress (R-20)."""
    return run(ctx, lambda: ctx.app.report_action_progress(ctx.by, action_id, body.note), body, action_id)


@router.post("/actions/{action_id}/block", tags=ACTIONS, response_model=ReceiptOut)
def block(action_id: UUID, body: Blocker, ctx: Context) -> JSONResponse:
    """The owner records a blocker (R-20)."""
    return run(ctx, lambda: ctx.app.block_action(ctx.by, action_id, body.blocker), body, action_id)


@router.post("/actions/{action_id}/unblock", tags=ACTIONS, response_model=ReceiptOut)
def unblock(action_id: UUID, body: Note, ctx: Context) -> JSONResponse:
    """The owner records that the blocker is cleared."""
    return run(ctx, lambda: ctx.app.unblock_action(ctx.by, action_id, body.note), body, action_id)


@router.post("/actions/{action_id}/due-date", tags=ACTIONS, response_model=ReceiptOut)
def move_due_date(action_id: UUID, body: DueDate, ctx: Context) -> JSONResponse:
    """Move the due date, with a reason (R-20)."""
    return run(
        ctx, lambda: ctx.app.revise_action_due_date(ctx.by, action_id, body.to_date, body.reason), body, action_id
    )


@router.post("/actions/{action_id}/complete", tags=ACTIONS, response_model=ReceiptOut)
def complete(action_id: UUID, body: Evidence, ctx: Context) -> JSONResponse:
    """Complete the action with evidence (R-20)."""
    return run(ctx, lambda: ctx.app.complete_action(ctx.by, action_id, body.evidence), body, action_id)
