"""Over HTTP: the admin and a default subscriber read the feed without personal data or case content; an admin's
grant, with a reason, lets a subscriber read more (R-31)."""

from __future__ import annotations

from tests import canaries
from tests.api.conftest import Http
from tests.api.test_journey import plan_audit


def plant_over_http(http: Http) -> None:
    audit = plan_audit(http)
    http.ok(http.post("chair", f"/audits/{audit}/fieldwork/open"))
    body = {"name": canaries.NAME, "email": canaries.EMAIL, "agency_code": "POL", "roles": ["agency_lead"]}
    manager = http.ok(http.post("admin", "/people", body), 201)["id"]
    concern = {"case_ref": "DA-01", "manager_id": manager, "summary": canaries.SUMMARY}
    http.ok(http.post("pol_auditor", f"/audits/{audit}/concerns", concern), 201)
    draft = {"answers": {"Q1": {"rating": "Good", "commentary": canaries.COMMENTARY}}}
    http.ok(http.client.patch(f"/audits/{audit}/returns/DA-01", json=draft, headers=http.headers("pol_auditor")))


def subscriber_over_http(http: Http) -> tuple[str, str]:
    body = {"name": "Hub system", "email": "hub@downstream.example", "agency_code": None, "roles": ["subscriber"]}
    person = http.ok(http.post("admin", "/people", body), 201)["id"]
    issued = http.ok(http.post("admin", f"/people/{person}/credentials", {"label": "hub"}), 201)
    http.tokens["hub"] = issued["token"]
    return person, issued["credential_id"]


def test_the_feed_over_http_discloses_by_entitlement_r31(http: Http) -> None:
    plant_over_http(http)
    person, credential = subscriber_over_http(http)
    for reader in ("admin", "hub"):
        items = http.ok(http.get(reader, "/events", limit=500))["items"]
        assert any(i["type"] == "ConcernRaised" for i in items) and canaries.found_in(items) == set()
    grant = f"/people/{person}/credentials/{credential}/disclosure"
    assert http.post("hub", grant, {"data_class": "case_content", "reason": "mine"}).status_code == 403
    assert http.post("admin", grant, {"data_class": "secret", "reason": "all"}).status_code == 422
    http.ok(http.post("admin", grant, {"data_class": "case_content", "reason": "the hub triages concerns"}))
    items = http.ok(http.get("hub", "/events", limit=500))["items"]
    assert canaries.found_in(items) == {"commentary", "summary", "name", "email"}


def test_the_trail_names_a_subscription_by_its_host_only_r31(http: Http) -> None:
    url = "https://hooks.example.org/in?token=tok-Q7Zx-secret"
    created = http.ok(http.post("admin", "/subscriptions", {"url": url}), 201)
    assert http.post("admin", "/subscriptions", {"url": "http://hooks.example.org/in"}).status_code == 422
    head = http.ok(http.get("governance", "/events", limit=500))["next_after"]
    http.wait("governance", head)
    rows = http.ok(http.get("governance", "/trail", event_type="SubscriptionCreated"))["rows"]
    assert [r["summary"] for r in rows] == ["Subscription created for hooks.example.org (all events)"]
    assert "tok-Q7Zx" not in str(http.ok(http.get("governance", f"/trail/{rows[0]['position']}")))
    assert created["id"]
