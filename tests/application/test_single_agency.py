"""Single-agency audits (R-2, R-22) and the routine assurance summary to the Executive Group (R-28)."""

from __future__ import annotations

from datetime import date

from application.errors import NotPermitted
from application.principal import Principal
from domain.errors import InvalidValue
from projections.runner import ProjectionRunner
from tests.builders import DUTY, TERMS, TOOL, Partnership, refused

WORKER = Principal.for_system("test-worker")


def test_a_police_lead_runs_a_single_agency_audit_whose_risk_finding_reaches_the_routine_summary_r2_r22_r28(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    app, chair = lscp.app, lscp.chair
    lscp.clock.set(date(2024, 1, 8))
    refused(app, NotPermitted, app.commission_single_agency_audit, lscp.arg, "DASH", "Risk", "QA")
    audit_id = app.commission_single_agency_audit(lscp.pol_lead, "DASH risk assessments",
                                                  "Quality of DASH at first response", "Force QA plan").id  # fmt: skip
    app.draft_terms_of_reference(chair, audit_id, TERMS)
    app.confirm_duty_to_communicate(chair, audit_id, DUTY)
    app.endorse_terms_of_reference(chair, audit_id, date(2024, 1, 20), True, True)
    app.adopt_audit_tool(chair, audit_id, TOOL)
    app.agree_rating_guidance(chair, audit_id, date(2024, 1, 20))
    refused(app, InvalidValue, app.nominate_auditor, chair, audit_id, lscp.pid("csc_auditor"), match="only the agency")
    app.nominate_auditor(lscp.pol_lead, audit_id, lscp.pid("pol_auditor"))
    app.confirm_tool_briefing(lscp.pol_auditor, audit_id, lscp.pid("pol_auditor"))
    for case_ref in ("DA-01", "DA-02"):
        app.sample_case(chair, audit_id, case_ref, "first response", "DASH completed")
        app.assign_case(chair, audit_id, case_ref, lscp.pid("pol_auditor"))
    app.open_fieldwork(chair, audit_id)
    for case_ref in ("DA-01", "DA-02"):
        lscp.complete_return(audit_id, "pol_auditor", case_ref)
    app.close_fieldwork(chair, audit_id)
    app.hold_moderation_meeting(chair, audit_id, date(2024, 3, 8), ["Chair", "Pol Lead"])
    app.agree_finding(chair, audit_id, "emerging_concern", "DASH scored standard where high risk was evident.")
    app.complete_moderation(chair, audit_id)
    lscp.clock.set(date(2024, 3, 15))
    rec = app.make_recommendation(chair, audit_id, "Supervisors review every standard-risk DASH.").ref
    assert rec is not None
    action = app.agree_action(chair, audit_id, rec, "Daily DASH review", "All reviewed within 24h",
                              lscp.pid("pol_lead"), date(2024, 9, 30))  # fmt: skip
    app.record_dissemination_plan(lscp.learning, audit_id, "Force briefing.", ["Dip sample in six months"])
    app.draft_report(chair, audit_id, "DASH under-scores risk.")
    lscp.clock.set(date(2024, 4, 3))
    app.sign_off_report(chair, audit_id, date(2024, 3, 20))
    app.present_report_to_arg(chair, audit_id, date(2024, 4, 2))
    app.record_agency_feedback(lscp.pol_lead, audit_id, "POL", date(2024, 4, 3), "Briefed every response team.")
    app.close_audit(chair, audit_id)

    risk = app.report_audit_risk(lscp.pol_lead, audit_id, "High-risk victims graded standard: no MARAC referral.")
    refused(app, InvalidValue, app.report_audit_risk, lscp.csc_lead, audit_id, "x", match="own single-agency")
    runner.catch_up()
    waiting = app.list_risk_reports(lscp.business_manager, "awaiting_scheduling")
    assert [(r["agency"], r["audit_id"]) for r in waiting] == [("Police", str(audit_id))]
    app.schedule_risk_report(lscp.business_manager, risk.id, date(2024, 4, 25))
    assert [r["status"] for r in app.list_risk_reports(lscp.business_manager)] == ["scheduled"]
    programme = {row["audit_id"]: row for row in app.programme(lscp.arg)}
    assert (programme[str(audit_id)]["kind"], programme[str(audit_id)]["agency"]) == ("single_agency", "Police")

    lscp.clock.set(date(2024, 4, 20))
    app.report_action_progress(lscp.pol_lead, action.id, "Review rota in place on two of three shifts.")
    lscp.clock.set(date(2024, 5, 1))
    runner.catch_up()
    assert app.issue_exception_report(WORKER) is None  # no action has stalled
    receipt = app.issue_routine_summary(WORKER)
    assert receipt is not None and receipt.ref == "2024-04"
    assert app.issue_routine_summary(WORKER) is None  # once per period
    summary = app.get_routine_summary(lscp.executive, receipt.id)
    assert [r["finding"] for r in summary["risk_reports"]] == ["High-risk victims graded standard: no MARAC referral."]
    assert (summary["period_start"], summary["period_end"]) == ("2024-04-01", "2024-04-30")
    assert {a["theme"]: a["stage"] for a in summary["audits"]} == {"DASH risk assessments": "closed"}
    assert summary["actions"]["total"] == 1 and summary["stalled_actions"] == []
    assert "Police" in {row["agency"] for row in summary["accountability"]}
    assert app.list_risk_reports(lscp.business_manager, "sent_to_executive")[0]["summary_id"] == str(receipt.id)
    refused(app, NotPermitted, app.get_routine_summary, lscp.pol_auditor, receipt.id)
