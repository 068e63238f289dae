"""Schools imported over HTTP, a single-agency risk listed by status, and a routine summary read over HTTP."""

from __future__ import annotations

from datetime import date, timedelta

from application.principal import Principal
from domain.values import Role
from tests.api.conftest import Http

CSV = "code,name,dsl_name,dsl_email\nSCH001,Oak Primary,Ann Oak,ann@oak.example\nSCH002,,Bo Elm,bo@elm.example\n"


def test_schools_import_from_csv_with_row_level_errors_over_http_r2(http: Http) -> None:
    answer = http.ok(http.post("admin", "/organisations/import", {"csv": CSV}))
    assert [r["code"] for r in answer["registered"]] == ["SCH001"]
    assert answer["errors"] == [{"row": 3, "error": "name and dsl_name are required"}]
    bad = http.post("admin", "/organisations/import", {"csv": "code;name\n"})
    assert (bad.status_code, bad.json()["error"]) == (422, "invalid_value")
    assert http.post("chair", "/organisations/import", {"csv": CSV}).status_code == 403


def test_a_single_agency_risk_is_listed_by_status_and_reaches_a_routine_summary_read_over_http_r22_r28(
    http: Http,
) -> None:
    body = {"theme": "DASH", "focus": "Risk grading", "rationale": "Force QA plan"}
    audit = http.ok(http.post("pol_lead", "/single-agency-audits", body), 201)["id"]
    assert http.post("arg", "/single-agency-audits", {"theme": "x", "focus": "y", "rationale": "z"}).status_code == 403
    risk = http.ok(http.post("pol_lead", f"/audits/{audit}/risk-reports", {"finding": "High risk graded standard"}),
                   201)  # fmt: skip
    http.wait("business_manager", risk["position"])
    waiting = http.ok(http.get("business_manager", "/risk-reports", status="awaiting_scheduling"))
    assert [r["audit_title"] for r in waiting] == ["DASH"]
    meeting = (date.today() + timedelta(days=10)).isoformat()
    http.ok(http.post("business_manager", f"/risk-reports/{risk['id']}/schedule", {"meeting_date": meeting}))
    assert http.get("business_manager", "/risk-reports", status="lost").status_code == 422
    programme = http.ok(http.get("arg", "/programme"))
    assert [(p["kind"], p["agency"]) for p in programme] == [("single_agency", "Police")]

    app = http.client.app.state.application  # type: ignore[attr-defined]
    receipt = app.issue_routine_summary(Principal.for_system("worker", Role.GOVERNANCE))  # what the worker does
    http.wait("executive", receipt.position)
    listed = http.ok(http.get("executive", "/routine-summaries"))
    assert [s["summary_id"] for s in listed] == [str(receipt.id)]
    summary = http.ok(http.get("executive", f"/routine-summaries/{receipt.id}"))
    assert [r["finding"] for r in summary["risk_reports"]] == ["High risk graded standard"]
    assert http.get("pol_auditor", f"/routine-summaries/{receipt.id}").status_code == 403
