"""Stories of the annual programme: the schedule (R-1), audit kinds (R-2), commissioning (R-3)."""

from __future__ import annotations

from datetime import date

from application.errors import NotFound, NotPermitted
from domain.errors import AlreadyRecorded, InvalidValue, NotReady, ReasonRequired
from tests.builders import Partnership, refused

ITEM = {"month": "2024-07", "kind": "thematic_deep_dive", "theme": "Neglect", "focus": "Early help",
        "rationale": "JTAI", "sample": "CSC", "fieldwork_start": date(2024, 7, 1),
        "fieldwork_end": date(2024, 7, 31)}  # fmt: skip


def test_arg_proposes_and_executive_approves_the_schedule_r1(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2024/25")
    lscp.app.plan_scheduled_audit(lscp.arg, "2024/25", ITEM)
    lscp.app.approve_schedule(lscp.executive, "2024/25")
    schedule = lscp.app.get_schedule(lscp.governance, "2024/25")
    assert schedule["approved"] is True
    assert schedule["items"][0]["theme"] == "Neglect"
    assert schedule["items"][0]["fieldwork_start"] == "2024-07-01"


def test_only_the_executive_approves_the_schedule_r1(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2024/25")
    lscp.app.plan_scheduled_audit(lscp.arg, "2024/25", ITEM)
    refused(lscp.app, NotPermitted, lscp.app.approve_schedule, lscp.arg, "2024/25", match="executive")
    refused(lscp.app, NotPermitted, lscp.app.propose_schedule, lscp.chair, "2025/26")


def test_an_empty_schedule_cannot_be_approved(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2024/25")
    refused(lscp.app, NotReady, lscp.app.approve_schedule, lscp.executive, "2024/25", match="no planned audits")


def test_items_added_to_an_approved_schedule_need_a_reason_r1(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2024/25")
    lscp.app.plan_scheduled_audit(lscp.arg, "2024/25", ITEM)
    lscp.app.approve_schedule(lscp.executive, "2024/25")
    refused(lscp.app, ReasonRequired, lscp.app.plan_scheduled_audit, lscp.arg, "2024/25", ITEM)
    receipt = lscp.app.plan_scheduled_audit(lscp.arg, "2024/25", ITEM, reason="emerging issue from a CSPR")
    assert receipt.ref == "S02"


def test_scheduled_audits_move_and_withdraw_only_with_a_reason_r1(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2024/25")
    item_id = lscp.app.plan_scheduled_audit(lscp.arg, "2024/25", ITEM).ref
    assert item_id is not None
    moved = {"month": "2024-09"}
    refused(lscp.app, ReasonRequired, lscp.app.revise_scheduled_audit, lscp.arg, "2024/25", item_id, moved, "")
    lscp.app.revise_scheduled_audit(lscp.arg, "2024/25", item_id, moved, "clashes with the JTAI")
    refused(lscp.app, ReasonRequired, lscp.app.withdraw_scheduled_audit, lscp.arg, "2024/25", item_id, " ")
    lscp.app.withdraw_scheduled_audit(lscp.arg, "2024/25", item_id, "covered by the JTAI")
    item = lscp.app.get_schedule(lscp.arg, "2024/25")["items"][0]
    assert (item["month"], item["withdrawn"]) == ("2024-09", True)
    refused(lscp.app, AlreadyRecorded, lscp.app.withdraw_scheduled_audit, lscp.arg, "2024/25", item_id, "again")


def test_schedule_items_are_validated(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2024/25")
    for bad in ({**ITEM, "kind": "gossip"}, {**ITEM, "month": "July"}, {**ITEM, "colour": "red"},
                {**ITEM, "fieldwork_end": date(2024, 6, 1)}):  # fmt: skip
        refused(lscp.app, InvalidValue, lscp.app.plan_scheduled_audit, lscp.arg, "2024/25", bad)
    refused(lscp.app, NotFound, lscp.app.plan_scheduled_audit, lscp.arg, "1999/00", ITEM)


def test_every_multi_agency_kind_is_commissioned_by_the_arg_and_a_single_agency_audit_is_not_r2_r3(
    lscp: Partnership,
) -> None:
    kinds = ["thematic_deep_dive", "dip_sample", "section_11", "s157_175_schools", "training_impact"]
    for kind in kinds:
        audit = lscp.app.get_audit(lscp.chair, lscp.commissioned(kind))
        assert (audit["kind"], audit["stage"]) == (kind, "planning")
    refused(lscp.app, InvalidValue, lscp.app.commission_audit, lscp.arg, "single_agency", "t", "f", "r",
            match="agency's own lead")  # fmt: skip
    refused(lscp.app, InvalidValue, lscp.app.commission_audit, lscp.arg, "hunch", "t", "f", "r")
    refused(lscp.app, InvalidValue, lscp.app.commission_audit, lscp.arg, "dip_sample", "t", "", "r", match="focus")


def test_only_the_arg_commissions_audits_r3(lscp: Partnership) -> None:
    for who in (lscp.chair, lscp.executive, lscp.pol_auditor, lscp.admin):
        refused(lscp.app, NotPermitted, lscp.app.commission_audit, who, "dip_sample", "t", "f", "r")


def test_an_audit_can_be_commissioned_from_the_schedule_r3(lscp: Partnership) -> None:
    lscp.app.propose_schedule(lscp.arg, "2024/25")
    lscp.app.plan_scheduled_audit(lscp.arg, "2024/25", ITEM)
    lscp.app.approve_schedule(lscp.executive, "2024/25")
    audit_id = lscp.app.commission_audit(lscp.arg, "thematic_deep_dive", "Neglect", "EH", "JTAI",
                                         ("2024/25", "S01")).id  # fmt: skip
    assert lscp.app.get_audit(lscp.chair, audit_id)["schedule_item"] == "2024/25/S01"
    refused(lscp.app, InvalidValue, lscp.app.commission_audit, lscp.arg, "dip_sample", "t", "f", "r",
            ("2024/25", "S09"))  # fmt: skip
