"""Agency isolation (R-26, #13): an agency takes part in an audit only when invited; each agency sees its own rows;
urgent concerns go to a manager of the auditor's agency; identifiers are hygienic. Memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from application.errors import NotFound, NotPermitted
from application.principal import Principal
from cli.system import build_system
from domain.audit import Audit
from domain.errors import AgencyHasAuditors, AgencyNotInvited, AlreadyRecorded, InvalidValue, OutOfStage
from domain.values import Role
from projections.runner import ProjectionRunner
from tests.builders import Partnership, refused
from tests.conftest import TestClock, settings_for


def _types(lscp: Partnership, audit_id: object) -> list[str]:
    return [type(e).__name__ for e in lscp.app.repository.event_store.get(audit_id)]  # type: ignore[arg-type]


def test_an_agency_takes_part_only_once_the_chair_or_qa_invites_it_r26(lscp: Partnership) -> None:
    """#13: a lead's nomination into an audit their agency was not invited to is refused, leaving no event; the
    lead sees nothing of the audit until the invitation, which is an event on the audit."""
    app, audit_id = lscp.app, lscp.commissioned()
    refused(app, AgencyNotInvited, app.nominate_auditor, lscp.pol_lead, audit_id, lscp.pid("pol_auditor"),
            match="not invited")  # fmt: skip
    for outsider in (lscp.pol_lead, lscp.pol_auditor):
        refused(app, NotFound, app.get_audit, outsider, audit_id)
    for not_chair in (lscp.pol_lead, lscp.arg, lscp.governance, lscp.pol_auditor):
        refused(app, NotPermitted, app.invite_agency, not_chair, audit_id, "POL")
    assert app.invite_agency(lscp.qa, audit_id, "POL").ref == "POL"
    refused(app, AlreadyRecorded, app.invite_agency, lscp.chair, audit_id, "pol")
    assert app.get_audit(lscp.pol_lead, audit_id)["invited_agencies"] == [str(lscp.pol_lead.agency_id)]
    app.nominate_auditor(lscp.pol_lead, audit_id, lscp.pid("pol_auditor"))
    assert app.get_audit(lscp.pol_auditor, audit_id)["auditors"][0]["name"] == "Pol Auditor"
    refused(app, NotFound, app.get_audit, lscp.nhs_lead, audit_id)
    assert _types(lscp, audit_id)[-2:] == ["AgencyInvited", "AuditorNominated"]


def test_the_chair_withdraws_an_invitation_before_fieldwork_and_before_any_nomination_r26(lscp: Partnership) -> None:
    """#13: withdrawn before fieldwork, the agency no longer takes part; refused once its auditors are nominated
    (withdraw before nominating) and once fieldwork is open."""
    app, audit_id = lscp.app, lscp.planned()
    app.invite_agency(lscp.chair, audit_id, "NHS")
    app.get_audit(lscp.nhs_lead, audit_id)
    refused(app, NotPermitted, app.withdraw_invitation, lscp.nhs_lead, audit_id, "NHS", "not needed")
    refused(app, InvalidValue, app.withdraw_invitation, lscp.chair, audit_id, "NHS", " ", match="reason")
    app.withdraw_invitation(lscp.chair, audit_id, "NHS", "no health involvement in the sample")
    refused(app, NotFound, app.get_audit, lscp.nhs_lead, audit_id)
    refused(app, AgencyNotInvited, app.nominate_auditor, lscp.nhs_lead, audit_id, lscp.pid("nhs_auditor"))
    refused(app, InvalidValue, app.withdraw_invitation, lscp.chair, audit_id, "NHS", "again", match="not invited")
    refused(app, AgencyHasAuditors, app.withdraw_invitation, lscp.chair, audit_id, "POL", "changed our minds",
            match="already nominated")  # fmt: skip
    app.open_fieldwork(lscp.chair, audit_id)
    app.invite_agency(lscp.chair, audit_id, "NHS")  # an agency may still join during fieldwork
    refused(app, OutOfStage, app.withdraw_invitation, lscp.chair, audit_id, "NHS", "too late", match="fieldwork")


def test_the_chairs_nomination_invites_the_auditors_agency_first_r26(lscp: Partnership) -> None:
    """#13: the chair (or QA officer) may nominate an auditor of an agency not yet invited: the invitation is
    recorded first, in the same transaction; a single-agency audit invites no other agency."""
    app, audit_id = lscp.app, lscp.commissioned()
    app.nominate_auditor(lscp.chair, audit_id, lscp.pid("nhs_auditor"))
    assert _types(lscp, audit_id)[-2:] == ["AgencyInvited", "AuditorNominated"]
    assert app.get_audit(lscp.nhs_lead, audit_id)["auditors"][0]["name"] == "Nhs Auditor"
    single = app.commission_single_agency_audit(lscp.pol_lead, "Call handling", "DA call-outs", "Spot check").id
    refused(app, InvalidValue, app.invite_agency, lscp.chair, single, "CSC", match="single-agency")
    refused(app, InvalidValue, app.nominate_auditor, lscp.chair, single, lscp.pid("csc_auditor"))
    app.nominate_auditor(lscp.pol_lead, single, lscp.pid("pol_auditor"))  # the owner agency takes part uninvited


def test_an_audit_recorded_before_invitations_counts_agencies_with_nominated_auditors_as_invited_r26(
    lscp: Partnership,
) -> None:
    """#13: replaying a log in which an agency joined by having an auditor nominated (no AgencyInvited), the agency
    takes part: its lead reads the audit and nominates more auditors; an agency without one does not."""
    app, audit_id = lscp.app, lscp.commissioned()
    audit = app.repository.get(audit_id)
    assert isinstance(audit, Audit)
    audit.trigger_event(Audit.AuditorNominated, actor=str(lscp.pid("chair")), timestamp=app.clock(),
                        person_id=lscp.pid("csc_auditor"), agency_id=lscp.csc_auditor.agency_id,
                        new_to_auditing=False)  # fmt: skip  # as recorded before #13
    app.save(audit)
    assert "AgencyInvited" not in _types(lscp, audit_id)
    replayed = app.repository.get(audit_id)
    assert replayed.takes_part(lscp.csc_auditor.agency_id) and not replayed.takes_part(lscp.pol_lead.agency_id)
    app.get_audit(lscp.csc_lead, audit_id)
    app.nominate_auditor(lscp.csc_lead, audit_id, lscp.pid("csc_auditor2"))
    refused(app, NotFound, app.get_audit, lscp.pol_lead, audit_id)
    refused(app, AgencyHasAuditors, app.withdraw_invitation, lscp.chair, audit_id, "CSC", "no", match="nominated")


def test_only_a_participating_agency_records_feedback_r19_r26(lscp: Partnership) -> None:
    """#13: an agency that took no part records no feedback on the audit, even through its own lead."""
    app, (audit_id, _) = lscp.app, lscp.in_dissemination()
    refused(app, AgencyNotInvited, app.record_agency_feedback, lscp.nhs_lead, audit_id, "NHS", date(2024, 4, 2),
            "Shared at team meeting.")  # fmt: skip
    refused(app, AgencyNotInvited, app.record_agency_feedback, lscp.chair, audit_id, "NHS", date(2024, 4, 2),
            "Shared at team meeting.")  # fmt: skip
    app.record_agency_feedback(lscp.pol_lead, audit_id, "POL", date(2024, 4, 2), "Shared at the DA team briefing.")


