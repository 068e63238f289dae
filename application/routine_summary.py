"""The routine assurance summary to the Executive Group, built automatically each month or quarter (R-28)."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from application.base import AssureBase, Receipt, record
from application.errors import NotFound
from application.principal import OVERSIGHT, READ_ALL, Principal
from application.read_models import TrailFilter
from application.single_agency import programme_rows, risk_reports, risk_row
from application.view_queries import action_rag
from domain.action import Action
from domain.routine_summary import RoutineSummary, period_before


class RoutineSummaryCommands(AssureBase):
    """The worker issues one summary per past period; the Executive, the ARG and governance read them."""

    def issue_routine_summary(self, by: Principal) -> Receipt | None:
        """Issue the summary of the last whole period, once; None when it was already issued."""
        self._allow(by, "issuing routine summaries", unless=by.system is not None)
        now = self._now()
        period = period_before(now.date(), self.routine_summary_frequency)
        if self._exists(RoutineSummary.id_for(period[0])):
            return None
        risks = risk_reports(self, "scheduled")
        contents = {
            "audits": self._audits_for_summary(),
            "actions": self._actions_for_summary(),
            "stalled_actions": self._stalled_for_summary(),
            "risk_reports": [risk_row(self, r) for r in reversed(risks)],
            "accountability": [record(**row) for row in self._views().accountability(now.date())],
        }
        summary = RoutineSummary.issue(period, contents, by.actor, now)
        for report in risks:
            report.send_to_executive(summary.id, by.actor, now)
        return self._commit(summary, *risks, ref=period[0])

    def _audits_for_summary(self) -> list[dict[str, Any]]:
        return [
            record(audit_id=row["audit_id"], kind=row["kind"], theme=row["theme"], stage=row["stage"],
                   agency=row["agency"], rag=row["timeliness"]["rag"], reasons=row["timeliness"]["reasons"])
            for row in programme_rows(self)
        ]  # fmt: skip

    def _actions_for_summary(self) -> dict[str, Any]:
        today = self._now().date()
        rows = self._views().actions()
        rags = Counter(action_rag(row, today) for row in rows)
        return {"total": len(rows), "completed": sum(1 for r in rows if r["status"] == "completed"),
                "by_rag": {rag: rags.get(rag, 0) for rag in ("red", "amber", "green")}}  # fmt: skip

    def _stalled_for_summary(self) -> list[dict[str, Any]]:
        """Stalled actions now; a stall already named in an exception report and still there is persisting."""
        now, stalled = self._now(), []
        themes = {row["audit_id"]: row["theme"] for row in self._views().audits()}
        for row in self._views().actions():
            stalls = self.stall_policy.stalls(row, now)
            if not stalls:
                continue
            action = self._load(Action, row["action_id"], "action")
            stalled.append(record(
                action_id=action.id, audit=themes.get(str(action.audit_id), str(action.audit_id)),
                recommendation_id=action.recommendation_id, specific=action.specific,
                agency=self.agency_by_id(action.owner_agency_id).name, owner=self.person(action.owner_person_id).name,
                due_date=action.due_date, stalls=stalls,
                persisting=[s for s in stalls if s in action.reported_stalls],
            ))  # fmt: skip
        return stalled

    def get_routine_summary(self, by: Principal, summary_id: UUID) -> dict[str, Any]:
        """A routine summary (Executive, ARG, chair, QA officer, governance, business manager)."""
        self._allow(by, "reading routine summaries", *READ_ALL, *OVERSIGHT, unless=by.system is not None)
        summary = self._load(RoutineSummary, summary_id, "routine summary")
        return record(id=summary.id, version=summary.version, period=summary.period,
                      period_start=summary.period_start, period_end=summary.period_end,
                      issued_at=summary.created_on, audits=summary.audits, actions=summary.actions,
                      stalled_actions=summary.stalled_actions, risk_reports=summary.risk_reports,
                      accountability=summary.accountability)  # fmt: skip

    def list_routine_summaries(self, by: Principal) -> list[dict[str, Any]]:
        """Every routine summary issued, newest first: id, period and when."""
        self._allow(by, "reading routine summaries", *READ_ALL, *OVERSIGHT)
        rows = self._views().trail(TrailFilter(event_types=("RoutineSummaryIssued",), newest_first=True,
                                               limit=500)).rows  # fmt: skip
        return [{"summary_id": r["aggregate_id"], "issued_at": r["occurred_at"]} for r in rows]

    def routine_summary_for(self, by: Principal, period: str) -> dict[str, Any]:
        """The summary of a period by its label (2023-03, 2023-Q1)."""
        summary_id = RoutineSummary.id_for(period.strip())
        if not self._exists(summary_id):
            raise NotFound(f"no routine summary for {period.strip()!r}")
        return self.get_routine_summary(by, summary_id)
