"""Governance and downstream systems: the trail, the event feed, accountability and the views' progress."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query
from starlette.concurrency import run_in_threadpool

from api.deps import Context, Ctx
from api.errors import ERROR_RESPONSES
from api.models import (
    AccountabilityRow,
    CaseReadsPage,
    EventSchemas,
    FeedItem,
    FeedPage,
    TrailPageOut,
    ViewsOut,
)
from application.event_schemas import asyncapi_document, event_schemas
from application.read_models import ReadsFilter, TrailFilter

MAX_POSITION = 2**53  # log positions are 64-bit integers; this bound keeps every store's driver happy
WAIT_POLL_SECONDS = 0.02
router = APIRouter(responses=ERROR_RESPONSES)


@router.get("/trail", tags=["governance"], response_model=TrailPageOut)
def trail(
    ctx: Context,
    audit_id: Annotated[UUID | None, Query()] = None,
    case_ref: Annotated[str | None, Query(max_length=50)] = None,
    agency: Annotated[
        str | None, Query(max_length=20, description="agency code; an unknown one matches nothing")
    ] = None,
    person_id: Annotated[UUID | None, Query(description="who acted, or whom the event is about")] = None,
    event_type: Annotated[list[str] | None, Query(description="public event names")] = None,
    since: Annotated[datetime | None, Query(description="ISO 8601 with a zone (Z or any offset)")] = None,
    until: Annotated[datetime | None, Query(description="ISO 8601 with a zone (Z or any offset)")] = None,
    order: Annotated[Literal["oldest", "newest"], Query()] = "oldest",
    cursor: Annotated[int | None, Query(ge=0, le=MAX_POSITION, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """The full audit trail (R-24), filtered, ordered and paged; each row has a one-line summary."""
    query = TrailFilter(
        audit_id=str(audit_id) if audit_id else None,
        case_ref=case_ref,
        agency_code=agency or None,
        person_id=str(person_id) if person_id else None,
        event_types=tuple(event_type or ()),
        since=since,
        until=until,
        newest_first=order == "newest",
        after=cursor,
        limit=limit,
    )
    page = ctx.app.trail(ctx.by, query)
    return {"rows": page.rows, "next_cursor": page.next_cursor}


@router.get("/case-reads", tags=["governance"], response_model=CaseReadsPage)
def case_reads(
    ctx: Context,
    case_ref: Annotated[str | None, Query(max_length=50)] = None,
    audit_id: Annotated[UUID | None, Query()] = None,
    person_id: Annotated[UUID | None, Query(description="the reader")] = None,
    cursor: Annotated[int | None, Query(ge=0, le=MAX_POSITION, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Who looked at case-level data (R-26): for a case, an audit or a reader; when, and through which route."""
    query = ReadsFilter(case_ref=case_ref or None, audit_id=str(audit_id) if audit_id else None,
                        person_id=str(person_id) if person_id else None, after=cursor, limit=limit)  # fmt: skip
    page = ctx.app.case_reads(ctx.by, query)
    return {"rows": page.rows, "next_cursor": page.next_cursor}


@router.get("/trail/{position}", tags=["governance"], response_model=FeedItem)
def trail_event(position: Annotated[int, Path(ge=1, le=MAX_POSITION)], ctx: Context) -> dict[str, Any]:
    """The full event at a log position, read from the event store."""
    return ctx.app.trail_event(ctx.by, position)


@router.get("/events", tags=["event feed"], response_model=FeedPage)
def events(
    ctx: Context,
    after: Annotated[int, Query(ge=0, le=MAX_POSITION, description="the last position you handled")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """The pull feed (R-25): items in log order after ``after``; store ``next_after`` and ask again from it."""
    return ctx.app.event_feed(ctx.by, after, limit)


@router.get("/events/schemas", tags=["event feed"], response_model=EventSchemas)
def event_data_schemas(ctx: Context) -> dict[str, Any]:
    """The JSON Schema of every public event type's ``data``, with its ``schema_version`` (docs/events/)."""
    return {"schemas": event_schemas()}


@router.get("/events/asyncapi", tags=["event feed"], response_model=dict[str, Any])
def asyncapi(ctx: Context) -> dict[str, Any]:
    """The AsyncAPI 3 document of the pull feed and the webhook deliveries."""
    return asyncapi_document()


@router.get("/accountability", tags=["governance"], response_model=list[AccountabilityRow])
def accountability(ctx: Context) -> list[dict[str, Any]]:
    """Each agency's timeliness and completeness across audits (R-27)."""
    return ctx.app.agency_accountability(ctx.by)


@router.get("/views", tags=["governance"], response_model=ViewsOut)
async def views(
    ctx: Context,
    wait_for: Annotated[
        int | None,
        Query(ge=0, le=MAX_POSITION, description="wait (ASSURE_VIEWS_WAIT_MAX_SECONDS at most) for the views"),
    ] = None,
) -> dict[str, Any]:
    """Each view's position; with ``wait_for``, whether they reached it (a command's ``position``).

    Waiting holds no worker thread: every waiting client shares one read of the positions per poll."""
    watch = watch_of(ctx)
    positions = await watch.positions()
    reached = None
    if wait_for is not None:
        deadline = time.monotonic() + ctx.request.app.state.settings.views_wait_max_seconds
        while not (reached := all(p >= wait_for for p in positions.values())) and time.monotonic() < deadline:
            await asyncio.sleep(WAIT_POLL_SECONDS)
            positions = await watch.positions()
    return {"positions": positions, "reached": reached}


class ViewWatch:
    """The views' positions, read at most once per poll interval however many clients wait, one read at a time."""

    def __init__(self, read: Callable[[], dict[str, int]]) -> None:
        self.read, self.lock = read, asyncio.Lock()
        self.known: dict[str, int] = {}
        self.read_at = -math.inf

    async def positions(self) -> dict[str, int]:
        async with self.lock:
            if time.monotonic() - self.read_at >= WAIT_POLL_SECONDS:
                self.known, self.read_at = await run_in_threadpool(self.read), time.monotonic()
            return self.known


def watch_of(ctx: Ctx) -> ViewWatch:
    state = ctx.request.app.state
    if getattr(state, "view_watch", None) is None:
        views = ctx.app.views
        state.view_watch = ViewWatch(views.positions if views is not None else dict)
    watch: ViewWatch = state.view_watch
    return watch
