"""Timeliness against the dates in the terms of reference, and stall flags for actions (R-21, R-27)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

# (milestone, the terms-of-reference date it is due by, the overview field that records it done)
MILESTONES = (
    ("fieldwork closed", "fieldwork_end", "fieldwork_closed_at"),
    ("moderation completed", "moderation_date", "moderation_completed_at"),
    ("report signed off", "sign_off_date", "signed_off_on"),
    ("report presented to the ARG", "report_to_arg_date", "presented_on"),
)
AMBER_WITHIN = timedelta(days=7)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def timeliness(overview: dict[str, Any], today: date) -> dict[str, Any]:
    """Red if a milestone was missed, amber if one falls due within a week, else green; with the reasons."""
    reasons, rag = [], "green"
    for label, due_field, done_field in MILESTONES:
        due, done = _day(overview.get(due_field)), _day(overview.get(done_field))
        if due is None or overview.get("stage") == "withdrawn":
            continue
        if (done and done > due) or (not done and today > due):
            rag = "red"
            reasons.append(f"{label}: due {due.isoformat()}, " + (f"done {done.isoformat()}" if done else "not done"))
        elif not done and today + AMBER_WITHIN >= due and rag == "green":
            rag = "amber"
            reasons.append(f"{label}: due {due.isoformat()}")
    return {"rag": rag, "reasons": reasons}


@dataclass(frozen=True)
class StallPolicy:
    """When an action counts as stalled (R-21); the thresholds come from settings."""

    blocked_days: int = 14
    no_progress_days: int = 30
    persisting_days: int = 28

    def stalls(self, action: dict[str, Any], now: datetime) -> list[str]:
        """The stall flags of an action, each naming what it is about so a change gives a new flag."""
        if action["status"] == "completed":
            return []
        flags, today = [], now.date()
        if date.fromisoformat(action["due_date"]) < today:
            flags.append(f"overdue:{action['due_date']}")
        if action["blocked_since"] and now - datetime.fromisoformat(action["blocked_since"]) >= timedelta(
            days=self.blocked_days
        ):
            flags.append(f"blocked:{action['blocked_since'][:10]}")
        last = action["last_progress_at"] or action["agreed_at"]
        if now - datetime.fromisoformat(last) >= timedelta(days=self.no_progress_days):
            flags.append(f"no_progress_since:{last[:10]}")
        return flags

    def persisting(self, stall: str, first_reported_at: datetime, now: datetime) -> str | None:
        """The mark of a stall reported again as persisting: one per full interval since its first report (R-21)."""
        periods = (now - first_reported_at) // timedelta(days=self.persisting_days)
        return f"persisting:{periods}:{stall}" if periods >= 1 else None
