"""The summary report's edges (R-16, R-17, R-29): quotes sampled across sections and agencies, a context tally of
returns, the drafted summary shown, and the change per question against the earlier audit a follow-up answers."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from application.app import AssureApplication
from application.events import EventDescriber
from application.principal import Principal
from demo.story import DemoClock, load_demo
from domain.errors import AlreadyRecorded, InvalidValue
from domain.values import Role
from projections.report.render import render
from projections.runner import ProjectionRunner
from tests.builders import Partnership, refused

READER = Principal.for_system("test", Role.GOVERNANCE)


@pytest.fixture
def demo_audit(app: AssureApplication, runner: ProjectionRunner) -> str:
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
    app.clock = clock
    load_demo(app, clock, first_audit_only=True)
    runner.catch_up()
    return str(app.list_audits(READER)[0]["audit_id"])


def test_quotes_are_sampled_across_sections_and_agencies_r16(app: AssureApplication, demo_audit: str) -> None:
    facts = app.audit_report(READER, demo_audit)
    quotes = facts["quotes"]
    assert len(quotes) == 8
    assert {q["section"] for q in quotes} == {"Good practice", "Voice of the child",
                                              "Lived experience of the child and family"}  # fmt: skip
    assert len({q["agency"] for q in quotes}) == 4
    assert app.audit_report(READER, demo_audit, at=facts["position"])["quotes"] == quotes


def test_the_context_tally_counts_returns_r16(app: AssureApplication, demo_audit: str) -> None:
    factors: dict[str, list[str]] = {}
    for notification in app.recorder.select_notifications(1, 100_000):
        event = EventDescriber(app).describe(notification)
        if event.type == "ReturnDraftSaved" and event.data["context_factors"] is not None:
            factors[event.aggregate_id] = event.data["context_factors"]
    expected = Counter(f for chosen in factors.values() for f in set(chosen))
    facts = app.audit_report(READER, demo_audit)
    assert facts["context_factors"] == dict(expected) and facts["context_factors"]["caseload"] == 40
    assert "- caseload: 40 of 40 returns" in render(facts, "md")


def test_the_drafted_summary_shows_in_the_report_r16(app: AssureApplication, demo_audit: str) -> None:
    facts = app.audit_report(READER, demo_audit)
    summary = "Domestic abuse deep dive: practice mostly good; planning lags."
    assert facts["summary"] == summary
    assert summary in render(facts, "md") and summary in render(facts, "html")


def test_the_report_shows_the_signed_off_draft_while_a_later_one_waits_r17(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    app, audit_id = lscp.app, lscp.in_reporting()
    lscp.clock.set(date(2024, 3, 20))
    app.draft_report(lscp.chair, audit_id, "The signed words.")
    app.sign_off_report(lscp.chair, audit_id, date(2024, 3, 20))
    app.draft_report(lscp.chair, audit_id, "Unsigned second thoughts.")
    runner.catch_up()
    facts = app.audit_report(READER, audit_id)
    assert (facts["report_version"], facts["latest_draft"], facts["summary"]) == (1, 2, "The signed words.")
    assert "A later draft (2) is not yet signed off." in render(facts, "md")


def test_a_follow_up_audit_shows_the_change_per_question_against_the_earlier_audit_r29(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    app = lscp.app
    earlier_id, _ = lscp.with_action()  # R1; police rated Q2 "Requires improvement" in both cases
    lscp.clock.set(date(2024, 1, 8))
    later_id = lscp.at_moderation_meeting()
    neglect = app.commission_audit(lscp.arg, "dip_sample", "Neglect", "Home conditions", "JTAI").id
    refused(app, InvalidValue, app.link_earlier_audit, lscp.chair, later_id, earlier_id, "R9", match="R9")
    refused(app, InvalidValue, app.link_earlier_audit, lscp.chair, neglect, earlier_id, "R1", match="same tool")
    app.link_earlier_audit(lscp.arg, later_id, earlier_id, "R1")
    refused(app, AlreadyRecorded, app.link_earlier_audit, lscp.chair, later_id, earlier_id, "R1")
    app.revise_rating(lscp.chair, later_id, "DA-01", "POL", "Q2", "Good", "DVPN was considered")
    runner.catch_up()
    facts = app.audit_report(READER, later_id)
    assert facts["follows_up"] == {"audit_id": str(earlier_id), "recommendation_id": "R1"}
    rows = {row["question"]: row for row in facts["comparison"]["questions"]}
    assert rows["Q1"]["change"]["Good"] == 0.0
    assert (rows["Q2"]["earlier"]["Requires improvement"], rows["Q2"]["now"]["Requires improvement"]) == (100.0, 50.0)
    assert (rows["Q2"]["change"]["Good"], rows["Q2"]["change"]["Requires improvement"]) == (50.0, -50.0)
    assert "| Q2 | 0.0% to 0.0% (+0.0) | 0.0% to 50.0% (+50.0) | 100.0% to 50.0% (-50.0) |" in render(facts, "md")
