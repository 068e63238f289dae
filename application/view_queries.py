"""Queries that read the views, scoped by role and agency; and the full event behind a trail row."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from application.base import AssureBase
from application.disclosure import (
    CASE_CONTENT_TYPES,
    Entitlement,
    carries_case_content,
    disclose,
    disclose_whole,
    for_reader,
)
from application.errors import NotFound, NotPermitted
from application.events import unreadable_item
from application.exports import Names, Table, action_plan_table, return_matrix_tables
from application.principal import CHAIR_OR_QA, OVERSIGHT, READ_ALL, Principal
from application.read_models import ReadsFilter, Row, TrailFilter, TrailPage
from application.timeliness import timeliness
from domain.errors import InvalidValue, NotReady
from domain.limits import case_ref_key
from domain.values import Role

TRAIL_READERS = (Role.GOVERNANCE, *CHAIR_OR_QA)


def action_rag(action: Row, today: date) -> str:
    """Red: overdue or blocked; amber: due within 30 days; green: completed or comfortably in time."""
    if action["status"] == "completed":
        return "green"
    due = date.fromisoformat(action["due_date"])
    if action["status"] == "blocked" or due < today:
        return "red"
    return "amber" if (due - today).days <= 30 else "green"


def _utc(moment: datetime | None, name: str) -> datetime | None:
    """The trail stores UTC times: a bound given with any offset is compared as the same instant in UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise InvalidValue(f"give {name} with its time zone, e.g. 2022-08-19T10:00:00Z or +05:00")
    return moment.astimezone(UTC)


def _worst(rags: list[str]) -> str:
    return min(rags, key=["red", "amber", "green"].index)


