"""The actions view (R-20, R-21) and the concerns view (R-11)."""

from __future__ import annotations

import json

from application.events import PublicEvent
from projections.base import Projection, dumps, update_row
from projections.store import Tx


class ActionsView(Projection):
    """One row per SMART action: status, owner, due date, last progress, blockers and reported stalls."""

    name = "actions"
    tables = ["view_actions"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_actions (action_id TEXT PRIMARY KEY, audit_id TEXT NOT NULL,"
        " recommendation_id TEXT NOT NULL, specific TEXT NOT NULL, measure TEXT NOT NULL,"
        " owner_agency_id TEXT NOT NULL, owner_person_id TEXT NOT NULL, due_date TEXT NOT NULL,"
        " original_due_date TEXT NOT NULL, due_date_revisions INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL,"
        " agreed_at TEXT NOT NULL, last_progress_at TEXT, last_progress_note TEXT, blocked_since TEXT,"
        " blocker TEXT, completed_at TEXT, reported_stalls TEXT NOT NULL DEFAULT '[]')",
        "CREATE INDEX IF NOT EXISTS view_actions_by_audit ON view_actions (audit_id)",
        "CREATE INDEX IF NOT EXISTS view_actions_by_agency ON view_actions (owner_agency_id)",
    ]

    def action_agreed(self, tx: Tx, event: PublicEvent) -> None:
        d = event.data
        tx.execute(
            "INSERT INTO view_actions (action_id, audit_id, recommendation_id, specific, measure, owner_agency_id,"
            " owner_person_id, due_date, original_due_date, status, agreed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " 'open', ?)",
            (event.aggregate_id, d["audit_id"], d["recommendation_id"], tx.seal(d["specific"]), tx.seal(d["measure"]),
             d["owner_agency_id"], d["owner_person_id"], d["due_date"], d["due_date"], event.occurred_at),
        )  # fmt: skip

    def action_progress_reported(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, last_progress_at=event.occurred_at, last_progress_note=tx.seal(event.data["note"]))

    def action_blocked(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, status="blocked", blocked_since=event.occurred_at, blocker=tx.seal(event.data["blocker"]))

    def action_unblocked(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, status="open", blocked_since=None, blocker=None, last_progress_at=event.occurred_at,
                  last_progress_note=tx.seal(event.data["note"]))  # fmt: skip

    def action_due_date_revised(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("UPDATE view_actions SET due_date = ?, due_date_revisions = due_date_revisions + 1"
                   " WHERE action_id = ?", (event.data["to_date"], event.aggregate_id))  # fmt: skip

    def action_due_date_move_agreed(self, tx: Tx, event: PublicEvent) -> None:
        self.action_due_date_revised(tx, event)

    def action_completed(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, status="completed", completed_at=event.occurred_at)

    def action_reported_by_exception(self, tx: Tx, event: PublicEvent) -> None:
        rows = tx.query("SELECT reported_stalls FROM view_actions WHERE action_id = ?", (event.aggregate_id,))
        stalls = sorted({*json.loads(rows[0]["reported_stalls"]), event.data["stall"]})
        self._set(tx, event, reported_stalls=dumps(stalls))

    @staticmethod
    def _set(tx: Tx, event: PublicEvent, **values: object) -> None:
        update_row(tx, "view_actions", "action_id", event.aggregate_id, values)


class ConcernsView(Projection):
    """One row per urgent concern: raised, escalated how often, acknowledged when."""

    name = "concerns"
    tables = ["view_concerns"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_concerns (concern_id TEXT PRIMARY KEY, audit_id TEXT NOT NULL,"
        " case_ref TEXT NOT NULL, agency_id TEXT NOT NULL, manager_id TEXT NOT NULL, raised_by TEXT NOT NULL,"
        " raised_at TEXT NOT NULL, escalations INTEGER NOT NULL DEFAULT 0, last_escalated_at TEXT,"
        " acknowledged_at TEXT, acknowledged_by TEXT)",
    ]

    def concern_raised(self, tx: Tx, event: PublicEvent) -> None:
        d = event.data
        tx.execute("INSERT INTO view_concerns (concern_id, audit_id, case_ref, agency_id, manager_id, raised_by,"
                   " raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (event.aggregate_id, d["audit_id"], d["unit_ref"], d["agency_id"], d["manager_id"], event.actor,
                    event.occurred_at))  # fmt: skip

    def concern_escalated(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("UPDATE view_concerns SET escalations = ?, last_escalated_at = ? WHERE concern_id = ?",
                   (event.data["escalation_number"], event.occurred_at, event.aggregate_id))  # fmt: skip

    def concern_acknowledged(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("UPDATE view_concerns SET acknowledged_at = ?, acknowledged_by = ? WHERE concern_id = ?",
                   (event.occurred_at, event.actor, event.aggregate_id))  # fmt: skip
