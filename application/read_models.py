"""The port through which the application reads the views; projections/ implements it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

Row = dict[str, Any]


@dataclass(frozen=True)
class TrailFilter:
    """What governance can ask of the trail (R-24)."""

    audit_id: str | None = None
    case_ref: str | None = None
    agency_id: str | None = None
    agency_code: str | None = None  # resolved by the application; an unknown code matches nothing
    person_id: str | None = None
    event_types: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    newest_first: bool = False
    after: int | None = None  # the cursor: the last position of the previous page
    limit: int = 100


@dataclass(frozen=True)
class ReadsFilter:
    """What governance can ask of the reads of case-level data (R-26): by case, audit or reader."""

    case_ref: str | None = None
    audit_id: str | None = None
    person_id: str | None = None
    after: int | None = None  # the cursor: the last position of the previous page
    limit: int = 100


@dataclass(frozen=True)
class TrailPage:
    """One page of the trail and the cursor for the next (None at the end)."""

    rows: list[Row]
    next_cursor: int | None
    filters: dict[str, Any] = field(default_factory=dict)


class ReadModels(Protocol):
    """The views, as the application reads them."""

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Wait until every view has applied the log up to a position."""

    def positions(self) -> dict[str, int]:
        """Each view's position."""

    def audits(self, agency_id: str | None = None) -> list[Row]:
        """Every audit's overview row; with an agency, the audits it takes part in."""

    def audit_overview(self, audit_id: str) -> Row | None:
        """One audit's overview row, with its findings and recommendations."""

    def schedule(self, year: str) -> list[Row]:
        """A year's scheduled audits."""

    def return_matrix(self, audit_id: str, agency_id: str | None = None) -> list[Row]:
        """Case x agency returns of an audit (optionally one agency's)."""

    def ratings(self, audit_id: str, agency_id: str | None = None) -> list[Row]:
        """Each return's ratings, original and moderated."""

    def actions(self, audit_id: str | None = None, agency_id: str | None = None) -> list[Row]:
        """SMART actions, for an audit or an owning agency."""

    def concerns(self, audit_id: str | None = None, agency_id: str | None = None) -> list[Row]:
        """Urgent concerns."""

    def trail(self, query: TrailFilter) -> TrailPage:
        """A page of the governance trail."""

    def case_reads(self, query: ReadsFilter) -> TrailPage:
        """Who read case-level data: one row per thing read, in log order."""

    def accountability(self, today: date) -> list[Row]:
        """Per agency across audits: returns due, on time, late, outstanding; actions owned, overdue, blocked."""

    def report_facts(self, audit_id: str, position: int, agency_id: str | None = None) -> dict[str, Any]:
        """The recorded facts of an audit's summary report as at a log position; with an agency, that agency's copy:
        its own quotes, moves and own actions, the others' in aggregate figures only (R-26)."""

    def as_at(self, audit_id: str, moment: datetime) -> dict[str, Any]:
        """An audit as it stood at a moment, from the same projection code run in memory."""
