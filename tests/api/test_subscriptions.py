"""Subscriptions and exception reports over HTTP, with the embedded relay and worker delivering for real."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from tests.api.conftest import Http
from tests.api.test_journey import fieldwork, moderation, plan_audit
from tests.workers.test_delivery import Receiver, receiver  # noqa: F401 - the loopback subscriber fixture
from workers.runtime import Runtime


def wait_until(check: object, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.05)


def test_a_subscription_made_over_http_receives_signed_events_r25(http: Http, receiver: str) -> None:  # noqa: F811
    created = http.ok(http.post("admin", "/subscriptions", {"url": receiver, "event_types": ["ConcernRaised"]}), 201)
    assert http.post("chair", "/subscriptions", {"url": receiver}).status_code == 403
    Receiver.secret, Receiver.fail_first = created["secret"], 0
    audit = plan_audit(http)
    http.ok(http.post("chair", f"/audits/{audit}/fieldwork/open"))
    http.ok(
        http.post(
            "pol_auditor",
            f"/audits/{audit}/concerns",
            {"case_ref": "DA-01", "manager_id": http.ids["pol_lead"], "summary": "urgent"},
        ),
        201,
    )
    wait_until(lambda: Receiver.accepted)
    assert [item["type"] for item in Receiver.accepted] == ["ConcernRaised"]
    assert http.ok(http.get("admin", f"/subscriptions/{created['id']}/failures")) == []
    assert http.get("chair", f"/subscriptions/{created['id']}/failures").status_code == 403
    paused = http.post("admin", f"/subscriptions/{created['id']}/pause", {"reason": "maintenance"})
    assert paused.status_code == 200
    assert http.post("admin", f"/subscriptions/{created['id']}/pause", {"reason": "again"}).status_code == 409
    assert http.post("admin", f"/subscriptions/{created['id']}/resume").status_code == 200
    Receiver.fail_first = 2


def test_an_exception_report_is_emailed_and_readable_over_http_r21(http: Http, tmp_path: Path) -> None:
    audit = plan_audit(http)
    fieldwork(http, audit)
    moderation(http, audit)
    rec = http.ok(http.post("chair", f"/audits/{audit}/recommendations", {"text": "Name coercive control."}))["ref"]
    due = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    http.ok(
        http.post(
            "chair",
            f"/audits/{audit}/recommendations/{rec}/actions",
            {"specific": "s", "measure": "m", "owner_id": http.ids["csc_lead"], "due_date": due},
        ),
        201,
    )
    rt: Runtime = http.client.app.state.wiring.runtime  # type: ignore[attr-defined]
    rt.app.clock = lambda: datetime.now(UTC) + timedelta(days=3)  # the action is now overdue
    rt.settings = rt.settings.model_copy(update={"executive_emails": ["exec@lscp.example"]})
    http.wait("governance", http.ok(http.get("governance", "/events", after=0, limit=500))["next_after"])
    from workers import jobs

    report_id = jobs.scan_stalled_actions(rt)  # what the scheduler's periodic scan does
    assert report_id is not None
    report = http.ok(http.get("executive", f"/exception-reports/{report_id}"))
    assert report["stalled_actions"][0]["stalls"] == [f"overdue:{due}"]
    assert http.get("pol_auditor", f"/exception-reports/{report_id}").status_code == 403
    outbox = Path(rt.settings.outbox_path)

    def reports() -> list[str]:
        mails = [message_from_bytes(p.read_bytes(), policy=default) for p in outbox.glob("*.eml")]
        return [str(m["Subject"]) for m in mails if str(m["Subject"]).startswith("Exception report")]

    wait_until(reports)
    assert reports() == [f"Exception report: 1 stalled actions ({report['issued_on']})"]


def test_an_admin_rotates_a_secret_over_http_and_sees_it_once_r25(http: Http) -> None:
    created = http.ok(http.post("admin", "/subscriptions", {"url": "https://downstream.example/hook"}), 201)
    path = f"/subscriptions/{created['id']}/rotate-secret"
    assert http.post("chair", path, {"overlap_hours": 1}).status_code == 403
    assert http.post("admin", path, {"overlap_hours": 500}).status_code == 422
    rotated = http.ok(http.post("admin", path, {"overlap_hours": 24}))
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    http.wait("admin", rotated["position"])  # lists follow the log
    [listed] = http.ok(http.get("admin", "/subscriptions"))["items"]
    assert listed["secret_generation"] == 1 and listed["previous_secret_valid_until"] == rotated["previous_valid_until"]
    assert created["secret"] not in str(listed) and rotated["secret"] not in str(listed)
