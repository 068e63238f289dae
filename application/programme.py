"""The annual programme: the schedule, commissioning audits, and audit tool templates (R-1 to R-3, R-6)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from application.base import AssureBase, Receipt, given, record
from application.errors import NotFound
from application.principal import CHAIR_OR_QA, OVERSIGHT, READ_ALL, Principal
from domain.audit import Audit
from domain.audit_tool import ToolTemplate
from domain.errors import AlreadyRecorded
from domain.limits import CODE
from domain.schedule import Schedule
from domain.values import Role


class ProgrammeCommands(AssureBase):
    """The ARG proposes, the Executive Group approves; the ARG commissions."""

    def propose_schedule(self, by: Principal, year: str) -> Receipt:
        """The ARG proposes the schedule for a business year."""
        self._allow(by, "proposing the audit schedule", Role.ARG_MEMBER)
        year = given(year, "business year", CODE)
        if self._exists(Schedule.id_for(year)):
            raise AlreadyRecorded(f"a schedule for {year} already exists")
        return self._commit(Schedule.propose(year, by.actor, self._now()))

    def plan_scheduled_audit(
        self, by: Principal, year: str, item: dict[str, Any], reason: str | None = None
    ) -> Receipt:
        """Add a planned audit to the year's schedule."""
        self._allow(by, "planning a scheduled audit", Role.ARG_MEMBER)
        schedule = self._schedule(year)
        item_id = schedule.plan(item, reason, by.actor, self._now())
        return self._commit(schedule, ref=item_id)

    def revise_scheduled_audit(
        self, by: Principal, year: str, item_id: str, changes: dict[str, Any], reason: str
    ) -> Receipt:
        """Move or change a scheduled audit, with a reason."""
        self._allow(by, "revising a scheduled audit", Role.ARG_MEMBER)
        schedule = self._schedule(year)
        schedule.revise(item_id, changes, reason, by.actor, self._now())
        return self._commit(schedule, ref=item_id)

    def withdraw_scheduled_audit(self, by: Principal, year: str, item_id: str, reason: str) -> Receipt:
        """Withdraw a scheduled audit, with a reason."""
        self._allow(by, "withdrawing a scheduled audit", Role.ARG_MEMBER)
        schedule = self._schedule(year)
        schedule.withdraw(item_id, reason, by.actor, self._now())
        return self._commit(schedule, ref=item_id)

    def approve_schedule(self, by: Principal, year: str) -> Receipt:
        """The Executive Group approves the year's schedule."""
        self._allow(by, "approving the audit schedule", Role.EXECUTIVE)
        schedule = self._schedule(year)
        schedule.approve(by.actor, self._now())
        return self._commit(schedule)

    def get_schedule(self, by: Principal, year: str) -> dict[str, Any]:
        """The year's schedule: open to the partnership's officers and governance."""
        self._allow(by, "reading the schedule", *READ_ALL, *OVERSIGHT, Role.AGENCY_LEAD, Role.AUDITOR)
        schedule = self._schedule(year)
        items = [dict(item, item_id=item_id) for item_id, item in schedule.items.items()]
        return record(id=schedule.id, year=schedule.year, approved=schedule.approved, items=items,
                      version=schedule.version)  # fmt: skip

    @staticmethod
    def schedule_id(year: str) -> UUID:
        """The id of a business year's schedule (for If-Match on it)."""
        return Schedule.id_for(given(year, "business year", CODE))

    def _schedule(self, year: str) -> Schedule:
        try:
            return self._load(Schedule, Schedule.id_for(given(year, "business year", CODE)), "schedule")
        except NotFound:
            raise NotFound(f"no schedule for the business year {year!r}") from None

    # Commissioning
    def commission_audit(
        self, by: Principal, kind: str, theme: str, focus: str, rationale: str,
        schedule_item: tuple[str, str] | None = None,
    ) -> Receipt:  # fmt: skip
        """The ARG commissions an audit, optionally from the year's schedule (year, item id)."""
        self._allow(by, "commissioning an audit", Role.ARG_MEMBER)
        audit_id, now = uuid4(), self._now()
        if schedule_item is None:
            return self._commit(Audit.commission(audit_id, kind, theme, focus, rationale, None, by.actor, now))
        year, item_id = schedule_item
        schedule = self._schedule(year)
        item_ref = schedule.commission(item_id, audit_id, by.actor, now)
        audit = Audit.commission(audit_id, kind, theme, focus, rationale, item_ref, by.actor, now)
        return self._commit(audit, schedule)

    def link_earlier_audit(
        self, by: Principal, audit_id: UUID, earlier_audit_id: UUID, recommendation_id: str
    ) -> Receipt:
        """Link a follow-up or re-audit to the earlier audit and the recommendation that asked for it (R-29)."""
        self._allow(by, "linking an earlier audit", Role.ARG_MEMBER, *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        earlier = self._audit(earlier_audit_id)
        audit.link_earlier_audit(earlier, recommendation_id.strip().upper(), by.actor, self._now())
        return self._commit(audit)

    # Tool templates
    def publish_tool_template(self, by: Principal, name: str, questions: list[dict[str, Any]]) -> Receipt:
        """Publish a versioned audit tool template."""
        self._allow(by, "publishing a tool template", *CHAIR_OR_QA, Role.ADMIN)
        if self._exists(ToolTemplate.id_for(name or "-")):
            raise AlreadyRecorded(f"a template named {name!r} exists: revise it instead")
        return self._commit(ToolTemplate.publish(name, questions, by.actor, self._now()))

    def revise_tool_template(self, by: Principal, name: str, questions: list[dict[str, Any]], reason: str) -> Receipt:
        """Publish a new version of a template."""
        self._allow(by, "revising a tool template", *CHAIR_OR_QA, Role.ADMIN)
        template = self._template(name)
        template.revise(questions, reason, by.actor, self._now())
        return self._commit(template)
