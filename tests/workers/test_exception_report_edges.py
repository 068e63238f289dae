"""Exception reports that cannot be dodged (R-20a, R-21): every due-date move is reported, a stall still open after
the configured interval is reported again as persisting, and each report names the audit, recommendation and agency."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from application.app import AssureApplication
from application.principal import Principal
from projections.runner import ProjectionRunner
from tests.builders import Partnership
from tests.conftest import TestClock
from workers.jobs import render_exception_report

SCAN = Principal.for_system("stall-scan")


def scan(app: AssureApplication, runner: ProjectionRunner) -> dict[str, Any] | None:
    """Run the stalled-action scan as the worker does; the report it issued, if any."""
    runner.catch_up()
    receipt = app.issue_exception_report(SCAN)
    return None if receipt is None else app.get_exception_report(SCAN, receipt.id)


def test_every_due_date_move_appears_in_the_next_exception_report_r20a(
    lscp: Partnership, runner: ProjectionRunner, clock: TestClock
) -> None:
    app = lscp.app
    _, action_id = lscp.with_action()  # due 2024-06-30, agreed 2024-03-15
    app.revise_action_due_date(lscp.csc_lead, action_id, date(2024, 7, 31), "Supplier delay")
    report = scan(app, runner)
    assert report is not None
    [item] = report["stalled_actions"]
    assert item["stalls"] == [] and item["moves_since_last_report"] == [
        {"from": "2024-06-30", "to": "2024-07-31", "reason": "Supplier delay", "on": "2024-03-15",
         "agreed_by_arg": False}]  # fmt: skip
    assert scan(app, runner) is None
    app.agree_action_due_date(lscp.arg, action_id, date(2024, 9, 30), "Second move agreed at the ARG")
    [item] = (scan(app, runner) or {})["stalled_actions"]
    assert [(m["to"], m["agreed_by_arg"]) for m in item["moves_since_last_report"]] == [("2024-09-30", True)]
    assert len(item["due_date_revisions"]) == 2


def test_a_stall_still_open_after_the_interval_is_reported_again_as_persisting_r21(
    lscp: Partnership, runner: ProjectionRunner, clock: TestClock
) -> None:
    app = lscp.app
    _, action_id = lscp.with_action()
    clock.set(date(2024, 7, 15))
    first = scan(app, runner)
    assert first is not None and "overdue:2024-06-30" in first["stalled_actions"][0]["stalls"]
    interval = app.stall_policy.persisting_days
    clock.set(date(2024, 7, 15) + timedelta(days=interval - 1))
    assert scan(app, runner) is None
    clock.set(date(2024, 7, 15) + timedelta(days=interval))
    again = scan(app, runner)
    assert again is not None
    [item] = again["stalled_actions"]
    assert item["stalls"] == [] and "overdue:2024-06-30" in item["persisting"]
    assert scan(app, runner) is None
    clock.set(date(2024, 7, 15) + timedelta(days=2 * interval))
    assert "overdue:2024-06-30" in (scan(app, runner) or {})["stalled_actions"][0]["persisting"]
    app.report_action_progress(lscp.csc_lead, action_id, "Template drafted")
    app.complete_action(lscp.csc_lead, action_id, "Template live")
    clock.set(date(2024, 7, 15) + timedelta(days=3 * interval))
    assert scan(app, runner) is None


def test_an_exception_report_names_the_audit_the_recommendation_and_the_owner_agency_r21(
    lscp: Partnership, runner: ProjectionRunner, clock: TestClock
) -> None:
    app = lscp.app
    lscp.with_action()
    clock.set(date(2024, 7, 15))
    report = scan(app, runner)
    assert report is not None
    [item] = report["stalled_actions"]
    assert item["audit"].startswith("Domestic abuse (thematic deep dive, commissioned 2024-01-08")
    assert (item["recommendation_id"], item["recommendation"], item["agency"]) == (
        "R1", "Name coercive control in plans.", "Children's Services")  # fmt: skip
    text, html = render_exception_report(report)
    for words in ("Domestic abuse (thematic deep dive", "Recommendation R1: Name coercive control in plans.",
                  "Children's Services"):  # fmt: skip
        assert words in text
    assert "Domestic abuse (thematic deep dive" in html and "Name coercive control in plans." in html
