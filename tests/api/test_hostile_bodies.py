"""Hostile bodies (issue 11): Hypothesis sends every command route in the OpenAPI bodies of the right shape whose
values are hostile (deep nesting, huge strings, NUL and other control characters, lone surrogates, wrong types).
Every answer is 2xx or 4xx, never 5xx; after each route's batch the views and the pull feed reach the log's head."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cli.system import build_api
from tests.api.conftest import Http
from tests.api.test_concurrency import an_action
from tests.api.test_journey import TOOL, plan_audit
from tests.conftest import drop_pg_schema, settings_for

EXAMPLES = int(os.environ.get("ASSURE_TEST_HOSTILE_EXAMPLES", "6"))  # per route and store; raise it to dig deeper
COMMANDS = ("post", "put", "patch")
LAST = ("withdraw", "revoke", "close", "pause", "approve")  # routes that end what the others need run last


class Deep:
    """A value nested ``depth`` levels deep, written straight into the JSON text (no encoder would recurse so)."""

    def __init__(self, depth: int, brackets: str) -> None:
        self.depth, self.brackets = depth, brackets


def to_json(value: Any) -> bytes:
    deep: list[Deep] = []

    def mark(obj: object) -> str:
        assert isinstance(obj, Deep)
        deep.append(obj)
        return f"@@DEEP{len(deep) - 1}@@"

    def expand(match: re.Match[str]) -> str:
        d = deep[int(match.group(1))]
        return "[" * d.depth + "]" * d.depth if d.brackets == "[" else '{"a":' * d.depth + "1" + "}" * d.depth

    text = json.dumps(value, ensure_ascii=True, default=mark)  # ASCII: lone surrogates travel as \\ud800
    return re.sub(r'"@@DEEP(\d+)@@"', expand, text).encode()


CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\r\n", "\t", "\n"])
# Fullwidth, Cyrillic and mathematical lookalikes, a zero-width space, a combining accent.
LOOKALIKE = st.sampled_from(
    ["\uff27ood", "G\u043e\u043ed", "pol\u200bice", "A\u0301", "\U0001d406ood", "\uff24\uff21-01"]
)
HOSTILE: st.SearchStrategy[Any] = st.one_of(
    st.builds(Deep, st.sampled_from([9, 50, 600, 3000]), st.sampled_from(["[", "{"])),
    st.sampled_from([501, 5001, 20_001, 200_000, 1_200_000]).map(lambda n: "x" * n),
    st.tuples(st.text(max_size=5), CONTROL, st.text(max_size=5)).map("".join),
    st.sampled_from(["\ud800", "a\udfffb", "\udbff", "ok\ud83d"]),
    LOOKALIKE,
    st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), st.none()),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["\x00", "k" * 600, "Q1", "a"]), st.integers(), max_size=2),
)


class Shapes:
    """Valid shapes from the OpenAPI's schemas, each value hostile or valid."""

    def __init__(self, spec: dict[str, Any], ids: dict[str, str]) -> None:
        self.schemas, self.ids = spec["components"]["schemas"], ids

    def body(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        return st.one_of(self.valid(schema), HOSTILE)

    def valid(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in schema:
            return self.valid(self.schemas[schema["$ref"].split("/")[-1]])
        if "anyOf" in schema:
            return self.valid(next(o for o in schema["anyOf"] if o.get("type") != "null"))
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if kind == "object" and "properties" in schema:
            return self.object(schema)
        if kind == "object":
            key = st.sampled_from(schema.get("propertyNames", {}).get("enum") or ["Q1", "Q2"])
            values = [*schema.get("patternProperties", {}).values(), schema.get("additionalProperties") or {}]
            return st.dictionaries(key, self.body(values[0]), max_size=2)
        if kind == "array":
            return st.lists(self.body(schema["items"]), min_size=schema.get("minItems", 0), max_size=3)
        if kind == "integer":
            return st.integers(schema.get("minimum", 0), schema.get("maximum", 1000))
        if kind == "boolean":
            return st.booleans()
        if schema.get("format") == "date":
            return st.sampled_from(["2030-06-30", "2024-01-20"])
        if schema.get("format") == "uuid":
            return st.sampled_from([self.ids["pol_auditor"], self.ids["pol_lead"], self.ids["csc_lead"]])
        examples = schema.get("examples") or ["Plain words.", "Several\nlines\tof text."]
        return st.sampled_from([e for e in examples if isinstance(e, str)] or ["Plain words."])

    def object(self, schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        required = set(schema.get("required", []))
        fields = {name: self.body(sub) for name, sub in schema["properties"].items()}
        return st.fixed_dictionaries(
            {k: v for k, v in fields.items() if k in required},
            optional={k: v for k, v in fields.items() if k not in required},
        )


def who_sends(method: str, path: str) -> str:
    """A principal whose role lets the route through, so hostile values reach the domain, not just the role check."""
    for prefix, who in [("/agencies", "admin"), ("/people", "admin"), ("/subscriptions", "admin"),
                        ("/tool-templates", "chair"), ("/actions", "csc_lead"), ("/concerns", "pol_lead")]:  # fmt: skip
        if path.startswith(prefix):
            return who
    if path.startswith("/risk-reports"):
        return "business_manager" if path.endswith("/schedule") else "pol_lead"
    if path.startswith("/schedules"):
        return "executive" if path.endswith("/approve") else "arg"
    if path == "/audits":
        return "arg"
    if "/returns/{case_ref}" in path and not path.endswith(("/reopen", "/revise")):
        return "csc_auditor"
    if path.endswith(("/briefing", "/concerns", "/case-links")):
        return "pol_auditor"
    return "chair"


def partnership_in_the_middle_of_things(h: Http) -> dict[str, str]:
    """Records for every path parameter: an audit in fieldwork, an action, a concern, a schedule, a template..."""
    action = an_action(h)
    audit = plan_audit(h)
    h.ok(h.post("chair", f"/audits/{audit}/fieldwork/open"))
    raised = {"case_ref": "DA-02", "manager_id": h.ids["pol_lead"], "summary": "No plan."}
    concern = h.ok(h.post("pol_auditor", f"/audits/{audit}/concerns", raised), 201)["id"]
    h.ok(h.post("arg", "/schedules", {"year": "2024/25"}), 201)
    item = {"month": "2024-07", "kind": "dip_sample", "theme": "Neglect"}
    h.ok(h.post("arg", "/schedules/2024-25/items", item), 201)
    h.ok(h.post("chair", "/tool-templates", {"name": "Hostile template", "questions": TOOL}), 201)
    risk = h.ok(h.post("pol_lead", "/risk-reports", {"audit_title": "Custody", "finding": "Gaps."}), 201)["id"]
    subscription = h.ok(h.post("admin", "/subscriptions", {"url": "http://127.0.0.1:9/hook"}), 201)["id"]
    target = h.ok(h.post("admin", "/people", {"name": "Tara Target", "email": "tara@t.example", "agency_code": "POL",
                                              "roles": ["auditor"]}), 201)["id"]  # fmt: skip
    credential = h.ok(h.post("admin", f"/people/{target}/credentials", {"label": "spare"}), 201)["credential_id"]
    return {"audit_id": audit, "action_id": action, "concern_id": concern, "year": "2024-25", "item_id": "S01",
            "name": "Hostile template", "report_id": risk, "subscription_id": subscription, "person_id": target,
            "credential_id": credential, "case_ref": "DA-01", "agency_code": "POL", "question_id": "Q1",
            "recommendation_id": "R1", "role": "auditor", "position": "1", "course_id": "DA-L2"}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Http, dict[str, str]]]:
    """The API with its projector (no worker side: no delivery leaves the machine) and records to aim at."""
    settings_ = settings_for(request.param, tmp_path)
    app = build_api(settings_, embedded=True, workers=False)
    try:
        with TestClient(app) as client:
            token, receipt = app.state.application.bootstrap_admin("Admin", "admin@t.example")
            h = Http(client, {"admin": token}, {"admin": str(receipt.id)}).register()
            yield h, partnership_in_the_middle_of_things(h)
    finally:
        if settings_.store == "postgres":
            drop_pg_schema(settings_.postgres_schema)


def command_routes(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    routes = [(method, path, op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema"))
              for path, ops in spec["paths"].items() for method, op in ops.items() if method in COMMANDS]  # fmt: skip
    return sorted(routes, key=lambda r: any(word in r[1] for word in LAST))


def send_examples(h: Http, method: str, path: str, url: str, bodies: st.SearchStrategy[Any]) -> list[str]:
    """Send one route its generated bodies; the answers that were not 2xx or 4xx ``{error, detail}``."""
    headers = h.headers(who_sends(method, path), **{"content-type": "application/json"})
    wrong: list[str] = []

    @given(body=bodies)
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              phases=[Phase.generate], derandomize=True)  # fmt: skip
    def send(body: Any) -> None:
        answer = h.client.request(method, url, content=to_json(body), headers=headers)
        if not 200 <= answer.status_code < 500:
            wrong.append(f"{method.upper()} {path} -> {answer.status_code}: {to_json(body)[:200]!r}")
        elif answer.status_code >= 400 and set(answer.json()) != {"error", "detail"}:
            wrong.append(f"{method.upper()} {path} -> {answer.status_code} without {{error, detail}}: {answer.text}")

    send()
    return wrong


def test_hostile_bodies_never_get_a_5xx_and_the_views_and_the_feed_keep_up(
    hostile: tuple[Http, dict[str, str]],
) -> None:
    h, values = hostile
    spec = h.client.get("/openapi.json").json()
    shapes, routes = Shapes(spec, h.ids), command_routes(spec)
    assert len(routes) > 50
    wrong: list[str] = []
    feed_after = 0
    for method, path, schema in routes:
        url = re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)
        wrong += send_examples(h, method, path, url, shapes.valid(schema or {"type": "object", "properties": {}}))
        head = h.client.app.state.application.max_position()  # type: ignore[attr-defined]
        assert h.get("governance", "/views", wait_for=head).json()["reached"] is True, f"views stuck after {path}"
        while feed_after < head:
            page = h.get("governance", "/events", after=feed_after, limit=500)
            assert page.status_code == 200, f"feed fails after {path}: {page.text[:300]}"
            assert page.json()["next_after"] > feed_after
            feed_after = page.json()["next_after"]
    assert wrong == []