class ViewQueries(AssureBase):
    """Reads of the projections: what people see in lists, matrices, the trail and the past."""

    def _agency_scope(self, by: Principal, doing: str, *wider: str, agency_roles: tuple[str, ...] = ()) -> str | None:
        """None when the principal sees every agency's rows, else their own agency's id."""
        if by.has(*READ_ALL, *wider):
            return None
        if by.has(Role.AUDITOR, Role.AGENCY_LEAD, *agency_roles) and by.agency_id is not None:
            return str(by.agency_id)
        raise NotPermitted(f"{doing} is not open to your role")

    def wait_for_views(self, position: int, timeout: float = 5.0) -> bool:
        """Wait until the views have applied a command's position (its receipt's ``position``)."""
        return self._views().wait_for(position, timeout)

    def list_audits(self, by: Principal) -> list[Row]:
        """Audits with their stage and timeliness RAG; agencies see the audits they take part in."""
        scope = self._agency_scope(by, "listing audits", *OVERSIGHT)
        views, today = self._views(), self._now().date()
        rows = views.audits(scope)
        return [dict(row, timeliness=timeliness(row, today)) for row in rows]

    def audit_overview(self, by: Principal, audit_id: UUID) -> Row:
        """One audit's overview with its timeliness RAG against the terms of reference."""
        self._visible_audit(by, audit_id)
        row = self._views().audit_overview(str(audit_id))
        if row is None:
            raise NotFound(f"the overview of audit {audit_id} is not built yet; wait for the views")
        return dict(row, timeliness=timeliness(row, self._now().date()))

    def return_matrix(self, by: Principal, audit_id: UUID) -> list[Row]:
        """Which returns are outstanding, per case and agency (R-12)."""
        self._visible_audit(by, audit_id)
        scope = self._agency_scope(by, "reading the return matrix", *OVERSIGHT)
        rows = self._views().return_matrix(str(audit_id), scope)
        self._record_case_reads(by, "the audit's return matrix", audit_id,
                                [(r["case_ref"], r["agency_id"]) for r in rows])  # fmt: skip
        return rows

    def ratings(self, by: Principal, audit_id: UUID) -> list[Row]:
        """Ratings, original and moderated side by side (R-14); case-level, so agency-scoped."""
        self._visible_audit(by, audit_id)
        rows = self._views().ratings(str(audit_id), self._agency_scope(by, "reading ratings"))
        self._record_case_reads(by, "the ratings of the audit's returns", audit_id,
                                sorted({(r["case_ref"], r["agency_id"]) for r in rows}))  # fmt: skip
        return rows

    def actions(self, by: Principal, audit_id: UUID | None = None) -> list[Row]:
        """Actions with their stall flags; agencies see the actions they own."""
        scope = self._agency_scope(by, "reading actions", *OVERSIGHT)
        now = self._now()
        rows = self._views().actions(str(audit_id) if audit_id else None, scope)
        return [dict(row, stalls=self.stall_policy.stalls(row, now)) for row in rows]

    def concerns(self, by: Principal, audit_id: UUID | None = None) -> list[Row]:
        """Urgent concerns and whether they are acknowledged."""
        scope = self._agency_scope(by, "reading concerns", agency_roles=(Role.SAFEGUARDING_MANAGER,))
        rows = self._views().concerns(str(audit_id) if audit_id else None, scope)
        with self._reads_together():
            for row in rows:
                self._record_case_read(by, "the list of urgent concerns", UUID(row["audit_id"]), row["case_ref"],
                                       UUID(row["agency_id"]))  # fmt: skip
        return rows

    def schedule_view(self, by: Principal, year: str) -> list[Row]:
        """The year's schedule as a list."""
        self._allow(by, "reading the schedule", *READ_ALL, *OVERSIGHT, Role.AGENCY_LEAD, Role.AUDITOR)
        return self._views().schedule(year)

    def agency_accountability(self, by: Principal) -> list[Row]:
        """Each agency's timeliness and completeness across audits (R-27)."""
        self._allow(by, "reading agency accountability", *READ_ALL, *OVERSIGHT)
        return self._views().accountability(self._now().date())

    def trail(self, by: Principal, query: TrailFilter) -> TrailPage:
        """The governance trail: filtered, ordered, paged by cursor (R-24)."""
        self._allow(by, "querying the audit trail", *TRAIL_READERS)
        if not 1 <= query.limit <= 500:
            raise InvalidValue("limit must be between 1 and 500")
        since, until = _utc(query.since, "since"), _utc(query.until, "until")
        if since and until and until < since:
            raise InvalidValue("the time range ends before it starts")
        agency_id = query.agency_id
        if query.agency_code is not None:
            try:
                agency_id = str(self.agency(query.agency_code).id)
            except NotFound:
                return TrailPage([], None)  # a filter that matches nothing is an empty page, not a 404
        case_ref = None if query.case_ref is None else case_ref_key(query.case_ref)
        page = self._views().trail(replace(query, since=since, until=until, agency_id=agency_id, agency_code=None,
                                           case_ref=case_ref))  # fmt: skip
        with self._reads_together():  # a summary may quote case content: the rows that can are reads
            for row in page.rows:
                if row["event_type"] in CASE_CONTENT_TYPES and row["audit_id"]:
                    self._record_case_read(by, "the trail", UUID(row["audit_id"]), row["case_ref"],
                                           UUID(row["agency_id"]) if row["agency_id"] else None)  # fmt: skip
        return page

    def case_reads(self, by: Principal, query: ReadsFilter) -> TrailPage:
        """Who looked at case-level data: by case, audit or reader; when, and through what (R-26)."""
        self._allow(by, "asking who read case-level data", *TRAIL_READERS)
        if not 1 <= query.limit <= 500:
            raise InvalidValue("limit must be between 1 and 500")
        if query.case_ref is not None:
            query = replace(query, case_ref=case_ref_key(query.case_ref))
        return self._views().case_reads(query)

    def trail_event(self, by: Principal, position: int) -> dict[str, Any]:
        """The full event behind a trail row, read from the event store; reading case content is recorded."""
        self._allow(by, "reading the audit trail", *TRAIL_READERS)
        entry = self.log_reader().at(position)
        if entry is None:
            raise NotFound(f"no event at position {position}")
        if entry.event is None:
            return unreadable_item(entry.position, entry.error)
        item = disclose_whole(entry.event.item())
        self._note_event_reads(by, [entry.event], [item], f"the event at position {position}")
        return item

    def _note_event_reads(
        self, by: Principal, events: list[Any], items: list[dict[str, Any] | None], what: str
    ) -> None:
        """Record reads of events whose disclosed data holds case content: ratings, quotes, narratives (R-26)."""
        with self._reads_together():
            for event, item in zip(events, items, strict=True):
                if item is None or event.audit_id is None or not carries_case_content(item):
                    continue
                self._record_case_read(by, what, UUID(event.audit_id), event.case_ref,
                                       UUID(event.agency_id) if event.agency_id else None)  # fmt: skip

    def event_feed(self, by: Principal, after: int = 0, limit: int = 100) -> dict[str, Any]:
        """The pull feed (R-25): public items in log order after a position, and the position to ask from next."""
        self._allow(by, "reading the event feed", Role.GOVERNANCE, Role.ADMIN, Role.SUBSCRIBER)
        if after < 0 or not 1 <= limit <= 500:
            raise InvalidValue("after must be 0 or more, and limit between 1 and 500")
        entries, entitlement = self.log_reader().read(after, limit), self._feed_entitlement(by)
        items = [disclose(e.event.item(), entitlement) if e.event else unreadable_item(e.position, e.error)
                 for e in entries]  # fmt: skip
        readable = [(e.event, i) for e, i in zip(entries, items, strict=True) if e.event is not None]
        self._note_event_reads(by, [e for e, _ in readable], [i for _, i in readable],
                               f"the event feed after position {after}")  # fmt: skip
        return {"items": [i for i in items if i is not None], "next_after": entries[-1].position if entries else after}

    def _feed_entitlement(self, by: Principal) -> Entitlement:
        """What this reader receives (R-31); a subscriber's credential carries its grant."""
        credential = None
        if by.has(Role.SUBSCRIBER) and by.person_id is not None and by.credential_id is not None:
            credential = self.person(by.person_id).credentials.get(by.credential_id)
        return for_reader(by.roles, credential)

    def audit_report(self, by: Principal, audit_id: UUID, at: int | None = None) -> dict[str, Any]:
        """The facts of the summary report as at a log position (default: as far as the views have got) (R-16)."""
        audit = self._visible_audit(by, audit_id)
        lead = by.has(Role.AGENCY_LEAD) and audit.takes_part(by.agency_id)
        self._allow(by, "reading the audit report", *READ_ALL, *OVERSIGHT, unless=lead)
        scope = self._agency_rows(by)  # a lead's copy: own quotes and moves, others in aggregate
        views = self._views()
        position = min(views.positions().values(), default=0) if at is None else at
        if position < 1 or position > self.max_position():
            raise InvalidValue(f"the log position must be between 1 and {self.max_position()}")
        if not views.wait_for(position):
            raise NotReady(f"the views have not reached position {position} yet; try again in a moment")
        facts = views.report_facts(str(audit_id), position, scope)
        if not facts["audit"]:
            raise NotFound(f"audit {audit_id} had not been commissioned at position {position}")
        self._record_case_reads(by, f"the audit's report as at position {position}", audit_id,
                                [(ref, None) for ref in audit.cases])  # fmt: skip
        return facts

    def render_report(self, by: Principal, audit_id: UUID, at: int | None, fmt: str) -> tuple[str, int]:
        """The summary report rendered as HTML or Markdown, and the log position it was built from (R-16)."""
        facts = self.audit_report(by, audit_id, at)
        return self._renderer().render(facts, fmt), int(facts["position"])

    def render_report_pdf(self, by: Principal, audit_id: UUID, at: int | None) -> tuple[bytes, int]:
        """The summary report as a PDF, and the log position it was built from (R-16)."""
        facts = self.audit_report(by, audit_id, at)
        return self._renderer().render_pdf(facts), int(facts["position"])

    def export_tables(self, by: Principal, audit_id: UUID, table: str) -> list[Table]:
        """The action plan (R-18) or the return matrix (R-12) as tables, with the views' figures and scoping."""
        names = Names(lambda a: self.agency_by_id(a).name, lambda p: self.person(p).name)
        if table == "action-plan":
            return [action_plan_table(self.action_plan(by, audit_id), names)]
        if table == "return-matrix":
            return return_matrix_tables(self.return_matrix(by, audit_id), names)
        raise InvalidValue("the exports are action-plan and return-matrix")

    def export_spreadsheet(self, by: Principal, audit_id: UUID, table: str, fmt: str) -> bytes:
        """An export written as XLSX (every table a sheet) or CSV (the first table)."""
        return self._renderer().write_tables(self.export_tables(by, audit_id, table), fmt)

    def compare_reports(self, by: Principal, audit_id: UUID, earlier: int, later: int) -> list[dict[str, Any]]:
        """Which figures and texts of the report changed between two log positions."""
        before, after = self.audit_report(by, audit_id, earlier), self.audit_report(by, audit_id, later)
        return self._renderer().compare(before, after)

    def action_plan(self, by: Principal, audit_id: UUID) -> list[dict[str, Any]]:
        """Each recommendation with its actions' live status, RAG by due date (R-18)."""
        overview = self.audit_overview(by, audit_id)
        today = self._now().date()
        actions = self.actions(by, audit_id)
        plan = []
        for rec in overview["recommendations"]:
            mine = [a for a in actions if a["recommendation_id"] == rec["recommendation_id"]]
            plan.append(
                dict(
                    rec,
                    actions=[dict(a, rag=action_rag(a, today)) for a in mine],
                    rag=_worst([action_rag(a, today) for a in mine]) if mine else "red",
                )
            )
        return plan

    def audit_as_at(self, by: Principal, audit_id: UUID, moment: datetime) -> dict[str, Any]:
        """An audit as it stood at a moment: overview, returns, ratings, findings and actions (R-24)."""
        self._allow(by, "seeing an audit as it stood in the past", *TRAIL_READERS)
        if moment.tzinfo is None:
            raise InvalidValue("give the moment with its time zone, e.g. 2022-08-19T12:00:00+00:00")
        if moment > self._now():
            raise InvalidValue(f"as_of {moment.isoformat()} is in the future; the past is all there is to see")
        self._audit(audit_id)
        past = self._views().as_at(str(audit_id), moment)
        if past["overview"] is None:
            raise NotFound(f"audit {audit_id} had not been commissioned at {moment.isoformat()}")
        past["overview"]["timeliness"] = timeliness(past["overview"], moment.date())
        self._record_case_reads(by, f"the audit as at {moment.isoformat()}", audit_id,
                                [(r["case_ref"], r["agency_id"]) for r in past.get("returns", [])])  # fmt: skip
        return past
