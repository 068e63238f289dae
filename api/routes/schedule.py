"""The annual audit schedule. Years go in paths with a hyphen: 2022/23 is /schedules/2022-23."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import Context, run, tagged
from api.errors import ERROR_RESPONSES
from api.models import ScheduleOut
from api.schemas import NewSchedule, ReasonIn, ReceiptOut, ScheduleItem, ScheduleRevision

router = APIRouter(prefix="/schedules", tags=["schedule"], responses=ERROR_RESPONSES)


def _year(slug: str) -> str:
    return slug.replace("-", "/", 1)


@router.post("", status_code=201, response_model=ReceiptOut)
def propose(body: NewSchedule, ctx: Context) -> JSONResponse:
    """The ARG proposes a business year's schedule (R-1)."""
    return run(ctx, lambda: ctx.app.propose_schedule(ctx.by, body.year), body, status=201)


@router.get("/{year}", response_model=ScheduleOut)
def get_schedule(year: str, ctx: Context) -> JSONResponse:
    """A year's schedule with every planned audit; the ETag is its version."""
    return tagged(ctx.app.get_schedule(ctx.by, _year(year)))


@router.post("/{year}/items", status_code=201, response_model=ReceiptOut)
def plan(year: str, body: ScheduleItem, ctx: Context) -> JSONResponse:
    """Plan an audit in the year (after approval, with a reason)."""
    item = body.model_dump(exclude={"reason"})
    return run(
        ctx,
        lambda: ctx.app.plan_scheduled_audit(ctx.by, _year(year), item, body.reason),
        body,
        ctx.app.schedule_id(_year(year)),
        201,
    )


@router.post("/{year}/items/{item_id}/revise", response_model=ReceiptOut)
def revise(year: str, item_id: str, body: ScheduleRevision, ctx: Context) -> JSONResponse:
    """Move or change a planned audit, with a reason."""
    return run(
        ctx,
        lambda: ctx.app.revise_scheduled_audit(
            ctx.by, _year(year), item_id, body.changes.model_dump(exclude_unset=True), body.reason
        ),
        body,
        ctx.app.schedule_id(_year(year)),
    )


@router.post("/{year}/items/{item_id}/withdraw", response_model=ReceiptOut)
def withdraw(year: str, item_id: str, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Withdraw a planned audit, with a reason."""
    return run(
        ctx,
        lambda: ctx.app.withdraw_scheduled_audit(ctx.by, _year(year), item_id, body.reason),
        body,
        ctx.app.schedule_id(_year(year)),
    )


@router.post("/{year}/approve", response_model=ReceiptOut)
def approve(year: str, ctx: Context) -> JSONResponse:
    """The Executive Group approves the schedule."""
    return run(ctx, lambda: ctx.app.approve_schedule(ctx.by, _year(year)), None, ctx.app.schedule_id(_year(year)))
