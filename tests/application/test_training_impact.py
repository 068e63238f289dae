"""The annual audit of training impact (R-2, guidance 4.2.2): attendees and managers, responses against invitations."""

from __future__ import annotations

from datetime import date

from domain.errors import AlreadyRecorded, FieldworkNotOpen, InvalidValue
from projections.report.render import render
from projections.runner import ProjectionRunner
from tests.builders import DUTY, TERMS, Partnership, refused

COURSES = {"DA-L2": ("Domestic abuse: level 2", 24, 9), "NEG-L3": ("Neglect and the graded care profile", 16, 6)}


def attendee(before: int, after: int, changed: str, example: str) -> dict[str, str]:
    return {"confidence_before": str(before), "confidence_after": str(after), "practice_changed": changed,
            "example": example}  # fmt: skip


def test_a_training_impact_audit_of_40_attendees_and_15_managers_runs_five_stages_r2(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    app, chair, qa = lscp.app, lscp.chair, lscp.qa
    audit_id = app.commission_audit(lscp.arg, "training_impact", "Training impact 2023/24", "Multi-agency courses",
                                    "Annual audit (4.2.2)").id  # fmt: skip
    refused(app, InvalidValue, app.sample_case, chair, audit_id, "DA-01", "cin", "x", match="questionnaires")
    app.draft_terms_of_reference(chair, audit_id, TERMS)
    app.confirm_duty_to_communicate(chair, audit_id, DUTY)
    app.endorse_terms_of_reference(chair, audit_id, date(2024, 1, 20), True, True)
    for course, (title, attendees, managers) in COURSES.items():
        app.include_course(lscp.learning, audit_id, course, title, date(2023, 10, 5))
        app.send_questionnaires(qa, audit_id, course, "attendee", [f"{course}-A{n:02d}" for n in range(attendees)])
        app.send_questionnaires(qa, audit_id, course, "manager", [f"{course}-M{n:02d}" for n in range(managers)])
    refused(app, AlreadyRecorded, app.send_questionnaires, qa, audit_id, "DA-L2", "manager", ["DA-L2-A01"])
    refused(app, FieldworkNotOpen, app.record_questionnaire_response, qa, audit_id, "DA-L2", "DA-L2-A00",
            attendee(2, 4, "yes", "x"))  # fmt: skip
    app.open_fieldwork(chair, audit_id)

    for n in range(18):  # 18 of 24 attendees of the DA course answer; 6 of 9 managers
        app.record_questionnaire_response(qa, audit_id, "DA-L2", f"DA-L2-A{n:02d}",
                                          attendee(2 + n % 2, 4, ["yes", "partly"][n % 2], f"Attendee {n} now asks"
                                                   " about coercive control at every visit."))  # fmt: skip
    for n in range(6):
        app.record_questionnaire_response(qa, audit_id, "DA-L2", f"DA-L2-M{n:02d}",
                                          {"practice_change_seen": "yes", "confidence_seen": "4",
                                           "example": "Named coercive control in supervision."})  # fmt: skip
    for n in range(8):
        app.record_questionnaire_response(
            qa,
            audit_id,
            "NEG-L3",
            f"NEG-L3-A{n:02d}",
            attendee(3, 3, "no", "No time to use the graded care profile yet."),
        )
    refused(app, InvalidValue, app.record_questionnaire_response, qa, audit_id, "NEG-L3", "NEG-L3-M00",
            attendee(3, 4, "yes", "x"), match="not on the manager questionnaire")  # fmt: skip
    refused(app, InvalidValue, app.record_questionnaire_response, qa, audit_id, "NEG-L3", "STRANGER",
            attendee(3, 4, "yes", "x"), match="was not invited")  # fmt: skip
    refused(app, AlreadyRecorded, app.record_questionnaire_response, qa, audit_id, "NEG-L3", "NEG-L3-A00",
            attendee(3, 4, "yes", "x"))  # fmt: skip

    app.close_fieldwork(chair, audit_id)
    app.hold_moderation_meeting(chair, audit_id, date(2024, 3, 8), ["Chair", "L&D chair"])
    app.agree_finding(chair, audit_id, "emerging_concern", "Neglect training is not yet changing practice.")
    app.complete_moderation(chair, audit_id)
    lscp.clock.set(date(2024, 3, 15))
    rec = app.make_recommendation(chair, audit_id, "Follow the neglect course with a practice clinic.").ref
    assert rec is not None
    app.agree_action(chair, audit_id, rec, "Run two clinics", "Confidence up by 1 at re-audit", lscp.pid("nhs_lead"),
                     date(2024, 9, 30))  # fmt: skip
    app.record_dissemination_plan(lscp.learning, audit_id, "Course pages updated.", ["Next year's response rates"])
    app.draft_report(chair, audit_id, "DA course changes practice; neglect course does not yet.")
    lscp.clock.set(date(2024, 4, 3))
    app.sign_off_report(chair, audit_id, date(2024, 3, 20))
    app.present_report_to_arg(chair, audit_id, date(2024, 4, 2))
    app.close_audit(chair, audit_id)

    runner.catch_up()
    facts = app.audit_report(chair, audit_id)
    training = facts["training"]
    assert training["totals"] == {"attendee": {"invited": 40, "responses": 26, "rate": 65.0},
                                  "manager": {"invited": 15, "responses": 6, "rate": 40.0}}  # fmt: skip
    da, neglect = training["courses"]
    assert (da["confidence"]["before"], da["confidence"]["after"], da["confidence"]["change"]) == (2.5, 4.0, 1.5)
    assert neglect["confidence"]["change"] == 0.0 and neglect["practice_changed"]["no"] == 8
    assert da["practice_seen_by_managers"]["yes"] == 6
    assert "| DA-L2: Domestic abuse: level 2 | 18/24 (75.0%) | 6/9 (66.7%) | 2.5 | 4.0 | 1.5 |" in render(facts, "md")
    assert "Response rates and change, by course" in render(facts, "html")
