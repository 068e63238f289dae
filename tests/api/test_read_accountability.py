"""Read accountability and attribution (R-26, #13): every read of case content is on the trail, once per request,
whatever the route; every event names the credential that acted, and who issued it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.reads import ReadAccountability
from cli.system import build_api
from tests.api.conftest import Http, open_http, served_on_loopback
from tests.api.test_journey import fieldwork, moderation, plan_audit
from tests.conftest import drop_pg_schema, settings_for

RECORD = "CaseDataReadRecorded"


def application(h: Http) -> Any:
    return h.client.app.state.application  # type: ignore[attr-defined]


def read_records(h: Http, after: int = 0) -> list[Any]:
    """The read records in the log after a position, read straight from the application (no HTTP, no record)."""
    app = application(h)
    entries = []
    while batch := app.log_reader().read(after, 500):
        entries += [e.event for e in batch if e.event is not None and e.event.type == RECORD]
        after = batch[-1].position
    return entries


def head(h: Http) -> int:
    return int(application(h).max_position())


@pytest.fixture
def audit(http: Http) -> str:
    audit = plan_audit(http)
    fieldwork(http, audit)
    moderation(http, audit)
    return audit


def routes(h: Http, audit: str) -> list[tuple[str, str, dict[str, Any], str]]:
    """(who, path, params, route template) of every route that answers with case-level content."""
    submitted = next(
        e
        for e in application(h).log_reader().read(0, 500)
        if e.event is not None and e.event.type == "ReturnDraftSaved"
    )  # a draft: answers, sections
    concern = h.ok(h.get("pol_lead", "/concerns"))[0]["concern_id"]
    moment = datetime.now(UTC).isoformat()
    return [
        (
            "pol_auditor",
            f"/audits/{audit}/returns/DA-01/POL",
            {},
            "/audits/{audit_id}/returns/{case_ref}/{agency_code}",
        ),
        ("pol_auditor", f"/audits/{audit}", {}, "/audits/{audit_id}"),
        ("pol_auditor", f"/audits/{audit}/returns", {}, "/audits/{audit_id}/returns"),
        ("pol_auditor", f"/audits/{audit}/ratings", {}, "/audits/{audit_id}/ratings"),
        ("pol_lead", "/concerns", {}, "/concerns"),
        ("pol_lead", f"/concerns/{concern}", {}, "/concerns/{concern_id}"),
        ("chair", f"/audits/{audit}/report", {"format": "md"}, "/audits/{audit_id}/report"),
        ("governance", f"/audits/{audit}", {"as_of": moment}, "/audits/{audit_id}"),
        ("governance", f"/trail/{submitted.position}", {}, "/trail/{position}"),
        ("governance", "/events", {"after": 0, "limit": 500}, "/events"),
        ("governance", "/trail", {"case_ref": "DA-01"}, "/trail"),  # summaries quote sampling and moderation reasons
        ("chair", f"/audits/{audit}/exports/return-matrix", {"format": "csv"}, "/audits/{audit_id}/exports/{table}"),
    ]


def test_every_route_that_returns_case_content_adds_exactly_one_read_record_per_request(http: Http, audit: str) -> None:
    """R-26: return, audit detail, return list, ratings, concerns, report, time travel, trail event, feed page and
    export: one record each, by the reader, naming the route; what was read is listed inside the one record."""
    for who, path, params, template in routes(http, audit):
        before = head(http)
        response = http.get(who, path, **params)
        assert response.status_code == 200, (path, response.text)
        records = read_records(http, before)
        assert len(records) == 1, (path, [r.data for r in records])
        record = records[0]
        assert record.actor == http.ids[who] and record.data["person_id"] == http.ids[who]
        assert record.data["through"] == f"GET {template}", path
        assert record.data["reads"] and all(r["audit_id"] == audit for r in record.data["reads"])


def test_a_refused_read_and_a_read_of_no_case_content_record_nothing(http: Http, audit: str) -> None:
    """A 404 disclosed nothing, and the overview and lists hold no case content: no read record."""
    before = head(http)
    assert http.get("pol_lead", f"/audits/{audit}/returns/DA-01/CSC").status_code == 404
    assert http.get("admin", f"/audits/{audit}/ratings").status_code in (403, 404)
    assert http.get("chair", f"/audits/{audit}/overview").status_code == 200
    assert http.get("admin", "/events", after=0, limit=100).status_code == 200  # references only, no case content
    assert read_records(http, before) == []


def test_governance_asks_who_looked_at_a_case_when_and_through_what(http: Http, audit: str) -> None:
    """R-26: /case-reads by case, by reader; one row per thing read, the route it was read through."""
    http.ok(http.get("pol_auditor", f"/audits/{audit}/returns/DA-02/POL"))
    http.ok(http.get("csc_auditor", f"/audits/{audit}/returns/DA-02/CSC"))
    http.wait("governance", head(http))
    rows = http.ok(http.get("governance", "/case-reads", case_ref="da-02"))["rows"]
    readers = {(r["person_name"], r["through"], r["what"]) for r in rows}
    through = "GET /audits/{audit_id}/returns/{case_ref}/{agency_code}"
    assert ("Pol Auditor", through, "a return") in readers and ("Csc Auditor", through, "a return") in readers
    assert all(r["case_ref"] == "DA-02" and r["occurred_at"] for r in rows)
    assert http.get("chair", f"/audits/{audit}/report", format="md").status_code == 200  # every case: an item each
    http.ok(http.get("csc_lead", f"/audits/{audit}/ratings"))
    http.wait("governance", head(http))
    full_width = http.ok(http.get("governance", "/case-reads", case_ref="\uff24\uff21-02"))["rows"]
    assert {(r["person_name"], r["through"]) for r in full_width} >= {
        ("Chair", "GET /audits/{audit_id}/report"),
        ("Csc Lead", "GET /audits/{audit_id}/ratings"),
    }
    mine = http.ok(http.get("governance", "/case-reads", person_id=http.ids["pol_auditor"]))["rows"]
    assert mine and {r["person_id"] for r in mine} == {http.ids["pol_auditor"]}
    assert http.get("pol_lead", "/case-reads", case_ref="DA-02").status_code == 403


def test_case_reads_pages_keep_each_request_whole(http: Http, audit: str) -> None:
    """Paging by cursor never splits one request's reads and never repeats or loses a row."""
    for _ in range(3):
        http.ok(http.get("chair", f"/audits/{audit}/report/compare", **{"from": head(http) - 3, "to": head(http) - 1}))
    http.wait("governance", head(http))
    everything = http.ok(http.get("governance", "/case-reads", limit=500))["rows"]
    seen, cursor = [], None
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor is not None else {})
        page = http.ok(http.get("governance", "/case-reads", **params))
        seen += page["rows"]
        assert len({r["position"] for r in page["rows"]}) == 1  # a page of one row holds one whole request
        if (cursor := page["next_cursor"]) is None:
            break
    assert [(r["position"], r["item"]) for r in seen] == [(r["position"], r["item"]) for r in everything]


