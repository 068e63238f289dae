"""Hostile values given straight to the application (as the CLI, workers and tests do): each is refused with a
named domain error that says which field and which limit, and leaves no event (issue 11, R-10, R-24)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from application.errors import StaleVersion
from domain.errors import InvalidValue
from domain.limits import MAX_ITEMS, NAME, TEXT
from tests.builders import ANSWERS, SECTIONS, TERMS, TOOL, Partnership, refused

DEEP: object = "bottom"
for _ in range(600):
    DEEP = [DEEP]


def test_a_numeric_commentary_is_refused_naming_the_field_r10(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    message = refused(lscp.app, InvalidValue, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
                      answers={"Q1": {"rating": "Good", "commentary": 42}})  # fmt: skip
    assert "commentary on Q1 must be text (got int)" in message


@pytest.mark.parametrize(
    ("draft", "named"),
    [
        ({"answers": {"Q1": {"commentary": DEEP}}}, "commentary on Q1 must be text"),
        ({"answers": {"Q1": DEEP}}, "the answer to Q1"),
        ({"answers": DEEP}, "the answers must be an object"),
        ({"sections": {"voice_of_child": DEEP}}, "the section voice_of_child must be text"),
        ({"sections": {"voice_of_child": "x" * (TEXT.max_length + 1)}}, f"the limit is {TEXT.max_length}"),
        ({"sections": {"voice_of_child": "Seen\x00alone"}}, "U+0000"),
        ({"sections": {"voice_of_child": "half a pair \ud800"}}, "U+D800"),
        ({"sections": ["voice_of_child"]}, "the sections must be an object"),
        ({"child_voice_evident": "yes"}, "must be true or false"),
        ({"context_factors": "caseload"}, "context factors must be a list"),
        ({"context_factors": [{"caseload": 1}]}, "context factor must be one of"),
    ],
)
def test_a_return_draft_with_a_hostile_value_is_refused_and_appends_nothing_r10(
    lscp: Partnership, draft: dict[str, object], named: str
) -> None:
    audit_id = lscp.in_fieldwork()
    message = refused(lscp.app, InvalidValue, lscp.app.save_return_draft, lscp.csc_auditor, audit_id, "DA-01",
                      **draft)  # fmt: skip
    assert named in message


def test_long_text_keeps_its_line_breaks_and_tabs_but_a_name_does_not_r10(lscp: Partnership) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", answers=ANSWERS,
                               sections=dict(SECTIONS, context="High caseloads.\n\tTwo managers left."))  # fmt: skip
    message = refused(lscp.app, InvalidValue, lscp.app.register_agency, lscp.admin, "YOT", "Youth\nOffending", "other")
    assert "agency name" in message and "U+000A" in message


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda lscp, a: lscp.app.draft_terms_of_reference(lscp.chair, a, dict(TERMS, scope=7)), "scope"),
        (lambda lscp, a: lscp.app.draft_terms_of_reference(lscp.chair, a, DEEP), "terms of reference must be"),
        (lambda lscp, a: lscp.app.adopt_audit_tool(lscp.chair, a, [dict(TOOL[0], text=DEEP)]), "Q1 text"),
        (lambda lscp, a: lscp.app.adopt_audit_tool(lscp.chair, a, [dict(TOOL[0], guidance=DEEP)]), "guidance"),
        (lambda lscp, a: lscp.app.adopt_audit_tool(lscp.chair, a, [dict(TOOL[0], scale=[DEEP, "x"])]), "scale"),
        (lambda lscp, a: lscp.app.adopt_audit_tool(lscp.chair, a, [TOOL[0]] * (MAX_ITEMS + 1)), "the limit is"),
        (lambda lscp, a: lscp.app.sample_case(lscp.qa, a, ["DA-9"], "cp", "why"), "case reference must be text"),
        (lambda lscp, a: lscp.app.extend_sample(lscp.chair, a, "20", "more"), "whole number"),
        (lambda lscp, a: lscp.app.endorse_terms_of_reference(lscp.chair, a, "2024-01-20", True, True), "date"),
    ],
)
def test_planning_commands_refuse_wrong_types_with_a_named_error_r4_r6(lscp: Partnership, call, named: str) -> None:
    audit_id = lscp.commissioned()
    message = refused(lscp.app, InvalidValue, call, lscp, audit_id)
    assert named in message


def test_schedule_changes_are_checked_field_by_field_r1(lscp: Partnership) -> None:
    app = lscp.app
    app.propose_schedule(lscp.arg, "2024/25")
    item = {"month": "2024-07", "kind": "dip_sample", "theme": "Neglect"}
    app.plan_scheduled_audit(lscp.arg, "2024/25", item)
    for changes, named in [({"theme": DEEP}, "theme must be text"), ({"focus": "x" * 6000}, "the limit is 5000"),
                           ({"fieldwork_start": "soon"}, "must be a date"), (DEEP, "must be an object")]:  # fmt: skip
        message = refused(app, InvalidValue, app.revise_scheduled_audit, lscp.arg, "2024/25", "S01", changes, "why")
        assert named in message


def test_names_reasons_and_summaries_have_limits_r25(lscp: Partnership) -> None:
    app = lscp.app
    too_long = "x" * (NAME.max_length + 1)
    assert "limit is 200" in refused(app, InvalidValue, app.register_person, lscp.admin, too_long, "l@t.example",
                                     None, [])  # fmt: skip
    assert "must be text" in refused(app, InvalidValue, app.register_agency, lscp.admin, {"code": 1}, "A", "other")
    assert "URL" in refused(app, InvalidValue, app.create_subscription, lscp.admin, "https://x.example/\x00", [])
    audit_id = lscp.in_reporting()
    assert "limit is 20000" in refused(app, InvalidValue, app.draft_report, lscp.chair, audit_id, "s" * 20_001)
    assert "must be text" in refused(app, InvalidValue, app.withdraw_audit, lscp.chair, audit_id, 3.5)


def test_a_lost_race_on_the_same_version_is_a_stale_version_not_a_conflict(lscp: Partnership) -> None:
    app = lscp.app
    audit_id = lscp.commissioned()
    version = app.get_audit(lscp.chair, audit_id)["version"]
    first, second = app.repository.get(audit_id), app.repository.get(audit_id)
    first.draft_terms(TERMS, lscp.chair.actor, datetime.now(UTC))
    second.draft_terms(TERMS, lscp.chair.actor, datetime.now(UTC))
    app._commit(first)
    with app.expecting(audit_id, version), pytest.raises(StaleVersion):
        app._commit(second)


def test_seeing_an_audit_as_at_a_future_moment_is_refused_and_records_no_read_r24(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    future = lscp.app.clock() + timedelta(days=1)
    message = refused(lscp.app, InvalidValue, lscp.app.audit_as_at, lscp.governance, audit_id, future)
    assert "in the future" in message


def test_a_moment_is_not_a_date(lscp: Partnership) -> None:
    audit_id = lscp.commissioned()
    moment = datetime(2024, 1, 20, tzinfo=UTC)
    message = refused(lscp.app, InvalidValue, lscp.app.endorse_terms_of_reference, lscp.chair, audit_id, moment,
                      True, True)  # fmt: skip
    assert "the meeting date must be a date (got datetime)" in message
