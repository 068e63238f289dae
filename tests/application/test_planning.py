"""Stories of stage one, planning: terms (R-4), the Audit Group (R-5), the tool (R-6), the team (R-7),
the sample (R-8) and case links (R-9)."""

from __future__ import annotations

from datetime import date

from application.errors import NotPermitted
from domain.errors import (
    AgencyNotInvited,
    AlreadyRecorded,
    AuditorHasCaseLink,
    FieldworkPrerequisitesMissing,
    InvalidValue,
    NotReady,
    OutOfStage,
    ReasonRequired,
    SampleLimitReached,
)
from tests.builders import DUTY, GUIDANCE, TERMS, TOOL, Partnership, refused


def test_chair_drafts_and_revises_terms_until_endorsed_r4(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    lscp.app.draft_terms_of_reference(lscp.chair, audit_id, TERMS)
    lscp.app.draft_terms_of_reference(lscp.qa, audit_id, TERMS | {"scope": "Wider scope"})
    lscp.app.confirm_duty_to_communicate(lscp.chair, audit_id, DUTY)
    lscp.app.endorse_terms_of_reference(lscp.chair, audit_id, date(2024, 1, 20), True, True)
    assert lscp.app.get_audit(lscp.chair, audit_id)["terms"]["scope"] == "Wider scope"
    refused(lscp.app, AlreadyRecorded, lscp.app.draft_terms_of_reference, lscp.chair, audit_id, TERMS,
            match="endorsed")  # fmt: skip


def test_terms_must_hold_what_the_guidance_asks_for_r4(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    for missing in ("scope", "barriers", "competing_demands", "fieldwork_start"):
        terms = {k: v for k, v in TERMS.items() if k != missing}
        refused(lscp.app, InvalidValue, lscp.app.draft_terms_of_reference, lscp.chair, audit_id, terms)
    backwards = TERMS | {"fieldwork_end": date(2024, 1, 1)}
    refused(lscp.app, InvalidValue, lscp.app.draft_terms_of_reference, lscp.chair, audit_id, backwards)


def test_only_the_chair_endorses_terms_and_only_after_review_r5(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    refused(lscp.app, NotReady, lscp.app.endorse_terms_of_reference, lscp.chair, audit_id, date(2024, 1, 20),
            True, True, match="draft them first")  # fmt: skip
    lscp.app.draft_terms_of_reference(lscp.qa, audit_id, TERMS)
    refused(lscp.app, NotPermitted, lscp.app.endorse_terms_of_reference, lscp.qa, audit_id, date(2024, 1, 20),
            True, True)  # fmt: skip
    refused(lscp.app, NotReady, lscp.app.endorse_terms_of_reference, lscp.chair, audit_id, date(2024, 1, 20),
            True, False, match="agree the timescales")  # fmt: skip


def test_fieldwork_cannot_open_until_planning_is_complete_r5(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    message = refused(lscp.app, FieldworkPrerequisitesMissing, lscp.app.open_fieldwork, lscp.chair, audit_id)
    assert "planning" in message
    for needed in ("terms of reference endorsed", "audit tool adopted", "nominated auditor", "sampled case"):
        assert needed in message


def test_fieldwork_waits_for_every_auditor_to_confirm_the_briefing_r5(lscp: Partnership) -> None:
    audit_id = lscp.planned()
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("nhs_auditor"))
    message = refused(lscp.app, FieldworkPrerequisitesMissing, lscp.app.open_fieldwork, lscp.chair, audit_id)
    assert "Nhs Auditor" in message
    lscp.app.confirm_tool_briefing(lscp.nhs_auditor, audit_id, lscp.pid("nhs_auditor"))
    lscp.app.open_fieldwork(lscp.chair, audit_id)
    assert lscp.app.get_audit(lscp.chair, audit_id)["stage"] == "fieldwork"


def test_rating_guidance_must_cover_every_rating_of_every_question_r5_r6(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    refused(lscp.app, NotReady, lscp.app.agree_rating_guidance, lscp.chair, audit_id, date(2024, 1, 20))
    partial = [{"id": "Q1", "text": "Threshold?", "guidance": {"Good": "Meets the standard."}}]
    lscp.app.adopt_audit_tool(lscp.chair, audit_id, partial)
    message = refused(lscp.app, NotReady, lscp.app.agree_rating_guidance, lscp.chair, audit_id, date(2024, 1, 20))
    assert "Q1 (Outstanding, Requires improvement, Inadequate)" in message


def test_readopting_the_tool_needs_the_guidance_agreed_again_r5(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    lscp.app.adopt_audit_tool(lscp.chair, audit_id, TOOL)
    lscp.app.agree_rating_guidance(lscp.chair, audit_id, date(2024, 1, 20))
    lscp.app.adopt_audit_tool(lscp.chair, audit_id, TOOL[:1])
    assert lscp.app.get_audit(lscp.chair, audit_id)["rating_guidance_agreed"] is False


def test_audit_tool_is_validated_r6(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    bad_tools = [
        [],
        [{"id": "Q1", "text": ""}],
        [{"id": "Q1", "text": "a"}, {"id": "Q1", "text": "b"}],
        [{"id": "Q1", "text": "a", "applies_to": ["bakery"]}],
        [{"id": "Q1", "text": "a", "guidance": {"Brilliant": "x"}}],
        [{"id": "Q1", "text": "a", "scale": ["Good"]}],
    ]
    for tool in bad_tools:
        refused(lscp.app, InvalidValue, lscp.app.adopt_audit_tool, lscp.chair, audit_id, tool)


def test_an_audit_copies_and_adapts_a_versioned_template_r6(lscp: Partnership) -> None:
    lscp.app.publish_tool_template(lscp.qa, "DA deep dive", TOOL)
    lscp.app.revise_tool_template(
        lscp.qa, "DA deep dive", [*TOOL, {"id": "Q3", "text": "Voice?", "guidance": GUIDANCE}], "add voice"
    )
    audit_id = lscp.commissioned()
    lscp.app.adopt_audit_tool(lscp.chair, audit_id, template="DA deep dive")
    audit = lscp.app.get_audit(lscp.chair, audit_id)
    assert [q["id"] for q in audit["questions"]] == ["Q1", "Q2", "Q3"]
    lscp.app.adopt_audit_tool(lscp.chair, audit_id, audit["questions"][:2])
    assert len(lscp.app.get_audit(lscp.chair, audit_id)["questions"]) == 2
    refused(lscp.app, AlreadyRecorded, lscp.app.publish_tool_template, lscp.qa, "DA deep dive", TOOL)


def test_agencies_nominate_their_own_auditors_r7(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    refused(lscp.app, AgencyNotInvited, lscp.app.nominate_auditor, lscp.pol_lead, audit_id, lscp.pid("pol_auditor"))
    lscp.app.invite_agency(lscp.chair, audit_id, "POL")  # an agency takes part only once invited (R-26, #13)
    lscp.app.nominate_auditor(lscp.pol_lead, audit_id, lscp.pid("pol_auditor"))
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("csc_auditor2"), new_to_auditing=True)
    refused(lscp.app, NotPermitted, lscp.app.nominate_auditor, lscp.pol_lead, audit_id, lscp.pid("csc_auditor"))
    refused(lscp.app, InvalidValue, lscp.app.nominate_auditor, lscp.chair, audit_id, lscp.pid("csc_lead"),
            match="auditor role")  # fmt: skip
    refused(lscp.app, AlreadyRecorded, lscp.app.nominate_auditor, lscp.chair, audit_id, lscp.pid("pol_auditor"))
    auditors = {a["name"]: a for a in lscp.app.get_audit(lscp.chair, audit_id)["auditors"]}
    assert auditors["Csc Auditor2"]["new_to_auditing"] is True


def test_an_auditor_confirms_only_their_own_briefing(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    lscp.app.adopt_audit_tool(lscp.chair, audit_id, TOOL)
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("pol_auditor"))
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("csc_auditor"))
    refused(lscp.app, NotPermitted, lscp.app.confirm_tool_briefing, lscp.csc_auditor, audit_id,
            lscp.pid("pol_auditor"))  # fmt: skip
    lscp.app.confirm_tool_briefing(lscp.pol_auditor, audit_id, lscp.pid("pol_auditor"))


def test_at_most_ten_cases_unless_the_sample_is_extended_with_a_reason_r8(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    for n in range(1, 11):
        lscp.app.sample_case(lscp.qa, audit_id, f"DA-{n:02d}", "early help", "DA notification")
    refused(lscp.app, SampleLimitReached, lscp.app.sample_case, lscp.qa, audit_id, "DA-11", "early help", "x",
            match="extend the sample")  # fmt: skip
    refused(lscp.app, ReasonRequired, lscp.app.extend_sample, lscp.qa, audit_id, 12, "")
    lscp.app.extend_sample(lscp.qa, audit_id, 12, "test the finding on neglect")
    lscp.app.sample_case(lscp.qa, audit_id, "DA-11", "early help", "wider sample")
    assert len(lscp.app.get_audit(lscp.chair, audit_id)["cases"]) == 11


def test_sampled_cases_need_a_group_and_a_reason_and_are_unique_r8(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    refused(lscp.app, InvalidValue, lscp.app.sample_case, lscp.qa, audit_id, "DA-01", "", "reason")
    refused(lscp.app, InvalidValue, lscp.app.sample_case, lscp.qa, audit_id, "DA-01", "early help", "")
    lscp.app.sample_case(lscp.qa, audit_id, "da-01", "early help", "reason")
    refused(lscp.app, AlreadyRecorded, lscp.app.sample_case, lscp.qa, audit_id, "DA-01", "early help", "again")


def test_self_assessment_audits_have_no_case_sample_r2(lscp: Partnership) -> None:
    audit_id = lscp.commissioned("section_11")
    refused(lscp.app, InvalidValue, lscp.app.sample_case, lscp.qa, audit_id, "DA-01", "g", "r",
            match="no case sample")  # fmt: skip
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("pol_auditor"))
    assert lscp.app.assign_organisation_return(lscp.chair, audit_id, lscp.pid("pol_auditor")).ref == "POL"
    assert lscp.app.get_audit(lscp.chair, audit_id)["returns"][0]["case_ref"] == "POL"


def test_auditor_cannot_audit_a_case_they_managed_r9(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    lscp.app.sample_case(lscp.qa, audit_id, "DA-01", "child protection", "reason")
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("csc_auditor"))
    lscp.app.declare_case_link(lscp.csc_auditor, audit_id, lscp.pid("csc_auditor"), "DA-01", "was the social worker")
    refused(lscp.app, AuditorHasCaseLink, lscp.app.assign_case, lscp.chair, audit_id, "DA-01",
            lscp.pid("csc_auditor"), match="practised on or managed")  # fmt: skip


def test_one_auditor_per_agency_for_each_case(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    lscp.app.sample_case(lscp.qa, audit_id, "DA-01", "child protection", "reason")
    for auditor in ("csc_auditor", "csc_auditor2", "pol_auditor"):
        lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid(auditor))
    lscp.app.assign_case(lscp.chair, audit_id, "DA-01", lscp.pid("csc_auditor"))
    lscp.app.assign_case(lscp.chair, audit_id, "DA-01", lscp.pid("pol_auditor"))
    refused(lscp.app, AlreadyRecorded, lscp.app.assign_case, lscp.chair, audit_id, "DA-01",
            lscp.pid("csc_auditor2"), match="another auditor")  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.assign_case, lscp.chair, audit_id, "DA-09", lscp.pid("pol_auditor"))
    refused(lscp.app, InvalidValue, lscp.app.assign_case, lscp.chair, audit_id, "DA-01", lscp.pid("nhs_auditor"),
            match="not a nominated auditor")  # fmt: skip


def test_planning_commands_are_for_the_chair_and_qa_officer(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    for who in (lscp.arg, lscp.pol_auditor, lscp.pol_lead, lscp.governance, lscp.admin):
        refused(lscp.app, NotPermitted, lscp.app.draft_terms_of_reference, who, audit_id, TERMS)
        refused(lscp.app, NotPermitted, lscp.app.adopt_audit_tool, who, audit_id, TOOL)
        refused(lscp.app, NotPermitted, lscp.app.sample_case, who, audit_id, "DA-01", "g", "r")
        refused(lscp.app, NotPermitted, lscp.app.open_fieldwork, who, audit_id)


def test_planning_commands_are_refused_once_fieldwork_is_open(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    message = refused(lscp.app, OutOfStage, lscp.app.adopt_audit_tool, lscp.chair, audit_id, TOOL)
    assert "the audit is in fieldwork" in message
    refused(lscp.app, OutOfStage, lscp.app.draft_terms_of_reference, lscp.chair, audit_id, TERMS)
    refused(lscp.app, OutOfStage, lscp.app.open_fieldwork, lscp.chair, audit_id)
