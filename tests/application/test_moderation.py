"""Stories of stage three, moderation: review (R-13), the meeting and revised ratings (R-14), findings (R-15)."""

from __future__ import annotations

from datetime import date

from application.errors import NotPermitted
from domain.errors import InvalidValue, NotReady, OutOfStage, ReasonRequired, ReturnLocked
from tests.builders import Partnership, refused


def test_chair_records_the_review_of_initial_findings_r13(lscp: Partnership) -> None:
    audit_id = lscp.in_moderation()
    lscp.app.review_initial_findings(lscp.chair, audit_id, gaps=["Health records thin"], themes=["Coercive control"])
    refused(lscp.app, InvalidValue, lscp.app.review_initial_findings, lscp.chair, audit_id, gaps=["  "])
    refused(lscp.app, NotPermitted, lscp.app.review_initial_findings, lscp.pol_auditor, audit_id, gaps=["x"])


def test_rating_revised_at_moderation_keeps_the_original_and_the_reason_r14(lscp: Partnership) -> None:
    audit_id = lscp.at_moderation_meeting()
    lscp.app.revise_rating(lscp.chair, audit_id, "DA-01", "POL", "Q2", "Good", "DVPN was considered at the MARAC")
    the_return = lscp.app.get_return(lscp.chair, audit_id, "DA-01", "POL")
    assert the_return["answers"]["Q2"]["rating"] == "Good"
    assert the_return["original_ratings"] == {"Q2": "Requires improvement"}
    lscp.app.revise_rating(lscp.chair, audit_id, "DA-01", "POL", "Q2", "Outstanding", "further evidence")
    assert lscp.app.get_return(lscp.chair, audit_id, "DA-01", "POL")["original_ratings"] == {
        "Q2": "Requires improvement"
    }


def test_ratings_are_revised_only_with_a_reason_at_a_recorded_meeting_r14(lscp: Partnership) -> None:
    audit_id = lscp.in_moderation()
    refused(lscp.app, NotReady, lscp.app.revise_rating, lscp.chair, audit_id, "DA-01", "POL", "Q2", "Good", "why",
            match="record the moderation meeting")  # fmt: skip
    lscp.app.hold_moderation_meeting(lscp.chair, audit_id, date(2024, 3, 8), ["Chair"])
    refused(lscp.app, ReasonRequired, lscp.app.revise_rating, lscp.chair, audit_id, "DA-01", "POL", "Q2", "Good", "")
    refused(lscp.app, InvalidValue, lscp.app.revise_rating, lscp.chair, audit_id, "DA-01", "POL", "Q2",
            "Requires improvement", "same", match="already rated")  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.revise_rating, lscp.chair, audit_id, "DA-01", "POL", "Q9", "Good", "x")
    refused(lscp.app, NotPermitted, lscp.app.revise_rating, lscp.pol_auditor, audit_id, "DA-01", "POL", "Q2",
            "Good", "x")  # fmt: skip


def test_ratings_are_not_revised_outside_moderation_r14(lscp: Partnership) -> None:
    audit_id = lscp.returns_submitted()
    refused(lscp.app, OutOfStage, lscp.app.revise_rating, lscp.chair, audit_id, "DA-01", "POL", "Q2", "Good", "x",
            match="the audit is in fieldwork")  # fmt: skip


def test_a_return_never_submitted_is_not_revised_at_moderation_r14(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.app.save_return_draft(lscp.pol_auditor, audit_id, "DA-01", answers={"Q2": {"rating": "Inadequate"}})
    lscp.app.close_fieldwork(lscp.chair, audit_id, reason="Police return late")
    lscp.app.hold_moderation_meeting(lscp.chair, audit_id, date(2024, 3, 8), ["Chair"])
    refused(lscp.app, ReturnLocked, lscp.app.revise_rating, lscp.chair, audit_id, "DA-01", "POL", "Q2", "Good", "x")


def test_a_moderation_meeting_needs_its_attendees_r14(lscp: Partnership) -> None:
    audit_id = lscp.in_moderation()
    refused(lscp.app, InvalidValue, lscp.app.hold_moderation_meeting, lscp.chair, audit_id, date(2024, 3, 8), [])


def test_findings_context_consultation_and_learning_are_recorded_r15(lscp: Partnership) -> None:
    audit_id = lscp.at_moderation_meeting()
    finding = lscp.app.agree_finding(lscp.chair, audit_id, "emerging_concern", "Coercive control rarely named.", "POL")
    lscp.app.record_practice_context(lscp.chair, audit_id, "Team restructured in spring.", ["restructuring"])
    lscp.app.record_family_consultation(lscp.chair, audit_id, "Two parents consulted.")
    lscp.app.record_process_learning(lscp.chair, audit_id, "Allow more time for health records.")
    assert finding.ref == "F1"
    assert lscp.app.get_audit(lscp.chair, audit_id)["findings"][0]["kind"] == "emerging_concern"
    refused(lscp.app, InvalidValue, lscp.app.agree_finding, lscp.chair, audit_id, "rumour", "x")
    refused(lscp.app, InvalidValue, lscp.app.record_practice_context, lscp.chair, audit_id, "x", ["weather"])


def test_findings_are_agreed_at_the_meeting_r15(lscp: Partnership) -> None:
    audit_id = lscp.in_moderation()
    refused(lscp.app, NotReady, lscp.app.agree_finding, lscp.chair, audit_id, "works_well", "x")


def test_moderation_completes_after_the_meeting_and_a_finding(lscp: Partnership) -> None:
    audit_id = lscp.in_moderation()
    refused(lscp.app, NotReady, lscp.app.complete_moderation, lscp.chair, audit_id, match="meeting")
    lscp.app.hold_moderation_meeting(lscp.chair, audit_id, date(2024, 3, 8), ["Chair"])
    refused(lscp.app, NotReady, lscp.app.complete_moderation, lscp.chair, audit_id, match="finding")
    lscp.app.agree_finding(lscp.chair, audit_id, "works_well", "Prompt sharing.")
    lscp.app.complete_moderation(lscp.chair, audit_id)
    assert lscp.app.get_audit(lscp.chair, audit_id)["stage"] == "reporting"
