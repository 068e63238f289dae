"""Stories of stage two, gathering information: returns (R-10), urgent concerns (R-11), outstanding returns (R-12)."""

from __future__ import annotations

from application.errors import NotFound, NotPermitted
from application.principal import Principal
from domain.errors import (
    AlreadyRecorded,
    FieldworkNotOpen,
    InvalidValue,
    NotReady,
    ReasonRequired,
    ReturnIncomplete,
    ReturnLocked,
)
from tests.builders import ANSWERS, POLICE_ANSWERS, SECTIONS, Partnership, refused


def test_auditor_saves_drafts_then_submits_a_complete_return_r10(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", answers={"Q1": {"rating": "Good"}})
    lscp.app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", answers={"Q1": {"commentary": "Clear plan."}})
    lscp.app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", sections=SECTIONS, child_voice_evident=True,
                               context_factors=["caseload", "churn"])  # fmt: skip
    lscp.app.submit_return(lscp.csc_auditor, audit_id, "DA-01")
    the_return = lscp.app.get_return(lscp.chair, audit_id, "DA-01", "CSC")
    assert the_return["status"] == "submitted"
    assert the_return["answers"]["Q1"] == {"rating": "Good", "commentary": "Clear plan."}
    assert the_return["context_factors"] == ["caseload", "churn"]


def test_a_return_asks_only_the_questions_that_apply_to_the_agency_r6(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    refused(lscp.app, InvalidValue, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
            answers=POLICE_ANSWERS, match="Q2 does not apply")  # fmt: skip
    lscp.app.save_return_draft(lscp.pol_auditor, audit_id, "DA-01", answers=ANSWERS, sections=SECTIONS,
                               child_voice_evident=False)  # fmt: skip
    message = refused(lscp.app, ReturnIncomplete, lscp.app.submit_return, lscp.pol_auditor, audit_id, "DA-01")
    assert "Q2 rating" in message and "Q2 commentary" in message


def test_submission_needs_every_rating_commentary_and_fixed_section_r10(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", answers={"Q1": {"rating": "Good"}},
                               sections={"voice_of_child": "Seen alone."})  # fmt: skip
    message = refused(lscp.app, ReturnIncomplete, lscp.app.submit_return, lscp.csc_auditor, audit_id, "DA-01")
    for missing in ("Q1 commentary", "lived experience", "context of practice", "outcomes", "child's voice"):
        assert missing in message
    assert "voice of the child;" not in message


def test_ratings_must_be_on_the_questions_scale_r6(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    refused(lscp.app, InvalidValue, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
            answers={"Q1": {"rating": "Splendid"}})  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
            sections={"gossip": "x"})  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
            context_factors=["weather"])  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01")