def test_audit_detail_shows_an_agency_only_its_own_rows_r26(lscp: Partnership) -> None:
    """#13: GET /audits/{id} gave an auditor every agency's return rows; now a lead or auditor sees their own
    agency's returns, auditors and withdrawn assignments, and the chair and oversight see every agency's."""
    app, audit_id = lscp.app, lscp.in_fieldwork()
    pol = str(lscp.pol_lead.agency_id)
    for who in (lscp.pol_auditor, lscp.pol_lead):
        audit = app.get_audit(who, audit_id)
        assert {r["agency_id"] for r in audit["returns"]} == {pol} and len(audit["returns"]) == 2
        assert {a["agency_id"] for a in audit["auditors"]} == {pol}
    for who in (lscp.chair, lscp.qa, lscp.governance, lscp.arg, lscp.executive):
        assert len(app.get_audit(who, audit_id)["returns"]) == 4


def test_what_planning_lacks_names_only_the_readers_own_agencys_auditors_r26(lscp: Partnership) -> None:
    """#13: the fieldwork prerequisites of a lead's or auditor's copy name no other agency's auditor."""
    app, audit_id = lscp.app, lscp.commissioned()
    for auditor in ("pol_auditor", "csc_auditor"):
        app.nominate_auditor(lscp.chair, audit_id, lscp.pid(auditor))
    mine = " ".join(app.get_audit(lscp.csc_auditor, audit_id)["fieldwork_missing"])
    assert "Csc Auditor" in mine and "Pol Auditor" not in mine and "an auditor of another agency" in mine
    assert "Pol Auditor" in " ".join(app.get_audit(lscp.chair, audit_id)["fieldwork_missing"])