def test_an_answer_whose_reads_cannot_be_recorded_is_withheld(http: Http, audit: str, monkeypatch: Any) -> None:
    """If the read record cannot be written, the client gets 503 and none of the content."""
    app = application(http)

    def broken(batch: Any) -> None:
        raise ConnectionError("the store went away")

    monkeypatch.setattr(app, "record_reads", broken)
    response = http.get("pol_auditor", f"/audits/{audit}/returns/DA-01/POL")
    assert (response.status_code, response.json()["error"]) == (503, "reads_not_recorded")
    assert "DA-01" not in response.text
    assert http.get("chair", f"/audits/{audit}/overview").status_code == 200  # no case content: unaffected


def test_every_event_names_the_credential_that_acted_and_the_trail_names_its_issuer(http: Http) -> None:
    """#13 item 5: the event stores the credential's id (never its secret); the trail says who issued it."""
    audit = plan_audit(http)
    credential = http.tokens["chair"].split(".")[1]
    secret = http.tokens["chair"].split(".")[2]
    position = http.ok(http.post("chair", f"/audits/{audit}/fieldwork/open"))["position"]
    entry = application(http).log_reader().at(position)
    assert entry.event.event.acting_credential == credential
    assert secret not in repr(entry.event.event.__dict__)
    http.wait("governance", position)
    row = next(r for r in http.ok(http.get("governance", "/trail", audit_id=audit, order="newest"))["rows"]
               if r["position"] == position)  # fmt: skip
    today = datetime.now(UTC).date().isoformat()
    assert row["credential_id"] == credential
    assert row["acting_as"] == f"Chair, with a token issued by Admin on {today}"
    issued = http.ok(http.get("governance", "/trail", event_type="CredentialIssued", limit=500))["rows"]
    chairs = [r for r in issued if r["aggregate_id"] == http.ids["chair"]]
    assert [r["actor"] for r in chairs] == [http.ids["admin"]]  # the issuer acted on the chair's record
    bootstrap_made = next(r for r in http.ok(http.get("governance", "/trail", limit=20))["rows"]
                          if r["actor"] == http.ids["admin"])  # fmt: skip
    assert bootstrap_made["acting_as"] == f"Admin, with a token issued by system:bootstrap on {today}"


