"""Lists of agencies, people, subscriptions, exception and risk reports and templates: paged by cursor, filtered,
and scoped by role (R-6, R-21, R-22, R-25, R-26)."""

from __future__ import annotations

from datetime import date
from typing import Any

from application.app import AssureApplication
from application.errors import NotPermitted
from application.lists import ListPage, ListQuery
from application.principal import Principal
from domain.errors import InvalidValue
from domain.values import Role
from projections.runner import ProjectionRunner
from tests.builders import AGENCIES, PEOPLE, TOOL, Partnership, refused

SYSTEM = Principal.for_system("test-scan", Role.GOVERNANCE)


def every_page(list_call: Any, by: Principal, limit: int = 1, **filters: Any) -> list[dict[str, Any]]:
    """Follow next_cursor to the end; no item may repeat."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page: ListPage = list_call(by, ListQuery(cursor, limit, **filters))
        assert len(page.items) <= limit
        items += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len({item["id"] for item in items}) == len(items)
    return items


def test_agencies_page_by_cursor_and_filter_by_kind_and_code(lscp: Partnership, runner: ProjectionRunner) -> None:
    runner.catch_up()
    agencies = every_page(lscp.app.list_agencies, lscp.pol_auditor)
    assert [a["code"] for a in agencies] == [code for code, _, _ in AGENCIES]
    assert [a["code"] for a in every_page(lscp.app.list_agencies, lscp.chair, 10, kind="police")] == ["POL"]
    assert [a["name"] for a in every_page(lscp.app.list_agencies, lscp.chair, 10, agency_code="nhs")] == ["Health"]
    assert every_page(lscp.app.list_agencies, lscp.chair, 10, agency_code="NOPE") == []


def test_people_are_listed_to_admins_and_an_agency_lead_sees_only_their_agency_r26(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    runner.catch_up()
    everyone = every_page(lscp.app.list_people, lscp.admin, 4)
    assert len(everyone) == len(PEOPLE) + 1
    auditors = every_page(lscp.app.list_people, lscp.governance, 10, role="auditor")
    assert {p["email"] for p in auditors} == {
        f"{k}@t.example" for k, (_, roles) in PEOPLE.items() if "auditor" in roles
    }
    police = every_page(lscp.app.list_people, lscp.pol_lead, 10)
    assert {p["email"] for p in police} == {"pol_auditor@t.example", "pol_lead@t.example"}
    assert every_page(lscp.app.list_people, lscp.pol_lead, 10, agency_code="CSC") == []
    assert every_page(lscp.app.list_people, lscp.admin, 10, agency_code="NOPE") == []
    refused(lscp.app, NotPermitted, lscp.app.list_people, lscp.pol_auditor, ListQuery())
    refused(lscp.app, InvalidValue, lscp.app.list_people, lscp.admin, ListQuery(limit=0))


def test_subscriptions_are_listed_to_admins_without_their_secrets_r25(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    first, secret = lscp.app.create_subscription(lscp.admin, "https://a.example/hook", ["ConcernRaised"])
    lscp.app.create_subscription(lscp.admin, "https://b.example/hook", [])
    lscp.app.pause_subscription(lscp.admin, first.id, "maintenance")
    runner.catch_up()
    listed = every_page(lscp.app.list_subscriptions, lscp.admin)
    assert [s["url"] for s in listed] == ["https://a.example/hook", "https://b.example/hook"]
    assert secret not in str(listed)
    assert [s["url"] for s in every_page(lscp.app.list_subscriptions, lscp.admin, 5, active=True)] == [
        "https://b.example/hook"
    ]
    assert len(every_page(lscp.app.list_subscriptions, lscp.admin, 5, event_type="ActionBlocked")) == 1
    refused(lscp.app, NotPermitted, lscp.app.list_subscriptions, lscp.governance, ListQuery())


def test_exception_and_risk_reports_are_listed_to_those_who_may_read_them_r21_r22(
    lscp: Partnership, runner: ProjectionRunner
) -> None:
    lscp.with_action()
    police_risk = lscp.app.report_single_agency_risk(lscp.pol_lead, "Police DA audit", "No DVPN considered.")
    lscp.app.report_single_agency_risk(lscp.csc_lead, "CSC audit", "Plans missing.")
    lscp.app.schedule_risk_report(lscp.business_manager, police_risk.id, date(2024, 8, 1))
    runner.catch_up()
    lscp.clock.set(date(2024, 7, 15))
    report = lscp.app.issue_exception_report(SYSTEM)
    assert report is not None
    runner.catch_up()
    listed = every_page(lscp.app.list_exception_reports, lscp.executive)
    assert [(r["id"], r["stalled_actions"]) for r in listed] == [(str(report.id), 1)]
    assert every_page(lscp.app.list_exception_reports, lscp.arg, 5, issued_to=date(2024, 7, 1)) == []
    refused(lscp.app, NotPermitted, lscp.app.list_exception_reports, lscp.pol_lead, ListQuery())
    assert len(every_page(lscp.app.risk_reports_page, lscp.business_manager)) == 2
    own = every_page(lscp.app.risk_reports_page, lscp.pol_lead)
    assert [r["id"] for r in own] == [str(police_risk.id)]
    scheduled = every_page(lscp.app.risk_reports_page, lscp.executive, 5, scheduled=True)
    assert [r["meeting_date"] for r in scheduled] == ["2024-08-01"]
    assert every_page(lscp.app.risk_reports_page, lscp.governance, 5, agency_code="NOPE") == []
    refused(lscp.app, NotPermitted, lscp.app.risk_reports_page, lscp.pol_auditor, ListQuery())


def test_templates_are_listed_with_their_current_version_r6(app: AssureApplication, lscp: Partnership,
                                                            runner: ProjectionRunner) -> None:  # fmt: skip
    app.publish_tool_template(lscp.chair, "Domestic abuse deep dive", TOOL)
    app.publish_tool_template(lscp.qa, "Neglect", TOOL)
    app.revise_tool_template(lscp.chair, "Neglect", TOOL[:1], "shorter")
    runner.catch_up()
    listed = every_page(app.list_tool_templates, lscp.csc_auditor)
    assert [(t["name"], t["template_version"]) for t in listed] == [("Domestic abuse deep dive", 1), ("Neglect", 2)]
    assert [t["name"] for t in every_page(app.list_tool_templates, lscp.chair, 5, name="NEGL")] == ["Neglect"]
