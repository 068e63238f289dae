"""The annual audit schedule of a business year (R-1, guidance 4.3 and Appendix B)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.base import (
    AssureAggregate,
    require_member,
    require_reason,
    require_text,
    stable_id,
)
from domain.errors import AlreadyRecorded, InvalidValue, NotReady
from domain.limits import CODE, LINE, REASON, REF, TextLimit, check_mapping, check_optional_text, check_text, shown
from domain.values import CASE_CONTENT, REFERENCE, AuditKind

KEY_DATES: tuple[str, ...] = (
    "fieldwork_start",
    "fieldwork_end",
    "moderation_date",
    "sign_off_date",
    "report_to_arg_date",
)
TEXT_LIMITS: dict[str, TextLimit] = {
    "month": REF,
    "kind": REF,
    "theme": LINE,
    "focus": REASON,
    "rationale": REASON,
    "sample": REASON,
}
TEXT_FIELDS: tuple[str, ...] = tuple(TEXT_LIMITS)
TBC = "TBC"


def _check_item(item: dict[str, Any]) -> dict[str, Any]:
    """Validate a scheduled audit's fields; key dates may be unknown (TBC) as None."""
    item = check_mapping(item, "the scheduled audit", len(TEXT_FIELDS) + len(KEY_DATES))
    unknown = set(item) - set(TEXT_FIELDS) - set(KEY_DATES)
    if unknown:
        raise InvalidValue(f"unknown schedule fields: {', '.join(sorted(unknown))}")
    for field in set(item) & set(TEXT_FIELDS):
        check_text(item[field], field, TEXT_LIMITS[field])
    if "kind" in item:
        require_member(item["kind"], [k.value for k in AuditKind], "audit kind")
    if "month" in item:
        month = require_text(item["month"], "month", REF)
        try:
            date.fromisoformat(month + "-01")
        except ValueError:
            raise InvalidValue(f"month must look like 2022-07 (got {month!r})") from None
    for key in KEY_DATES:
        if item.get(key) is not None:
            item[key] = check_key_date(item[key], key)
    start, end = item.get("fieldwork_start"), item.get("fieldwork_end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise InvalidValue("the auditing window ends before it starts")
    return item


def check_key_date(value: object, key: str) -> date | str:
    """A key date is a day, a month ('2023-04') or to be confirmed ('TBC', or 'TBC 2022-09'), as in Appendix B."""
    if isinstance(value, date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if text.upper() == TBC:
        return TBC
    month = text[4:].strip() if text.upper().startswith(TBC + " ") else text
    if len(month) == 7 and month[4] == "-":
        try:
            date.fromisoformat(month + "-01")
        except ValueError:
            pass
        else:
            return f"{TBC} {month}" if month != text else month
    raise InvalidValue(f"{key} must be a date, a month like 2023-04, 'TBC' or 'TBC 2022-09' (got {shown(value)})")


class Schedule(AssureAggregate):
    """The audits planned for one business year; proposed by the ARG, approved by the Executive."""

    class ScheduleProposed(AssureAggregate.Created):
        year: str

    class ScheduledAuditPlanned(AssureAggregate.Event):
        item_id: str
        item: dict[str, Any]
        reason: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.item_id] = dict(self.item, withdrawn=False)

    class ScheduledAuditRevised(AssureAggregate.Event):
        item_id: str
        changes: dict[str, Any]
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.item_id].update(self.changes)

    class ScheduledAuditWithdrawn(AssureAggregate.Event):
        item_id: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.item_id]["withdrawn"] = True

    class ScheduledAuditCommissioned(AssureAggregate.Event):
        item_id: str
        audit_id: UUID

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.item_id]["audit_id"] = str(self.audit_id)

    class ScheduleApproved(AssureAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.approved = True

    def __init__(self, *, actor: str, year: str) -> None:
        self.year = year
        self.items: dict[str, dict[str, Any]] = {}
        self.approved = False

    @staticmethod
    def id_for(year: str) -> UUID:
        """One schedule per business year, e.g. 2022/23."""
        return stable_id("schedule", check_text(year, "the business year", CODE))

    @classmethod
    def propose(cls, year: str, actor: str, at: datetime) -> Schedule:
        """The ARG proposes a business year's schedule."""
        year = require_text(year, "business year", CODE)
        return cls._create(cls.ScheduleProposed, id=cls.id_for(year), actor=actor, timestamp=at, year=year)

    def plan(self, item: dict[str, Any], reason: str | None, actor: str, at: datetime) -> str:
        """Add a planned audit; once approved, an addition needs a reason (4.3.2)."""
        item = _check_item(item)
        for field in ("month", "kind", "theme"):
            require_text(item.get(field), field, TEXT_LIMITS[field])
        reason = check_optional_text(reason, "the reason", REASON)
        if self.approved:
            reason = require_reason(reason, "add an audit to an approved schedule")
        item_id = f"S{len(self.items) + 1:02d}"
        full = {field: item.get(field, "") for field in TEXT_FIELDS} | {k: item.get(k) for k in KEY_DATES}
        self._record(self.ScheduledAuditPlanned, actor, at, item_id=item_id, item=full, reason=reason)
        return item_id

    def revise(self, item_id: str, changes: dict[str, Any], reason: str, actor: str, at: datetime) -> None:
        """Move or change a planned audit, with a reason."""
        self._live_item(item_id)
        changes = _check_item(changes)
        if not changes:
            raise InvalidValue("no changes given")
        reason = require_reason(reason, "revise a scheduled audit")
        self._record(self.ScheduledAuditRevised, actor, at, item_id=item_id, changes=changes, reason=reason)

    def withdraw(self, item_id: str, reason: str, actor: str, at: datetime) -> None:
        """Withdraw a planned audit, with a reason."""
        self._live_item(item_id)
        reason = require_reason(reason, "withdraw a scheduled audit")
        self._record(self.ScheduledAuditWithdrawn, actor, at, item_id=item_id, reason=reason)

    def commission(self, item_id: str, audit_id: UUID, actor: str, at: datetime) -> str:
        """Mark a scheduled audit commissioned: once, and only from an approved schedule (4.3.1); returns its ref."""
        item = self._live_item(item_id)
        if not self.approved:
            raise NotReady(f"the {self.year} schedule is not approved by the Executive Group yet")
        if item.get("audit_id"):
            raise AlreadyRecorded(f"scheduled audit {item_id} was already commissioned (audit {item['audit_id']})")
        self._record(self.ScheduledAuditCommissioned, actor, at, item_id=item_id, audit_id=audit_id)
        return f"{self.year}/{item_id}"

    def approve(self, actor: str, at: datetime) -> None:
        """The Executive Group approves the schedule (4.3.1)."""
        if self.approved:
            raise AlreadyRecorded(f"the {self.year} schedule is already approved")
        if not any(not item["withdrawn"] for item in self.items.values()):
            raise NotReady(f"the {self.year} schedule has no planned audits to approve")
        self._record(self.ScheduleApproved, actor, at)

    def _live_item(self, item_id: str) -> dict[str, Any]:
        item = self.items.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            raise InvalidValue(f"the {self.year} schedule has no item {shown(item_id)}")
        if item["withdrawn"]:
            raise AlreadyRecorded(f"scheduled audit {item_id} was withdrawn")
        return item


# What each field of each schedule event is: a planned item holds its focus and rationale.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "ScheduleProposed": {"year": REFERENCE},
    "ScheduledAuditPlanned": {"item_id": REFERENCE, "item": CASE_CONTENT, "reason": CASE_CONTENT},
    "ScheduledAuditRevised": {"item_id": REFERENCE, "changes": CASE_CONTENT, "reason": CASE_CONTENT},
    "ScheduledAuditWithdrawn": {"item_id": REFERENCE, "reason": CASE_CONTENT},
    "ScheduledAuditCommissioned": {"item_id": REFERENCE, "audit_id": REFERENCE},
    "ScheduleApproved": {},
}
