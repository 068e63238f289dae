"""The work behind each actor: one application call and at most one side effect per key (idempotent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from jinja2 import Environment, FileSystemLoader, select_autoescape

from workers.runtime import WORKER, Runtime

SELF_ASSESSMENT_KINDS = ("section_11", "s157_175_schools")

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
)


def render_exception_report(report: dict[str, Any]) -> tuple[str, str]:
    """The exception report as plain text and HTML."""
    return (
        _TEMPLATES.get_template("exception_report.txt.j2").render(r=report),
        _TEMPLATES.get_template("exception_report.html.j2").render(r=report),
    )


def render_routine_summary(summary: dict[str, Any]) -> tuple[str, str]:
    """The routine assurance summary as plain text and HTML."""
    return (
        _TEMPLATES.get_template("routine_summary.txt.j2").render(s=summary),
        _TEMPLATES.get_template("routine_summary.html.j2").render(s=summary),
    )


def issue_routine_summary(rt: Runtime) -> str | None:
    """Issue the summary of the last whole month or quarter, once (R-28); the relay then emails it."""
    receipt = rt.app.issue_routine_summary(WORKER)
    return str(receipt.id) if receipt else None


def send_routine_summary(rt: Runtime, summary_id: str) -> bool:
    """Email a routine summary to the Executive Group and the ARG (R-28)."""
    summary = rt.app.get_routine_summary(WORKER, UUID(summary_id))
    text, html = render_routine_summary(summary)
    to = [*rt.settings.executive_emails, *rt.settings.arg_emails]
    subject = f"Routine assurance summary: {summary['period']}"
    return rt.mailer.send_once(f"routine-summary:{summary_id}", to, subject, text, html)


def notify_concern(rt: Runtime, concern_id: str, version: int) -> bool:
    """Tell the named manager of an urgent concern, at once and at each escalation (R-11)."""
    concern = rt.app.get_concern(WORKER, UUID(concern_id))
    if concern["acknowledged"] and version > 1:
        return False
    manager = rt.app.person(UUID(concern["manager_id"]))
    reminder = f" (reminder {concern['escalations']})" if version > 1 else ""
    text = (
        f"An auditor raised an urgent safeguarding concern about case {concern['case_ref']}{reminder}.\n\n"
        f"{concern['summary']}\n\nPlease act now and acknowledge it in assure (concern {concern_id}); you will"
        " be reminded until you do."
    )
    return rt.mailer.send_once(
        f"concern:{concern_id}:{version}",
        [manager.email],
        f"Urgent safeguarding concern: case {concern['case_ref']}{reminder}",
        text,
    )


def send_exception_report(rt: Runtime, report_id: str) -> bool:
    """Email an exception report to the Executive Group and the ARG (R-21)."""
    report = rt.app.get_exception_report(WORKER, UUID(report_id))
    text, html = render_exception_report(report)
    to = [*rt.settings.executive_emails, *rt.settings.arg_emails]
    subject = f"Exception report: {len(report['stalled_actions'])} stalled actions ({report['issued_on']})"
    return rt.mailer.send_once(f"exception-report:{report_id}", to, subject, text, html)


def notify_risk(rt: Runtime, report_id: str) -> bool:
    """Tell the business manager at once of a single-agency finding that represents risk (R-22)."""
    report = rt.app.get_risk_report(WORKER, UUID(report_id))
    text = (
        f"A partner agency reported a single-agency audit finding that represents risk.\n\nAudit:"
        f" {report['audit_title']}\nFinding: {report['finding']}\n\nSchedule it to the Executive Group in assure"
        f" (risk report {report_id})."
    )
    return rt.mailer.send_once(
        f"risk:{report_id}",
        rt.settings.business_manager_emails,
        f"Single-agency risk finding: {report['audit_title']}",
        text,
    )


def scan_stalled_actions(rt: Runtime) -> str | None:
    """Issue an exception report for stalls not reported before; the relay then emails it."""
    receipt = rt.app.issue_exception_report(WORKER)
    return str(receipt.id) if receipt else None


def escalate_concerns(rt: Runtime) -> int:
    """Escalate unacknowledged concerns whose manager was last told too long ago."""
    return len(rt.app.escalate_due_concerns(WORKER, rt.settings.concern_escalation_hours))


def chase_returns(rt: Runtime) -> int:
    """Remind auditors of returns not yet submitted as the fieldwork end nears or passes; a chaser list to the chair."""
    today, sent = rt.app.clock().date(), 0
    for audit in rt.app.list_audits(WORKER):
        end = date.fromisoformat(audit["fieldwork_end"]) if audit["fieldwork_end"] else None
        if audit["stage"] != "fieldwork" or end is None or (end - today).days > rt.settings.reminder_days_before:
            continue
        rows = rt.app.return_matrix(WORKER, audit["audit_id"])
        outstanding = [r for r in rows if r["status"] not in ("submitted", "withdrawn", "set_aside")]
        for row in outstanding:
            auditor = rt.app.person(UUID(row["auditor_id"]))
            when = "was due" if end < today else "is due"
            unit = "your organisation" if audit["kind"] in SELF_ASSESSMENT_KINDS else f"case {row['case_ref']}"
            sent += rt.mailer.send_once(
                f"chase:{audit['audit_id']}:{row['case_ref']}:{row['agency_id']}:{today}",
                [auditor.email],
                f"Return for {unit} {when} on {end}",
                f"Your return for {unit} in the {audit['theme']} audit {when} on {end}.",
            )
        if outstanding:
            lines = "\n".join(f"- {r['case_ref']} ({rt.app.person(UUID(r['auditor_id'])).name})" for r in outstanding)
            sent += rt.mailer.send_once(
                f"chaser-list:{audit['audit_id']}:{today}",
                rt.settings.audit_chair_emails,
                f"Outstanding returns: {audit['theme']} audit ({len(outstanding)})",
                f"Returns not yet submitted (fieldwork ends {end}):\n{lines}\n",
            )
    return sent
