"""Webhook deliveries and redeliveries carry only what the subscription is entitled to (R-31)."""

from __future__ import annotations

from pathlib import Path

from tests import canaries
from tests.conftest import settings_for
from tests.workers.conftest import Inbox, free_port, worker_settings
from tests.workers.test_delivery import Receiver, partnership, receiver  # noqa: F401 - the loopback subscriber
from workers import webhooks

EVERY = {"commentary", "summary", "name", "email"}


def test_a_default_subscription_receives_no_personal_data_or_case_content_even_on_redelivery_r31(
    tmp_path: Path,
    inbox: tuple[Inbox, int],
    receiver: str,  # noqa: F811
) -> None:
    rt, lscp, _ = partnership(worker_settings(settings_for("sqlite", tmp_path), inbox[1]))
    canaries.plant(rt.app, lscp)
    receipt, secret = rt.app.create_subscription(lscp.admin, receiver, [])
    Receiver.secret, Receiver.fail_first, Receiver.always_fail = secret, 0, {"ConcernRaised"}
    webhooks.pump(rt, str(receipt.id))
    assert {"ReturnDraftSaved", "PersonRegistered", "CredentialIssued"} & {i["type"] for i in Receiver.accepted}
    assert canaries.found_in(Receiver.accepted) == set()
    assert all("secret_hash" not in i["data"] and "url" not in i["data"] for i in Receiver.accepted)
    failed = webhooks.failures(rt, str(receipt.id))
    assert [f["last_error"] for f in failed] == ["HTTP 500"]
    Receiver.always_fail = set()
    assert webhooks.redeliver(rt, str(receipt.id), failed[0]["position"]) is True
    redelivered = [i for i in Receiver.accepted if i["type"] == "ConcernRaised"]
    assert len(redelivered) == 1 and canaries.found_in(redelivered) == set()
    Receiver.fail_first = 2


def test_a_subscription_granted_case_content_receives_it_r31(
    tmp_path: Path,
    inbox: tuple[Inbox, int],
    receiver: str,  # noqa: F811
) -> None:
    rt, lscp, _ = partnership(worker_settings(settings_for("sqlite", tmp_path), inbox[1]))
    canaries.plant(rt.app, lscp)
    receipt, secret = rt.app.create_subscription(lscp.admin, receiver, [], "case_content", "the hub triages concerns")
    Receiver.secret, Receiver.fail_first = secret, 0
    webhooks.pump(rt, str(receipt.id))
    assert canaries.found_in(Receiver.accepted) == EVERY
    assert all("secret_hash" not in i["data"] for i in Receiver.accepted)
    Receiver.fail_first = 2


def test_a_failed_delivery_records_no_more_than_that_the_connection_failed_r31(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    rt, lscp, _ = partnership(worker_settings(settings_for("sqlite", tmp_path), inbox[1], webhook_attempts=1))
    closed = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens there
    receipt, _ = rt.app.create_subscription(lscp.admin, closed, ["SubscriptionCreated"])
    webhooks.pump(rt, str(receipt.id))
    assert [f["last_error"] for f in webhooks.failures(rt, str(receipt.id))] == ["connection failed"]
