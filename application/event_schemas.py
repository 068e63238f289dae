"""The public contract of the event feed and webhooks, machine-readable: a JSON Schema for every public event
type's ``data`` (versioned by the event class's ``class_version``, published as ``schema_version``), and an
AsyncAPI 3 document for the pull feed and the webhook channel.

No field is ``required``: what a reader sees depends on their entitlement (R-31), and fields above it are left out,
never masked. ``additionalProperties`` is false: a field the schema does not name is a contract change.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from application.events import AGGREGATE_OF, ENVELOPE

DIALECT = "https://json-schema.org/draft/2020-12/schema"
UNREADABLE = "Unreadable"  # application.events.unreadable_item
SCALARS: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    "float": {"type": "number"},
    "UUID": {"type": "string", "format": "uuid"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "Any": {},
    "None": {"type": "null"},
}
WEBHOOK_HEADERS = {
    "type": "object",
    "properties": {
        "webhook-id": {"type": "string", "description": "the item's id: dedupe on it"},
        "webhook-timestamp": {"type": "string", "description": "seconds since the epoch, as text"},
        "webhook-signature": {
            "type": "string",
            "description": "space-separated `v1,<base64 HMAC-SHA256>` of `id.timestamp.body`, keyed with the "
            "base64-decoded part of the `whsec_` secret; two during a secret rotation's overlap",
        },
    },
    "required": ["webhook-id", "webhook-timestamp", "webhook-signature"],
}


def type_schema(annotation: str) -> dict[str, Any]:
    """The JSON Schema of a field's annotation as the feed writes it (ids, dates and times as strings)."""
    text = annotation.strip()
    parts = _split(text, "|")
    if len(parts) > 1:
        return {"anyOf": [type_schema(part) for part in parts]}
    generic = re.fullmatch(r"(list|tuple|set|frozenset|dict)\[(.*)\]", text)
    if generic:
        kind, inner = generic.groups()
        if kind == "dict":
            _, value = _split(inner, ",")
            return {"type": "object", "additionalProperties": type_schema(value)}
        return {"type": "array", "items": type_schema(_split(inner, ",")[0])}
    if text not in SCALARS:
        raise TypeError(f"no JSON Schema for the event field type {annotation!r}: add it to SCALARS")
    return dict(SCALARS[text])


def _split(text: str, separator: str) -> list[str]:
    """Split at top-level separators (not inside brackets)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    return [*parts, text[start:].strip()]


def _fields(event_class: type[Any]) -> dict[str, str]:
    def text(kind: Any) -> str:
        return kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))

    return {f.name: text(f.type) for f in dataclasses.fields(event_class) if f.name not in ENVELOPE}


def event_schemas() -> dict[str, dict[str, Any]]:
    """Every public event type's ``data`` schema, by type name."""
    schemas: dict[str, dict[str, Any]] = {}
    for event_class, aggregate in sorted(AGGREGATE_OF.items(), key=lambda kv: kv[0].__name__):
        name, version = event_class.__name__, getattr(event_class, "class_version", 1)
        schema = {
            "$schema": DIALECT,
            "$id": f"urn:assure:event:{name}:v{version}",
            "title": f"{name} data",
            "description": f"The `data` of a {name} feed item (aggregate {aggregate}). No field is required: "
            "fields above the reader's entitlement are left out (R-31).",
            "schema_version": version,
            "type": "object",
            "properties": {field: type_schema(kind) for field, kind in _fields(event_class).items()},
            "additionalProperties": False,
        }
        if schemas.setdefault(name, schema) != schema:
            raise TypeError(f"two event classes are published as {name} with different fields")
    return schemas | {UNREADABLE: _unreadable_schema()}


def _unreadable_schema() -> dict[str, Any]:
    """The placeholder the feed shows for a quarantined event (its id, aggregate, time and actor are null)."""
    return {
        "$schema": DIALECT,
        "$id": f"urn:assure:event:{UNREADABLE}:v1",
        "title": f"{UNREADABLE} data",
        "description": "An event that could not be read: it is quarantined and operators are told; the feed item "
        "keeps its position so a consumer's cursor moves on. Never sent to webhooks.",
        "schema_version": 1,
        "type": "object",
        "properties": {"quarantined": {"const": True}, "detail": {"type": "string"}},
        "additionalProperties": False,
    }


