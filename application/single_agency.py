"""Single-agency audits within an agency's own QA, and the risk reports they raise (R-2, R-22, guidance 4.1)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from application.base import AssureBase, Receipt, record
from application.errors import NotPermitted
from application.principal import OVERSIGHT, READ_ALL, Principal
from application.read_models import TrailFilter
from application.timeliness import timeliness
from domain.audit import Audit
from domain.errors import InvalidValue
from domain.risk_report import RiskReport
from domain.values import AuditKind, Role

RISK_STATUSES = ("awaiting_scheduling", "scheduled", "sent_to_executive")


class SingleAgencyCommands(AssureBase):
    """An agency's lead commissions its own audit; only that agency takes part; the ARG sees it in the programme."""

    def commission_single_agency_audit(self, by: Principal, theme: str, focus: str, rationale: str) -> Receipt:
        """An agency's lead commissions a single-agency audit within the agency's own quality assurance (4.1.1)."""
        self._allow(by, "commissioning a single-agency audit", Role.AGENCY_LEAD)
        if by.agency_id is None:
            raise NotPermitted("only the lead of an agency commissions its single-agency audits")
        audit = Audit.commission(uuid4(), AuditKind.SINGLE_AGENCY, theme, focus, rationale, None, by.actor,
                                 self._now(), owner_agency_id=by.agency_id)  # fmt: skip
        return self._commit(audit)

    def report_audit_risk(self, by: Principal, audit_id: UUID, finding: str) -> Receipt:
        """The agency's lead reports a finding of its own single-agency audit that represents risk (R-22)."""
        self._allow(by, "reporting a single-agency risk finding", Role.AGENCY_LEAD)
        audit = self._audit(audit_id)
        if audit.owner_agency_id is None or audit.owner_agency_id != by.agency_id:
            raise InvalidValue("risk findings are reported from the reporting agency's own single-agency audit")
        report = RiskReport.report(uuid4(), audit.owner_agency_id, audit.theme, finding, by.actor, self._now(),
                                   audit_id=audit.id)  # fmt: skip
        return self._commit(report)

    def list_risk_reports(self, by: Principal, status: str | None = None) -> list[dict[str, Any]]:
        """Risk reports, newest first, optionally by status; agency leads see their own agency's."""
        own = by.has(Role.AGENCY_LEAD) and not by.has(Role.BUSINESS_MANAGER, Role.EXECUTIVE, Role.GOVERNANCE)
        self._allow(by, "listing risk reports", Role.BUSINESS_MANAGER, Role.EXECUTIVE, Role.GOVERNANCE,
                    Role.ARG_MEMBER, unless=own)  # fmt: skip
        if status is not None and status not in RISK_STATUSES:
            raise InvalidValue(f"status must be one of: {', '.join(RISK_STATUSES)}")
        reports = risk_reports(self, status)
        return [risk_row(self, r) for r in reports if not own or r.agency_id == by.agency_id]

    def programme(self, by: Principal) -> list[dict[str, Any]]:
        """Every audit of the programme with its kind, stage and timeliness; single-agency ones name their agency."""
        self._allow(by, "reading the audit programme", *READ_ALL, *OVERSIGHT)
        return programme_rows(self)


def risk_reports(app: AssureBase, status: str | None) -> list[RiskReport]:
    """Every risk report in a status (or all), newest first."""
    rows = app._views().trail(TrailFilter(event_types=("SingleAgencyRiskReported",), newest_first=True,
                                          limit=500)).rows  # fmt: skip
    reports = [app._load(RiskReport, row["aggregate_id"], "risk report") for row in rows]
    return [r for r in reports if status in (None, r.status)]


def risk_row(app: AssureBase, report: RiskReport) -> dict[str, Any]:
    """A risk report as a list row and as the routine summary states it."""
    return record(report_id=report.id, agency=app.agency_by_id(report.agency_id).name, audit_id=report.audit_id,
                  audit_title=report.audit_title, finding=report.finding, status=report.status,
                  reported_on=report.created_on.date(), meeting_date=report.meeting_date,
                  summary_id=report.summary_id)  # fmt: skip


def programme_rows(app: AssureBase) -> list[dict[str, Any]]:
    """The audits view's rows with timeliness, and the agency of each single-agency audit."""
    rows, today = [], app._now().date()
    for row in app._views().audits():
        owner = None
        if row["kind"] == AuditKind.SINGLE_AGENCY:
            owner_id = app._audit(row["audit_id"]).owner_agency_id
            owner = app.agency_by_id(owner_id).name if owner_id else None
        rows.append(dict(row, timeliness=timeliness(row, today), agency=owner))
    return rows
