"""The views' queries, written once and run against any view store (the live one, or a time-travel one)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from application.read_models import ReadsFilter, Row, TrailFilter, TrailPage
from domain.limits import MAX_ITEMS
from projections.store import ViewStore


def _json_fields(rows: list[Row], *fields: str) -> list[Row]:
    for row in rows:
        for name in fields:
            if isinstance(row.get(name), str):
                row[name] = json.loads(row[name])
    return rows


def audits(store: ViewStore, agency_id: str | None = None) -> list[Row]:
    if agency_id is None:
        return store.query("SELECT * FROM view_audits ORDER BY commissioned_at, audit_id")
    # An agency's audits: those it takes part in, and (views built before participation was indexed) has returns in.
    return store.query(
        "SELECT * FROM view_audits WHERE audit_id IN (SELECT audit_id FROM view_audit_agencies WHERE agency_id = ?)"
        " OR audit_id IN (SELECT audit_id FROM view_returns WHERE agency_id = ?) ORDER BY commissioned_at, audit_id",
        (agency_id, agency_id),
    )


def audit_overview(store: ViewStore, audit_id: str) -> Row | None:
    rows = store.query("SELECT * FROM view_audits WHERE audit_id = ?", (audit_id,))
    if not rows:
        return None
    return rows[0] | {
        "findings": store.query("SELECT finding_id, kind, text, agency_id, agreed_at FROM view_findings"
                                " WHERE audit_id = ? ORDER BY agreed_at, finding_id", (audit_id,)),
        "recommendations": store.query("SELECT recommendation_id, text, made_at FROM view_recommendations"
                                       " WHERE audit_id = ? ORDER BY made_at, recommendation_id", (audit_id,)),
    }  # fmt: skip


def schedule(store: ViewStore, year: str) -> list[Row]:
    return store.query(
        "SELECT s.*, y.approved FROM view_schedule s JOIN view_schedule_years y ON y.year = s.year"
        " WHERE s.year = ? ORDER BY s.item_id", (year,)
    )  # fmt: skip


def _scoped(
    sql: str, audit_id: str | None, agency_id: str | None, agency_column: str = "agency_id"
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if audit_id is not None:
        clauses.append("audit_id = ?")
        params.append(audit_id)
    if agency_id is not None:
        clauses.append(f"{agency_column} = ?")
        params.append(agency_id)
    return sql + (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def return_matrix(store: ViewStore, audit_id: str, agency_id: str | None = None) -> list[Row]:
    sql, params = _scoped("SELECT * FROM view_returns", audit_id, agency_id)
    return _json_fields(store.query(sql + " ORDER BY case_ref, agency_id", params), "context_factors")


def ratings(store: ViewStore, audit_id: str, agency_id: str | None = None) -> list[Row]:
    sql, params = _scoped("SELECT * FROM view_ratings", audit_id, agency_id)
    return store.query(sql + " ORDER BY case_ref, agency_id, question_id", params)


def actions(store: ViewStore, audit_id: str | None = None, agency_id: str | None = None) -> list[Row]:
    sql, params = _scoped("SELECT * FROM view_actions", audit_id, agency_id, "owner_agency_id")
    return _json_fields(store.query(sql + " ORDER BY audit_id, recommendation_id, agreed_at", params),
                        "reported_stalls")  # fmt: skip


def concerns(store: ViewStore, audit_id: str | None = None, agency_id: str | None = None) -> list[Row]:
    sql, params = _scoped("SELECT * FROM view_concerns", audit_id, agency_id)
    return store.query(sql + " ORDER BY raised_at, concern_id", params)


def trail(store: ViewStore, query: TrailFilter) -> TrailPage:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("audit_id", query.audit_id), ("case_ref", query.case_ref),
                          ("agency_id", query.agency_id)):  # fmt: skip
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value.upper() if column == "case_ref" else value)
    if query.person_id is not None:
        clauses.append("(actor = ? OR subject_person = ?)")
        params += [query.person_id, query.person_id]
    if query.event_types:
        clauses.append(f"event_type IN ({', '.join('?' * len(query.event_types))})")
        params += list(query.event_types)
    if query.since is not None:
        clauses.append("occurred_at >= ?")
        params.append(query.since.isoformat())
    if query.until is not None:
        clauses.append("occurred_at <= ?")
        params.append(query.until.isoformat())
    if query.after is not None:
        clauses.append("position < ?" if query.newest_first else "position > ?")
        params.append(query.after)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    order = "DESC" if query.newest_first else "ASC"
    rows = store.query(f"SELECT * FROM view_trail{where} ORDER BY position {order} LIMIT ?", [*params, query.limit])
    next_cursor = rows[-1]["position"] if len(rows) == query.limit else None
    return TrailPage(_with_credentials(store, rows), next_cursor)


def _with_credentials(store: ViewStore, rows: list[Row]) -> list[Row]:
    """Each row with the credential its event was recorded with, and who issued that credential, when."""
    if not rows:
        return rows
    positions = [row["position"] for row in rows]
    found = store.query(
        "SELECT a.position, a.credential_id, c.issued_by, c.issued_at, n.label AS issuer_name"
        " FROM view_trail_acting a LEFT JOIN view_trail_credentials c ON c.credential_id = a.credential_id"
        f" LEFT JOIN view_trail_names n ON n.id = c.issued_by WHERE a.position IN ({', '.join('?' * len(positions))})",
        positions,
    )
    acting = {row["position"]: row for row in found}
    for row in rows:
        credential = acting.get(row["position"])
        row["credential_id"] = credential["credential_id"] if credential else None
        row["acting_as"] = _acting_as(row, credential)
    return rows


def _acting_as(row: Row, credential: Row | None) -> str | None:
    """'Pat Police, with a token issued by Avery Admin on 2026-12-01' (#13, attribution)."""
    if credential is None:
        return None
    if credential["issued_by"] is None:
        return f"{row['actor_name']}, with the credential {credential['credential_id']}"
    issuer = credential["issuer_name"] or credential["issued_by"]
    return f"{row['actor_name']}, with a token issued by {issuer} on {credential['issued_at'][:10]}"


RECORD_ROWS = MAX_ITEMS + 1  # the most rows one read record has (domain.read_record: its items and a summary)


def case_reads(store: ViewStore, query: ReadsFilter) -> TrailPage:
    """Who looked at which case, when, and through what (R-26): one row per thing read."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("case_ref", query.case_ref.upper() if query.case_ref else None),
                          ("audit_id", query.audit_id), ("person_id", query.person_id)):  # fmt: skip
        if value is not None:
            clauses.append(f"r.{column} = ?")
            params.append(value)
    if query.after is not None:
        clauses.append("r.position > ?")
        params.append(query.after)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = store.query(
        "SELECT r.position, r.item, r.occurred_at, r.person_id, n.label AS person_name, r.through, r.what,"
        f" r.audit_id, r.case_ref, r.agency_id FROM view_trail_reads r LEFT JOIN view_trail_names n"
        f" ON n.id = r.person_id{where} ORDER BY r.position, r.item LIMIT ?",
        [*params, query.limit + RECORD_ROWS],
    )
    # A page holds whole records (a record's reads stay together): at least the limit of rows, unless at the end.
    kept: list[Row] = []
    for row in rows:
        if len(kept) >= query.limit and row["position"] != kept[-1]["position"]:
            return TrailPage(kept, kept[-1]["position"])
        kept.append(row)
    if len(rows) < query.limit + RECORD_ROWS:
        return TrailPage(kept, None)
    last = kept[-1]["position"]  # the fetch may have cut the last record: it starts the next page
    kept = [row for row in kept if row["position"] != last]
    return TrailPage(kept, kept[-1]["position"] if kept else None)


def accountability(store: ViewStore, today: date) -> list[Row]:
    """Per agency: returns due, submitted on time, late, outstanding; actions owned, overdue, blocked."""
    names = {r["id"]: r["label"] for r in store.query("SELECT id, label FROM view_trail_names")}
    per: dict[str, Row] = {}

    def agency(agency_id: str) -> Row:
        return per.setdefault(agency_id, {"agency_id": agency_id, "agency": names.get(agency_id, agency_id),
                                          "returns_assigned": 0, "returns_due": 0, "submitted_on_time": 0,
                                          "submitted_late": 0, "outstanding": 0, "overdue_outstanding": 0,
                                          "actions_owned": 0, "actions_overdue": 0, "actions_blocked": 0,
                                          "actions_completed": 0})  # fmt: skip

    returns = store.query(
        "SELECT r.agency_id, r.first_submitted_at, a.fieldwork_end, a.stage FROM view_returns r"
        " JOIN view_audits a ON a.audit_id = r.audit_id WHERE a.stage <> 'withdrawn'"
    )
    for row in returns:
        counts, end, submitted = agency(row["agency_id"]), row["fieldwork_end"], row["first_submitted_at"]
        counts["returns_assigned"] += 1
        due = end is not None and end < today.isoformat()
        counts["returns_due"] += int(due)
        if submitted is None:
            counts["outstanding"] += 1
            counts["overdue_outstanding"] += int(due)
        elif end is not None and submitted[:10] > end:
            counts["submitted_late"] += 1
        else:
            counts["submitted_on_time"] += 1
    for row in store.query("SELECT owner_agency_id, status, due_date FROM view_actions"):
        counts = agency(row["owner_agency_id"])
        counts["actions_owned"] += 1
        counts["actions_blocked"] += int(row["status"] == "blocked")
        counts["actions_completed"] += int(row["status"] == "completed")
        counts["actions_overdue"] += int(row["status"] != "completed" and row["due_date"] < today.isoformat())
    return sorted(per.values(), key=lambda r: str(r["agency"]))
