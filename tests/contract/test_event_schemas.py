"""The event contract (R-25): every public event type's ``data`` has a JSON Schema with its schema_version, every
event the demo produces validates against it (jsonschema), a field changed without a new schema_version fails,
and the AsyncAPI 3 document validates against the AsyncAPI 3.0.0 JSON Schema."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker

from application.app import AssureApplication
from application.event_schemas import asyncapi_document, event_schemas, snapshot_drift
from application.events import PUBLIC_TYPES, unreadable_item
from demo.story import DemoClock, load_demo

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "events"
ASYNCAPI_SCHEMA = Path(__file__).with_name("asyncapi-3.0.0.schema.json")  # @asyncapi/specs 6.11.1 (Apache-2.0)


def committed() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text()) for p in DOCS.glob("*.schema.json")}


def test_every_public_event_type_has_a_valid_json_schema_with_its_version_r25() -> None:
    schemas = event_schemas()
    assert set(schemas) == PUBLIC_TYPES | {"Unreadable"}  # the quarantine placeholder has a schema too
    unreadable = unreadable_item(7, "broken")
    assert list(Draft202012Validator(schemas["Unreadable"]).iter_errors(unreadable["data"])) == []
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert isinstance(schema["schema_version"], int) and "required" not in schema, name


def test_every_event_the_demo_produces_validates_against_its_schema_r25(app: AssureApplication) -> None:
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
    app.clock = clock
    load_demo(app, clock)
    validators = {name: Draft202012Validator(s, format_checker=FormatChecker()) for name, s in event_schemas().items()}
    seen, problems = set(), []
    for entry in app.log_reader().entries(0):
        item = entry.event.item()
        seen.add(item["type"])
        assert item["schema_version"] == validators[item["type"]].schema["schema_version"]
        problems += [f"{item['type']}: {e.message}" for e in validators[item["type"]].iter_errors(item["data"])]
    assert problems == []
    assert len(seen) >= 40  # the demo exercises most of the contract, not a token few


def test_the_committed_schemas_are_the_code_s_and_a_changed_field_needs_a_new_version_r25() -> None:
    schemas = event_schemas()
    assert snapshot_drift(schemas, committed()) == []
    changed = copy.deepcopy(schemas)
    changed["ActionBlocked"]["properties"]["blocker"] = {"type": "integer"}
    assert snapshot_drift(changed, committed()) == [
        "ActionBlocked changed without a new schema_version: raise its class_version, add an upcaster, and write the"
        " new schema"
    ]
    changed["ActionBlocked"]["schema_version"] = 2
    assert snapshot_drift(changed, committed()) == [
        "ActionBlocked.v2.schema.json is not committed: run `assure events schemas --write docs/events`"
    ]


def test_the_asyncapi_document_is_valid_asyncapi_3_and_committed_r25() -> None:
    document = asyncapi_document()
    errors = sorted(Draft7Validator(json.loads(ASYNCAPI_SCHEMA.read_text())).iter_errors(document), key=str)
    assert [e.message for e in errors] == []
    assert document["asyncapi"] == "3.0.0" and set(document["channels"]) == {"feed", "webhook"}
    assert set(document["channels"]["feed"]["messages"]) == PUBLIC_TYPES | {"Unreadable"}
    assert set(document["channels"]["webhook"]["messages"]) == PUBLIC_TYPES
    assert json.loads((DOCS / "asyncapi.json").read_text()) == document


def test_a_feed_item_validates_against_the_asyncapi_message_of_its_type_r25(app: AssureApplication) -> None:
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
    app.clock = clock
    load_demo(app, clock)
    document = asyncapi_document()
    item = app.log_reader().read(0, 1)[0].event.item()
    message = document["components"]["messages"][item["type"]]
    resolver_root = {"components": document["components"], **message["payload"]}
    assert list(Draft202012Validator(resolver_root, format_checker=FormatChecker()).iter_errors(item)) == []
    wrong = dict(item, type="SomethingElse")
    assert list(Draft202012Validator(resolver_root).iter_errors(wrong))