def test_a_submitted_return_is_locked_until_reopened_with_a_reason_r10(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.complete_return(audit_id, "csc_auditor", "DA-01")
    refused(lscp.app, ReturnLocked, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
            answers={"Q1": {"rating": "Inadequate"}}, match="recorded reopen")  # fmt: skip
    refused(lscp.app, ReasonRequired, lscp.app.reopen_return, lscp.chair, audit_id, "DA-01", "CSC", "")
    refused(lscp.app, NotPermitted, lscp.app.reopen_return, lscp.csc_auditor, audit_id, "DA-01", "CSC", "fix")
    lscp.app.reopen_return(lscp.chair, audit_id, "DA-01", "CSC", "commentary contradicts the rating")
    lscp.app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", answers={"Q1": {"rating": "Inadequate"}})
    lscp.app.submit_return(lscp.csc_auditor, audit_id, "DA-01")
    assert lscp.app.get_return(lscp.chair, audit_id, "DA-01", "CSC")["answers"]["Q1"]["rating"] == "Inadequate"
    refused(lscp.app, ReturnLocked, lscp.app.submit_return, lscp.csc_auditor, audit_id, "DA-01")


def test_returns_are_written_only_while_fieldwork_is_open_r10(lscp: Partnership) -> None:
    audit_id = lscp.planned()
    message = refused(lscp.app, FieldworkNotOpen, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
                      answers=ANSWERS)  # fmt: skip
    assert "planning" in message


def test_auditor_writes_only_their_own_agencys_assigned_returns_r10(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    refused(lscp.app, NotFound, lscp.app.save_return_draft, lscp.csc_auditor2, audit_id, "DA-01", answers=ANSWERS)
    refused(lscp.app, NotFound, lscp.app.save_return_draft, lscp.nhs_auditor, audit_id, "DA-01", answers=ANSWERS)
    refused(lscp.app, NotPermitted, lscp.app.save_return_draft, lscp.chair, audit_id, "DA-01", answers=ANSWERS)


def test_another_agencys_return_is_not_found_for_an_auditor_r26(lscp: Partnership) -> None:
    audit_id = lscp.returns_submitted()
    assert lscp.app.get_return(lscp.pol_auditor, audit_id, "DA-01", "POL")["status"] == "submitted"
    assert lscp.app.get_return(lscp.pol_lead, audit_id, "DA-01", "POL")["status"] == "submitted"
    for who in (lscp.pol_auditor, lscp.pol_lead, lscp.arg):
        refused(lscp.app, NotFound, lscp.app.get_return, who, audit_id, "DA-01", "CSC")
    assert lscp.app.get_return(lscp.governance, audit_id, "DA-01", "CSC")["status"] == "submitted"


def test_urgent_concern_goes_to_the_manager_until_acknowledged_r11(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    concern_id = lscp.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"),
                                        "No safety plan after bail.").id  # fmt: skip
    worker = Principal.for_system("escalation")
    lscp.app.escalate_concern(worker, concern_id)
    refused(lscp.app, NotPermitted, lscp.app.acknowledge_concern, lscp.chair, concern_id, "seen")
    lscp.app.acknowledge_concern(lscp.pol_lead, concern_id, "Safety plan in place today.")
    refused(lscp.app, AlreadyRecorded, lscp.app.escalate_concern, worker, concern_id, match="acknowledged")
    concern = lscp.app.get_concern(lscp.pol_lead, concern_id)
    assert (concern["escalations"], concern["acknowledged"]) == (1, True)


def test_concerns_are_raised_with_a_manager_of_the_auditors_agency_about_a_sampled_case_r11(
    lscp: Partnership,
) -> None:
    audit_id = lscp.in_fieldwork()
    refused(lscp.app, InvalidValue, lscp.app.raise_concern, lscp.pol_auditor, audit_id, "DA-02",
            lscp.pid("csc_lead"), "x", match="not a manager in your agency")  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.raise_concern, lscp.pol_auditor, audit_id, "DA-99",
            lscp.pid("pol_lead"), "x")  # fmt: skip
    refused(lscp.app, NotFound, lscp.app.raise_concern, lscp.nhs_auditor, audit_id, "DA-02",
            lscp.pid("nhs_lead"), "x")  # fmt: skip
    refused(lscp.app, NotPermitted, lscp.app.escalate_concern, lscp.pol_auditor,
            lscp.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), "x").id)  # fmt: skip


def test_chair_sees_which_returns_are_outstanding_r12(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.complete_return(audit_id, "csc_auditor", "DA-01")
    lscp.app.save_return_draft(lscp.pol_auditor, audit_id, "DA-01", answers=ANSWERS)
    rows = {(r["case_ref"], r["status"]) for r in lscp.app.get_audit(lscp.chair, audit_id)["returns"]}
    assert rows == {("DA-01", "submitted"), ("DA-01", "draft"), ("DA-02", "assigned")}


def test_fieldwork_closes_with_outstanding_returns_only_with_a_reason_r12(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.complete_return(audit_id, "csc_auditor", "DA-01")
    message = refused(lscp.app, NotReady, lscp.app.close_fieldwork, lscp.chair, audit_id)
    assert "DA-01 (POL)" in message and "DA-02 (CSC)" in message
    lscp.app.close_fieldwork(lscp.chair, audit_id, reason="police returns delayed by the inspection")
    assert lscp.app.get_audit(lscp.chair, audit_id)["stage"] == "moderation"


def test_auditor_must_confirm_the_briefing_before_writing_a_return_r5(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("nhs_auditor"))
    lscp.app.assign_case(lscp.chair, audit_id, "DA-01", lscp.pid("nhs_auditor"))
    refused(lscp.app, NotReady, lscp.app.save_return_draft, lscp.nhs_auditor, audit_id, "DA-01", answers=ANSWERS,
            match="briefing")  # fmt: skip