def _read_under_load(h: Http, base: str, audit: str, clients: int, seconds: float) -> tuple[int, int]:
    """``clients`` threads read returns for ``seconds``; the count of 200 answers, and of reads recorded."""
    stop, answered, lock = time.monotonic() + seconds, [0], threading.Lock()
    before = head(h)

    def client(who: str, case: str, agency: str) -> None:
        with httpx.Client(base_url=base, headers=h.headers(who), timeout=30) as session:
            while time.monotonic() < stop:
                if session.get(f"/audits/{audit}/returns/{case}/{agency}").status_code == 200:
                    with lock:
                        answered[0] += 1

    readers = [("pol_auditor", "POL"), ("csc_auditor", "CSC")]
    threads = [threading.Thread(target=client, args=(*readers[i % 2][:1], ("DA-01", "DA-02")[i // 2 % 2],
                                                      readers[i % 2][1])) for i in range(clients)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorded = sum(len(r.data["reads"]) for r in read_records(h, before))
    return answered[0], recorded


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_reads_under_load_every_200_answer_is_recorded(store: str, tmp_path: Path) -> None:
    """#13: with 16 concurrent clients, the reads recorded equal the 200 answers (none lost to contention)."""
    settings = settings_for(store, tmp_path)
    try:
        app = build_api(settings, embedded=True)
        with served_on_loopback(app) as base, httpx.Client(base_url=base, timeout=30) as client:
            token, receipt = app.state.application.bootstrap_admin("Admin", "admin@t.example")
            h = Http(client, {"admin": token}, {"admin": str(receipt.id)}).register()  # type: ignore[arg-type]
            h.client.app = app  # type: ignore[attr-defined]  # read_records reads the log beside the server
            audit = plan_audit(h)
            fieldwork(h, audit)
            answered, recorded = _read_under_load(h, base, audit, clients=16, seconds=4)
        assert answered > 16 and recorded == answered
    finally:
        if store == "postgres":
            drop_pg_schema(settings.postgres_schema)


def test_the_middleware_is_installed_around_every_route(tmp_path: Path) -> None:
    """The read accountability middleware wraps the whole app (not one router)."""
    gen = open_http(settings_for("sqlite", tmp_path))
    h = next(gen)
    try:
        assert any(m.cls is ReadAccountability for m in h.client.app.user_middleware)  # type: ignore[attr-defined]
    finally:
        gen.close()
