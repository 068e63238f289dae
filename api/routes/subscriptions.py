"""Push subscriptions for downstream systems (R-25), and exception reports (R-21)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import Context, run
from api.errors import ERROR_RESPONSES
from api.fields import Ref, Url
from api.schemas import Body, ReasonIn, ReceiptOut

router = APIRouter(responses=ERROR_RESPONSES)


class NewSubscription(Body):
    url: Url = Field(examples=["https://example.org/assure-events"])
    event_types: list[Ref] = Field(default_factory=list, max_length=100, examples=[["ActionBlocked"]])


class SubscriptionOut(BaseModel):
    id: str
    version: int
    secret: str = Field(description="signs every delivery (Standard Webhooks); shown once")


@router.post("/subscriptions", tags=["subscriptions"], status_code=201, response_model=SubscriptionOut)
def create(body: NewSubscription, ctx: Context) -> JSONResponse:
    """Subscribe a URL to some event types (all when none are named); deliveries are signed with the secret."""
    receipt, secret = ctx.app.create_subscription(ctx.by, body.url, body.event_types)
    return JSONResponse({"id": str(receipt.id), "version": receipt.version, "secret": secret}, status_code=201)


@router.post("/subscriptions/{subscription_id}/pause", tags=["subscriptions"], response_model=ReceiptOut)
def pause(subscription_id: UUID, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Stop deliveries for now."""
    return run(ctx, lambda: ctx.app.pause_subscription(ctx.by, subscription_id, body.reason), body, subscription_id)


@router.post("/subscriptions/{subscription_id}/resume", tags=["subscriptions"], response_model=ReceiptOut)
def resume(subscription_id: UUID, ctx: Context) -> JSONResponse:
    """Deliver again from where deliveries stopped."""
    return run(ctx, lambda: ctx.app.resume_subscription(ctx.by, subscription_id), None, subscription_id)


@router.get("/subscriptions/{subscription_id}/failures", tags=["subscriptions"])
def failures(subscription_id: UUID, ctx: Context) -> list[dict[str, Any]]:
    """Deliveries that failed after the last retry."""
    return ctx.app.subscription_failures(ctx.by, subscription_id)


@router.post("/subscriptions/{subscription_id}/failures/{position}/redeliver", tags=["subscriptions"])
def redeliver(subscription_id: UUID, position: Annotated[int, Path(ge=1, le=2**53)], ctx: Context) -> dict[str, Any]:
    """Deliver a failed event again, now."""
    return {"delivered": ctx.app.redeliver(ctx.by, subscription_id, position)}


@router.get("/exception-reports/{report_id}", tags=["governance"])
def exception_report(report_id: UUID, ctx: Context) -> dict[str, Any]:
    """An exception report to the Executive Group: stalled actions and their history."""
    return ctx.app.get_exception_report(ctx.by, report_id)
