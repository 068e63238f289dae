"""Each limit on what a request may carry, over HTTP: answered 4xx with ``{error, detail}`` naming the field and the
limit, and nothing appended (issue 11). The limits are documented in the OpenAPI."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.routes import governance
from cli.system import build_api
from tests.api.conftest import Http, served_on_loopback
from tests.api.test_journey import plan_audit
from tests.conftest import settings_for

WAITERS = 45  # more than the API's 40 worker threads


def head(h: Http) -> int:
    """The newest log position, as the pull feed sees it (the admin reads references only: no read record)."""
    after = 0
    while True:
        page = h.ok(h.get("admin", "/events", after=after, limit=500))
        if page["next_after"] == after:
            return after
        after = page["next_after"]


def raw(h: Http, who: str, method: str, path: str, content: bytes, **headers: str) -> Any:
    headers = {"content-type": "application/json", **headers}
    return h.client.request(method, path, content=content, headers=h.headers(who, **headers))


def refused(response: Any, status: int, error: str, *named: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"} and body["error"] == error, body
    for part in named:
        assert part in body["detail"], body
    return str(body["detail"])


def an_audit_in_fieldwork(h: Http) -> str:
    audit = plan_audit(h)
    h.ok(h.post("chair", f"/audits/{audit}/fieldwork/open"))
    return audit


def test_a_body_over_the_size_limit_is_answered_413_before_it_is_parsed(http: Http) -> None:
    before = head(http)
    body = json.dumps({"code": "BIG", "name": "x" * 1_100_000, "agency_kind": "other"}).encode()
    refused(raw(http, "admin", "POST", "/agencies", body), 413, "payload_too_large", "1048576 bytes")
    assert head(http) == before


def test_a_draft_nested_600_deep_is_refused_before_pydantic_reads_it_and_appends_nothing(http: Http) -> None:
    audit = an_audit_in_fieldwork(http)
    before = head(http)
    deep = '{"answers": {"Q1": {"commentary": ' + "[" * 600 + "]" * 600 + "}}}"
    response = raw(http, "csc_auditor", "PATCH", f"/audits/{audit}/returns/DA-01", deep.encode())
    refused(response, 422, "invalid_payload", "nested deeper than 8 levels")
    assert head(http) == before


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        ({"rating": "Good", "commentary": 42}, ["answers.Q1.commentary", "string"]),
        ({"commentary": "x" * 20_001}, ["answers.Q1.commentary", "at most 20000 characters"]),
        ({"commentary": "Seen\x00alone"}, ["answers.Q1.commentary", "U+0000"]),
        ({"commentary": {"nested": ["a"]}}, ["answers.Q1.commentary"]),
        ({"rating": "Good", "score": 3}, ["answers.Q1.score", "Extra inputs"]),
    ],
)
def test_a_hostile_answer_is_refused_naming_the_field_and_the_limit(
    http: Http, answer: dict[str, Any], named: list[str]
) -> None:
    audit = an_audit_in_fieldwork(http)
    before = head(http)
    response = http.client.patch(f"/audits/{audit}/returns/DA-01", json={"answers": {"Q1": answer}},
                                 headers=http.headers("csc_auditor"))  # fmt: skip
    refused(response, 422, "invalid_payload", *named)
    assert head(http) == before


def test_a_lone_surrogate_is_refused(http: Http) -> None:
    before = head(http)
    body = b'{"code": "SUR", "name": "half \\ud800 a pair", "agency_kind": "other"}'
    refused(raw(http, "admin", "POST", "/agencies", body), 422, "invalid_payload", "name")
    assert head(http) == before


def test_newline_and_tab_pass_in_long_text_but_not_in_a_name(http: Http) -> None:
    refused(http.post("admin", "/agencies", {"code": "YOT", "name": "Youth\nOffending", "agency_kind": "other"}),
            422, "invalid_payload", "name", "U+000A")  # fmt: skip
    audit = an_audit_in_fieldwork(http)
    draft = {"sections": {"context": "High caseloads.\n\tTwo managers left."}}
    http.ok(http.client.patch(f"/audits/{audit}/returns/DA-01", json=draft, headers=http.headers("csc_auditor")))


def test_a_nul_in_an_agency_name_on_postgresql_is_refused_and_the_views_carry_on(http_pg: Http) -> None:
    h = http_pg
    before = head(h)
    refused(h.post("admin", "/agencies", {"code": "NUL", "name": "Nul\u0000Agency", "agency_kind": "other"}),
            422, "invalid_payload", "name", "U+0000")  # fmt: skip
    assert head(h) == before
    receipt = h.ok(h.post("admin", "/agencies", {"code": "YOT", "name": "Youth Offending", "agency_kind": "other"}),
                   201)  # fmt: skip
    h.wait("governance", receipt["position"])


def test_control_characters_in_a_query_are_refused_with_400(http_pg: Http) -> None:
    response = http_pg.client.get("/trail", params={"case_ref": "DA\x0001"}, headers=http_pg.headers("governance"))
    refused(response, 400, "invalid_characters", "control character")


def test_as_of_in_the_future_is_422_and_records_no_read_r24(http: Http) -> None:
    audit = plan_audit(http)
    before = head(http)
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    refused(http.get("governance", f"/audits/{audit}", as_of=future), 422, "invalid_value", "in the future")
    assert head(http) == before


def test_a_wait_for_the_views_is_bounded_by_its_setting(tmp_path: Path) -> None:
    settings = settings_for("sqlite", tmp_path, views_wait_max_seconds=0.2)
    app = build_api(settings)  # no projector in this process: the views never move
    with TestClient(app) as client:
        token, _ = app.state.application.bootstrap_admin("Admin", "admin@t.example")
        answer = client.get("/views", params={"wait_for": 10**6}, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["reached"] is False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A live server whose views never move (no projector), and an admin's token."""
    app = build_api(settings_for("sqlite", tmp_path, views_wait_max_seconds=1))
    with served_on_loopback(app) as base:
        token, _ = app.state.application.bootstrap_admin("Admin", "admin@t.example")
        yield base, token


