"""Stories of stages four and five: sign-off (R-17), SMART actions (R-18), dissemination (R-19),
follow-through (R-20), stalls reported once (R-21) and single-agency risk (R-22)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from application.errors import NotFound, NotPermitted
from application.principal import Principal
from domain.errors import AlreadyRecorded, InvalidValue, NotReady, OutOfStage, ReasonRequired
from tests.builders import Partnership, refused


def test_sign_off_needs_moderation_completed_r17(lscp: Partnership) -> None:
    audit_id = lscp.at_moderation_meeting()
    refused(lscp.app, OutOfStage, lscp.app.sign_off_report, lscp.chair, audit_id, date(2024, 3, 20),
            match="the audit is in moderation")  # fmt: skip


def test_only_the_chair_signs_off_a_drafted_report_r17(lscp: Partnership) -> None:
    audit_id = lscp.in_reporting()
    lscp.clock.set(date(2024, 3, 21))
    refused(lscp.app, NotReady, lscp.app.sign_off_report, lscp.chair, audit_id, date(2024, 3, 20), match="draft")
    lscp.app.draft_report(lscp.qa, audit_id, "Mostly good.")
    refused(lscp.app, NotPermitted, lscp.app.sign_off_report, lscp.qa, audit_id, date(2024, 3, 20))
    lscp.app.sign_off_report(lscp.chair, audit_id, date(2024, 3, 20))
    refused(lscp.app, AlreadyRecorded, lscp.app.sign_off_report, lscp.chair, audit_id, date(2024, 3, 21))


def test_presentation_to_the_arg_needs_sign_off_r17(lscp: Partnership) -> None:
    audit_id = lscp.in_reporting()
    lscp.clock.set(date(2024, 4, 2))
    lscp.app.draft_report(lscp.qa, audit_id, "Mostly good.")
    refused(lscp.app, NotReady, lscp.app.present_report_to_arg, lscp.chair, audit_id, date(2024, 4, 2),
            match="signed off")  # fmt: skip
    lscp.app.sign_off_report(lscp.chair, audit_id, date(2024, 3, 20))
    refused(lscp.app, InvalidValue, lscp.app.present_report_to_arg, lscp.chair, audit_id, date(2024, 3, 1))
    lscp.app.present_report_to_arg(lscp.arg, audit_id, date(2024, 4, 2))
    audit = lscp.app.get_audit(lscp.arg, audit_id)
    assert (audit["stage"], audit["signed_off_on"], audit["presented_on"]) == (
        "dissemination",
        "2024-03-20",
        "2024-04-02",
    )


def test_smart_actions_answer_a_recommendation_with_owner_measure_and_due_date_r18(lscp: Partnership) -> None:
    audit_id, action_id = lscp.with_action()
    action = lscp.app.get_action(lscp.csc_lead, action_id)
    assert (action["recommendation_id"], action["measure"], action["due_date"]) == (
        "R1",
        "80% at re-audit",
        "2024-06-30",
    )
    agree = lscp.app.agree_action
    refused(lscp.app, InvalidValue, agree, lscp.chair, audit_id, "R9", "x", "m", lscp.pid("csc_lead"),
            date(2024, 6, 30), match="no recommendation R9")  # fmt: skip
    refused(lscp.app, InvalidValue, agree, lscp.chair, audit_id, "R1", "x", "", lscp.pid("csc_lead"),
            date(2024, 6, 30), match="measured")  # fmt: skip
    refused(lscp.app, InvalidValue, agree, lscp.chair, audit_id, "R1", "x", "m", lscp.pid("csc_lead"),
            date(2024, 1, 1), match="must be after today")  # fmt: skip
    refused(lscp.app, InvalidValue, agree, lscp.chair, audit_id, "R1", "x", "m", lscp.pid("chair"),
            date(2024, 6, 30), match="belong to an agency")  # fmt: skip
    second = agree(lscp.chair, audit_id, "R1", "Train the team", "All staff trained", lscp.pid("pol_lead"),
                   date(2024, 7, 31))  # fmt: skip
    assert second.ref == "R1.2"


def test_a_follow_up_audit_can_be_proposed_r18(lscp: Partnership) -> None:
    audit_id = lscp.in_reporting()
    lscp.app.propose_follow_up_audit(lscp.chair, audit_id, "deeper_dive", "Test coercive control in CP plans.")
    refused(lscp.app, InvalidValue, lscp.app.propose_follow_up_audit, lscp.chair, audit_id, "sideways", "x")


def test_owners_record_progress_blockers_and_completion_with_evidence_r20(lscp: Partnership) -> None:
    _, action_id = lscp.with_action()
    lscp.app.report_action_progress(lscp.csc_lead, action_id, "Draft template circulated.")
    lscp.app.block_action(lscp.csc_lead, action_id, "IT change freeze.")
    refused(lscp.app, NotReady, lscp.app.complete_action, lscp.csc_lead, action_id, "done", match="unblocked")
    lscp.app.unblock_action(lscp.csc_lead, action_id, "Freeze lifted.")
    refused(lscp.app, InvalidValue, lscp.app.complete_action, lscp.csc_lead, action_id, " ", match="evidence")
    lscp.app.complete_action(lscp.csc_lead, action_id, "Template live; audit of 20 plans shows 85%.")
    assert lscp.app.get_action(lscp.governance, action_id)["status"] == "completed"
    refused(lscp.app, AlreadyRecorded, lscp.app.report_action_progress, lscp.csc_lead, action_id, "more")


def test_only_owners_act_on_actions_r20(lscp: Partnership) -> None:
    _, action_id = lscp.with_action()
    for who in (lscp.pol_lead, lscp.csc_auditor, lscp.chair):
        refused(lscp.app, NotPermitted, lscp.app.report_action_progress, who, action_id, "progress")
    refused(lscp.app, NotFound, lscp.app.get_action, lscp.pol_lead, action_id)


def test_due_dates_move_only_with_a_reason_r20(lscp: Partnership) -> None:
    _, action_id = lscp.with_action()
    refused(lscp.app, ReasonRequired, lscp.app.revise_action_due_date, lscp.csc_lead, action_id,
            date(2024, 9, 30), "")  # fmt: skip
    lscp.app.revise_action_due_date(lscp.chair, action_id, date(2024, 9, 30), "IT supplier delay")
    assert lscp.app.get_action(lscp.csc_lead, action_id)["due_date"] == "2024-09-30"


def test_a_stall_is_reported_by_exception_once_r21(lscp: Partnership) -> None:
    _, action_id = lscp.with_action()
    action = lscp.app.repository.get(action_id)
    worker = Principal.for_system("stall-scan")
    report_id = uuid4()
    action.report_by_exception(report_id, "overdue:2024-06-30", worker.actor, lscp.app.clock())
    lscp.app.save(action)
    again = lscp.app.repository.get(action_id)
    refused(lscp.app, AlreadyRecorded, again.report_by_exception, report_id, "overdue:2024-06-30", worker.actor,
            lscp.app.clock())  # fmt: skip


def test_the_audit_closes_only_when_every_recommendation_has_an_action_r18(lscp: Partnership) -> None:
    audit_id, _ = lscp.in_dissemination()
    lscp.app.record_dissemination_plan(lscp.learning, audit_id, "Seven-minute briefing.", ["Re-audit in 2025"])
    for code in ("CSC", "POL"):
        lscp.app.record_agency_feedback(lscp.chair, audit_id, code, date(2024, 4, 2), "Team briefing held.")
    refused(lscp.app, OutOfStage, lscp.app.make_recommendation, lscp.chair, audit_id, "Too late")
    lscp.app.close_audit(lscp.chair, audit_id)
    assert lscp.app.get_audit(lscp.chair, audit_id)["stage"] == "closed"


def test_an_unanswered_recommendation_blocks_closure_r18(lscp: Partnership) -> None:
    audit_id = lscp.in_reporting()
    lscp.clock.set(date(2024, 4, 2))
    lscp.app.make_recommendation(lscp.chair, audit_id, "Nobody owns this yet.")
    lscp.app.draft_report(lscp.chair, audit_id, "Summary.")
    lscp.app.sign_off_report(lscp.chair, audit_id, date(2024, 3, 20))
    lscp.app.present_report_to_arg(lscp.chair, audit_id, date(2024, 4, 2))
    lscp.app.record_dissemination_plan(lscp.learning, audit_id, "Briefing.", ["Attendance"])
    refused(lscp.app, NotReady, lscp.app.close_audit, lscp.chair, audit_id, match="without a SMART action: R1")


def test_feedback_and_dissemination_plan_are_recorded_r19(lscp: Partnership) -> None:
    audit_id, _ = lscp.in_dissemination()
    lscp.clock.set(date(2024, 4, 10))
    lscp.app.record_agency_feedback(lscp.pol_lead, audit_id, "POL", date(2024, 4, 10), "Shared at briefing.")
    refused(lscp.app, NotPermitted, lscp.app.record_agency_feedback, lscp.pol_lead, audit_id, "CSC",
            date(2024, 4, 10), "x")  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.record_dissemination_plan, lscp.learning, audit_id, "Plan", [])
    refused(lscp.app, NotPermitted, lscp.app.record_dissemination_plan, lscp.pol_lead, audit_id, "Plan", ["m"])
    refused(lscp.app, NotReady, lscp.app.close_audit, lscp.chair, audit_id, match="dissemination plan")


def test_an_audit_is_withdrawn_with_a_reason_and_then_refuses_commands(lscp: Partnership) -> None:
    audit_id = lscp.planned()
    refused(lscp.app, ReasonRequired, lscp.app.withdraw_audit, lscp.arg, audit_id, "")
    lscp.app.withdraw_audit(lscp.arg, audit_id, "Superseded by the JTAI")
    refused(lscp.app, OutOfStage, lscp.app.open_fieldwork, lscp.chair, audit_id, match="withdrawn")
    refused(lscp.app, AlreadyRecorded, lscp.app.withdraw_audit, lscp.arg, audit_id, "again")


def test_single_agency_risk_goes_to_the_business_manager_who_schedules_it_r22(lscp: Partnership) -> None:
    report_id = lscp.app.report_single_agency_risk(lscp.nhs_lead, "Health visiting DA audit",
                                                   "No routine enquiry in 6 of 10 records").id  # fmt: skip
    refused(lscp.app, NotPermitted, lscp.app.schedule_risk_report, lscp.nhs_lead, report_id, date(2024, 2, 1))
    refused(lscp.app, InvalidValue, lscp.app.schedule_risk_report, lscp.business_manager, report_id,
            date(2023, 1, 1))  # fmt: skip
    lscp.app.schedule_risk_report(lscp.business_manager, report_id, date(2024, 2, 1))
    assert lscp.app.get_risk_report(lscp.executive, report_id)["meeting_date"] == "2024-02-01"
    refused(lscp.app, NotFound, lscp.app.get_risk_report, lscp.pol_lead, report_id)
    refused(lscp.app, NotPermitted, lscp.app.report_single_agency_risk, lscp.pol_auditor, "x", "y")
