"""Response bodies of the list endpoints: a page of items and the cursor for the next page."""

from __future__ import annotations

from typing import Any

from api.models import Out, PersonOut, RiskReportOut, Str


class AgencyItem(Out):
    id: str
    code: str
    name: str
    agency_kind: str
    version: int


class SubscriptionItem(Out):
    id: str
    url: str
    event_types: list[str]
    active: bool
    secret_generation: int
    previous_secret_valid_until: Str = None
    version: int


class ExceptionReportItem(Out):
    id: str
    issued_on: str
    stalled_actions: int
    risk_reports: int
    version: int


class TemplateItem(Out):
    id: str
    name: str
    template_version: int
    questions: list[dict[str, Any]]
    version: int


class AgencyPage(Out):
    items: list[AgencyItem]
    next_cursor: int | None = None


class PersonPage(Out):
    items: list[PersonOut]
    next_cursor: int | None = None


class SubscriptionPage(Out):
    items: list[SubscriptionItem]
    next_cursor: int | None = None


class ExceptionReportPage(Out):
    items: list[ExceptionReportItem]
    next_cursor: int | None = None


class RiskReportPage(Out):
    items: list[RiskReportOut]
    next_cursor: int | None = None


class TemplatePage(Out):
    items: list[TemplateItem]
    next_cursor: int | None = None
