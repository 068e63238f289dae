"""The trail index: every event with who, when, what it concerns and a one-line summary (R-24)."""

from __future__ import annotations

import dataclasses
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
READ_COLUMNS = ("position", "item", "occurred_at", "person_id", "through", "what", "audit_id", "case_ref", "agency_id")
PLACEHOLDER = "This event could not be read or indexed: it is quarantined (operators: assure quarantine list)."


class TrailIndex(Projection):
    """One row per event, in log order; the full event data stays in the event store."""

    name = "trail"
    tables = ["view_trail", "view_trail_names", "view_trail_credentials", "view_trail_acting", "view_trail_reads"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_trail (position BIGINT PRIMARY KEY, occurred_at TEXT NOT NULL,"
        " actor TEXT NOT NULL, actor_name TEXT NOT NULL, event_type TEXT NOT NULL,"
        " aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, aggregate_version INTEGER NOT NULL,"
        " audit_id TEXT, case_ref TEXT, agency_id TEXT, subject_person TEXT, summary TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS view_trail_names (id TEXT PRIMARY KEY, label TEXT NOT NULL)",
        # Who issued each credential, and which credential each event was recorded with (#13 attribution).
        "CREATE TABLE IF NOT EXISTS view_trail_credentials (credential_id TEXT PRIMARY KEY, person_id TEXT NOT NULL,"
        " issued_by TEXT NOT NULL, issued_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS view_trail_acting (position BIGINT PRIMARY KEY, credential_id TEXT NOT NULL)",
        # One row per read of case-level data: who looked at case X, when, through what.
        "CREATE TABLE IF NOT EXISTS view_trail_reads (position BIGINT NOT NULL, item INTEGER NOT NULL,"
        " occurred_at TEXT NOT NULL, person_id TEXT NOT NULL, through TEXT NOT NULL, what TEXT NOT NULL,"
        " audit_id TEXT, case_ref TEXT, agency_id TEXT, PRIMARY KEY (position, item))",
        "CREATE INDEX IF NOT EXISTS view_trail_reads_case_ref ON view_trail_reads (case_ref, position)",
        "CREATE INDEX IF NOT EXISTS view_trail_reads_person_id ON view_trail_reads (person_id, position)",
        *[f"CREATE INDEX IF NOT EXISTS view_trail_{c} ON view_trail ({c}, position)" for c in INDEXED],
    ]

    def __init__(self) -> None:
        self._names: dict[str, str] = {}  # a read-through cache of view_trail_names

    def apply(self, tx: Tx, event: PublicEvent) -> None:
        self.apply_all(tx, [event])

    def retry(self, tx: Tx, event: PublicEvent) -> None:
        for table in ("view_trail", "view_trail_acting", "view_trail_reads"):
            tx.execute(f"DELETE FROM {table} WHERE position = ?", (event.position,))
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
        acting: list[tuple[int, str]] = []
        credentials: list[tuple[str, str, str, str]] = []
        reads: list[tuple[Any, ...]] = []
        names, seal = self._names, tx.seal if tx.sealer.active else _as_it_is

        def name(identifier: Any) -> str:
            label = names.get(identifier)  # ids as text or as stored (UUIDs), both remembered
            return self._name(tx, identifier) if label is None else label

        for event in events:
            if event.type in NAMED:
                label = str(event.raw[NAMED[event.type]])
                names[event.aggregate_id] = names[event.event.originator_id] = label
                named.append((event.aggregate_id, tx.seal(label)))
            elif event.type == "CredentialIssued":
                credentials.append((str(event.raw["credential_id"]), event.aggregate_id, event.actor,
                                    event.occurred_at))  # fmt: skip
            elif event.type in ("CaseDataReadRecorded", "CaseDataRead"):
                reads += _reads(event)
            credential = getattr(event.event, "acting_credential", None)
            if credential:
                acting.append((event.position, str(credential)))
            fields = event.stored
            subject = next((str(fields[f]) for f in _subject_fields(type(event.event)) if fields.get(f)), None)
            rows.append((event.position, event.occurred_at, event.actor, seal(name(event.actor)), event.type,
                         event.aggregate_type, event.aggregate_id, event.aggregate_version, event.audit_id,
                         event.case_ref, event.agency_id, subject, seal(summarise(event, name))))  # fmt: skip
        if named:
            tx.execute_many("INSERT INTO view_trail_names (id, label) VALUES (?, ?)"
                            " ON CONFLICT (id) DO UPDATE SET label = excluded.label", named)  # fmt: skip
        if credentials:
            tx.execute_many("INSERT INTO view_trail_credentials (credential_id, person_id, issued_by, issued_at)"
                            " VALUES (?, ?, ?, ?) ON CONFLICT (credential_id) DO NOTHING", credentials)  # fmt: skip
        if rows:
            tx.insert_rows("view_trail", COLUMNS, rows)
        if acting:
            tx.insert_rows("view_trail_acting", ("position", "credential_id"), acting)
        if reads:
            tx.insert_rows("view_trail_reads", READ_COLUMNS, reads)

    def _name(self, tx: Tx, value: Any) -> str:
        """The label of a person or agency id (as text or as stored), read once from the names table."""
        if not value:
            return "-"
        identifier = str(value)
        if identifier.startswith("system:"):
            return identifier
        if identifier not in self._names:
            rows = tx.query("SELECT label FROM view_trail_names WHERE id = ?", (identifier,))
            self._names[identifier] = str(rows[0]["label"]) if rows else identifier
        self._names[value] = self._names[identifier]
        return self._names[identifier]


_SUBJECTS: dict[type[Any], tuple[str, ...]] = {}


def _subject_fields(event_class: type[Any]) -> tuple[str, ...]:
    """The fields of an event class that can name the person it concerns, in order (worked out once per class)."""
    found = _SUBJECTS.get(event_class)
    if found is None:
        names = {f.name for f in dataclasses.fields(event_class)} if dataclasses.is_dataclass(event_class) else ()
        found = _SUBJECTS[event_class] = tuple(f for f in PERSON_FIELDS if f in names)
    return found


def _as_it_is(value: Any) -> Any:
    return value


def _reads(event: PublicEvent) -> list[tuple[Any, ...]]:
    """The rows of a read record: one per thing read (the older per-read events have one each)."""
    raw = event.raw
    if event.type == "CaseDataRead":
        items = [{"what": raw["what"], "audit_id": raw["audit_id"], "case_ref": raw["case_ref"],
                  "agency_id": raw["agency_id"]}]  # fmt: skip
        person, through = event.actor, "the application"
    else:
        items, person, through = list(raw["reads"]), str(raw["person_id"]), str(raw["through"])
    return [(event.position, number, event.occurred_at, person, through, str(item["what"]),
             None if item.get("audit_id") is None else str(item["audit_id"]),
             None if item.get("case_ref") is None else str(item["case_ref"]).upper(),
             None if item.get("agency_id") is None else str(item["agency_id"]))
            for number, item in enumerate(items)]  # fmt: skip
