"""Subscriptions' signing secrets: Standard Webhooks secrets, rotated with an overlap (R-25)."""

from __future__ import annotations

import base64
from datetime import timedelta

from application.app import AssureApplication
from application.errors import NotPermitted
from application.read_models import TrailFilter
from domain.errors import InvalidValue
from projections.runner import ProjectionRunner
from tests.builders import Partnership, refused
from tests.conftest import TestClock

URL = "https://downstream.example/assure"


def test_a_secret_is_whsec_and_the_base64_of_32_bytes_shown_once_r25(app: AssureApplication, lscp: Partnership) -> None:
    receipt, secret = app.create_subscription(lscp.admin, URL, [])
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
    assert secret not in str([e.__dict__ for e in app.events.get(receipt.id)])  # never stored in an event
    assert app.signing_secrets(receipt.id) == [secret]


def test_during_the_overlap_both_secrets_sign_and_after_it_only_the_new_one_r25(
    app: AssureApplication, lscp: Partnership, clock: TestClock
) -> None:
    receipt, old = app.create_subscription(lscp.admin, URL, [])
    _, new, _ = app.rotate_subscription_secret(lscp.admin, receipt.id, timedelta(hours=12))
    assert new != old and app.signing_secrets(receipt.id) == [new, old]
    clock.advance(hours=13)
    assert app.signing_secrets(receipt.id) == [new]
    _, newest, _ = app.rotate_subscription_secret(lscp.admin, receipt.id, timedelta(0))
    assert app.signing_secrets(receipt.id) == [newest] and newest not in (old, new)


def test_only_an_admin_rotates_a_secret_and_an_overlap_beyond_a_week_is_refused_r25(
    app: AssureApplication, lscp: Partnership
) -> None:
    receipt, _ = app.create_subscription(lscp.admin, URL, [])
    refused(app, NotPermitted, app.rotate_subscription_secret, lscp.chair, receipt.id, timedelta(hours=1))
    refused(app, InvalidValue, app.rotate_subscription_secret, lscp.admin, receipt.id, timedelta(days=8))
    refused(app, InvalidValue, app.rotate_subscription_secret, lscp.admin, receipt.id, timedelta(hours=-1))


def test_a_rotation_is_on_the_trail_without_any_secret_r24_r25(
    app: AssureApplication, lscp: Partnership, runner: ProjectionRunner
) -> None:
    receipt, old = app.create_subscription(lscp.admin, URL, [])
    _, new, until = app.rotate_subscription_secret(lscp.admin, receipt.id, timedelta(hours=2))
    runner.catch_up()
    [row] = app.trail(lscp.governance, TrailFilter(event_types=("SubscriptionSecretRotated",))).rows
    assert (
        row["summary"]
        == f"Subscription signing secret rotated (generation 1); the previous one also signs until {until}"
    )
    item = app.trail_event(lscp.governance, row["position"])
    assert item["data"] == {"generation": 1, "previous_valid_until": until}
    assert old not in str(item) and new not in str(item)
