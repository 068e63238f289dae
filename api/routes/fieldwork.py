"""Returns and urgent concerns (stage two), and the ratings view."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import Context, run, tagged
from api.errors import ERROR_RESPONSES
from api.models import ConcernRecord, ConcernRow, RatingRow, ReturnRecord, ReturnRow
from api.schemas import Acknowledgement, Draft, NewConcern, RatingRevision, ReasonIn, ReceiptOut, plain_answers

router = APIRouter(tags=["returns and concerns"], responses=ERROR_RESPONSES)


@router.get("/audits/{audit_id}/returns", response_model=list[ReturnRow])
def return_matrix(audit_id: UUID, ctx: Context) -> list[dict[str, Any]]:
    """Which returns are outstanding, per case and agency (R-12); agencies see their own rows."""
    return ctx.app.return_matrix(ctx.by, audit_id)


@router.get("/audits/{audit_id}/ratings", response_model=list[RatingRow])
def ratings(audit_id: UUID, ctx: Context) -> list[dict[str, Any]]:
    """Ratings, original and moderated side by side (R-14); the read is recorded on the trail (R-26)."""
    return ctx.app.ratings(ctx.by, audit_id)


@router.get("/audits/{audit_id}/returns/{case_ref}/{agency_code}", response_model=ReturnRecord)
def get_return(audit_id: UUID, case_ref: str, agency_code: str, ctx: Context) -> JSONResponse:
    """One agency's return for a case; another agency's is not found. The read is on the trail (R-26)."""
    return tagged(ctx.app.get_return(ctx.by, audit_id, case_ref, agency_code))


@router.patch("/audits/{audit_id}/returns/{case_ref}", response_model=ReceiptOut)
def save_draft(audit_id: UUID, case_ref: str, body: Draft, ctx: Context) -> JSONResponse:
    """The assigned auditor saves a draft of their agency's return; the first save starts it (R-10)."""
    resource = ctx.app.return_id(audit_id, case_ref, by=ctx.by) if ctx.if_match is not None else None
    return run(
        ctx,
        lambda: ctx.app.save_return_draft(
            ctx.by,
            audit_id,
            case_ref,
            plain_answers(body.answers),
            dict(body.sections),
            body.child_voice_evident,
            body.context_factors,
        ),
        body,
        resource,
    )


@router.post("/audits/{audit_id}/returns/{case_ref}/submit", response_model=ReceiptOut)
def submit(audit_id: UUID, case_ref: str, ctx: Context) -> JSONResponse:
    """Submit a complete return; it locks (R-10)."""
    resource = ctx.app.return_id(audit_id, case_ref, by=ctx.by) if ctx.if_match is not None else None
    return run(ctx, lambda: ctx.app.submit_return(ctx.by, audit_id, case_ref), None, resource)


@router.post("/audits/{audit_id}/returns/{case_ref}/{agency_code}/reopen", response_model=ReceiptOut)
def reopen(audit_id: UUID, case_ref: str, agency_code: str, body: ReasonIn, ctx: Context) -> JSONResponse:
    """The chair reopens a submitted return, with a reason."""
    return run(
        ctx,
        lambda: ctx.app.reopen_return(ctx.by, audit_id, case_ref, agency_code, body.reason),
        body,
        _resource(ctx, audit_id, case_ref, agency_code),
    )


@router.post(
    "/audits/{audit_id}/returns/{case_ref}/{agency_code}/ratings/{question_id}/revise", response_model=ReceiptOut
)
def revise_rating(
    audit_id: UUID, case_ref: str, agency_code: str, question_id: str, body: RatingRevision, ctx: Context
) -> JSONResponse:
    """Revise a rating at moderation, with a reason; the original is kept (R-14)."""
    return run(
        ctx,
        lambda: ctx.app.revise_rating(
            ctx.by, audit_id, case_ref, agency_code, question_id, body.to_rating, body.reason
        ),
        body,
        _resource(ctx, audit_id, case_ref, agency_code),
    )


def _resource(ctx: Context, audit_id: UUID, case_ref: str, agency_code: str) -> UUID | None:
    return ctx.app.return_id(audit_id, case_ref, agency_code) if ctx.if_match is not None else None


@router.post("/audits/{audit_id}/concerns", status_code=201, response_model=ReceiptOut)
def raise_concern(audit_id: UUID, body: NewConcern, ctx: Context) -> JSONResponse:
    """Raise an urgent safeguarding concern; the manager is told at once (R-11)."""
    return run(
        ctx,
        lambda: ctx.app.raise_concern(ctx.by, audit_id, body.case_ref, body.manager_id, body.summary),
        body,
        status=201,
    )


@router.get("/concerns", response_model=list[ConcernRow])
def concerns(ctx: Context, audit_id: Annotated[UUID | None, Query()] = None) -> list[dict[str, Any]]:
    """Urgent concerns, and whether each is acknowledged."""
    return ctx.app.concerns(ctx.by, audit_id)


@router.get("/concerns/{concern_id}", response_model=ConcernRecord)
def get_concern(concern_id: UUID, ctx: Context) -> JSONResponse:
    """One concern (its manager, its agency, the chair, governance)."""
    return tagged(ctx.app.get_concern(ctx.by, concern_id))


@router.post("/concerns/{concern_id}/acknowledge", response_model=ReceiptOut)
def acknowledge(concern_id: UUID, body: Acknowledgement, ctx: Context) -> JSONResponse:
    """The named manager acknowledges the concern, which stops the escalation."""
    return run(ctx, lambda: ctx.app.acknowledge_concern(ctx.by, concern_id, body.response), body, concern_id)


@router.post("/concerns/{concern_id}/escalate", response_model=ReceiptOut)
def escalate(concern_id: UUID, ctx: Context) -> JSONResponse:
    """Tell the manager again (the chair; the escalation worker does this on its own)."""
    return run(ctx, lambda: ctx.app.escalate_concern(ctx.by, concern_id), None, concern_id)