def test_writes_to_an_audit_or_concern_a_person_cannot_see_say_nothing_of_it_r26(lscp: Partnership) -> None:
    """#13: a lead's nomination into an audit their agency is not in is refused as not invited whatever its stage;
    another agency's person acknowledging a concern is told it does not exist, as reading it would."""
    app, audit_id = lscp.app, lscp.in_fieldwork()
    refused(app, AgencyNotInvited, app.nominate_auditor, lscp.nhs_lead, audit_id, lscp.pid("nhs_auditor"))
    concern = app.raise_concern(lscp.pol_auditor, audit_id, "DA-01", lscp.pid("pol_lead"), "Bruising seen.").id
    refused(app, NotFound, app.acknowledge_concern, lscp.csc_lead, concern, "seen")
    refused(app, NotPermitted, app.acknowledge_concern, lscp.pol_auditor, concern, "seen")


def test_an_urgent_concern_goes_to_a_manager_of_the_auditors_agency_never_the_raiser_r11(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    """#13: naming the raising auditor, a person without a manager role, or a manager of another agency is refused
    and leaves no event; only the named manager acknowledges."""
    app, audit_id = lscp.app, lscp.in_fieldwork()
    dual = app.register_person(lscp.admin, "Dana Dual", "dana.dual@t.example", "POL", [Role.AUDITOR, Role.AGENCY_LEAD])
    dana = app.principal(dual.id)
    app.nominate_auditor(lscp.pol_lead, audit_id, dual.id)
    refused(app, InvalidValue, app.raise_concern, lscp.pol_auditor, audit_id, "DA-01", lscp.pid("pol_auditor"),
            "Bruising seen.", match="never to the auditor raising it")  # fmt: skip
    refused(app, InvalidValue, app.raise_concern, dana, audit_id, "DA-01", dual.id, "Bruising seen.",
            match="never to the auditor raising it")  # fmt: skip
    refused(app, InvalidValue, app.raise_concern, lscp.pol_auditor, audit_id, "DA-01", lscp.pid("csc_lead"),
            "Bruising seen.", match="not a manager in your agency")  # fmt: skip
    refused(app, InvalidValue, app.raise_concern, lscp.csc_auditor, audit_id, "DA-01", lscp.pid("csc_auditor2"),
            "Bruising seen.", match="not a manager in your agency")  # fmt: skip
    concern = app.raise_concern(lscp.pol_auditor, audit_id, "DA-01", dual.id, "Bruising seen.").id
    for other in (lscp.pol_auditor, lscp.pol_lead, lscp.chair, Principal.for_system("escalation")):
        refused(app, NotPermitted, app.acknowledge_concern, other, concern, "seen")
    app.acknowledge_concern(dana, concern, "Strategy discussion held today.")
    sam = app.register_person(lscp.admin, "Sam Safeguarding", "sam@t.example", "POL", [Role.SAFEGUARDING_MANAGER]).id
    second = app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", sam, "Missed health visits.").id
    refused(app, NotPermitted, app.acknowledge_concern, dana, second, "seen")
    assert app.get_concern(app.principal(sam), second)["manager_id"] == str(sam)
    app.acknowledge_concern(app.principal(sam), second, "Health visitor contacted.")
    runner.catch_up()  # the safeguarding manager lists their agency's concerns, never another's
    listed = app.concerns(app.principal(sam))
    assert str(second) in {row["concern_id"] for row in listed}
    assert {row["agency_id"] for row in listed} == {str(lscp.pol_lead.agency_id)}


def test_a_case_reference_matches_the_pattern_so_a_name_cannot_be_used_r26(lscp: Partnership) -> None:
    """#13: "Jayden Smith dob 03/04/2015" is refused as a case reference; a full-width reference is normalised."""
    app, audit_id = lscp.app, lscp.commissioned()
    for bad in ("Jayden Smith dob 03/04/2015", "JAYDEN_SMITH", "A" * 21, "DA 01", "-", "---"):
        refused(app, InvalidValue, app.sample_case, lscp.chair, audit_id, bad, "cp", "why", match="pseudonymous")
    assert app.sample_case(lscp.chair, audit_id, "\uff24\uff21-\uff10\uff19", "cp", "why").ref == "DA-09"


def test_the_case_reference_pattern_is_a_setting_r26(tmp_path: Path, clock: TestClock) -> None:
    """#13: ASSURE_CASE_REF_PATTERN reaches the application through the composition root; a pattern that is not a
    regular expression is refused when the settings are read."""
    with pytest.raises(ValidationError, match="not a regular expression"):
        settings_for("memory", tmp_path, case_ref_pattern="[A-Z")
    system = build_system(settings_for("memory", tmp_path, case_ref_pattern=r"DA-\d{2}"), clock=clock)
    try:
        lscp = Partnership.register(system.app, clock)
        audit_id = lscp.commissioned()
        refused(system.app, InvalidValue, system.app.sample_case, lscp.chair, audit_id, "PA-01", "cp", "why",
                match=r"DA-\\d\{2\}")  # fmt: skip
        system.app.sample_case(lscp.chair, audit_id, "da-01", "cp", "why")
    finally:
        system.close()


def test_identifiers_are_normalised_and_names_refuse_bidirectional_overrides_r26(lscp: Partnership) -> None:
    """#13: "\ufb01rst@x" and "First@x" are one person; agency codes likewise; a name holding a control or
    bidirectional formatting character is refused."""
    app = lscp.app
    person = app.register_person(lscp.admin, "First Person", "\ufb01rst@t.example", "POL", [Role.AUDITOR])
    refused(app, AlreadyRecorded, app.register_person, lscp.admin, "Again", "First@T.example", None, [])
    assert app.person_id_for("FIRST@t.example") == person.id
    assert app.person(person.id).email == "first@t.example"
    refused(app, AlreadyRecorded, app.register_agency, lscp.admin, "\uff30\uff2f\uff2c", "Police again", "police")
    assert app.agency("\uff50ol").code == "POL"
    for name in ("Eve\u202eevil", "Eve\u2066x\u2069", "Eve\u200fx", "Eve\x07", "Eve\u2028x", "E\u00adve", "\u3164"):
        refused(app, InvalidValue, app.register_person, lscp.admin, name, "eve@t.example", None, [])
        refused(app, InvalidValue, app.register_agency, lscp.admin, "EVE", name, "other")
    # Nothing invisible or spaced inside an identifier: "first@t.example" with a zero-width space is not another person
    for email in ("first@t.example\u200b", "fi rst@t.example", "first@t.example\u202e"):
        refused(app, InvalidValue, app.register_person, lscp.admin, "Eve", email, None, [], match="not allowed")
    for code in ("NEW\u202e", "NE W", "N\u200bEW", "NEW/1"):
        refused(app, InvalidValue, app.register_agency, lscp.admin, code, "New agency", "other")


def test_an_invited_agency_lists_the_audit_before_any_return_and_loses_it_when_withdrawn_r26(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    """#13: GET /audits for a lead lists the audits their agency takes part in, from the invitation on (not only
    once it has returns); a withdrawn invitation takes it off; the chair lists everything."""
    app, audit_id = lscp.app, lscp.commissioned()
    runner.catch_up()
    assert str(audit_id) not in {r["audit_id"] for r in app.list_audits(lscp.nhs_lead)}
    app.invite_agency(lscp.chair, audit_id, "NHS")
    runner.catch_up()
    assert str(audit_id) in {r["audit_id"] for r in app.list_audits(lscp.nhs_lead)}
    assert str(audit_id) not in {r["audit_id"] for r in app.list_audits(lscp.pol_lead)}
    app.withdraw_invitation(lscp.chair, audit_id, "NHS", "no health involvement")
    runner.catch_up()
    assert str(audit_id) not in {r["audit_id"] for r in app.list_audits(lscp.nhs_lead)}
    assert str(audit_id) in {r["audit_id"] for r in app.list_audits(lscp.chair)}
