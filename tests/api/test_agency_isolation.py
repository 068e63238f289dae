"""Agency isolation over HTTP (R-26, #13): one agency's case content never reaches another agency's people;
invitations decide who takes part; identity hygiene refuses names as case references. Refusals leave no event."""

from __future__ import annotations

from tests.api.conftest import Http
from tests.api.test_journey import TODAY, plan_audit
from tests.builders import ANSWERS, POLICE_ANSWERS

# Distinctive text planted in Children's Services' returns and moderation, and in the police's (the control).
CSC_MARKS = {
    "voice_of_child": "Quill-CSC-voice-7Hx: I hide under the stairs when they shout.",
    "lived_experience": "Quill-CSC-lived-7Hx: three schools in a year.",
    "good_practice": "Quill-CSC-good-7Hx: the social worker visited weekly.",
}
CSC_MOVE = "Quill-CSC-move-7Hx: the strategy meeting minutes were found later."
POL_MARKS = {
    "voice_of_child": "Quill-POL-voice-3Kp: the officer spoke to the child alone.",
    "lived_experience": "Quill-POL-lived-3Kp: repeat call-outs at night.",
    "good_practice": "Quill-POL-good-3Kp: DVPN applied the same day.",
}
COMMON = {"context": "High caseloads.", "outcomes": "Risk reduced."}
CSC_TEXT = "Quill-CSC"


def _planted(h: Http) -> tuple[str, int]:
    """An audit with both agencies' returns submitted, a moderated CSC rating, and a drafted report."""
    audit = plan_audit(h)
    h.ok(h.post("chair", f"/audits/{audit}/fieldwork/open"))
    for case in ("DA-01", "DA-02"):
        for auditor, answers, marks in (("csc_auditor", ANSWERS, CSC_MARKS), ("pol_auditor", POLICE_ANSWERS,
                                                                               POL_MARKS)):  # fmt: skip
            draft = {"answers": answers, "sections": {**COMMON, **marks}, "child_voice_evident": True}
            h.ok(h.client.patch(f"/audits/{audit}/returns/{case}", json=draft, headers=h.headers(auditor)))
            h.ok(h.post(auditor, f"/audits/{audit}/returns/{case}/submit"))
    h.ok(
        h.post(
            "pol_auditor",
            f"/audits/{audit}/concerns",
            {"case_ref": "DA-02", "manager_id": h.ids["pol_lead"], "summary": "Quill-POL-concern-3Kp"},
        ),
        201,
    )
    h.ok(h.post("chair", f"/audits/{audit}/fieldwork/close", {}))
    h.ok(h.post("chair", f"/audits/{audit}/moderation-meetings", {"meeting_date": TODAY, "attendees": ["Chair"]}))
    revise = {"to_rating": "Outstanding", "reason": CSC_MOVE}
    revised = h.ok(h.post("chair", f"/audits/{audit}/returns/DA-01/CSC/ratings/Q1/revise", revise))["position"]
    h.ok(h.post("chair", f"/audits/{audit}/findings", {"kind": "works_well", "text": "Prompt sharing."}))
    h.ok(h.post("chair", f"/audits/{audit}/moderation/complete"))
    rec = h.ok(h.post("chair", f"/audits/{audit}/recommendations", {"text": "Name coercive control."}))["ref"]
    action = {"specific": "Update the template", "measure": "80%", "owner_id": h.ids["pol_lead"],
              "due_date": "2030-06-30"}  # fmt: skip
    h.ok(h.post("chair", f"/audits/{audit}/recommendations/{rec}/actions", action), 201)
    last = h.ok(h.post("chair", f"/audits/{audit}/report/drafts", {"summary": "Mostly good."}))
    h.wait("governance", last["position"])
    return audit, revised


def _read_paths(h: Http, audit: str, first: int, last: int) -> list[str]:
    """Every read route an agency's lead or auditor might call on the audit (the refused ones too)."""
    concerns = h.ok(h.get("chair", "/concerns", audit_id=audit))
    return [
        f"/audits/{audit}", f"/audits/{audit}/overview", f"/audits/{audit}/returns", f"/audits/{audit}/ratings",
        f"/audits/{audit}/report?format=html", f"/audits/{audit}/report?format=md",
        f"/audits/{audit}/report?format=md&at={first}", f"/audits/{audit}/report/compare?from={first}&to={last}",
        f"/audits/{audit}/action-plan", f"/audits/{audit}/exports/action-plan?format=csv",
        f"/audits/{audit}/exports/return-matrix?format=csv", f"/audits/{audit}?as_of={TODAY}T00:00:00Z",
        f"/audits/{audit}/returns/DA-01/CSC", f"/audits/{audit}/returns/DA-01/POL",
        f"/audits/{audit}/set-aside-returns", "/audits", "/concerns", "/actions",
        *[f"/concerns/{c['concern_id']}" for c in concerns], f"/trail?audit_id={audit}", f"/trail/{last}",
        "/events?after=0&limit=500",
    ]  # fmt: skip


