"""The feed over HTTP keeps its typed contract when an event is quarantined (R-25, R-32)."""

from __future__ import annotations

from pathlib import Path

from jsonschema import Draft202012Validator

from application.event_schemas import event_schemas
from tests.api.conftest import Http
from tests.conftest import settings_for
from tests.projections.test_quarantine import write_undecodable_event


def test_an_unreadable_event_is_a_typed_placeholder_in_the_feed_over_http_r25_r32(http: Http, tmp_path: Path) -> None:
    write_undecodable_event(settings_for("sqlite", tmp_path))
    page = http.ok(http.get("governance", "/events", after=0, limit=500))
    [placeholder] = [item for item in page["items"] if item["type"] == "Unreadable"]
    assert placeholder["id"] is None and placeholder["aggregate"] is None
    assert list(Draft202012Validator(event_schemas()["Unreadable"]).iter_errors(placeholder["data"])) == []
    assert http.ok(http.get("governance", f"/trail/{placeholder['position']}"))["type"] == "Unreadable"
