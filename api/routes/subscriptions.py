"""Push subscriptions for downstream systems (R-25), and exception reports (R-21)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import Context, run
from api.errors import ERROR_RESPONSES
from api.fields import Reason, Ref, Url
from api.models import DeliveryFailure, ExceptionReportOut, Redelivery
from api.schemas import Body, DataClassName, ReasonIn, ReceiptOut

router = APIRouter(responses=ERROR_RESPONSES)


class NewSubscription(Body):
    url: Url = Field(examples=["https://example.org/assure-events"])
    event_types: list[Ref] = Field(default_factory=list, max_length=100, examples=[["ActionBlocked"]])
    data_class: DataClassName = Field(default="reference", description="the highest data class delivered (R-31)")
    reason: Reason | None = Field(default=None, description="required for more than reference")


class Disclosure(Body):
    data_class: DataClassName
    reason: Reason = Field(examples=["the case management system needs the ratings"])


class SubscriptionOut(BaseModel):
    id: str
    version: int
    secret: str = Field(description="signs every delivery (Standard Webhooks); shown once")


@router.post("/subscriptions", tags=["subscriptions"], status_code=201, response_model=SubscriptionOut)
def create(body: NewSubscription, ctx: Context) -> JSONResponse:
    """Subscribe a URL to some event types (all when none are named); deliveries are signed with the secret."""
    receipt, secret = ctx.app.create_subscription(ctx.by, body.url, body.event_types, body.data_class, body.reason)
    return JSONResponse({"id": str(receipt.id), "version": receipt.version, "secret": secret}, status_code=201)


@router.post("/subscriptions/{subscription_id}/disclosure", tags=["subscriptions"], response_model=ReceiptOut)
def grant_disclosure(subscription_id: UUID, body: Disclosure, ctx: Context) -> JSONResponse:
    """State the highest data class the subscription receives, with a reason governance sees (admin, R-31)."""
    return run(ctx, lambda: ctx.app.grant_subscription_disclosure(ctx.by, subscription_id, body.data_class,
                                                                  body.reason), body, subscription_id)  # fmt: skip


class SecretRotation(Body):
    overlap_hours: float = Field(default=24, ge=0, le=168, description="how long the old secret also signs")


class RotatedSecretOut(BaseModel):
    id: str
    version: int
    position: int
    secret: str = Field(description="the new signing secret (Standard Webhooks); shown once")
    previous_valid_until: str = Field(description="until then every delivery carries both signatures")


@router.post("/subscriptions/{subscription_id}/rotate-secret", tags=["subscriptions"], response_model=RotatedSecretOut)
def rotate_secret(subscription_id: UUID, body: SecretRotation, ctx: Context) -> JSONResponse:
    """Issue a new signing secret; the old one keeps signing beside it for the overlap (admin)."""
    receipt, secret, until = ctx.app.rotate_subscription_secret(
        ctx.by, subscription_id, timedelta(hours=body.overlap_hours)
    )
    answer = {"id": str(receipt.id), "version": receipt.version, "position": receipt.position, "secret": secret,
              "previous_valid_until": until}  # fmt: skip
    return JSONResponse(answer, headers={"ETag": f'"{receipt.version}"'})


@router.post("/subscriptions/{subscription_id}/pause", tags=["subscriptions"], response_model=ReceiptOut)
def pause(subscription_id: UUID, body: ReasonIn, ctx: Context) -> JSONResponse:
    """Stop deliveries for now."""
    return run(ctx, lambda: ctx.app.pause_subscription(ctx.by, subscription_id, body.reason), body, subscription_id)


@router.post("/subscriptions/{subscription_id}/resume", tags=["subscriptions"], response_model=ReceiptOut)
def resume(subscription_id: UUID, ctx: Context) -> JSONResponse:
    """Deliver again from where deliveries stopped."""
    return run(ctx, lambda: ctx.app.resume_subscription(ctx.by, subscription_id), None, subscription_id)


@router.get("/subscriptions/{subscription_id}/failures", tags=["subscriptions"], response_model=list[DeliveryFailure])
def failures(subscription_id: UUID, ctx: Context) -> list[dict[str, Any]]:
    """Deliveries that failed after the last retry."""
    return ctx.app.subscription_failures(ctx.by, subscription_id)


@router.post(
    "/subscriptions/{subscription_id}/failures/{position}/redeliver", tags=["subscriptions"], response_model=Redelivery
)
def redeliver(subscription_id: UUID, position: Annotated[int, Path(ge=1, le=2**53)], ctx: Context) -> dict[str, Any]:
    """Deliver a failed event again, now."""
    return {"delivered": ctx.app.redeliver(ctx.by, subscription_id, position)}


@router.get("/exception-reports/{report_id}", tags=["governance"], response_model=ExceptionReportOut)
def exception_report(report_id: UUID, ctx: Context) -> dict[str, Any]:
    """An exception report to the Executive Group: stalled actions and their history."""
    return ctx.app.get_exception_report(ctx.by, report_id)
