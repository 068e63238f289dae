"""The action plan and the return matrix as tables for spreadsheets (R-12, R-18): the same rows and figures as the
views; the writers (CSV, XLSX) are adapters behind the ReportRenderer port."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

RETURN_STATUSES = ("assigned", "draft", "submitted", "reopened")
ACTION_PLAN_HEADER = [
    "recommendation", "recommendation_text", "recommendation_rag", "action_id", "specific", "measure",
    "owner_agency", "owner", "due_date", "original_due_date", "due_date_revisions", "status", "rag",
    "blocked_since", "blocker", "last_progress_at", "last_progress_note", "completed_at", "stalls",
]  # fmt: skip
RETURN_MATRIX_HEADER = [
    "case_ref", "agency", "auditor", "status", "assigned_at", "started_at", "first_submitted_at", "submitted_at",
    "reopened", "child_voice_evident", "context_factors",
]  # fmt: skip


@dataclass(frozen=True)
class Table:
    """One sheet: a title, a header and rows of plain values (text, whole numbers, or empty)."""

    title: str
    header: list[str]
    rows: list[list[Any]]


def action_plan_table(plan: list[dict[str, Any]], names: Names) -> Table:
    """The action plan as one row per action (a recommendation with none gets a row that says so)."""
    rows: list[list[Any]] = []
    for rec in plan:
        head = [rec["recommendation_id"], rec["text"], rec["rag"]]
        if not rec["actions"]:
            rows.append(head + [None] * (len(ACTION_PLAN_HEADER) - len(head)))
        for a in rec["actions"]:
            rows.append([
                *head, a["action_id"], a["specific"], a["measure"], names.agency(a["owner_agency_id"]),
                names.person(a["owner_person_id"]), a["due_date"], a["original_due_date"],
                a["due_date_revisions"], a["status"], a["rag"], a["blocked_since"], a["blocker"],
                a["last_progress_at"], a["last_progress_note"], a["completed_at"], "; ".join(a["stalls"]),
            ])  # fmt: skip
    return Table("Action plan", ACTION_PLAN_HEADER, rows)


def return_matrix_tables(matrix: list[dict[str, Any]], names: Names) -> list[Table]:
    """The return matrix (one row per case x agency) and a summary: each agency's returns by status."""
    rows: list[list[Any]] = []
    per_agency: dict[str, dict[str, int]] = {}
    for r in matrix:
        agency = names.agency(r["agency_id"])
        rows.append([
            r["case_ref"], agency, names.person(r["auditor_id"]), r["status"], r["assigned_at"], r["started_at"],
            r["first_submitted_at"], r["submitted_at"], r["reopened"], _yes_no(r["child_voice_evident"]),
            "; ".join(r["context_factors"] or []),
        ])  # fmt: skip
        counts = per_agency.setdefault(agency, dict.fromkeys(RETURN_STATUSES, 0))
        counts[r["status"]] += 1
    summary = [[agency, *counts.values(), sum(counts.values())] for agency, counts in sorted(per_agency.items())]
    return [
        Table("Return matrix", RETURN_MATRIX_HEADER, rows),
        Table("Returns by agency", ["agency", *RETURN_STATUSES, "total"], summary),
    ]


class Names:
    """Agency and person names by id, each looked up once per export."""

    def __init__(self, agency: Callable[[UUID], str], person: Callable[[UUID], str]) -> None:
        self._agency, self._person, self.cache = agency, person, dict[str, str]()

    def agency(self, agency_id: str) -> str:
        if agency_id not in self.cache:
            self.cache[agency_id] = self._agency(UUID(agency_id))
        return self.cache[agency_id]

    def person(self, person_id: str) -> str:
        if person_id not in self.cache:
            self.cache[person_id] = self._person(UUID(person_id))
        return self.cache[person_id]


def _yes_no(value: Any) -> str | None:
    return None if value is None else ("yes" if value else "no")
