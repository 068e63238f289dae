"""The schedule view: each business year's planned audits and whether the year is approved (R-1)."""

from __future__ import annotations

from application.events import PublicEvent
from projections.base import Projection
from projections.store import Tx

FIELDS = ("month", "kind", "theme", "focus", "rationale", "sample", "fieldwork_start", "fieldwork_end",
          "moderation_date", "sign_off_date", "report_to_arg_date")  # fmt: skip
NARRATIVE = ("focus", "rationale", "sample")  # sealed at rest; the rest are references


class ScheduleView(Projection):
    """One row per scheduled audit."""

    name = "schedule"
    tables = ["view_schedule_years", "view_schedule"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_schedule_years (schedule_id TEXT PRIMARY KEY, year TEXT NOT NULL,"
        " approved INTEGER NOT NULL DEFAULT 0, approved_at TEXT)",
        "CREATE TABLE IF NOT EXISTS view_schedule (year TEXT NOT NULL, item_id TEXT NOT NULL, "
        + ", ".join(f"{f} TEXT" for f in FIELDS)
        + ", withdrawn INTEGER NOT NULL DEFAULT 0, last_reason TEXT, PRIMARY KEY (year, item_id))",
    ]

    def schedule_proposed(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("INSERT INTO view_schedule_years (schedule_id, year) VALUES (?, ?)",
                   (event.aggregate_id, event.data["year"]))  # fmt: skip

    def schedule_scheduled_audit_planned(self, tx: Tx, event: PublicEvent) -> None:
        item = event.data["item"]
        tx.execute(
            f"INSERT INTO view_schedule (year, item_id, {', '.join(FIELDS)}, last_reason)"
            f" VALUES ({', '.join('?' * (len(FIELDS) + 3))})",
            (
                self._year(tx, event),
                event.data["item_id"],
                *(self._value(tx, f, item.get(f)) for f in FIELDS),
                tx.seal(event.data["reason"]),
            ),
        )

    def schedule_scheduled_audit_revised(self, tx: Tx, event: PublicEvent) -> None:
        changes = {k: self._value(tx, k, v) for k, v in event.data["changes"].items() if k in FIELDS}
        assignments = ", ".join(f"{k} = ?" for k in changes)
        tx.execute(f"UPDATE view_schedule SET {assignments}, last_reason = ? WHERE year = ? AND item_id = ?",
                   (*changes.values(), tx.seal(event.data["reason"]), self._year(tx, event),
                    event.data["item_id"]))  # fmt: skip

    def schedule_scheduled_audit_withdrawn(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("UPDATE view_schedule SET withdrawn = 1, last_reason = ? WHERE year = ? AND item_id = ?",
                   (tx.seal(event.data["reason"]), self._year(tx, event), event.data["item_id"]))  # fmt: skip

    def schedule_approved(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("UPDATE view_schedule_years SET approved = 1, approved_at = ? WHERE schedule_id = ?",
                   (event.occurred_at, event.aggregate_id))  # fmt: skip

    @staticmethod
    def _value(tx: Tx, field: str, value: object) -> object:
        return tx.seal(value) if field in NARRATIVE else value

    @staticmethod
    def _year(tx: Tx, event: PublicEvent) -> str:
        return str(
            tx.query("SELECT year FROM view_schedule_years WHERE schedule_id = ?", (event.aggregate_id,))[0]["year"]
        )
