"""The workflow's edges over HTTP: a late conflict reassigned (R-9) and a schedule date to be confirmed (R-1)."""

from __future__ import annotations

from tests.api.conftest import Http
from tests.api.test_journey import plan_audit
from tests.builders import SECTIONS


def test_a_late_conflict_is_declared_reassigned_and_the_set_aside_draft_kept_over_http_r9(http: Http) -> None:
    h = http
    audit = plan_audit(h)  # csc_auditor2 declared a link to DA-01; csc_auditor is assigned to it
    h.ok(h.post("chair", f"/audits/{audit}/fieldwork/open"))
    draft = {"sections": SECTIONS}
    h.ok(h.client.patch(f"/audits/{audit}/returns/DA-02", json=draft, headers=h.headers("csc_auditor")))
    link = {"person_id": h.ids["csc_auditor"], "case_ref": "DA-02", "nature": "supervised the social worker"}
    h.ok(h.post("csc_auditor", f"/audits/{audit}/case-links", link))
    refused = h.post(
        "csc_lead", f"/audits/{audit}/reassignments", {"case_ref": "DA-02", "person_id": h.ids["csc_auditor"]}
    )
    assert refused.status_code in (403, 404)
    linked = h.post("chair", f"/audits/{audit}/reassignments", {"case_ref": "DA-02", "person_id": h.ids["csc_auditor"]})
    assert (linked.status_code, linked.json()["error"]) == (409, "auditor_has_case_link")
    h.ok(h.post("chair", f"/audits/{audit}/reassignments", {"case_ref": "DA-02", "person_id": h.ids["csc_auditor2"]}))
    [kept] = h.ok(h.get("governance", f"/audits/{audit}/set-aside-returns"))
    assert (kept["case_ref"], kept["status"], kept["sections"]) == ("DA-02", "set_aside", SECTIONS)
    fresh = h.client.patch(f"/audits/{audit}/returns/DA-02", json=draft, headers=h.headers("csc_auditor2"))
    assert h.ok(fresh)["version"] == 2


def test_a_schedule_date_to_be_confirmed_is_accepted_over_http_r1(http: Http) -> None:
    h = http
    h.ok(h.post("arg", "/schedules", {"year": "2022/23"}), 201)
    item = {"month": "2022-09", "kind": "dip_sample", "theme": "Strategy meetings", "fieldwork_start": "TBC 2022-09",
            "sign_off_date": "2022-10-11", "report_to_arg_date": "2022-11"}  # fmt: skip
    h.ok(h.post("arg", "/schedules/2022-23/items", item), 201)
    bad = h.post("arg", "/schedules/2022-23/items", item | {"sign_off_date": "next week"})
    assert (bad.status_code, bad.json()["error"]) == (422, "invalid_value")
