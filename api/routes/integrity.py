"""Proofs of the trail (R-30): an event's inclusion proof, the checkpoints and the consistency between two."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import Context
from api.errors import ERROR_RESPONSES

MAX_POSITION = 2**53
router = APIRouter(responses=ERROR_RESPONSES, tags=["governance"])


@router.get("/trail/{position}/proof")
def trail_proof(position: Annotated[int, Path(ge=1, le=MAX_POSITION)], ctx: Context) -> dict[str, Any]:
    """The event's RFC 6962 inclusion proof against the latest signed checkpoint; see docs/integrity.md."""
    return ctx.app.trail_proof(ctx.by, position)


@router.get("/checkpoints")
def checkpoints(ctx: Context) -> list[dict[str, Any]]:
    """Every signed checkpoint the log records, oldest first."""
    return ctx.app.signed_checkpoints(ctx.by)


@router.get("/checkpoints/consistency")
def consistency(
    ctx: Context,
    first: Annotated[int, Query(ge=1, le=MAX_POSITION, description="the earlier checkpoint's tree size")],
    second: Annotated[int, Query(ge=1, le=MAX_POSITION, description="the later checkpoint's tree size")],
) -> dict[str, Any]:
    """The RFC 6962 consistency proof that the later checkpoint's tree extends the earlier one's."""
    return ctx.app.trail_consistency(ctx.by, first, second)
