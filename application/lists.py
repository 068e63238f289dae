"""Lists of agencies, people, subscriptions, exception and risk reports and tool templates: filtered, paged by
cursor (the log position of the record's creation), and scoped by role like the single reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.base import AssureBase, record
from application.errors import NotFound, NotPermitted
from application.principal import OVERSIGHT, READ_ALL, Principal
from application.read_models import Row, TrailFilter
from domain.audit_tool import ToolTemplate
from domain.errors import InvalidValue
from domain.exception_report import ExceptionReport
from domain.partnership import Agency, Person
from domain.risk_report import RiskReport
from domain.subscription import Subscription
from domain.values import Role

MAX_LIMIT = 500


@dataclass(frozen=True)
class ListPage:
    """One page of a list and the cursor for the next (None when the list is done)."""

    items: list[Row]
    next_cursor: int | None


@dataclass(frozen=True)
class ListQuery:
    """Paging and the filters every list understands; each list reads the ones that apply to it."""

    cursor: int | None = None
    limit: int = 100
    agency_code: str | None = None  # agencies' own code; people's and risk reports' agency
    kind: str | None = None  # agency kind
    role: str | None = None  # people holding a role
    active: bool | None = None  # subscriptions
    event_type: str | None = None  # subscriptions receiving a type
    scheduled: bool | None = None  # risk reports scheduled to the Executive Group
    issued_from: date | None = None  # exception reports issued on or after
    issued_to: date | None = None  # exception reports issued on or before
    name: str | None = None  # templates whose name contains this


class ListQueries(AssureBase):
    """The list endpoints' queries (R-26: hidden records are simply absent)."""

    def list_agencies(self, by: Principal, query: ListQuery) -> ListPage:
        """Partner agencies, to everyone signed in."""
        code = _norm(query.agency_code)

        def item(aggregate_id: UUID) -> Row | None:
            agency = self._load(Agency, aggregate_id, "agency")
            if (code and agency.code.upper() != code.upper()) or (query.kind and agency.agency_kind != query.kind):
                return None
            return record(id=agency.id, code=agency.code, name=agency.name, agency_kind=agency.agency_kind,
                          version=agency.version)  # fmt: skip

        return self._page("AgencyRegistered", item, query)

    def list_people(self, by: Principal, query: ListQuery) -> ListPage:
        """People with their roles: admins, governance, the chair and QA officer see all; an agency lead, their
        agency's people."""
        if by.has(Role.ADMIN, *READ_ALL):
            scope = None
        elif by.has(Role.AGENCY_LEAD) and by.agency_id is not None:
            scope = by.agency_id
        else:
            raise NotPermitted(
                "listing people needs the role admin, governance, audit_chair, qa_officer or agency_lead"
            )
        agency_id = self._agency_id_or_none(query.agency_code)

        def item(aggregate_id: UUID) -> Row | None:
            person = self._load(Person, aggregate_id, "person")
            if scope is not None and person.agency_id != scope:
                return None
            if (agency_id and person.agency_id != agency_id) or (query.role and query.role not in person.roles):
                return None
            return record(id=person.id, name=person.name, email=person.email, agency_id=person.agency_id,
                          roles=person.roles, version=person.version)  # fmt: skip

        return self._unless_unknown(query.agency_code, agency_id) or self._page("PersonRegistered", item, query)

    def list_subscriptions(self, by: Principal, query: ListQuery) -> ListPage:
        """Subscriptions, to admins; never their secrets."""
        self._allow(by, "managing subscriptions", Role.ADMIN)

        def item(aggregate_id: UUID) -> Row | None:
            sub = self._load(Subscription, aggregate_id, "subscription")
            if query.active is not None and sub.active != query.active:
                return None
            if query.event_type and sub.event_types and query.event_type not in sub.event_types:
                return None
            return record(id=sub.id, url=sub.url, event_types=sub.event_types, active=sub.active,
                          secret_generation=sub.secret_generation, previous_secret_valid_until=sub.previous_valid_until,
                          version=sub.version)  # fmt: skip

        return self._page("SubscriptionCreated", item, query)

    def list_exception_reports(self, by: Principal, query: ListQuery) -> ListPage:
        """Exception reports, to those who may read one (Executive, ARG, chair, QA officer, governance...)."""
        self._allow(by, "reading exception reports", *READ_ALL, *OVERSIGHT)

        def item(aggregate_id: UUID) -> Row | None:
            report = self._load(ExceptionReport, aggregate_id, "exception report")
            if (query.issued_from and report.period_end < query.issued_from) or (
                query.issued_to and report.period_end > query.issued_to
            ):
                return None
            return record(id=report.id, issued_on=report.period_end, stalled_actions=len(report.stalled_actions),
                          risk_reports=len(report.risk_reports), version=report.version)  # fmt: skip

        return self._page("ExceptionReportIssued", item, query)

    def risk_reports_page(self, by: Principal, query: ListQuery) -> ListPage:
        """Single-agency risk reports: all to the business manager, Executive and governance; an agency lead sees
        their own agency's."""
        wide = by.has(Role.BUSINESS_MANAGER, Role.EXECUTIVE, Role.GOVERNANCE)
        if not wide and not (by.has(Role.AGENCY_LEAD) and by.agency_id is not None):
            raise NotPermitted("listing risk reports needs the role business_manager, executive, governance or"
                               " agency_lead")  # fmt: skip
        agency_id = self._agency_id_or_none(query.agency_code)

        def item(aggregate_id: UUID) -> Row | None:
            report = self._load(RiskReport, aggregate_id, "risk report")
            visible = wide or report.agency_id == by.agency_id
            wanted = (not agency_id or report.agency_id == agency_id) and (
                query.scheduled is None or (report.meeting_date is not None) == query.scheduled
            )
            if not (visible and wanted):
                return None
            return record(id=report.id, agency_id=report.agency_id, audit_title=report.audit_title,
                          finding=report.finding, meeting_date=report.meeting_date, version=report.version)  # fmt: skip

        return self._unless_unknown(query.agency_code, agency_id) or self._page("SingleAgencyRiskReported", item, query)

    def list_tool_templates(self, by: Principal, query: ListQuery) -> ListPage:
        """Audit tool templates with their current questions, to everyone signed in."""
        needle = (query.name or "").strip().lower()

        def item(aggregate_id: UUID) -> Row | None:
            template = self._load(ToolTemplate, aggregate_id, "tool template")
            if needle and needle not in template.name.lower():
                return None
            return record(id=template.id, name=template.name, template_version=template.template_version,
                          questions=template.questions, version=template.version)  # fmt: skip

        return self._page("ToolTemplatePublished", item, query)

    def _page(self, created: str, item: Callable[[UUID], Row | None], query: ListQuery) -> ListPage:
        """Walk the records in creation order from the cursor until a page of matches is full."""
        if not 1 <= query.limit <= MAX_LIMIT or (query.cursor is not None and query.cursor < 0):
            raise InvalidValue(f"limit must be between 1 and {MAX_LIMIT}, and the cursor 0 or more")
        items: list[Row] = []
        after = query.cursor
        while True:
            batch = TrailFilter(event_types=(created,), after=after, limit=max(query.limit, 100))
            page = self._views().trail(batch)
            for row in page.rows:
                after = row["position"]
                found = item(UUID(row["aggregate_id"]))
                if found is not None:
                    items.append(found)
                    if len(items) == query.limit:
                        return ListPage(items, after)
            if page.next_cursor is None:
                return ListPage(items, None)

    def _agency_id_or_none(self, code: str | None) -> UUID | None:
        if not _norm(code):
            return None
        try:
            return self.agency(str(code)).id
        except NotFound:
            return None

    @staticmethod
    def _unless_unknown(code: str | None, agency_id: UUID | None) -> ListPage | None:
        """A filter on an agency that does not exist matches nothing: an empty page, not a 404."""
        return ListPage([], None) if _norm(code) and agency_id is None else None


def _norm(code: str | None) -> str | None:
    return code.strip() or None if code else None
