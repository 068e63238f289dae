"""The read models as the application sees them (its ReadModels port), and time travel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from application.app import AssureApplication
from application.events import PublicEvent
from application.read_models import ReadsFilter, Row, TrailFilter, TrailPage
from projections import queries
from projections.actions import ActionsView
from projections.audits import AuditOverview
from projections.report.facts import collect_facts, compare_audits
from projections.returns import RatingsView, ReturnMatrix
from projections.runner import VIEW_NAMES, apply_batch, wait_for
from projections.store import SqliteViewStore, ViewStore


class Views:
    """Reads the live views; answers time-travel questions by replaying into a store in memory."""

    def __init__(self, app: AssureApplication, store: ViewStore, names: Sequence[str] = VIEW_NAMES) -> None:
        self.app, self.store, self.names = app, store, tuple(names)

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        return wait_for(self.store, position, timeout, self.names)

    def positions(self) -> dict[str, int]:
        known = self.store.positions()
        return {name: known.get(name, 0) for name in self.names}

    def audits(self, agency_id: str | None = None) -> list[Row]:
        return queries.audits(self.store, agency_id)

    def audit_overview(self, audit_id: str) -> Row | None:
        return queries.audit_overview(self.store, audit_id)

    def schedule(self, year: str) -> list[Row]:
        return queries.schedule(self.store, year)

    def return_matrix(self, audit_id: str, agency_id: str | None = None) -> list[Row]:
        return queries.return_matrix(self.store, audit_id, agency_id)

    def ratings(self, audit_id: str, agency_id: str | None = None) -> list[Row]:
        return queries.ratings(self.store, audit_id, agency_id)

    def actions(self, audit_id: str | None = None, agency_id: str | None = None) -> list[Row]:
        return queries.actions(self.store, audit_id, agency_id)

    def concerns(self, audit_id: str | None = None, agency_id: str | None = None) -> list[Row]:
        return queries.concerns(self.store, audit_id, agency_id)

    def trail(self, query: TrailFilter) -> TrailPage:
        return queries.trail(self.store, query)

    def case_reads(self, query: ReadsFilter) -> TrailPage:
        return queries.case_reads(self.store, query)

    def accountability(self, today: date) -> list[Row]:
        return queries.accountability(self.store, today)

    def replay(self, audit_id: str, condition: str, bound: Any) -> list[PublicEvent]:
        """The events of an audit (its own, its returns', actions' and concerns') up to a bound, in log order."""
        rows = self.store.query(
            f"SELECT position, aggregate_id, aggregate_version FROM view_trail WHERE audit_id = ? AND {condition}"
            " ORDER BY position", (audit_id, bound),
        )  # fmt: skip
        positions = {(r["aggregate_id"], r["aggregate_version"]): r["position"] for r in rows}
        latest: dict[str, int] = {}
        for aggregate_id, version in positions:
            latest[aggregate_id] = max(version, latest.get(aggregate_id, 0))
        reader, replayed = self.app.log_reader(), []
        for aggregate_id, version in latest.items():
            for event in reader.history(UUID(aggregate_id), version):
                position = positions.get((aggregate_id, event.originator_version))
                if position is not None:
                    replayed.append(reader.describe_event(event, position))
        replayed.sort(key=lambda e: e.position)
        return replayed

    def report_facts(self, audit_id: str, position: int, agency_id: str | None = None) -> dict[str, Any]:
        """The recorded facts of an audit's summary report, as at a log position (R-16); an agency's copy (R-26)."""
        names = {r["id"]: r["label"] for r in self.store.query("SELECT id, label FROM view_trail_names")}
        facts = collect_facts(self.replay(audit_id, "position <= ?", position), names, position, agency_id)
        if facts["follows_up"]:
            earlier_id = facts["follows_up"]["audit_id"]
            earlier = collect_facts(self.replay(earlier_id, "position <= ?", position), names, position)
            facts["comparison"] = {"audit": earlier["audit"], "questions": compare_audits(earlier, facts)}
        return facts

    def as_at(self, audit_id: str, moment: datetime) -> dict[str, Any]:
        """Replay the audit's events up to the moment through the same projections, in memory."""
        until = moment.astimezone(UTC).isoformat()
        replayed = self.replay(audit_id, "occurred_at <= ?", until)
        past = SqliteViewStore(":memory:")
        try:
            projections = [AuditOverview(), ReturnMatrix(), RatingsView(), ActionsView()]
            past.create([statement for p in projections for statement in p.ddl])
            if replayed:
                apply_batch(past, projections, replayed, replayed[-1].position)
            overview = queries.audit_overview(past, audit_id)
            return {
                "as_at": until, "position": replayed[-1].position if replayed else 0, "overview": overview,
                "returns": queries.return_matrix(past, audit_id), "ratings": queries.ratings(past, audit_id),
                "actions": queries.actions(past, audit_id),
            }  # fmt: skip
        finally:
            past.close()
