"""Every route x role x own/other agency: refused roles get 403 or 404 and leave no event; nothing is a 5xx.

R-26, #13: the matrix holds an audit an agency is not invited to (its lead and auditors see nothing and nominate
nobody), invitations, the report and time travel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.api.conftest import Http
from tests.api.test_journey import TODAY, fieldwork, moderation, plan_audit

ROLES = [
    "admin",
    "arg",
    "executive",
    "chair",
    "qa",
    "business_manager",
    "learning",
    "governance",
    "csc_auditor",
    "pol_auditor",
    "nhs_auditor",
    "csc_lead",
    "pol_lead",
    "nhs_lead",
]
READ_ALL = {"chair", "qa", "governance"}
OVERSIGHT = {"arg", "executive", "business_manager", "learning"}
IN_AUDIT = {"csc_auditor", "pol_auditor", "csc_lead", "pol_lead"}


@dataclass
class State:
    audit: str  # in fieldwork, returns submitted
    reported: str  # in reporting, with action R1.1 owned by the CSC lead
    action: str
    concern: str
    risk: str
    uninvited: str  # in planning: only the police invited, none of its auditors nominated (R-26, #13)
    withdrawable: str  # in planning: Health invited, none of its auditors nominated
    moment: str  # a past moment, for time travel


@dataclass
class Route:
    method: str
    path: Callable[[State, Http], str]
    body: dict[str, Any] | Callable[[State, Http], dict[str, Any]] | None
    allowed: set[str]


ROUTES: dict[str, Route] = {
    "GET /me": Route("GET", lambda s, h: "/me", None, set(ROLES)),
    "GET /audits": Route(
        "GET", lambda s, h: "/audits", None, READ_ALL | OVERSIGHT | IN_AUDIT | {"nhs_auditor", "nhs_lead"}
    ),
    "GET /audits/{id}": Route("GET", lambda s, h: f"/audits/{s.audit}", None, READ_ALL | OVERSIGHT | IN_AUDIT),
    "GET /audits/{id}/overview": Route(
        "GET", lambda s, h: f"/audits/{s.audit}/overview", None, READ_ALL | OVERSIGHT | IN_AUDIT
    ),
    "GET /audits/{id}/returns": Route(
        "GET", lambda s, h: f"/audits/{s.audit}/returns", None, READ_ALL | OVERSIGHT | IN_AUDIT
    ),
    "GET /audits/{id}/ratings": Route("GET", lambda s, h: f"/audits/{s.audit}/ratings", None, READ_ALL | IN_AUDIT),
    "GET police return": Route(
        "GET", lambda s, h: f"/audits/{s.audit}/returns/DA-01/POL", None, READ_ALL | {"pol_auditor", "pol_lead"}
    ),
    "PATCH own return": Route(
        "PATCH",
        lambda s, h: f"/audits/{s.audit}/returns/DA-02",
        {"answers": {"Q1": {"rating": "Good"}}},
        {"csc_auditor", "pol_auditor"},
    ),
    "POST reopen police return": Route(
        "POST", lambda s, h: f"/audits/{s.audit}/returns/DA-02/POL/reopen", {"reason": "fix"}, {"chair", "qa"}
    ),
    "GET /concerns/{id}": Route(
        "GET", lambda s, h: f"/concerns/{s.concern}", None, READ_ALL | {"pol_auditor", "pol_lead"}
    ),
    "POST acknowledge concern": Route(
        "POST", lambda s, h: f"/concerns/{s.concern}/acknowledge", {"response": "seen"}, {"pol_lead"}
    ),
    "POST raise concern": Route(
        "POST",
        lambda s, h: f"/audits/{s.audit}/concerns",
        {"case_ref": "DA-01", "manager_id": "00000000-0000-0000-0000-000000000000", "summary": "x"},
        {"csc_auditor", "pol_auditor"},
    ),
    "GET /actions/{id}": Route(
        "GET", lambda s, h: f"/actions/{s.action}", None, READ_ALL | OVERSIGHT | {"csc_auditor", "csc_lead"}
    ),
    "POST action progress": Route(
        "POST", lambda s, h: f"/actions/{s.action}/progress", {"note": "done some"}, {"csc_lead"}
    ),
    "POST action due date": Route(
        "POST",
        lambda s, h: f"/actions/{s.action}/due-date",
        {"to_date": "2031-01-01", "reason": "delay"},
        {"csc_lead", "chair", "qa"},
    ),
    "POST agree action": Route(
        "POST",
        lambda s, h: f"/audits/{s.reported}/recommendations/R1/actions",
        lambda s, h: {"specific": "s", "measure": "m", "owner_id": h.ids["pol_lead"], "due_date": "2031-01-01"},
        {"chair", "qa"},
    ),
    "POST recommendation": Route(
        "POST", lambda s, h: f"/audits/{s.reported}/recommendations", {"text": "more"}, {"chair", "qa"}
    ),
    "POST sign off": Route(
        "POST", lambda s, h: f"/audits/{s.reported}/report/sign-off", {"signed_off_on": TODAY}, {"chair"}
    ),
    "POST close fieldwork": Route("POST", lambda s, h: f"/audits/{s.audit}/fieldwork/close", {}, {"chair", "qa"}),
    "POST sample case": Route(
        "POST",
        lambda s, h: f"/audits/{s.audit}/cases",
        {"case_ref": "DA-09", "sample_group": "g", "reason": "r"},
        {"chair", "qa"},
    ),
    "POST assignment": Route(
        "POST",
        lambda s, h: f"/audits/{s.audit}/assignments",
        lambda s, h: {"case_ref": "DA-02", "person_id": h.ids["nhs_auditor"]},
        {"chair", "qa"},
    ),
    "POST commission": Route(
        "POST", lambda s, h: "/audits", {"kind": "dip_sample", "theme": "t", "focus": "f", "rationale": "r"}, {"arg"}
    ),
    "POST withdraw audit": Route(
        "POST", lambda s, h: f"/audits/{s.audit}/withdraw", {"reason": "r"}, {"arg", "chair", "qa"}
    ),
    "POST schedule": Route("POST", lambda s, h: "/schedules", {"year": "2031/32"}, {"arg"}),
    "GET /risk-reports/{id}": Route(
        "GET",
        lambda s, h: f"/risk-reports/{s.risk}",
        None,
        READ_ALL - {"chair", "qa"} | {"business_manager", "executive", "nhs_lead"},
    ),
    "POST schedule risk report": Route(
        "POST", lambda s, h: f"/risk-reports/{s.risk}/schedule", {"meeting_date": "2031-01-01"}, {"business_manager"}
    ),
    "POST risk report": Route(
        "POST", lambda s, h: "/risk-reports", {"audit_title": "t", "finding": "f"}, {"csc_lead", "pol_lead", "nhs_lead"}
    ),
    "GET /trail": Route("GET", lambda s, h: "/trail", None, READ_ALL),
    "GET /trail/{position}": Route("GET", lambda s, h: "/trail/1", None, READ_ALL),
    "GET /events": Route("GET", lambda s, h: "/events", None, {"governance", "admin"}),
    "GET /accountability": Route("GET", lambda s, h: "/accountability", None, READ_ALL | OVERSIGHT),
    "GET /actions": Route(
        "GET", lambda s, h: "/actions", None, READ_ALL | OVERSIGHT | IN_AUDIT | {"nhs_auditor", "nhs_lead"}
    ),
    "GET /concerns": Route("GET", lambda s, h: "/concerns", None, READ_ALL | IN_AUDIT | {"nhs_auditor", "nhs_lead"}),
    "GET /people/{id}": Route(
        "GET", lambda s, h: f"/people/{h.ids['pol_auditor']}", None, {"admin", "governance", "pol_auditor"}
    ),
    "POST /agencies": Route(
        "POST", lambda s, h: "/agencies", {"code": "FIRE", "name": "Fire", "agency_kind": "other"}, {"admin"}
    ),
    "POST /people": Route(
        "POST", lambda s, h: "/people", {"name": "N", "email": "n@t.example", "roles": []}, {"admin"}
    ),
    "POST credential": Route(
        "POST", lambda s, h: f"/people/{h.ids['pol_auditor']}/credentials", {"label": "x"}, {"admin"}
    ),
    "POST tool template": Route(
        "POST",
        lambda s, h: "/tool-templates",
        {"name": "T", "questions": [{"id": "Q1", "text": "q"}]},
        {"chair", "qa", "admin"},
    ),
    "GET /agencies": Route("GET", lambda s, h: "/agencies", None, set(ROLES)),
    "GET /people": Route("GET", lambda s, h: "/people", None, READ_ALL | {"admin", "csc_lead", "pol_lead", "nhs_lead"}),
    "GET /subscriptions": Route("GET", lambda s, h: "/subscriptions", None, {"admin"}),
    "GET /exception-reports": Route("GET", lambda s, h: "/exception-reports", None, READ_ALL | OVERSIGHT),
    "GET /risk-reports": Route(
        "GET",
        lambda s, h: "/risk-reports",
        None,
        {"business_manager", "executive", "governance", "arg", "csc_lead", "pol_lead", "nhs_lead"},
    ),
    "GET /tool-templates": Route("GET", lambda s, h: "/tool-templates", None, set(ROLES)),
    "GET /events/schemas": Route("GET", lambda s, h: "/events/schemas", None, set(ROLES)),
    "GET action plan export": Route(
        "GET", lambda s, h: f"/audits/{s.reported}/exports/action-plan", None, READ_ALL | OVERSIGHT | IN_AUDIT
    ),
    "GET return matrix export": Route(
        "GET", lambda s, h: f"/audits/{s.audit}/exports/return-matrix?format=csv", None, READ_ALL | OVERSIGHT | IN_AUDIT
    ),
    # An audit the agency is not invited to, the report and time travel (R-26, #13): refused is 403/404, no event
    "GET uninvited audit": Route(
        "GET", lambda s, h: f"/audits/{s.uninvited}", None, READ_ALL | OVERSIGHT | {"pol_lead", "pol_auditor"}
    ),
    "GET uninvited return matrix": Route(
        "GET", lambda s, h: f"/audits/{s.uninvited}/returns", None, READ_ALL | OVERSIGHT | {"pol_lead", "pol_auditor"}
    ),
    "POST nominate into uninvited audit": Route(
        "POST",
        lambda s, h: f"/audits/{s.uninvited}/auditors",
        lambda s, h: {"person_id": h.ids["nhs_auditor"]},
        {"chair", "qa"},
    ),
    "POST invitation": Route(
        "POST", lambda s, h: f"/audits/{s.withdrawable}/invitations", {"agency_code": "CSC"}, {"chair", "qa"}
    ),
    "POST withdraw invitation": Route(
        "POST",
        lambda s, h: f"/audits/{s.withdrawable}/invitations/NHS/withdraw",
        {"reason": "no health cases"},
        {"chair", "qa"},
    ),
    "GET report": Route(
        "GET", lambda s, h: f"/audits/{s.reported}/report", None, READ_ALL | OVERSIGHT | {"csc_lead", "pol_lead"}
    ),
    "GET report markdown": Route(
        "GET",
        lambda s, h: f"/audits/{s.reported}/report?format=md",
        None,
        READ_ALL | OVERSIGHT | {"csc_lead", "pol_lead"},
    ),
    "GET uninvited report": Route(
        "GET", lambda s, h: f"/audits/{s.uninvited}/report", None, READ_ALL | OVERSIGHT | {"pol_lead"}
    ),
    "GET time travel": Route("GET", lambda s, h: f"/audits/{s.audit}?as_of={s.moment}", None, READ_ALL),
    "GET uninvited time travel": Route("GET", lambda s, h: f"/audits/{s.uninvited}?as_of={s.moment}", None, READ_ALL),
    "POST dissemination plan": Route(
        "POST",
        lambda s, h: f"/audits/{s.reported}/dissemination-plan",
        {"plan": "p", "impact_measures": ["m"]},
        {"chair", "qa", "learning"},
    ),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.api.conftest import open_http
    from tests.conftest import settings_for

    gen = open_http(settings_for("sqlite", tmp_path_factory.mktemp("authz")))
    h = next(gen)
    audit = plan_audit(h)
    fieldwork(h, audit)
    reported = plan_audit(h)
    fieldwork(h, reported)
    moderation(h, reported)
    rec = h.ok(h.post("chair", f"/audits/{reported}/recommendations", {"text": "Name coercive control."}))["ref"]
    action = h.ok(
        h.post(
            "chair",
            f"/audits/{reported}/recommendations/{rec}/actions",
            {"specific": "s", "measure": "m", "owner_id": h.ids["csc_lead"], "due_date": "2030-06-30"},
        ),
        201,
    )["id"]
    h.ok(h.post("chair", f"/audits/{reported}/report/drafts", {"summary": "Mostly good."}))
    audit2 = plan_audit(h)
    h.ok(h.post("chair", f"/audits/{audit2}/fieldwork/open"))
    concern = h.ok(
        h.post(
            "pol_auditor",
            f"/audits/{audit2}/concerns",
            {"case_ref": "DA-01", "manager_id": h.ids["pol_lead"], "summary": "urgent"},
        ),
        201,
    )["id"]
    risk = h.ok(h.post("nhs_lead", "/risk-reports", {"audit_title": "HV audit", "finding": "No enquiry"}), 201)["id"]
    new_audit = {"kind": "dip_sample", "theme": "Neglect", "focus": "f", "rationale": "r"}
    uninvited = h.ok(h.post("arg", "/audits", new_audit), 201)["id"]
    h.ok(h.post("chair", f"/audits/{uninvited}/invitations", {"agency_code": "POL"}), 201)
    withdrawable = h.ok(h.post("arg", "/audits", new_audit), 201)["id"]
    h.ok(h.post("chair", f"/audits/{withdrawable}/invitations", {"agency_code": "NHS"}), 201)
    last = h.ok(h.get("governance", "/events", after=0, limit=500))["next_after"]
    h.wait("governance", last)
    moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    yield h, State(audit, reported, action, concern, risk, uninvited, withdrawable, moment)
    gen.close()


def call(h: Http, route: Route, who: str | None, state: State) -> Any:
    headers = h.headers(who) if who else {}
    body = route.body(state, h) if callable(route.body) else route.body
    return h.client.request(route.method, route.path(state, h), json=body, headers=headers)


@pytest.mark.parametrize("name", list(ROUTES))
def test_refused_roles_get_403_or_404_and_change_nothing(world: Any, name: str) -> None:
    h, state = world
    route = ROUTES[name]
    application = h.client.app.state.application
    assert call(h, route, None, state).status_code == 401
    for role in ROLES:
        if role in route.allowed:
            continue
        before = application.max_position()
        response = call(h, route, role, state)
        assert response.status_code in (403, 404), f"{role}: {response.status_code} {response.text}"
        assert application.max_position() == before, f"{role}'s refused request left an event"


@pytest.mark.parametrize("name", [n for n, r in ROUTES.items() if r.allowed])
def test_allowed_roles_get_through(world: Any, name: str) -> None:
    h, state = world
    route = ROUTES[name]
    for role in sorted(route.allowed):
        response = call(h, route, role, state)
        assert response.status_code < 500
        assert response.status_code not in (401, 403), f"{role}: {response.status_code} {response.text}"
        if route.method == "GET":
            assert response.status_code == 200, f"{role}: {response.text}"


def test_every_route_is_in_the_matrix_or_covered_elsewhere(world: Any) -> None:
    h, _ = world
    paths = h.client.get("/openapi.json").json()["paths"]
    assert len(paths) >= 60
    for path, methods in paths.items():
        for method in methods:
            response = h.client.request(method.upper(), path.replace("{", "x").replace("}", "x"), json={})
            assert response.status_code in (401, 404, 405, 422) or path in ("/healthz", "/readyz"), (method, path)
