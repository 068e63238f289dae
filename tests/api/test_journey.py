"""The whole audit journey through HTTP alone: every stage, with views, the trail, time travel and the feed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tests.api.conftest import Http
from tests.builders import ANSWERS, DUTY, POLICE_ANSWERS, SECTIONS, TERMS, TOOL

TERMS_JSON = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in TERMS.items()}
TODAY = datetime.now(UTC).date().isoformat()  # the API runs on the real clock; recorded dates cannot be in the future


def plan_audit(h: Http) -> str:
    """Stage one over HTTP; returns the audit id."""
    audit = h.ok(
        h.post(
            "arg",
            "/audits",
            {
                "kind": "thematic_deep_dive",
                "theme": "Domestic abuse",
                "focus": "Coercive control",
                "rationale": "DHR learning",
            },
        ),
        201,
    )["id"]
    h.ok(h.client.put(f"/audits/{audit}/terms-of-reference", json=TERMS_JSON, headers=h.headers("chair")))
    h.ok(h.post("chair", f"/audits/{audit}/terms-of-reference/duty-to-communicate", {"text": DUTY}))
    h.ok(
        h.post(
            "chair",
            f"/audits/{audit}/terms-of-reference/endorse",
            {"meeting_date": TODAY, "planning_reviewed": True, "timescales_agreed": True},
        )
    )
    h.ok(h.client.put(f"/audits/{audit}/tool", json={"questions": TOOL}, headers=h.headers("qa")))
    h.ok(h.post("chair", f"/audits/{audit}/tool/rating-guidance/agree", {"meeting_date": TODAY}))
    for code in ("CSC", "POL"):  # the agencies taking part are invited (R-26, #13)
        h.ok(h.post("qa", f"/audits/{audit}/invitations", {"agency_code": code}), 201)
    for auditor in ("csc_auditor", "csc_auditor2", "pol_auditor"):
        h.ok(h.post("chair", f"/audits/{audit}/auditors", {"person_id": h.ids[auditor]}))
        h.ok(h.post(auditor, f"/audits/{audit}/auditors/{h.ids[auditor]}/briefing"))
    for case in ("DA-01", "DA-02"):
        h.ok(
            h.post(
                "qa",
                f"/audits/{audit}/cases",
                {"case_ref": case, "sample_group": "child protection", "reason": "DA notification"},
            )
        )
    h.ok(
        h.post(
            "csc_auditor2",
            f"/audits/{audit}/case-links",
            {"person_id": h.ids["csc_auditor2"], "case_ref": "DA-01", "nature": "managed it"},
        )
    )
    refused = h.post("qa", f"/audits/{audit}/assignments", {"case_ref": "DA-01", "person_id": h.ids["csc_auditor2"]})
    assert (refused.status_code, refused.json()["error"]) == (409, "auditor_has_case_link")
    for case in ("DA-01", "DA-02"):
        for auditor in ("csc_auditor", "pol_auditor"):
            h.ok(h.post("qa", f"/audits/{audit}/assignments", {"case_ref": case, "person_id": h.ids[auditor]}))
    return audit


def fieldwork(h: Http, audit: str) -> None:
    h.ok(h.post("chair", f"/audits/{audit}/fieldwork/open"))
    for case in ("DA-01", "DA-02"):
        for auditor, answers in (("csc_auditor", ANSWERS), ("pol_auditor", POLICE_ANSWERS)):
            draft = {"answers": answers, "sections": SECTIONS, "child_voice_evident": True}
            h.ok(h.client.patch(f"/audits/{audit}/returns/{case}", json=draft, headers=h.headers(auditor)))
            h.ok(h.post(auditor, f"/audits/{audit}/returns/{case}/submit"))
    concern = h.ok(
        h.post(
            "pol_auditor",
            f"/audits/{audit}/concerns",
            {"case_ref": "DA-02", "manager_id": h.ids["pol_lead"], "summary": "No safety plan."},
        ),
        201,
    )["id"]
    h.ok(h.post("pol_lead", f"/concerns/{concern}/acknowledge", {"response": "Plan in place."}))
    h.ok(h.post("chair", f"/audits/{audit}/fieldwork/close", {}))


def moderation(h: Http, audit: str) -> str:
    h.ok(h.post("chair", f"/audits/{audit}/initial-review", {"themes": ["Coercive control rarely named"]}))
    h.ok(
        h.post(
            "chair",
            f"/audits/{audit}/moderation-meetings",
            {"meeting_date": TODAY, "attendees": ["Chair", "Pol Auditor"]},
        )
    )
    revised = h.ok(
        h.post(
            "chair",
            f"/audits/{audit}/returns/DA-01/POL/ratings/Q2/revise",
            {"to_rating": "Good", "reason": "DVPN considered at MARAC"},
        )
    )
    h.ok(h.post("chair", f"/audits/{audit}/findings", {"kind": "works_well", "text": "Prompt sharing."}))
    h.ok(h.post("chair", f"/audits/{audit}/practice-context", {"text": "Churn.", "factors": ["churn"]}))
    h.ok(h.post("chair", f"/audits/{audit}/family-consultation", {"text": "Two parents consulted."}))
    h.ok(h.post("chair", f"/audits/{audit}/process-learning", {"text": "More time for health records."}))
    h.ok(h.post("chair", f"/audits/{audit}/moderation/complete"))
    return str(revised["id"])


def reporting(h: Http, audit: str) -> str:
    rec = h.ok(h.post("chair", f"/audits/{audit}/recommendations", {"text": "Name coercive control."}))["ref"]
    action = h.ok(
        h.post(
            "chair",
            f"/audits/{audit}/recommendations/{rec}/actions",
            {
                "specific": "Update the plan template",
                "measure": "80% at re-audit",
                "owner_id": h.ids["csc_lead"],
                "due_date": "2030-06-30",
            },
        ),
        201,
    )
    assert action["ref"] == "R1.1"
    h.ok(
        h.post(
            "learning", f"/audits/{audit}/dissemination-plan", {"plan": "Briefing.", "impact_measures": ["Re-audit"]}
        )
    )
    h.ok(h.post("chair", f"/audits/{audit}/report/drafts", {"summary": "Mostly good."}))
    h.ok(h.post("chair", f"/audits/{audit}/report/sign-off", {"signed_off_on": TODAY}))
    h.ok(h.post("arg", f"/audits/{audit}/report/presentation", {"presented_on": TODAY}))
    return str(action["id"])


def test_the_whole_journey_through_http(http: Http) -> None:
    h = http
    audit = plan_audit(h)
    fieldwork(h, audit)
    moderation(h, audit)
    action = reporting(h, audit)
    h.ok(
        h.post(
            "pol_lead",
            f"/audits/{audit}/feedback",
            {"agency_code": "POL", "fed_back_on": TODAY, "text": "Shared at briefing."},
        )
    )
    h.ok(h.post("csc_lead", f"/actions/{action}/progress", {"note": "Template drafted."}))
    last = h.ok(h.post("csc_lead", f"/actions/{action}/block", {"blocker": "IT freeze."}))
    h.wait("governance", last["position"])
    [row] = h.ok(h.get("chair", "/audits"))
    assert row["stage"] == "dissemination" and row["recommendations"] == 1
    matrix = h.ok(h.get("chair", f"/audits/{audit}/returns"))
    assert {r["status"] for r in matrix} == {"submitted"} and len(matrix) == 4
    ratings = h.ok(h.get("chair", f"/audits/{audit}/ratings"))
    assert [(r["original_rating"], r["rating"]) for r in ratings if r["original_rating"]] == [
        ("Requires improvement", "Good")
    ]
    [blocked] = h.ok(h.get("csc_lead", "/actions"))
    assert blocked["status"] == "blocked"
    trail = h.ok(h.get("governance", "/trail", audit_id=audit, event_type="RatingRevisedAtModeration"))
    assert trail["rows"][0]["summary"].startswith("Q2 rating for case DA-01 (Police) revised from Requires")
    full = h.ok(h.get("governance", f"/trail/{trail['rows'][0]['position']}"))
    assert full["data"]["reason"] == "DVPN considered at MARAC"
    before = h.ok(h.get("governance", f"/audits/{audit}", as_of=trail["rows"][0]["occurred_at"]))
    assert before["overview"]["stage"] == "moderation"
    feed = h.ok(h.get("governance", "/events", after=0, limit=500))
    assert feed["items"][0]["position"] == 1 and feed["next_after"] == feed["items"][-1]["position"]
    assert {"position", "id", "type", "schema_version", "aggregate", "audit_id", "occurred_at", "actor", "data"} == set(
        feed["items"][0]
    )
    h.ok(h.post("chair", f"/audits/{audit}/feedback-waivers", {"agency_code": "CSC", "reason": "Team restructured"}))
    h.ok(h.post("chair", f"/audits/{audit}/close"))


def test_reading_a_return_puts_the_read_on_the_trail_r26(http: Http) -> None:
    audit = plan_audit(http)
    fieldwork(http, audit)
    record = http.ok(http.get("pol_lead", f"/audits/{audit}/returns/DA-01/POL"))
    assert record["status"] == "submitted"
    hidden = http.get("pol_lead", f"/audits/{audit}/returns/DA-01/CSC")
    assert hidden.status_code == 404
    position = http.ok(http.get("governance", "/events", after=0, limit=500))["next_after"]
    http.wait("governance", position)
    reads = http.ok(http.get("governance", "/trail", event_type="CaseDataReadRecorded", person_id=http.ids["pol_lead"]))
    assert [r["summary"] for r in reads["rows"]] == [
        "Pol Lead read, through GET /audits/{audit_id}/returns/{case_ref}/{agency_code}: a return for case DA-01"
    ]


def test_time_travel_needs_a_zone(http: Http) -> None:
    audit = plan_audit(http)
    response = http.get("governance", f"/audits/{audit}", as_of=datetime(2024, 1, 1).isoformat())
    assert (response.status_code, response.json()["error"]) == (422, "invalid_value")
    assert (
        http.get("governance", f"/audits/{audit}", as_of=datetime(2000, 1, 1, tzinfo=UTC).isoformat()).status_code
        == 404
    )


def test_the_report_and_action_plan_over_http_r16_r18(http: Http) -> None:
    audit = plan_audit(http)
    fieldwork(http, audit)
    moderation(http, audit)
    reporting(http, audit)
    position = http.ok(http.get("governance", "/events", after=0, limit=500))["next_after"]
    http.wait("governance", position)
    html = http.get("arg", f"/audits/{audit}/report", at=position)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.headers["x-log-position"] == str(position) and "<svg" in html.text
    again = http.get("chair", f"/audits/{audit}/report", at=position)
    assert again.content == html.content
    markdown = http.get("chair", f"/audits/{audit}/report", at=position, format="md")
    assert markdown.headers["content-type"].startswith("text/markdown") and "| Q2 |" in markdown.text
    changes = http.ok(http.get("chair", f"/audits/{audit}/report/compare", **{"from": position - 12, "to": position}))
    assert changes["changes"]
    [plan] = http.ok(http.get("chair", f"/audits/{audit}/action-plan"))
    assert plan["recommendation_id"] == "R1" and plan["actions"][0]["rag"] in ("green", "amber")
    assert http.get("pol_auditor", f"/audits/{audit}/report").status_code == 403


def test_health_and_readiness(http: Http) -> None:
    assert http.client.get("/healthz").json() == {"status": "ok"}
    ready = http.get("admin", "/readyz").json()
    assert ready["ready"] is True and set(ready["checks"]) == {"database", "views", "broker", "quarantine", "integrity"}
    assert ready["status"] == "ready" and ready["checks"]["quarantine"]["open"] == 0


def test_readiness_details_go_only_to_a_caller_with_a_valid_token(http: Http) -> None:
    anonymous = http.client.get("/readyz")
    forged = http.client.get("/readyz", headers={"Authorization": "Bearer 00.forged.token"})
    assert anonymous.status_code == forged.status_code == 200
    assert anonymous.json() == forged.json() == {"ready": True, "status": "ready"}


def test_the_api_documentation_loads_no_asset_from_another_site(http: Http) -> None:
    page = http.client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/docs/assets/") for source in sources), sources
    for source in sources:
        assert http.client.get(source).status_code == 200, source
    assert "cdn" not in page.text.lower()


def test_not_ready_when_the_broker_does_not_answer(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from cli.system import build_api
    from tests.conftest import settings_for

    settings = settings_for("sqlite", tmp_path).model_copy(
        update={"broker": "redis", "redis_url": "redis://127.0.0.1:1/0"}
    )
    with TestClient(build_api(settings)) as client:
        token, _ = client.app.state.application.bootstrap_admin("Ada Admin", "ada@lscp.example")
        anonymous = client.get("/readyz")
        response = client.get("/readyz", headers={"Authorization": f"Bearer {token}"})
    assert anonymous.status_code == 503 and anonymous.json() == {"ready": False, "status": "not ready"}
    assert response.status_code == 503 and response.json()["checks"]["broker"]["ok"] is False
