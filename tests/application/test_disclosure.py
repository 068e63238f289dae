"""Every field classified, and each reader of the public log gets only what it is entitled to (R-31)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from application.app import AssureApplication
from application.disclosure import FIELD_CLASSES
from application.errors import NotPermitted
from application.events import AGGREGATE_OF, ENVELOPE
from cli.system import build_application
from demo.partnership import Partnership
from domain.errors import InvalidValue, ReasonRequired
from domain.values import DataClass
from tests import canaries
from tests.builders import refused
from tests.conftest import settings_for


def feed(app: AssureApplication, by: Any) -> list[dict[str, Any]]:
    return list(app.event_feed(by, 0, 500)["items"])


def test_every_field_of_every_public_event_has_a_data_class_r31() -> None:
    assert AGGREGATE_OF, "the event classes are enumerated"
    for event_class in AGGREGATE_OF:
        fields = {f.name for f in dataclasses.fields(event_class)} - ENVELOPE
        declared = FIELD_CLASSES.get(event_class.__name__)
        assert declared is not None, f"{event_class.__name__} declares no data classes"
        assert set(declared) == fields, f"{event_class.__name__}: declared {sorted(declared)}, has {sorted(fields)}"
        assert set(declared.values()) <= {c.value for c in DataClass}, event_class.__name__
    assert set(FIELD_CLASSES) == {c.__name__ for c in AGGREGATE_OF}, "no declaration for an event that is not there"


def test_the_admin_and_a_default_subscriber_read_the_feed_without_personal_data_or_case_content_r31(
    app: AssureApplication, lscp: Partnership
) -> None:
    canaries.plant(app, lscp)
    reader, _ = canaries.subscriber(app, lscp)
    for by in (lscp.admin, reader):
        items = feed(app, by)
        assert {"ConcernRaised", "ReturnDraftSaved", "PersonRegistered"} <= {i["type"] for i in items}
        assert canaries.found_in(items) == set()
        concern = next(i for i in items if i["type"] == "ConcernRaised")
        assert set(concern["data"]) == {"audit_id", "unit_ref", "agency_id", "manager_id"}  # left out, not masked
        assert all("secret_hash" not in i["data"] for i in items)


def test_a_subscriber_granted_case_content_reads_it_and_the_grant_is_on_the_trail_r31(
    app: AssureApplication, lscp: Partnership
) -> None:
    canaries.plant(app, lscp)
    reader, credential = canaries.subscriber(app, lscp)
    refused(app, ReasonRequired, app.grant_feed_disclosure, lscp.admin, reader.person_id, credential,
            "case_content", [], "  ")  # fmt: skip
    refused(app, NotPermitted, app.grant_feed_disclosure, lscp.governance, reader.person_id, credential,
            "case_content", [], "because")  # fmt: skip
    refused(app, InvalidValue, app.grant_feed_disclosure, lscp.admin, reader.person_id, credential,
            "secret", [], "because")  # fmt: skip
    app.grant_feed_disclosure(lscp.admin, reader.person_id, credential, "case_content", [], "the hub triages concerns")
    assert canaries.found_in(feed(app, reader)) == {"commentary", "summary", "name", "email"}
    assert all("secret_hash" not in i["data"] for i in feed(app, reader))
    grant = next(i for i in feed(app, lscp.governance) if i["type"] == "FeedDisclosureGranted")
    assert grant["data"]["reason"] == "the hub triages concerns" and grant["data"]["data_class"] == "case_content"


def test_a_subscriber_reads_only_its_event_types_and_classes_up_to_its_grant_r31(
    app: AssureApplication, lscp: Partnership
) -> None:
    canaries.plant(app, lscp)
    reader, credential = canaries.subscriber(app, lscp)
    app.grant_feed_disclosure(lscp.admin, reader.person_id, credential, "personal", ["PersonRegistered"], "directory")
    items = feed(app, reader)
    assert {i["type"] for i in items} == {"PersonRegistered"}
    assert canaries.found_in(items) == {"name", "email"}
    assert app.event_feed(reader, 0, 500)["next_after"] == app.max_position()  # the reader still moves on


def test_governance_reads_the_whole_feed_but_never_a_secret_r31(app: AssureApplication, lscp: Partnership) -> None:
    canaries.plant(app, lscp)
    canaries.subscriber(app, lscp)  # a credential, whose hash must stay in
    items = feed(app, lscp.governance)
    assert canaries.found_in(items) == {"commentary", "summary", "name", "email"}
    issued = [i for i in items if i["type"] == "CredentialIssued"]
    assert issued and all(set(i["data"]) == {"credential_id", "expires_at", "label"} for i in issued)
    position = issued[0]["position"]
    assert "secret_hash" not in app.trail_event(lscp.governance, position)["data"]


def test_a_subscription_url_leaves_only_as_its_host_r31(app: AssureApplication, lscp: Partnership) -> None:
    url = "https://hooks.example.org/in?token=tok-Q7Zx-secret"
    app.create_subscription(lscp.admin, url, [])
    for by in (lscp.admin, lscp.governance):
        created = next(i for i in feed(app, by) if i["type"] == "SubscriptionCreated")
        assert created["data"] == {"url_host": "hooks.example.org", "event_types": []}
        assert "tok-Q7Zx" not in str(app.trail_event(by if by is lscp.governance else lscp.governance,
                                                     created["position"]))  # fmt: skip


@pytest.mark.parametrize(
    "url",
    ["http://hooks.example.org/in", "ftp://hooks.example.org/", "https:///no-host", "https://a b.example/",
     "https://hooks.example.org/\x00", "javascript:alert(1)", "https://" + "a" * 2001 + ".example/"],
)  # fmt: skip
def test_a_subscription_url_must_be_https_r31(app: AssureApplication, lscp: Partnership, url: str) -> None:
    app.destinations = dataclasses.replace(app.destinations, allow_http_loopback=True)
    refused(app, InvalidValue, app.create_subscription, lscp.admin, url, [])


def test_plain_http_goes_only_to_loopback_and_only_when_development_allows_it_r31(
    app: AssureApplication, lscp: Partnership
) -> None:
    app.destinations = dataclasses.replace(app.destinations, allow_http_loopback=False)
    refused(app, InvalidValue, app.create_subscription, lscp.admin, "http://127.0.0.1:9/hook", [])
    app.destinations = dataclasses.replace(app.destinations, allow_http_loopback=True)
    refused(app, InvalidValue, app.create_subscription, lscp.admin, "http://10.0.0.8/hook", [])
    assert app.create_subscription(lscp.admin, "http://127.0.0.1:9/hook", [])[0].version == 1


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.1.1", "169.254.169.254", "::1", "fe80::1",
                                     "::ffff:10.0.0.1", "100.64.0.1"])  # fmt: skip
def test_in_production_a_url_resolving_to_a_private_address_is_refused_r31(
    app: AssureApplication, lscp: Partnership, address: str
) -> None:
    app.destinations = dataclasses.replace(app.destinations, refuse_private=True, resolver=lambda host: [address])
    refused(app, InvalidValue, app.create_subscription, lscp.admin, "https://hooks.example.org/in", [],
            match="private, loopback or link-local")  # fmt: skip
    app.destinations = dataclasses.replace(app.destinations, resolver=lambda host: ["93.184.216.34"])
    assert app.create_subscription(lscp.admin, "https://hooks.example.org/in", [])[0].version == 1


def test_a_subscription_above_reference_needs_a_reason_and_the_grant_is_recorded_r31(
    app: AssureApplication, lscp: Partnership
) -> None:
    url = "https://hooks.example.org/in"
    refused(app, ReasonRequired, app.create_subscription, lscp.admin, url, [], "assessment", None)
    receipt, _ = app.create_subscription(lscp.admin, url, [], "assessment", "ratings for the dashboard")
    assert app.subscription(receipt.id).data_class == "assessment"
    refused(app, NotPermitted, app.grant_subscription_disclosure, lscp.chair, receipt.id, "case_content", "more")
    app.grant_subscription_disclosure(lscp.admin, receipt.id, "case_content", "the hub triages concerns")
    grants = [i["data"] for i in feed(app, lscp.governance) if i["type"] == "DisclosureGranted"]
    assert grants == [{"data_class": "assessment", "reason": "ratings for the dashboard"},
                      {"data_class": "case_content", "reason": "the hub triages concerns"}]  # fmt: skip


def test_a_subscription_stored_before_hosts_were_named_reads_with_its_host(tmp_path: Any, clock: Any) -> None:
    app = build_application(settings_for("memory", tmp_path), clock=clock)
    lscp = Partnership.register(app, clock)
    receipt, _ = app.create_subscription(lscp.admin, "https://hooks.example.org/in?token=t", [])
    stored = app.mapper.to_stored_event(app.subscription(receipt.id).SubscriptionCreated(
        originator_id=receipt.id, originator_version=1, timestamp=clock(), actor="x",
        originator_topic="domain.subscription:Subscription", url="https://old.example.net/hook?k=1",
        url_host="ignored", event_types=[]))  # fmt: skip
    state = json.loads(stored.state)
    del state["url_host"], state["class_version"]  # as version 1 was stored
    old = dataclasses.replace(stored, state=json.dumps(state).encode())
    assert app.mapper.to_domain_event(old).url_host == "old.example.net"
