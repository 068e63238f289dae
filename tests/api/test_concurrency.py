"""Concurrent conflicting writes over a real socket, and idempotent retries."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn

from application.settings import Settings
from cli.system import build_api
from tests.api.conftest import Http
from tests.api.test_journey import fieldwork, moderation, plan_audit
from tests.conftest import drop_pg_schema, settings_for


@pytest.fixture(params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Http, str]]:
    """The app served by uvicorn on a loopback port, and a registered partnership."""
    settings: Settings = settings_for(request.param, tmp_path)
    app = build_api(settings, embedded=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    while not uv.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            token, receipt = app.state.application.bootstrap_admin("Admin", "admin@t.example")
            yield Http(client, {"admin": token}, {"admin": str(receipt.id)}).register(), base  # type: ignore[arg-type]
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        if settings.store == "postgres":
            drop_pg_schema(settings.postgres_schema)


def an_action(h: Http) -> str:
    audit = plan_audit(h)
    fieldwork(h, audit)
    moderation(h, audit)
    rec = h.ok(h.post("chair", f"/audits/{audit}/recommendations", {"text": "Name coercive control."}))["ref"]
    body = {"specific": "s", "measure": "m", "owner_id": h.ids["csc_lead"], "due_date": "2030-06-30"}
    return str(h.ok(h.post("chair", f"/audits/{audit}/recommendations/{rec}/actions", body), 201)["id"])


def test_one_write_wins_per_version_every_loser_gets_412_and_no_event_is_lost(server: tuple[Http, str]) -> None:
    h, base = server
    action = an_action(h)
    headers = h.headers("csc_lead")

    def write(n: int) -> list[tuple[int, int]]:
        outcomes = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for round_ in range(3):
                version = int(client.get(f"/actions/{action}", headers=headers).headers["etag"].strip('"'))
                response = client.post(f"/actions/{action}/progress", json={"note": f"writer {n} round {round_}"},
                                       headers=headers | {"If-Match": f'"{version}"'})  # fmt: skip
                assert response.status_code in (200, 412), response.text  # a lost race is a stale If-Match
                outcomes.append((version, response.status_code))
        return outcomes

    with ThreadPoolExecutor(16) as pool:
        results = [o for batch in pool.map(write, range(16)) for o in batch]
    winners: dict[int, int] = {}
    for version, status in results:
        if status == 200:
            winners[version] = winners.get(version, 0) + 1
    assert winners and all(count == 1 for count in winners.values()), winners
    assert any(status == 412 for _, status in results)
    record = h.ok(h.get("csc_lead", f"/actions/{action}"))
    assert record["version"] == 1 + len(winners)  # every winning write is stored, and nothing else


def test_a_retried_post_with_an_idempotency_key_appends_once(server: tuple[Http, str]) -> None:
    h, _ = server
    body = {"kind": "dip_sample", "theme": "Strategy meetings", "focus": "timeliness", "rationale": "JTAI"}
    before = h.ok(h.get("admin", "/events", after=0, limit=500))["next_after"]
    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda _: h.post("arg", "/audits", body, **{"Idempotency-Key": "abc-1"}), range(4)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    again = h.post("arg", "/audits", body, **{"Idempotency-Key": "abc-1"})
    assert again.headers["idempotent-replayed"] == "true" and again.json() == responses[0].json()
    after = h.ok(h.get("admin", "/events", after=before, limit=500))["items"]
    assert [item["type"] for item in after] == ["AuditCommissioned"]
    other = h.post("arg", "/audits", body | {"theme": "Other"}, **{"Idempotency-Key": "abc-1"})
    assert (other.status_code, other.json()["error"]) == (409, "idempotency_key_reused")


def test_a_stale_if_match_is_refused_with_412(server: tuple[Http, str]) -> None:
    h, _ = server
    audit = plan_audit(h)
    stale = h.post("chair", f"/audits/{audit}/fieldwork/open", None, **{"If-Match": '"1"'})
    assert (stale.status_code, stale.json()["error"]) == (412, "stale_version")
    current = h.client.get(f"/audits/{audit}", headers=h.headers("chair")).headers["etag"]
    assert h.post("chair", f"/audits/{audit}/fieldwork/open", None, **{"If-Match": current}).status_code == 200
    bad = h.post("chair", f"/audits/{audit}/fieldwork/close", {}, **{"If-Match": "yesterday"})
    assert bad.status_code == 422
