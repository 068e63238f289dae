"""The return matrix (case x agency status, R-12) and the ratings view (original and moderated, R-14)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from application.events import PublicEvent
from projections.base import Projection, dumps, update_row
from projections.store import Tx


class ReturnMatrix(Projection):
    """One row per assigned return: who, its status, and when it was started and submitted."""

    name = "return_matrix"
    tables = ["view_returns"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_returns (audit_id TEXT NOT NULL, case_ref TEXT NOT NULL,"
        " agency_id TEXT NOT NULL, auditor_id TEXT NOT NULL, return_id TEXT, status TEXT NOT NULL,"
        " assigned_at TEXT NOT NULL, started_at TEXT, first_submitted_at TEXT, submitted_at TEXT,"
        " reopened INTEGER NOT NULL DEFAULT 0, child_voice_evident INTEGER, context_factors TEXT,"
        " PRIMARY KEY (audit_id, case_ref, agency_id))",
        "CREATE INDEX IF NOT EXISTS view_returns_by_return ON view_returns (return_id)",
        "CREATE INDEX IF NOT EXISTS view_returns_by_agency ON view_returns (agency_id)",
    ]

    def apply_all(self, tx: Tx, events: Sequence[PublicEvent]) -> None:
        """Consecutive draft saves of a return coalesce: only the last values of the batch are written."""
        pending: dict[str, dict[str, Any]] = {}
        for event in events:
            if event.type == "ReturnDraftSaved":
                d = event.stored  # a bool and a list of strings (the JSON form would cost a copy of it all)
                values = pending.setdefault(event.aggregate_id, {})
                if d["child_voice_evident"] is not None:
                    values["child_voice_evident"] = int(d["child_voice_evident"])
                if d["context_factors"] is not None:
                    values["context_factors"] = dumps(list(d["context_factors"]))
                continue
            self._flush(tx, pending)
            self.apply(tx, event)
        self._flush(tx, pending)

    def _flush(self, tx: Tx, pending: dict[str, dict[str, Any]]) -> None:
        for return_id, values in pending.items():
            if values:
                update_row(tx, "view_returns", "return_id", return_id, values)
        pending.clear()

    def audit_case_assigned(self, tx: Tx, event: PublicEvent) -> None:
        d = event.data
        tx.execute(
            "INSERT INTO view_returns (audit_id, case_ref, agency_id, auditor_id, status, assigned_at)"
            " VALUES (?, ?, ?, ?, 'assigned', ?)",
            (event.aggregate_id, d["case_ref"], d["agency_id"], d["person_id"], event.occurred_at),
        )

    def audit_case_assignment_withdrawn(self, tx: Tx, event: PublicEvent) -> None:
        d = event.data
        tx.execute(
            "UPDATE view_returns SET status = 'withdrawn' WHERE audit_id = ? AND case_ref = ? AND agency_id = ?",
            (event.aggregate_id, d["case_ref"], d["agency_id"]),
        )

    def audit_case_reassigned(self, tx: Tx, event: PublicEvent) -> None:
        """The new auditor starts afresh; the set-aside return stays in the event store and on the trail."""
        d = event.data
        tx.execute(
            "UPDATE view_returns SET auditor_id = ?, return_id = NULL, status = 'assigned', assigned_at = ?,"
            " started_at = NULL, first_submitted_at = NULL, submitted_at = NULL, reopened = 0,"
            " child_voice_evident = NULL, context_factors = NULL WHERE audit_id = ? AND case_ref = ? AND agency_id = ?",
            (d["person_id"], event.occurred_at, event.aggregate_id, d["case_ref"], d["agency_id"]),
        )

    def return_set_aside(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("UPDATE view_returns SET status = 'set_aside' WHERE return_id = ?", (event.aggregate_id,))

    def return_started(self, tx: Tx, event: PublicEvent) -> None:
        d = event.data
        tx.execute(
            "UPDATE view_returns SET return_id = ?, status = 'draft', started_at = ?"
            " WHERE audit_id = ? AND case_ref = ? AND agency_id = ?",
            (event.aggregate_id, event.occurred_at, d["audit_id"], d["unit_ref"], d["agency_id"]),
        )

    def return_submitted(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute(
            "UPDATE view_returns SET status = 'submitted', submitted_at = ?,"
            " first_submitted_at = COALESCE(first_submitted_at, ?) WHERE return_id = ?",
            (event.occurred_at, event.occurred_at, event.aggregate_id),
        )

    def return_reopened(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute(
            "UPDATE view_returns SET status = 'reopened', reopened = reopened + 1 WHERE return_id = ?",
            (event.aggregate_id,),
        )


RATING_COLUMNS = ("return_id", "question_id", "audit_id", "case_ref", "agency_id", "rating")


class RatingsView(Projection):
    """One row per question of each return: the rating now, and the original where moderation moved it."""

    name = "ratings"
    tables = ["view_ratings"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_ratings (return_id TEXT NOT NULL, question_id TEXT NOT NULL,"
        " audit_id TEXT NOT NULL, case_ref TEXT NOT NULL, agency_id TEXT NOT NULL, rating TEXT,"
        " original_rating TEXT, revised_reason TEXT, revised_at TEXT, PRIMARY KEY (return_id, question_id))",
        "CREATE INDEX IF NOT EXISTS view_ratings_by_audit ON view_ratings (audit_id)",
    ]

    def apply_all(self, tx: Tx, events: Sequence[PublicEvent]) -> None:
        """The rows of returns started in the batch go in together, with the batch's later ratings already in them;
        other draft saves coalesce, so each (return, question) rating of the batch is written once."""
        started: dict[tuple[str, str], list[Any]] = {}
        pending: dict[tuple[str, str], str] = {}
        for event in events:
            if event.type == "ReturnStarted":
                started.update(((row[0], row[1]), row) for row in self._rows(event))
                continue
            if event.type == "ReturnDraftSaved":
                for question_id, answer in event.stored["answers"].items():  # ratings are strings
                    if rating := answer.get("rating"):
                        key = (event.aggregate_id, question_id)
                        if key in started:
                            started[key][5] = rating
                        else:
                            pending[key] = rating
                continue
            self._flush(tx, started, pending)
            self.apply(tx, event)
        self._flush(tx, started, pending)

    @staticmethod
    def _flush(tx: Tx, started: dict[tuple[str, str], list[Any]], pending: dict[tuple[str, str], str]) -> None:
        if started:
            tx.insert_rows("view_ratings", RATING_COLUMNS, list(started.values()))
        if pending:
            tx.execute_many(
                "UPDATE view_ratings SET rating = ? WHERE return_id = ? AND question_id = ?",
                [(rating, rid, qid) for (rid, qid), rating in pending.items()],
            )
        started.clear()
        pending.clear()

    @staticmethod
    def _rows(event: PublicEvent) -> list[list[Any]]:
        """A started return's rows: one per question, rated where last year's rating is carried forward (R-2)."""
        d = event.data
        carried = d.get("carried_forward") or {}
        return [[event.aggregate_id, question["id"], d["audit_id"], d["unit_ref"], d["agency_id"],
                 carried.get(question["id"], {}).get("rating")] for question in d["questions"]]  # fmt: skip

    def return_set_aside(self, tx: Tx, event: PublicEvent) -> None:
        """A set-aside return's ratings count no more; the return itself stays in the event store."""
        tx.execute("DELETE FROM view_ratings WHERE return_id = ?", (event.aggregate_id,))

    def return_rating_revised_at_moderation(self, tx: Tx, event: PublicEvent) -> None:
        d = event.data
        tx.execute(
            "UPDATE view_ratings SET original_rating = COALESCE(original_rating, ?), rating = ?,"
            " revised_reason = ?, revised_at = ? WHERE return_id = ? AND question_id = ?",
            (
                d["from_rating"],
                d["to_rating"],
                tx.seal(d["reason"]),
                event.occurred_at,
                event.aggregate_id,
                d["question_id"],
            ),
        )
