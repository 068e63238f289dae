"""Stories of the workflow's edges (issue 15): a late conflict (R-9), a return reopened at moderation (R-10, R-14),
a frozen sign-off (R-17), what closure needs (R-18, R-19), due-date moves (R-20a), planning checks (R-1, R-3, R-4,
R-5) and the QA officer's rights."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from application.app import AssureApplication
from application.errors import NotFound, NotPermitted
from application.events import EventDescriber
from application.settings import Settings
from cli.system import build_application
from domain.errors import (
    AlreadyRecorded,
    AuditorHasCaseLink,
    FieldworkNotOpen,
    FieldworkPrerequisitesMissing,
    InvalidValue,
    NotReady,
    OutOfStage,
    ReasonRequired,
    ReportFrozen,
)
from projections.runner import ProjectionRunner
from tests.builders import ANSWERS, DUTY, SECTIONS, TERMS, TOOL, Partnership, refused


def events_after(app: AssureApplication, position: int) -> list[tuple[str, dict[str, Any]]]:
    """The public type and data of every event recorded after a position, in log order."""
    describer = EventDescriber(app)
    return [(e.type, e.data) for e in map(describer.describe, app.recorder.select_notifications(position + 1, 100))]


# 1. Late conflict (R-9, 3.1.2)
def test_a_late_link_withdraws_the_assignment_sets_the_draft_aside_and_the_chair_reassigns_r9(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    app, audit_id = lscp.app, lscp.in_fieldwork()
    app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", answers=ANSWERS, sections=SECTIONS)
    before = app.max_position()
    app.declare_case_link(lscp.csc_auditor, audit_id, lscp.pid("csc_auditor"), "DA-01", "managed the case in 2023")
    assert [t for t, _ in events_after(app, before)] == ["CaseLinkDeclared", "CaseAssignmentWithdrawn",
                                                          "ReturnSetAside"]  # fmt: skip
    refused(app, NotFound, app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01", sections=SECTIONS)
    app.nominate_auditor(lscp.chair, audit_id, lscp.pid("csc_auditor2"))
    app.confirm_tool_briefing(lscp.csc_auditor2, audit_id, lscp.pid("csc_auditor2"))
    refused(app, AlreadyRecorded, app.assign_case, lscp.chair, audit_id, "DA-01", lscp.pid("csc_auditor2"),
            match="reassign")  # fmt: skip
    refused(app, AuditorHasCaseLink, app.reassign_case, lscp.chair, audit_id, "DA-01", lscp.pid("csc_auditor"))
    refused(app, NotPermitted, app.reassign_case, lscp.csc_lead, audit_id, "DA-01", lscp.pid("csc_auditor2"))
    app.reassign_case(lscp.chair, audit_id, "DA-01", lscp.pid("csc_auditor2"))
    app.save_return_draft(lscp.csc_auditor2, audit_id, "DA-01", sections={"context": "Fresh eyes."})
    fresh = app.get_return(lscp.chair, audit_id, "DA-01", "CSC")
    assert (fresh["auditor_id"], fresh["answers"], fresh["status"]) == (str(lscp.pid("csc_auditor2")), {}, "draft")
    set_aside = app.set_aside_returns(lscp.governance, audit_id)
    assert [(r["auditor_id"], r["status"], r["answers"]) for r in set_aside] == [
        (str(lscp.pid("csc_auditor")), "set_aside", ANSWERS)
    ]
    assert "managed the case in 2023" in set_aside[0]["reason"]
    runner.catch_up()
    row = next(r for r in app.return_matrix(lscp.chair, audit_id) if r["case_ref"] == "DA-01" and r["agency_id"]
               == str(lscp.app.agency("CSC").id))  # fmt: skip
    assert (row["auditor_id"], row["status"]) == (str(lscp.pid("csc_auditor2")), "draft")


def test_the_chair_declares_a_late_link_for_an_auditor_but_not_once_fieldwork_is_closed_r9(lscp: Partnership) -> None:
    app, audit_id = lscp.app, lscp.in_fieldwork()
    app.declare_case_link(lscp.chair, audit_id, lscp.pid("pol_auditor"), "DA-01", "was the investigating officer")
    assert app.get_audit(lscp.governance, audit_id)["withdrawn_assignments"][0]["case_ref"] == "DA-01"
    for case_ref in ("DA-01", "DA-02"):
        lscp.complete_return(audit_id, "csc_auditor", case_ref)
    refused(app, NotReady, app.close_fieldwork, lscp.chair, audit_id, match=r"DA-01 \(POL, withdrawn and not")
    app.close_fieldwork(lscp.chair, audit_id, reason="Police reassignment pending")
    refused(app, AuditorHasCaseLink, app.declare_case_link, lscp.chair, audit_id, lscp.pid("csc_auditor"), "DA-02",
            "supervised the worker", match="fieldwork is closed")  # fmt: skip


# 2. Reopen during moderation
def test_a_return_reopened_at_moderation_is_corrected_and_resubmitted_before_moderation_completes_r10(
    lscp: Partnership,
) -> None:
    app, audit_id = lscp.app, lscp.at_moderation_meeting()
    app.agree_finding(lscp.chair, audit_id, "works_well", "Information shared promptly.")
    app.reopen_return(lscp.chair, audit_id, "DA-01", "POL", "Q2 commentary lacks the evidence")
    refused(app, NotReady, app.complete_moderation, lscp.chair, audit_id, match=r"DA-01 \(POL\)")
    refused(app, FieldworkNotOpen, app.save_return_draft, lscp.pol_auditor, audit_id, "DA-02",
            answers={"Q1": {"commentary": "x"}})  # fmt: skip
    correction = {"Q2": {"commentary": "DVPN considered; reasons for not applying recorded."}}
    app.save_return_draft(lscp.pol_auditor, audit_id, "DA-01", answers=correction)
    app.submit_return(lscp.pol_auditor, audit_id, "DA-01")
    app.complete_moderation(lscp.chair, audit_id)
    assert app.get_audit(lscp.chair, audit_id)["stage"] == "reporting"


def test_the_chair_revises_a_reopened_return_and_resubmits_it_so_no_return_drops_out_r14(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    app, audit_id = lscp.app, lscp.at_moderation_meeting()
    app.reopen_return(lscp.chair, audit_id, "DA-01", "POL", "Q2 rating inconsistent with the commentary")
    refused(app, NotReady, app.submit_return, lscp.chair, audit_id, "DA-02", "POL", match="reopened")
    app.revise_rating(lscp.chair, audit_id, "DA-01", "POL", "Q2", "Good", "DVPN was considered at the time")
    app.submit_return(lscp.chair, audit_id, "DA-01", "POL")
    revised = app.get_return(lscp.chair, audit_id, "DA-01", "POL")
    assert (revised["status"], revised["original_ratings"]) == ("submitted", {"Q2": "Requires improvement"})
    app.agree_finding(lscp.chair, audit_id, "works_well", "Information shared promptly.")
    app.complete_moderation(lscp.chair, audit_id)
    runner.catch_up()
    assert app.audit_report(lscp.governance, audit_id)["returns_submitted"] == 4


# 3. Sign-off freezes the report
def test_sign_off_freezes_the_report_and_the_arg_is_presented_the_signed_version_r17(lscp: Partnership) -> None:
    app, audit_id = lscp.app, lscp.in_reporting()
    lscp.clock.set(date(2024, 3, 20))
    app.make_recommendation(lscp.chair, audit_id, "Name coercive control in plans.")
    app.draft_report(lscp.chair, audit_id, "Draft one.")
    app.sign_off_report(lscp.chair, audit_id, date(2024, 3, 20))
    refused(app, ReportFrozen, app.make_recommendation, lscp.chair, audit_id, "Late idea", match="draft 1")
    refused(app, ReportFrozen, app.record_process_learning, lscp.chair, audit_id, "Late learning")
    before = app.max_position()
    app.draft_report(lscp.chair, audit_id, "Draft two, with a second recommendation.")
    refused(app, NotReady, app.present_report_to_arg, lscp.chair, audit_id, date(2024, 3, 20),
            match="draft 2 is not signed off")  # fmt: skip
    app.make_recommendation(lscp.chair, audit_id, "Train staff on DVPNs.")
    lscp.clock.set(date(2024, 3, 27))
    refused(app, InvalidValue, app.sign_off_report, lscp.chair, audit_id, date(2024, 3, 19), match="previous")
    app.sign_off_report(lscp.chair, audit_id, date(2024, 3, 27))
    refused(app, AlreadyRecorded, app.sign_off_report, lscp.chair, audit_id, date(2024, 3, 27))
    lscp.clock.set(date(2024, 4, 2))
    app.present_report_to_arg(lscp.arg, audit_id, date(2024, 4, 2))
    trail = [(t, d.get("report_version")) for t, d in events_after(app, 0) if t.startswith("Report")]
    assert trail == [("ReportDrafted", 1), ("ReportSignedOff", 1), ("ReportDrafted", 2), ("ReportSignedOff", 2),
                     ("ReportPresentedToArg", 2)]  # fmt: skip
    assert before < app.max_position()


# 4. Closure
def test_closure_needs_the_dissemination_plan_and_feedback_recorded_or_waived_for_each_agency_r19(
    lscp: Partnership,
) -> None:
    app = lscp.app
    audit_id, _ = lscp.in_dissemination()
    message = refused(app, NotReady, app.close_audit, lscp.chair, audit_id)
    assert "the dissemination plan" in message and "feedback recorded or waived with a reason for Children's" \
        " Services, Police" in message  # fmt: skip
    app.record_dissemination_plan(lscp.learning, audit_id, "Seven-minute briefing.", ["Re-audit in 2025"])
    app.record_agency_feedback(lscp.pol_lead, audit_id, "POL", date(2024, 4, 2), "Shared at the team meeting.")
    refused(app, ReasonRequired, app.waive_agency_feedback, lscp.chair, audit_id, "CSC", " ")
    refused(app, InvalidValue, app.waive_agency_feedback, lscp.chair, audit_id, "NHS", "not taking part")
    refused(app, AlreadyRecorded, app.waive_agency_feedback, lscp.chair, audit_id, "POL", "already done")
    refused(app, NotPermitted, app.waive_agency_feedback, lscp.csc_lead, audit_id, "CSC", "busy")
    app.waive_agency_feedback(lscp.chair, audit_id, "CSC", "The team was restructured; findings go to the new team")
    app.close_audit(lscp.qa, audit_id)
    assert app.get_audit(lscp.chair, audit_id)["stage"] == "closed"


def test_an_audit_without_recommendations_closes_only_with_a_recorded_reason_r18(lscp: Partnership) -> None:
    app = lscp.app

    def presented(no_recommendations: str | None) -> UUID:
        lscp.clock.set(date(2024, 1, 8))
        audit_id = lscp.in_reporting()
        lscp.clock.set(date(2024, 4, 2))
        if no_recommendations:
            refused(app, ReasonRequired, app.record_no_recommendations, lscp.chair, audit_id, " ")
            app.record_no_recommendations(lscp.chair, audit_id, no_recommendations)
        app.draft_report(lscp.chair, audit_id, "Practice met the standard.")
        refused(app, OutOfStage, app.close_audit, lscp.chair, audit_id, match="reporting")
        app.sign_off_report(lscp.chair, audit_id, date(2024, 4, 2))
        app.present_report_to_arg(lscp.chair, audit_id, date(2024, 4, 2))
        app.record_dissemination_plan(lscp.learning, audit_id, "Newsletter item.", ["Practice week attendance"])
        for code in ("CSC", "POL"):
            app.record_agency_feedback(lscp.chair, audit_id, code, date(2024, 4, 2), "Briefed.")
        return audit_id

    silent = presented(None)
    refused(app, NotReady, app.close_audit, lscp.chair, silent, match="a recorded reason why there are none")
    refused(app, OutOfStage, app.record_no_recommendations, lscp.chair, silent, "Too late: the ARG has the report")
    reasoned = presented("Practice met the standard in every case; the ARG agreed no change is needed.")
    app.close_audit(lscp.chair, reasoned)
    assert app.get_audit(lscp.governance, reasoned)["no_recommendations_reason"].startswith("Practice met")


# 5. Due dates (R-20a); the exception report side is in tests/workers/test_exception_report_edges.py
def test_an_owner_moves_a_due_date_once_before_it_falls_due_then_an_arg_member_must_agree_r20a(
    lscp: Partnership,
) -> None:
    app = lscp.app
    _, action_id = lscp.with_action()  # due 2024-06-30; today 2024-03-15
    refused(app, InvalidValue, app.revise_action_due_date, lscp.csc_lead, action_id, date(2024, 3, 1), "x",
            match="after today")  # fmt: skip
    app.revise_action_due_date(lscp.csc_lead, action_id, date(2024, 7, 31), "Supplier delay")
    refused(app, NotReady, app.revise_action_due_date, lscp.csc_lead, action_id, date(2024, 9, 30), "Again",
            match="ARG member must agree a second move")  # fmt: skip
    refused(app, NotPermitted, app.agree_action_due_date, lscp.csc_lead, action_id, date(2024, 9, 30), "x")
    refused(app, ReasonRequired, app.agree_action_due_date, lscp.arg, action_id, date(2024, 9, 30), "")
    app.agree_action_due_date(lscp.arg, action_id, date(2024, 9, 30), "The Executive accepts the delay")
    assert app.get_action(lscp.csc_lead, action_id)["due_date"] == "2024-09-30"


def test_an_owner_cannot_move_an_overdue_due_date_six_months_out_r20a(lscp: Partnership) -> None:
    app = lscp.app
    _, action_id = lscp.with_action()
    lscp.clock.set(date(2024, 7, 15))
    refused(app, NotReady, app.revise_action_due_date, lscp.csc_lead, action_id, date(2025, 1, 15),
            "Six months more", match="fell due on 2024-06-30")  # fmt: skip
    app.agree_action_due_date(lscp.arg, action_id, date(2024, 8, 31), "Agreed at the ARG")


# 6. Planning
def test_adopting_a_different_tool_resets_the_briefings_r5(lscp: Partnership) -> None:
    app, audit_id = lscp.app, lscp.planned()
    app.adopt_audit_tool(lscp.chair, audit_id, TOOL)
    assert all(a["briefed"] for a in app.get_audit(lscp.chair, audit_id)["auditors"])
    other = [*TOOL, {"id": "Q3", "text": "Was the child seen alone?", "guidance": TOOL[0]["guidance"]}]
    app.adopt_audit_tool(lscp.chair, audit_id, other)
    assert not any(a["briefed"] for a in app.get_audit(lscp.chair, audit_id)["auditors"])
    app.agree_rating_guidance(lscp.chair, audit_id, date(2024, 1, 20))
    refused(app, FieldworkPrerequisitesMissing, app.open_fieldwork, lscp.chair, audit_id,
            match="tool briefing confirmed by Csc Auditor, Pol Auditor")  # fmt: skip


def test_a_scheduled_audit_is_commissioned_once_and_only_from_an_approved_schedule_r3(lscp: Partnership) -> None:
    app = lscp.app
    app.propose_schedule(lscp.arg, "2025/26")
    app.plan_scheduled_audit(lscp.arg, "2025/26", {"month": "2025-07", "kind": "dip_sample", "theme": "Strategy"})
    commission = app.commission_audit
    refused(app, NotReady, commission, lscp.arg, "dip_sample", "Strategy", "f", "r", ("2025/26", "S01"),
            match="not approved")  # fmt: skip
    app.approve_schedule(lscp.executive, "2025/26")
    audit_id = commission(lscp.arg, "dip_sample", "Strategy", "f", "r", ("2025/26", "S01")).id
    refused(app, AlreadyRecorded, commission, lscp.arg, "dip_sample", "Strategy", "f", "r", ("2025/26", "S01"),
            match=str(audit_id))  # fmt: skip


def test_recorded_dates_are_checked_against_the_audits_history_and_today_r17(lscp: Partnership) -> None:
    app, audit_id = lscp.app, lscp.commissioned()  # commissioned 2024-01-08
    app.draft_terms_of_reference(lscp.chair, audit_id, TERMS)
    app.confirm_duty_to_communicate(lscp.chair, audit_id, DUTY)
    refused(app, InvalidValue, app.endorse_terms_of_reference, lscp.chair, audit_id, date(2023, 12, 1), True, True,
            match="before the audit was commissioned")  # fmt: skip
    reporting = lscp.in_reporting()
    app.draft_report(lscp.chair, reporting, "Summary.")
    lscp.clock.set(date(2024, 3, 20))
    refused(app, InvalidValue, app.sign_off_report, lscp.chair, reporting, date(2023, 6, 1), match="commissioned")
    refused(app, InvalidValue, app.sign_off_report, lscp.chair, reporting, date(2024, 3, 21), match="future")
    app.sign_off_report(lscp.chair, reporting, date(2024, 3, 20))
    refused(app, InvalidValue, app.present_report_to_arg, lscp.chair, reporting, date(2025, 4, 2), match="future")
    app.present_report_to_arg(lscp.chair, reporting, date(2024, 3, 20))
    refused(app, InvalidValue, app.record_agency_feedback, lscp.chair, reporting, "POL", date(2024, 9, 1), "x",
            match="future")  # fmt: skip


def test_the_duty_to_communicate_is_an_explicit_confirmation_in_the_chairs_words_r4(lscp: Partnership) -> None:
    app, audit_id = lscp.app, lscp.commissioned()
    app.draft_terms_of_reference(lscp.chair, audit_id, TERMS | {"auditor_responsibilities": "Audit the cases."})
    refused(app, NotReady, app.endorse_terms_of_reference, lscp.chair, audit_id, date(2024, 1, 20), True, True,
            match="purpose, process and focus")  # fmt: skip
    refused(app, InvalidValue, app.confirm_duty_to_communicate, lscp.chair, audit_id, "  ")
    refused(app, NotPermitted, app.confirm_duty_to_communicate, lscp.csc_lead, audit_id, "We tell them.")
    words = "Brief the practitioners whose work is audited on the purpose, process and focus of the audit."
    app.confirm_duty_to_communicate(lscp.chair, audit_id, words)
    app.endorse_terms_of_reference(lscp.chair, audit_id, date(2024, 1, 20), True, True)
    assert app.get_audit(lscp.governance, audit_id)["duty_to_communicate"] == words


def test_a_schedule_date_may_be_a_month_or_to_be_confirmed_as_in_appendix_b_r1(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    app = lscp.app
    app.propose_schedule(lscp.arg, "2022/23")
    item = {"month": "2023-03", "kind": "dip_sample", "theme": "Voice of the child", "sample": "TBC",
            "fieldwork_start": "TBC 2023-03", "moderation_date": "TBC", "sign_off_date": "2023-04",
            "report_to_arg_date": date(2023, 5, 9)}  # fmt: skip
    app.plan_scheduled_audit(lscp.arg, "2022/23", item)
    for bad in ("soon", "2023-13", "TBC someday", 20230401):
        refused(app, InvalidValue, app.plan_scheduled_audit, lscp.arg, "2022/23", item | {"sign_off_date": bad})
    planned = app.get_schedule(lscp.governance, "2022/23")["items"][0]
    assert [planned[k] for k in ("fieldwork_start", "moderation_date", "sign_off_date", "report_to_arg_date")] == [
        "TBC 2023-03", "TBC", "2023-04", "2023-05-09"]  # fmt: skip
    runner.catch_up()
    row = app.schedule_view(lscp.governance, "2022/23")[0]
    assert (row["fieldwork_start"], row["sign_off_date"]) == ("TBC 2023-03", "2023-04")


# 8. Roles: the QA officer has the chair's rights except endorsement and sign-off
def test_the_qa_officer_withdraws_an_audit_like_the_chair(lscp: Partnership) -> None:
    app, audit_id = lscp.app, lscp.planned()
    refused(app, NotPermitted, app.withdraw_audit, lscp.csc_lead, audit_id, "no capacity")
    app.withdraw_audit(lscp.qa, audit_id, "Superseded by the JTAI")
    assert app.get_audit(lscp.chair, audit_id)["stage"] == "withdrawn"


def test_the_persisting_interval_is_a_setting(tmp_path: Any) -> None:
    app = build_application(Settings(store="memory", stall_persisting_days=7, outbox_path=tmp_path))
    assert app.stall_policy.persisting_days == 7
    app.close()
