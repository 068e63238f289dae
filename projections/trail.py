"""The trail index: every event with who, when, what it concerns and a one-line summary (R-24)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from application.events import PublicEvent
from projections.base import Projection
from projections.store import Tx
from projections.summaries import summarise

PERSON_FIELDS = ("person_id", "auditor_id", "manager_id", "owner_person_id")
INDEXED = ("audit_id", "case_ref", "agency_id", "actor", "subject_person", "event_type", "occurred_at")
COLUMNS = (
    "position",
    "occurred_at",
    "actor",
    "actor_name",
    "event_type",
    "aggregate_type",
    "aggregate_id",
    "aggregate_version",
    "audit_id",
    "case_ref",
    "agency_id",
    "subject_person",
    "summary",
)
NAMED = {"AgencyRegistered": "name", "PersonRegistered": "name"}
PLACEHOLDER = "This event could not be read or indexed: it is quarantined (operators: assure quarantine list)."


class TrailIndex(Projection):
    """One row per event, in log order; the full event data stays in the event store."""

    name = "trail"
    tables = ["view_trail", "view_trail_names"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_trail (position BIGINT PRIMARY KEY, occurred_at TEXT NOT NULL,"
        " actor TEXT NOT NULL, actor_name TEXT NOT NULL, event_type TEXT NOT NULL,"
        " aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, aggregate_version INTEGER NOT NULL,"
        " audit_id TEXT, case_ref TEXT, agency_id TEXT, subject_person TEXT, summary TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS view_trail_names (id TEXT PRIMARY KEY, label TEXT NOT NULL)",
        *[f"CREATE INDEX IF NOT EXISTS view_trail_{c} ON view_trail ({c}, position)" for c in INDEXED],
    ]

    def __init__(self) -> None:
        self._names: dict[str, str] = {}  # a read-through cache of view_trail_names

    def apply(self, tx: Tx, event: PublicEvent) -> None:
        self.apply_all(tx, [event])

    def retry(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("DELETE FROM view_trail WHERE position = ?", (event.position,))
        self.apply(tx, event)

    def quarantined(self, tx: Tx, position: int) -> None:
        """The trail keeps the position, with a placeholder: governance sees that something is there."""
        row = (position, "", "unknown", "unknown", "Unreadable", "Unknown", "", 0, None, None, None, None,
               PLACEHOLDER)  # fmt: skip
        tx.execute("DELETE FROM view_trail WHERE position = ?", (position,))
        tx.insert_rows("view_trail", COLUMNS, [row])

    def apply_all(self, tx: Tx, events: Sequence[PublicEvent]) -> None:
        """Write the batch's rows in one statement; names registered in the batch are known at once."""
        rows: list[tuple[Any, ...]] = []
        named: list[tuple[str, str]] = []
        for event in events:
            if event.type in NAMED:
                label = str(event.raw[NAMED[event.type]])
                self._names[event.aggregate_id] = label
                named.append((event.aggregate_id, tx.seal(label)))
            rows.append(self._row(tx, event))
        if named:
            tx.execute_many("INSERT INTO view_trail_names (id, label) VALUES (?, ?)"
                            " ON CONFLICT (id) DO UPDATE SET label = excluded.label", named)  # fmt: skip
        if rows:
            tx.insert_rows("view_trail", COLUMNS, rows)

    def _row(self, tx: Tx, event: PublicEvent) -> tuple[Any, ...]:
        def name(identifier: str | None) -> str:
            return self._name(tx, identifier)

        raw = event.raw
        subject = next((str(raw[f]) for f in PERSON_FIELDS if raw.get(f)), None)
        return (event.position, event.occurred_at, event.actor, tx.seal(name(event.actor)), event.type,
                event.aggregate_type, event.aggregate_id, event.aggregate_version, event.audit_id, event.case_ref,
                event.agency_id, subject, tx.seal(summarise(event, name)))  # fmt: skip

    def _name(self, tx: Tx, value: Any) -> str:
        if not value:
            return "-"
        identifier = str(value)
        if identifier.startswith("system:"):
            return identifier
        if identifier not in self._names:
            rows = tx.query("SELECT label FROM view_trail_names WHERE id = ?", (identifier,))
            self._names[identifier] = str(rows[0]["label"]) if rows else identifier
        return self._names[identifier]