def test_waiting_for_the_views_runs_on_the_event_loop_not_in_a_worker_thread(served: tuple[str, str]) -> None:
    base, token = served
    assert inspect.iscoroutinefunction(governance.views)  # FastAPI would run a plain def in its thread pool

    async def many_waiters() -> set[object]:
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=None)) as client:
            headers = {"Authorization": f"Bearer {token}"}
            answers = await asyncio.gather(
                *(client.get("/views", params={"wait_for": 10**6}, headers=headers) for _ in range(WAITERS)),
                client.get("/healthz"),
            )
        return {(a.status_code, a.json().get("reached", "healthz")) for a in answers}

    assert asyncio.run(many_waiters()) == {(200, False), (200, "healthz")}


def test_a_streamed_body_is_cut_off_at_the_limit_not_read_whole(served: tuple[str, str]) -> None:
    base, token = served
    sent = 0

    def endless() -> Iterator[bytes]:
        nonlocal sent
        yield b'{"code": "BIG", "agency_kind": "other", "name": "'
        for _ in range(100_000):  # 6.4 GB if nobody stopped it
            sent += 65_536
            yield b"x" * 65_536

    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.post("/agencies", content=endless(), headers=headers)
    refused(response, 413, "payload_too_large")
    assert sent < 100 * 1_048_576


def test_every_request_body_in_the_openapi_is_typed_and_every_text_has_a_maximum_length(http: Http) -> None:
    spec = http.client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    bodies = [
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        for path in spec["paths"].values()
        for op in path.values()
        if "requestBody" in op
    ]
    untyped, unbounded = [], []

    def walk(schema: dict[str, Any], where: str) -> None:
        if "$ref" in schema:
            walk(schemas[schema["$ref"].split("/")[-1]], where)
        elif "anyOf" in schema:
            for option in schema["anyOf"]:
                walk(option, where)
        elif "type" not in schema:
            if "enum" not in schema and "const" not in schema:
                untyped.append(where)
        elif schema["type"] == "string" and "format" not in schema and "enum" not in schema:
            if "maxLength" not in schema or "pattern" not in schema:
                unbounded.append(where)
        elif schema["type"] == "array":
            if "maxItems" not in schema:
                unbounded.append(where)
            walk(schema["items"], f"{where}[]")
        elif schema["type"] == "object":
            for name, sub in schema.get("properties", {}).items():
                walk(sub, f"{where}.{name}")
            values = [*schema.get("patternProperties", {}).values(), schema.get("additionalProperties", False)]
            for sub in [v for v in values if v is not False]:
                walk(sub, f"{where}.*")
                if "maxProperties" not in schema:
                    unbounded.append(where)
            keys = schema.get("propertyNames", {"enum": []})
            if "maxLength" not in keys and "enum" not in keys:
                unbounded.append(f"{where}.<key>")

    for name in set(bodies):
        walk(schemas[name], name)
    assert untyped == [] and unbounded == []
    assert "413" in spec["paths"]["/agencies"]["post"]["responses"]


def test_the_body_limit_is_a_setting(tmp_path: Path) -> None:
    app = build_api(settings_for("sqlite", tmp_path, max_body_bytes=2048))
    with TestClient(app) as client:
        token, _ = app.state.application.bootstrap_admin("Admin", "admin@t.example")
        body = {"code": "BIG", "name": "x" * 150, "agency_kind": "other", "padding": "y" * 3000}
        response = client.post("/agencies", json=body, headers={"Authorization": f"Bearer {token}"})
    refused(response, 413, "payload_too_large", "2048 bytes")
