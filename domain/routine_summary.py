"""The ARG's routine assurance summary to the Executive Group, monthly or quarterly (R-28, Preface, 6.5.4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_member, stable_id
from domain.errors import InvalidValue
from domain.values import ASSESSMENT, CASE_CONTENT, REFERENCE

FREQUENCIES = ("monthly", "quarterly")


def period_before(day: date, frequency: str) -> tuple[str, date, date]:
    """The whole month or quarter before the one a day falls in: its label, first and last day."""
    require_member(frequency, FREQUENCIES, "routine summary frequency")
    months = 1 if frequency == "monthly" else 3
    first_of_current = date(day.year, ((day.month - 1) // months) * months + 1, 1)
    end = first_of_current - timedelta(days=1)
    start = date(end.year, end.month - months + 1, 1)
    label = f"{start.year}-{start.month:02d}" if months == 1 else f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return label, start, end


class RoutineSummary(AssureAggregate):
    """One period's summary: audits by stage and timeliness, actions, stalls, risk reports, accountability."""

    class RoutineSummaryIssued(AssureAggregate.Created):
        period: str
        period_start: date
        period_end: date
        audits: list[dict[str, Any]]
        actions: dict[str, Any]
        stalled_actions: list[dict[str, Any]]
        risk_reports: list[dict[str, Any]]
        accountability: list[dict[str, Any]]

    def __init__(self, *, actor: str, period: str, period_start: date, period_end: date,
                 audits: list[dict[str, Any]], actions: dict[str, Any], stalled_actions: list[dict[str, Any]],
                 risk_reports: list[dict[str, Any]], accountability: list[dict[str, Any]]) -> None:  # fmt: skip
        self.period, self.period_start, self.period_end = period, period_start, period_end
        self.audits, self.actions, self.stalled_actions = audits, actions, stalled_actions
        self.risk_reports, self.accountability = risk_reports, accountability

    @staticmethod
    def id_for(period: str) -> UUID:
        """One summary per period, so a repeated run issues nothing new."""
        return stable_id("routine-summary", period)

    @classmethod
    def issue(
        cls, period: tuple[str, date, date], contents: dict[str, Any], actor: str, at: datetime
    ) -> RoutineSummary:
        """Issue the summary of a period that has ended."""
        label, start, end = period
        if end >= at.date() or start > end:
            raise InvalidValue(f"the period {label} has not ended yet; a summary covers a whole past period")
        return cls._create(
            cls.RoutineSummaryIssued, id=cls.id_for(label), actor=actor, timestamp=at, period=label,
            period_start=start, period_end=end, audits=contents["audits"], actions=contents["actions"],
            stalled_actions=contents["stalled_actions"], risk_reports=contents["risk_reports"],
            accountability=contents["accountability"],
        )  # fmt: skip


# The data class of each public field: see application/disclosure.py.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "RoutineSummaryIssued": {"period": REFERENCE, "period_start": REFERENCE, "period_end": REFERENCE,
                             "audits": ASSESSMENT, "actions": ASSESSMENT, "stalled_actions": CASE_CONTENT,
                             "risk_reports": CASE_CONTENT, "accountability": ASSESSMENT},
}  # fmt: skip
