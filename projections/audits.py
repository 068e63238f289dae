"""The audit overview: stage, key dates from the terms of reference, and when each stage was reached."""

from __future__ import annotations

from application.events import PublicEvent
from projections.base import Projection, update_row
from projections.store import Tx

KEY_DATES = ("fieldwork_start", "fieldwork_end", "moderation_date", "sign_off_date", "report_to_arg_date")
COUNTERS = ("cases", "auditors", "findings", "recommendations")


class AuditOverview(Projection):
    """One row per audit."""

    name = "audit_overview"
    tables = ["view_audits", "view_findings", "view_recommendations", "view_audit_agencies"]
    ddl = [
        "CREATE TABLE IF NOT EXISTS view_audits (audit_id TEXT PRIMARY KEY, kind TEXT NOT NULL, theme TEXT NOT NULL,"
        " focus TEXT NOT NULL, stage TEXT NOT NULL, schedule_item TEXT, commissioned_at TEXT NOT NULL, "
        + ", ".join(f"{d} TEXT" for d in KEY_DATES)
        + ", terms_endorsed_at TEXT, fieldwork_opened_at TEXT, fieldwork_closed_at TEXT,"
        " moderation_completed_at TEXT, signed_off_on TEXT, presented_on TEXT, closed_at TEXT, withdrawn_reason TEXT, "
        + ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in COUNTERS)
        + ", last_event_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS view_findings (audit_id TEXT NOT NULL, finding_id TEXT NOT NULL,"
        " kind TEXT NOT NULL, text TEXT NOT NULL, agency_id TEXT, agreed_at TEXT NOT NULL,"
        " PRIMARY KEY (audit_id, finding_id))",
        "CREATE TABLE IF NOT EXISTS view_recommendations (audit_id TEXT NOT NULL, recommendation_id TEXT NOT NULL,"
        " text TEXT NOT NULL, made_at TEXT NOT NULL, PRIMARY KEY (audit_id, recommendation_id))",
        # The agencies taking part: invited, nominated (older logs) or owning a single-agency audit.
        "CREATE TABLE IF NOT EXISTS view_audit_agencies (audit_id TEXT NOT NULL, agency_id TEXT NOT NULL,"
        " PRIMARY KEY (audit_id, agency_id))",
        "CREATE INDEX IF NOT EXISTS view_audit_agencies_by_agency ON view_audit_agencies (agency_id, audit_id)",
    ]

    def apply(self, tx: Tx, event: PublicEvent) -> None:
        super().apply(tx, event)
        if event.aggregate_type == "Audit" and event.type != "AuditCommissioned":
            tx.execute(
                "UPDATE view_audits SET last_event_at = ? WHERE audit_id = ?", (event.occurred_at, event.audit_id)
            )

    def audit_commissioned(self, tx: Tx, event: PublicEvent) -> None:
        d = event.data
        tx.execute(
            "INSERT INTO view_audits (audit_id, kind, theme, focus, stage, schedule_item, commissioned_at,"
            " last_event_at) VALUES (?, ?, ?, ?, 'planning', ?, ?, ?)",
            (event.aggregate_id, d["kind"], d["theme"], tx.seal(d["focus"]), d["schedule_item"], event.occurred_at,
             event.occurred_at),
        )  # fmt: skip
        if d.get("owner_agency_id"):
            self._takes_part(tx, event, d["owner_agency_id"])

    def audit_agency_invited(self, tx: Tx, event: PublicEvent) -> None:
        self._takes_part(tx, event, event.data["agency_id"])

    def audit_agency_invitation_withdrawn(self, tx: Tx, event: PublicEvent) -> None:
        tx.execute("DELETE FROM view_audit_agencies WHERE audit_id = ? AND agency_id = ?",
                   (event.aggregate_id, event.data["agency_id"]))  # fmt: skip

    @staticmethod
    def _takes_part(tx: Tx, event: PublicEvent, agency_id: str) -> None:
        tx.execute("INSERT INTO view_audit_agencies (audit_id, agency_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                   (event.aggregate_id, agency_id))  # fmt: skip

    def audit_terms_of_reference_drafted(self, tx: Tx, event: PublicEvent) -> None:
        terms = event.data["terms"]
        self._set(tx, event, **{d: terms.get(d) for d in KEY_DATES})

    def audit_terms_of_reference_endorsed(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, terms_endorsed_at=event.occurred_at)

    def audit_fieldwork_opened(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, stage="fieldwork", fieldwork_opened_at=event.occurred_at)

    def audit_fieldwork_closed(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, stage="moderation", fieldwork_closed_at=event.occurred_at)

    def audit_moderation_completed(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, stage="reporting", moderation_completed_at=event.occurred_at)

    def audit_report_signed_off(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, signed_off_on=event.data["signed_off_on"])

    def audit_report_presented_to_arg(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, stage="dissemination", presented_on=event.data["presented_on"])

    def audit_closed(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, stage="closed", closed_at=event.occurred_at)

    def audit_withdrawn(self, tx: Tx, event: PublicEvent) -> None:
        self._set(tx, event, stage="withdrawn", withdrawn_reason=tx.seal(event.data["reason"]))

    def audit_case_sampled(self, tx: Tx, event: PublicEvent) -> None:
        self._count(tx, event, "cases")

    def audit_auditor_nominated(self, tx: Tx, event: PublicEvent) -> None:
        self._count(tx, event, "auditors")
        self._takes_part(tx, event, event.data["agency_id"])  # a log recorded before invitations

    def audit_finding_agreed(self, tx: Tx, event: PublicEvent) -> None:
        self._count(tx, event, "findings")
        d = event.data
        tx.execute(
            "INSERT INTO view_findings (audit_id, finding_id, kind, text, agency_id, agreed_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                event.aggregate_id,
                d["finding_id"],
                d["finding_kind"],
                tx.seal(d["text"]),
                d["agency_id"],
                event.occurred_at,
            ),
        )

    def audit_recommendation_made(self, tx: Tx, event: PublicEvent) -> None:
        self._count(tx, event, "recommendations")
        d = event.data
        tx.execute(
            "INSERT INTO view_recommendations (audit_id, recommendation_id, text, made_at) VALUES (?, ?, ?, ?)",
            (event.aggregate_id, d["recommendation_id"], tx.seal(d["text"]), event.occurred_at),
        )

    @staticmethod
    def _set(tx: Tx, event: PublicEvent, **values: object) -> None:
        update_row(tx, "view_audits", "audit_id", event.aggregate_id, values)

    @staticmethod
    def _count(tx: Tx, event: PublicEvent, counter: str) -> None:
        tx.execute(f"UPDATE view_audits SET {counter} = {counter} + 1 WHERE audit_id = ?", (event.aggregate_id,))
