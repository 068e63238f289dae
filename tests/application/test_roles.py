"""The role x agency matrix of REQUIREMENTS.md: each command, allowed and refused, for every role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from application.errors import NotFound, NotPermitted
from application.principal import Principal
from tests.builders import TERMS, TOOL, Partnership, refused

ROLES = ["admin", "arg", "executive", "chair", "qa", "business_manager", "learning", "governance", "csc_auditor",
         "pol_auditor", "csc_lead", "pol_lead"]  # fmt: skip
Setup = Callable[[Partnership], Any]
Call = Callable[[Partnership, Principal, Any], Any]


def _schedule(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2030/31")
    lscp.app.plan_scheduled_audit(lscp.arg, "2030/31", {"month": "2030-07", "kind": "dip_sample", "theme": "t"})


def _closable(lscp: Partnership) -> Any:
    audit_id, _ = lscp.in_dissemination()
    lscp.app.record_dissemination_plan(lscp.learning, audit_id, "Briefing.", ["Re-audit"])
    for code in ("CSC", "POL"):
        lscp.app.record_agency_feedback(lscp.chair, audit_id, code, date(2024, 4, 2), "Briefed.")
    return audit_id


def _withdrawn(lscp: Partnership) -> Any:
    audit_id = lscp.in_fieldwork()
    lscp.app.declare_case_link(lscp.csc_auditor, audit_id, lscp.pid("csc_auditor"), "DA-01", "managed it")
    lscp.app.nominate_auditor(lscp.chair, audit_id, lscp.pid("csc_auditor2"))
    return audit_id


MATRIX: list[tuple[str, set[str], Setup, Call]] = [
    ("propose the schedule", {"arg"}, lambda lscp: None, lambda lscp, by, _: lscp.app.propose_schedule(by, "2031/32")),
    ("approve the schedule", {"executive"}, _schedule, lambda lscp, by, _: lscp.app.approve_schedule(by, "2030/31")),
    ("commission an audit", {"arg"}, lambda lscp: None,
     lambda lscp, by, _: lscp.app.commission_audit(by, "dip_sample", "t", "f", "r")),
    ("draft terms", {"chair", "qa"}, Partnership.commissioned,
     lambda lscp, by, audit: lscp.app.draft_terms_of_reference(by, audit, TERMS)),
    ("adopt the tool", {"chair", "qa"}, Partnership.commissioned,
     lambda lscp, by, audit: lscp.app.adopt_audit_tool(by, audit, TOOL)),
    ("sample a case", {"chair", "qa"}, Partnership.commissioned,
     lambda lscp, by, audit: lscp.app.sample_case(by, audit, "DA-05", "g", "r")),
    ("nominate a police auditor", {"chair", "qa", "pol_lead"}, Partnership.commissioned,
     lambda lscp, by, audit: lscp.app.nominate_auditor(by, audit, lscp.pid("pol_auditor"))),
    ("open fieldwork", {"chair", "qa"}, Partnership.planned,
     lambda lscp, by, audit: lscp.app.open_fieldwork(by, audit)),
    ("write an assigned return", {"pol_auditor", "csc_auditor"}, Partnership.in_fieldwork,
     lambda lscp, by, audit: lscp.app.save_return_draft(by, audit, "DA-01", answers={"Q1": {"rating": "Good"}})),
    ("close fieldwork", {"chair", "qa"}, Partnership.returns_submitted,
     lambda lscp, by, audit: lscp.app.close_fieldwork(by, audit)),
    ("hold the moderation meeting", {"chair", "qa"}, Partnership.in_moderation,
     lambda lscp, by, audit: lscp.app.hold_moderation_meeting(by, audit, date(2024, 3, 8), ["Chair"])),
    ("revise a rating", {"chair", "qa"}, Partnership.at_moderation_meeting,
     lambda lscp, by, audit: lscp.app.revise_rating(by, audit, "DA-01", "POL", "Q2", "Good", "evidence")),
    ("make a recommendation", {"chair", "qa"}, Partnership.in_reporting,
     lambda lscp, by, audit: lscp.app.make_recommendation(by, audit, "Do better")),
    ("agree an action", {"chair", "qa"}, Partnership.with_action,
     lambda lscp, by, ids: lscp.app.agree_action(by, ids[0], "R1", "s", "m", lscp.pid("pol_lead"), date(2024, 8, 1))),
    ("report action progress", {"csc_lead"}, Partnership.with_action,
     lambda lscp, by, ids: lscp.app.report_action_progress(by, ids[1], "progress")),
    ("record the dissemination plan", {"chair", "qa", "learning"}, Partnership.in_dissemination,
     lambda lscp, by, ids: lscp.app.record_dissemination_plan(by, ids[0], "plan", ["measure"])),
    ("read a police return", {"chair", "qa", "governance", "pol_auditor", "pol_lead"}, Partnership.returns_submitted,
     lambda lscp, by, audit: lscp.app.get_return(by, audit, "DA-01", "POL")),
    ("read an audit", {"chair", "qa", "governance", "arg", "executive", "business_manager", "learning",
                       "csc_auditor", "pol_auditor", "csc_lead", "pol_lead"}, Partnership.planned,
     lambda lscp, by, audit: lscp.app.get_audit(by, audit)),
    ("withdraw an audit", {"arg", "chair", "qa"}, Partnership.planned,
     lambda lscp, by, audit: lscp.app.withdraw_audit(by, audit, "no longer needed")),
    ("close an audit", {"chair", "qa"}, _closable, lambda lscp, by, audit: lscp.app.close_audit(by, audit)),
    ("agree a new due date", {"arg"}, Partnership.with_action,
     lambda lscp, by, ids: lscp.app.agree_action_due_date(by, ids[1], date(2024, 9, 30), "agreed")),
    ("reassign a case", {"chair", "qa"}, _withdrawn,
     lambda lscp, by, audit: lscp.app.reassign_case(by, audit, "DA-01", lscp.pid("csc_auditor2"))),
    ("register an agency", {"admin"}, lambda lscp: None,
     lambda lscp, by, _: lscp.app.register_agency(by, "FIRE", "Fire service", "other")),
]  # fmt: skip


@pytest.mark.parametrize(("doing", "allowed", "setup", "call"), MATRIX, ids=[row[0] for row in MATRIX])
def test_role_matrix(lscp: Partnership, doing: str, allowed: set[str], setup: Setup, call: Call) -> None:
    state = setup(lscp)
    for role in ROLES:
        if role not in allowed:
            refused(lscp.app, (NotPermitted, NotFound), call, lscp, lscp.people[role], state)  # type: ignore[arg-type]
    call(lscp, lscp.people[sorted(allowed)[0]], state)


def test_a_person_whose_role_is_revoked_loses_its_rights(lscp: Partnership) -> None:
    lscp.app.revoke_role(lscp.admin, lscp.pid("arg"), "arg_member", "left the ARG")
    former = lscp.app.principal(lscp.pid("arg"))
    refused(lscp.app, NotPermitted, lscp.app.commission_audit, former, "dip_sample", "t", "f", "r")


def test_auditors_of_agencies_outside_the_audit_do_not_see_it_r26(lscp: Partnership) -> None:
    audit_id: UUID = lscp.planned()
    refused(lscp.app, NotFound, lscp.app.get_audit, lscp.nhs_auditor, audit_id)
    refused(lscp.app, NotFound, lscp.app.get_audit, lscp.nhs_lead, audit_id)