def test_one_agencys_quotes_never_reach_another_agencys_lead_or_auditor_r26(http: Http) -> None:
    """#13: quotes and moderation reasons planted in CSC's returns appear in no answer to the police lead or police
    auditor, on any route they can call (audit detail, returns, ratings, the report as HTML and Markdown, its
    comparison, the exports, time travel, concerns, actions, the trail and the feed); the police lead's report
    holds the police quotes and the figures of both; the chair's holds both agencies' quotes."""
    h = http
    audit, revised = _planted(h)
    last = h.ok(h.get("governance", "/events", after=0, limit=500))["next_after"]
    paths = _read_paths(h, audit, revised, last)
    application = h.client.app.state.application
    answered: dict[str, int] = {}
    for who in ("pol_lead", "pol_auditor"):
        for path in paths:
            before = application.max_position()
            response = h.client.get(path, headers=h.headers(who))
            assert response.status_code < 500, (who, path, response.text)
            assert CSC_TEXT not in response.text, f"{who} read CSC content through {path}"
            if response.status_code >= 400:
                assert application.max_position() == before, f"{who}'s refused {path} left an event"
            answered[f"{who} {path}"] = response.status_code
    for who, path in [("pol_lead", "/report?format=html"), ("pol_lead", "/report?format=md"), ("pol_lead", ""),
                      ("pol_lead", f"/report/compare?from={revised}&to={last}"), ("pol_auditor", ""),
                      ("pol_auditor", "/returns"), ("pol_lead", "/returns/DA-01/POL")]:  # fmt: skip
        assert answered[f"{who} /audits/{audit}{path}"] == 200, (who, path)
    lead_report = h.client.get(f"/audits/{audit}/report?format=md", headers=h.headers("pol_lead")).text
    assert POL_MARKS["voice_of_child"] in lead_report and "Children" in lead_report  # own quotes, others' figures
    assert "This copy is for Police" in lead_report
    chair_report = h.client.get(f"/audits/{audit}/report?format=md", headers=h.headers("chair")).text
    assert CSC_MARKS["voice_of_child"] in chair_report and CSC_MOVE in chair_report
    assert POL_MARKS["voice_of_child"] in chair_report
    detail = h.ok(h.get("pol_auditor", f"/audits/{audit}"))
    assert {r["agency_id"] for r in detail["returns"]} == {h.ok(h.get("pol_auditor", "/me"))["agency_id"]}


def test_a_lead_cannot_join_an_audit_their_agency_was_not_invited_to_r26(http: Http) -> None:
    """#13: the police lead nominating a police auditor into an audit only Children's Services takes part in is
    refused (403, agency_not_invited) with no event; once the QA officer invites the police, it goes through; the
    invitation is withdrawn only before a nomination."""
    h = http
    audit = h.ok(h.post("arg", "/audits", {"kind": "dip_sample", "theme": "t", "focus": "f", "rationale": "r"}), 201)
    audit = audit["id"]
    h.ok(h.post("chair", f"/audits/{audit}/invitations", {"agency_code": "CSC"}), 201)
    application = h.client.app.state.application
    before = application.max_position()
    refused = h.post("pol_lead", f"/audits/{audit}/auditors", {"person_id": h.ids["pol_auditor"]})
    assert (refused.status_code, refused.json()["error"]) == (403, "agency_not_invited")
    assert "invite" in refused.json()["detail"] and application.max_position() == before
    for who in ("pol_lead", "pol_auditor"):
        assert h.get(who, f"/audits/{audit}").status_code == 404
    assert h.post("pol_lead", f"/audits/{audit}/invitations", {"agency_code": "POL"}).status_code == 403
    h.ok(h.post("qa", f"/audits/{audit}/invitations", {"agency_code": "POL"}), 201)
    h.ok(h.post("pol_lead", f"/audits/{audit}/auditors", {"person_id": h.ids["pol_auditor"]}))
    h.ok(h.get("pol_auditor", f"/audits/{audit}"))
    refused = h.post("chair", f"/audits/{audit}/invitations/POL/withdraw", {"reason": "changed our minds"})
    assert (refused.status_code, refused.json()["error"]) == (409, "agency_has_auditors")
    h.ok(h.post("chair", f"/audits/{audit}/invitations/CSC/withdraw", {"reason": "no CSC involvement"}))
    assert h.get("csc_lead", f"/audits/{audit}").status_code == 404


def test_a_name_as_a_case_reference_a_ligature_email_and_a_bidi_name_are_refused_r26(http: Http) -> None:
    """#13: "Jayden Smith dob 03/04/2015" is not a case reference (422, naming the pattern); "\ufb01rst@" is the
    same person as "first@"; a name holding U+202E (right-to-left override) is refused. No event is left."""
    h = http
    application = h.client.app.state.application
    audit = h.ok(h.post("arg", "/audits", {"kind": "dip_sample", "theme": "t", "focus": "f", "rationale": "r"}), 201)
    h.ok(h.post("admin", "/people", {"name": "First Person", "email": "first@t.example", "roles": []}), 201)
    attempts = [
        ("qa", f"/audits/{audit['id']}/cases",
         {"case_ref": "Jayden Smith dob 03/04/2015", "sample_group": "cp", "reason": "r"}, 422, "pseudonymous"),
        ("admin", "/people", {"name": "Again", "email": "\ufb01rst@t.example", "roles": []}, 409, "already"),
        ("admin", "/people", {"name": "Eve \u202egnikcah", "email": "eve@t.example", "roles": []}, 422, "U+202E"),
        ("admin", "/agencies", {"code": "EVE", "name": "Eve\u2066 Agency", "agency_kind": "other"}, 422, "U+2066"),
    ]  # fmt: skip
    for who, path, body, status, said in attempts:
        before = application.max_position()
        response = h.post(who, path, body)
        assert response.status_code == status, (path, response.text)
        assert said in response.json()["detail"], response.text
        assert application.max_position() == before
