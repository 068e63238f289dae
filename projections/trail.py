"""The trail index: every event with who, when, what it concerns and a one-line summary (R-24)."""

from __future__ import annotations

from application.events import PublicEvent
from projections.base import Projection
from projections.store import Tx
from projections.summaries import summarise

PERSON_FIELDS = ("person_id", "auditor_id", "manager_id", "owner_person_id")
INDEXED = ("audit_id", "case_ref", "agency_id", "actor", "subject_person", "event_type", "occurred_at")


class TrailIndex(Projection):
    """One row per event, in log order; the full event data stays in the event store."""

    name = "trail"
    tables = ["view_trail", "view_trail_names"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_trail (position BIGINT PRIMARY KEY, event_id TEXT NOT NULL,"
        " occurred_at TEXT NOT NULL, actor TEXT NOT NULL, actor_name TEXT NOT NULL, event_type TEXT NOT NULL,"
        " aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, aggregate_version INTEGER NOT NULL,"
        " audit_id TEXT, case_ref TEXT, agency_id TEXT, subject_person TEXT, summary TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS view_trail_names (id TEXT PRIMARY KEY, label TEXT NOT NULL)",
        *[f"CREATE INDEX IF NOT EXISTS view_trail_{c} ON view_trail ({c}, position)" for c in INDEXED],
    ]

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def apply(self, tx: Tx, event: PublicEvent) -> None:
        self._remember(tx, event)

        def name(identifier: str | None) -> str:
            return self._name(tx, identifier)

        subject = next((event.data[f] for f in PERSON_FIELDS if event.data.get(f)), None)
        tx.execute(
            "INSERT INTO view_trail (position, event_id, occurred_at, actor, actor_name, event_type, aggregate_type,"
            " aggregate_id, aggregate_version, audit_id, case_ref, agency_id, subject_person, summary)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.position, event.id, event.occurred_at, event.actor, name(event.actor), event.type,
             event.aggregate_type, event.aggregate_id, event.aggregate_version, event.audit_id, event.case_ref,
             event.agency_id, subject, summarise(event, name)),
        )  # fmt: skip

    def _remember(self, tx: Tx, event: PublicEvent) -> None:
        label = None
        if event.type == "AgencyRegistered":
            label = f"{event.data['name']}"
        elif event.type == "PersonRegistered":
            label = event.data["name"]
        if label is not None:
            tx.execute(
                "INSERT INTO view_trail_names (id, label) VALUES (?, ?)"
                " ON CONFLICT (id) DO UPDATE SET label = excluded.label",
                (event.aggregate_id, label),
            )

    def _name(self, tx: Tx, identifier: str | None) -> str:
        if not identifier:
            return "-"
        if identifier.startswith("system:"):
            return identifier
        rows = tx.query("SELECT label FROM view_trail_names WHERE id = ?", (identifier,))
        return str(rows[0]["label"]) if rows else identifier