def feed_item_schema() -> dict[str, Any]:
    """The envelope every feed item and webhook body shares (DESIGN.md, "Public contracts")."""
    return {
        "type": "object",
        "required": ["position", "id", "type", "schema_version", "aggregate", "audit_id", "occurred_at", "actor",
                     "data"],
        "properties": {
            "position": {"type": "integer", "description": "log position; gaps are normal"},
            "id": {"type": ["string", "null"], "format": "uuid", "description": "stable: the same event always has it"},
            "type": {"type": "string", "description": "the public event name"},
            "schema_version": {"type": "integer", "description": "the version of the data's schema"},
            "aggregate": {"type": ["object", "null"], "required": ["type", "id", "version"], "properties": {
                "type": {"type": "string"}, "id": {"type": "string"}, "version": {"type": "integer"}}},
            "audit_id": {"type": ["string", "null"]},
            "occurred_at": {"type": ["string", "null"], "format": "date-time"},
            "actor": {"type": ["string", "null"], "description": "a person id, or system:<worker>"},
            "data": {"type": "object"},
        },
    }  # fmt: skip


def asyncapi_document() -> dict[str, Any]:
    """AsyncAPI 3.0: the pull feed (GET /events) and the webhook deliveries carry the same messages."""
    schemas = event_schemas()
    messages, components_schemas = {}, {"FeedItem": feed_item_schema()}
    for name, schema in schemas.items():
        data = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "schema_version")}
        components_schemas[f"{name}Data"] = data
        messages[name] = {
            "name": name,
            "title": name,
            "summary": f"{name}, schema_version {schema['schema_version']}",
            "contentType": "application/json",
            "payload": {"allOf": [
                {"$ref": "#/components/schemas/FeedItem"},
                {"properties": {"type": {"const": name}, "schema_version": {"const": schema["schema_version"]},
                                "data": {"$ref": f"#/components/schemas/{name}Data"}}},
            ]},
        }  # fmt: skip
    refs = {name: {"$ref": f"#/components/messages/{name}"} for name in messages}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "assure events",
            "version": "1.0.0",
            "description": "Every event in log order, pulled from GET /events?after=&limit= or pushed to a "
            "subscription's URL, signed as the Standard Webhooks spec says. Each type's `data` schema is also "
            "served at GET /events/schemas.",
        },
        "channels": {
            "feed": {
                "address": "/events",
                "title": "The pull feed",
                "description": "GET /events?after=<last position handled>&limit=<n>: items in log order.",
                "messages": refs,
            },
            "webhook": {
                "address": "{subscriptionUrl}",
                "title": "Webhook deliveries",
                "description": "POSTed to the subscription's URL, in log order per subscription, retried with "
                "backoff; dedupe on webhook-id.",
                "parameters": {"subscriptionUrl": {"description": "the URL given to POST /subscriptions"}},
                "messages": {
                    name: {"$ref": f"#/components/messages/{name}Delivery"} for name in messages if name != UNREADABLE
                },
            },
        },
        "operations": {
            "readFeed": {
                "action": "receive",
                "channel": {"$ref": "#/channels/feed"},
                "summary": "A consumer reads the feed from its last position.",
            },
            "deliverWebhook": {
                "action": "send",
                "channel": {"$ref": "#/channels/webhook"},
                "summary": "assure sends each subscribed event to the subscriber's URL.",
            },
        },
        "components": {
            "schemas": components_schemas,
            "messages": messages
            | {f"{name}Delivery": dict(m, headers=WEBHOOK_HEADERS) for name, m in messages.items()},
        },
    }


def snapshot_drift(schemas: dict[str, dict[str, Any]], committed: dict[str, dict[str, Any]]) -> list[str]:
    """What differs from the committed schemas (file name -> schema) without a new schema_version: each is a
    contract change that needs a ``class_version`` bump (and an upcaster) before the new schema is written."""
    problems = []
    for name, schema in schemas.items():
        file_name = schema_file_name(name, schema["schema_version"])
        if file_name not in committed:
            problems.append(f"{file_name} is not committed: run `assure events schemas --write docs/events`")
        elif committed[file_name] != schema:
            problems.append(f"{name} changed without a new schema_version: raise its class_version, add an upcaster,"
                            " and write the new schema")  # fmt: skip
    return problems


def schema_file_name(event_type: str, version: int) -> str:
    """Where a type's schema of one version is kept under docs/events/."""
    return f"{event_type}.v{version}.schema.json"
