"""Lists with cursor paging and filters: agencies, people, subscriptions, exception reports, risk reports and tool
templates. Pass ``next_cursor`` back as ``cursor`` for the next page; it is null when the list is done."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import Context
from api.errors import ERROR_RESPONSES
from api.pages import (
    AgencyPage,
    ExceptionReportPage,
    PersonPage,
    SubscriptionPage,
    TemplatePage,
)
from application.lists import ListPage, ListQuery

router = APIRouter(responses=ERROR_RESPONSES)
Cursor = Annotated[int | None, Query(ge=0, le=2**53, description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=500)]
AgencyCode = Annotated[str | None, Query(max_length=20, description="agency code; an unknown one matches nothing")]


def _page(page: ListPage) -> dict[str, Any]:
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/agencies", tags=["agencies"], response_model=AgencyPage)
def agencies(
    ctx: Context,
    code: AgencyCode = None,
    kind: Annotated[str | None, Query(max_length=50)] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Partner agencies (every person)."""
    return _page(ctx.app.list_agencies(ctx.by, ListQuery(cursor, limit, agency_code=code, kind=kind)))


@router.get("/people", tags=["people"], response_model=PersonPage)
def people(
    ctx: Context,
    agency: AgencyCode = None,
    role: Annotated[str | None, Query(max_length=50)] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """People and their roles (admin, governance, chair, QA officer; an agency lead sees their agency's)."""
    return _page(ctx.app.list_people(ctx.by, ListQuery(cursor, limit, agency_code=agency, role=role)))


@router.get("/subscriptions", tags=["subscriptions"], response_model=SubscriptionPage)
def subscriptions(
    ctx: Context,
    active: Annotated[bool | None, Query()] = None,
    event_type: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Push subscriptions, without their secrets (admin)."""
    return _page(ctx.app.list_subscriptions(ctx.by, ListQuery(cursor, limit, active=active, event_type=event_type)))


@router.get("/exception-reports", tags=["governance"], response_model=ExceptionReportPage)
def exception_reports(
    ctx: Context,
    issued_from: Annotated[date | None, Query()] = None,
    issued_to: Annotated[date | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Exception reports to the Executive Group, oldest first (R-21)."""
    query = ListQuery(cursor, limit, issued_from=issued_from, issued_to=issued_to)
    return _page(ctx.app.list_exception_reports(ctx.by, query))


@router.get("/tool-templates", tags=["tool templates"], response_model=TemplatePage)
def tool_templates(
    ctx: Context,
    name: Annotated[str | None, Query(max_length=200, description="part of the name")] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Audit tool templates with their current questions (every person)."""
    return _page(ctx.app.list_tool_templates(ctx.by, ListQuery(cursor, limit, name=name)))
